// `wsproxy call -wsdl SOURCE`: the service's metadata names the operation's
// action and the body's shape, so key=value pairs become the wrapper
// element with its members in schema sequence order (DataContractSerializer
// reads members in that order only and drops one out of place), each in
// its namespace, its value checked against the member's type. Dotted keys
// reach nested data contracts (order.ShipTo.City=Paris); a repeated key
// gives the items of a collection (tags=a tags=b).

package cli

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beevik/etree"
	"github.com/wwsgo/wws/servicemodel/metadata"
	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

const nsXSD = "http://www.w3.org/2001/XMLSchema"

// maxNesting bounds how deep dotted keys and nested types are followed.
const maxNesting = 32

// readMetadata reads c.wsdl.
func (c *callCmd) readMetadata() (*metadata.Definitions, error) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	d, err := metadata.Import(ctx, c.wsdl, &metadata.ImportOptions{Timeout: c.timeout})
	if err != nil {
		return nil, fmt.Errorf("-wsdl: %w", err)
	}
	return d, nil
}

// portBinding returns the -binding that the port at address calls for
// (soap11 for a SOAP 1.1 binding such as BasicHttpBinding), or "" when the
// metadata names no port there.
func portBinding(d *metadata.Definitions, address string) string {
	for _, s := range d.Services {
		for _, p := range s.Ports {
			if p.Address != address || p.Binding == nil {
				continue
			}
			switch {
			case p.Binding.IsTCP():
				return bindingNetTCP
			case p.Binding.SOAP == metadata.SOAP11:
				return bindingSoap11
			}
			return bindingSoap12
		}
	}
	return ""
}

// fromMetadata returns the action of operation op and its body: built from
// key=value pairs (or none), else as buildBody reads it.
func fromMetadata(d *metadata.Definitions, e *env, address, op string, args []string) (string, *etree.Element, error) {
	o, action, err := wsdlOperation(d, address, op)
	if err != nil {
		return "", nil, fmt.Errorf("-wsdl: %w", err)
	}
	if len(args) == 1 && (args[0] == "-" || strings.HasPrefix(args[0], "@") || strings.HasPrefix(strings.TrimSpace(args[0]), "<")) {
		body, err := buildBody(args, o.Name, "", e.stdin)
		return action, body, err
	}
	body, err := wsdlBody(d, o, args)
	return action, body, err
}

// wsdlOperation finds operation op (its name, or its input action) of the
// contract at address (the port whose address it is; any contract when no
// port has it) and returns it with its input action.
func wsdlOperation(d *metadata.Definitions, address, op string) (*metadata.Operation, string, error) {
	var portTypes []*metadata.PortType
	var binding *metadata.WSDLBinding
	for _, s := range d.Services {
		for _, p := range s.Ports {
			if p.Address == address && p.Binding != nil {
				binding = p.Binding
			}
		}
	}
	for _, pt := range d.PortTypes {
		if binding == nil || pt.Name == binding.PortType {
			portTypes = append(portTypes, pt)
		}
	}
	var names []string
	for _, pt := range portTypes {
		for _, o := range pt.Operations {
			if o.Input == nil {
				continue
			}
			names = append(names, o.Name)
			if o.Name != op && o.Input.Action != op {
				continue
			}
			action := o.Input.Action
			if action == "" && binding != nil {
				action = binding.SOAPActions[o.Name]
			}
			if action == "" {
				return nil, "", fmt.Errorf("operation %s: the metadata gives no action", o.Name)
			}
			return o, action, nil
		}
	}
	return nil, "", fmt.Errorf("the metadata has no operation %q; it has %s", op, strings.Join(names, ", "))
}

// pairTree is key=value pairs grouped by dotted key: the values of a key,
// and the pairs below it.
type pairTree struct {
	values []string
	kids   map[string]*pairTree
	keys   []string // kids' keys in first-seen order
	used   bool
}

func parsePairs(pairs []string) (*pairTree, error) {
	root := &pairTree{}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("body argument %q is not key=value", p)
		}
		n := root
		path := strings.Split(k, ".")
		if len(path) > maxNesting {
			return nil, fmt.Errorf("key %s: more than %d levels", k, maxNesting)
		}
		for _, part := range path {
			if part == "" {
				return nil, fmt.Errorf("key %q has an empty part", k)
			}
			if n.kids == nil {
				n.kids = map[string]*pairTree{}
			}
			c, ok := n.kids[part]
			if !ok {
				c = &pairTree{}
				n.kids[part] = c
				n.keys = append(n.keys, part)
			}
			n = c
		}
		n.values = append(n.values, v)
	}
	return root, nil
}

