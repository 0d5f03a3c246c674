package soap

// Decoding DataContract-shaped XML into Go values through an
// infoset.Reader. Text is read through the typed accessors (Text.Int64,
// Text.Bool, …) so native binary records and text both decode. Like
// DataContractSerializer for extra members, unknown child elements are
// skipped; missing ones leave zero values. Child elements match by local
// name.

import (
	"fmt"
	"reflect"
	"sync"
	"unsafe"

	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// MaxDecodeDepth bounds the element nesting Decode follows (WCF's default
// reader quota MaxDepth is 32; buffered readers use 128).
const MaxDecodeDepth = 128

// decoder is one Decode call's state, on its stack. Its text accumulator
// comes from accPool when an element's text needs one.
type decoder struct {
	acc  *textAcc
	refs map[string]reflect.Value // z:Id → the pointer decoded for it
}

var accPool = sync.Pool{New: func() any { return new(textAcc) }}

// text returns the decoder's accumulator, reset.
func (d *decoder) text() *textAcc {
	if d.acc == nil {
		d.acc = accPool.Get().(*textAcc)
	}
	d.acc.reset()
	return d.acc
}

// release returns the accumulator to accPool.
func (d *decoder) release() {
	if d.acc != nil {
		accPool.Put(d.acc)
		d.acc = nil
	}
}

// Decode reads the element r is on (its StartElement) through its
// EndElement into v, a non-nil pointer. When v's type has an XMLName tag,
// the element's local name (and namespace, if the tag names one) must match.
func Decode(r infoset.Reader, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("%w: Decode needs a non-nil pointer, got %T", ErrUnsupportedType, v)
	}
	p, err := decodePlan(rv.Type())
	if err != nil {
		return err
	}
	if br := binxml.ReaderOf(r); br != nil && leafRunEntry(br, p) {
		var d decoder
		ok := d.leafRun(br, p.st, rv.Elem(), 0)
		d.release()
		if ok {
			return nil
		}
	}
	var name string // for error messages
	if st := structOf(p); st != nil {
		name = st.name.Local
		if err := checkName(r, st); err != nil {
			return err
		}
	} else {
		name = p.typ.Name()
	}
	var d decoder
	err = d.element(r, name, p, rv.Elem(), 0)
	d.release()
	return err
}

// leafRunEntry reports whether Decode of a value of plan p from br may
// start with leafRun, which needs what element and structContent check
// first to hold: a struct (not a pointer to one) with no attribute and no
// chardata member, the element's name as checkName wants it, no i:nil.
// When leafRun then does not take the element, the general path reads it.
func leafRunEntry(br *binxml.Reader, p *valuePlan) bool {
	st := p.st
	if p.kind != kStruct || len(st.attrs) != 0 || st.chardata != nil {
		return false
	}
	if st.hasName {
		n := br.Name()
		if n.Local != st.name.Local || (st.hasNS && n.Space != st.name.Space) {
			return false
		}
	}
	for _, a := range br.Attrs() {
		switch a.Name.Local {
		case "nil":
			if isNil(br) {
				return false
			}
		case "type", "Id", "Ref":
			return false // element reads them
		}
	}
	return !st.extended()
}

// decodePlan is planFor the type pointer type pt points to.
func decodePlan(pt reflect.Type) (*valuePlan, error) {
	if p := lastDecodePlan.findPtr(pt); p != nil {
		return p, nil
	}
	return planFor(pt.Elem(), &lastDecodePlan)
}

func structOf(p *valuePlan) *structPlan {
	if p.kind == kPtr {
		p = p.elem
	}
	return p.st
}

func checkName(r infoset.Reader, st *structPlan) error {
	if !st.hasName {
		return nil
	}
	n := r.Name()
	if n.Local != st.name.Local || (st.hasNS && n.Space != st.name.Space) {
		return fmt.Errorf("%w: element %s (%s), want %s (%s)", ErrDecode, n.Local, n.Space, st.name.Local, st.name.Space)
	}
	return nil
}

// element decodes the element r is on into v; name is the expected local
// name, used in error messages.
func (d *decoder) element(r infoset.Reader, name string, p *valuePlan, v reflect.Value, depth int) error {
	if depth >= MaxDecodeDepth {
		return fmt.Errorf("%w: MaxDepth (%d) at element %s", ErrQuotaExceeded, MaxDecodeDepth, name)
	}
	if st := structOf(p); st != nil && len(r.Attrs()) != 0 {
		if done, err := d.special(r, name, p, v, depth); done || err != nil {
			return err
		}
	}
	if isNil(r) {
		v.SetZero()
		return skipElement(r)
	}
	if p.kind == kPtr {
		if v.IsNil() {
			v.Set(reflect.New(p.typ.Elem()))
		}
		v, p = v.Elem(), p.elem
	}
	if p.kind == kStruct {
		return d.structContent(r, p.st, v, depth)
	}
	acc := d.text()
	if err := readTextInto(r, acc); err != nil {
		return fmt.Errorf("%w: element %s: %w", ErrDecode, name, err)
	}
	if err := setScalar(p, v, acc.text()); err != nil {
		return fmt.Errorf("%w: element %s: %w", ErrDecode, name, err)
	}
	return nil
}

