package metadata

// Import: reading a service's metadata back from where WCF serves or
// svcutil saves it. A source is a WSDL URL (?wsdl, ?singleWsdl), whose
// wsdl:import and xsd:import/include locations (?wsdl=wsdl0, ?xsd=xsd0)
// are followed; a local .wsdl file; or a directory of saved .wsdl and .xsd
// files (svcutil's "Service References/X/"), whose imports are matched by
// target namespace because their locations name servers that may be gone.
// Documents are bounded in depth, count and size; DTDs are refused, so no
// entity is ever expanded or fetched; and locations are followed only on
// the source's origin unless the options allow others. Specs: WSDL 1.1 §2.1
// (import); XML Schema 1.0 Part 1 §4.2 (include, import).

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/wwsgo/wws/servicemodel"
)

// Defaults of ImportOptions.
const (
	DefaultMaxImportDepth     = 8
	DefaultMaxDocuments       = 64
	DefaultMaxMetadataBytes   = 16 << 20
	DefaultMetadataGetTimeout = 30 * time.Second
)

// ErrMetadataLimit reports metadata over an ImportOptions bound.
var ErrMetadataLimit = errors.New("metadata: limit exceeded")

// ErrMetadataOrigin reports an import on another origin than the source's.
var ErrMetadataOrigin = errors.New("metadata: import outside the source's origin")

// ImportOptions bound and direct Import. A zero field takes its default.
type ImportOptions struct {
	// MaxDepth bounds the chain of imports from the source. Default 8.
	MaxDepth int
	// MaxDocuments bounds the documents read. Default 64.
	MaxDocuments int
	// MaxBytes bounds the documents' total size. Default 16 MiB.
	MaxBytes int64
	// AllowOtherOrigins lets imports name other hosts (URL sources) or
	// URLs at all (file and directory sources).
	AllowOtherOrigins bool
	// HTTPClient fetches URLs; nil means a client with Timeout.
	HTTPClient *http.Client
	// Timeout bounds each HTTP GET when HTTPClient is nil. Default 30 s.
	Timeout time.Duration
}

func (o *ImportOptions) withDefaults() ImportOptions {
	var r ImportOptions
	if o != nil {
		r = *o
	}
	if r.MaxDepth <= 0 {
		r.MaxDepth = DefaultMaxImportDepth
	}
	if r.MaxDocuments <= 0 {
		r.MaxDocuments = DefaultMaxDocuments
	}
	if r.MaxBytes <= 0 {
		r.MaxBytes = DefaultMaxMetadataBytes
	}
	if r.Timeout <= 0 {
		r.Timeout = DefaultMetadataGetTimeout
	}
	if r.HTTPClient == nil {
		r.HTTPClient = &http.Client{Timeout: r.Timeout, Transport: &http.Transport{}}
	}
	return r
}

// Import reads the metadata at source:
//   - a WS-MetadataExchange address: net.tcp://… (Service.svc/mex; a
//     net.tcp service address gets MEX there, then at its /mex), or an
//     http(s) URL whose last path segment is "mex" (import_mex.go);
//   - an http(s) URL with a query (?wsdl, ?singleWsdl, ?xsd=…) or naming a
//     .wsdl/.xsd/.xml file: that document, with its imports;
//   - any other http(s) URL, a service address: MEX there, then ?wsdl, as
//     svcutil tries them;
//   - a .wsdl file or a directory of .wsdl/.xsd files.
func Import(ctx context.Context, source string, opts *ImportOptions) (*Definitions, error) {
	o := opts.withDefaults()
	if u, err := url.Parse(source); err == nil && u.Host != "" && (isMEXAddress(u) || u.Scheme == "http" || u.Scheme == "https") {
		if opts == nil || opts.HTTPClient == nil {
			defer o.HTTPClient.CloseIdleConnections() // the client is ours
		}
		switch {
		case u.Scheme == "net.tcp" && !strings.EqualFold(path.Base(u.Path), "mex"):
			return importTCPServiceAddress(ctx, source, u, o)
		case isMEXAddress(u):
			return importMEX(ctx, source, u, o)
		case isServiceAddress(u):
			return importServiceAddress(ctx, source, u, o)
		}
		return importURL(ctx, source, u, o)
	}
	abs, err := filepath.Abs(source)
	if err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	source = abs
	fi, err := os.Stat(source)
	if err != nil {
		return nil, fmt.Errorf("metadata: source %q is neither an http(s) URL nor a file or directory: %w", source, err)
	}
	l := newLoader(o)
	dir, root := source, ""
	if !fi.IsDir() {
		dir, root = filepath.Dir(source), source
	}
	if err := l.readDir(dir, root); err != nil {
		return nil, err
	}
	if root == "" {
		if root = l.pickRoot(); root == "" {
			return nil, fmt.Errorf("metadata: no .wsdl file in %s", dir)
		}
	}
	l.fetch = func(loc string) ([]byte, error) { return l.readFile(dir, loc) }
	return l.run(root)
}

