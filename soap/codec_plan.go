package soap

// The body codec's type plans. A plan maps a Go type to the XML shape WCF's
// DataContractSerializer gives simple contracts (a wrapper element in the
// contract namespace, members as child elements in the same namespace), as
// selected by encoding/xml-style struct tags. Plans are compiled once per
// type and cached, so encoding and decoding do no reflection discovery.

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/beevik/etree"
	"github.com/wwsgo/wws/soap/infoset"
)

type valueKind uint8

const (
	kString valueKind = iota
	kBool
	kInt
	kUint
	kFloat32
	kFloat64
	kBytes
	kTime
	kDuration
	kStruct
	kPtr
	kSlice
	kGUID    // GUID
	kDecimal // Decimal
	kMap     // map[K]V, a field with a wrapper>item tag
)

// valuePlan is the plan for one Go type.
type valuePlan struct {
	kind  valueKind
	typ   reflect.Type
	ptrTo reflect.Type // *typ, the type Decode is given
	elem  *valuePlan   // kPtr, kSlice; kMap: the value
	key   *valuePlan   // kMap
	st    *structPlan  // kStruct
}

// structPlan is the plan for a struct type.
type structPlan struct {
	name     infoset.Name // element name from XMLName, else the type name
	hasNS    bool         // XMLName named a namespace: members use it
	hasName  bool         // XMLName gave the name
	elems    []fieldPlan
	attrs    []fieldPlan
	chardata *fieldPlan
	// base is the embedded contract this one extends (its members are
	// written first, in its own namespace), nil for most.
	base *fieldPlan
	// poly is the offset of the Polymorphic this struct embeds, directly
	// or through base, when hasPoly (codec_known.go).
	poly    uintptr
	hasPoly bool
	// isRef: the struct embeds Reference (an IsReference contract): Encode
	// writes a pointer to it met again as z:Ref (codec_reference.go).
	isRef bool
	// anyElems is the []*etree.Element field tagged ",any", nil for most:
	// Decode appends to it each child element no member takes (an
	// XmlSerializer [XmlAnyElement], xs:any), Encode writes its elements
	// after the first anyAt members (where the field is declared).
	anyElems *fieldPlan
	anyAt    int
}

// extended reports whether st takes part in inheritance (a base or a
// Polymorphic) or keeps unknown elements (an ,any field): the binary fast
// paths leave such structs to the general path.
func (st *structPlan) extended() bool { return st.base != nil || st.hasPoly || st.anyElems != nil }

// fieldPlan is the plan for one struct field.
type fieldPlan struct {
	index     int
	offset    uintptr   // of the field in its struct
	store     storeKind // the field's direct store (codec_store.go)
	local, ns string
	hasNS     bool
	omitempty bool
	val       *valuePlan
	// wrapped: a slice or map written as a wrapper element (local, ns)
	// holding one item element per entry (item, in itemNS when itemHasNS),
	// the tags xml:"ns Wrapper>Item" soap:"itemns=NS" (DataContract's
	// ArrayOf… and ArrayOfKeyValueOf… shapes).
	wrapped   bool
	item      string
	itemNS    string
	itemHasNS bool
	list      bool // ",list": a slice written as one space-separated text (xs:list; [Flags] enums)
}

func (st *structPlan) elem(local string) *fieldPlan {
	if i := st.elemIndex(local); i >= 0 {
		return &st.elems[i]
	}
	return nil
}

// elemIndex is the index in elems of the member named local, or -1.
func (st *structPlan) elemIndex(local string) int {
	for i := range st.elems {
		if st.elems[i].local == local {
			return i
		}
	}
	return -1
}

func (st *structPlan) attr(local string) *fieldPlan {
	for i := range st.attrs {
		if st.attrs[i].local == local {
			return &st.attrs[i]
		}
	}
	return nil
}

var (
	planCache sync.Map // reflect.Type → *valuePlan
	compileMu sync.Mutex
)

