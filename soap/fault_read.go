package soap

// Reading faults, SOAP 1.2 Part 1 §5.4 and SOAP 1.1 §4.4, leniently: QName
// values split across several text records (Mono), element names in any
// encoding form, unknown children skipped. Predefined codes are normalised
// to their SOAP 1.2 names with an empty namespace.

import (
	"bytes"

	"github.com/wwsgo/wws/soap/infoset"
)

// maxSubcodes bounds the Subcode chain a peer may send.
const maxSubcodes = 16

// ReadFault reads a Fault element of envelope version env; r is on its
// StartElement and is left on its EndElement.
func ReadFault(r infoset.Reader, env EnvelopeVersion) (*Fault, error) { return readFault(r, env) }

func readFault(r infoset.Reader, env EnvelopeVersion) (*Fault, error) {
	f := &Fault{}
	if err := eachChild(r, "Fault", func() error { return readFaultChild(r, env, f) }); err != nil {
		return nil, err
	}
	return f, nil
}

func readFaultChild(r infoset.Reader, env EnvelopeVersion, f *Fault) error {
	n := r.Name()
	if env == EnvelopeSoap11 && (n.Space == "" || n.Space == NamespaceSoap11) {
		return readFault11Child(r, f, n.Local)
	}
	if n.Space != env.Namespace() {
		return skipElement(r)
	}
	var err error
	switch n.Local {
	case "Code":
		err = readCode12(r, &f.Code, 0)
	case "Reason":
		err = readReasons(r, f)
	case "Node":
		f.Node, err = readString(r)
	case "Role":
		f.Role, err = readString(r)
	case "Detail":
		f.Detail, err = readDetail(r)
	default:
		err = skipElement(r)
	}
	return err
}

func readFault11Child(r infoset.Reader, f *Fault, local string) error {
	var err error
	switch local {
	case "faultcode":
		var n infoset.Name
		if n, err = readQName(r); err == nil {
			f.Code = code11Read(n)
		}
	case "faultstring":
		lang := xmlLang(r)
		var s string
		if s, err = readString(r); err == nil {
			f.Reasons = append(f.Reasons, FaultReason{Text: s, Lang: lang})
		}
	case "faultactor":
		f.Role, err = readString(r)
	case "detail":
		f.Detail, err = readDetail(r)
	default:
		err = skipElement(r)
	}
	return err
}

// code11Read maps a SOAP 1.1 faultcode to the model: s:Client and s:Server
// become Sender and Receiver; other codes are kept as they are.
func code11Read(n infoset.Name) FaultCode {
	return FaultCode{Value: normaliseCode(n)}
}

func normaliseCode(n infoset.Name) infoset.Name {
	if envelopeVersionOf(n.Space) != EnvelopeNone {
		if p, ok := predefinedCodes[n.Local]; ok {
			return infoset.Name{Local: p}
		}
	}
	return n
}

// readCode12 reads a Code or Subcode element's Value and Subcode.
func readCode12(r infoset.Reader, c *FaultCode, level int) error {
	if level >= maxSubcodes {
		return wrapf(ErrQuotaExceeded, "fault Subcode chain deeper than %d", maxSubcodes)
	}
	err := eachChild(r, "a fault code", func() error {
		switch r.Name().Local {
		case "Value":
			n, err := readQName(r)
			if err != nil {
				return err
			}
			c.Value = normaliseCode(n)
			return nil
		case "Subcode":
			c.Subcode = &FaultCode{}
			return readCode12(r, c.Subcode, level+1)
		}
		return skipElement(r)
	})
	if err == nil && c.Value.Local == "" {
		return wrapf(ErrMalformed, "fault code without Value")
	}
	return err
}

// readQName reads an element's text as a QName, resolving its prefix in the
// element's own scope (the lookup happens on a text node, inside it).
func readQName(r infoset.Reader) (infoset.Name, error) {
	var a textAcc
	depth := r.Depth()
	var prefix, ns, defaultNS string
	resolved := false
loop:
	for {
		k, err := r.Next()
		if err != nil {
			return infoset.Name{}, err
		}
		switch {
		case k == infoset.CharData:
			a.add(r.Text())
			if a.pieces == 1 {
				defaultNS, _ = r.LookupNamespace("")
			}
			if !resolved {
				prefix, ns, resolved = resolvePrefix(r, &a)
			}
		case k == infoset.EndElement && r.Depth() == depth:
			break loop
		case k == infoset.EOF, k == infoset.StartElement:
			return infoset.Name{}, wrapf(ErrMalformed, "bad QName content")
		}
	}
	s := bytes.Trim(a.text().AppendTo(nil), " \t\r\n")
	local := string(s)
	if i := bytes.IndexByte(s, ':'); i >= 0 {
		local = string(s[i+1:])
	}
	if local == "" {
		return infoset.Name{}, wrapf(ErrMalformed, "empty QName")
	}
	if !resolved {
		ns = defaultNS
	}
	return infoset.Name{Prefix: prefix, Local: local, Space: ns}, nil
}

// resolvePrefix looks up the prefix once the text so far holds a colon.
func resolvePrefix(r infoset.Reader, a *textAcc) (prefix, ns string, ok bool) {
	var tmp [64]byte
	s := bytes.TrimLeft(a.text().AppendTo(tmp[:0]), " \t\r\n")
	i := bytes.IndexByte(s, ':')
	if i < 0 {
		return "", "", false
	}
	prefix = string(s[:i])
	ns, _ = r.LookupNamespace(prefix)
	return prefix, ns, true
}

func readReasons(r infoset.Reader, f *Fault) error {
	return eachChild(r, "Reason", func() error {
		if r.Name().Local != "Text" {
			return skipElement(r)
		}
		lang := xmlLang(r)
		s, err := readString(r)
		if err != nil {
			return err
		}
		f.Reasons = append(f.Reasons, FaultReason{Text: s, Lang: lang})
		return nil
	})
}

func xmlLang(r infoset.Reader) string {
	for _, a := range r.Attrs() {
		if a.Name.Local == "lang" && (a.Name.Prefix == "xml" || a.Name.Space == infoset.XMLNamespace) {
			return a.Value.String()
		}
	}
	return ""
}

func readDetail(r infoset.Reader) ([]*infoset.Node, error) {
	n, err := infoset.ReadSubtree(r)
	if err != nil {
		return nil, err
	}
	if n.Children == nil {
		return []*infoset.Node{}, nil
	}
	return n.Children, nil
}
