package servicemodel

import (
	"errors"

	"github.com/wwsgo/wws/nettcp"
)

// nettcpErrors maps the framing layer's errors — the fault records of
// [MC-NMF] 2.2.3.6 a WCF peer sends, and local framing failures — to the
// WWSAPI results a proxy reports.
var nettcpErrors = []errMapping{
	{from: []error{nettcp.ErrEndpointNotFound}, code: ErrEndpointNotFound},
	{from: []error{nettcp.ErrServerTooBusy}, code: ErrEndpointTooBusy},
	{from: []error{nettcp.ErrEndpointAccessDenied}, code: ErrEndpointAccessDenied},
	{from: []error{nettcp.ErrEndpointUnavailable, nettcp.ErrServiceActivation}, code: ErrEndpointNotAvailable},
	{from: []error{nettcp.ErrMaxMessageSize}, code: ErrQuotaExceeded},
	{from: []error{nettcp.ErrTimeout}, code: ErrTimedOut},
	{from: []error{nettcp.ErrAborted}, code: ErrAborted},
	{from: []error{nettcp.ErrProtocol}, code: ErrInvalidFormat},
	{from: []error{nettcp.ErrContentTypeInvalid, nettcp.ErrContentTypeTooLong, nettcp.ErrViaTooLong,
		nettcp.ErrUnsupportedVersion, nettcp.ErrUnsupportedMode, nettcp.ErrUpgradeInvalid,
		nettcp.ErrLooksLikeHTTP}, code: ErrEndpointFailure},
	{from: []error{nettcp.ErrClosed}, code: ErrEndpointDisconnected},
}

func init() {
	RegisterErrorMapping(func(err error) (error, bool) {
		for _, m := range nettcpErrors {
			for _, f := range m.from {
				if errors.Is(err, f) {
					return m.code, true
				}
			}
		}
		return nil, false
	})
}