// importURL reads a WSDL URL and the imports it names.
func importURL(ctx context.Context, source string, u *url.URL, o ImportOptions) (*Definitions, error) {
	l := newLoader(o)
	l.fetch = func(loc string) ([]byte, error) { return l.get(ctx, loc) }
	l.origin = u
	return l.run(source)
}

// importServiceAddress reads the metadata of an HTTP service address as
// svcutil does: WS-MetadataExchange at the address, then GET ?wsdl.
func importServiceAddress(ctx context.Context, source string, u *url.URL, o ImportOptions) (*Definitions, error) {
	d, mexErr := importMEX(ctx, source, u, o)
	if mexErr == nil {
		return d, nil
	}
	wsdl := *u
	wsdl.RawQuery = "wsdl"
	d, err := importURL(ctx, wsdl.String(), &wsdl, o)
	if err == nil {
		return d, nil
	}
	return nil, fmt.Errorf("%w (tried MEX first: %v)", err, mexErr)
}

// importTCPServiceAddress reads the metadata of a net.tcp address that
// does not end in /mex: MEX at the address, then at address/mex, where
// WCF services (and a Go host's HostOptions.MetadataExchange) put it.
func importTCPServiceAddress(ctx context.Context, source string, u *url.URL, o ImportOptions) (*Definitions, error) {
	d, err := importMEX(ctx, source, u, o)
	if err == nil {
		return d, nil
	}
	mex := servicemodel.MetadataExchangeAddress(source)
	mu, perr := url.Parse(mex)
	if perr != nil {
		return nil, err
	}
	d, err2 := importMEX(ctx, mex, mu, o)
	if err2 == nil {
		return d, nil
	}
	return nil, fmt.Errorf("%w (tried %s first: %v)", err2, source, err)
}

// Document is one metadata document given to ReadDocuments.
type Document struct {
	Name string // its location; relative imports resolve against it
	Data []byte
}

// ReadDocuments reads a description from documents already in memory (a
// WS-MetadataExchange response's sections, a test's files): the first is
// the root, and imports are matched by location or by target namespace
// among the others. Nothing is fetched.
func ReadDocuments(docs []Document, opts *ImportOptions) (*Definitions, error) {
	if len(docs) == 0 {
		return nil, errors.New("metadata: no documents")
	}
	l := newLoader(opts.withDefaults())
	for _, d := range docs {
		if err := l.addPool(d.Name, d.Data); err != nil {
			return nil, err
		}
	}
	l.fetch = func(loc string) ([]byte, error) {
		return nil, fmt.Errorf("%w: %s is not among the documents given", ErrMetadataOrigin, loc)
	}
	return l.run(docs[0].Name)
}

// loader reads a source's documents, following imports.
type loader struct {
	opts   ImportOptions
	fetch  func(loc string) ([]byte, error)
	origin *url.URL // of a URL source; nil otherwise

	pool  map[string]*pooled  // by name: documents known before the run
	byNS  map[string][]string // target namespace → pool names
	seen  map[string]bool     // names queued
	docs  []*loadedDoc
	total int64
}

type pooled struct {
	data []byte
	root *etree.Element
}

type loadedDoc struct {
	name  string
	root  *etree.Element
	depth int
}

func newLoader(o ImportOptions) *loader {
	return &loader{opts: o, pool: map[string]*pooled{}, byNS: map[string][]string{}, seen: map[string]bool{}}
}

// readDir puts the .wsdl and .xsd files of dir in the pool.
func (l *loader) readDir(dir, root string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	for _, e := range ents {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".wsdl" && ext != ".xsd") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if root != "" && p != root && !l.opts.AllowOtherOrigins && len(l.pool) >= l.opts.MaxDocuments {
			break
		}
		b, err := l.readFile(dir, p)
		if err != nil {
			return err
		}
		if err := l.addPool(p, b); err != nil {
			return err
		}
	}
	if root != "" {
		if _, ok := l.pool[root]; !ok {
			return fmt.Errorf("metadata: %s is not a .wsdl or .xsd file", root)
		}
	}
	return nil
}

// readFile reads a file under dir, within the size bound.
func (l *loader) readFile(dir, p string) ([]byte, error) {
	if u, err := url.Parse(p); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
		return nil, fmt.Errorf("%w: %s (a file source does not fetch URLs)", ErrMetadataOrigin, p)
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	if rel, err := filepath.Rel(dir, p); err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("%w: %s is outside %s", ErrMetadataOrigin, p, dir)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	defer f.Close()
	return l.readLimited(p, f)
}

