package soap

// Encoding Go values as DataContract-shaped XML through an infoset.Writer.
// Values are written typed (infoset.Int, Bool, Bytes, DateTime…) so the
// binary encoding emits native records ([MC-NBFX] 2.2.3) and the text
// encoding renders them as XmlConvert does. A nil pointer or []byte is
// written as i:nil="true" (XML Schema Part 1 §2.6.2), as WCF does.

import (
	"fmt"
	"reflect"
	"time"

	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// Encode writes v (a struct or a pointer to one) as one element named by
// its XMLName field's tag ("namespace local") or its type name. Fields
// follow encoding/xml tags: "name" or "ns name", ",attr", ",chardata",
// ",omitempty", "-". Member elements without a namespace in their tag take
// the namespace of their parent element, as DataContract members do.
// Slices other than []byte are repeated elements.
func Encode(w infoset.Writer, v any) error {
	p, rv, err := encodePlan(v)
	if err != nil {
		return err
	}
	writeValueElement(w, p.st.name.Local, p.st.name.Space, p, rv)
	return w.Err()
}

// encodePlan returns the struct v holds or points to, and its plan.
func encodePlan(v any) (*valuePlan, reflect.Value, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, rv, fmt.Errorf("%w: nil %v", ErrUnsupportedType, rv.Type())
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, rv, fmt.Errorf("%w: %v is not a struct", ErrUnsupportedType, reflect.TypeOf(v))
	}
	p, err := planFor(rv.Type(), &lastEncodePlan)
	return p, rv, err
}

// writeValueElement writes v as the element local in ns.
func writeValueElement(w infoset.Writer, local, ns string, p *valuePlan, v reflect.Value) {
	if p.kind == kPtr {
		if v.IsNil() {
			writeNil(w, local, ns)
			return
		}
		v, p = v.Elem(), p.elem
	}
	if p.kind == kBytes && v.IsNil() {
		writeNil(w, local, ns)
		return
	}
	if p.kind != kStruct {
		if bw := binxml.WriterOf(w); bw != nil {
			if t, ok := scalarText(p, v); ok {
				bw.Leaf("", local, ns, t) // StartElement, Text, EndElement
				return
			}
		}
	}
	w.StartElement("", local, ns)
	if p.kind == kStruct {
		childNS := ns
		if p.st.hasNS {
			childNS = p.st.name.Space
		}
		writeStruct(w, p.st, v, childNS)
	} else if t, ok := scalarText(p, v); ok {
		w.Text(t)
	}
	w.EndElement()
}

func writeNil(w infoset.Writer, local, ns string) {
	w.StartElement("", local, ns)
	w.Attr("i", "nil", NamespaceXSI, infoset.Bool(true))
	w.EndElement()
}

func writeStruct(w infoset.Writer, st *structPlan, v reflect.Value, ns string) {
	for i := range st.attrs {
		f := &st.attrs[i]
		fv, p := v.Field(f.index), f.val
		if p.kind == kPtr {
			if fv.IsNil() {
				continue
			}
			fv, p = fv.Elem(), p.elem
		}
		if f.omitempty && fv.IsZero() {
			continue
		}
		if t, ok := scalarText(p, fv); ok {
			prefix := ""
			if f.hasNS && f.ns != "" {
				prefix = "d"
			}
			w.Attr(prefix, f.local, f.ns, t)
		}
	}
	if f := st.chardata; f != nil {
		fv, p := v.Field(f.index), f.val
		if p.kind == kPtr && !fv.IsNil() {
			fv, p = fv.Elem(), p.elem
		}
		if p.kind != kPtr {
			if t, ok := scalarText(p, fv); ok {
				w.Text(t)
			}
		}
	}
	for i := range st.elems {
		writeField(w, &st.elems[i], v.Field(st.elems[i].index), ns)
	}
}

func writeField(w infoset.Writer, f *fieldPlan, v reflect.Value, parentNS string) {
	ns := parentNS
	if f.hasNS {
		ns = f.ns
	}
	if f.val.kind == kSlice {
		for i := 0; i < v.Len(); i++ {
			writeValueElement(w, f.local, ns, f.val.elem, v.Index(i))
		}
		return
	}
	if f.omitempty && v.IsZero() {
		return
	}
	writeValueElement(w, f.local, ns, f.val, v)
}

// scalarText returns the typed text of a simple value; false for an empty
// string (no text node is written).
func scalarText(p *valuePlan, v reflect.Value) (infoset.Text, bool) {
	switch p.kind {
	case kString:
		s := v.String()
		return infoset.String(s), s != ""
	case kBool:
		return infoset.Bool(v.Bool()), true
	case kInt:
		return infoset.Int(v.Int()), true
	case kUint:
		return infoset.Uint64(v.Uint()), true
	case kFloat32:
		return infoset.Float32(float32(v.Float())), true
	case kFloat64:
		return infoset.Float64(v.Float()), true
	case kBytes:
		return infoset.Bytes(v.Bytes()), true
	case kDuration:
		return infoset.Duration(time.Duration(v.Int())), true
	case kTime:
		return infoset.DateTime(timeOf(v)), true
	}
	return infoset.Text{}, false
}

// timeOf reads a time.Time without boxing it when v is addressable.
func timeOf(v reflect.Value) time.Time {
	if v.CanAddr() {
		return *(*time.Time)(v.Addr().UnsafePointer())
	}
	return v.Interface().(time.Time)
}
