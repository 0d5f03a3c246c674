package metadata

// Generate's contracts and endpoints: per portType the wrapper structs of
// its messages, the server interface, New<Name>Contract, the <Name>Client
// and Dial<Name>; per port an Endpoint with the binding WCF's policy
// assertions call for.

import (
	"fmt"
	"strings"
)

// opShape is an operation's wrapped messages unwrapped.
type opShape struct {
	op            *Operation
	method        string // Go method name
	reqType       string // unexported wrapper struct names
	respType      string
	reqElem       QName
	respElem      QName
	params        []field // request members
	results       []field // response members
	oneWay        bool
	action, reply string
}

func (g *generator) contract(pt *PortType) error {
	base := identifier(baseName(pt.Name.Local))
	var shapes []*opShape
	for _, op := range pt.Operations {
		s, err := g.shape(base, op)
		if err != nil {
			return fmt.Errorf("%w: operation %s of %s: %v", ErrGenerate, op.Name, pt.Name, err)
		}
		shapes = append(shapes, s)
	}
	// Server interface.
	g.p("// %s is the server side of contract %s (namespace %s): implement it and host\n// New%sContract(impl).\ntype %s interface {\n", base, pt.Name.Local, pt.Name.Space, base, base)
	for _, s := range shapes {
		g.p("\t%s%s\n", s.method, s.signature())
	}
	g.p("}\n\n")
	// Contract.
	g.p("// New%sContract returns contract %s with impl's methods as its operations; a nil\n// impl gives a client-only contract.\nfunc New%sContract(impl %s) *servicemodel.Contract {\n", base, pt.Name.Local, base, base)
	g.p("\tvar (\n")
	for _, s := range shapes {
		if s.oneWay {
			g.p("\t\top%s func(context.Context, *%s) error\n", s.method, s.reqType)
		} else {
			g.p("\t\top%s func(context.Context, *%s) (*%s, error)\n", s.method, s.reqType, s.respType)
		}
	}
	g.p("\t)\n\tif impl != nil {\n")
	for _, s := range shapes {
		args := []string{"ctx"}
		for _, f := range s.params {
			args = append(args, "req."+f.field)
		}
		if s.oneWay {
			g.p("\t\top%s = func(ctx context.Context, req *%s) error {\n\t\t\treturn impl.%s(%s)\n\t\t}\n", s.method, s.reqType, s.method, strings.Join(args, ", "))
			continue
		}
		var rs, inits []string
		for i, f := range s.results {
			rs = append(rs, fmt.Sprintf("r%d", i))
			inits = append(inits, fmt.Sprintf("%s: r%d", f.field, i))
		}
		g.p("\t\top%s = func(ctx context.Context, req *%s) (*%s, error) {\n", s.method, s.reqType, s.respType)
		g.p("\t\t\t%s := impl.%s(%s)\n", strings.Join(append(rs, "err"), ", "), s.method, strings.Join(args, ", "))
		g.p("\t\t\tif err != nil {\n\t\t\t\treturn nil, err\n\t\t\t}\n\t\t\treturn &%s{%s}, nil\n\t\t}\n", s.respType, strings.Join(inits, ", "))
	}
	g.p("\t}\n\treturn servicemodel.MustContract(%q, %q,\n", pt.Name.Local, pt.Name.Space)
	for _, s := range shapes {
		if s.oneWay {
			g.p("\t\tservicemodel.OneWayOp(%q, op%s).WithAction(%q, \"\"),\n", s.op.Name, s.method, s.action)
		} else {
			g.p("\t\tservicemodel.Op(%q, op%s).WithAction(%q, %q)%s,\n", s.op.Name, s.method, s.action, s.reply, g.withFaults(s.op))
		}
	}
	g.p("\t)\n}\n\n")
	// Client.
	g.p("// %sClient calls contract %s through a service proxy.\ntype %sClient struct {\n\tproxy *servicemodel.ServiceProxy\n}\n\n", base, pt.Name.Local, base)
	g.p(`// Dial%[1]s opens a service proxy to the %[2]s endpoint at address over binding
// (see Endpoints for the ones the WSDL names).
func Dial%[1]s(ctx context.Context, binding servicemodel.Binding, address string, opts *servicemodel.ProxyOptions) (*%[1]sClient, error) {
	p, err := servicemodel.NewServiceProxy(binding, New%[1]sContract(nil), opts)
	if err != nil {
		return nil, err
	}
	if err := p.Open(ctx, address); err != nil {
		p.Abort()
		return nil, err
	}
	return &%[1]sClient{proxy: p}, nil
}

// Close closes the proxy, waiting for pending calls (WsCloseServiceProxy).
func (c *%[1]sClient) Close(ctx context.Context) error { return c.proxy.Close(ctx) }

// Abort aborts the proxy and its pending calls (WsAbortServiceProxy).
func (c *%[1]sClient) Abort() { c.proxy.Abort() }

// Proxy returns the underlying service proxy.
func (c *%[1]sClient) Proxy() *servicemodel.ServiceProxy { return c.proxy }

`, base, pt.Name.Local)
	for _, s := range shapes {
		var inits []string
		for _, f := range s.params {
			inits = append(inits, fmt.Sprintf("%s: %s", f.field, f.param))
		}
		g.p("// %s calls operation %s (Action %s).\nfunc (c *%sClient) %s%s {\n", s.method, s.op.Name, s.action, base, s.method, s.signature())
		g.p("\treq := &%s{%s}\n", s.reqType, strings.Join(inits, ", "))
		if s.oneWay {
			g.p("\treturn c.proxy.Call(ctx, %q, req, nil)\n}\n\n", s.op.Name)
			continue
		}
		var zeros, vals []string
		for _, f := range s.results {
			zeros = append(zeros, zeroValue(f.goType))
			vals = append(vals, "resp."+f.field)
		}
		g.p("\tvar resp %s\n\tif err := c.proxy.Call(ctx, %q, req, &resp); err != nil {\n\t\treturn %s\n\t}\n\treturn %s\n}\n\n",
			s.respType, s.op.Name, strings.Join(append(zeros, "err"), ", "), strings.Join(append(vals, "nil"), ", "))
	}
	// Wrappers.
	for _, s := range shapes {
		g.wrapper(s.reqType, s.reqElem, s.params)
		if !s.oneWay {
			g.wrapper(s.respType, s.respElem, s.results)
		}
	}
	return nil
}

