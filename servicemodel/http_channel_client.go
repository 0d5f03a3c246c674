package servicemodel

// The client side of the HTTP binding (SOAP 1.1 §6, SOAP 1.2 Part 2 §7):
// every call is one POST over kept-alive connections. The request carries the encoded envelope;
// SOAP 1.1 adds the quoted SOAPAction header, SOAP 1.2 with addressing puts
// the action only in wsa:Action (WCF adds no action= parameter then). The
// reply is the response body: 200 with an envelope, or 500 with a fault
// envelope, which is handed back as the reply so the proxy surfaces it.
// One-way sends accept 202 (.NET) and 200 with an empty body (Mono).

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/wwsgo/wws/servicemodel/windowsauth"
	"github.com/wwsgo/wws/soap"
)

// httpClientChannel is a ClientChannel of an HTTPBinding. Its own
// transport holds the channel's kept-alive connections, so Close and Abort
// release them: an http.Transport, or with Windows security a
// windowsauth.HTTPTransport of authenticated connections
// (http_security.go).
type httpClientChannel struct {
	b        *HTTPBinding
	url      string
	to       string
	encoders sync.Pool // soap.Encoder
	client   *http.Client
	auth     *windowsauth.HTTPTransport // nil without Windows security

	ctx    context.Context // cancelled with the reason by Close and Abort
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup // calls in flight

	mu  sync.Mutex // guards following
	err error      // why the channel is done; set once
}

func newHTTPClientChannel(b *HTTPBinding, u *url.URL, auth *windowsauth.HTTPTransport) *httpClientChannel {
	var rt http.RoundTripper = newHTTPTransport(b)
	if auth != nil {
		rt = auth
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	to := u.String()
	c := &httpClientChannel{b: b, url: to, to: to, auth: auth,
		client: &http.Client{Transport: rt}, ctx: ctx, cancel: cancel}
	enc := b.MessageEncoding()
	c.encoders.New = func() any { return enc.NewEncoder() }
	return c
}

// newHTTPTransport returns the connections of a client channel of b.
func newHTTPTransport(b *HTTPBinding) *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: durationOr(b.OpenTimeout, defaultHTTPOpenTimeout), KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       b.TLS.Clone(),
		TLSHandshakeTimeout:   durationOr(b.OpenTimeout, defaultHTTPOpenTimeout),
		DisableKeepAlives:     !b.KeepAlive,
		MaxConnsPerHost:       b.maxConnections(),
		MaxIdleConnsPerHost:   b.maxConnections(),
		IdleConnTimeout:       durationOr(b.IdleTimeout, defaultHTTPIdleTimeout),
		ExpectContinueTimeout: time.Second,
	}
}

// Request implements ClientChannel: onReply runs with the reply of a 200
// or 500 (fault) response, valid until it returns. With addressing, a
// request without MessageID, ReplyTo or To gets a new MessageID, the
// anonymous ReplyTo and the channel's address (WCF's RequestChannel does
// the same).
func (c *httpClientChannel) Request(ctx context.Context, req *soap.Message, onReply func(*soap.Message) error) error {
	if err := c.begin(); err != nil {
		return err
	}
	defer c.wg.Done()
	if req.Version.Addressing != soap.AddressingNone {
		if req.MessageID.IsZero() {
			req.MessageID = soap.NewMessageID()
		}
		if req.ReplyTo == nil {
			req.ReplyTo = &soap.EndpointReference{Address: req.Version.Addressing.Anonymous()}
		}
	}
	return c.call(ctx, req, func(resp *http.Response, body []byte, enc soap.Encoder) error {
		switch {
		case len(body) > 0 && (resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusInternalServerError):
			m, err := c.decode(enc, resp, body)
			if err != nil {
				return err
			}
			return onReply(m)
		case resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusAccepted:
			return ErrHTTPNoReply
		}
		return c.statusError(resp)
	})
}

// Send implements ClientChannel: a one-way message. 202 or 200 with an
// empty body is success; a 500 fault reply is returned as its *soap.Fault.
func (c *httpClientChannel) Send(ctx context.Context, msg *soap.Message) error {
	if err := c.begin(); err != nil {
		return err
	}
	defer c.wg.Done()
	return c.call(ctx, msg, func(resp *http.Response, body []byte, enc soap.Encoder) error {
		switch {
		case resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusAccepted:
			return nil
		case resp.StatusCode == http.StatusInternalServerError && len(body) > 0:
			m, err := c.decode(enc, resp, body)
			if err != nil {
				return err
			}
			if !m.IsFault() {
				return fmt.Errorf("%w: 500 without a fault", ErrEndpointFailure)
			}
			return faultOf(m)
		}
		return c.statusError(resp)
	})
}

// call posts m and runs handle with the response and its body; the
// encoder and buffer are recycled when handle returns.
func (c *httpClientChannel) call(ctx context.Context, m *soap.Message, handle func(*http.Response, []byte, soap.Encoder) error) error {
	enc := c.encoders.Get().(soap.Encoder)
	defer c.encoders.Put(enc)
	buf := getBuffer()
	defer putBuffer(buf)
	resp, err := c.post(ctx, m, enc, buf)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := c.readBody(resp, buf)
	if err != nil {
		return err
	}
	return handle(resp, body, enc)
}

// faultOf reads the fault of a fault message as an error.
func faultOf(m *soap.Message) error {
	f, err := m.Fault()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidFormat, err)
	}
	return f
}

