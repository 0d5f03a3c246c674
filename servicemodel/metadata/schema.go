package metadata

// XML Schema (XSD 1.0 Part 1/2) for the Go body types of a contract, in
// the shapes WCF's DataContractSerializer exporter gives the same CLR
// types (XsdDataContractExporter): wrapper elements of document/literal
// wrapped operations holding a sequence of members with minOccurs="0";
// strings and byte arrays nillable; int32 → xs:int, string → xs:string,
// []byte → xs:base64Binary, bool → xs:boolean, float64 → xs:double,
// time.Time → xs:dateTime, time.Duration → xs:duration; nested structs as
// anonymous complex types; slices as repeated elements. The struct tags
// are the body codec's (soap.Encode): "name", "ns name", ",attr",
// ",omitempty", "-"; members without a namespace take their parent's.

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// ErrUnsupportedType reports a Go type the WSDL generator cannot describe.
var ErrUnsupportedType = errors.New("metadata: unsupported type")

// maxSchemaDepth bounds nested (and recursive) struct types.
const maxSchemaDepth = 16

const nsXSD = "http://www.w3.org/2001/XMLSchema"

var (
	wsdlTimeType     = reflect.TypeFor[time.Time]()
	wsdlDurationType = reflect.TypeFor[time.Duration]()
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
	if f, ok := t.FieldByName("XMLName"); ok {
		if name, _, _ := strings.Cut(f.Tag.Get("xml"), ","); name != "" {
			if sp, l, found := strings.Cut(name, " "); found {
				ns, local = sp, l
			} else {
				local = name
			}
		}
	}
	return local, ns, nil
}

// schemaWriter writes elements into one xs:schema.
type schemaWriter struct {
	xs    string // prefix of the XSD namespace
	depth int
}

// element appends <xs:element name=…> describing a wrapper struct.
func (s *schemaWriter) element(schema *etree.Element, name string, t reflect.Type) error {
	el := schema.CreateElement(s.xs + ":element")
	el.CreateAttr("name", name)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return fmt.Errorf("%w: body type %v is not a struct", ErrUnsupportedType, t)
	}
	return s.complexType(el, t)
}

// complexType appends an anonymous complex type for struct t to parent.
func (s *schemaWriter) complexType(parent *etree.Element, t reflect.Type) error {
	if s.depth++; s.depth > maxSchemaDepth {
		return fmt.Errorf("%w: %v nests deeper than %d (recursive?)", ErrUnsupportedType, t, maxSchemaDepth)
	}
	defer func() { s.depth-- }()
	ct := parent.CreateElement(s.xs + ":complexType")
	seq := ct.CreateElement(s.xs + ":sequence")
	var attrs []*etree.Element
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("xml")
		if sf.Name == "XMLName" || !sf.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if _, l, found := strings.Cut(name, " "); found {
			name = l
		}
		if name == "" {
			name = sf.Name
		}
		switch {
		case hasTagOption(opts, "chardata"), hasTagOption(opts, "innerxml"), hasTagOption(opts, "any"):
			return fmt.Errorf("%w: field %s.%s (,%s)", ErrUnsupportedType, t.Name(), sf.Name, opts)
		case hasTagOption(opts, "attr"):
			a, err := s.attribute(name, sf.Type)
			if err != nil {
				return err
			}
			attrs = append(attrs, a)
		default:
			if err := s.member(seq, name, sf.Type); err != nil {
				return err
			}
		}
	}
	for _, a := range attrs {
		ct.AddChild(a)
	}
	return nil
}

func hasTagOption(opts, want string) bool {
	for _, o := range strings.Split(opts, ",") {
		if o == want {
			return true
		}
	}
	return false
}

// member appends the element of one struct field to seq.
func (s *schemaWriter) member(seq *etree.Element, name string, t reflect.Type) error {
	el := seq.CreateElement(s.xs + ":element")
	el.CreateAttr("minOccurs", "0")
	if t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8 {
		el.CreateAttr("maxOccurs", "unbounded")
		t = t.Elem()
	}
	el.CreateAttr("name", name)
	nillable := false
	if t.Kind() == reflect.Pointer {
		nillable, t = true, t.Elem()
	}
	typ, simpleNillable, ok := s.simpleType(t)
	if nillable || simpleNillable {
		el.CreateAttr("nillable", "true")
	}
	if ok {
		el.CreateAttr("type", typ)
		return nil
	}
	if t.Kind() != reflect.Struct {
		return fmt.Errorf("%w: %v", ErrUnsupportedType, t)
	}
	return s.complexType(el, t)
}

// attribute returns <xs:attribute> for a simple-typed field.
func (s *schemaWriter) attribute(name string, t reflect.Type) (*etree.Element, error) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	typ, _, ok := s.simpleType(t)
	if !ok {
		return nil, fmt.Errorf("%w: attribute of type %v", ErrUnsupportedType, t)
	}
	a := etree.NewElement(s.xs + ":attribute")
	a.CreateAttr("name", name)
	a.CreateAttr("type", typ)
	return a, nil
}

// simpleType returns the XSD built-in type of t (prefixed), whether WCF
// marks it nillable, and whether t is simple at all.
func (s *schemaWriter) simpleType(t reflect.Type) (string, bool, bool) {
	switch {
	case t == wsdlTimeType:
		return s.xs + ":dateTime", false, true
	case t == wsdlDurationType:
		return s.xs + ":duration", false, true
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return s.xs + ":base64Binary", true, true
	}
	if name, ok := xsdSimple[t.Kind()]; ok {
		return s.xs + ":" + name, t.Kind() == reflect.String, true
	}
	return "", false, false
}
