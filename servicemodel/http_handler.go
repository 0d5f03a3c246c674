package servicemodel

// The transport checks of a received HTTP request, in WCF's order and with
// WCF's answers (HttpChannelListener/HttpPipeline, HttpInput
// ValidateContentType, ParseIncomingMessage, ProcessHttpAddressing in
// System.ServiceModel/System/ServiceModel/Channels/HttpChannelHelpers.cs;
// SOAP 1.1 §6, SOAP 1.2 Part 2 §7):
//
//   - GET ?wsdl, ?singleWsdl, ?wsdl=wsdlN, ?xsd=xsdN → a document of the
//     metadata set when the host publishes metadata (HostOptions.Metadata;
//     http_metadata.go), 404 for a part the set lacks; any other method
//     than POST → 405 with Allow: POST.
//   - no Content-Type → 415 (SR.HttpContentTypeHeaderRequired); a media type
//     (or charset) the encoder does not read → 415 (SR.ContentTypeMismatch).
//   - a body over MaxReceivedMessageSize → 413 (ThrowMaxReceivedMessageSizeExceeded).
//   - an empty body → 400 (ParseIncomingMessage returns neither message nor
//     exception, and the pipeline answers BadRequest).
//   - an envelope of another SOAP version → VersionMismatch fault, 500
//     (http_version_mismatch.go; WCF answers 400 or 415 there).
//   - an envelope the encoder cannot read (malformed XML, reader quota) →
//     400 with an empty body: the encoder's
//     XmlException reaches HandleProcessInboundException, whose answer for
//     anything but a ProtocolException is BadRequest.
//   - SOAP 1.1: the action comes from SOAPAction (URL-decoded, unquoted);
//     without the header the action stays empty, and the dispatcher answers
//     with its ActionNotSupported (ContractFilter) fault.
//   - with addressing, a non-empty Content-Type action differing from
//     wsa:Action → ActionMismatch fault, 500.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wwsgo/wws/soap"
)

// serveHTTP handles one request for the listener's path, behind the
// listener's Windows authentication if it has one: before any of the
// checks above, a request on a connection not (yet) authenticated gets
// 401 with WWW-Authenticate: Negotiate and NTLM (http_security.go), for
// every method, the metadata GETs included.
func (l *httpListener) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if l.auth != nil {
		l.auth.ServeHTTP(w, r) // then serve, or a 401
		return
	}
	l.serve(w, r)
}

// serve handles one request that passed the authentication.
func (l *httpListener) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		l.serveNonPost(w, r)
		return
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		http.Error(w, "Content-Type header required", http.StatusUnsupportedMediaType)
		return
	}
	if !contentTypeMatches(ct, l.enc.ContentType()) {
		if l.otherSoapMediaType(ct) {
			l.serveOtherMediaType(w, r, ct)
			return
		}
		http.Error(w, fmt.Sprintf("Cannot process the message because the content type '%s' was not the expected type '%s'.", ct, l.enc.ContentType()), http.StatusUnsupportedMediaType)
		return
	}
	body, status := l.readRequest(w, r)
	if status != 0 {
		w.WriteHeader(status)
		return
	}
	l.serveMessage(w, r, body)
}

// serveNonPost answers GET ?wsdl when the listener publishes metadata, and
// 405 to everything else.
func (l *httpListener) serveNonPost(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && isMetadataQuery(r.URL.RawQuery) {
		if c := l.publishedContract(); c != nil {
			l.serveMetadata(w, c, r.URL.RawQuery)
			return
		}
	}
	w.Header().Set("Allow", http.MethodPost)
	w.WriteHeader(http.StatusMethodNotAllowed)
}

// readRequest reads the body, bounded by MaxReceivedMessageSize; a non-zero
// status is the answer to send instead.
func (l *httpListener) readRequest(w http.ResponseWriter, r *http.Request) (*bytes.Buffer, int) {
	limit := l.b.maxReceived()
	if r.ContentLength > limit {
		drainRefused(r)
		return nil, http.StatusRequestEntityTooLarge
	}
	buf := getBuffer()
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		putBuffer(buf)
		drainRefused(r)
		return nil, http.StatusRequestEntityTooLarge
	case err != nil:
		putBuffer(buf)
		return nil, http.StatusBadRequest
	case buf.Len() == 0:
		putBuffer(buf)
		return nil, http.StatusBadRequest
	}
	return buf, 0
}

// maxRefusedDrain bounds how much of a refused body is read and thrown
// away (net/http's own bound for unread bodies, maxPostHandlerReadBytes).
const maxRefusedDrain = 256 << 10

// drainRefused reads and discards what is left of a body the host refuses
// (413), up to maxRefusedDrain bytes and within the server's ReadTimeout.
// Closing a connection with unread bytes in its receive buffer makes the
// kernel send a reset, and a client still writing its body would then see
// "connection reset" instead of the 413; after the drain it reads the
// answer. A body larger still is cut off as before.
func drainRefused(r *http.Request) {
	_, _ = io.CopyN(io.Discard, r.Body, maxRefusedDrain)
}