var (
	timeType     = reflect.TypeFor[time.Time]()
	durationType = reflect.TypeFor[time.Duration]()
	guidType     = reflect.TypeFor[GUID]()
	decimalType  = reflect.TypeFor[Decimal]()
	polyType     = reflect.TypeFor[Polymorphic]()
	refType      = reflect.TypeFor[Reference]()
	anyElemsType = reflect.TypeFor[[]*etree.Element]()
)

// The plans Decode and Encode used last: a service decodes the same few
// request types and encodes the same few reply types over and over (a
// client the other way round; a process that is both, both), and comparing
// a few types is cheaper than a sync.Map lookup. Each has its own, so that
// a call's decode and encode do not evict each other.
var lastDecodePlan, lastEncodePlan recentPlans

// recentPlans remembers the last few plans used.
type recentPlans struct {
	slots [4]atomic.Pointer[valuePlan]
	next  atomic.Uint32
}

// find returns the remembered plan of t, or nil.
func (r *recentPlans) find(t reflect.Type) *valuePlan {
	for i := range r.slots {
		if p := r.slots[i].Load(); p != nil && p.typ == t {
			return p
		}
	}
	return nil
}

// findPtr returns the remembered plan of the type pt points to, or nil.
func (r *recentPlans) findPtr(pt reflect.Type) *valuePlan {
	for i := range r.slots {
		if p := r.slots[i].Load(); p != nil && p.ptrTo == pt {
			return p
		}
	}
	return nil
}

// remember replaces the oldest remembered plan with p.
func (r *recentPlans) remember(p *valuePlan) {
	r.slots[r.next.Add(1)%uint32(len(r.slots))].Store(p)
}

// planFor returns the cached plan for t, compiling it on first use; last
// remembers it.
func planFor(t reflect.Type, last *recentPlans) (*valuePlan, error) {
	if p := last.find(t); p != nil {
		return p, nil
	}
	if p, ok := planCache.Load(t); ok {
		last.remember(p.(*valuePlan))
		return p.(*valuePlan), nil
	}
	compileMu.Lock()
	defer compileMu.Unlock()
	c := compiler{seen: map[reflect.Type]*valuePlan{}}
	if _, err := c.compile(t); err != nil {
		return nil, err
	}
	for t, p := range c.seen {
		planCache.LoadOrStore(t, p)
	}
	v, _ := planCache.Load(t)
	return v.(*valuePlan), nil
}

type compiler struct{ seen map[reflect.Type]*valuePlan }

func (c *compiler) compile(t reflect.Type) (*valuePlan, error) {
	if p, ok := c.seen[t]; ok {
		return p, nil
	}
	if p, ok := planCache.Load(t); ok {
		return p.(*valuePlan), nil
	}
	p := &valuePlan{typ: t, ptrTo: reflect.PointerTo(t)}
	c.seen[t] = p
	switch {
	case t == timeType:
		p.kind = kTime
	case t == durationType:
		p.kind = kDuration
	case t == guidType:
		p.kind = kGUID
	case t == decimalType:
		p.kind = kDecimal
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		p.kind = kBytes
	default:
		return p, c.compileKind(p, t)
	}
	return p, nil
}

func (c *compiler) compileKind(p *valuePlan, t reflect.Type) error {
	switch t.Kind() {
	case reflect.String:
		p.kind = kString
	case reflect.Bool:
		p.kind = kBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.kind = kInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		p.kind = kUint
	case reflect.Float32:
		p.kind = kFloat32
	case reflect.Float64:
		p.kind = kFloat64
	case reflect.Pointer:
		return c.compileElem(p, t, kPtr)
	case reflect.Slice:
		return c.compileElem(p, t, kSlice)
	case reflect.Map:
		return c.compileMap(p, t)
	case reflect.Struct:
		p.kind = kStruct
		st, err := c.compileStruct(t)
		p.st = st
		return err
	default:
		return fmt.Errorf("%w: %v", ErrUnsupportedType, t)
	}
	return nil
}

