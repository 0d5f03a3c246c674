// The -nettcp and -http flags of wshost: move (or turn off) the listeners of
// every endpoint of one transport.

package config

import (
	"fmt"
	"net"
	"net/url"
)

// Off is the flag value that disables a transport.
const Off = "off"

// MoveListeners rewrites the host:port of the net.tcp endpoints to nettcp
// and of the HTTP endpoints to http; "" leaves them, Off removes them. An
// endpoint with a listen_uri has that moved, and keeps its public address.
func (c *Config) MoveListeners(nettcp, http string) error {
	var kept []Endpoint
	for _, e := range c.Endpoints {
		hostport := http
		if e.Binding == BindingNetTCP {
			hostport = nettcp
		}
		switch hostport {
		case Off:
			continue
		case "":
		default:
			at := &e.Address
			if e.ListenURI != "" {
				at = &e.ListenURI
			}
			addr, err := withHostPort(*at, hostport)
			if err != nil {
				return err
			}
			*at = addr
		}
		kept = append(kept, e)
	}
	if len(kept) == 0 {
		return fmt.Errorf("%w: every endpoint is turned off", ErrInvalid)
	}
	c.Endpoints = kept
	return nil
}

// withHostPort replaces the authority of address.
func withHostPort(address, hostport string) (string, error) {
	if _, _, err := net.SplitHostPort(hostport); err != nil {
		return "", fmt.Errorf("%w: %q: want HOST:PORT or off", ErrInvalid, hostport)
	}
	u, err := url.Parse(address)
	if err != nil {
		return "", err
	}
	u.Host = hostport
	return u.String(), nil
}