func (l *loader) readLimited(name string, r io.Reader) ([]byte, error) {
	left := l.opts.MaxBytes - l.total
	b, err := io.ReadAll(io.LimitReader(r, left+1))
	if err != nil {
		return nil, fmt.Errorf("metadata %s: %w", name, err)
	}
	if int64(len(b)) > left {
		return nil, fmt.Errorf("%w: %s: documents over %d bytes", ErrMetadataLimit, name, l.opts.MaxBytes)
	}
	l.total += int64(len(b))
	return b, nil
}

// get fetches a URL on the source's origin.
func (l *loader) get(ctx context.Context, loc string) ([]byte, error) {
	u, err := url.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("metadata: bad location %q: %w", loc, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: %s is not an http(s) URL", ErrMetadataOrigin, loc)
	}
	if !l.opts.AllowOtherOrigins && (!strings.EqualFold(u.Scheme, l.origin.Scheme) || !strings.EqualFold(u.Host, l.origin.Host)) {
		return nil, fmt.Errorf("%w: %s (source %s://%s)", ErrMetadataOrigin, loc, l.origin.Scheme, l.origin.Host)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, loc, nil)
	if err != nil {
		return nil, err
	}
	resp, err := l.opts.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("metadata: GET %s: %w", loc, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("metadata: GET %s: %s", loc, resp.Status)
	}
	return l.readLimited(loc, resp.Body)
}

// addPool parses a document known up front and indexes it by namespace.
func (l *loader) addPool(name string, data []byte) error {
	if len(l.pool) >= l.opts.MaxDocuments {
		return fmt.Errorf("%w: more than %d documents", ErrMetadataLimit, l.opts.MaxDocuments)
	}
	root, err := parseXML(name, data)
	if err != nil {
		return err
	}
	l.pool[name] = &pooled{data: data, root: root}
	ns := root.SelectAttrValue("targetNamespace", "")
	l.byNS[ns] = append(l.byNS[ns], name)
	return nil
}

// pickRoot chooses the root of a directory: the .wsdl file with a
// wsdl:service, else the first .wsdl file.
func (l *loader) pickRoot() string {
	names := make([]string, 0, len(l.pool))
	for n := range l.pool {
		names = append(names, n)
	}
	slices.Sort(names)
	first := ""
	for _, n := range names {
		r := l.pool[n].root
		if !isWSDL(r, "definitions") {
			continue
		}
		if first == "" {
			first = n
		}
		for _, c := range r.ChildElements() {
			if isWSDL(c, "service") {
				return n
			}
		}
	}
	return first
}

// parseXML parses one document, refusing DTDs (and so every entity).
func parseXML(name string, data []byte) (*etree.Element, error) {
	if bytes.Contains(data, []byte("<!DOCTYPE")) || bytes.Contains(data, []byte("<!ENTITY")) {
		return nil, &MetadataError{Document: name, Err: errors.New("DTDs are not allowed")}
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, &MetadataError{Document: name, Err: err}
	}
	root := doc.Root()
	if root == nil {
		return nil, &MetadataError{Document: name, Err: errors.New("no root element")}
	}
	if !isWSDL(root, "definitions") && !isXSD(root, "schema") {
		return nil, &MetadataError{Document: name, Element: elemPath(root),
			Err: errors.New("not a WSDL 1.1 (wsdl:definitions) or XML Schema (xs:schema) document")}
	}
	return root, nil
}

// run reads the root and every document it imports, then builds the
// description.
func (l *loader) run(root string) (*Definitions, error) {
	if err := l.load(root, 0); err != nil {
		return nil, err
	}
	for i := 0; i < len(l.docs); i++ { // l.docs grows as imports are found
		d := l.docs[i]
		for _, imp := range imports(d.root) {
			if err := l.follow(d, imp); err != nil {
				return nil, err
			}
		}
	}
	return build(l.docs)
}

// load reads the document at name (pool, else fetch) into l.docs.
func (l *loader) load(name string, depth int) error {
	if l.seen[name] {
		return nil
	}
	l.seen[name] = true
	if depth > l.opts.MaxDepth {
		return fmt.Errorf("%w: %s is %d imports deep (MaxDepth %d)", ErrMetadataLimit, name, depth, l.opts.MaxDepth)
	}
	if len(l.docs) >= l.opts.MaxDocuments {
		return fmt.Errorf("%w: more than %d documents", ErrMetadataLimit, l.opts.MaxDocuments)
	}
	var root *etree.Element
	if p, ok := l.pool[name]; ok {
		root = p.root
	} else {
		b, err := l.fetch(name)
		if err != nil {
			return err
		}
		if root, err = parseXML(name, b); err != nil {
			return err
		}
	}
	l.docs = append(l.docs, &loadedDoc{name: name, root: root, depth: depth})
	return nil
}