// serveMessage decodes the envelope, checks the transport action and hands
// the request to an Accept, then waits for its answer. It owns body; body
// and encoder are recycled only when no one can still read the message.
func (l *httpListener) serveMessage(w http.ResponseWriter, r *http.Request, body *bytes.Buffer) {
	enc := l.pool.Get().(soap.Encoder)
	reuse := false
	defer func() {
		if reuse {
			l.pool.Put(enc)
			putBuffer(body)
		}
	}()
	if !l.takeSlot(r) {
		reuse = true
		http.Error(w, "the endpoint is too busy", http.StatusServiceUnavailable)
		return
	}
	defer func() { <-l.slots }()
	m, err := enc.ReadMessage(body.Bytes())
	if err != nil {
		reuse = true
		if ns, ok := envelopeNamespace(body.Bytes()); !ok || !errors.Is(err, soap.ErrVersionMismatch) || !l.versionMismatch(w, ns) {
			w.WriteHeader(http.StatusBadRequest)
		}
		return
	}
	if f := applyTransportAction(r, m); f != nil {
		reuse = true
		writeReply(w, enc, soap.NewFaultMessage(m.Version, f))
		return
	}
	ch := newHTTPServerChannel(l, r, m)
	if !l.offer(r, ch) {
		reuse = true
		http.Error(w, "the endpoint is not accepting requests", http.StatusServiceUnavailable)
		return
	}
	// The message stays the host's until its next Receive or Close: the
	// later of that and a clean answer recycles encoder and body.
	ch.release = func() { l.pool.Put(enc); putBuffer(body) }
	if ch.serve(w, r, enc) {
		ch.unref()
	}
}

// takeSlot waits for one of the listener's MaxChannels slots.
func (l *httpListener) takeSlot(r *http.Request) bool {
	select {
	case l.slots <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(durationOr(l.b.OpenTimeout, defaultHTTPOpenTimeout))
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-r.Context().Done():
	case <-l.ctx.Done():
	}
	return false
}

// offer waits (at most OpenTimeout) for an Accept to take the channel.
func (l *httpListener) offer(r *http.Request, ch *httpServerChannel) bool {
	t := time.NewTimer(durationOr(l.b.OpenTimeout, defaultHTTPOpenTimeout))
	defer t.Stop()
	l.track(ch, true)
	select {
	case l.accept <- ch:
		return true
	case <-t.C:
	case <-r.Context().Done():
	case <-l.ctx.Done():
	}
	l.track(ch, false)
	return false
}

// applyTransportAction takes the action from the transport as WCF's
// ProcessHttpAddressing does; it returns the ActionMismatch fault to send
// when the message must not be dispatched.
func applyTransportAction(r *http.Request, m *soap.Message) *soap.Fault {
	var raw string
	var ok bool
	if m.Version.Envelope == soap.EnvelopeSoap11 {
		if vals := r.Header.Values("SOAPAction"); len(vals) > 0 {
			raw, ok = vals[0], true
		}
	} else {
		raw, ok = contentTypeAction(r.Header.Get("Content-Type"))
	}
	if !ok {
		return nil
	}
	action := parseTransportAction(raw)
	if m.Version.Addressing == soap.AddressingNone {
		m.Action = action
		return nil
	}
	if action != "" && action != m.Action {
		return ActionMismatchFault(m.Action, action)
	}
	return nil
}

// writeReply encodes reply with its status: 500 for a fault, else 200.
func writeReply(w http.ResponseWriter, enc soap.Encoder, reply *soap.Message) error {
	bp := getBytes()
	defer putBytes(bp)
	b, err := enc.WriteMessage((*bp)[:0], reply)
	*bp = b[:0]
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		return err
	}
	status := http.StatusOK
	if reply.IsFault() {
		status = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Content-Type", enc.ContentType())
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, err = w.Write(b)
	return err
}

// contentTypeMatches reports whether a received Content-Type is one the
// encoder with content type want reads: the same media type and, for text,
// a charset the text reader supports (WCF's TextMessageEncoder accepts
// utf-8 and utf-16 in either byte order).
func contentTypeMatches(got, want string) bool {
	gmt, gcs := mediaType(got)
	wmt, wcs := mediaType(want)
	if gmt != wmt {
		return false
	}
	if wcs == "" {
		return true
	}
	switch gcs {
	case "", "utf-8", "utf-16", "utf-16le", "utf-16be":
		return true
	}
	return false
}

// mediaType returns the lower-cased media type and charset of a
// Content-Type; leniently, because WCF peers send unquoted action URIs
// that mime.ParseMediaType rejects.
func mediaType(s string) (mt, charset string) {
	if mt, params, err := mime.ParseMediaType(s); err == nil {
		return mt, strings.ToLower(params["charset"])
	}
	parts := strings.Split(s, ";")
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(k), "charset") {
			charset = strings.ToLower(strings.Trim(strings.TrimSpace(v), `"`))
		}
	}
	return strings.ToLower(strings.TrimSpace(parts[0])), charset
}

// bufPool recycles request and reply buffers.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps one huge message from pinning memory in the pool.
const maxPooledBuffer = 1 << 20

func getBuffer() *bytes.Buffer { return bufPool.Get().(*bytes.Buffer) }

// bytesPool recycles reply encoding buffers.
var bytesPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func getBytes() *[]byte { return bytesPool.Get().(*[]byte) }

func putBytes(b *[]byte) {
	if cap(*b) <= maxPooledBuffer {
		bytesPool.Put(b)
	}
}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledBuffer {
		return
	}
	b.Reset()
	bufPool.Put(b)
}
