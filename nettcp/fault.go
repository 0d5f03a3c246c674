package nettcp

import (
	"errors"
	"strings"
)

// FaultBase is the namespace of the framing fault URIs ([MC-NMF] 2.2.3.8).
const FaultBase = "http://schemas.microsoft.com/ws/2006/05/framing/faults/"

// FaultCode names a framing fault ([MC-NMF] Fault Record; the names are WCF's
// FramingEncodingString, System.ServiceModel/System/ServiceModel/Channels/
// FramingFormat.cs).
type FaultCode uint8

// Framing fault codes. FaultUnknown stands for a URI outside the table.
const (
	FaultUnknown FaultCode = iota
	FaultEndpointNotFound
	FaultContentTypeInvalid
	FaultContentTypeTooLong
	FaultViaTooLong
	FaultUnsupportedVersion
	FaultUnsupportedMode
	FaultUpgradeInvalid
	FaultMaxMessageSizeExceeded
	FaultServiceActivationFailed
	FaultConnectionDispatchFailed
	FaultEndpointUnavailable
	FaultServerTooBusy
	FaultEndpointAccessDenied
	FaultEndpointPaused
	numFaultCodes
)

var faultNames = [numFaultCodes]string{
	FaultUnknown:                  "Unknown",
	FaultEndpointNotFound:         "EndpointNotFound",
	FaultContentTypeInvalid:       "ContentTypeInvalid",
	FaultContentTypeTooLong:       "ContentTypeTooLong",
	FaultViaTooLong:               "ViaTooLong",
	FaultUnsupportedVersion:       "UnsupportedVersion",
	FaultUnsupportedMode:          "UnsupportedMode",
	FaultUpgradeInvalid:           "UpgradeInvalid",
	FaultMaxMessageSizeExceeded:   "MaxMessageSizeExceededFault",
	FaultServiceActivationFailed:  "ServiceActivationFailed",
	FaultConnectionDispatchFailed: "ConnectionDispatchFailed",
	FaultEndpointUnavailable:      "EndpointUnavailable",
	FaultServerTooBusy:            "ServerTooBusy",
	FaultEndpointAccessDenied:     "EndpointAccessDenied",
	FaultEndpointPaused:           "EndpointPaused",
}

// Sentinels matched by a *FaultError of the corresponding code.
var (
	ErrEndpointNotFound     = errors.New("nettcp: fault EndpointNotFound")
	ErrContentTypeInvalid   = errors.New("nettcp: fault ContentTypeInvalid")
	ErrContentTypeTooLong   = errors.New("nettcp: fault ContentTypeTooLong")
	ErrViaTooLong           = errors.New("nettcp: fault ViaTooLong")
	ErrUnsupportedVersion   = errors.New("nettcp: fault UnsupportedVersion")
	ErrUnsupportedMode      = errors.New("nettcp: fault UnsupportedMode")
	ErrUpgradeInvalid       = errors.New("nettcp: fault UpgradeInvalid")
	ErrServerTooBusy        = errors.New("nettcp: fault ServerTooBusy")
	ErrEndpointUnavailable  = errors.New("nettcp: fault EndpointUnavailable")
	ErrServiceActivation    = errors.New("nettcp: fault ServiceActivationFailed")
	ErrEndpointAccessDenied = errors.New("nettcp: fault EndpointAccessDenied")
)

var faultSentinels = map[FaultCode]error{
	FaultEndpointNotFound:        ErrEndpointNotFound,
	FaultContentTypeInvalid:      ErrContentTypeInvalid,
	FaultContentTypeTooLong:      ErrContentTypeTooLong,
	FaultViaTooLong:              ErrViaTooLong,
	FaultUnsupportedVersion:      ErrUnsupportedVersion,
	FaultUnsupportedMode:         ErrUnsupportedMode,
	FaultUpgradeInvalid:          ErrUpgradeInvalid,
	FaultMaxMessageSizeExceeded:  ErrMaxMessageSize,
	FaultServerTooBusy:           ErrServerTooBusy,
	FaultEndpointUnavailable:     ErrEndpointUnavailable,
	FaultServiceActivationFailed: ErrServiceActivation,
	FaultEndpointAccessDenied:    ErrEndpointAccessDenied,
}

// String returns the fault name as it appears at the end of its URI.
func (c FaultCode) String() string {
	if c < numFaultCodes {
		return faultNames[c]
	}
	return "FaultCode(" + itoa(int(c)) + ")"
}

// URI returns the full fault URI sent in a Fault record.
func (c FaultCode) URI() string { return FaultBase + c.String() }

// ParseFaultURI maps a fault URI to its code; unknown URIs give FaultUnknown.
func ParseFaultURI(uri string) FaultCode {
	name, ok := strings.CutPrefix(uri, FaultBase)
	if !ok {
		return FaultUnknown
	}
	for c := FaultCode(1); c < numFaultCodes; c++ {
		if faultNames[c] == name {
			return c
		}
	}
	return FaultUnknown
}

// FaultError is a framing Fault record received from the peer.
type FaultError struct {
	Code FaultCode
	URI  string // as received
}

func (e *FaultError) Error() string { return "nettcp: peer sent framing fault " + e.URI }

// Is reports whether target is the sentinel of e's code.
func (e *FaultError) Is(target error) bool {
	s, ok := faultSentinels[e.Code]
	return ok && s == target
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}
