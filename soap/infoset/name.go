package infoset

// Well-known namespaces and prefixes of XML itself.
const (
	XMLNamespace   = "http://www.w3.org/XML/1998/namespace"
	XMLNSNamespace = "http://www.w3.org/2000/xmlns/"
)

// Name is a qualified XML name: the prefix as written, the local part and
// the namespace it resolves to.
type Name struct {
	Prefix string `json:"prefix,omitempty"`
	Local  string `json:"local"`
	Space  string `json:"ns,omitempty"`
}

// Is reports whether n has local name local in namespace space.
func (n Name) Is(local, space string) bool { return n.Local == local && n.Space == space }

// String renders n as prefix:local (or local).
func (n Name) String() string {
	if n.Prefix == "" {
		return n.Local
	}
	return n.Prefix + ":" + n.Local
}

// Attr is an attribute of a start element. Namespace declarations are
// attributes too: xmlns:p="ns" has Name{Prefix: "xmlns", Local: "p"} and
// xmlns="ns" has Name{Local: "xmlns"}; their Space is XMLNSNamespace.
type Attr struct {
	Name  Name
	Value Text
}

// IsXmlns reports whether a is a namespace declaration, and for which prefix
// ("" for the default namespace).
func (a Attr) IsXmlns() (prefix string, ok bool) {
	if a.Name.Prefix == "xmlns" {
		return a.Name.Local, true
	}
	if a.Name.Prefix == "" && a.Name.Local == "xmlns" {
		return "", true
	}
	return "", false
}

// XmlnsAttr returns the attribute that declares prefix (or the default
// namespace when prefix is "") as ns.
func XmlnsAttr(prefix, ns string) Attr {
	if prefix == "" {
		return Attr{Name: Name{Local: "xmlns", Space: XMLNSNamespace}, Value: String(ns)}
	}
	return Attr{Name: Name{Prefix: "xmlns", Local: prefix, Space: XMLNSNamespace}, Value: String(ns)}
}
