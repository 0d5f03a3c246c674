package metadata

// Reading XML Schema into the SchemaSet: the subset
// XsdDataContractExporter writes (named complex types with a sequence,
// complexContent/extension, string enumerations and xs:list of them for
// [Flags], the Serialization namespace's simple types, IsDictionary
// annotations, z:Id/z:Ref attributes), plus what XmlSerializer-style
// schemas add: xs:choice (its alternatives as Choice members), xs:any
// (an Any member), mixed content, simpleContent (Text), xs:anyAttribute,
// and a sequence nested once in a sequence (flattened); the rest is
// recorded as Unsupported. Spec: XML Schema 1.0 Part 1 §3.2–3.9.

import (
	"fmt"
	"strconv"

	"github.com/beevik/etree"
)

func newSchemaSet() *SchemaSet {
	return &SchemaSet{Types: map[QName]*SchemaType{}, Elements: map[QName]*SchemaElement{}}
}

// schemaReader reads one xs:schema.
type schemaReader struct {
	set       *SchemaSet
	doc       string
	tns       string
	qualified bool // elementFormDefault="qualified"
	choices   int  // xs:choice particles numbered so far (Member.Choice)
}

// maxImportTypeDepth bounds the nesting of anonymous types.
const maxImportTypeDepth = 32

func (s *SchemaSet) read(doc string, schema *etree.Element) error {
	r := &schemaReader{set: s, doc: doc, tns: schema.SelectAttrValue("targetNamespace", ""),
		qualified: schema.SelectAttrValue("elementFormDefault", "") == "qualified"}
	for _, c := range schema.ChildElements() {
		if c.NamespaceURI() != nsXSD {
			continue
		}
		name := c.SelectAttrValue("name", "")
		switch c.Tag {
		case "complexType", "simpleType":
			if name == "" {
				return errAt(doc, c, "global %s without a name", c.Tag)
			}
			q := QName{r.tns, name}
			t, err := r.typeDef(c, q, 0)
			if err != nil {
				return err
			}
			if _, dup := s.Types[q]; !dup {
				s.order = append(s.order, q)
			}
			s.Types[q] = t
		case "element":
			if name == "" {
				return errAt(doc, c, "global element without a name")
			}
			q := QName{r.tns, name}
			e := &SchemaElement{Name: q, Nillable: c.SelectAttrValue("nillable", "") == "true"}
			var err error
			if e.Type, e.Anonymous, err = r.elementType(c, q, 0); err != nil {
				return err
			}
			s.Elements[q] = e
		}
	}
	return nil
}

// elementType is an element's type attribute or its inline type (named q).
func (r *schemaReader) elementType(el *etree.Element, q QName, depth int) (QName, *SchemaType, error) {
	if el.SelectAttr("type") != nil {
		t, err := qnameAttr(r.doc, el, "type", true)
		return t, nil, err
	}
	for _, c := range el.ChildElements() {
		if c.NamespaceURI() == nsXSD && (c.Tag == "complexType" || c.Tag == "simpleType") {
			t, err := r.typeDef(c, q, depth+1)
			return QName{}, t, err
		}
	}
	// No type: xs:anyType.
	return QName{nsXSD, "anyType"}, nil, nil
}

func (r *schemaReader) typeDef(el *etree.Element, q QName, depth int) (*SchemaType, error) {
	if depth > maxImportTypeDepth {
		return nil, errAt(r.doc, el, "types nested deeper than %d", maxImportTypeDepth)
	}
	t := &SchemaType{Name: q, Abstract: el.SelectAttrValue("abstract", "") == "true"}
	if el.Tag == "simpleType" {
		return t, r.simple(el, t, depth)
	}
	t.Mixed = el.SelectAttrValue("mixed", "") == "true"
	return t, r.complexBody(el, t, depth)
}

