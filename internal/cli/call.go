// `wsproxy call ADDRESS ACTION [BODY]`: one request over a Binding's
// ClientChannel, the reply body (or envelope) printed as indented XML.

package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/beevik/etree"
	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/metadata"
	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/xmltext"
)

// callCmd holds the flags of call.
type callCmd struct {
	bindingOptions
	ns, contract string
	headers      stringList
	envelope     bool
	verbose      bool
	wsdl         string
}

func (c *callCmd) flags(fs *flag.FlagSet) {
	c.bindingOptions.flags(fs)
	fs.StringVar(&c.ns, "ns", servicemodel.DefaultNamespace, "contract namespace for a bare operation name and key=value bodies")
	fs.StringVar(&c.contract, "contract", "ICalculator", "contract name for a bare operation name")
	fs.Var(&c.headers, "H", "extra header block as XML (or @file); repeatable")
	fs.BoolVar(&c.envelope, "envelope", false, "print the whole reply envelope, not just the body")
	fs.BoolVar(&c.verbose, "v", false, "trace framing records and envelopes on stderr")
	fs.StringVar(&c.wsdl, "wsdl", "", "the service's metadata (`SOURCE`: a ?wsdl URL, .wsdl file or directory, as for gen): it gives\nthe operation's action, and orders and types key=value bodies (dotted keys for nested members)")
}

// request is a prepared call.
type request struct {
	address string
	binding servicemodel.Binding
	build   func() *soap.Message       // a fresh message per call
	trace   io.Writer                  // message-level -v trace (HTTP), nil when off
	opts    *servicemodel.ProxyOptions // credentials; nil for none
}

// runCall is the call command.
func runCall(e *env, args []string) error {
	var c callCmd
	fs := newFlagSet("call", "ADDRESS ACTION [BODY]", e)
	c.flags(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		fs.Usage()
		return usagef(errors.New("call needs ADDRESS and ACTION"))
	}
	if c.verbose {
		c.trace = e.stderr
	}
	req, err := c.prepare(e, pos)
	if err != nil {
		return usagef(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	out, err := callOnce(ctx, req, c.envelope)
	if err != nil {
		return reportCallError(e, err)
	}
	e.stdout.Write(out)
	return nil
}

// prepare builds the binding and message of a call or bench.
func (c *callCmd) prepare(e *env, pos []string) (*request, error) {
	address := pos[0]
	var d *metadata.Definitions
	if c.wsdl != "" {
		var err error
		if d, err = c.readMetadata(); err != nil {
			return nil, err
		}
		if c.binding == "" {
			c.binding = portBinding(d, address) // the port's, when the WSDL names address
		}
	}
	b, err := c.build(address)
	if err != nil {
		return nil, err
	}
	opts, err := c.proxyOptions(e)
	if err != nil {
		return nil, err
	}
	var action string
	var body *etree.Element
	if d != nil {
		action, body, err = fromMetadata(d, e, address, pos[1], pos[2:])
	} else {
		var op string
		action, op = resolveAction(pos[1], c.ns, c.contract)
		body, err = buildBody(pos[2:], op, c.ns, e.stdin)
	}
	if err != nil {
		return nil, err
	}
	var hs soap.Headers
	for _, x := range c.headers {
		h, err := headerFromXML(x)
		if err != nil {
			return nil, err
		}
		hs.Add(h)
	}
	v := b.MessageVersion()
	build := func() *soap.Message {
		m := soap.NewMessage(v, action, body)
		m.Headers = append(soap.Headers(nil), hs...)
		if v.Addressing != soap.AddressingNone {
			m.To = address
			m.MessageID = soap.NewMessageID()
			m.ReplyTo = &soap.EndpointReference{Address: v.Addressing.Anonymous()}
		}
		return m
	}
	r := &request{address: address, binding: b, build: build, opts: opts}
	if _, isTCP := b.(*servicemodel.NetTCPBinding); !isTCP {
		r.trace = c.trace // the net.tcp encoder traces itself
	}
	return r, nil
}

// callOnce opens a channel, makes the call, closes the channel, and returns
// the rendered reply. A fault reply is returned as the *soap.Fault error.
func callOnce(ctx context.Context, req *request, envelope bool) ([]byte, error) {
	ch, err := servicemodel.DialChannel(ctx, req.binding, req.address, req.opts)
	if err != nil {
		return nil, err
	}
	out, err := requestOn(ctx, ch, req, envelope)
	if err != nil && !isFault(err) {
		ch.Abort()
		return nil, err
	}
	ch.Close(ctx) // the reply is in; a failed End handshake does not undo it
	return out, err
}

// requestOn makes one call on an open channel.
func requestOn(ctx context.Context, ch servicemodel.ClientChannel, req *request, envelope bool) ([]byte, error) {
	var out []byte
	var fault *soap.Fault
	m := req.build()
	if req.trace != nil {
		traceRequest(req.trace, m)
	}
	err := ch.Request(ctx, m, func(reply *soap.Message) error {
		if reply.IsFault() {
			f, err := reply.Fault()
			if err != nil {
				return err
			}
			fault = f
			return nil
		}
		var err error
		out, err = renderReply(reply, envelope, req.trace)
		return err
	})
	if err != nil {
		return nil, err
	}
	if fault != nil {
		return nil, fault
	}
	return out, nil
}

// faultDetailXML renders a fault's detail elements as indented text XML,
// each declaring the namespaces it uses.
func faultDetailXML(f *soap.Fault) []byte {
	w := xmltext.NewWriter(nil)
	w.SetOptions(xmltext.WriterOptions{Indent: "  "})
	var out []byte
	for _, n := range f.Detail {
		if n.Kind != infoset.StartElement {
			continue
		}
		w.Reset(nil)
		infoset.WriteNode(w, n)
		b, err := w.Finish()
		if err != nil {
			out = fmt.Appendf(out, "(cannot render %s: %v)\n", n.Name.Local, err)
			continue
		}
		out = append(append(out, b...), '\n')
	}
	return out
}

// isFault reports whether err is a SOAP fault reply.
func isFault(err error) bool {
	var f *soap.Fault
	return errors.As(err, &f)
}

// reportCallError prints a call's error on stderr: a fault's code and
// reason, or the transport error with a hint for framing faults.
func reportCallError(e *env, err error) error {
	var f *soap.Fault
	if errors.As(err, &f) {
		fmt.Fprintf(e.stderr, "fault: %s: %s\n", f.Code.String(), f.Reason())
		if len(f.Detail) > 0 {
			fmt.Fprintf(e.stderr, "detail:\n%s", faultDetailXML(f))
		}
		return fmt.Errorf("%w%w", errReported, err)
	}
	var fe *nettcp.FaultError
	if errors.As(err, &fe) {
		return fmt.Errorf("%w%s", err, faultHint(fe.Code))
	}
	if h := securityHint(err); h != "" {
		return fmt.Errorf("%w%s", err, h)
	}
	return err
}