func (c *compiler) compileElem(p *valuePlan, t reflect.Type, k valueKind) error {
	p.kind = k
	e, err := c.compile(t.Elem())
	if err != nil {
		return err
	}
	if e.kind == kSlice || e.kind == kMap || k == kPtr && e.kind == kPtr {
		return fmt.Errorf("%w: %v (nested pointer or slice)", ErrUnsupportedType, t)
	}
	if k == kSlice && e.kind == kPtr && e.elem.kind == kPtr {
		return fmt.Errorf("%w: %v (nested pointer)", ErrUnsupportedType, t)
	}
	p.elem = e
	return nil
}

// compileMap compiles a map, whose keys are simple values and whose values
// are not slices (other than []byte) or maps.
func (c *compiler) compileMap(p *valuePlan, t reflect.Type) error {
	p.kind = kMap
	k, err := c.compile(t.Key())
	if err != nil {
		return err
	}
	if k.kind == kStruct || k.kind == kPtr || k.kind == kSlice || k.kind == kMap || k.kind == kBytes {
		return fmt.Errorf("%w: %v (map key must be a simple value)", ErrUnsupportedType, t)
	}
	e, err := c.compile(t.Elem())
	if err != nil {
		return err
	}
	if e.kind == kSlice || e.kind == kMap || e.kind == kPtr && e.elem.kind == kPtr {
		return fmt.Errorf("%w: %v (map value is a collection)", ErrUnsupportedType, t)
	}
	p.key, p.elem = k, e
	return nil
}

