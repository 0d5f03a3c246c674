// The listening sockets of one host: endpoints of the host whose addresses
// name the same host:port share one socket (net.tcp: one nettcp.Listener
// routing by Via; HTTP: one net/http server routing by path), and only
// they. Settings of the socket itself must agree among them, or Open fails
// naming both endpoints (WCF's ConnectionOrientedTransportManager.
// IsCompatible; an HTTP port is likewise one listener in http.sys). Two
// hosts never share a socket: the second to bind a port gets
// ErrAddressInUse.

package servicemodel

import (
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/wwsgo/wws/nettcp"
)

// portTable is a host run's sockets by host:port. An endpoint asking for
// port 0 gets a socket of its own, registered under the port it bound.
type portTable struct {
	mu sync.Mutex
	// mu guards following, and the endpoints of every port
	tcp    map[string]*tcpPort
	http   map[string]*httpServer
	opened []*nettcp.Listener // every net.tcp socket opened, for close
	served []*httpServer      // every HTTP server started, for close

	// log is the host's logger (nil for a listener outside a host), for
	// what happens on its sockets before a channel exists: a client
	// whose Windows authentication was refused.
	log *slog.Logger
}

func newPortTable() *portTable {
	return &portTable{tcp: map[string]*tcpPort{}, http: map[string]*httpServer{}}
}

// close closes every socket the table opened and waits until their
// goroutines have returned. The host calls it once its run has ended: an
// HTTP server still shutting down gracefully (a reply being written) gets
// closeGrace more, then is closed.
func (t *portTable) close() {
	t.mu.Lock()
	tcp, srv := t.opened, t.served
	t.mu.Unlock()
	for _, ln := range tcp {
		_ = ln.Close()
	}
	for _, s := range srv {
		select {
		case <-s.done:
			continue
		default:
		}
		tm := time.NewTimer(closeGrace)
		select {
		case <-s.done:
		case <-tm.C:
			_ = s.srv.Close()
			<-s.done
		}
		tm.Stop()
	}
}

// closeGrace bounds the wait for an HTTP server's graceful shutdown once
// its host's run has ended.
const closeGrace = time.Second

// stats adds up the admission counters of the table's net.tcp sockets.
func (t *portTable) stats() (st nettcp.ListenerStats) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, ln := range t.opened {
		s := ln.Stats()
		st.Pending += s.Pending
		st.Queued += s.Queued
		st.Refused += s.Refused
		st.Paused += s.Paused
	}
	return st
}

// normalizedPath is a Via path as the net.tcp listener matches it.
func normalizedPath(p string) string { return strings.ToLower(strings.TrimRight(p, "/")) }
