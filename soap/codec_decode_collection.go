package soap

// Decoding the members that are not one element per value: wrapped
// collections (DataContract's ArrayOf… and ArrayOfKeyValueOf…: a wrapper
// element holding one item per entry, i:nil for a null collection), xs:list
// members, and the members of an embedded base contract.

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/wwsgo/wws/soap/infoset"
)

// member returns the member of st named local, looking into its base
// contracts too, and its field in v; nil when there is none.
func (st *structPlan) member(local string, v reflect.Value) (*fieldPlan, reflect.Value) {
	for {
		if f := st.elem(local); f != nil {
			return f, v.Field(f.index)
		}
		if st.base == nil {
			return nil, reflect.Value{}
		}
		v = baseOf(v, st)
		st = st.base.val.st
	}
}

// emptyCollection sets the collection field fv of f to an empty, non-nil
// value: an empty wrapper is an empty collection, not a null one.
func emptyCollection(f *fieldPlan, fv reflect.Value) {
	if f.val.kind == kMap {
		fv.Set(reflect.MakeMap(f.val.typ))
	} else {
		fv.Set(reflect.MakeSlice(f.val.typ, 0, 0))
	}
}

// wrapped decodes the wrapper element r is on into the slice or map field
// fv of f: i:nil gives nil, else each item element named f.item is
// decoded; other children are skipped.
func (d *decoder) wrapped(r infoset.Reader, f *fieldPlan, fv reflect.Value, depth int) error {
	if depth >= MaxDecodeDepth {
		return fmt.Errorf("%w: MaxDepth (%d) at element %s", ErrQuotaExceeded, MaxDecodeDepth, f.local)
	}
	if isNil(r) {
		fv.SetZero()
		return skipElement(r)
	}
	emptyCollection(f, fv)
	return d.children(r, f.local, func(r infoset.Reader) error {
		if r.Name().Local != f.item {
			return skipElement(r)
		}
		if f.val.kind == kMap {
			return d.mapItem(r, f, fv, depth+1)
		}
		n := fv.Len()
		fv.Set(reflect.Append(fv, reflect.Zero(f.val.elem.typ)))
		return d.element(r, f.item, f.val.elem, fv.Index(n), depth+1)
	})
}

// mapItem decodes one KeyValueOf… item into the map fv: its Key and Value
// children, a key given twice being an error, as for Dictionary.Add.
func (d *decoder) mapItem(r infoset.Reader, f *fieldPlan, fv reflect.Value, depth int) error {
	if depth >= MaxDecodeDepth {
		return fmt.Errorf("%w: MaxDepth (%d) at element %s", ErrQuotaExceeded, MaxDecodeDepth, f.item)
	}
	k := reflect.New(f.val.key.typ).Elem()
	v := reflect.New(f.val.elem.typ).Elem()
	var hasKey bool
	err := d.children(r, f.item, func(r infoset.Reader) error {
		switch r.Name().Local {
		case "Key":
			hasKey = true
			return d.element(r, "Key", f.val.key, k, depth+1)
		case "Value":
			return d.element(r, "Value", f.val.elem, v, depth+1)
		}
		return skipElement(r)
	})
	if err != nil {
		return err
	}
	if !hasKey {
		return fmt.Errorf("%w: element %s: %s without a Key", ErrDecode, f.local, f.item)
	}
	if fv.MapIndex(k).IsValid() {
		return fmt.Errorf("%w: element %s: key %v given twice", ErrDecode, f.local, k.Interface())
	}
	fv.SetMapIndex(k, v)
	return nil
}

// children calls each for every child element of the element r is on,
// which each must read through its EndElement; text between them is
// ignored.
func (d *decoder) children(r infoset.Reader, name string, each func(infoset.Reader) error) error {
	depth := r.Depth()
	for {
		k, err := r.Next()
		if err != nil {
			return err
		}
		switch k {
		case infoset.EOF:
			return fmt.Errorf("%w: document ends inside %s", ErrDecode, name)
		case infoset.EndElement:
			if r.Depth() == depth {
				return nil
			}
		case infoset.StartElement:
			if err := each(r); err != nil {
				return err
			}
		}
	}
}

// list decodes the xs:list element r is on into the slice field fv of f.
func (d *decoder) list(r infoset.Reader, f *fieldPlan, fv reflect.Value, depth int) error {
	if depth >= MaxDecodeDepth {
		return fmt.Errorf("%w: MaxDepth (%d) at element %s", ErrQuotaExceeded, MaxDecodeDepth, f.local)
	}
	if isNil(r) {
		fv.SetZero()
		return skipElement(r)
	}
	acc := d.text()
	if err := readTextInto(r, acc); err != nil {
		return fmt.Errorf("%w: element %s: %w", ErrDecode, f.local, err)
	}
	return setList(f, fv, acc.text())
}

// setList sets the slice fv of list member f from the space-separated
// text t.
func setList(f *fieldPlan, fv reflect.Value, t infoset.Text) error {
	items := strings.Fields(t.String())
	s := reflect.MakeSlice(f.val.typ, len(items), len(items))
	for i, it := range items {
		if err := setScalar(f.val.elem, s.Index(i), infoset.String(it)); err != nil {
			return fmt.Errorf("%w: element %s: %w", ErrDecode, f.local, err)
		}
	}
	fv.Set(s)
	return nil
}