func (s *opShape) signature() string {
	ps := []string{"ctx context.Context"}
	for _, f := range s.params {
		ps = append(ps, f.param+" "+f.goType)
	}
	var rs []string
	for _, f := range s.results {
		rs = append(rs, f.goType)
	}
	rs = append(rs, "error")
	r := strings.Join(rs, ", ")
	if len(rs) > 1 {
		r = "(" + r + ")"
	}
	return "(" + strings.Join(ps, ", ") + ") " + r
}

func zeroValue(goType string) string {
	switch {
	case strings.HasPrefix(goType, "*"), strings.HasPrefix(goType, "[]"), strings.HasPrefix(goType, "map["), goType == "any":
		return "nil"
	case goType == "soap.GUID", goType == "soap.Decimal", goType == "soap.DateTimeOffset":
		return goType + "{}"
	case goType == "soap.Char":
		return "0"
	case goType == "string":
		return `""`
	case goType == "bool":
		return "false"
	case goType == "time.Time":
		return "time.Time{}"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"), strings.HasPrefix(goType, "float"), goType == "time.Duration":
		return "0"
	}
	return goType + "(\"\")" // a generated string type (enumerations)
}

// shape unwraps an operation's messages.
func (g *generator) shape(base string, op *Operation) (*opShape, error) {
	s := &opShape{op: op, method: identifier(op.Name), oneWay: op.Output == nil, action: op.Input.Action}
	lower := strings.ToLower(s.method[:1]) + s.method[1:]
	s.reqType = g.reserve(lower + "Request")
	taken := map[string]bool{"ctx": true, "c": true, "req": true, "resp": true, "err": true, "impl": true}
	var err error
	if s.reqElem, s.params, err = g.unwrap(op.Input, taken); err != nil {
		return nil, fmt.Errorf("input: %v", err)
	}
	if !s.oneWay {
		s.respType = g.reserve(lower + "Response")
		s.reply = op.Output.Action
		if s.respElem, s.results, err = g.unwrap(op.Output, taken); err != nil {
			return nil, fmt.Errorf("output: %v", err)
		}
	}
	return s, nil
}