func (c *compiler) compileStruct(t reflect.Type) (*structPlan, error) {
	st := &structPlan{name: infoset.Name{Local: t.Name()}}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("xml")
		if sf.Name == "XMLName" {
			if name, _, _ := strings.Cut(tag, ","); name != "" {
				st.hasName = true
				st.name.Space, st.name.Local, st.hasNS = splitTagName(name)
			}
			continue
		}
		if sf.Anonymous && tag == "" && sf.Type == polyType {
			st.poly, st.hasPoly = sf.Offset, true
			continue
		}
		if sf.Anonymous && tag == "" && sf.Type == refType {
			st.isRef = true
			continue
		}
		if sf.Anonymous && tag == "" && sf.Type.Kind() == reflect.Struct && sf.Type != timeType {
			if err := c.compileBase(st, i, sf); err != nil {
				return nil, err
			}
			continue
		}
		if !sf.IsExported() || tag == "-" {
			continue
		}
		if err := c.compileField(st, i, sf, tag); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// compileBase compiles the embedded struct sf as the base contract st
// extends: one per struct, before st's own members.
func (c *compiler) compileBase(st *structPlan, i int, sf reflect.StructField) error {
	if st.base != nil || len(st.elems) > 0 || len(st.attrs) > 0 || st.chardata != nil || st.anyElems != nil {
		return fmt.Errorf("%w: %v: embedded base %s must be the first member and the only one", ErrUnsupportedType, sf.Type, sf.Name)
	}
	v, err := c.compile(sf.Type)
	if err != nil {
		return err
	}
	if v.st == nil {
		// A recursive embedding cannot compile; reflect rejects it anyway.
		return fmt.Errorf("%w: %v: embedded base %s", ErrUnsupportedType, sf.Type, sf.Name)
	}
	st.base = &fieldPlan{index: i, offset: sf.Offset, local: sf.Name, val: v}
	if v.st.hasPoly {
		if st.hasPoly {
			return fmt.Errorf("%w: %v: two Polymorphic fields", ErrUnsupportedType, sf.Type)
		}
		st.poly, st.hasPoly = sf.Offset+v.st.poly, true
	}
	return nil
}

func (c *compiler) compileField(st *structPlan, i int, sf reflect.StructField, tag string) error {
	name, opts, _ := strings.Cut(tag, ",")
	f := fieldPlan{index: i, local: sf.Name}
	if wrapper, item, ok := strings.Cut(name, ">"); ok {
		if item == "" || strings.ContainsAny(item, "> ") {
			return fmt.Errorf("%w: field %s: tag %q: want \"ns Wrapper>Item\"", ErrUnsupportedType, sf.Name, name)
		}
		name = wrapper
		f.wrapped, f.item = true, item
		if name == "" || strings.HasSuffix(name, " ") {
			name += sf.Name
		}
	}
	for _, o := range strings.Split(sf.Tag.Get("soap"), ",") {
		if ns, ok := strings.CutPrefix(o, "itemns="); ok && f.wrapped {
			f.itemNS, f.itemHasNS = ns, true
		} else if o != "" {
			return fmt.Errorf("%w: field %s: soap tag option %q (itemns= on a wrapper>item field)", ErrUnsupportedType, sf.Name, o)
		}
	}
	if name != "" {
		f.ns, f.local, f.hasNS = splitTagName(name)
	}
	var attr, chardata, anyElems bool
	for _, o := range strings.Split(opts, ",") {
		switch o {
		case "attr":
			attr = true
		case "chardata":
			chardata = true
		case "any":
			anyElems = true
		case "omitempty":
			f.omitempty = true
		case "list":
			f.list = true
		}
	}
	if anyElems || sf.Type == anyElemsType {
		return compileAnyElems(st, f, sf, name, anyElems && !attr && !chardata && !f.omitempty && !f.list)
	}
	v, err := c.compile(sf.Type)
	if err != nil {
		return fmt.Errorf("field %s: %w", sf.Name, err)
	}
	f.val = v
	switch {
	case f.wrapped && v.kind != kSlice && v.kind != kMap:
		return fmt.Errorf("%w: field %s: a wrapper>item tag needs a slice or a map", ErrUnsupportedType, sf.Name)
	case v.kind == kMap && !f.wrapped:
		return fmt.Errorf("%w: field %s: a map needs a wrapper>item tag (xml:\"ns Wrapper>KeyValueOf…\")", ErrUnsupportedType, sf.Name)
	case f.list && (v.kind != kSlice || f.wrapped || !simpleKind(v.elem.kind)):
		return fmt.Errorf("%w: field %s: list needs a slice of simple values", ErrUnsupportedType, sf.Name)
	}
	f.offset, f.store = sf.Offset, storeKindOf(sf.Type, v)
	switch {
	case attr || chardata:
		if k := scalarKind(v); k == kStruct || k == kSlice || k == kMap || f.wrapped || f.list {
			return fmt.Errorf("%w: field %s: attr/chardata needs a simple type", ErrUnsupportedType, sf.Name)
		}
		if chardata {
			st.chardata = &f
		} else {
			st.attrs = append(st.attrs, f)
		}
	default:
		st.elems = append(st.elems, f)
	}
	return nil
}

// compileAnyElems compiles the field f (sf, its tag's name part name) of
// st that keeps unknown child elements: a []*etree.Element tagged
// xml:",any" and nothing else (ok), one per struct.
func compileAnyElems(st *structPlan, f fieldPlan, sf reflect.StructField, name string, ok bool) error {
	switch {
	case sf.Type != anyElemsType || !ok || name != "":
		return fmt.Errorf("%w: field %s: unknown elements are kept by a []*etree.Element field tagged xml:\",any\" alone", ErrUnsupportedType, sf.Name)
	case st.anyElems != nil:
		return fmt.Errorf("%w: field %s: a second ,any field", ErrUnsupportedType, sf.Name)
	}
	f.offset = sf.Offset
	st.anyElems, st.anyAt = &f, len(st.elems)
	return nil
}

// simpleKind reports whether a value of kind k is written as text alone.
func simpleKind(k valueKind) bool {
	switch k {
	case kString, kBool, kInt, kUint, kFloat32, kFloat64, kTime, kDuration, kGUID, kDecimal:
		return true
	}
	return false
}

// scalarKind is the kind of v, looking through one pointer.
func scalarKind(v *valuePlan) valueKind {
	if v.kind == kPtr {
		return v.elem.kind
	}
	return v.kind
}

// splitTagName splits "ns local" or "local".
func splitTagName(s string) (ns, local string, hasNS bool) {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return "", s, false
}
