package nbfx

import (
	"io"

	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// DecodeXML renders the binary XML document doc (its string table, if any,
// already read into s) as XML text, with q's quotas.
func DecodeXML(doc []byte, s *ReadSession, q Quotas, indent bool) ([]byte, error) {
	return binxml.DecodeXML(doc, s.inner(), binxml.Quotas(q), indent)
}

// WriteXML reads r to its end and writes its XML text to w (see AppendXML).
func WriteXML(w io.Writer, r infoset.Reader, indent bool) error {
	return binxml.WriteXML(w, r, indent)
}

// AppendXML reads r to its end and appends the XML text of what it reads
// to dst. Adjacent Bytes texts are joined before base64 rendering, as WCF
// joins consecutive Bytes records. With indent, elements start on new
// lines indented by two spaces per level; text stays inline.
func AppendXML(dst []byte, r infoset.Reader, indent bool) ([]byte, error) {
	return binxml.AppendXML(dst, r, indent)
}
