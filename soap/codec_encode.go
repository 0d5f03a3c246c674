package soap

// Encoding Go values as DataContract-shaped XML through an infoset.Writer.
// Values are written typed (infoset.Int, Bool, Bytes, DateTime…) so the
// binary encoding emits native records ([MC-NBFX] 2.2.3) and the text
// encoding renders them as XmlConvert does. A nil pointer or []byte is
// written as i:nil="true" (XML Schema Part 1 §2.6.2), as WCF does.

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/beevik/etree"
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// Encode writes v (a struct or a pointer to one) as one element named by
// its XMLName field's tag ("namespace local") or its type name. Fields
// follow encoding/xml tags: "name" or "ns name", ",attr", ",chardata",
// ",omitempty", "-", and ",any" on a []*etree.Element field, which keeps
// the child elements no member takes, written back where it is declared
// (XmlSerializer's [XmlAnyElement], xs:any). Member elements without a namespace in their tag take
// the namespace of their parent element, as DataContract members do.
// Slices other than []byte are repeated elements, or a wrapper holding
// items with the "ns Wrapper>Item" form (maps always have it), or one
// space-separated text with ",list"; an embedded struct is a base
// contract. The package documentation lists the DataContract forms.
func Encode(w infoset.Writer, v any) error {
	p, rv, err := encodePlan(v)
	if err != nil {
		return err
	}
	var e encState
	if err := e.writeValueElement(w, p.st.name.Local, p.st.name.Space, p, rv, 0); err != nil {
		return err
	}
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

// MaxEncodeDepth bounds the element nesting Encode writes: a cyclic value
// (a pointer back to a containing struct) is an error, not a stack overflow.
const MaxEncodeDepth = MaxDecodeDepth

// writeValueElement writes v as the element local in ns, at nesting depth.
func (e *encState) writeValueElement(w infoset.Writer, local, ns string, p *valuePlan, v reflect.Value, depth int) error {
	if depth >= MaxEncodeDepth {
		return fmt.Errorf("%w: MaxDepth (%d) at element %s: a cyclic value?", ErrQuotaExceeded, MaxEncodeDepth, local)
	}
	if p.kind == kPtr {
		if v.IsNil() {
			writeNil(w, local, ns)
			return nil
		}
		if p.elem.kind == kStruct && p.elem.st.isRef {
			return e.writeReference(w, local, ns, p.elem, v, depth)
		}
		v, p = v.Elem(), p.elem
	}
	if p.kind == kBytes && v.IsNil() {
		writeNil(w, local, ns)
		return nil
	}
	if p.kind != kStruct {
		if bw := binxml.WriterOf(w); bw != nil {
			if t, ok := scalarText(p, v); ok {
				bw.Leaf("", local, ns, t) // StartElement, Text, EndElement
				return nil
			}
		}
	} else if p.st.hasPoly {
		if dv, dp, ok := derivedOf(p, v); ok {
			return e.writeTyped(w, local, ns, dp, dv, depth)
		}
	}
	w.StartElement("", local, ns)
	if p.kind == kStruct {
		childNS := ns
		if p.st.hasNS {
			childNS = p.st.name.Space
		}
		if err := e.writeStruct(w, p.st, v, childNS, depth); err != nil {
			return err
		}
	} else if t, ok := scalarText(p, v); ok {
		w.Text(t)
	}
	w.EndElement()
	return nil
}

func writeNil(w infoset.Writer, local, ns string) {
	w.StartElement("", local, ns)
	w.Attr("i", "nil", NamespaceXSI, infoset.Bool(true))
	w.EndElement()
}

func (e *encState) writeStruct(w infoset.Writer, st *structPlan, v reflect.Value, ns string, depth int) error {
	if b := st.base; b != nil {
		bns := ns
		if b.val.st.hasNS {
			bns = b.val.st.name.Space
		}
		if err := e.writeStruct(w, b.val.st, v.Field(b.index), bns, depth); err != nil {
			return err
		}
	}
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
		if st.anyElems != nil && i == st.anyAt {
			writeAnyElems(w, st.anyElems, v)
		}
		if err := e.writeField(w, &st.elems[i], v.Field(st.elems[i].index), ns, depth); err != nil {
			return err
		}
	}
	if st.anyElems != nil && st.anyAt == len(st.elems) {
		writeAnyElems(w, st.anyElems, v)
	}
	return nil
}

