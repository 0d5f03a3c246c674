// Package nettcp implements the .NET Message Framing protocol [MC-NMF] that
// carries WCF's net.tcp binding: preambles, sized and unsized envelopes, the
// End handshake, framing fault records, and the application/ssl-tls upgrade
// ([MC-NMF] 2 and 3; WCF's behaviour from System.ServiceModel/System/
// ServiceModel/Channels in the .NET reference source). It carries opaque envelope bytes plus a content type; the
// encoders live elsewhere.
//
// Clients call Dial (duplex, buffered) or DialStream (singleton-unsized,
// streamed) and get a *Session. Servers create a Listener, register
// endpoints by Via path with Handle, and take sessions of every endpoint from
// Accept, routing them by Session.Endpoint or Session.Via.
//
// A Session sends with Send (safe for concurrent callers) and receives with
// Receive (one goroutine), which returns io.EOF once the peer has sent End.
// Close performs the End handshake; after both End records the connection
// is reused: the client returns it to its Pool, the listener reads a new
// preamble on it. Abort ends a session without wire I/O.
//
// Choices where WCF is silent or unhelpful:
//   - A server endpoint with an Upgrader requires it; a Preamble End on a
//     connection it has not secured is answered with the UpgradeInvalid
//     fault (WCF aborts without a fault).
//   - A connection reused after a TLS session keeps its TLS stream: the next
//     preamble travels inside it and does not request the upgrade again.
//   - As WCF's ConnectionAcceptor, the listener stops accepting while
//     MaxPendingConnections connections are pending (the kernel's backlog
//     holds the rest) and never refuses for load at accept. A session whose
//     preamble is complete waits for Accept (or AcceptAt) without its
//     Preamble Ack; past QueueTimeout it gets ServerTooBusy (WCF leaves that
//     wait to the client's open timeout). WCF reads only up to the Via before
//     queueing, and checks the content type and runs the upgrade when the
//     channel is opened; the listener does both before queueing, so a wrong
//     content type is refused at once and a TLS handshake's cost stays
//     bounded by MaxPendingConnections.
package nettcp
