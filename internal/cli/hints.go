// Troubleshooting hints for the framing faults a net.tcp listener answers
// with ([MC-NMF] 2.2.3.8); README "Troubleshooting" says the
// same at length.

package cli

import "github.com/wwsgo/wws/nettcp"

var faultHints = map[nettcp.FaultCode]string{
	nettcp.FaultEndpointNotFound:       "no endpoint at that Via path: check the address's path",
	nettcp.FaultContentTypeInvalid:     "encoding mismatch: the endpoint expects another message encoding",
	nettcp.FaultUpgradeInvalid:         "security mode mismatch: a default NetTcpBinding wants Windows auth; use -security windows -user DOMAIN\\user, or configure SecurityMode.None, or TLS (-cacert)",
	nettcp.FaultServerTooBusy:          "the session waited past the server's open timeout for a session slot: retry later or raise its MaxConcurrentSessions",
	nettcp.FaultMaxMessageSizeExceeded: "message over the peer's MaxReceivedMessageSize: raise the quota",
	nettcp.FaultEndpointUnavailable:    "the endpoint exists but is not open",
	nettcp.FaultUnsupportedMode:        "the endpoint uses another transfer mode (buffered vs streamed)",
}

// faultHint returns " (hint: …)" for codes with a known usual cause.
func faultHint(c nettcp.FaultCode) string {
	if h, ok := faultHints[c]; ok {
		return " — " + h
	}
	return ""
}
