package servicemodel

// The metadata queries of HTTP endpoints (GET ?wsdl, ?singleWsdl, and the
// parts ?wsdl=wsdlN, ?xsd=xsdN): a host whose HostOptions.Metadata is set
// publishes each HTTP endpoint's contract to its listener, and the
// listener answers a query with a document of the set that Metadata
// writes for the endpoints its describe function is given: a host's
// (metadataOfHost, metadata_exchange.go) lists all its endpoints of the
// contract, as WCF's WSDL does; the server's own serve as a fallback.
// The documents themselves (WSDL 1.1 and XML Schema) are written by
// package servicemodel/metadata, which imports this one: the function
// value is the seam that keeps servicemodel free of it.
//
// The set is the one a WS-MetadataExchange response carries as
// MetadataSections (WS-MetadataExchange 1.1 §5: Dialect, Identifier, the
// document inline), so an HTTP GET answer and a MEX answer come from the
// same MetadataFunc.

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Metadata dialects (WS-MetadataExchange 1.1 §5, MetadataSection/@Dialect).
const (
	MetadataDialectWSDL = "http://schemas.xmlsoap.org/wsdl/"
	MetadataDialectXSD  = "http://www.w3.org/2001/XMLSchema"
)

// MetadataEndpoint is one endpoint of a contract, as a metadata document
// lists it (a wsdl:port).
type MetadataEndpoint struct {
	Address string  // the endpoint URL, with the bound port
	Binding Binding // *HTTPBinding or *NetTCPBinding; a writer skips others
}

// MetadataDocument is one document of a MetadataSet: a WS-MetadataExchange
// MetadataSection, and the answer to one HTTP GET query.
type MetadataDocument struct {
	Dialect    string // MetadataDialectWSDL or MetadataDialectXSD
	Identifier string // the document's targetNamespace
	// Name is the query that serves the document over HTTP GET, WCF's:
	// "wsdl" for the first document, "wsdl=wsdl0", "xsd=xsd0", … for the
	// parts it imports.
	Name string
	Data []byte // the document, UTF-8 XML
}

// MetadataSet is the metadata of a contract at its endpoints.
type MetadataSet struct {
	// Documents holds the ?wsdl document first, then the wsdl:import and
	// xsd:import parts it references, each once.
	Documents []MetadataDocument
	// SingleWSDL is the ?singleWsdl answer: one WSDL with every part
	// inlined. Nil: the query is not offered.
	SingleWSDL []byte
}

// Document returns the document that answers HTTP GET query q (the raw
// query, any case: "wsdl", "singleWsdl", "xsd=xsd0"), and false when none does.
func (s *MetadataSet) Document(q string) ([]byte, bool) {
	if strings.EqualFold(q, "singleWsdl") {
		return s.SingleWSDL, s.SingleWSDL != nil
	}
	for _, d := range s.Documents {
		if strings.EqualFold(q, d.Name) {
			return d.Data, true
		}
	}
	return nil, false
}

// MetadataFunc returns the metadata set of contract c served at
// endpoints, sorted by path. base is the URL of the ?wsdl document without
// its query: the documents locate their parts at base + "?" + Name. An
// empty base writes imports without a location, for a WS-MetadataExchange
// response that carries every part in the same set. metadata.HTTPGet is
// the set WCF hosts answer with.
type MetadataFunc func(c *Contract, endpoints []MetadataEndpoint, base string) (*MetadataSet, error)

// MetadataPublisher is implemented by listeners that answer HTTP GET
// metadata queries. A host calls PublishMetadata before Start.
type MetadataPublisher interface {
	PublishMetadata(c *Contract, describe MetadataFunc)
}

// PublishMetadata implements MetadataPublisher.
func (l *httpListener) PublishMetadata(c *Contract, describe MetadataFunc) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.contract, l.describe = c, describe
}

// publishedContract returns the contract the listener describes, nil when
// it publishes none.
func (l *httpListener) publishedContract() *Contract {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.describe == nil {
		return nil
	}
	return l.contract
}

// isMetadataQuery reports WCF's metadata queries: ?wsdl, ?singleWsdl
// (any case) and the parts ?wsdl=…, ?xsd=….
func isMetadataQuery(q string) bool {
	key, _, _ := strings.Cut(q, "=")
	return strings.EqualFold(key, "wsdl") || strings.EqualFold(key, "xsd") || strings.EqualFold(q, "singleWsdl")
}

// serveMetadata answers GET query q with a document of the description of
// every endpoint of the server that publishes the same contract; 404 when
// the set has no document of that name.
func (l *httpListener) serveMetadata(w http.ResponseWriter, c *Contract, q string) {
	var eps []MetadataEndpoint
	var paths []string
	l.mu.Lock()
	srv, describe := l.srv, l.describe
	l.mu.Unlock()
	if srv == nil {
		http.Error(w, "endpoint not started", http.StatusServiceUnavailable)
		return
	}
	for _, o := range srv.endpoints() {
		if o.publishedContract() == c {
			eps = append(eps, MetadataEndpoint{Address: o.URL(), Binding: o.b})
			paths = append(paths, o.u.Path)
		}
	}
	order := make([]int, len(eps))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(paths[a], paths[b]) })
	sorted := make([]MetadataEndpoint, len(eps))
	for i, j := range order {
		sorted[i] = eps[j]
	}
	set, err := l.metadataSet(c, describe, sorted)
	if err != nil {
		http.Error(w, "cannot describe the contract", http.StatusInternalServerError)
		return
	}
	doc, ok := set.Document(q)
	if !ok {
		http.Error(w, "no such metadata document", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
	w.Write(doc)
}

// metadataCache is the set a listener last wrote, for the endpoints it was
// written for: WCF's metadata is written once, not per GET (writing the
// Orders set takes milliseconds, which a stream of GETs would spend).
type metadataCache struct {
	key string
	set *MetadataSet
	err error
}

// metadataSet returns the set of c at endpoints, located at the listener,
// from the cache while the endpoints are the same.
func (l *httpListener) metadataSet(c *Contract, describe MetadataFunc, endpoints []MetadataEndpoint) (*MetadataSet, error) {
	base := l.URL()
	var key strings.Builder
	key.WriteString(base)
	for _, ep := range endpoints {
		fmt.Fprintf(&key, "\n%s %p", ep.Address, ep.Binding)
	}
	l.mu.Lock()
	m := l.metadata
	l.mu.Unlock()
	if m.key == key.String() {
		return m.set, m.err
	}
	// Written outside l.mu, which the calls' channels take: two first GETs
	// may both write it.
	set, err := describe(c, endpoints, base)
	if err == nil && set == nil {
		err = errors.New("servicemodel: MetadataFunc returned no set")
	}
	l.mu.Lock()
	l.metadata = metadataCache{key: key.String(), set: set, err: err}
	l.mu.Unlock()
	return set, err
}