// wsdlBody builds op's input element from key=value pairs.
func wsdlBody(d *metadata.Definitions, op *metadata.Operation, pairs []string) (*etree.Element, error) {
	el, ok := d.Schema.Elements[op.Input.Element]
	if op.Input.Element.IsZero() || !ok {
		return nil, fmt.Errorf("operation %s: its input element %s is not in the metadata's schema", op.Name, op.Input.Element)
	}
	t := d.Schema.ElementType(el)
	if t == nil || t.Kind != metadata.KindComplex {
		return nil, fmt.Errorf("operation %s: input element %s is not a wrapper of parameters", op.Name, el.Name)
	}
	tree, err := parsePairs(pairs)
	if err != nil {
		return nil, err
	}
	root := etree.NewElement(el.Name.Local)
	root.CreateAttr("xmlns", el.Name.Space)
	b := bodyBuilder{s: d.Schema}
	if err := b.members(root, t, tree, el.Name.Space, op.Name, 0); err != nil {
		return nil, err
	}
	return root, nil
}

type bodyBuilder struct{ s *metadata.SchemaSet }

// allMembers returns t's members, its bases' first.
func (b bodyBuilder) allMembers(t *metadata.SchemaType) ([]*metadata.Member, error) {
	var chain []*metadata.SchemaType
	for n := 0; t != nil; n++ {
		if n > maxNesting {
			return nil, fmt.Errorf("type %s: its bases form a cycle", t.Name)
		}
		chain = append(chain, t)
		if t.Base.IsZero() {
			break
		}
		t = b.s.Types[t.Base]
	}
	var ms []*metadata.Member
	for i := len(chain) - 1; i >= 0; i-- {
		ms = append(ms, chain[i].Members...)
	}
	return ms, nil
}

// members writes the members of complex type t that tree gives values, in
// sequence order, into parent (whose namespace is ns); where names the
// element for messages.
func (b bodyBuilder) members(parent *etree.Element, t *metadata.SchemaType, tree *pairTree, ns, where string, depth int) error {
	if depth > maxNesting {
		return fmt.Errorf("%s: nested more than %d levels", where, maxNesting)
	}
	if t.Unsupported != "" {
		return fmt.Errorf("%s: type %s has %s, which key=value bodies do not build; pass the body as XML", where, t.Name, t.Unsupported)
	}
	ms, err := b.allMembers(t)
	if err != nil {
		return err
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
		c, ok := tree.kids[m.Name]
		if !ok {
			continue
		}
		c.used = true
		if err := b.member(parent, m, c, ns, where+"."+m.Name, depth); err != nil {
			return err
		}
	}
	for _, k := range tree.keys {
		if !tree.kids[k].used {
			return fmt.Errorf("%s has no member %q; its members are %s", where, k, strings.Join(names, ", "))
		}
	}
	return nil
}

// member writes member m with the values and nested pairs of c.
func (b bodyBuilder) member(parent *etree.Element, m *metadata.Member, c *pairTree, parentNS, where string, depth int) error {
	t := m.Anonymous
	if t == nil {
		t = b.s.Types[m.Type]
	}
	if t != nil && t.Kind == metadata.KindComplex && collectionItem(t) != nil && !m.Repeated() && len(c.kids) == 0 {
		return b.items(child(parent, m.Name, m.Namespace, parentNS), m.Namespace, collectionItem(t), c.values, where, depth)
	}
	values := c.values
	if !m.Repeated() && len(values) > 1 {
		return fmt.Errorf("%s is given %d values; it takes one", where, len(values))
	}
	if m.Repeated() && len(c.kids) > 0 {
		return fmt.Errorf("%s: a repeated member takes values (%s=a %s=b), not dotted keys", where, m.Name, m.Name)
	}
	if len(values) == 0 {
		values = []string{""} // dotted keys below a single member
	}
	for _, v := range values {
		e := child(parent, m.Name, m.Namespace, parentNS)
		if err := b.value(e, m.Namespace, m.Type, t, v, c, where, depth); err != nil {
			return err
		}
	}
	return nil
}

// child adds element local in ns to parent, declaring ns when it is not
// parentNS.
func child(parent *etree.Element, local, ns, parentNS string) *etree.Element {
	e := parent.CreateElement(local)
	if ns != parentNS {
		e.CreateAttr("xmlns", ns)
	}
	return e
}

// value fills e (in namespace ns), of type name (t when the schema
// declares it), from v or from c's nested pairs.
func (b bodyBuilder) value(e *etree.Element, ns string, name metadata.QName, t *metadata.SchemaType, v string, c *pairTree, where string, depth int) error {
	if t == nil || name.Space == metadata.NamespaceSerialization && t.Kind == metadata.KindSimple {
		// A built-in type; the Serialization namespace's (guid, char,
		// duration) are declared as restrictions of xs:string.
		if len(c.kids) > 0 {
			return fmt.Errorf("%s is a %s, not a data contract with members", where, name.Local)
		}
		text, err := checkSimple(name, v)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		e.SetText(text)
		return nil
	}
	switch t.Kind {
	case metadata.KindEnum:
		if !slices.Contains(t.Enum, v) {
			return fmt.Errorf("%s: %q is not a %s (%s)", where, v, t.Name.Local, strings.Join(t.Enum, ", "))
		}
		e.SetText(v)
		return nil
	case metadata.KindFlags:
		for _, f := range strings.Fields(strings.ReplaceAll(v, ",", " ")) {
			if !slices.Contains(t.Enum, f) {
				return fmt.Errorf("%s: %q is not a %s (%s)", where, f, t.Name.Local, strings.Join(t.Enum, ", "))
			}
		}
		e.SetText(strings.Join(strings.Fields(strings.ReplaceAll(v, ",", " ")), " "))
		return nil
	case metadata.KindSimple:
		text, err := checkSimple(t.Base, v)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		e.SetText(text)
		return nil
	}
	if v != "" {
		return fmt.Errorf("%s is the data contract %s: give its members as %s.Member=value", where, t.Name.Local, lastPart(where))
	}
	return b.members(e, t, c, ns, where, depth+1)
}

