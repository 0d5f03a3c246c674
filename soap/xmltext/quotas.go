package xmltext

// Reader quotas: WCF XmlDictionaryReaderQuotas defaults (System.Xml
// XmlDictionaryReaderQuotas; CoreWCF TransportDefaults.cs).

import (
	"strconv"
	"unicode/utf8"
)

// Quotas are the limits of WCF's XmlDictionaryReaderQuotas,
// enforced by the Reader. A zero field means the WCF default.
type Quotas struct {
	MaxDepth               int // element nesting depth; default 32
	MaxStringContentLength int // characters of one text node or attribute value; default 8192
	MaxArrayLength         int // unused by the text encoding; default 16384
	MaxBytesPerRead        int // bytes of one start tag, attributes included; default 4096
	MaxNameTableCharCount  int // characters of distinct names and namespaces per document; default 16384
}

// DefaultQuotas returns WCF's default reader quotas.
func DefaultQuotas() Quotas {
	return Quotas{MaxDepth: 32, MaxStringContentLength: 8192, MaxArrayLength: 16384,
		MaxBytesPerRead: 4096, MaxNameTableCharCount: 16384}
}

// withDefaults replaces zero (or negative) fields by their defaults.
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
		MaxBytesPerRead:        pick(q.MaxBytesPerRead, d.MaxBytesPerRead),
		MaxNameTableCharCount:  pick(q.MaxNameTableCharCount, d.MaxNameTableCharCount),
	}
}

// quotaErr builds the error for quota name with limit at offset off.
func (r *Reader) quotaErr(off int, name string, limit int) error {
	line, col := position(r.buf, off)
	return &Error{Line: line, Col: col, Err: ErrQuotaExceeded, Msg: name + " (" + strconv.Itoa(limit) + ")"}
}

// checkString enforces MaxStringContentLength on a value starting at off.
func (r *Reader) checkString(off int, v []byte) error {
	max := r.q.MaxStringContentLength
	if len(v) > max && utf8.RuneCount(v) > max {
		return r.quotaErr(off, "MaxStringContentLength", max)
	}
	return nil
}