// unwrap lists the members of a message's wrapper element.
func (g *generator) unwrap(m *MessageRef, taken map[string]bool) (QName, []field, error) {
	if m.Element.IsZero() {
		return QName{}, nil, fmt.Errorf("message %s has no element part", m.Message)
	}
	e, ok := g.d.Schema.Elements[m.Element]
	if !ok {
		return QName{}, nil, fmt.Errorf("element %s is not defined", m.Element)
	}
	t := g.d.Schema.ElementType(e)
	if t == nil || t.Kind != KindComplex {
		return QName{}, nil, fmt.Errorf("element %s is not a wrapper (a complex type)", m.Element)
	}
	members, err := g.allMembers(t, 0)
	if err != nil {
		return QName{}, nil, err
	}
	// What the codec cannot map is kept raw (structFields), so a wrapper
	// only partly mappable still makes an operation.
	fs := g.structFields(t, members, true)
	for i := range fs {
		f := &fs[i]
		if strings.Contains(f.goType, "time.") {
			g.imports["time"] = true
		}
		p := f.field
		if f.goType == anyElemsType {
			p = "AnyElements" // not the predeclared any
		}
		f.param = paramName(p, taken)
	}
	return m.Element, fs, nil
}

// wrapper declares a message's wrapper struct.
func (g *generator) wrapper(name string, elem QName, fs []field) {
	g.p("// %s is the wrapper element %s.\ntype %s struct {\n\tXMLName struct{} `xml:%q`\n", name, elem, name, tagName(elem.Space, elem.Local))
	g.writeFields(fs)
	g.p("}\n\n")
}

// endpoints declares Endpoints: every port of every service.
func (g *generator) endpoints() {
	g.p(`// Endpoint is a port of the WSDL's services: its address, and the binding WCF's
// policy assertions call for (nil NewBinding when the runtime cannot speak it;
// Unsupported says why).
type Endpoint struct {
	Service, Name, Contract, Address string
	NewBinding                       func() servicemodel.Binding
	Unsupported                      string
}

// Endpoints lists the endpoints of the WSDL.
var Endpoints = []Endpoint{
`)
	for _, s := range g.d.Services {
		for _, p := range s.Ports {
			ctor, why := chooseBinding(p.Binding)
			g.p("\t{Service: %q, Name: %q, Contract: %q, Address: %q,\n", s.Name.Local, p.Name, p.Binding.PortType.Local, p.Address)
			if ctor != "" {
				g.p("\t\tNewBinding: func() servicemodel.Binding { return %s }},\n", ctor)
			} else {
				g.p("\t\tUnsupported: %q},\n", why)
			}
		}
	}
	g.p("}\n")
}

// chooseBinding picks the servicemodel binding of a WSDL binding:
// BinaryEncoding + soap/tcp → NetTCPBinding; SOAP 1.2 + WS-Addressing over
// HTTP → WSHTTP (binary → BinaryHTTP); SOAP 1.1 → BasicHTTP.
func chooseBinding(b *WSDLBinding) (ctor, unsupported string) {
	if len(b.Security) > 0 {
		return "", fmt.Sprintf("the binding's policy demands security (%s), which the runtime does not speak yet", strings.Join(b.Security, ", "))
	}
	switch {
	case b.IsTCP():
		if b.SOAP != SOAP12 || !b.Addressing {
			return "", "net.tcp without SOAP 1.2 and WS-Addressing 1.0"
		}
		if !b.BinaryEncoding {
			return "", "net.tcp with text encoding: set NetTCPBinding.Encoding yourself"
		}
		return "servicemodel.NewNetTCPBinding()", ""
	case b.Transport == transportSOAPOverHTTP || b.Transport == "":
		switch {
		case b.BinaryEncoding && b.Addressing:
			return "servicemodel.NewBinaryHTTPBinding()", ""
		case b.SOAP == SOAP12 && b.Addressing:
			return "servicemodel.NewWSHTTPBinding()", ""
		case b.SOAP == SOAP11 && !b.Addressing:
			return "servicemodel.NewBasicHTTPBinding()", ""
		}
		return "", fmt.Sprintf("SOAP %d.%d with addressing %v over HTTP has no servicemodel binding", b.SOAP/10, b.SOAP%10, b.Addressing)
	}
	return "", "transport " + b.Transport + " is not supported"
}
