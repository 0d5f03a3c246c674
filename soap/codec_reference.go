package soap

// References (DataContract IsReference): an object met more than once in
// one message is written in full once, its element carrying z:Id, and
// elsewhere as an empty element carrying z:Ref naming that id
// (DataContractSerializer's XmlObjectSerializerWriteContext; the
// attributes are in NamespaceSerialization). Decode reads them
// (codec_decode.go); Encode writes them for a struct that embeds Reference.

import (
	"reflect"
	"strconv"
	"unsafe"

	"github.com/wwsgo/wws/soap/infoset"
)

// Reference is embedded in a data contract declared with IsReference:
// Encode writes the first pointer to a value of it with z:Id and every
// later pointer to the same value, in one Encode, as z:Ref, so shared
// values stay shared on the other side and a cycle through them is
// written finitely. A value reached other than through a pointer (the
// body value itself, a non-pointer member) is written in full. It has no
// effect in a contract that also embeds Polymorphic.
type Reference struct{}

// encState is one Encode's state: the ids given to the reference values
// written so far.
type encState struct {
	ids map[refKey]int // nil until the first reference value
}

type refKey struct {
	p unsafe.Pointer
	t reflect.Type
}

// writeReference writes the non-nil pointer pv to a struct of plan p, a
// reference contract, as the element local in ns: in full with z:Id the
// first time, as z:Ref after.
func (e *encState) writeReference(w infoset.Writer, local, ns string, p *valuePlan, pv reflect.Value, depth int) error {
	if p.st.hasPoly {
		return e.writeValueElement(w, local, ns, p, pv.Elem(), depth)
	}
	k := refKey{pv.UnsafePointer(), p.typ}
	if id, ok := e.ids[k]; ok {
		w.StartElement("", local, ns)
		w.Attr("z", "Ref", NamespaceSerialization, refID(id))
		w.EndElement()
		return nil
	}
	if e.ids == nil {
		e.ids = make(map[refKey]int)
	}
	id := len(e.ids) + 1
	e.ids[k] = id
	w.StartElement("", local, ns)
	w.Attr("z", "Id", NamespaceSerialization, refID(id))
	childNS := ns
	if p.st.hasNS {
		childNS = p.st.name.Space
	}
	if err := e.writeStruct(w, p.st, pv.Elem(), childNS, depth); err != nil {
		return err
	}
	w.EndElement()
	return nil
}

// refID is the text of id n, as DataContractSerializer writes it: i1, i2, …
func refID(n int) infoset.Text {
	return infoset.String("i" + strconv.Itoa(n))
}

// refAttrs returns the z:Id and z:Ref of the current element.
func refAttrs(r infoset.Reader) (id, ref string) {
	for _, a := range r.Attrs() {
		switch a.Name.Local {
		case "Id", "Ref":
			if attrSpace(r, a) != NamespaceSerialization {
				continue
			}
			if a.Name.Local == "Id" {
				id = a.Value.String()
			} else {
				ref = a.Value.String()
			}
		}
	}
	return id, ref
}

// MaxReferences bounds the z:Id objects one Decode keeps.
const MaxReferences = 1 << 16
