package binxml

import (
	"fmt"

	"github.com/wwsgo/wws/soap/infoset"
)

// Element, attribute and namespace-declaration records: [MC-NBFX] 2.2.1
// (elements 0x40–0x77) and 2.2.2 (attributes 0x04–0x3F).
//
// Like WCF's XmlBaseWriter, the element record is written at StartElement,
// each attribute record as it is written, and the namespace declarations of
// the start tag (explicit and automatic) when the start tag closes, i.e.
// after the attributes. Local names and namespace URIs are sent by
// [MC-NBFS] static id, else by [MC-NBFSE] session id (added while the quota
// allows), else inline; prefixes are always inline.

// StartElement implements infoset.Writer. When prefix is not bound to ns,
// the element declares it.
func (w *Writer) StartElement(prefix, local, ns string) {
	if !w.ok() || !w.checkName(prefix, local) {
		return
	}
	w.closeStart()
	w.textOff = -1
	w.appendElement(prefix, local, ns)
	w.scope.Push()
	w.depth++
	w.inStart = true
	if cur, ok := w.scope.Lookup(prefix); !ok || cur != ns {
		w.declare(prefix, ns)
	}
}

// Xmlns implements infoset.Writer. A binding already in scope is not
// declared again.
func (w *Writer) Xmlns(prefix, ns string) {
	if !w.ok() {
		return
	}
	if !w.inStart {
		w.fail(fmt.Errorf("nbfx: %w: xmlns outside a start tag", infoset.ErrUnbalanced))
		return
	}
	if cur, ok := w.scope.Lookup(prefix); ok && cur == ns {
		return
	}
	w.declare(prefix, ns)
}

// declare binds prefix to ns on the open start tag.
func (w *Writer) declare(prefix, ns string) {
	switch {
	case prefix == "xml" || prefix == "xmlns":
		w.fail(fmt.Errorf("%w: prefix %q", ErrXmlnsConflict, prefix))
		return
	case prefix != "" && ns == "":
		w.fail(fmt.Errorf("%w: prefix %q bound to no namespace", ErrXmlnsConflict, prefix))
		return
	case w.scope.BoundInCurrent(prefix):
		w.fail(fmt.Errorf("%w: prefix %q declared twice", ErrXmlnsConflict, prefix))
		return
	}
	prefix, ns = w.keep(prefix), w.keep(ns)
	w.scope.Bind(prefix, ns)
	w.decls = append(w.decls, nsDecl{prefix, ns})
}

// Attr implements infoset.Writer. A prefix not bound to ns is declared on
// the element; xml:* attributes use inline names (record 05), as WCF does.
// An unprefixed attribute is in no namespace and ns is ignored.
func (w *Writer) Attr(prefix, local, ns string, value infoset.Text) {
	if !w.ok() {
		return
	}
	if p, isXmlns := (infoset.Attr{Name: infoset.Name{Prefix: prefix, Local: local}}).IsXmlns(); isXmlns {
		w.Xmlns(p, value.String())
		return
	}
	if !w.inStart {
		w.fail(fmt.Errorf("nbfx: %w: attribute %s after content", infoset.ErrUnbalanced, local))
		return
	}
	if !w.checkName(prefix, local) {
		return
	}
	if prefix == "xml" {
		w.dst = append(w.dst, recAttribute)
		w.dst = appendName(appendName(w.dst, prefix), local)
	} else {
		if prefix == "" {
			ns = ""
		}
		w.appendAttribute(prefix, local, ns)
		if cur, ok := w.scope.Lookup(prefix); prefix != "" && (!ok || cur != ns) {
			w.declare(prefix, ns)
		}
	}
	w.appendText(value, true)
}

// EndElement implements infoset.Writer. Text written just before is folded
// into its odd (…WithEndElement) record.
func (w *Writer) EndElement() {
	if !w.ok() {
		return
	}
	if w.depth == 0 {
		w.fail(fmt.Errorf("nbfx: %w: end element with none open", infoset.ErrUnbalanced))
		return
	}
	w.closeStart()
	if w.textOff >= 0 {
		w.dst[w.textOff]++
	} else {
		w.dst = append(w.dst, recEndElement)
	}
	w.textOff = -1
	w.depth--
	w.scope.Pop()
}