// special decodes a struct element (p a struct or a pointer to one) that
// carries z:Ref, z:Id or i:type; it reports false, reading nothing, for an
// element with none of them.
func (d *decoder) special(r infoset.Reader, name string, p *valuePlan, v reflect.Value, depth int) (bool, error) {
	id, ref := refAttrs(r)
	typ, typed, err := xsiType(r)
	if err != nil || id == "" && ref == "" && !typed {
		return false, err
	}
	if ref != "" {
		target, ok := d.refs[ref]
		if !ok {
			return true, fmt.Errorf("%w: element %s: z:Ref %q names no earlier z:Id", ErrDecode, name, ref)
		}
		if err := assignRef(p, v, target); err != nil {
			return true, fmt.Errorf("%w: element %s: z:Ref %q: %w", ErrDecode, name, ref, err)
		}
		return true, skipElement(r)
	}
	if isNil(r) {
		v.SetZero()
		return true, skipElement(r)
	}
	sp := p
	if p.kind == kPtr {
		sp = p.elem
	}
	// Only a contract that takes derived values (it embeds Polymorphic)
	// resolves i:type; any other reads as the type declared, its own
	// members filled and a derived contract's skipped.
	var dp *valuePlan
	if typed && sp.kind == kStruct && sp.st.hasPoly {
		if dp, err = knownDerived(typ, sp); err != nil {
			return true, err
		}
	}
	// The value decoded into: a new derived value, or the declared one.
	var target reflect.Value // a pointer
	switch {
	case dp != nil:
		target = reflect.New(dp.typ)
	case p.kind == kPtr:
		if v.IsNil() {
			v.Set(reflect.New(p.typ.Elem()))
		}
		target = v
	default:
		target = v.Addr()
	}
	if id != "" {
		if d.refs == nil {
			d.refs = make(map[string]reflect.Value)
		}
		if len(d.refs) >= MaxReferences {
			return true, fmt.Errorf("%w: more than %d z:Id objects", ErrQuotaExceeded, MaxReferences)
		}
		d.refs[id] = target
	}
	if dp == nil {
		return true, d.structContent(r, sp.st, target.Elem(), depth)
	}
	if err := d.structContent(r, dp.st, target.Elem(), depth); err != nil {
		return true, err
	}
	polyAt(target, dp.st).derived = target.Interface()
	return true, assignRef(p, v, target)
}

// assignRef stores the struct pointer target in v of plan p: the pointer
// itself (or to its base of p's type) for a pointer, a copy otherwise.
func assignRef(p *valuePlan, v reflect.Value, target reflect.Value) error {
	want := p.typ
	if p.kind == kPtr {
		want = p.typ.Elem()
	}
	bv, ok := upcast(target, want)
	if !ok {
		return fmt.Errorf("%v is not a %v", target.Type().Elem(), want)
	}
	if p.kind == kPtr {
		v.Set(bv)
	} else {
		v.Set(bv.Elem())
	}
	return nil
}

// isNil reports an i:nil="true" attribute on the current element.
func isNil(r infoset.Reader) bool {
	for _, a := range r.Attrs() {
		if a.Name.Local == "nil" && attrSpace(r, a) == NamespaceXSI {
			b, _ := a.Value.Bool()
			return b
		}
	}
	return false
}

func (d *decoder) structContent(r infoset.Reader, st *structPlan, v reflect.Value, depth int) error {
	if err := decodeAttrs(r, st, v); err != nil {
		return err
	}
	var chars *textAcc
	if st.chardata != nil {
		chars = &textAcc{}
	}
	br := binxml.ReaderOf(r)
	if br != nil && (chars != nil || st.anyElems != nil) {
		br = nil // the general path reads text and keeps unknown elements
	}
	if br != nil {
		if d.leafRun(br, st, v, depth) {
			return nil
		}
		br.RecordLeaves(st)
	}
	elemDepth := r.Depth()
	for {
		if br != nil && br.NextLeaf() {
			if err := d.leafMember(br, st, v, depth); err != nil {
				return err
			}
			continue
		}
		k, err := r.Next()
		if err != nil {
			return err
		}
		switch k {
		case infoset.EOF:
			return fmt.Errorf("%w: document ends inside %s", ErrDecode, st.name.Local)
		case infoset.CharData:
			if chars != nil {
				chars.add(r.Text())
			}
		case infoset.EndElement:
			if r.Depth() == elemDepth {
				return finishChardata(st, v, chars)
			}
		case infoset.StartElement:
			if err := d.member(r, st, v, depth); err != nil {
				return err
			}
		}
	}
}

