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
)

// valuePlan is the plan for one Go type.
type valuePlan struct {
	kind  valueKind
	typ   reflect.Type
	ptrTo reflect.Type // *typ, the type Decode is given
	elem  *valuePlan   // kPtr, kSlice
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
}

// fieldPlan is the plan for one struct field.
type fieldPlan struct {
	index     int
	offset    uintptr   // of the field in its struct
	store     storeKind // the field's direct store (codec_store.go)
	local, ns string
	hasNS     bool
	omitempty bool
	val       *valuePlan
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
	if e.kind == kPtr || e.kind == kSlice {
		return fmt.Errorf("%w: %v (nested pointer or slice)", ErrUnsupportedType, t)
	}
	p.elem = e
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
		if !sf.IsExported() || tag == "-" {
			continue
		}
		if err := c.compileField(st, i, sf, tag); err != nil {
			return nil, err
		}
	}
	return st, nil
}

func (c *compiler) compileField(st *structPlan, i int, sf reflect.StructField, tag string) error {
	name, opts, _ := strings.Cut(tag, ",")
	f := fieldPlan{index: i, local: sf.Name}
	if name != "" {
		f.ns, f.local, f.hasNS = splitTagName(name)
	}
	var attr, chardata bool
	for _, o := range strings.Split(opts, ",") {
		switch o {
		case "attr":
			attr = true
		case "chardata":
			chardata = true
		case "omitempty":
			f.omitempty = true
		}
	}
	v, err := c.compile(sf.Type)
	if err != nil {
		return fmt.Errorf("field %s: %w", sf.Name, err)
	}
	f.val = v
	f.offset, f.store = sf.Offset, storeKindOf(sf.Type, v)
	switch {
	case attr || chardata:
		if k := scalarKind(v); k == kStruct || k == kSlice {
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
