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
var soap12Tags = func() (t [nTags]nbfx.RawTag) {
	const (
		elementS   = 0x56 // PrefixDictionaryElementS
		elementA   = 0x44 // PrefixDictionaryElementA
		attrS      = 0x1E // PrefixDictionaryAttributeS
		dictXmlns  = 0x0B // DictionaryXmlnsAttribute
		oneText    = 0x82 // the integer 1 (MustUnderstandValue)
		staticOnly = "soap: not in the static dictionary: "
	)
	static := func(s string) uint32 {
		id, ok := nbfx.StaticID(s)
		if !ok {
			panic(staticOnly + s)
		}
		return id
	}
	tag := func(rec byte, local string, mu bool) nbfx.RawTag {
		b := nbfx.AppendMB31([]byte{rec}, static(local))
		if mu {
			b = append(nbfx.AppendMB31(append(b, attrS), static("mustUnderstand")), oneText)
		}
		return nbfx.RawTag{Bytes: b}
	}
	// The Envelope declares s, then a, after its (no) attributes.
	env := tag(elementS, "Envelope", false)
	for _, d := range []nbfx.RawDecl{{Prefix: envelopePrefix, NS: NamespaceSoap12}, {Prefix: addressingPrefix, NS: NamespaceAddressing10}} {
		env.Bytes = append(env.Bytes, dictXmlns, byte(len(d.Prefix)))
		env.Bytes = nbfx.AppendMB31(append(env.Bytes, d.Prefix...), static(d.NS))
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

// tagWriter writes the start tags of the envelope and of the addressing
// headers, as bytes when bin is set.
type tagWriter struct {
	w   infoset.Writer
	bin *nbfx.Writer // set when soap12Tags apply
	env EnvelopeVersion
}

// binaryTags returns bw when soap12Tags apply to messages of version v
// on it, else nil.
func binaryTags(bw *nbfx.Writer, v MessageVersion) *nbfx.Writer {
	if v == Soap12WSAddressing10 && bw.DictionaryNames(NamespaceSoap12) && bw.DictionaryNames(NamespaceAddressing10) {
		return bw
	}
	return nil
}

// raw writes tag i of soap12Tags and reports whether it did; otherwise the
// caller writes the tag through the general path. Small enough to inline,
// so the text encoding pays one test.
func (t tagWriter) raw(i int) bool {
	if t.bin == nil {
		return false
	}
	t.bin.StartRaw(&soap12Tags[i])
	return true
}
