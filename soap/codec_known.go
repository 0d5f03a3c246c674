package soap

// Inheritance of data contracts (DataContractSerializer's KnownType): a
// value of a derived contract sent where its base is declared carries
// i:type="prefix:Derived" (XML Schema Part 1 §2.6.1), its base members
// first, each class's members in its own namespace. The design on the Go
// side is in doc.go ("Inheritance").

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"unsafe"

	"github.com/wwsgo/wws/soap/infoset"
)

// Polymorphic is embedded in the root of a hierarchy of data contracts (a
// base contract with KnownTypes). When Decode meets a derived contract
// (i:type) where the base is declared, it decodes the whole derived value
// and keeps a pointer to it here: the base struct holds the base members,
// Derived returns the derived value. Encode writes the derived value, with
// i:type, for a base that AsBase returned or Decode filled so.
type Polymorphic struct {
	derived any // a pointer to the struct that embeds this one, or nil
}

// Derived returns a pointer to the derived contract value (e.g.
// *RushOrder) this base value is part of, or nil when it is the base
// contract alone.
func (p *Polymorphic) Derived() any { return p.derived }

// knownTypes maps a contract name to its registered Go struct types: more
// than one when a program holds two packages generated for one contract
// (each with its own base type); knownDerived picks the one that derives
// from the type declared. A list is replaced, never changed, under knownMu.
var (
	knownTypes sync.Map // infoset.Name{Local, Space} → []reflect.Type
	knownMu    sync.Mutex
)

// RegisterKnownType registers the struct type of v (a struct or a pointer
// to one, its XMLName naming its contract's namespace and name) so that
// Decode resolves an i:type naming that contract. The type must embed the
// base contract it derives from as its first field (see doc.go). It
// returns an error for a type the codec cannot carry.
func RegisterKnownType(v any) error {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return fmt.Errorf("%w: RegisterKnownType needs a struct, got %T", ErrUnsupportedType, v)
	}
	p, err := planFor(t, &lastDecodePlan)
	if err != nil {
		return err
	}
	if !p.st.hasName || !p.st.hasNS {
		return fmt.Errorf("%w: %v: a known type needs an XMLName tag with its namespace", ErrUnsupportedType, t)
	}
	if p.st.base == nil || !p.st.hasPoly {
		return fmt.Errorf("%w: %v: a known type embeds its base contract, whose root embeds Polymorphic", ErrUnsupportedType, t)
	}
	n := infoset.Name{Local: p.st.name.Local, Space: p.st.name.Space}
	knownMu.Lock()
	defer knownMu.Unlock()
	var list []reflect.Type
	if old, ok := knownTypes.Load(n); ok {
		list = old.([]reflect.Type)
	}
	if !slices.Contains(list, t) {
		knownTypes.Store(n, append(slices.Clip(list), t))
	}
	return nil
}

// AsBase returns a pointer to the base contract B that derived (a pointer
// to a struct) embeds, directly or through other bases, marked so that
// Encode writes the whole derived value with i:type where B is declared.
// It returns nil when derived does not embed B, or B has no Polymorphic.
func AsBase[B any](derived any) *B {
	dv := reflect.ValueOf(derived)
	if dv.Kind() != reflect.Pointer || dv.IsNil() {
		return nil
	}
	p, err := planFor(dv.Type().Elem(), &lastEncodePlan)
	if err != nil || p.kind != kStruct || !p.st.hasPoly {
		return nil
	}
	bv, ok := upcast(dv, reflect.TypeFor[B]())
	if !ok {
		return nil
	}
	polyAt(dv, p.st).derived = derived
	return (*B)(bv.UnsafePointer())
}

// polyAt returns the Polymorphic of the struct pv points to.
func polyAt(pv reflect.Value, st *structPlan) *Polymorphic {
	return (*Polymorphic)(unsafe.Add(pv.UnsafePointer(), st.poly))
}

// upcast returns a pointer to the struct of type want that the struct pv
// points to is or embeds as its base chain.
func upcast(pv reflect.Value, want reflect.Type) (reflect.Value, bool) {
	v := pv.Elem()
	for {
		if v.Type() == want {
			return v.Addr(), true
		}
		p, err := planFor(v.Type(), &lastDecodePlan)
		if err != nil || p.kind != kStruct || p.st.base == nil {
			return reflect.Value{}, false
		}
		v = baseOf(v, p.st)
	}
}

