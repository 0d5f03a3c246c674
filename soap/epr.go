package soap

// Endpoint references: WS-Addressing 1.0 Core §2 (wsa:Address,
// wsa:ReferenceParameters, wsa:Metadata) and the 2004/08 submission §2
// (ReferenceProperties read as reference parameters).

import "github.com/wwsgo/wws/soap/infoset"

// EndpointReference is the value of wsa:ReplyTo, wsa:FaultTo and wsa:From.
type EndpointReference struct {
	Address             string
	ReferenceParameters []*infoset.Node
}

// writeEPR writes <a:local><a:Address>…</a:Address>[params]</a:local>.
func writeEPR(w infoset.Writer, ns, local string, e *EndpointReference) {
	w.StartElement(addressingPrefix, local, ns)
	w.StartElement(addressingPrefix, "Address", ns)
	w.Text(infoset.DictString(e.Address))
	w.EndElement()
	if len(e.ReferenceParameters) > 0 {
		w.StartElement(addressingPrefix, "ReferenceParameters", ns)
		for _, n := range e.ReferenceParameters {
			infoset.WriteNode(w, n)
		}
		w.EndElement()
	}
	w.EndElement()
}

// readEPR reads an endpoint reference; r is on its StartElement.
func readEPR(r infoset.Reader, ns string) (*EndpointReference, error) {
	e := &EndpointReference{}
	err := eachChild(r, "an endpoint reference", func() error {
		n := r.Name()
		switch {
		case n.Is("Address", ns):
			var err error
			e.Address, err = readString(r)
			return err
		case n.Is("ReferenceParameters", ns), n.Is("ReferenceProperties", ns):
			node, err := infoset.ReadSubtree(r)
			if err != nil {
				return err
			}
			e.ReferenceParameters = append(e.ReferenceParameters, elementChildren(node)...)
			return nil
		}
		return skipElement(r)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

func elementChildren(n *infoset.Node) []*infoset.Node {
	var out []*infoset.Node
	for _, c := range n.Children {
		if c.Kind == infoset.StartElement {
			out = append(out, c)
		}
	}
	return out
}
