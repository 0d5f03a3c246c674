package soap

// Typed fault detail: a Go value as a fault's Detail, as WCF sends a
// FaultException<T> for an operation's [FaultContract(typeof(T))] and its
// client catches it by the detail element's name (WCF's FaultFormatter;
// the default fault action is TypeLoader.CreateFaultDescription's).

import (
	"errors"
	"fmt"

	"github.com/wwsgo/wws/soap/infoset"
)

// ErrNoDetail reports a fault without a detail element to decode.
var ErrNoDetail = errors.New("soap: fault has no detail")

// DetailFault returns the fault a service sends for a FaultContract: code
// Sender (FaultException's default), the reason in en-US, and detail
// encoded as Encode encodes a body value (its XMLName is the detail
// element, which the client matches against its fault contracts). An
// empty action is left empty: a service's dispatcher gives an operation's
// fault with detail the FaultContract's default action (FaultAction);
// elsewhere it gets the default fault action.
func DetailFault(action, reason string, detail any) (*Fault, error) {
	var w infoset.TreeWriter
	if err := Encode(&w, detail); err != nil {
		return nil, fmt.Errorf("soap: fault detail: %w", err)
	}
	return &Fault{Code: senderCode(nil), Reasons: reasons(reason), Detail: w.Nodes(), Action: action}, nil
}

// FaultAction is the action WCF gives a fault contract by default: the
// operation's request action followed by the detail type's name and
// "Fault", e.g. http://tempuri.org/IOrderService/CancelOrder + OrderFault
// + Fault.
func FaultAction(operationAction, detailName string) string {
	return operationAction + detailName + "Fault"
}

// DetailName returns the name of the fault's detail element, false when
// it has none.
func (f *Fault) DetailName() (infoset.Name, bool) {
	if n := f.detailElement(); n != nil {
		return n.Name, true
	}
	return infoset.Name{}, false
}

// detailElement is the first element of the detail.
func (f *Fault) detailElement() *infoset.Node {
	for _, n := range f.Detail {
		if n.Kind == infoset.StartElement {
			return n
		}
	}
	return nil
}

// DecodeDetail decodes the fault's detail element into v, a non-nil
// pointer, as Decode does: when v's type has an XMLName tag, the element's
// name must match (ErrDecode otherwise). It returns ErrNoDetail for a
// fault without a detail element.
func (f *Fault) DecodeDetail(v any) error {
	n := f.detailElement()
	if n == nil {
		return ErrNoDetail
	}
	r := infoset.NewTreeReader(n)
	if _, err := r.Next(); err != nil {
		return err
	}
	return Decode(r, v)
}

// DetailAs returns the detail of the fault err is or wraps decoded as a T,
// when it is one (T's XMLName names the detail element); it is the client's
// catch of FaultException<T>:
//
//	if d, ok := soap.DetailAs[OrderFault](err); ok { … d.Reason … }
func DetailAs[T any](err error) (*T, bool) {
	var f *Fault
	if !errors.As(err, &f) || f == nil {
		return nil, false
	}
	v := new(T)
	if f.DecodeDetail(v) != nil {
		return nil, false
	}
	return v, true
}
