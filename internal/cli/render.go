// Rendering of one direction's envelopes as readable XML, whatever the
// encoding: text (XML 1.0), application/soap+msbin1 ([MC-NBFX] + [MC-NBFS]) or
// application/soap+msbinsession1 (with the [MC-NBFSE] session table kept
// across envelopes).

package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wwsgo/wws/soap/nbfx"
	"github.com/wwsgo/wws/soap/xmltext"
)

// errEncoding reports a content type the renderer cannot show.
var errEncoding = errors.New("cli: cannot render this encoding")

// displayLimit bounds what rendering may allocate for one value: inputs are
// bounded by maxInput already, so the quotas only need to admit them.
const displayLimit = maxInput

// encodingKind is how envelopes of a content type are rendered.
type encodingKind int

const (
	kindText encodingKind = iota
	kindBinary
	kindBinarySession
)

// envelopeRenderer renders the envelopes of one direction of one session, in
// order. It is not safe for concurrent use.
type envelopeRenderer struct {
	kind    encodingKind
	session *nbfx.ReadSession
	quotas  nbfx.Quotas
}

// newEnvelopeRenderer returns a renderer for the content type ct.
func newEnvelopeRenderer(ct string) (*envelopeRenderer, error) {
	k, err := kindOf(ct)
	if err != nil {
		return nil, err
	}
	q := nbfx.Quotas{MaxDepth: 256, MaxStringContentLength: displayLimit, MaxArrayLength: displayLimit,
		MaxNameTableCharCount: displayLimit, MaxBytesPerRead: displayLimit, MaxSessionSize: displayLimit}
	return &envelopeRenderer{kind: k, session: nbfx.NewReadSession(displayLimit), quotas: q}, nil
}

// kindOf classifies a content type by its media type.
func kindOf(ct string) (encodingKind, error) {
	media, _, _ := strings.Cut(ct, ";")
	switch strings.ToLower(strings.TrimSpace(media)) {
	case "application/soap+msbinsession1":
		return kindBinarySession, nil
	case "application/soap+msbin1":
		return kindBinary, nil
	case "application/soap+xml", "text/xml":
		return kindText, nil
	}
	return 0, fmt.Errorf("%w: %q", errEncoding, ct)
}

// render returns payload as indented XML, and the strings it added to the
// session table (msbinsession1 only), with their ids.
func (r *envelopeRenderer) render(payload []byte) (xml []byte, added []string, err error) {
	switch r.kind {
	case kindText:
		xml, err = xmltext.AppendIndented(nil, payload)
	case kindBinary:
		xml, err = nbfx.DecodeXML(payload, nil, r.quotas, true)
	default:
		xml, added, err = r.renderSession(payload)
	}
	if len(xml) > 0 && xml[len(xml)-1] != '\n' {
		xml = append(xml, '\n')
	}
	return xml, added, err
}

// renderSession reads the session table at the start of payload, then the
// document after it.
func (r *envelopeRenderer) renderSession(payload []byte) (xml []byte, added []string, err error) {
	before := r.session.Len()
	n, err := r.session.ReadTable(payload)
	if err != nil {
		return nil, nil, err
	}
	for i := before; i < r.session.Len(); i++ {
		id := uint32(2*i + 1)
		s, _ := r.session.Lookup(id)
		added = append(added, fmt.Sprintf("%d=%q", id, s))
	}
	xml, err = nbfx.DecodeXML(payload[n:], r.session, r.quotas, true)
	return xml, added, err
}
