package binxml

import (
	"errors"
	"fmt"
)

// ErrQuotaExceeded reports input that exceeds one of the reader quotas
// (WCF's XmlDictionaryReaderQuotas). The error text names the
// quota and its limit, e.g. "nbfx: quota exceeded: MaxDepth (32)".
var ErrQuotaExceeded = errors.New("nbfx: quota exceeded")

// Quotas bound what a Reader and a ReadSession accept, the way WCF's reader
// quotas and binary encoder settings do (System.Xml XmlDictionaryReaderQuotas;
// BinaryMessageEncodingBindingElement.MaxSessionSize). A zero (or
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
// BinaryMessageEncodingBindingElement defaults; CoreWCF TransportDefaults.cs).
const (
	DefaultMaxDepth               = 32
	DefaultMaxStringContentLength = 8192
	DefaultMaxArrayLength         = 16384
	DefaultMaxNameTableCharCount  = 16384
	DefaultMaxBytesPerRead        = 4096
	DefaultMaxSessionSize         = 2048
)

// DefaultQuotas returns WCF's default quotas.
func DefaultQuotas() Quotas {
	return Quotas{
		MaxDepth:               DefaultMaxDepth,
		MaxStringContentLength: DefaultMaxStringContentLength,
		MaxArrayLength:         DefaultMaxArrayLength,
		MaxNameTableCharCount:  DefaultMaxNameTableCharCount,
		MaxBytesPerRead:        DefaultMaxBytesPerRead,
		MaxSessionSize:         DefaultMaxSessionSize,
	}
}

// withDefaults replaces zero and negative fields by their defaults.
func (q Quotas) withDefaults() Quotas {
	d := DefaultQuotas()
	pick := func(v, def int) int {
		if v <= 0 {
			return def
		}
		return v
	}
	return Quotas{
		MaxDepth:               pick(q.MaxDepth, d.MaxDepth),
		MaxStringContentLength: pick(q.MaxStringContentLength, d.MaxStringContentLength),
		MaxArrayLength:         pick(q.MaxArrayLength, d.MaxArrayLength),
		MaxNameTableCharCount:  pick(q.MaxNameTableCharCount, d.MaxNameTableCharCount),
		MaxBytesPerRead:        pick(q.MaxBytesPerRead, d.MaxBytesPerRead),
		MaxSessionSize:         pick(q.MaxSessionSize, d.MaxSessionSize),
	}
}

// quotaMsg is the text that follows "nbfx: " in a quota error.
func quotaMsg(name string, limit int) string {
	return fmt.Sprintf("quota exceeded: %s (%d)", name, limit)
}
