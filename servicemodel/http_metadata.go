package servicemodel

// The metadata queries of HTTP endpoints (GET ?wsdl, ?singleWsdl): a host
// whose HostOptions.Metadata is set publishes each HTTP endpoint's contract
// to its listener, and the listener answers a query with the document that
// Metadata writes for every endpoint of the same server publishing that
// contract. The documents themselves (WSDL 1.1 and XML Schema) are written
// by package servicemodel/metadata, which imports this one: the function
// value is the seam that keeps servicemodel free of it.

import (
	"net/http"
	"slices"
	"strings"
)

// MetadataEndpoint is one HTTP endpoint of a contract, as a metadata
// document lists it (a wsdl:port).
type MetadataEndpoint struct {
	Address string // the endpoint URL, with the bound port
	Binding *HTTPBinding
}

// MetadataFunc returns the document (WSDL) that describes contract c served
// at endpoints, sorted by path. metadata.HTTPGet is the one WCF hosts
// answer with.
type MetadataFunc func(c *Contract, endpoints []MetadataEndpoint) ([]byte, error)

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

// serveWSDL answers GET ?wsdl with the description of every endpoint of
// the server that publishes the same contract.
func (l *httpListener) serveWSDL(w http.ResponseWriter, c *Contract) {
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
	doc, err := describe(c, sorted)
	if err != nil {
		http.Error(w, "cannot describe the contract", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
	w.Write(doc)
}
