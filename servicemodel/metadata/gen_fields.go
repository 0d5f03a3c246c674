package metadata

// Generate's struct fields: the members of a data contract or a message
// wrapper in schema order, with what XmlSerializer-style schemas add
// mapped as far as the body codec (package soap) goes — an xs:choice as
// optional members (omitempty), the one chosen set; simpleContent and
// mixed text as ,chardata; attributes as ,attr — and the rest (xs:any,
// unmapped groups and member types) kept raw, as etree elements, in one
// []*etree.Element field tagged ,any, with a comment saying what it holds.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// field is a generated struct field: its name, Go type and tag, comment
// lines before it, and for a wrapper member the method parameter it is.
type field struct {
	param   string // Go parameter name
	field   string // the struct field
	goType  string
	tag     string // the field's tag
	comment []string
}

// anyElemsType is the Go type of the raw field.
const anyElemsType = "[]*etree.Element"

// structFields returns the fields of a struct for members (t's own, or a
// wrapper's with its bases') and t's attributes and text. In a data
// contract (not a wrapper) an optional, non-nillable pointer member is
// omitempty: XmlSerializer leaves such a null member out, where
// DataContract's are nillable and written i:nil. A wrapper's null member is
// written i:nil, which both serializers read as null.
func (g *generator) structFields(t *SchemaType, members []*Member, wrapper bool) []field {
	seen := map[string]bool{"XMLName": true}
	name := func(s string) string {
		f := identifier(s)
		for i := 2; seen[f]; i++ {
			f = identifier(s) + strconv.Itoa(i)
		}
		seen[f] = true
		return f
	}
	var fs []field
	switch {
	case t.Text != (QName{}):
		gt, err := g.simpleGoType(t.Text)
		c := fmt.Sprintf("Value is the element's text (simpleContent of %s).", t.Text)
		if err != nil || strings.HasPrefix(gt, "*") {
			gt, c = "string", fmt.Sprintf("Value is the element's text, of type %s, which is not mapped: its lexical form.", t.Text)
		}
		fs = append(fs, field{field: name("Value"), goType: gt, tag: `xml:",chardata"`, comment: []string{c}})
	case t.Mixed:
		fs = append(fs, field{field: name("Text"), goType: "string", tag: `xml:",chardata"`, comment: []string{
			"Text is the mixed content's text, joined: where it stood among the elements",
			"is not kept (Encode writes it before them). For the exact content, read",
			"the body as XML (soap.Message.BodyElement).",
		}})
	}
	// Elements.
	anyAt, anyName := -1, ""
	var raw []string           // what the raw field keeps
	choices := map[int][]int{} // choice → its alternatives' fields
	var order []int            // choices in order
	for _, m := range members {
		if m.Any {
			what := "the elements of an xs:any wildcard"
			if m.Unmapped != "" {
				what = "the elements of " + m.Unmapped + ", which is not mapped"
			}
			if !slices.Contains(raw, what) {
				raw = append(raw, what)
			}
		} else {
			gt, err := g.memberType(m)
			if err == nil {
				f := field{field: name(m.Name), goType: gt, tag: g.memberTag(m)}
				if !wrapper && m.Choice == 0 && m.MinOccurs == 0 && !m.Nillable && (strings.HasPrefix(gt, "*") || gt == "[]byte") {
					omitEmpty(&f)
				}
				if m.Choice != 0 {
					g.alternative(m, &f)
					if len(choices[m.Choice]) == 0 {
						order = append(order, m.Choice)
					}
					choices[m.Choice] = append(choices[m.Choice], len(fs))
				}
				fs = append(fs, f)
				continue
			}
			raw = append(raw, fmt.Sprintf("element %s, whose type is not mapped (%v)", m.Name, err))
		}
		if anyAt < 0 {
			anyAt, anyName = len(fs), name("Any")
		}
	}
	for _, c := range order {
		idx := choices[c]
		var names []string
		for _, i := range idx {
			names = append(names, fs[i].field)
		}
		first := &fs[idx[0]]
		if g.repeatedChoice(members, c) {
			first.comment = append(first.comment, fmt.Sprintf("A repeated xs:choice of %s: each alternative's elements are in", strings.Join(names, ", ")),
				"its own field; the order between alternatives is not kept.")
		} else {
			first.comment = append(first.comment, fmt.Sprintf("xs:choice: set one of %s; the others stay nil (not written).", strings.Join(names, ", ")))
		}
	}
	if anyAt >= 0 {
		g.imports["etree"] = true
		c := []string{fmt.Sprintf("%s keeps, as XML, the child elements no other field takes: %s.", anyName, strings.Join(raw, "; ")),
			"Each is self-contained (the namespaces it uses declared on it); Encode writes",
			"them back here. Build one with etree.NewElement and SetText/CreateElement."}
		fs = slices.Insert(fs, anyAt, field{field: anyName, goType: anyElemsType, tag: `xml:",any"`, comment: c})
	}
	// Attributes.
	for _, a := range t.Attributes {
		gt, err := g.simpleGoType(a.Type)
		f := field{field: name(a.Name), goType: gt, tag: fmt.Sprintf("xml:%q", tagName(a.Namespace, a.Name)+",attr")}
		if err != nil || strings.HasPrefix(gt, "*") {
			f.goType = "string"
			f.comment = []string{fmt.Sprintf("Attribute %s is of type %s, which is not mapped: it holds the lexical form;", a.Name, a.Type),
				"parse or format it yourself."}
		}
		fs = append(fs, f)
	}
	return fs
}

// repeatedChoice reports whether choice c among members repeats (its
// alternatives are slices because the choice's maxOccurs is above one).
func (g *generator) repeatedChoice(members []*Member, c int) bool {
	for _, m := range members {
		if m.Choice == c && m.Repeated() {
			return true
		}
	}
	return false
}

// alternative makes f, the field of choice alternative m, optional: a
// pointer (or a slice, map or []byte, nil when not chosen), omitted when
// not set.
func (g *generator) alternative(m *Member, f *field) {
	if !strings.HasPrefix(f.goType, "*") && !strings.HasPrefix(f.goType, "[]") && !strings.HasPrefix(f.goType, "map[") {
		f.goType = "*" + f.goType
	}
	omitEmpty(f)
}

// omitEmpty adds omitempty to f's xml tag.
func omitEmpty(f *field) {
	const open = `xml:"`
	i := len(open) + strings.IndexByte(f.tag[len(open):], '"') // the xml tag's closing quote
	f.tag = f.tag[:i] + ",omitempty" + f.tag[i:]
}

// typeNotes writes the doc comment lines of t's struct for what its fields
// do not carry.
func (g *generator) typeNotes(t *SchemaType) {
	if t.AnyAttribute {
		g.p("// Attributes other than its fields' (xs:anyAttribute) are not kept: read the\n")
		g.p("// body as XML (soap.Message.BodyElement) when you need them.\n")
	}
	if strings.HasPrefix(t.Unsupported, "xs:attributeGroup") {
		g.p("// The attributes of %s are not mapped: add ,attr fields for them by hand\n// or read the body as XML.\n", t.Unsupported)
	}
}

// writeFields writes fs as struct fields.
func (g *generator) writeFields(fs []field) {
	for _, f := range fs {
		for _, c := range f.comment {
			g.p("\t// %s\n", c)
		}
		g.p("\t%s %s `%s`\n", f.field, f.goType, f.tag)
	}
}
