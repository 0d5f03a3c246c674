package metadata

// XML Schema (XSD 1.0 Parts 1 and 2) of the Go body types of a contract,
// in the shapes WCF's XsdDataContractExporter gives the same CLR types
// (System.Runtime.Serialization/XsdDataContractExporter.cs,
// SchemaExporter.cs), read from the body codec's struct tags (package
// soap's DataContract shapes):
//
//   - one schema per namespace; the wrapper elements of document/literal
//     wrapped operations hold anonymous complex types, every member
//     minOccurs="0";
//   - a named struct is a named complexType in its contract namespace
//     (its XMLName's, else its members', else the namespace of the element
//     holding it) plus a global nillable element of the same name; an
//     anonymous struct stays an anonymous complexType;
//   - a struct that embeds its base first (soap's inheritance) is a
//     complexContent/extension of the base; one that embeds soap.Reference
//     (IsReference) has the attributes ser:Id and ser:Ref after its
//     sequence, as SchemaExporter's AddReferenceAttributes writes them; the types a root lists in a
//     KnownTypes() []any method are exported too (WCF's [KnownType]);
//   - a wrapped slice (xml:"ns Lines>OrderLine") is ArrayOf<Item> in the
//     items' namespace (soap:"itemns=…", else the item contract's, else the
//     wrapper's), a wrapped map ArrayOf<KeyValueOf…> with the IsDictionary
//     annotation; an unwrapped slice repeated elements;
//   - a named string type with a Values() method returning its values is an
//     enumeration (restriction of xs:string), a list of one (",list") a
//     [Flags] enumeration (xs:list);
//   - scalars: int32 → xs:int, string → xs:string, []byte → xs:base64Binary,
//     bool → xs:boolean, float64 → xs:double, time.Time → xs:dateTime,
//     soap.Decimal → xs:decimal; time.Duration, soap.GUID and soap.Char are
//     the Serialization namespace's duration, guid and char, whose schema
//     (WCF's fixed one) is always part of the set; soap.DateTimeOffset is
//     System's DateTimeOffset;
//   - nillable="true" where DataContractSerializer may write i:nil: pointers,
//     strings, byte arrays, collections.

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/wwsgo/wws/soap"
)

// ErrUnsupportedType reports a Go type the WSDL generator cannot describe.
var ErrUnsupportedType = errors.New("metadata: unsupported type")

// maxSchemaDepth bounds nested anonymous struct types.
const maxSchemaDepth = 16

// Namespaces of the schemas.
const (
	nsXSD           = "http://www.w3.org/2001/XMLSchema"
	nsSerialization = "http://schemas.microsoft.com/2003/10/Serialization/"
	nsArrays        = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
)

var (
	wsdlTimeType     = reflect.TypeFor[time.Time]()
	wsdlDurationType = reflect.TypeFor[time.Duration]()
	wsdlGUIDType     = reflect.TypeFor[soap.GUID]()
	wsdlDecimalType  = reflect.TypeFor[soap.Decimal]()
	wsdlCharType     = reflect.TypeFor[soap.Char]()
	wsdlDTOType      = reflect.TypeFor[soap.DateTimeOffset]()
	wsdlPolyType     = reflect.TypeFor[soap.Polymorphic]()
	wsdlRefType      = reflect.TypeFor[soap.Reference]()
	wsdlByteSlice    = reflect.TypeFor[[]byte]()
)

// xsdSimple maps Go kinds to XSD built-in types.
var xsdSimple = map[reflect.Kind]string{
	reflect.Bool: "boolean", reflect.String: "string",
	reflect.Int8: "byte", reflect.Int16: "short", reflect.Int32: "int", reflect.Int64: "long", reflect.Int: "long",
	reflect.Uint8: "unsignedByte", reflect.Uint16: "unsignedShort", reflect.Uint32: "unsignedInt",
	reflect.Uint64: "unsignedLong", reflect.Uint: "unsignedLong",
	reflect.Float32: "float", reflect.Float64: "double",
}

