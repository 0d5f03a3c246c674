package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/wwsgo/wws/soap"
)

// Contract describes a service contract: its name and namespace (WCF's
// [ServiceContract]) and its operations. Hosts dispatch by Action through
// it, proxies take the actions from it, and the WSDL generator describes
// it. The defaults follow WCF: namespace http://tempuri.org/, Action
// ns + Name + "/" + op, reply Action = Action + "Response".
type Contract struct {
	Name      string
	Namespace string

	ops      []*Operation
	byAction map[string]*Operation
	byName   map[string]*Operation
}

// DefaultNamespace is WCF's default contract namespace.
const DefaultNamespace = "http://tempuri.org/"

// Operation is one operation of a contract.
type Operation struct {
	Name        string
	Action      string // empty: the contract's default
	ReplyAction string // empty: Action + "Response"
	OneWay      bool   // no reply message is sent

	// RequestType and ResponseType are the Go types of the body values
	// (their struct tags give the wrapper elements); ResponseType is nil
	// for one-way operations.
	RequestType  reflect.Type
	ResponseType reflect.Type
	// Faults are the detail types of the operation's FaultContracts
	// (structs naming their detail element in XMLName), which metadata
	// describes as wsdl:faults. The dispatcher does not need them: it gives
	// any fault with a detail the FaultContract's action (soap.FaultAction).
	Faults []reflect.Type

	decode func(m *soap.Message) (any, error)
	call   func(ctx context.Context, req any) (any, error)
}

// Op declares a request-reply operation implemented by fn. A client-side
// contract may pass a nil fn.
func Op[Req, Resp any](name string, fn func(ctx context.Context, req *Req) (*Resp, error)) *Operation {
	op := &Operation{Name: name, RequestType: reflect.TypeFor[Req](), ResponseType: reflect.TypeFor[Resp](),
		decode: decodeInto[Req]}
	if fn != nil {
		op.call = func(ctx context.Context, req any) (any, error) {
			resp, err := fn(ctx, req.(*Req))
			if resp == nil {
				return nil, err // a nil *Resp is no body, not a typed nil
			}
			return resp, err
		}
	}
	return op
}

// OneWayOp declares a one-way operation implemented by fn.
func OneWayOp[Req any](name string, fn func(ctx context.Context, req *Req) error) *Operation {
	op := &Operation{Name: name, OneWay: true, RequestType: reflect.TypeFor[Req](), decode: decodeInto[Req]}
	if fn != nil {
		op.call = func(ctx context.Context, req any) (any, error) { return nil, fn(ctx, req.(*Req)) }
	}
	return op
}

// WithAction overrides the operation's Action (and, when reply is not
// empty, its reply Action).
func (op *Operation) WithAction(action, reply string) *Operation {
	op.Action, op.ReplyAction = action, reply
	return op
}

// WithFaults declares the detail types of the operation's FaultContracts
// (WCF's [FaultContract(typeof(T))]), e.g. reflect.TypeFor[OrderFault]().
func (op *Operation) WithFaults(details ...reflect.Type) *Operation {
	op.Faults = append(op.Faults[:len(op.Faults):len(op.Faults)], details...)
	return op
}

func decodeInto[Req any](m *soap.Message) (any, error) {
	req := new(Req)
	if err := m.DecodeBody(req); err != nil {
		return nil, err
	}
	return req, nil
}

// DecodeRequest decodes m's body into a new request value (*Req). Call it
// while m is valid (see RequestContext).
func (op *Operation) DecodeRequest(m *soap.Message) (any, error) {
	if op.decode == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoHandler, op.Name)
	}
	return op.decode(m)
}

// Call runs the operation's handler with a request from DecodeRequest. The
// result is the response value (*Resp), or nil for one-way operations.
func (op *Operation) Call(ctx context.Context, req any) (any, error) {
	if op.call == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoHandler, op.Name)
	}
	return op.call(ctx, req)
}

// Invoke decodes m's body and runs the operation's handler.
func (op *Operation) Invoke(ctx context.Context, m *soap.Message) (any, error) {
	req, err := op.DecodeRequest(m)
	if err != nil {
		return nil, err
	}
	return op.Call(ctx, req)
}

// HasHandler reports whether the operation can be invoked.
func (op *Operation) HasHandler() bool { return op.call != nil }

// NewContract builds a contract. An empty namespace means
// DefaultNamespace. Operation names and actions must be unique.
func NewContract(name, namespace string, ops ...*Operation) (*Contract, error) {
	if name == "" {
		return nil, errors.New("servicemodel: contract needs a name")
	}
	if namespace == "" {
		namespace = DefaultNamespace
	}
	c := &Contract{Name: name, Namespace: namespace,
		byAction: make(map[string]*Operation, len(ops)), byName: make(map[string]*Operation, len(ops))}
	for _, op := range ops {
		if op == nil || op.Name == "" {
			return nil, errors.New("servicemodel: operation needs a name")
		}
		o := *op
		if o.Action == "" {
			o.Action = joinAction(namespace, name, o.Name)
		}
		if o.ReplyAction == "" && !o.OneWay {
			o.ReplyAction = o.Action + "Response"
		}
		if _, dup := c.byName[o.Name]; dup {
			return nil, fmt.Errorf("servicemodel: duplicate operation %q", o.Name)
		}
		if _, dup := c.byAction[o.Action]; dup {
			return nil, fmt.Errorf("servicemodel: duplicate action %q", o.Action)
		}
		c.ops = append(c.ops, &o)
		c.byAction[o.Action] = &o
		c.byName[o.Name] = &o
	}
	return c, nil
}

// MustContract is NewContract that panics on error, for package-level
// contract declarations.
func MustContract(name, namespace string, ops ...*Operation) *Contract {
	c, err := NewContract(name, namespace, ops...)
	if err != nil {
		panic(err)
	}
	return c
}

func joinAction(ns, contract, op string) string {
	if !strings.HasSuffix(ns, "/") {
		ns += "/"
	}
	return ns + contract + "/" + op
}

// Operations returns the operations in declaration order.
func (c *Contract) Operations() []*Operation { return c.ops }

// Operation finds an operation by name.
func (c *Contract) Operation(name string) (*Operation, bool) {
	op, ok := c.byName[name]
	return op, ok
}

// OperationByAction finds an operation by its request Action.
func (c *Contract) OperationByAction(action string) (*Operation, bool) {
	op, ok := c.byAction[action]
	return op, ok
}

// ResolveOperation finds an operation by name or by full Action, so a
// caller (or the CLI) can name "Add" instead of the whole action URI.
func (c *Contract) ResolveOperation(nameOrAction string) (*Operation, bool) {
	if op, ok := c.byName[nameOrAction]; ok {
		return op, true
	}
	return c.OperationByAction(nameOrAction)
}