// writeAnyElems writes the elements of the ,any field f of struct v as
// they are (nil ones left out).
func writeAnyElems(w infoset.Writer, f *fieldPlan, v reflect.Value) {
	for _, el := range v.Field(f.index).Interface().([]*etree.Element) {
		if el != nil {
			WriteElement(w, el)
		}
	}
}

func (e *encState) writeField(w infoset.Writer, f *fieldPlan, v reflect.Value, parentNS string, depth int) error {
	ns := parentNS
	if f.hasNS {
		ns = f.ns
	}
	switch {
	case f.wrapped:
		return e.writeWrapped(w, f, v, ns, depth+1)
	case f.list:
		if f.omitempty && v.Len() == 0 {
			return nil
		}
		writeList(w, f, v, ns)
		return nil
	case f.val.kind == kSlice:
		for i := 0; i < v.Len(); i++ {
			if err := e.writeValueElement(w, f.local, ns, f.val.elem, v.Index(i), depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if f.omitempty && v.IsZero() {
		return nil
	}
	return e.writeValueElement(w, f.local, ns, f.val, v, depth+1)
}

// itemSpace is the namespace of the items of the wrapped member f whose
// wrapper is in ns: the tag's, else the item contract's, else ns.
func itemSpace(f *fieldPlan, ns string) string {
	switch st := structOf(f.val.elem); {
	case f.itemHasNS:
		return f.itemNS
	case f.val.kind == kSlice && st != nil && st.hasNS:
		return st.name.Space
	}
	return ns
}

// writeWrapped writes a wrapped slice or map: i:nil for nil, as
// DataContractSerializer writes a null collection, else the wrapper with
// one item per entry (a map's as Key and Value, sorted by key).
func (e *encState) writeWrapped(w infoset.Writer, f *fieldPlan, v reflect.Value, ns string, depth int) error {
	if v.IsNil() {
		if !f.omitempty {
			writeNil(w, f.local, ns)
		}
		return nil
	}
	if f.omitempty && v.Len() == 0 {
		return nil
	}
	if depth >= MaxEncodeDepth {
		return fmt.Errorf("%w: MaxDepth (%d) at element %s", ErrQuotaExceeded, MaxEncodeDepth, f.local)
	}
	ins := itemSpace(f, ns)
	w.StartElement("", f.local, ns)
	if f.val.kind == kSlice {
		for i := 0; i < v.Len(); i++ {
			if err := e.writeValueElement(w, f.item, ins, f.val.elem, v.Index(i), depth+1); err != nil {
				return err
			}
		}
	} else {
		for _, k := range sortedKeys(v) {
			w.StartElement("", f.item, ins)
			if err := e.writeValueElement(w, "Key", ins, f.val.key, k, depth+2); err != nil {
				return err
			}
			if err := e.writeValueElement(w, "Value", ins, f.val.elem, v.MapIndex(k), depth+2); err != nil {
				return err
			}
			w.EndElement()
		}
	}
	w.EndElement()
	return nil
}

// sortedKeys returns the keys of map v in order: numbers by value,
// anything else by its text.
func sortedKeys(v reflect.Value) []reflect.Value {
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		switch a.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return cmp.Compare(a.Int(), b.Int())
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			return cmp.Compare(a.Uint(), b.Uint())
		case reflect.Float32, reflect.Float64:
			return cmp.Compare(a.Float(), b.Float())
		case reflect.String:
			return cmp.Compare(a.String(), b.String())
		}
		return cmp.Compare(fmt.Sprint(a.Interface()), fmt.Sprint(b.Interface()))
	})
	return keys
}

// writeList writes the list member f as one element whose text is its
// items' texts separated by spaces (xs:list), as DataContractSerializer
// writes a [Flags] enum.
func writeList(w infoset.Writer, f *fieldPlan, v reflect.Value, ns string) {
	var b []byte
	for i := 0; i < v.Len(); i++ {
		if t, ok := scalarText(f.val.elem, v.Index(i)); ok {
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = t.AppendTo(b)
		}
	}
	w.StartElement("", f.local, ns)
	if len(b) > 0 {
		w.Text(infoset.String(string(b)))
	}
	w.EndElement()
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
	case kGUID:
		if v.CanAddr() {
			return infoset.GUID((*GUID)(v.Addr().UnsafePointer()).wire()), true
		}
		return infoset.GUID(v.Interface().(GUID).wire()), true
	case kDecimal:
		if v.CanAddr() {
			return (*Decimal)(v.Addr().UnsafePointer()).text(), true
		}
		return v.Interface().(Decimal).text(), true
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
