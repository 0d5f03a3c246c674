// Package servicemodel is the Windows Web Services API (WWSAPI) service model
// in Go: a client service proxy and a server service host, each an explicit
// state machine, over the net.tcp and HTTP channels.
//
// Specs: WWSAPI's "Service Proxy", "Service Host" and "Call cancellation"
// pages and its WS_SERVICE_PROXY / WS_SERVICE_HOST states and properties;
// WCF's NetTcpBinding, BasicHttpBinding and WSHttpBinding for what goes on
// the wire (the framing, encodings and SOAP live in packages nettcp and
// soap). WSDL export and import are package servicemodel/metadata.
//
// # Files
//
// Each part of the package lives in the files named for it:
//
//   - state.go, state_rules.go, state_machine.go: the State enum, the table
//     of what each proxy and host method may do in each state (quoting
//     WWSAPI), and the one machine both use.
//   - proxy*.go: the client. proxy.go (NewServiceProxy, properties),
//     proxy_options.go, proxy_open.go, proxy_call.go (WsCall),
//     proxy_callopts.go (per-call options), proxy_callctx.go (a call's I/O
//     context), proxy_pending.go (pending calls, MaxPendingCalls,
//     AbandonCall), proxy_close.go (Close, Abort, Reset).
//   - host*.go: the server. host.go (NewHost, Open, Close, Abort, Reset),
//     host_run.go (one opening: listeners and accept loops), host_channel.go
//     (an accepted channel's receive loop), host_call_slots.go
//     (MaxConcurrency), host_throttle.go (MaxConcurrentSessions and
//     MaxConcurrentCalls across the host: a session over the throttle waits
//     unacknowledged), host_ports.go (the sockets the host's endpoints
//     share, and the settings they must agree on), host_close_sessions.go
//     (Close ending each session with the End handshake).
//   - dispatch*.go: one received message to one operation. dispatch.go (the
//     filters in WCF's order and the reply), dispatch_address.go (the To
//     filter), dispatch_context.go (what an operation reaches through its
//     context), dispatch_fault.go (the faults the host answers with).
//   - contract.go (Contract, Operation: actions, body types, handlers) and
//     endpoint.go (Endpoint: address, binding, contract, limits, callbacks);
//     endpoint_address.go (the public Address and the ListenURI, and the
//     address filter).
//   - channel.go: the seam between the service model and the transports —
//     Binding, ClientChannel, ChannelListener, ServerChannel,
//     RequestContext. Proxy, host and dispatch use only these.
//     channel_dial.go: DialChannel, a bare channel with a proxy's
//     credentials.
//   - nettcp_*.go: the net.tcp transport. nettcp_binding.go
//     (NetTCPBinding), nettcp_listener.go (an endpoint's listener and the
//     sockets endpoints on one port share), nettcp_channel.go (the session
//     channel's shared plumbing), nettcp_channel_client.go and
//     nettcp_channel_server.go (its two halves), nettcp_security.go (the
//     upgrade a binding's Security asks for: Windows through
//     windowsauth.ClientUpgrader/ServerUpgrader, or TLS; the session's
//     caller).
//   - http_*.go: the HTTP transport. http_binding.go (HTTPBinding),
//     http_channel_client.go (the client channel: one POST per call),
//     http_server.go (the net/http servers endpoints on one port share),
//     http_listener.go, http_handler.go (a request's transport checks),
//     http_channel_server.go (one request as a ServerChannel),
//     http_action.go (SOAPAction and the action parameter),
//     http_metadata.go (GET ?wsdl, ?singleWsdl and the ?wsdl=/?xsd= parts
//     of the MetadataSet that HostOptions.Metadata writes; the same set a
//     WS-MetadataExchange answer carries),
//     http_version_mismatch.go (the VersionMismatch fault),
//     http_security.go (Windows authentication, RFC 4559 Negotiate and
//     NTLM, through package windowsauth).
//   - metadata_exchange.go: the WS-MetadataExchange endpoints (<address>/mex,
//     WCF's MEX bindings) a host adds through HostOptions.MetadataExchange.
//   - proxyprotocol.go: the PROXY protocol header on a host's listeners
//     (internal/proxyproto).
//   - errors.go (every sentinel, Error, HTTPStatusError) and errmap.go (the
//     one table from lower-layer errors and HTTP statuses to those
//     sentinels, and the functions that apply it).
//   - logger.go: the *slog.Logger of ProxyOptions and HostOptions.
//   - sweeper.go: one periodic timer instead of one per call (call
//     timeouts, the handoff of slow inline operations).
//
// # A call, client side
//
// ServiceProxy.Call (proxy_call.go) checks the state, takes a pending slot
// (proxy_pending.go) and builds the request: Action, To and, unless the
// operation is one-way, MessageID and ReplyTo. It hands it to the proxy's
// ClientChannel (channel.go), bounded by the call's I/O context
// (proxy_callctx.go, sweeper.go). Over net.tcp the channel
// (nettcp_channel_client.go) registers the call under its MessageID,
// encodes the message with the session's encoder (sessionWriter) and sends
// it as one framing record on the nettcp.Session. One caller at a time
// holds the reader role and reads the session — the waiting caller itself
// while it can, else a background read loop — and each reply read goes to
// the pending call its RelatesTo names. Over HTTP (http_channel_client.go)
// the call is one POST whose response body is the reply, or an HTTP status
// mapped by statusError. The reply comes back through the same path:
// proxy_call.go decodes its body into the response or returns its fault,
// and maps any other failure through errmap.go.
//
// # A call, server side
//
// Host.Open (host.go, host_run.go) asks each endpoint's Binding for a
// ChannelListener (nettcp_listener.go over a nettcp.Listener;
// http_listener.go behind a shared http_server.go, the sockets owned per
// host by host_ports.go) and starts accept loops; a net.tcp session is
// acknowledged once it holds a MaxConcurrentSessions slot (host_throttle.go).
// Each accepted ServerChannel (nettcp_channel_server.go: one framing
// session; http_channel_server.go: one request) gets a receive loop
// (host_channel.go) that receives a RequestContext, has the dispatcher
// (dispatch.go) check To, Action, Authorize and mustUnderstand and decode
// the body, and runs the operation within the MaxConcurrency slots
// (host_call_slots.go) — inline on the receiving goroutine, handed off if
// it runs long. Its result, or the fault dispatch_fault.go makes of its
// error, is addressed (RelatesTo; To on net.tcp) and sent back with
// RequestContext.Reply: over net.tcp the session's encoder and framing,
// over HTTP the waiting handler's response.
package servicemodel