// items writes a collection's values into its element e (in namespace
// ns): one item each (tags=a tags=b gives two); one empty value gives an
// empty collection.
func (b bodyBuilder) items(e *etree.Element, ns string, item *metadata.Member, values []string, where string, depth int) error {
	it := item.Anonymous
	if it == nil {
		it = b.s.Types[item.Type]
	}
	if it != nil && it.Kind == metadata.KindComplex {
		return fmt.Errorf("%s is a collection of %s data contracts, which key=value bodies do not build; pass the body as XML", where, item.Type.Local)
	}
	if len(values) == 1 && values[0] == "" {
		return nil
	}
	for _, v := range values {
		ie := child(e, item.Name, item.Namespace, ns)
		if err := b.value(ie, item.Namespace, item.Type, it, v, &pairTree{}, where, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// collectionItem returns the repeated item of an ArrayOf… type.
func collectionItem(t *metadata.SchemaType) *metadata.Member {
	if len(t.Members) == 1 && t.Members[0].Repeated() && t.Base.IsZero() && !t.IsDictionary {
		return t.Members[0]
	}
	return nil
}

func lastPart(where string) string {
	if i := strings.LastIndexByte(where, '.'); i >= 0 {
		return where[i+1:]
	}
	return where
}

// checkSimple checks v against the built-in type name (XML Schema's, or
// DataContractSerializer's guid, char and duration) and returns its wire
// text. Other types pass unchecked.
func checkSimple(name metadata.QName, v string) (string, error) {
	bad := func(err error) (string, error) {
		return "", fmt.Errorf("%q is not a %s: %w", v, name.Local, err)
	}
	if name.Space == metadata.NamespaceSerialization {
		switch name.Local {
		case "guid":
			if _, err := soap.ParseGUID(v); err != nil {
				return bad(err)
			}
		case "char":
			// A character, or its UTF-16 code as DataContractSerializer writes it.
			if r, n := utf8.DecodeRuneInString(v); n == len(v) && n > 0 && (r < '0' || r > '9') && r <= 0xffff {
				return strconv.Itoa(int(r)), nil
			}
			if _, err := strconv.ParseUint(v, 10, 16); err != nil {
				return bad(errors.New("give one character or its UTF-16 code"))
			}
		case "duration":
			if d, err := time.ParseDuration(v); err == nil {
				return infoset.Duration(d).String(), nil // 90m → PT1H30M
			}
			if !strings.HasPrefix(strings.TrimPrefix(v, "-"), "P") {
				return bad(errors.New("give a Go duration (90m) or xs:duration (PT1H30M)"))
			}
		}
		return v, nil
	}
	if name.Space != nsXSD {
		return v, nil
	}
	var err error
	switch name.Local {
	case "int":
		_, err = strconv.ParseInt(v, 10, 32)
	case "long":
		_, err = strconv.ParseInt(v, 10, 64)
	case "short":
		_, err = strconv.ParseInt(v, 10, 16)
	case "byte":
		_, err = strconv.ParseInt(v, 10, 8)
	case "unsignedInt":
		_, err = strconv.ParseUint(v, 10, 32)
	case "unsignedLong":
		_, err = strconv.ParseUint(v, 10, 64)
	case "unsignedShort":
		_, err = strconv.ParseUint(v, 10, 16)
	case "unsignedByte":
		_, err = strconv.ParseUint(v, 10, 8)
	case "boolean":
		if v != "true" && v != "false" && v != "1" && v != "0" {
			err = errors.New("want true or false")
		}
	case "double", "float":
		switch v {
		case "INF", "-INF", "NaN":
		default:
			_, err = strconv.ParseFloat(v, 64)
		}
	case "decimal":
		_, err = soap.ParseDecimal(v)
	case "dateTime":
		if _, e1 := time.Parse(time.RFC3339Nano, v); e1 != nil {
			if _, e2 := time.Parse("2006-01-02T15:04:05.999999999", v); e2 != nil {
				err = errors.New("want 2006-01-02T15:04:05Z or without the zone")
			}
		}
	case "base64Binary":
		_, err = base64.StdEncoding.DecodeString(v)
	}
	if err != nil {
		return bad(err)
	}
	return v, nil
}
