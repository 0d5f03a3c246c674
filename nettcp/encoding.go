package nettcp

// Content types of the Known Encoding record ([MC-NMF] 2.2.3.4.1).
const (
	ContentTypeSoap11UTF8         = "text/xml; charset=utf-8"
	ContentTypeSoap12UTF8         = "application/soap+xml; charset=utf-8"
	ContentTypeMTOM               = "multipart/related"
	ContentTypeBinary             = "application/soap+msbin1"
	ContentTypeBinarySession      = "application/soap+msbinsession1"
	maxKnownEncodingWeSend   byte = 0x08
)

// knownEncodings maps the Known Encoding byte to its content type. 0x00–0x08
// are [MC-NMF]'s; 0x09–0x0C are CoreWCF's compressed binary forms, which we
// accept but never send (.NET sends those as Extensible Encoding records).
var knownEncodings = [...]string{
	0x00: ContentTypeSoap11UTF8,
	0x01: "text/xml; charset=utf16",
	0x02: "text/xml; charset=unicodeFFFE",
	0x03: ContentTypeSoap12UTF8,
	0x04: "application/soap+xml; charset=utf16",
	0x05: "application/soap+xml; charset=unicodeFFFE",
	0x06: ContentTypeMTOM,
	0x07: ContentTypeBinary,
	0x08: ContentTypeBinarySession,
	0x09: "application/soap+msbin1+gzip",
	0x0A: "application/soap+msbinsession1+gzip",
	0x0B: "application/soap+msbin1+deflate",
	0x0C: "application/soap+msbinsession1+deflate",
}

// knownEncodingID returns the Known Encoding byte for ct, if there is one we
// send.
func knownEncodingID(ct string) (byte, bool) {
	for i := byte(0); i <= maxKnownEncodingWeSend; i++ {
		if knownEncodings[i] == ct {
			return i, true
		}
	}
	return 0, false
}

// knownEncodingName returns the content type of a Known Encoding byte.
func knownEncodingName(id byte) (string, bool) {
	if int(id) < len(knownEncodings) {
		return knownEncodings[id], true
	}
	return "", false
}