// wrapperName returns the element name and namespace a body type's
// XMLName tag gives (namespace def when the tag names none, the type name
// when there is no tag).
func wrapperName(t reflect.Type, def string) (local, ns string, err error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return "", "", fmt.Errorf("%w: body type %v is not a struct", ErrUnsupportedType, t)
	}
	local, ns = t.Name(), def
	if n, s, ok := xmlName(t); ok {
		local = n
		if s != "" {
			ns = s
		}
	}
	return local, ns, nil
}

// xmlName returns the name and namespace of struct t's XMLName tag.
func xmlName(t reflect.Type) (local, ns string, ok bool) {
	f, ok := t.FieldByName("XMLName")
	if !ok || len(f.Index) != 1 {
		return "", "", false
	}
	name, _, _ := strings.Cut(f.Tag.Get("xml"), ",")
	if name == "" {
		return "", "", false
	}
	if sp, l, found := strings.Cut(name, " "); found {
		return l, sp, true
	}
	return name, "", true
}

// goField is one member of a struct, from its tags.
type goField struct {
	sf               reflect.StructField
	local, ns        string
	hasNS            bool
	item, itemNS     string // a wrapped collection's item, and its namespace when itemHasNS
	itemHasNS        bool
	attr, list, skip bool
}

func parseField(sf reflect.StructField) (goField, error) {
	f := goField{sf: sf}
	tag := sf.Tag.Get("xml")
	if sf.Name == "XMLName" || !sf.IsExported() || tag == "-" {
		f.skip = true
		return f, nil
	}
	name, opts, _ := strings.Cut(tag, ",")
	for _, o := range strings.Split(opts, ",") {
		switch o {
		case "attr":
			f.attr = true
		case "list":
			f.list = true
		case "chardata", "innerxml", "any", "comment", "cdata":
			return f, fmt.Errorf("%w: goField %s (,%s)", ErrUnsupportedType, sf.Name, o)
		}
	}
	if sp, l, found := strings.Cut(name, " "); found {
		f.ns, f.hasNS, name = sp, true, l
	}
	if w, item, found := strings.Cut(name, ">"); found {
		name, f.item = w, item
		for _, o := range strings.Split(sf.Tag.Get("soap"), ",") {
			if ns, ok := strings.CutPrefix(o, "itemns="); ok {
				f.itemNS, f.itemHasNS = ns, true
			}
		}
	}
	if name == "" {
		name = sf.Name
	}
	f.local = name
	return f, nil
}

// fields returns the members of struct t and its base (the embedded first
// goField of soap's inheritance), nil when it has none.
func fields(t reflect.Type) (members []goField, base reflect.Type, err error) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous && sf.Tag.Get("xml") == "" {
			switch {
			case sf.Type == wsdlPolyType || sf.Type == wsdlRefType: // isReference's
				continue
			case i <= 1 && sf.Type.Kind() == reflect.Struct && base == nil && len(members) == 0:
				base = sf.Type
				continue
			}
		}
		f, err := parseField(sf)
		if err != nil {
			return nil, nil, fmt.Errorf("%v: %w", t, err)
		}
		if !f.skip {
			members = append(members, f)
		}
	}
	return members, base, nil
}

// isReference reports a struct that embeds soap.Reference: an IsReference
// data contract, its values written with z:Id and z:Ref.
func isReference(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		if sf := t.Field(i); sf.Anonymous && sf.Tag.Get("xml") == "" && sf.Type == wsdlRefType {
			return true
		}
	}
	return false
}

// xsdSchema is one xs:schema of the set, without its imports (rendered
// with the locations of the document they go to).
type xsdSchema struct {
	ns       string
	root     *etree.Element
	imports  []string                // namespaces, in the order first referenced
	prefixes map[string]string       // namespace → prefix declared on root
	nq       int                     // q1, q2, … declared
	names    map[string]bool         // global element names taken (wrappers reserve theirs first)
	wrappers map[string]reflect.Type // wrapper elements written
	types    map[string]bool         // type names taken
}