// leafRun decodes the content of the struct element br is on when br
// remembers it as leaves only (binxml.Reader.PeekLeaves): the content the
// general path, reading it leaf by leaf, recorded for st before
// (RecordLeaves, and MarkLeaf in leafMember). Each leaf is stored as
// leafMember stores it, directly into its field when it has a direct
// store. It reports false when br does not remember the content or when a
// leaf's value fails to decode; br is then untouched and the general path
// decodes the element again, meeting the same error. The leaves it decoded
// are stored again the same way, as no slice member is ever recorded.
func (d *decoder) leafRun(br *binxml.Reader, st *structPlan, v reflect.Value, depth int) bool {
	if depth+1 >= MaxDecodeDepth || !v.CanAddr() {
		return false // leaf fails
	}
	texts, marks, ok := br.PeekLeaves(st)
	if !ok {
		return false
	}
	base := unsafe.Pointer(v.UnsafeAddr())
	for i := range texts {
		if marks[i] < 0 {
			continue // an unknown member, skipped
		}
		f := &st.elems[marks[i]]
		t := &texts[i]
		if store(f.store, unsafe.Add(base, f.offset), t) {
			continue
		}
		if d.leaf(*t, f.local, f.val, v.Field(f.index), depth+1) != nil {
			return false
		}
	}
	return br.SkipLeaves()
}

func (d *decoder) member(r infoset.Reader, st *structPlan, v reflect.Value, depth int) error {
	f, fv := st.member(r.Name().Local, v)
	if f == nil {
		if st.anyElems != nil {
			return d.anyElement(r, st.anyElems, v, depth+1)
		}
		return skipElement(r)
	}
	switch {
	case f.wrapped:
		return d.wrapped(r, f, fv, depth+1)
	case f.list:
		return d.list(r, f, fv, depth+1)
	case f.val.kind != kSlice:
		return d.element(r, f.local, f.val, fv, depth+1)
	}
	n := fv.Len()
	fv.Set(reflect.Append(fv, reflect.Zero(f.val.elem.typ)))
	return d.element(r, f.local, f.val.elem, fv.Index(n), depth+1)
}

// anyElement reads the element r is on, which no member of the struct v
// takes, into an etree element appended to its ,any field f.
func (d *decoder) anyElement(r infoset.Reader, f *fieldPlan, v reflect.Value, depth int) error {
	if depth >= MaxDecodeDepth {
		return fmt.Errorf("%w: MaxDepth (%d) at element %s", ErrQuotaExceeded, MaxDecodeDepth, r.Name().Local)
	}
	e, err := ReadElement(r) // its depth bounded by the reader's quota
	if err != nil {
		return err
	}
	fv := v.Field(f.index)
	fv.Set(reflect.Append(fv, reflect.ValueOf(e)))
	return nil
}

// leafMember is member for a leaf element read by binxml.Reader.NextLeaf,
// which leaves the reader on the leaf's EndElement with its Name and Text.
// It marks the leaf for a recording run (see leafRun): with its member, or
// -1 for an unknown one; a slice member is left unmarked, so that the run
// is not kept.
func (d *decoder) leafMember(br *binxml.Reader, st *structPlan, v reflect.Value, depth int) error {
	i := st.elemIndex(br.Name().Local)
	if i < 0 && st.base != nil {
		// A base member, left unmarked: the run is not kept.
		f, fv := st.member(br.Name().Local, v)
		if f == nil {
			return nil
		}
		return d.leafField(br.Text(), f, fv, depth)
	}
	if i < 0 {
		br.MarkLeaf(-1)
		return nil // skipped, as by skipElement
	}
	f := &st.elems[i]
	if f.wrapped || f.list {
		return d.leafField(br.Text(), f, v.Field(f.index), depth) // unmarked
	}
	fv, p := v.Field(f.index), f.val
	if p.kind == kSlice {
		n := fv.Len()
		fv.Set(reflect.Append(fv, reflect.Zero(p.elem.typ)))
		fv, p = fv.Index(n), p.elem
	} else {
		br.MarkLeaf(i)
	}
	return d.leaf(br.Text(), f.local, p, fv, depth+1)
}

// leafField decodes the leaf text t of member f (field fv) as member
// would decode the element.
func (d *decoder) leafField(t infoset.Text, f *fieldPlan, fv reflect.Value, depth int) error {
	switch {
	case f.wrapped: // a wrapper without items (its text ignored, as by wrapped): an empty collection
		emptyCollection(f, fv)
		return nil
	case f.list:
		return setList(f, fv, t)
	case f.val.kind == kSlice:
		n := fv.Len()
		fv.Set(reflect.Append(fv, reflect.Zero(f.val.elem.typ)))
		return d.leaf(t, f.local, f.val.elem, fv.Index(n), depth+1)
	}
	return d.leaf(t, f.local, f.val, fv, depth+1)
}