// closeStart writes the namespace declarations of an open start tag. It
// is small enough to be inlined; the declarations are written by
// writeDecls.
func (w *Writer) closeStart() {
	if w.inStart {
		w.inStart = false
		if len(w.decls) > 0 {
			w.writeDecls()
		}
	}
}

//go:noinline
func (w *Writer) writeDecls() {
	for _, d := range w.decls {
		w.appendXmlns(d.prefix, d.ns)
	}
	w.decls = w.decls[:0]
}

func (w *Writer) checkName(prefix, local string) bool {
	switch {
	case local == "":
		w.fail(fmt.Errorf("%w: empty local name", ErrInvalidName))
	case prefix == "xmlns":
		w.fail(fmt.Errorf("%w: prefix xmlns on %s", ErrInvalidName, local))
	case len(prefix) > maxInt31 || len(local) > maxInt31:
		w.fail(ErrTooLong)
	default:
		return true
	}
	return false
}

// letter returns 0..25 for a one-letter lowercase prefix, else -1.
func letter(prefix string) int {
	if len(prefix) == 1 && prefix[0] >= 'a' && prefix[0] <= 'z' {
		return int(prefix[0] - 'a')
	}
	return -1
}

// nameID returns the dictionary id of a local name or namespace URI in
// namespace ns, unless the name filter excludes ns.
func (w *Writer) nameID(s, ns string) (uint32, bool) {
	if w.names != nil && !w.names(ns) {
		return 0, false
	}
	return w.dictID(s)
}

// appendElement writes the element record (2.2.1).
func (w *Writer) appendElement(prefix, local, ns string) {
	w.appendNamed(prefix, local, ns, recShortElement, recElement, recPrefixDictionaryElementA, recPrefixElementA)
}

// appendAttribute writes the attribute record (2.2.2) without its value.
func (w *Writer) appendAttribute(prefix, local, ns string) {
	w.appendNamed(prefix, local, ns, recShortAttribute, recAttribute, recPrefixDictionaryAttributeA, recPrefixAttributeA)
}

// appendNamed writes an element or attribute record.
func (w *Writer) appendNamed(prefix, local, ns string, short, long, dictLetter, inlineLetter byte) {
	id, dict := w.nameID(local, ns)
	w.dst = appendNamedRecord(w.dst, prefix, local, id, dict, short, long, dictLetter, inlineLetter)
}

// appendNamedRecord appends an element or attribute record whose local
// name has the dictionary id id when dict is set. The dictionary form of
// each is its inline form + 2 (Short, plain); prefixed-letter forms have
// their own bases.
func appendNamedRecord(b []byte, prefix, local string, id uint32, dict bool, short, long, dictLetter, inlineLetter byte) []byte {
	l := letter(prefix)
	switch {
	case prefix == "" && dict:
		return AppendMB31(append(b, short+2), id)
	case prefix == "":
		return appendName(append(b, short), local)
	case l >= 0 && dict:
		return AppendMB31(append(b, dictLetter+byte(l)), id)
	case l >= 0:
		return appendName(append(b, inlineLetter+byte(l)), local)
	case dict:
		return AppendMB31(appendName(append(b, long+2), prefix), id)
	}
	return appendName(appendName(append(b, long), prefix), local)
}

// appendXmlns writes a namespace declaration record (2.2.2, 0x08–0x0B).
func (w *Writer) appendXmlns(prefix, ns string) {
	id, dict := w.nameID(ns, ns)
	w.dst = appendXmlnsRecord(w.dst, prefix, ns, id, dict)
}

// appendXmlnsRecord appends the declaration of prefix as ns, which has the
// dictionary id id when dict is set.
func appendXmlnsRecord(b []byte, prefix, ns string, id uint32, dict bool) []byte {
	switch {
	case prefix == "" && dict:
		return AppendMB31(append(b, recShortDictionaryXmlnsAttribute), id)
	case prefix == "":
		return appendName(append(b, recShortXmlnsAttribute), ns)
	case dict:
		return AppendMB31(appendName(append(b, recDictionaryXmlnsAttribute), prefix), id)
	}
	return appendName(appendName(append(b, recXmlnsAttribute), prefix), ns)
}