// prefix returns the prefix of namespace ns in s, declaring it (and
// importing ns) on first use.
func (s *xsdSchema) prefix(ns string) string {
	if p, ok := s.prefixes[ns]; ok {
		return p
	}
	p := "ser"
	if ns != nsSerialization {
		s.nq++
		p = "q" + strconv.Itoa(s.nq)
	}
	s.prefixes[ns] = p
	s.root.CreateAttr("xmlns:"+p, ns)
	s.imports = append(s.imports, ns)
	return p
}

func (s *xsdSchema) qname(q QName) string { return s.prefix(q.Space) + ":" + q.Local }

// render returns a copy of the schema with its xs:import elements first,
// each with the schemaLocation locate gives ("" for none).
func (s *xsdSchema) render(locate func(ns string) string) *etree.Element {
	out := s.root.Copy()
	for i, ns := range s.imports {
		imp := etree.NewElement("xs:import")
		if loc := locate(ns); loc != "" {
			imp.CreateAttr("schemaLocation", loc)
		}
		imp.CreateAttr("namespace", ns)
		out.InsertChildAt(i, imp)
	}
	return out
}

// typeKey identifies an exported Go type: a struct without a namespace of
// its own takes the one of the element holding it.
type typeKey struct {
	t  reflect.Type
	ns string
}

// exporter writes the schemas of a set of Go body types.
type exporter struct {
	schemas  map[string]*xsdSchema
	order    []string // namespaces in the order their schemas were created
	named    map[typeKey]QName
	enumHome map[reflect.Type]home // where each enumeration is declared
	pkgNS    map[string]string     // Go package → namespace of its first data contract
	flags    map[reflect.Type]bool // enumerations used as lists
	depth    int
}

// home is an enumeration's namespace, and whether a data contract (rather
// than a wrapper element) holds it there.
type home struct {
	ns       string
	contract bool
}

func newExporter() *exporter {
	return &exporter{schemas: map[string]*xsdSchema{}, named: map[typeKey]QName{},
		enumHome: map[reflect.Type]home{}, pkgNS: map[string]string{}, flags: map[reflect.Type]bool{}}
}

// schema returns the schema of namespace ns, creating it.
func (x *exporter) schema(ns string) *xsdSchema {
	if s, ok := x.schemas[ns]; ok {
		return s
	}
	root := etree.NewElement("xs:schema")
	if ns == nsSerialization {
		root.CreateAttr("attributeFormDefault", "qualified")
	}
	root.CreateAttr("elementFormDefault", "qualified")
	root.CreateAttr("targetNamespace", ns)
	root.CreateAttr("xmlns:xs", nsXSD)
	root.CreateAttr("xmlns:tns", ns)
	s := &xsdSchema{ns: ns, root: root, prefixes: map[string]string{nsXSD: "xs", ns: "tns"},
		names: map[string]bool{}, types: map[string]bool{}, wrappers: map[string]reflect.Type{}}
	if ns == nsSerialization {
		serializationSchema(root)
	}
	x.schemas[ns] = s
	x.order = append(x.order, ns)
	return s
}

// surveyWrapper walks the types reachable from wrapper struct t (element
// local in namespace ns) before any is written, to reserve the wrapper's
// element name (a data contract's global element yields to it) and learn
// where each enumeration lives (the namespace of the first data contract
// holding it, else of the first wrapper) and which are [Flags] lists.
func (x *exporter) surveyWrapper(t reflect.Type, local, ns string, seen map[reflect.Type]bool) {
	x.schema(ns).names[local] = true
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return
	}
	x.surveyMembers(t, ns, false, seen)
}

