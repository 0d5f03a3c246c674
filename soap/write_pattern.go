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
	"github.com/wwsgo/wws/soap/nbfx"
)

// Tags of soap12Tags.
const (
	tagHeader = iota
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
var soap12Tags = func() (t [nTags][]byte) {
	const (
		elementS = 0x56 // PrefixDictionaryElementS
		elementA = 0x44 // PrefixDictionaryElementA
		attrS    = 0x1E // PrefixDictionaryAttributeS
		oneText  = 0x82 // the integer 1 (MustUnderstandValue)
	)
	tag := func(rec byte, local string, mu bool) []byte {
		id, _ := nbfx.StaticID(local)
		b := nbfx.AppendMB31([]byte{rec}, id)
		if mu {
			id, _ := nbfx.StaticID("mustUnderstand")
			b = append(nbfx.AppendMB31(append(b, attrS), id), oneText)
		}
		return b
	}
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

// tagWriter writes the start tags of the envelope and of the addressing
// headers, as bytes when bin is set.
type tagWriter struct {
	w   infoset.Writer
	bin *nbfx.Writer // set when soap12Tags apply
	env EnvelopeVersion
}

// newTagWriter returns the tagWriter for m on w; patterns false keeps to
// the general path (for tests).
func newTagWriter(w infoset.Writer, v MessageVersion, patterns bool) tagWriter {
	t := tagWriter{w: w, env: v.Envelope}
	if bw, ok := w.(*nbfx.Writer); ok && patterns && v == Soap12WSAddressing10 &&
		bw.DictionaryNames(NamespaceSoap12) && bw.DictionaryNames(NamespaceAddressing10) {
		t.bin = bw
	}
	return t
}

// start opens prefix:local in ns, which is tag i of soap12Tags.
func (t tagWriter) start(i int, prefix, local, ns string) {
	if t.bin != nil {
		t.bin.StartRaw(soap12Tags[i])
		return
	}
	t.w.StartElement(prefix, local, ns)
}

// startMustUnderstand opens <a:local s:mustUnderstand="1">, tag i of
// soap12Tags.
func (t tagWriter) startMustUnderstand(i int, ans, local string) {
	if t.bin != nil {
		t.bin.StartRaw(soap12Tags[i])
		return
	}
	t.w.StartElement(addressingPrefix, local, ans)
	t.w.Attr(envelopePrefix, "mustUnderstand", t.env.Namespace(), t.env.MustUnderstandValue())
}