// post encodes m into buf and sends it; the caller has counted the call in
// (begin) and closes the response body.
func (c *httpClientChannel) post(ctx context.Context, m *soap.Message, enc soap.Encoder, buf *bytes.Buffer) (*http.Response, error) {
	if m.Version != c.b.MessageVersion() {
		return nil, fmt.Errorf("%w: message version %v on a %v binding", ErrInvalidOperation, m.Version, c.b.MessageVersion())
	}
	if m.Version.Addressing != soap.AddressingNone && m.To == "" {
		m.To = c.to
	}
	bp := getBytes()
	body, err := enc.WriteMessage((*bp)[:0], m)
	if err != nil {
		putBytes(bp)
		return nil, err
	}
	ctx, cancel := c.callContext(ctx)
	*bp = body[:0]
	var rbody io.Reader = &pooledBody{Reader: bytes.NewReader(body), b: bp}
	if c.auth != nil {
		// The handshake resends the body (GetBody, which NewRequest
		// sets for a bytes.Reader): it gets its own copy.
		rbody = bytes.NewReader(bytes.Clone(body))
		putBytes(bp)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, rbody)
	if err != nil {
		if c.auth == nil {
			putBytes(bp)
		}
		cancel(nil)
		return nil, err
	}
	hreq.ContentLength = int64(len(body))
	hreq.Header.Set("Content-Type", enc.ContentType())
	if m.Version.Envelope == soap.EnvelopeSoap11 {
		hreq.Header.Set("SOAPAction", quoteSOAPAction(m.Action))
	}
	resp, err := c.client.Do(hreq)
	if err != nil {
		err = roundTripError(ctx, err) // before cancel, whose cause it would report
		cancel(nil)
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// begin counts a call in, unless the channel is done.
func (c *httpClientChannel) begin() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return c.err
	}
	c.wg.Add(1)
	return nil
}

// callContext bounds a call by the caller's context, SendTimeout (when the
// caller set no deadline) and the channel's life.
func (c *httpClientChannel) callContext(ctx context.Context) (context.Context, context.CancelCauseFunc) {
	ctx, cancel := context.WithCancelCause(ctx)
	if _, ok := ctx.Deadline(); !ok {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeoutCause(ctx, durationOr(c.b.SendTimeout, defaultHTTPSendTimeout), ErrTimedOut)
		inner := cancel
		cancel = func(err error) { inner(err); stop() }
	}
	stopAfter := context.AfterFunc(c.ctx, func() { cancel(context.Cause(c.ctx)) })
	outer := cancel
	return ctx, func(err error) { stopAfter(); outer(err) }
}

// readBody reads a response body of at most MaxReceivedMessageSize bytes
// into buf (after the request bytes, which are no longer needed).
func (c *httpClientChannel) readBody(resp *http.Response, buf *bytes.Buffer) ([]byte, error) {
	limit := c.b.maxReceived()
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: reply of %d bytes is over MaxReceivedMessageSize %d", ErrQuotaExceeded, resp.ContentLength, limit)
	}
	buf.Reset()
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength))
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if ctx := resp.Request.Context(); ctx.Err() != nil {
			return nil, roundTripError(ctx, err)
		}
		return nil, fmt.Errorf("%w: reading the reply: %v", ErrEndpointDisconnected, err)
	}
	if n > limit {
		return nil, fmt.Errorf("%w: reply over MaxReceivedMessageSize %d", ErrQuotaExceeded, limit)
	}
	return buf.Bytes(), nil
}

// decode reads the reply envelope; its content type must be the binding's.
func (c *httpClientChannel) decode(enc soap.Encoder, resp *http.Response, body []byte) (*soap.Message, error) {
	if !contentTypeMatches(resp.Header.Get("Content-Type"), enc.ContentType()) {
		if resp.StatusCode != http.StatusOK {
			return nil, c.statusError(resp)
		}
		return nil, fmt.Errorf("%w: reply content type %q, want %q", ErrInvalidFormat, resp.Header.Get("Content-Type"), enc.ContentType())
	}
	m, err := enc.ReadMessage(body)
	if err != nil {
		return nil, replyUnreadable(err)
	}
	return m, nil
}

// Close implements ClientChannel: it waits for calls in flight (or ctx),
// then closes the idle connections. HTTP has no session to end.
func (c *httpClientChannel) Close(ctx context.Context) error {
	if !c.finish(fmt.Errorf("%w: channel closed", ErrInvalidOperation)) {
		return nil
	}
	done := make(chan struct{})
	go func() { c.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		c.cancel(ErrAborted)
		c.client.CloseIdleConnections()
		return ctx.Err()
	}
	c.cancel(ErrInvalidOperation)
	c.client.CloseIdleConnections()
	return nil
}

// Abort implements ClientChannel: calls in flight fail with ErrAborted.
func (c *httpClientChannel) Abort() {
	c.finish(ErrAborted)
	c.cancel(ErrAborted)
	c.client.CloseIdleConnections()
}

// finish records why the channel ended; the first reason wins.
func (c *httpClientChannel) finish(err error) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return false
	}
	c.err = err
	return true
}

// Done implements ClientChannel.
func (c *httpClientChannel) Done() <-chan struct{} { return c.ctx.Done() }

// Err implements ClientChannel.
func (c *httpClientChannel) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// cancelBody releases the call's context when the body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelCauseFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel(nil)
	return err
}

// pooledBody is a request body whose buffer returns to the pool when the
// transport closes it (it always does, possibly after Do returned).
type pooledBody struct {
	*bytes.Reader
	b    *[]byte
	once sync.Once
}

func (p *pooledBody) Close() error {
	p.once.Do(func() { putBytes(p.b) })
	return nil
}