func (x *exporter) surveyMembers(t reflect.Type, ns string, contract bool, seen map[reflect.Type]bool) {
	members, base, err := fields(t)
	if err != nil {
		return // reported when written
	}
	if base != nil {
		x.survey(base, ns, seen)
	}
	for _, f := range members {
		fns := ns
		if f.hasNS {
			fns = f.ns
		}
		if f.list && f.sf.Type.Kind() == reflect.Slice && isEnum(f.sf.Type.Elem()) {
			x.flags[f.sf.Type.Elem()] = true
		}
		x.surveyType(f.sf.Type, fns, contract, seen)
	}
}

func (x *exporter) surveyType(t reflect.Type, ns string, contract bool, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice && t != wsdlByteSlice || t.Kind() == reflect.Map {
		if t.Kind() == reflect.Map {
			x.surveyType(t.Key(), ns, contract, seen)
		}
		t = t.Elem()
	}
	if isEnum(t) {
		if h, ok := x.enumHome[t]; !ok || contract && !h.contract {
			x.enumHome[t] = home{ns: ns, contract: contract}
		}
		return
	}
	x.survey(t, ns, seen)
}

// survey walks a data contract.
func (x *exporter) survey(t reflect.Type, ns string, seen map[reflect.Type]bool) {
	if t.Kind() != reflect.Struct || isLeafStruct(t) || seen[t] {
		return
	}
	seen[t] = true
	cns := contentNS(t, ns)
	if _, ok := x.pkgNS[t.PkgPath()]; !ok && t.PkgPath() != "" {
		x.pkgNS[t.PkgPath()] = contractNS(t, ns)
	}
	x.surveyMembers(t, cns, true, seen)
	for _, k := range knownTypes(t) {
		x.survey(k, cns, seen)
	}
}

// contentNS is the namespace of the members of struct t held by an
// element in ns: its XMLName's, else ns (soap's writeStruct).
func contentNS(t reflect.Type, ns string) string {
	if _, s, ok := xmlName(t); ok && s != "" {
		return s
	}
	return ns
}

// contractNS is the namespace of data contract t held by an element in
// ns: its XMLName's, else its first member's, else ns.
func contractNS(t reflect.Type, ns string) string {
	if _, s, ok := xmlName(t); ok && s != "" {
		return s
	}
	if members, _, err := fields(t); err == nil && len(members) > 0 && members[0].hasNS {
		return members[0].ns
	}
	return ns
}

// isEnum reports a named string type: an enumeration when it lists its
// values (Values), otherwise a string.
func isEnum(t reflect.Type) bool {
	return t.Kind() == reflect.String && t.PkgPath() != "" && len(enumValues(t)) > 0
}

// enumValues returns the values of enumeration t: its Values() method's
// result (a slice of t), nil when it has none.
func enumValues(t reflect.Type) []string {
	m, ok := t.MethodByName("Values")
	if !ok || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 || m.Type.Out(0) != reflect.SliceOf(t) {
		return nil
	}
	vs := m.Func.Call([]reflect.Value{reflect.Zero(t)})[0]
	out := make([]string, vs.Len())
	for i := range out {
		out[i] = vs.Index(i).String()
	}
	return out
}

// knownTypes returns the struct types data contract t lists in a
// KnownTypes() []any method (WCF's [KnownType] on the base), nil when it
// has none.
func knownTypes(t reflect.Type) []reflect.Type {
	m, ok := t.MethodByName("KnownTypes")
	if !ok || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 || m.Type.Out(0) != reflect.TypeFor[[]any]() {
		return nil
	}
	vs := m.Func.Call([]reflect.Value{reflect.Zero(t)})[0].Interface().([]any)
	var out []reflect.Type
	for _, v := range vs {
		k := reflect.TypeOf(v)
		for k != nil && k.Kind() == reflect.Pointer {
			k = k.Elem()
		}
		if k != nil && k.Kind() == reflect.Struct && k != t {
			out = append(out, k)
		}
	}
	return out
}

