package metadata

// Import from a WS-MetadataExchange address: a WS-Transfer Get sent
// through a servicemodel.ServiceProxy with WCF's MEX binding of the
// address's scheme (mexTcpBinding over net.tcp, mexHttpBinding and
// mexHttpsBinding over HTTP: SOAP 1.2 + WS-Addressing 1.0; see
// servicemodel/metadata_exchange.go), whose answer's sections are then
// read as saved documents are (ReadDocuments). A section's mex:Location is
// fetched with HTTP GET and its mex:MetadataReference with another Get,
// each only on the source's origin (scheme and host) unless
// ImportOptions.AllowOtherOrigins; the answers count against MaxBytes,
// their sections against MaxDocuments and references against MaxDepth.
// WCF's MetadataExchangeClient resolves sections the same way
// (MetadataReferenceRetriever, MetadataLocationRetriever).

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

// mexContract is the client side of WCF's IMetadataExchange.
var mexContract = servicemodel.MustContract("IMetadataExchange", "http://schemas.microsoft.com/2006/04/mex",
	servicemodel.Op[struct{}, struct{}]("Get", nil).WithAction(ActionTransferGet, ActionTransferGetResponse))

// mexMaxDepth bounds the elements of a MEX answer, envelope included:
// deeper than any WSDL or schema WCF writes, and well under what a reader
// of bounded input can nest.
const mexMaxDepth = 128

// isMEXAddress reports whether a source names a MEX endpoint by itself: a
// net.tcp address (the only metadata net.tcp serves), or an HTTP address
// whose last path segment is "mex" (WCF's convention) and that has no query.
func isMEXAddress(u *url.URL) bool {
	switch strings.ToLower(u.Scheme) {
	case "net.tcp":
		return true
	case "http", "https":
		return u.RawQuery == "" && strings.EqualFold(path.Base(u.Path), "mex")
	}
	return false
}

// isServiceAddress reports whether an HTTP source is a service address
// rather than a document's URL: no query and no .wsdl or .xsd file name.
// Import tries MEX at such an address, then ?wsdl, as svcutil does.
func isServiceAddress(u *url.URL) bool {
	ext := strings.ToLower(path.Ext(u.Path))
	return u.RawQuery == "" && ext != ".wsdl" && ext != ".xsd" && ext != ".xml"
}

// importMEX reads the description a MEX endpoint serves.
func importMEX(ctx context.Context, address string, u *url.URL, o ImportOptions) (*Definitions, error) {
	l := newLoader(o)
	l.origin = u
	l.fetch = func(loc string) ([]byte, error) {
		return nil, fmt.Errorf("%w: %s is not among the metadata sections of %s", ErrMetadataOrigin, loc, address)
	}
	var docs []Document
	if err := l.mexDocuments(ctx, address, 0, &docs); err != nil {
		return nil, err
	}
	root := -1 // the first WSDL with a wsdl:service, else the first WSDL
	for i, d := range docs {
		if err := l.addPool(d.Name, d.Data); err != nil {
			return nil, err
		}
		r := l.pool[d.Name].root
		if isWSDL(r, "definitions") && (root < 0 || hasService(r) && !hasService(l.pool[docs[root].Name].root)) {
			root = i
		}
	}
	if root < 0 {
		return nil, &MetadataError{Document: address, Err: errors.New("the metadata has XML Schema sections but no WSDL section")}
	}
	return l.run(docs[root].Name)
}

func hasService(r *etree.Element) bool {
	return slices.ContainsFunc(r.ChildElements(), func(c *etree.Element) bool { return isWSDL(c, "service") })
}

// mexDocuments gets the metadata at a MEX address and appends its
// documents to docs, following Locations and MetadataReferences.
func (l *loader) mexDocuments(ctx context.Context, address string, depth int, docs *[]Document) error {
	if depth > l.opts.MaxDepth {
		return fmt.Errorf("%w: %s is %d references deep (MaxDepth %d)", ErrMetadataLimit, address, depth, l.opts.MaxDepth)
	}
	body, err := l.mexGet(ctx, address)
	if err != nil {
		return err
	}
	sections, err := readMetadata(address, body, l.opts.MaxDocuments)
	if err != nil {
		return err
	}
	for _, s := range sections {
		name := fmt.Sprintf("%s section %d", address, s.N)
		switch {
		case s.Doc != nil:
			b, err := sectionBytes(s.Doc)
			if err != nil {
				return &MetadataError{Document: name, Err: err}
			}
			if err := l.count(name, len(b)); err != nil {
				return err
			}
			*docs = append(*docs, Document{Name: name, Data: b})
		case s.Location != "":
			loc, err := resolveRef(address, s.Location)
			if err != nil {
				return &MetadataError{Document: name, Err: err}
			}
			b, err := l.get(ctx, loc) // checks the origin, counts the bytes
			if err != nil {
				return &MetadataError{Document: name, Err: err}
			}
			*docs = append(*docs, Document{Name: loc, Data: b})
		default:
			ref, err := resolveRef(address, s.Reference)
			if err != nil {
				return &MetadataError{Document: name, Err: err}
			}
			if err := l.checkOrigin(ref); err != nil {
				return &MetadataError{Document: name, Err: err}
			}
			if err := l.mexDocuments(ctx, ref, depth+1, docs); err != nil {
				return err
			}
		}
		if len(*docs) > l.opts.MaxDocuments {
			return fmt.Errorf("%w: more than %d documents", ErrMetadataLimit, l.opts.MaxDocuments)
		}
	}
	return nil
}

