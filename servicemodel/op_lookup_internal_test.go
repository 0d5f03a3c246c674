package servicemodel

import (
	"context"
	"testing"
)

// The proxy's and the dispatcher's memory of the last operation found
// answers as the contract's maps do, whatever the order of the lookups,
// even where one operation's name is another's action.
func TestOperationLookupMemory(t *testing.T) {
	type r struct{}
	fn := func(context.Context, *r) (*r, error) { return nil, nil }
	a := Op("A", fn)
	a.Action = "B" // the action of A is the name of B
	b := Op("B", fn)
	c := Op("urn:C", fn)
	ct := MustContract("ILookup", "", a, b, c)
	p := &ServiceProxy{contract: ct}
	d := &dispatcher{ep: &Endpoint{Contract: ct}}
	queries := []string{"A", "B", "B", "A", "urn:C", "urn:C", "nope", "B", "http://tempuri.org/ILookup/B", "A", "B"}
	for _, q := range append(queries, queries...) {
		wantOp, wantOK := ct.ResolveOperation(q)
		if op, ok := p.resolve(q); op != wantOp || ok != wantOK {
			t.Errorf("proxy resolve(%q) = %v, %v; want %v, %v", q, op, ok, wantOp, wantOK)
		}
		wantOp, wantOK = ct.OperationByAction(q)
		if op, ok := d.operation(q); op != wantOp || ok != wantOK {
			t.Errorf("dispatcher operation(%q) = %v, %v; want %v, %v", q, op, ok, wantOp, wantOK)
		}
	}
}

// BeginHeld finds and does what Begin does, in every state, for every
// method of both tables.
func TestBeginHeldMatchesBegin(t *testing.T) {
	for _, tab := range []*ruleTable{&proxyRules, &hostRules} {
		for s := range State(numStates) {
			for m := range method(numMethods) {
				a, b := newStateMachine(s), newStateMachine(s)
				curA, rA := a.Begin(tab, m)
				curB, rB := b.BeginHeld(tab, m)
				if curA != curB || rA != rB || a.State() != b.State() {
					t.Errorf("%v in %v: Begin = %v, %+v → %v; BeginHeld = %v, %+v → %v",
						m, s, curA, rA, a.State(), curB, rB, b.State())
				}
			}
		}
	}
}
