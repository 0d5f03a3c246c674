package soap

// The fast path of readEnvelopeTo: reading the start of a binary SOAP 1.2
// message, through its body element's start tag, by its bytes, as WCF's
// BinaryMessageEncoder reads the usual envelope by MessagePatterns before
// its general reader. It uses the raw-access hooks of soap/internal/binxml
// and nothing here is needed for correctness: every miss leaves the
// message to the general path, which reads it from the document's start.
//
// The steps, each with its own test against the general path:
//   - the whole start of the message as the last one's, but for its
//     MessageID or RelatesTo (headerMemo.readEnvelope, read_pattern_memo.go);
//   - else the Envelope start tag by its bytes (envelopeStart, NextRaw),
//     the Header by the pattern (readHeaderPattern, read_pattern.go) or by
//     the last one's bytes (headerMemo.read), the Body start tag by its
//     bytes (bodyStart), and the body element's by the start tag the
//     reader remembered (NextRemembered), else by Next, remembering it
//     (RememberStart) for the next message.

import (
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// readBinaryStart reads the start of m from br, the binary reader r is or
// wraps, standing at the start of its document, as readEnvelopeTo's
// general path would with opts. hm, if not nil, is tried first and then
// remembers what this message's start was read by. It reports whether it
// read the start; when it did not, br may have moved (readEnvelopeTo
// rewinds it) and m is to be overwritten.
func readBinaryStart(m *Message, r infoset.Reader, br *binxml.Reader, opts ReadOptions, hm *headerMemo) bool {
	if hm != nil && hm.readEnvelope(br, r, m, opts) {
		return true
	}
	if opts.Version.Envelope == EnvelopeSoap11 || !br.NextRaw(envelopeStart) {
		return false
	}
	*m = Message{r: r}
	m.Version.Envelope = EnvelopeSoap12
	patterned := readHeaderPattern(br, m, hm)
	if !br.NextRaw(bodyStart) {
		return false // a Header the pattern does not read, or no Body
	}
	m.defaultAddressing(opts)
	if br.NextRemembered() {
		m.bodyName, m.state = br.Name(), bodyPending
	} else {
		k, err := nextElement(br)
		if err != nil || m.bodyStart(br, k) != nil {
			return false // the general path meets the same error
		}
		if k == infoset.StartElement {
			br.RememberStart()
		}
	}
	if hm != nil && patterned {
		hm.keepEnvelope(br, m, opts) // the Header is in hm: readHeaderPattern read or kept it
	}
	return true
}
