package soap

// Precomputed binary start tags for the envelope and addressing header
// elements of SOAP 1.2 + WS-Addressing 1.0, the shape WCF writes for every
// binary message (the writing side of the pattern read by
// readHeaderPattern): prefixes s and a declared on the Envelope, names by
// their [MC-NBFS] static ids, mustUnderstand as the One record. With them
// the nbfx writer skips the name lookups of tags that never change; the
// text values still go through the writer (their dictionary ids depend on
// the session).

import (
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// Tags of soap12Tags.
const (
	tagEnvelope = iota // with xmlns:s and xmlns:a
	tagHeader
	tagBody
	tagAction // with s:mustUnderstand="1"
	tagTo     // with s:mustUnderstand="1"
	tagMessageID
	tagRelatesTo
	tagReplyTo
	tagFrom
	tagFaultTo
	tagAddress
	tagReferenceParameters
	nTags
)

// soap12Tags are the start tags, indexed by the tag constants.
var soap12Tags = func() (t [nTags]binxml.RawTag) {
	const (
		elementS   = 0x56 // PrefixDictionaryElementS
		elementA   = 0x44 // PrefixDictionaryElementA
		attrS      = 0x1E // PrefixDictionaryAttributeS
		dictXmlns  = 0x0B // DictionaryXmlnsAttribute
		oneText    = 0x82 // the integer 1 (MustUnderstandValue)
		staticOnly = "soap: not in the static dictionary: "
	)
	static := func(s string) uint32 {
		id, ok := binxml.StaticID(s)
		if !ok {
			panic(staticOnly + s)
		}
		return id
	}
	tag := func(rec byte, local string, mu bool) binxml.RawTag {
		b := binxml.AppendMB31([]byte{rec}, static(local))
		if mu {
			b = append(binxml.AppendMB31(append(b, attrS), static("mustUnderstand")), oneText)
		}
		return binxml.RawTag{Bytes: b}
	}
	// The Envelope declares s, then a, after its (no) attributes.
	env := tag(elementS, "Envelope", false)
	for _, d := range []binxml.RawDecl{{Prefix: envelopePrefix, NS: NamespaceSoap12}, {Prefix: addressingPrefix, NS: NamespaceAddressing10}} {
		env.Bytes = append(env.Bytes, dictXmlns, byte(len(d.Prefix)))
		env.Bytes = binxml.AppendMB31(append(env.Bytes, d.Prefix...), static(d.NS))
		env.Decls = append(env.Decls, d)
	}
	t[tagEnvelope] = env
	t[tagHeader] = tag(elementS, "Header", false)
	t[tagBody] = tag(elementS, "Body", false)
	t[tagAction] = tag(elementA, "Action", true)
	t[tagTo] = tag(elementA, "To", true)
	t[tagMessageID] = tag(elementA, "MessageID", false)
	t[tagRelatesTo] = tag(elementA, "RelatesTo", false)
	t[tagReplyTo] = tag(elementA, "ReplyTo", false)
	t[tagFrom] = tag(elementA, "From", false)
	t[tagFaultTo] = tag(elementA, "FaultTo", false)
	t[tagAddress] = tag(elementA, "Address", false)
	t[tagReferenceParameters] = tag(elementA, "ReferenceParameters", false)
	return t
}()

// binaryTagsApply reports whether soap12Tags serve for m on bw: SOAP 1.2
// + WS-Addressing 1.0, names of both namespaces by dictionary id, and
// nothing in scope (the Envelope tag declares both prefixes).
func binaryTagsApply(bw *binxml.Writer, m *Message) bool {
	return m.Version == Soap12WSAddressing10 && bw.Depth() == 0 &&
		bw.DictionaryNames(NamespaceSoap12) && bw.DictionaryNames(NamespaceAddressing10)
}

// writeBinaryEnvelope is WriteEnvelope for a message binaryTagsApply to:
// the same elements in the same order (see writeHeaders and writeEPR),
// with the start tags of soap12Tags and direct calls to the nbfx writer.
// TestTagPatternMatchesGeneralPath holds the two paths to the same bytes.
func writeBinaryEnvelope(w *binxml.Writer, m *Message) error {
	w.StartRaw(&soap12Tags[tagEnvelope])
	if m.hasHeaders() {
		if err := writeBinaryHeader(w, m, nil); err != nil {
			return err
		}
	}
	w.StartRaw(&soap12Tags[tagBody])
	return finishEnvelope(w, m)
}

// writeBinaryHeader writes the Header element of writeBinaryEnvelope. With
// ids set, it stores there the record offsets (binxml.Mark.Offset) of the
// GUID bytes of MessageID and RelatesTo, when they are GUIDs.
func writeBinaryHeader(w *binxml.Writer, m *Message, ids *[2]int) error {
	w.StartRaw(&soap12Tags[tagHeader])
	if m.Action != "" {
		w.LeafRaw(&soap12Tags[tagAction], infoset.DictString(m.Action))
	}
	writeBinaryID(w, tagMessageID, m.MessageID, ids, 0)
	writeBinaryID(w, tagRelatesTo, m.RelatesTo, ids, 1)
	if m.ReplyTo != nil {
		writeBinaryEPR(w, tagReplyTo, m.ReplyTo)
	}
	if m.From != nil {
		writeBinaryEPR(w, tagFrom, m.From)
	}
	if m.FaultTo != nil {
		writeBinaryEPR(w, tagFaultTo, m.FaultTo)
	}
	for _, h := range m.Headers {
		if err := writeHeader(w, EnvelopeSoap12, h); err != nil {
			return err
		}
	}
	if m.To != "" {
		w.LeafRaw(&soap12Tags[tagTo], infoset.DictString(m.To))
	}
	w.EndElement()
	return nil
}

// writeBinaryID writes id as a UniqueId leaf; a GUID's 16 bytes end the
// leaf's records (the end element is folded into the text record).
func writeBinaryID(w *binxml.Writer, tag int, id MessageID, ids *[2]int, i int) {
	if id.IsZero() {
		return
	}
	w.LeafRaw(&soap12Tags[tag], id.Text())
	if ids != nil {
		ids[i] = w.Mark().Offset() - 16
	}
}

func writeBinaryEPR(w *binxml.Writer, tag int, e *EndpointReference) {
	w.StartRaw(&soap12Tags[tag])
	w.LeafRaw(&soap12Tags[tagAddress], infoset.DictString(e.Address))
	if len(e.ReferenceParameters) > 0 {
		w.StartRaw(&soap12Tags[tagReferenceParameters])
		for _, n := range e.ReferenceParameters {
			infoset.WriteNode(w, n)
		}
		w.EndElement()
	}
	w.EndElement()
}
