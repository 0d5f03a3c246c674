// The ICalculator contract description (interop-contract.md): actions
// http://tempuri.org/ICalculator/<Op>, reply actions <Op>Response, Notify
// one-way.

package calculator

import (
	"context"

	"github.com/wwsgo/wws/servicemodel"
)

// ContractName is the WCF contract name.
const ContractName = "ICalculator"

// Contract returns the server-side contract bound to a new Service: give
// the same contract to every endpoint of a host so they share the one
// instance.
func Contract() *servicemodel.Contract { return New().Contract() }

// Contract returns the server-side contract whose operations are s's
// methods.
func (s *Service) Contract() *servicemodel.Contract {
	return servicemodel.MustContract(ContractName, Namespace,
		servicemodel.Op("Add", s.Add),
		servicemodel.Op("Echo", s.Echo),
		servicemodel.Op("Delay", s.Delay),
		servicemodel.Op("Fail", s.Fail),
		servicemodel.OneWayOp("Notify", s.Notify),
		servicemodel.Op("NotifyCount", s.NotifyCount),
		servicemodel.Op("Blob", s.Blob),
	)
}

// ClientContract returns the contract without handlers, for proxies.
func ClientContract() *servicemodel.Contract {
	return servicemodel.MustContract(ContractName, Namespace,
		servicemodel.Op[AddRequest, AddResponse]("Add", nil),
		servicemodel.Op[EchoRequest, EchoResponse]("Echo", nil),
		servicemodel.Op[DelayRequest, DelayResponse]("Delay", nil),
		servicemodel.Op[FailRequest, FailResponse]("Fail", nil),
		servicemodel.OneWayOp[NotifyRequest]("Notify", nil),
		servicemodel.Op[NotifyCountRequest, NotifyCountResponse]("NotifyCount", nil),
		servicemodel.Op[BlobRequest, BlobResponse]("Blob", nil),
	)
}

// compile-time checks that the methods have the operation shapes.
var (
	_ func(context.Context, *AddRequest) (*AddResponse, error) = (*Service)(nil).Add
	_ func(context.Context, *NotifyRequest) error              = (*Service)(nil).Notify
)
