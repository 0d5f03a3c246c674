// Errors returned by Call.Register (WsRegisterOperationForCancel).

package cancel

import "errors"

var (
	// ErrAlreadyRegistered is returned by a second Register on the same call:
	// a call has at most one cancel registration.
	ErrAlreadyRegistered = errors.New("cancel: already registered")

	// ErrCallCompleted is returned by Register after Complete: WWSAPI only
	// lets an operation register while it is executing. It is also the
	// context cause of a call that completed without being cancelled.
	ErrCallCompleted = errors.New("cancel: call completed")

	// ErrNilCallback is returned by Register without a cancel callback,
	// which WsRegisterOperationForCancel requires.
	ErrNilCallback = errors.New("cancel: nil cancel callback")
)
