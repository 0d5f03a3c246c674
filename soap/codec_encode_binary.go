package soap

// The body codec's start tags as bytes, per binary encoder. The element of
// a body struct and its scalar members are written with the same start
// tags message after message; once their names are settled in the session
// (binxml.Writer.FinalTag), the encoder keeps the tags and writes each member
// with one binxml.Writer.LeafRaw. TestBodyTagsMatchGeneralPath holds the two
// to the same bytes.

import (
	"reflect"
	"unsafe"

	"github.com/wwsgo/wws/soap/internal/binxml"
)

// structTags are the start tags of one struct written as a body element
// directly in the Body of writeBinaryEnvelope, where no default namespace
// is declared.
type structTags struct {
	st      *structPlan
	ns      string        // the struct's namespace, its members'
	wrapper binxml.RawTag // declares the default namespace as ns when it is not ""
	members []memberTag   // by st.elems
}

// memberTag is the start tag of a member, nil Bytes for a member written
// by writeField. A signed integer member (kInt) is read at its offset in
// the struct.
type memberTag struct {
	binxml.RawTag
	off  uintptr
	ints reflect.Kind // Int, Int8…Int64 for kInt, else Invalid
}

// bodyTags are the structTags of one encoder.
type bodyTags struct {
	last  *structTags
	plans map[*structPlan]*structTags
}

// encode writes v as Encode does on w, whose open element is the Body of
// writeBinaryEnvelope.
func (c *bodyTags) encode(w *binxml.Writer, v any) error {
	p, rv, err := encodePlan(v)
	if err != nil {
		return err
	}
	var e encState
	if t := c.tags(w, p); t != nil {
		if err := t.write(w, &e, rv); err != nil {
			return err
		}
	} else {
		if err := e.writeValueElement(w, p.st.name.Local, p.st.name.Space, p, rv, 0); err != nil {
			return err
		}
	}
	return w.Err()
}

// tags returns the tags of the struct of plan p on w, nil while they are
// not settled.
func (c *bodyTags) tags(w *binxml.Writer, p *valuePlan) *structTags {
	st := p.st
	if c.last != nil && c.last.st == st {
		return c.last
	}
	t := c.plans[st]
	if t == nil {
		if t = newStructTags(w, p); t == nil {
			return nil
		}
		if c.plans == nil {
			c.plans = make(map[*structPlan]*structTags)
		}
		c.plans[st] = t
	}
	c.last = t
	return t
}

// newStructTags returns the tags of the struct of plan p on w, or nil
// when it has attributes or character data, or a name is not settled.
func newStructTags(w *binxml.Writer, p *valuePlan) *structTags {
	st := p.st
	if len(st.attrs) > 0 || st.chardata != nil || st.extended() {
		return nil
	}
	ns := st.name.Space
	wrapper, ok := w.FinalTag("", st.name.Local, ns, ns != "")
	if !ok {
		return nil
	}
	t := &structTags{st: st, ns: ns, wrapper: wrapper, members: make([]memberTag, len(st.elems))}
	for i := range st.elems {
		f, m := &st.elems[i], &t.members[i]
		if !leafKind(f.val.kind) || (f.hasNS && f.ns != ns) || f.wrapped || f.list {
			continue
		}
		if m.RawTag, ok = w.FinalTag("", f.local, ns, false); !ok {
			return nil
		}
		if f.val.kind == kInt {
			m.off, m.ints = p.typ.Field(f.index).Offset, f.val.typ.Kind()
		}
	}
	return t
}

// leafKind reports whether writeValueElement writes a value of kind k as a
// leaf (nil byte slices aside).
func leafKind(k valueKind) bool {
	switch k {
	case kString, kBool, kInt, kUint, kFloat32, kFloat64, kBytes, kTime, kDuration:
		return true
	}
	return false
}

// write writes v as writeValueElement would, with e's references.
func (t *structTags) write(w *binxml.Writer, e *encState, v reflect.Value) error {
	var base unsafe.Pointer // the struct's address when it has one
	if v.CanAddr() {
		base = unsafe.Pointer(v.UnsafeAddr())
	}
	w.StartRaw(&t.wrapper)
	for i := range t.members {
		f, m := &t.st.elems[i], &t.members[i]
		if m.ints != reflect.Invalid {
			var n int64
			if base != nil {
				n = intAt(unsafe.Add(base, m.off), m.ints)
			} else {
				n = v.Field(f.index).Int()
			}
			if n != 0 || !f.omitempty {
				w.LeafRawInt(&m.RawTag, n)
			}
			continue
		}
		fv := v.Field(f.index)
		switch {
		case m.Bytes == nil || (f.val.kind == kBytes && fv.IsNil()):
			if err := e.writeField(w, f, fv, t.ns, 0); err != nil {
				return err
			}
		case f.omitempty && fv.IsZero():
		default:
			text, _ := scalarText(f.val, fv) // "" has no text: the leaf is empty, as writeValueElement writes it
			w.LeafRaw(&m.RawTag, text)
		}
	}
	w.EndElement()
	return nil
}

// intAt reads the signed integer of kind k at p.
func intAt(p unsafe.Pointer, k reflect.Kind) int64 {
	switch k {
	case reflect.Int8:
		return int64(*(*int8)(p))
	case reflect.Int16:
		return int64(*(*int16)(p))
	case reflect.Int32:
		return int64(*(*int32)(p))
	case reflect.Int:
		return int64(*(*int)(p))
	}
	return *(*int64)(p)
}
