package soap

// Reading element text. [MC-NBFX] splits one text value across several
// records (Mono writes the QName s:Sender as three) and WCF joins
// consecutive Bytes records (ReadContentAsBase64), so every text read here
// joins the CharData pieces of an element first.

import "github.com/wwsgo/wws/soap/infoset"

// textAcc joins the CharData pieces of one element. It keeps a single typed
// piece as it is, so integers and GUIDs from the binary encoding are never
// rendered and parsed again.
type textAcc struct {
	single infoset.Text
	kept   bool // single holds the one piece so far
	buf    []byte
	pieces int
	bin    bool // every piece so far is TextBytes; buf holds raw bytes
}

func (a *textAcc) reset() {
	a.single, a.kept, a.buf, a.pieces, a.bin = infoset.Text{}, false, a.buf[:0], 0, false
}

func selfContained(k infoset.TextKind) bool {
	switch k {
	case infoset.TextChars, infoset.TextBytes, infoset.TextQName:
		return false
	}
	return true
}

func (a *textAcc) add(t infoset.Text) {
	a.pieces++
	k := t.Kind()
	if a.pieces == 1 {
		switch {
		case keepable(t):
			a.single, a.kept = t, true
		case k == infoset.TextBytes:
			a.bin = true
			a.buf = append(a.buf, t.RawBytes()...)
		default:
			a.buf = t.AppendTo(a.buf)
		}
		return
	}
	if a.pieces == 2 && a.kept {
		a.buf = a.single.AppendTo(a.buf[:0])
		a.single, a.kept = infoset.Text{}, false
	}
	if a.bin && k == infoset.TextBytes {
		a.buf = append(a.buf, t.RawBytes()...)
		return
	}
	if a.bin {
		a.buf = []byte(infoset.Bytes(a.buf).String())
		a.bin = false
	}
	a.buf = t.AppendTo(a.buf)
}

// keepable reports whether a single text piece can be kept as it is, without
// copying: typed values, and characters held as a string (dictionary
// strings — Action, To and the anonymous address in binary messages).
func keepable(t infoset.Text) bool { return selfContained(t.Kind()) || t.StringBacked() }

// text returns the joined value; it refers to a's buffer.
func (a *textAcc) text() infoset.Text {
	switch {
	case a.pieces == 0:
		return infoset.String("")
	case a.kept:
		return a.single
	case a.bin:
		return infoset.Bytes(a.buf)
	}
	return infoset.CharsBytes(a.buf)
}

// readTextInto reads the content of the element r is on (its StartElement)
// through its EndElement into a. Comments are skipped; a child element is
// an error.
func readTextInto(r infoset.Reader, a *textAcc) error {
	depth := r.Depth()
	for {
		k, err := r.Next()
		if err != nil {
			return err
		}
		switch k {
		case infoset.CharData:
			a.add(r.Text())
		case infoset.EndElement:
			if r.Depth() == depth {
				return nil
			}
		case infoset.StartElement:
			return wrapf(ErrMalformed, "element %s where text was expected", r.Name())
		case infoset.EOF:
			return wrapf(ErrMalformed, "document ends inside an element")
		}
	}
}

// readString reads the text of the element r is on as a string.
func readString(r infoset.Reader) (string, error) {
	var a textAcc
	if err := readTextInto(r, &a); err != nil {
		return "", err
	}
	return a.text().String(), nil
}

// eachChild calls fn on each child element of the element r is on (its
// StartElement), through its EndElement; fn must consume the child's
// subtree. Text and comments between children are skipped; what names the
// element in the error for a document that ends inside it.
func eachChild(r infoset.Reader, what string, fn func() error) error {
	depth := r.Depth()
	for {
		k, err := r.Next()
		if err != nil {
			return err
		}
		switch {
		case k == infoset.EOF:
			return wrapf(ErrMalformed, "document ends inside %s", what)
		case k == infoset.EndElement && r.Depth() == depth:
			return nil
		case k == infoset.StartElement:
			if err := fn(); err != nil {
				return err
			}
		}
	}
}

// skipElement skips the element r is on, through its EndElement.
func skipElement(r infoset.Reader) error {
	depth := r.Depth()
	for {
		k, err := r.Next()
		if err != nil {
			return err
		}
		switch {
		case k == infoset.EOF:
			return wrapf(ErrMalformed, "document ends inside an element")
		case k == infoset.EndElement && r.Depth() == depth:
			return nil
		}
	}
}

// nextElement advances past whitespace text and comments to the next
// StartElement or EndElement. Non-whitespace text is an error.
func nextElement(r infoset.Reader) (infoset.Kind, error) {
	for {
		k, err := r.Next()
		if err != nil {
			return k, err
		}
		switch k {
		case infoset.StartElement, infoset.EndElement, infoset.EOF:
			return k, nil
		case infoset.CharData:
			if !isSpace(r.Text()) {
				return k, wrapf(ErrMalformed, "unexpected text %q", r.Text().String())
			}
		}
	}
}

func isSpace(t infoset.Text) bool {
	if t.Kind() != infoset.TextChars {
		return false
	}
	var tmp [64]byte
	for _, c := range t.AppendTo(tmp[:0]) {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}
