package nbfx

import "github.com/wwsgo/wws/soap/internal/binxml"

// ErrQuotaExceeded reports input that exceeds one of the reader quotas
// (WCF's XmlDictionaryReaderQuotas). The error text names the quota and its
// limit, e.g. "nbfx: quota exceeded: MaxDepth (32)".
var ErrQuotaExceeded = binxml.ErrQuotaExceeded

// Quotas bound what a Reader and a ReadSession accept, the way WCF's reader
// quotas (System.Xml.XmlDictionaryReaderQuotas) and binary encoder settings
// (BinaryMessageEncodingBindingElement.MaxSessionSize) do. A zero (or
// negative) field takes its default. MaxReceivedMessageSize is enforced by
// the framing and encoder layers, not here.
type Quotas struct {
	// MaxDepth bounds element nesting (default 32).
	MaxDepth int
	// MaxStringContentLength bounds the byte length of one character
	// record's payload (Chars, UnicodeChars), one comment, and the rendering
	// of one list (default 8192).
	MaxStringContentLength int
	// MaxArrayLength bounds the item count of one Array record and the
	// byte length of one Bytes record (default 16384), as WCF's quota
	// bounds byte[] contents.
	MaxArrayLength int
	// MaxNameTableCharCount bounds the total bytes of the distinct inline
	// names (prefixes, local names, namespace URIs) one document makes the
	// reader intern (default 16384).
	MaxNameTableCharCount int
	// MaxBytesPerRead bounds the bytes of one start tag: the element record
	// and its attribute records (default 4096).
	MaxBytesPerRead int
	// MaxSessionSize bounds the bytes of a session's string tables
	// ([MC-NBFSE], default 2048). NewReadSession takes it directly.
	MaxSessionSize int
}

// Default reader quotas of WCF (XmlDictionaryReaderQuotas and
// BinaryMessageEncodingBindingElement defaults).
const (
	DefaultMaxDepth               = binxml.DefaultMaxDepth
	DefaultMaxStringContentLength = binxml.DefaultMaxStringContentLength
	DefaultMaxArrayLength         = binxml.DefaultMaxArrayLength
	DefaultMaxNameTableCharCount  = binxml.DefaultMaxNameTableCharCount
	DefaultMaxBytesPerRead        = binxml.DefaultMaxBytesPerRead
	DefaultMaxSessionSize         = binxml.DefaultMaxSessionSize
)

// DefaultQuotas returns WCF's default quotas.
func DefaultQuotas() Quotas { return Quotas(binxml.DefaultQuotas()) }
