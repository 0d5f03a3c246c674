// Package servicemodel is the Windows Web Services API (WWSAPI) service model
// in Go: a client service proxy and a server service host, each an explicit
// state machine, over the net.tcp and HTTP channels.
package servicemodel