// complexBody reads the content of a complexType (or of an extension).
func (r *schemaReader) complexBody(el *etree.Element, t *SchemaType, depth int) error {
	for _, c := range el.ChildElements() {
		if c.NamespaceURI() != nsXSD {
			continue
		}
		switch c.Tag {
		case "annotation":
			t.IsDictionary = t.IsDictionary || isDictionary(c)
		case "sequence", "all":
			if err := r.particle(c, t, depth); err != nil {
				return err
			}
		case "choice":
			if err := r.particle(c, t, depth); err != nil {
				return err
			}
		case "group":
			t.raw("xs:group " + c.SelectAttrValue("ref", ""))
		case "attributeGroup":
			t.unsupported("xs:attributeGroup " + c.SelectAttrValue("ref", ""))
		case "anyAttribute":
			t.AnyAttribute = true
		case "attribute":
			if err := r.attribute(c, t); err != nil {
				return err
			}
		case "complexContent":
			if c.SelectAttrValue("mixed", "") == "true" {
				t.Mixed = true
			}
			for _, d := range c.ChildElements() {
				if d.NamespaceURI() != nsXSD {
					continue
				}
				switch d.Tag {
				case "extension":
					base, err := qnameAttr(r.doc, d, "base", true)
					if err != nil {
						return err
					}
					t.Base = base
					if err := r.complexBody(d, t, depth); err != nil {
						return err
					}
				case "restriction":
					t.raw("a complexContent restriction")
				}
			}
		case "simpleContent":
			if err := r.simpleContent(c, t); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *SchemaType) unsupported(what string) {
	if t.Unsupported == "" {
		t.Unsupported = what
	}
}

// raw records the unmapped construct what, whose elements generated code
// keeps raw: an Any member at its place.
func (t *SchemaType) raw(what string) {
	t.unsupported(what)
	t.Members = append(t.Members, &Member{Any: true, Unmapped: what, MaxOccurs: -1})
}

// isDictionary reads DataContract's <IsDictionary>true</IsDictionary> appinfo.
func isDictionary(ann *etree.Element) bool {
	for _, ai := range ann.ChildElements() {
		for _, d := range ai.ChildElements() {
			if d.Tag == "IsDictionary" && d.NamespaceURI() == NamespaceSerialization && d.Text() == "true" {
				return true
			}
		}
	}
	return false
}

// simpleContent reads a simpleContent extension (text of its base type,
// and attributes); a restriction keeps the text as xs:string.
func (r *schemaReader) simpleContent(sc *etree.Element, t *SchemaType) error {
	for _, d := range sc.ChildElements() {
		if d.NamespaceURI() != nsXSD || (d.Tag != "extension" && d.Tag != "restriction") {
			continue
		}
		t.Text = QName{nsXSD, "string"}
		if d.Tag == "extension" {
			base, err := qnameAttr(r.doc, d, "base", true)
			if err != nil {
				return err
			}
			t.Text = base
		}
		for _, a := range d.ChildElements() {
			if a.NamespaceURI() != nsXSD {
				continue
			}
			switch a.Tag {
			case "attribute":
				if err := r.attribute(a, t); err != nil {
					return err
				}
			case "anyAttribute":
				t.AnyAttribute = true
			case "attributeGroup":
				t.unsupported("xs:attributeGroup " + a.SelectAttrValue("ref", ""))
			}
		}
	}
	return nil
}

// particle reads a sequence, all or choice of a complex type into its
// members. A choice's alternatives become members numbered with it
// (Choice); a sequence nested once (not repeated) in a sequence is
// flattened; what else nests (a sequence in a choice, a repeated
// sequence, a choice in a choice, a group reference) is kept raw: an Any
// member, the type marked Unsupported.
func (r *schemaReader) particle(p *etree.Element, t *SchemaType, depth int) error {
	choice := 0
	if p.Tag == "choice" {
		r.choices++
		choice = r.choices
	}
	pmin, pmax, err := r.occursOf(p)
	if err != nil {
		return err
	}
	for _, c := range p.ChildElements() {
		if c.NamespaceURI() != nsXSD {
			continue
		}
		switch c.Tag {
		case "element", "any":
			var m *Member
			if c.Tag == "any" {
				m = &Member{Any: true}
				if m.MinOccurs, m.MaxOccurs, err = r.occursOf(c); err != nil {
					return err
				}
			} else if m, err = r.member(c, depth); err != nil {
				return err
			}
			m.MinOccurs, m.MaxOccurs = m.MinOccurs*pmin, timesOccurs(m.MaxOccurs, pmax)
			if choice != 0 {
				m.Choice, m.MinOccurs = choice, 0
			}
			t.Members = append(t.Members, m)
		case "choice":
			if choice != 0 || pmax != 1 {
				t.raw("a nested or repeated xs:choice")
				continue
			}
			if err := r.particle(c, t, depth); err != nil {
				return err
			}
		case "sequence":
			_, max, err := r.occursOf(c)
			if err != nil {
				return err
			}
			if choice != 0 || pmax != 1 || max != 1 {
				t.raw("a nested or repeated xs:sequence")
				continue
			}
			if err := r.particle(c, t, depth); err != nil {
				return err
			}
		case "group":
			t.raw("xs:group " + c.SelectAttrValue("ref", ""))
		}
	}
	return nil
}

// occursOf reads a particle's minOccurs and maxOccurs (-1: unbounded).
func (r *schemaReader) occursOf(el *etree.Element) (min, max int, err error) {
	if min, err = occurs(el.SelectAttrValue("minOccurs", "1")); err != nil {
		return 0, 0, errAt(r.doc, el, "minOccurs: %v", err)
	}
	if max, err = occurs(el.SelectAttrValue("maxOccurs", "1")); err != nil {
		return 0, 0, errAt(r.doc, el, "maxOccurs: %v", err)
	}
	return min, max, nil
}

// timesOccurs multiplies two maxOccurs (-1: unbounded).
func timesOccurs(a, b int) int {
	if a < 0 || b < 0 {
		return -1
	}
	if a > 0 && b > (1<<30)/a {
		return -1 // as good as unbounded
	}
	return a * b
}

func (r *schemaReader) member(el *etree.Element, depth int) (*Member, error) {
	m := &Member{Name: el.SelectAttrValue("name", ""), Nillable: el.SelectAttrValue("nillable", "") == "true"}
	var err error
	if m.MinOccurs, m.MaxOccurs, err = r.occursOf(el); err != nil {
		return nil, err
	}
	if el.SelectAttr("ref") != nil {
		ref, err := qnameAttr(r.doc, el, "ref", true)
		if err != nil {
			return nil, err
		}
		// The referenced global element's type is looked up when used.
		m.Name, m.Namespace, m.Type = ref.Local, ref.Space, QName{Space: ref.Space, Local: "#element:" + ref.Local}
		return m, nil
	}
	if m.Name == "" {
		return nil, errAt(r.doc, el, "element without a name or ref")
	}
	if form := el.SelectAttrValue("form", ""); form == "qualified" || (form == "" && r.qualified) {
		m.Namespace = r.tns
	}
	m.Type, m.Anonymous, err = r.elementType(el, QName{r.tns, m.Name}, depth)
	return m, err
}

func occurs(v string) (int, error) {
	if v == "unbounded" {
		return -1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad value %q", v)
	}
	return n, nil
}

func (r *schemaReader) attribute(el *etree.Element, t *SchemaType) error {
	if el.SelectAttr("ref") != nil {
		ref, err := qnameAttr(r.doc, el, "ref", true)
		if err != nil {
			return err
		}
		if ref.Space == NamespaceSerialization && (ref.Local == "Id" || ref.Local == "Ref") {
			t.IsReference = true
			return nil
		}
		t.Attributes = append(t.Attributes, &Member{Name: ref.Local, Namespace: ref.Space, Type: QName{nsXSD, "string"}})
		return nil
	}
	a := &Member{Name: el.SelectAttrValue("name", "")}
	if a.Name == "" {
		return errAt(r.doc, el, "attribute without a name or ref")
	}
	if el.SelectAttrValue("form", "") == "qualified" {
		a.Namespace = r.tns
	}
	a.Type = QName{nsXSD, "string"}
	if el.SelectAttr("type") != nil {
		var err error
		if a.Type, err = qnameAttr(r.doc, el, "type", true); err != nil {
			return err
		}
	}
	t.Attributes = append(t.Attributes, a)
	return nil
}

// simple reads a simpleType: a restriction (with enumerations: an enum),
// a list of an enumeration ([Flags]), or a union (not mapped).
func (r *schemaReader) simple(el *etree.Element, t *SchemaType, depth int) error {
	t.Kind = KindSimple
	t.Base = QName{nsXSD, "string"}
	for _, c := range el.ChildElements() {
		if c.NamespaceURI() != nsXSD {
			continue
		}
		switch c.Tag {
		case "restriction":
			if c.SelectAttr("base") != nil {
				base, err := qnameAttr(r.doc, c, "base", true)
				if err != nil {
					return err
				}
				t.Base = base
			}
			for _, e := range c.ChildElements() {
				if e.Tag == "enumeration" && e.NamespaceURI() == nsXSD {
					t.Kind = KindEnum
					t.Enum = append(t.Enum, e.SelectAttrValue("value", ""))
				}
			}
		case "list":
			t.Kind = KindFlags
			if c.SelectAttr("itemType") != nil {
				it, err := qnameAttr(r.doc, c, "itemType", true)
				if err != nil {
					return err
				}
				t.Base = it
			}
			for _, inner := range c.ChildElements() {
				if inner.Tag == "simpleType" && inner.NamespaceURI() == nsXSD {
					it, err := r.typeDef(inner, t.Name, depth+1)
					if err != nil {
						return err
					}
					t.Enum = it.Enum
				}
			}
		case "union":
			t.unsupported("xs:union")
		}
	}
	return nil
}
