package soap

// Message headers: SOAP 1.2 Part 1 §5.2 (header blocks; the mustUnderstand,
// role and relay attributes, §5.2.1–§5.2.4) and SOAP 1.1 §4.2 (actor,
// mustUnderstand). Addressing headers have typed fields on Message; every
// other header block is a Header.

import "github.com/wwsgo/wws/soap/infoset"

// Header is one header block other than the addressing headers.
type Header struct {
	Name           infoset.Name
	MustUnderstand bool
	Relay          bool   // SOAP 1.2 only
	Role           string // SOAP 1.2 role or SOAP 1.1 actor; "" is the ultimate receiver
	// Attrs are the block's other attributes (namespace declarations
	// included) as read; written back as they are.
	Attrs []infoset.NodeAttr
	// Content is the block's children. Write, when set, writes them instead.
	Content []*infoset.Node
	Write   func(w infoset.Writer) error
	// Understood is set by whoever processes the header (see
	// Message.NotUnderstood).
	Understood bool
}

// Headers is the list of non-addressing header blocks of a message, in
// document order.
type Headers []*Header

// Find returns the first header named local in namespace ns, or nil.
func (h Headers) Find(local, ns string) *Header {
	for _, x := range h {
		if x.Name.Is(local, ns) {
			return x
		}
	}
	return nil
}

// FindAll returns every header named local in namespace ns.
func (h Headers) FindAll(local, ns string) []*Header {
	var out []*Header
	for _, x := range h {
		if x.Name.Is(local, ns) {
			out = append(out, x)
		}
	}
	return out
}

// Add appends a header.
func (h *Headers) Add(x *Header) { *h = append(*h, x) }

// Remove deletes every header named local in namespace ns and reports how
// many it removed.
func (h *Headers) Remove(local, ns string) int {
	out, n := (*h)[:0], 0
	for _, x := range *h {
		if x.Name.Is(local, ns) {
			n++
			continue
		}
		out = append(out, x)
	}
	*h = out
	return n
}

// targetsUltimateReceiver reports whether a header with role is meant for
// the ultimate receiver (this endpoint).
func targetsUltimateReceiver(role string) bool {
	switch role {
	case "", roleNext12, roleUltimateReceiver12, actorNext11:
		return true
	}
	return false
}

// writeHeader writes one header block.
func writeHeader(w infoset.Writer, env EnvelopeVersion, h *Header) error {
	ns := env.Namespace()
	w.StartElement(h.Name.Prefix, h.Name.Local, h.Name.Space)
	if h.MustUnderstand {
		w.Attr(envelopePrefix, "mustUnderstand", ns, env.MustUnderstandValue())
	}
	if h.Role != "" {
		w.Attr(envelopePrefix, env.roleAttr(), ns, infoset.String(h.Role))
	}
	if h.Relay && env == EnvelopeSoap12 {
		w.Attr(envelopePrefix, "relay", ns, infoset.Bool(true))
	}
	for _, a := range h.Attrs {
		if p, ok := (infoset.Attr{Name: a.Name}).IsXmlns(); ok {
			w.Xmlns(p, a.Value)
			continue
		}
		w.Attr(a.Name.Prefix, a.Name.Local, a.Name.Space, infoset.String(a.Value))
	}
	if h.Write != nil {
		if err := h.Write(w); err != nil {
			return err
		}
	} else {
		for _, c := range h.Content {
			infoset.WriteNode(w, c)
		}
	}
	w.EndElement()
	return nil
}

// readHeaderAttrs splits the attributes of a header block into the SOAP
// ones and the rest.
func readHeaderAttrs(r infoset.Reader, env EnvelopeVersion, h *Header) error {
	ns := env.Namespace()
	for _, a := range r.Attrs() {
		space := attrSpace(r, a)
		if space != ns {
			h.Attrs = append(h.Attrs, infoset.NodeAttr{Name: a.Name, Value: a.Value.String()})
			continue
		}
		switch a.Name.Local {
		case "mustUnderstand":
			b, err := a.Value.Bool()
			if err != nil {
				return wrapf(ErrMalformed, "header %s: mustUnderstand: %v", r.Name(), err)
			}
			h.MustUnderstand = b
		case "relay":
			b, err := a.Value.Bool()
			if err != nil {
				return wrapf(ErrMalformed, "header %s: relay: %v", r.Name(), err)
			}
			h.Relay = b
		case env.roleAttr():
			h.Role = a.Value.String()
		default:
			h.Attrs = append(h.Attrs, infoset.NodeAttr{Name: a.Name, Value: a.Value.String()})
		}
	}
	return nil
}

// attrSpace resolves an attribute's namespace, using the reader's scope
// when the reader left it empty.
func attrSpace(r infoset.Reader, a infoset.Attr) string {
	if a.Name.Space != "" || a.Name.Prefix == "" {
		return a.Name.Space
	}
	ns, _ := r.LookupNamespace(a.Name.Prefix)
	return ns
}