// baseOf returns the base contract embedded in the struct v of plan st,
// settable when v is even if the embedded type is unexported.
func baseOf(v reflect.Value, st *structPlan) reflect.Value {
	f := v.Field(st.base.index)
	if v.CanSet() && !f.CanSet() {
		f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
	}
	return f
}

// derivedOf returns the derived value to write for the addressable base
// struct v of plan p: the value its Polymorphic holds when v is that
// value's base (not a copy of it), and its plan.
func derivedOf(p *valuePlan, v reflect.Value) (reflect.Value, *valuePlan, bool) {
	if !p.st.hasPoly || !v.CanAddr() {
		return reflect.Value{}, nil, false
	}
	d := polyAt(v.Addr(), p.st).derived
	if d == nil {
		return reflect.Value{}, nil, false
	}
	dv := reflect.ValueOf(d)
	if dv.Kind() != reflect.Pointer || dv.IsNil() || dv.Type().Elem() == p.typ {
		return reflect.Value{}, nil, false
	}
	bv, ok := upcast(dv, p.typ)
	if !ok || bv.UnsafePointer() != v.Addr().UnsafePointer() {
		return reflect.Value{}, nil, false
	}
	dp, err := planFor(dv.Type().Elem(), &lastEncodePlan)
	if err != nil || !dp.st.hasName || !dp.st.hasNS {
		return reflect.Value{}, nil, false
	}
	return dv.Elem(), dp, true
}

// typePrefix is the prefix writeValueElement declares for an i:type
// naming a namespace other than the element's.
const typePrefix = "t"

// writeTyped writes the derived value dv (plan dp) as the element local in
// ns, declared as its base: i:type names dp's contract.
func (e *encState) writeTyped(w infoset.Writer, local, ns string, dp *valuePlan, dv reflect.Value, depth int) error {
	w.StartElement("", local, ns)
	prefix := ""
	if dp.st.name.Space != ns {
		prefix = typePrefix
		w.Xmlns(prefix, dp.st.name.Space)
	}
	w.Attr("i", "type", NamespaceXSI, infoset.QName(prefix, dp.st.name.Local))
	if err := e.writeStruct(w, dp.st, dv, dp.st.name.Space, depth); err != nil {
		return err
	}
	w.EndElement()
	return nil
}

// xsiType returns the contract an i:type attribute on the current element
// names, resolved in scope.
func xsiType(r infoset.Reader) (infoset.Name, bool, error) {
	for _, a := range r.Attrs() {
		if a.Name.Local != "type" || attrSpace(r, a) != NamespaceXSI {
			continue
		}
		prefix, local := a.Value.QNameParts()
		ns, ok := r.LookupNamespace(prefix)
		if !ok && prefix != "" {
			return infoset.Name{}, false, fmt.Errorf("%w: i:type %q: prefix %q is not declared", ErrDecode, a.Value.String(), prefix)
		}
		return infoset.Name{Local: local, Space: ns}, true, nil
	}
	return infoset.Name{}, false, nil
}

// knownDerived returns the plan of the contract named n that derives from
// the struct of plan p, or nil when n is p's own contract.
func knownDerived(n infoset.Name, p *valuePlan) (*valuePlan, error) {
	st := p.st
	if n.Local == st.name.Local && (!st.hasNS || n.Space == st.name.Space) {
		return nil, nil
	}
	list, ok := knownTypes.Load(n)
	if !ok {
		return nil, fmt.Errorf("%w: i:type %s (%s) is not a known type of %v (RegisterKnownType)", ErrDecode, n.Local, n.Space, p.typ)
	}
	for _, t := range list.([]reflect.Type) {
		dp, err := planFor(t, &lastDecodePlan)
		if err != nil {
			return nil, err
		}
		if _, ok := upcast(reflect.New(dp.typ), p.typ); ok && dp.st.hasPoly {
			return dp, nil
		}
	}
	return nil, fmt.Errorf("%w: i:type %s (%s): no registered type of that contract derives from %v", ErrDecode, n.Local, n.Space, p.typ)
}
