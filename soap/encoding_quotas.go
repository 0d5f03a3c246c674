package soap

import (
	"github.com/wwsgo/wws/soap/internal/binxml"
	"github.com/wwsgo/wws/soap/xmltext"
)

// ReaderQuotas are WCF's XmlDictionaryReaderQuotas (System.Xml; defaults in CoreWCF
// TransportDefaults.cs) applied
// by every encoding's reader; a zero field takes WCF's default. Violations
// are errors wrapping the encoding package's ErrQuotaExceeded, naming the
// quota.
type ReaderQuotas struct {
	MaxDepth               int // element nesting, default 32
	MaxStringContentLength int // bytes of one text value, default 8192
	MaxArrayLength         int // items of one array or bytes of one byte[] value, default 16384
	MaxBytesPerRead        int // bytes of one start tag with its attributes, default 4096
	MaxNameTableCharCount  int // distinct name bytes per message, default 16384
}

// EncodingOptions configure an Encoding.
type EncodingOptions struct {
	// MaxReceivedMessageSize bounds a received message; 0 means 65536.
	MaxReceivedMessageSize int64
	// Quotas bound what the reader accepts inside a message.
	Quotas ReaderQuotas
	// MaxSessionSize bounds each direction's session string table of the
	// binary session encoding; 0 means 2048 bytes.
	MaxSessionSize int
}

func (q ReaderQuotas) nbfx() binxml.Quotas {
	return binxml.Quotas{MaxDepth: q.MaxDepth, MaxStringContentLength: q.MaxStringContentLength,
		MaxArrayLength: q.MaxArrayLength, MaxBytesPerRead: q.MaxBytesPerRead,
		MaxNameTableCharCount: q.MaxNameTableCharCount}
}

func (q ReaderQuotas) xmltext() xmltext.Quotas {
	return xmltext.Quotas{MaxDepth: q.MaxDepth, MaxStringContentLength: q.MaxStringContentLength,
		MaxArrayLength: q.MaxArrayLength, MaxBytesPerRead: q.MaxBytesPerRead,
		MaxNameTableCharCount: q.MaxNameTableCharCount}
}

func (o EncodingOptions) sessionSize() int {
	if o.MaxSessionSize <= 0 {
		return binxml.DefaultMaxSessionSize
	}
	return o.MaxSessionSize
}

func (e *TextEncoding) maxSize() int64 {
	return ReadOptions{MaxReceivedMessageSize: e.Options.MaxReceivedMessageSize}.MaxSize()
}

func (e *BinaryEncoding) maxSize() int64 {
	return ReadOptions{MaxReceivedMessageSize: e.Options.MaxReceivedMessageSize}.MaxSize()
}