// importRef is a wsdl:import, xs:import or xs:include.
type importRef struct {
	el        *etree.Element
	namespace string
	location  string
}

// imports lists the imports of a document: wsdl:imports, and the
// xs:import/include of its schemas.
func imports(root *etree.Element) []importRef {
	var out []importRef
	schemaImports := func(s *etree.Element) {
		for _, c := range s.ChildElements() {
			if isXSD(c, "import") || isXSD(c, "include") {
				ns := c.SelectAttrValue("namespace", "")
				if isXSD(c, "include") {
					ns = s.SelectAttrValue("targetNamespace", "")
				}
				out = append(out, importRef{el: c, namespace: ns, location: c.SelectAttrValue("schemaLocation", "")})
			}
		}
	}
	if isXSD(root, "schema") {
		schemaImports(root)
		return out
	}
	for _, c := range root.ChildElements() {
		switch {
		case isWSDL(c, "import"):
			out = append(out, importRef{el: c, namespace: c.SelectAttrValue("namespace", ""), location: c.SelectAttrValue("location", "")})
		case isWSDL(c, "types"):
			for _, s := range c.ChildElements() {
				if isXSD(s, "schema") {
					schemaImports(s)
				}
			}
		}
	}
	return out
}

// follow loads what an import names: documents of its namespace known up
// front, else its location. An import with neither is left for the
// namespace's schema to come from elsewhere in the description.
func (l *loader) follow(from *loadedDoc, imp importRef) error {
	if imp.namespace == nsXSD {
		return nil // the schema for schemas: built in
	}
	if names := l.byNS[imp.namespace]; len(names) > 0 && (imp.location == "" || l.pool[l.resolve(from.name, imp.location)] == nil) {
		for _, n := range names {
			if err := l.load(n, from.depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if imp.location == "" {
		return nil
	}
	loc := l.resolve(from.name, imp.location)
	if err := l.load(loc, from.depth+1); err != nil {
		return &MetadataError{Document: from.name, Element: elemPath(imp.el), Err: err}
	}
	return nil
}

// resolve resolves a location against the document that names it.
func (l *loader) resolve(base, loc string) string {
	if l.origin != nil {
		b, err := url.Parse(base)
		if err != nil {
			return loc
		}
		r, err := b.Parse(loc)
		if err != nil {
			return loc
		}
		return r.String()
	}
	if u, err := url.Parse(loc); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
		return loc // a URL; fetch refuses it
	}
	if filepath.IsAbs(loc) {
		return loc
	}
	return filepath.Join(filepath.Dir(base), loc)
}

func isWSDL(e *etree.Element, local string) bool {
	return e.Tag == local && e.NamespaceURI() == nsWSDL
}

func isXSD(e *etree.Element, local string) bool {
	return e.Tag == local && e.NamespaceURI() == nsXSD
}

// elemPath names an element for errors: its tags from the root, with name
// attributes.
func elemPath(e *etree.Element) string {
	var parts []string
	for ; e != nil; e = e.Parent() {
		if e.Tag == "" { // the document
			break
		}
		s := e.FullTag()
		if n := e.SelectAttrValue("name", ""); n != "" {
			s += "[@name='" + n + "']"
		}
		parts = append(parts, s)
	}
	slices.Reverse(parts)
	return "/" + strings.Join(parts, "/")
}

// resolveQName resolves a prefixed name in an attribute value of e.
func resolveQName(e *etree.Element, v string) (QName, error) {
	prefix, local, ok := strings.Cut(strings.TrimSpace(v), ":")
	if !ok {
		prefix, local = "", prefix
	}
	if local == "" {
		return QName{}, fmt.Errorf("empty name in %q", v)
	}
	if prefix == "xml" {
		return QName{"http://www.w3.org/XML/1998/namespace", local}, nil
	}
	for p := e; p != nil; p = p.Parent() {
		for _, a := range p.Attr {
			if (prefix == "" && a.Space == "" && a.Key == "xmlns") || (prefix != "" && a.Space == "xmlns" && a.Key == prefix) {
				return QName{a.Value, local}, nil
			}
		}
	}
	if prefix == "" {
		return QName{"", local}, nil
	}
	return QName{}, fmt.Errorf("undeclared prefix %q in %q", prefix, v)
}
