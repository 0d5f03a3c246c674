package metadata

import "strings"

// Generate's typed faults: for each FaultContract detail type T of the
// contracts' operations (wsdl:fault messages), New<T>Fault, which a service
// returns so that a WCF client catches FaultException<T>, and As<T>Fault,
// a client's catch of it. They build on soap.DetailFault and
// soap.DetailAs; the detail struct names its detail element in XMLName.

// faultDetails finds the fault detail types: a named data contract that is
// the type of a wsdl:fault's element, the element named as its type (as
// DataContractSerializer's FaultContract exports it; a hierarchy's
// contracts name their type, so only those qualify).
func (g *generator) faultDetails() {
	g.faults = map[QName]QName{}
	for _, pt := range g.d.PortTypes {
		for _, op := range pt.Operations {
			for _, f := range op.Faults {
				e, ok := g.d.Schema.Elements[f.Element]
				if !ok || e.Anonymous != nil || g.names[e.Type] == "" {
					continue
				}
				t := g.d.Schema.Types[e.Type]
				if t == nil || t.Kind != KindComplex || g.collection(t) != nil {
					continue
				}
				if prev, seen := g.faults[e.Type]; seen && prev != f.Element {
					continue // one detail element per Go type: the first
				}
				if (t.Base != (QName{}) || g.hasDerived[e.Type]) && f.Element != e.Type {
					continue
				}
				g.faults[e.Type] = f.Element
			}
		}
	}
}

// faultFuncs declares New<T>Fault and As<T>Fault for every detail type, in
// schema order.
func (g *generator) faultFuncs() {
	for _, t := range g.d.Schema.NamedTypes() {
		elem, ok := g.faults[t.Name]
		if !ok {
			continue
		}
		name := g.names[t.Name]
		newName, asName := g.reserve("New"+name+"Fault"), g.reserve("As"+name+"Fault")
		g.imports["soap"] = true
		g.p("// %s returns the fault with detail %s (element %s) that a service method\n", newName, name, elem)
		g.p("// returns for its FaultContract: a WCF client catches FaultException<%s>. The\n", t.Name.Local)
		g.p("// service's dispatcher gives it the fault contract's action.\n")
		g.p("func %s(reason string, detail *%s) error {\n", newName, name)
		g.p("\tf, err := soap.DetailFault(\"\", reason, detail)\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn f\n}\n\n")
		g.p("// %s returns the %s detail of the fault err is or wraps, when it has one.\n", asName, name)
		g.p("func %s(err error) (*%s, bool) { return soap.DetailAs[%s](err) }\n\n", asName, name, name)
	}
}

// withFaults is the WithFaults call declaring op's fault detail types on
// its servicemodel.Operation, so that the Go host's metadata lists them;
// empty when op has none.
func (g *generator) withFaults(op *Operation) string {
	var ts []string
	for _, f := range op.Faults {
		e, ok := g.d.Schema.Elements[f.Element]
		if !ok {
			continue
		}
		if elem, ok := g.faults[e.Type]; ok && elem == f.Element {
			ts = append(ts, "reflect.TypeFor["+g.names[e.Type]+"]()")
		}
	}
	if len(ts) == 0 {
		return ""
	}
	g.imports["reflect"] = true
	return ".WithFaults(" + strings.Join(ts, ", ") + ")"
}