// leaf is element for an element without attributes whose content is the
// one text t: the same checks, values and errors.
func (d *decoder) leaf(t infoset.Text, name string, p *valuePlan, v reflect.Value, depth int) error {
	if depth >= MaxDecodeDepth {
		return fmt.Errorf("%w: MaxDepth (%d) at element %s", ErrQuotaExceeded, MaxDecodeDepth, name)
	}
	// No attributes, so no i:nil.
	if p.kind == kPtr {
		if v.IsNil() {
			v.Set(reflect.New(p.typ.Elem()))
		}
		v, p = v.Elem(), p.elem
	}
	if p.kind == kStruct { // structContent with no attributes and no child
		if p.st.chardata == nil {
			return nil
		}
		var chars textAcc
		chars.add(t)
		return finishChardata(p.st, v, &chars)
	}
	if !keepable(t) { // joined as readTextInto joins one piece
		acc := d.text()
		acc.add(t)
		t = acc.text()
	}
	if err := setScalar(p, v, t); err != nil {
		return fmt.Errorf("%w: element %s: %w", ErrDecode, name, err)
	}
	return nil
}

func decodeAttrs(r infoset.Reader, st *structPlan, v reflect.Value) error {
	if len(st.attrs) == 0 {
		return nil
	}
	for _, a := range r.Attrs() {
		if _, ok := a.IsXmlns(); ok {
			continue
		}
		f := st.attr(a.Name.Local)
		if f == nil {
			continue
		}
		fv, p := v.Field(f.index), f.val
		if p.kind == kPtr {
			fv.Set(reflect.New(p.typ.Elem()))
			fv, p = fv.Elem(), p.elem
		}
		if err := setScalar(p, fv, a.Value); err != nil {
			return fmt.Errorf("%w: attribute %s: %w", ErrDecode, f.local, err)
		}
	}
	return nil
}

func finishChardata(st *structPlan, v reflect.Value, chars *textAcc) error {
	if chars == nil {
		return nil
	}
	f := st.chardata
	fv, p := v.Field(f.index), f.val
	if p.kind == kPtr {
		fv.Set(reflect.New(p.typ.Elem()))
		fv, p = fv.Elem(), p.elem
	}
	if err := setScalar(p, fv, chars.text()); err != nil {
		return fmt.Errorf("%w: text of %s: %w", ErrDecode, st.name.Local, err)
	}
	return nil
}

// setScalar stores t into v of simple kind p.
func setScalar(p *valuePlan, v reflect.Value, t infoset.Text) error {
	switch p.kind {
	case kString:
		v.SetString(t.String())
	case kBool:
		b, err := t.Bool()
		if err != nil {
			return err
		}
		v.SetBool(b)
	case kInt:
		return setInt(v, t)
	case kUint:
		return setUint(v, t)
	case kFloat32, kFloat64:
		f, err := t.Float64()
		if err != nil {
			return err
		}
		v.SetFloat(f)
	case kBytes:
		return setBytes(v, t)
	case kDuration:
		ticks, err := t.TimeSpanTicks()
		if err != nil {
			return err
		}
		v.SetInt(ticks * 100)
	case kTime:
		tm, err := t.Time()
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(tm))
	case kGUID:
		g, err := t.GUIDBytes()
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(guidFromWire(g)))
	case kDecimal:
		dec, err := decimalOf(t)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(dec))
	default:
		return fmt.Errorf("%w: %v", ErrUnsupportedType, p.typ)
	}
	return nil
}

func setInt(v reflect.Value, t infoset.Text) error {
	n, err := t.Int64()
	if err != nil {
		return err
	}
	if v.OverflowInt(n) {
		return fmt.Errorf("value %d overflows %v", n, v.Type())
	}
	v.SetInt(n)
	return nil
}

func setUint(v reflect.Value, t infoset.Text) error {
	n, err := t.Uint64()
	if err != nil {
		return err
	}
	if v.OverflowUint(n) {
		return fmt.Errorf("value %d overflows %v", n, v.Type())
	}
	v.SetUint(n)
	return nil
}

func setBytes(v reflect.Value, t infoset.Text) error {
	var b []byte
	var err error
	if t.Kind() == infoset.TextBytes {
		b = append([]byte{}, t.RawBytes()...)
	} else {
		b, err = t.AppendBytes([]byte{})
	}
	if err != nil {
		return err
	}
	v.SetBytes(b)
	return nil
}