// resolveRef resolves a section's URL against the MEX address.
func resolveRef(base, ref string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	r, err := b.Parse(strings.TrimSpace(ref))
	if err != nil {
		return "", fmt.Errorf("bad location %q: %w", ref, err)
	}
	return r.String(), nil
}

// checkOrigin refuses an address off the source's origin.
func (l *loader) checkOrigin(loc string) error {
	u, err := url.Parse(loc)
	if err != nil {
		return fmt.Errorf("metadata: bad location %q: %w", loc, err)
	}
	if !l.opts.AllowOtherOrigins && (!strings.EqualFold(u.Scheme, l.origin.Scheme) || !strings.EqualFold(u.Host, l.origin.Host)) {
		return fmt.Errorf("%w: %s (source %s://%s)", ErrMetadataOrigin, loc, l.origin.Scheme, l.origin.Host)
	}
	return nil
}

// count adds n bytes to the documents' total, within MaxBytes.
func (l *loader) count(name string, n int) error {
	if l.total+int64(n) > l.opts.MaxBytes {
		return fmt.Errorf("%w: %s: documents over %d bytes", ErrMetadataLimit, name, l.opts.MaxBytes)
	}
	l.total += int64(n)
	return nil
}

// mexGet sends WS-Transfer Get to a MEX address and returns the answer's
// body element. The answer is bounded by what is left of MaxBytes.
func (l *loader) mexGet(ctx context.Context, address string) (*etree.Element, error) {
	u, err := url.Parse(address)
	if err != nil {
		return nil, fmt.Errorf("metadata: bad MEX address %q: %w", address, err)
	}
	left := l.opts.MaxBytes - l.total
	if left <= 0 {
		return nil, fmt.Errorf("%w: %s: documents over %d bytes", ErrMetadataLimit, address, l.opts.MaxBytes)
	}
	b, err := mexBinding(u, left, l.opts.Timeout)
	if err != nil {
		return nil, err
	}
	p, err := servicemodel.NewServiceProxy(b, mexContract, &servicemodel.ProxyOptions{CallTimeout: l.opts.Timeout})
	if err != nil {
		return nil, err
	}
	defer p.Abort() // after Close, a no-op
	ctx, cancel := context.WithTimeout(ctx, l.opts.Timeout)
	defer cancel()
	if err := p.Open(ctx, address); err != nil {
		return nil, fmt.Errorf("metadata: MEX %s: %w", address, err)
	}
	var body *etree.Element
	if err := p.Call(ctx, "Get", nil, &body); err != nil {
		var f *soap.Fault
		if errors.As(err, &f) {
			return nil, fmt.Errorf("metadata: MEX %s: the service answered a fault: %s: %w", address, f.Reason(), err)
		}
		if errors.Is(err, servicemodel.ErrQuotaExceeded) {
			return nil, fmt.Errorf("%w: MEX %s: the answer is over the %d bytes left of MaxBytes: %w", ErrMetadataLimit, address, left, err)
		}
		return nil, fmt.Errorf("metadata: MEX %s: %w", address, err)
	}
	p.Close(ctx) // the answer is in; a failed close is the channel's business
	return body, nil
}

// mexBinding is the client binding of a MEX address: WCF's MEX binding of
// its scheme, with MaxReceivedMessageSize at the bytes left and reader
// quotas that metadata needs (documents are large and deep).
func mexBinding(u *url.URL, left int64, timeout time.Duration) (servicemodel.Binding, error) {
	q := soap.ReaderQuotas{MaxDepth: mexMaxDepth, MaxStringContentLength: clampInt(left), MaxArrayLength: clampInt(left),
		MaxBytesPerRead: clampInt(left), MaxNameTableCharCount: clampInt(left)}
	switch strings.ToLower(u.Scheme) {
	case "net.tcp":
		b := servicemodel.NewNetTCPBinding()
		b.MaxReceivedMessageSize, b.ReaderQuotas = left, q
		b.OpenTimeout, b.SendTimeout, b.CloseTimeout = timeout, timeout, timeout
		return b, nil
	case "http", "https":
		b := servicemodel.NewWSHTTPBinding()
		b.MaxReceivedMessageSize, b.ReaderQuotas = left, q
		b.OpenTimeout, b.SendTimeout, b.CloseTimeout = timeout, timeout, timeout
		b.KeepAlive = false // one request
		if strings.EqualFold(u.Scheme, "https") {
			b.TLS = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		return b, nil
	}
	return nil, fmt.Errorf("metadata: %s: MEX is served over net.tcp, http and https, not %s", u, u.Scheme)
}

func clampInt(n int64) int {
	return int(min(n, int64(^uint(0)>>1)))
}
