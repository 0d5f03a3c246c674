// The Calculator's operations (interop-contract.md): Add, Echo, Fail,
// Notify, NotifyCount and Blob; Delay is in delay.go.

package calculator

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/wwsgo/wws/cancel"
	"github.com/wwsgo/wws/soap"
)

// DefaultMaxBlobSize bounds Blob when Service.MaxBlobSize is 0.
const DefaultMaxBlobSize = 16 << 20

// Service is one Calculator instance. Its methods are safe for concurrent
// use.
type Service struct {
	// MaxBlobSize bounds the size Blob accepts; 0 means DefaultMaxBlobSize.
	MaxBlobSize int32

	notifies atomic.Int32
	hooks    hooks
}

// hooks let tests watch Delay's registration and cancellation callbacks.
type hooks struct {
	registered func()
	cancelled  func(cancel.Reason)
	freed      func()
}

// New returns a Service with no Notify calls counted.
func New() *Service { return &Service{} }

// Add returns a + b, wrapping on overflow as C#'s unchecked int does.
func (s *Service) Add(_ context.Context, req *AddRequest) (*AddResponse, error) {
	return &AddResponse{AddResult: req.A + req.B}, nil
}

// Echo returns its text, null for null.
func (s *Service) Echo(_ context.Context, req *EchoRequest) (*EchoResponse, error) {
	return &EchoResponse{EchoResult: req.Text}, nil
}

// Fail answers with the fault WCF's FaultException(reason) sends: code
// Sender, the reason text exactly, xml:lang en-US.
func (s *Service) Fail(_ context.Context, req *FailRequest) (*FailResponse, error) {
	return nil, soap.SenderFault(req.Reason)
}

// Notify counts a one-way notification.
func (s *Service) Notify(_ context.Context, _ *NotifyRequest) error {
	s.notifies.Add(1)
	return nil
}

// NotifyCount returns how many Notify calls this instance received.
func (s *Service) NotifyCount(_ context.Context, _ *NotifyCountRequest) (*NotifyCountResponse, error) {
	return &NotifyCountResponse{NotifyCountResult: s.notifies.Load()}, nil
}

// Blob returns size bytes, byte i being i % 251. A negative size, or one
// over MaxBlobSize, is a Sender fault.
func (s *Service) Blob(_ context.Context, req *BlobRequest) (*BlobResponse, error) {
	limit := s.MaxBlobSize
	if limit <= 0 {
		limit = DefaultMaxBlobSize
	}
	if req.Size < 0 || req.Size > limit {
		return nil, soap.SenderFault(fmt.Sprintf("size %d is outside 0..%d", req.Size, limit))
	}
	b := make([]byte, req.Size)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return &BlobResponse{BlobResult: b}, nil
}