// appendName appends an inline Name: MB31 byte length + UTF-8. Callers
// check the length is below 2^31.
func appendName(b []byte, s string) []byte {
	return append(AppendMB31(b, uint32(len(s))), s...)
}

// RawTag is a start tag encoded by the caller for StartRaw: the element
// record and its attribute records, as StartElement and Attr would write
// them, then the namespace declaration records of Decls, in that order.
type RawTag struct {
	Bytes []byte
	Decls []RawDecl // the bindings the declaration records in Bytes make
}

// RawDecl is a namespace binding a RawTag declares.
type RawDecl struct{ Prefix, NS string }

// StartRaw opens an element whose start tag the caller encoded itself. Its
// names must need no declarations besides t.Decls (their prefixes bound as
// wanted in the current scope), and the element takes no further
// attributes. It spares the name and scope lookups of a start tag that
// never changes, as for the envelope and addressing headers of every
// message; the element is then written and closed as usual.
func (w *Writer) StartRaw(t *RawTag) {
	if !w.ok() {
		return
	}
	w.closeStart()
	w.textOff = -1
	if b := t.Bytes; len(b) == 2 { // most tags: record and one-byte id, without a memmove call
		w.dst = append(w.dst, b[0], b[1])
	} else {
		w.dst = append(w.dst, b...)
	}
	w.scope.Push()
	for _, d := range t.Decls {
		w.scope.Bind(d.Prefix, d.NS) // the caller's strings outlive the element
	}
	w.depth++
	w.inStart = true
}

// Depth is the number of open elements.
func (w *Writer) Depth() int { return w.depth }

// DictionaryNames reports whether the local names of elements and
// attributes in namespace ns are sent by dictionary id (see SetNameFilter).
func (w *Writer) DictionaryNames(ns string) bool { return w.names == nil || w.names(ns) }

// Leaf writes an element without attributes whose content is the one text
// value, exactly as StartElement, Text and EndElement would, in one call
// when prefix is already bound to ns (no declaration); otherwise it makes
// those three calls.
func (w *Writer) Leaf(prefix, local, ns string, value infoset.Text) {
	if !w.ok() || !w.checkName(prefix, local) {
		return
	}
	if cur, ok := w.scope.Lookup(prefix); !ok || cur != ns {
		w.StartElement(prefix, local, ns)
		w.Text(value)
		w.EndElement()
		return
	}
	w.closeStart()
	w.appendElement(prefix, local, ns)
	w.endLeaf(value)
}

// LeafRaw is Leaf for the start tag t (see StartRaw): StartRaw, Text and
// EndElement in one call when t declares nothing.
func (w *Writer) LeafRaw(t *RawTag, value infoset.Text) {
	if len(t.Decls) > 0 {
		w.StartRaw(t)
		w.Text(value)
		w.EndElement()
		return
	}
	if !w.ok() {
		return
	}
	w.closeStart()
	w.appendTag(t.Bytes)
	w.endLeaf(value)
}

// appendTag appends the bytes of a start tag; the usual two (record and
// one-byte name id) without a copy call.
func (w *Writer) appendTag(b []byte) {
	if len(b) == 2 {
		w.dst = append(w.dst, b[0], b[1])
	} else {
		w.dst = append(w.dst, b...)
	}
}

// endLeaf writes the text and end of a leaf whose start tag was just
// written (nothing opened for it). After an error it leaves the element
// open, as StartElement and Text would.
func (w *Writer) endLeaf(value infoset.Text) {
	off := w.appendText(value, false)
	if w.err != nil {
		w.scope.Push()
		w.depth++
		w.inStart = false
		return
	}
	if off >= 0 {
		w.dst[off]++
	} else {
		w.dst = append(w.dst, recEndElement)
	}
	w.textOff = -1
}

// LeafRawInt is LeafRaw(t, infoset.Int(v)) without building the Text: the
// integer members of a body are written by the million.
func (w *Writer) LeafRawInt(t *RawTag, v int64) {
	if len(t.Decls) > 0 || !w.ok() {
		w.LeafRaw(t, infoset.Int(v))
		return
	}
	w.closeStart()
	w.appendTag(t.Bytes)
	off := len(w.dst)
	w.dst = appendInt(w.dst, v)
	w.dst[off]++ // the record's …WithEndElement form
	w.textOff = -1
}
