// Package cli implements the commands of the wsproxy binary: call (one
// request to a SOAP endpoint over net.tcp or HTTP), bench (concurrent
// callers, latency percentiles) and decode (captured [MC-NMF] framing bytes
// rendered as records and readable XML) and gen (a Go package from a WSDL).
// call -wsdl builds key=value bodies from the service's metadata
// (call_wsdl.go). cmd/wsproxy is a thin main around Main.
//
// Exit codes follow the contract: 0 success, 1 SOAP fault, 2 usage,
// 3 transport error or timeout.
package cli