// isLeafStruct reports the struct types that are scalars on the wire.
func isLeafStruct(t reflect.Type) bool {
	return t == wsdlTimeType || t == wsdlDecimalType || t == wsdlPolyType
}

// wrapper writes the global element of a wrapper struct (an operation's
// request or response) with its anonymous complex type.
func (x *exporter) wrapper(t reflect.Type, local, ns string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return fmt.Errorf("%w: body type %v is not a struct", ErrUnsupportedType, t)
	}
	s := x.schema(ns)
	switch prev, ok := s.wrappers[local]; {
	case ok && prev == t:
		return nil // another operation's, same element
	case ok:
		return fmt.Errorf("%w: element %s (%s) is both %v and %v", ErrUnsupportedType, local, ns, prev, t)
	}
	s.wrappers[local] = t
	el := s.root.CreateElement("xs:element")
	el.CreateAttr("name", local)
	return x.content(s, el.CreateElement("xs:complexType"), t, ns)
}

// content writes the members of struct t (in namespace ns) into complex
// type ct: a sequence of elements, then attributes; a base as
// complexContent/extension.
func (x *exporter) content(s *xsdSchema, ct *etree.Element, t reflect.Type, ns string) error {
	if x.depth++; x.depth > maxSchemaDepth {
		return fmt.Errorf("%w: %v nests deeper than %d (recursive?)", ErrUnsupportedType, t, maxSchemaDepth)
	}
	defer func() { x.depth-- }()
	members, base, err := fields(t)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnsupportedType, err)
	}
	parent := ct
	if base != nil {
		bq, err := x.namedStruct(base, ns)
		if err != nil {
			return err
		}
		cc := ct.CreateElement("xs:complexContent")
		cc.CreateAttr("mixed", "false")
		parent = cc.CreateElement("xs:extension")
		parent.CreateAttr("base", s.qname(bq))
	}
	seq := parent.CreateElement("xs:sequence")
	var attrs []*etree.Element
	for _, f := range members {
		fns := ns
		if f.hasNS {
			fns = f.ns
		}
		if f.attr {
			a, err := x.attribute(s, f)
			if err != nil {
				return err
			}
			attrs = append(attrs, a)
			continue
		}
		if fns != s.ns {
			return fmt.Errorf("%w: member %s.%s is in namespace %q, its type in %q", ErrUnsupportedType, t, f.sf.Name, fns, s.ns)
		}
		if err := x.member(s, seq, f, fns); err != nil {
			return err
		}
	}
	for _, a := range attrs {
		parent.AddChild(a)
	}
	if isReference(t) {
		for _, n := range []string{"Id", "Ref"} {
			parent.CreateElement("xs:attribute").CreateAttr("ref", s.qname(QName{Space: nsSerialization, Local: n}))
		}
	}
	return nil
}

// member appends the element of one struct member to seq.
func (x *exporter) member(s *xsdSchema, seq *etree.Element, f goField, ns string) error {
	el := seq.CreateElement("xs:element")
	el.CreateAttr("minOccurs", "0")
	t := f.sf.Type
	switch {
	case f.item != "":
		q, err := x.collection(t, f, ns)
		if err != nil {
			return err
		}
		el.CreateAttr("name", f.local)
		el.CreateAttr("nillable", "true")
		el.CreateAttr("type", s.qname(q))
		return nil
	case f.list:
		if t.Kind() != reflect.Slice {
			return fmt.Errorf("%w: ,list member %s of type %v", ErrUnsupportedType, f.sf.Name, t)
		}
		el.CreateAttr("name", f.local)
		q, _, err := x.ref(t.Elem(), ns)
		if err != nil {
			return err
		}
		if !x.flags[t.Elem()] {
			return fmt.Errorf("%w: ,list member %s of %v, not of an enumeration", ErrUnsupportedType, f.sf.Name, t.Elem())
		}
		el.CreateAttr("type", s.qname(q))
		return nil
	case t.Kind() == reflect.Slice && t != wsdlByteSlice && t.Elem().Kind() != reflect.Uint8:
		el.CreateAttr("maxOccurs", "unbounded")
		t = t.Elem()
	}
	el.CreateAttr("name", f.local)
	return x.typed(s, el, t, ns)
}

