// Package nettcp implements the .NET Message Framing protocol [MC-NMF] that
// carries WCF's net.tcp binding: preambles, sized and unsized envelopes, the
// End handshake, framing fault records, and the application/ssl-tls upgrade.
package nettcp
