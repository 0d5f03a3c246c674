// Reading and checking a configuration file.

package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
)

// ErrInvalid reports a configuration that cannot be used; the message names
// the field.
var ErrInvalid = errors.New("config: invalid")

// maxFile bounds the size of a configuration file.
const maxFile = 1 << 20

// Default returns the configuration without a file: the three endpoints of
// the interop contract.
func Default() *Config {
	return &Config{Endpoints: DefaultEndpoints()}
}

// DefaultEndpoints returns the interop contract's endpoints.
func DefaultEndpoints() []Endpoint {
	return []Endpoint{
		{Binding: BindingNetTCP, Address: DefaultNetTCPAddress},
		{Binding: BindingSoap12, Address: DefaultSoap12Address},
		{Binding: BindingSoap11, Address: DefaultSoap11Address},
	}
}

// Load reads and checks the file at path.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Parse reads a configuration: one JSON object, unknown fields rejected,
// then checked by Validate. An empty endpoint list means the defaults.
func Parse(r io.Reader) (*Config, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFile {
		return nil, fmt.Errorf("%w: file larger than %d bytes", ErrInvalid, maxFile)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c Config
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(b, err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: more than one JSON value", ErrInvalid)
	}
	if len(c.Endpoints) == 0 {
		c.Endpoints = DefaultEndpoints()
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// describeJSONError adds the line of a syntax or type error.
func describeJSONError(b []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("line %d: %v", lineOf(b, se.Offset), err)
	case errors.As(err, &te):
		return fmt.Sprintf("line %d: field %s: want %s, got JSON %s", lineOf(b, te.Offset), te.Field, te.Type, te.Value)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// lineOf returns the 1-based line of offset in b.
func lineOf(b []byte, off int64) int {
	off = min(max(off, 0), int64(len(b)))
	return bytes.Count(b[:off], []byte("\n")) + 1
}

// Validate checks every field and names the first one at fault.
func (c *Config) Validate() error {
	for i := range c.Endpoints {
		if err := c.Endpoints[i].validate(fmt.Sprintf("endpoints[%d]", i)); err != nil {
			return err
		}
	}
	if err := c.checkSharedListeners(); err != nil {
		return err
	}
	if err := c.validateWindows(); err != nil {
		return err
	}
	switch c.Log.Level {
	case "", "debug", "info", "warn", "error":
	default:
		return invalid("log.level", "%q: want debug, info, warn or error", c.Log.Level)
	}
	switch c.Log.Format {
	case "", "console", "json":
	default:
		return invalid("log.format", "%q: want console or json", c.Log.Format)
	}
	if c.MaxBlobSize < 0 {
		return invalid("max_blob_size", "negative")
	}
	for _, n := range []struct {
		name string
		v    int
	}{
		{"limits.max_pending_connections", c.Limits.MaxPendingConnections},
		{"limits.max_concurrent_sessions", c.Limits.MaxConcurrentSessions},
		{"limits.max_concurrent_calls", c.Limits.MaxConcurrentCalls},
	} {
		if n.v < 0 {
			return invalid(n.name, "negative (%d)", n.v)
		}
	}
	if c.Admin != "" && !strings.Contains(c.Admin, ":") {
		return invalid("admin", "%q: want HOST:PORT", c.Admin)
	}
	return nil
}

// checkSharedListeners rejects endpoints that listen on one host:port (and
// so share a socket) but disagree on proxy_protocol: the socket either
// reads the header or it does not; net.tcp endpoints must agree on their
// transport security too (servicemodel refuses otherwise).
func (c *Config) checkSharedListeners() error {
	first := map[string]int{}
	for i, e := range c.Endpoints {
		listen := e.Address
		if e.ListenURI != "" {
			listen = e.ListenURI
		}
		u, err := url.Parse(listen)
		if err != nil {
			continue // validate reported it
		}
		j, seen := first[u.Host]
		if !seen {
			first[u.Host] = i
			continue
		}
		if c.Endpoints[j].ProxyProtocol != e.ProxyProtocol {
			return invalid(fmt.Sprintf("endpoints[%d].proxy_protocol", i), "%v, but endpoints[%d] listens on %s too with %v",
				e.ProxyProtocol, j, u.Host, c.Endpoints[j].ProxyProtocol)
		}
		if o := &c.Endpoints[j]; e.Binding == BindingNetTCP && o.Binding == BindingNetTCP && o.securityKey() != e.securityKey() {
			return invalid(fmt.Sprintf("endpoints[%d].security", i), "%s, but endpoints[%d] listens on %s too with %s",
				e.securityKey(), j, u.Host, o.securityKey())
		}
	}
	return nil
}

// invalid returns an ErrInvalid naming field.
func invalid(field, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrInvalid, field, fmt.Sprintf(format, args...))
}

// validate checks one endpoint; at is its path in the file.
func (e *Endpoint) validate(at string) error {
	u, err := url.Parse(e.Address)
	if err != nil || u.Host == "" {
		return invalid(at+".address", "%q is not an absolute URI", e.Address)
	}
	switch e.Binding {
	case BindingNetTCP:
		if u.Scheme != "net.tcp" {
			return invalid(at+".address", "%q: binding nettcp needs a net.tcp:// address", e.Address)
		}
	case BindingSoap12, BindingSoap11:
		if u.Scheme != "http" && u.Scheme != "https" {
			return invalid(at+".address", "%q: binding %s needs an http:// or https:// address", e.Address, e.Binding)
		}
		if (u.Scheme == "https") != (e.TLS != nil) {
			return invalid(at+".tls", "an https address needs tls, and tls needs an https address")
		}
	default:
		return invalid(at+".binding", "%q: want nettcp, soap12 or soap11", e.Binding)
	}
	if e.TLS != nil && (e.TLS.CertFile == "" || e.TLS.KeyFile == "") {
		return invalid(at+".tls", "cert_file and key_file are required")
	}
	if e.ListenURI != "" {
		l, err := url.Parse(e.ListenURI)
		if err != nil || l.Host == "" || l.Scheme != u.Scheme {
			return invalid(at+".listen_uri", "%q: want an absolute %s:// URI, as the address", e.ListenURI, u.Scheme)
		}
	}
	if err := e.validateSecurity(at, u.Scheme == "https"); err != nil {
		return err
	}
	switch e.AddressFilter {
	case "", "exact", "any":
	default:
		return invalid(at+".address_filter", "%q: want exact or any", e.AddressFilter)
	}
	return e.checkNumbers(at)
}

// checkNumbers rejects negative quotas and limits.
func (e *Endpoint) checkNumbers(at string) error {
	nums := []struct {
		name string
		v    int64
	}{
		{"max_received_message_size", e.MaxReceivedMessageSize},
		{"max_session_size", int64(e.MaxSessionSize)},
		{"reader_quotas.max_depth", int64(e.ReaderQuotas.MaxDepth)},
		{"reader_quotas.max_string_content_length", int64(e.ReaderQuotas.MaxStringContentLength)},
		{"reader_quotas.max_array_length", int64(e.ReaderQuotas.MaxArrayLength)},
		{"reader_quotas.max_bytes_per_read", int64(e.ReaderQuotas.MaxBytesPerRead)},
		{"reader_quotas.max_name_table_char_count", int64(e.ReaderQuotas.MaxNameTableCharCount)},
		{"limits.max_connections", int64(e.Limits.MaxConnections)},
		{"limits.max_channels", int64(e.Limits.MaxChannels)},
		{"limits.max_concurrency", int64(e.Limits.MaxConcurrency)},
		{"limits.max_accepting_channels", int64(e.Limits.MaxAcceptingChannels)},
	}
	for _, n := range nums {
		if n.v < 0 {
			return invalid(at+"."+n.name, "negative (%d)", n.v)
		}
	}
	return nil
}