// typed gives element el the type of t: a type attribute, or an anonymous
// complex type; and nillable="true" when the value can be nil.
func (x *exporter) typed(s *xsdSchema, el *etree.Element, t reflect.Type, ns string) error {
	q, nillable, err := x.ref(t, ns)
	if err != nil {
		return err
	}
	if nillable {
		el.CreateAttr("nillable", "true")
	}
	if q.Local != "" {
		el.CreateAttr("type", s.qname(q))
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return x.content(s, el.CreateElement("xs:complexType"), t, ns)
}

// ref returns the schema type of Go type t held by an element in ns
// (exporting it when it is a named one), and whether it is nillable. An
// empty QName is an anonymous struct, to be written inline.
func (x *exporter) ref(t reflect.Type, ns string) (QName, bool, error) {
	nillable := false
	if t.Kind() == reflect.Pointer {
		nillable, t = true, t.Elem()
	}
	xs := func(local string) QName { return QName{Space: nsXSD, Local: local} }
	ser := func(local string) QName {
		x.schema(nsSerialization)
		return QName{Space: nsSerialization, Local: local}
	}
	switch {
	case t == wsdlTimeType:
		return xs("dateTime"), nillable, nil
	case t == wsdlDecimalType:
		return xs("decimal"), nillable, nil
	case t == wsdlDurationType:
		return ser("duration"), nillable, nil
	case t == wsdlGUIDType:
		return ser("guid"), nillable, nil
	case t == wsdlCharType:
		return ser("char"), nillable, nil
	case t == wsdlDTOType:
		return x.dateTimeOffset(), nillable, nil
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return xs("base64Binary"), true, nil
	case isEnum(t):
		q, err := x.enum(t, ns)
		return q, nillable, err
	case t.Kind() == reflect.Struct && t.Name() == "":
		return QName{}, nillable, nil
	case t.Kind() == reflect.Struct:
		q, err := x.namedStruct(t, ns)
		return q, nillable, err
	}
	if name, ok := xsdSimple[t.Kind()]; ok {
		return xs(name), nillable || t.Kind() == reflect.String, nil
	}
	return QName{}, false, fmt.Errorf("%w: %v", ErrUnsupportedType, t)
}

// declare takes a type name in s for Go type t, numbering it on a
// collision (two Go types of one name in one namespace).
func declare(s *xsdSchema, name string) string {
	n := name
	for i := 2; s.types[n]; i++ {
		n = name + strconv.Itoa(i)
	}
	s.types[n] = true
	return n
}

// global appends the global nillable element WCF declares beside each
// named type, unless an element of that name exists.
func global(s *xsdSchema, local string) {
	if s.names[local] {
		return
	}
	s.names[local] = true
	el := s.root.CreateElement("xs:element")
	el.CreateAttr("name", local)
	el.CreateAttr("nillable", "true")
	el.CreateAttr("type", "tns:"+local)
}

// namedStruct exports the named complex type of struct t held by an
// element in ns, and the types it lists as known.
func (x *exporter) namedStruct(t reflect.Type, ns string) (QName, error) {
	cns := contractNS(t, ns)
	key := typeKey{t, cns}
	if q, ok := x.named[key]; ok {
		return q, nil
	}
	local := t.Name()
	if l, _, ok := xmlName(t); ok {
		local = l
	}
	s := x.schema(cns)
	q := QName{Space: cns, Local: declare(s, local)}
	x.named[key] = q
	ct := s.root.CreateElement("xs:complexType")
	ct.CreateAttr("name", q.Local)
	global(s, q.Local)
	if err := x.content(s, ct, t, cns); err != nil {
		return QName{}, err
	}
	for _, k := range knownTypes(t) {
		if _, err := x.namedStruct(k, cns); err != nil {
			return QName{}, err
		}
	}
	return q, nil
}

// nsSystem is the data contract namespace of System's types.
const nsSystem = "http://schemas.datacontract.org/2004/07/System"

// dateTimeOffset exports System.DateTimeOffset as WCF's fixed schema has
// it: a value type (IsValueType) of two required members.
func (x *exporter) dateTimeOffset() QName {
	q := QName{Space: nsSystem, Local: "DateTimeOffset"}
	s := x.schema(nsSystem)
	if s.types[q.Local] {
		return q
	}
	s.types[q.Local] = true
	ct := s.root.CreateElement("xs:complexType")
	ct.CreateAttr("name", q.Local)
	ann := ct.CreateElement("xs:annotation").CreateElement("xs:appinfo").CreateElement("IsValueType")
	ann.CreateAttr("xmlns", nsSerialization)
	ann.SetText("true")
	seq := ct.CreateElement("xs:sequence")
	for _, m := range [][2]string{{"DateTime", "xs:dateTime"}, {"OffsetMinutes", "xs:short"}} {
		el := seq.CreateElement("xs:element")
		el.CreateAttr("name", m[0])
		el.CreateAttr("type", m[1])
	}
	global(s, q.Local)
	return q
}

// enum exports enumeration t: a restriction of xs:string listing its
// values, in an xs:list for a [Flags] one. It lives in the namespace of
// the first data contract holding it, else of the first data contract of
// its Go package, else of the first wrapper element holding it.
func (x *exporter) enum(t reflect.Type, ns string) (QName, error) {
	if h, ok := x.enumHome[t]; ok {
		ns = h.ns
		if pns, ok := x.pkgNS[t.PkgPath()]; ok && !h.contract {
			ns = pns
		}
	}
	key := typeKey{t, ns}
	if q, ok := x.named[key]; ok {
		return q, nil
	}
	s := x.schema(ns)
	q := QName{Space: ns, Local: declare(s, t.Name())}
	x.named[key] = q
	st := s.root.CreateElement("xs:simpleType")
	st.CreateAttr("name", q.Local)
	if x.flags[t] {
		st = st.CreateElement("xs:list").CreateElement("xs:simpleType")
	}
	r := st.CreateElement("xs:restriction")
	r.CreateAttr("base", "xs:string")
	for _, v := range enumValues(t) {
		r.CreateElement("xs:enumeration").CreateAttr("value", v)
	}
	global(s, q.Local)
	return q, nil
}

// collection exports the ArrayOf… type of a wrapped slice or map member
// f whose wrapper is in ns.
func (x *exporter) collection(t reflect.Type, f goField, ns string) (QName, error) {
	if t.Kind() != reflect.Slice && t.Kind() != reflect.Map {
		return QName{}, fmt.Errorf("%w: wrapped member %s of type %v", ErrUnsupportedType, f.sf.Name, t)
	}
	ins := ns
	switch e := t.Elem(); {
	case f.itemHasNS:
		ins = f.itemNS
	case t.Kind() == reflect.Slice:
		for e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		if e.Kind() == reflect.Struct {
			if _, s, ok := xmlName(e); ok && s != "" {
				ins = s
			}
		}
	}
	s := x.schema(ins)
	q := QName{Space: ins, Local: "ArrayOf" + f.item}
	key := typeKey{t, ins}
	if prev, ok := x.named[key]; ok && prev == q {
		return q, nil
	}
	if s.types[q.Local] {
		return q, nil // the same collection of another Go type (a slice of the same items)
	}
	s.types[q.Local] = true
	x.named[key] = q
	ct := s.root.CreateElement("xs:complexType")
	ct.CreateAttr("name", q.Local)
	if t.Kind() == reflect.Map {
		ann := ct.CreateElement("xs:annotation").CreateElement("xs:appinfo").CreateElement("IsDictionary")
		ann.CreateAttr("xmlns", nsSerialization)
		ann.SetText("true")
	}
	item := ct.CreateElement("xs:sequence").CreateElement("xs:element")
	global(s, q.Local) // before the item's types, as WCF orders them
	item.CreateAttr("minOccurs", "0")
	item.CreateAttr("maxOccurs", "unbounded")
	item.CreateAttr("name", f.item)
	if t.Kind() == reflect.Slice {
		if err := x.typed(s, item, t.Elem(), ins); err != nil {
			return QName{}, err
		}
	} else {
		kv := item.CreateElement("xs:complexType").CreateElement("xs:sequence")
		for _, m := range []struct {
			name string
			t    reflect.Type
		}{{"Key", t.Key()}, {"Value", t.Elem()}} {
			el := kv.CreateElement("xs:element")
			el.CreateAttr("name", m.name)
			if err := x.typed(s, el, m.t, ins); err != nil {
				return QName{}, err
			}
		}
	}
	return q, nil
}

// attribute returns <xs:attribute> for a simple-typed member.
func (x *exporter) attribute(s *xsdSchema, f goField) (*etree.Element, error) {
	t := f.sf.Type
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	q, _, err := x.ref(t, s.ns)
	if err != nil || q.Local == "" || t.Kind() == reflect.Struct && !isLeafStruct(t) {
		return nil, fmt.Errorf("%w: attribute %s of type %v", ErrUnsupportedType, f.sf.Name, t)
	}
	a := etree.NewElement("xs:attribute")
	a.CreateAttr("name", f.local)
	a.CreateAttr("type", s.qname(q))
	return a, nil
}

// serializationSchema writes WCF's fixed schema of the Serialization
// namespace (the one every DataContract WSDL imports as xsd1): the
// global elements of the primitive types, the simple types char,
// duration and guid, and the attributes FactoryType, Id and Ref.
func serializationSchema(root *etree.Element) {
	for _, n := range []string{"anyType", "anyURI", "base64Binary", "boolean", "byte", "dateTime", "decimal",
		"double", "float", "int", "long", "QName", "short", "string", "unsignedByte", "unsignedInt",
		"unsignedLong", "unsignedShort"} {
		el := root.CreateElement("xs:element")
		el.CreateAttr("name", n)
		el.CreateAttr("nillable", "true")
		el.CreateAttr("type", "xs:"+n)
	}
	simple := func(name, base string, facets ...[2]string) {
		el := root.CreateElement("xs:element")
		el.CreateAttr("name", name)
		el.CreateAttr("nillable", "true")
		el.CreateAttr("type", "tns:"+name)
		st := root.CreateElement("xs:simpleType")
		st.CreateAttr("name", name)
		r := st.CreateElement("xs:restriction")
		r.CreateAttr("base", base)
		for _, f := range facets {
			r.CreateElement("xs:"+f[0]).CreateAttr("value", f[1])
		}
	}
	simple("char", "xs:int")
	simple("duration", "xs:duration",
		[2]string{"pattern", `\-?P(\d*D)?(T(\d*H)?(\d*M)?(\d*(\.\d*)?S)?)?`},
		[2]string{"minInclusive", "-P10675199DT2H48M5.4775808S"},
		[2]string{"maxInclusive", "P10675199DT2H48M5.4775807S"})
	simple("guid", "xs:string",
		[2]string{"pattern", `[\da-fA-F]{8}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{12}`})
	for _, a := range [][2]string{{"FactoryType", "xs:QName"}, {"Id", "xs:ID"}, {"Ref", "xs:IDREF"}} {
		el := root.CreateElement("xs:attribute")
		el.CreateAttr("name", a[0])
		el.CreateAttr("type", a[1])
	}
}
