package soap

// The DataContract scalar types that have no exact Go counterpart:
// System.Guid, System.Decimal, System.Char and System.DateTimeOffset, as
// DataContractSerializer writes them (System.Runtime.Serialization's
// PrimitiveDataContract.cs and DateTimeOffsetAdapter.cs). TimeSpan is
// time.Duration, written as XmlConvert writes a TimeSpan (xs:duration:
// PT1H2M3.5S, -P1DT2H), and DateTime is time.Time.

import (
	"errors"
	"strings"
	"time"

	"github.com/wwsgo/wws/soap/infoset"
)

// NamespaceSerializationSystem is the data contract namespace of the
// System types DataContractSerializer writes as contracts (DateTimeOffset).
const NamespaceSerializationSystem = "http://schemas.datacontract.org/2004/07/System"

// NamespaceSerializationArrays is the namespace of the items of
// collections of primitive types (ArrayOfstring's string items) and of
// dictionaries (ArrayOfKeyValueOfstringint's KeyValueOfstringint items,
// with their Key and Value).
const NamespaceSerializationArrays = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"

// NamespaceSerialization is the namespace of the Serialization attributes
// z:Id and z:Ref (IsReference contracts) and of the schema types guid,
// char and duration.
const NamespaceSerialization = "http://schemas.microsoft.com/2003/10/Serialization/"

// ErrSyntax reports text that is not the lexical form of a GUID or decimal.
var ErrSyntax = errors.New("soap: invalid syntax")

// GUID is a System.Guid, its 16 bytes in the order of its text
// (RFC 9562's order: 00112233-4455-6677-8899-aabbccddeeff), as Go's UUID
// packages hold it. The codec writes it as a Guid text record in binary
// XML ([MC-NBFX] §2.2.3.24 GuidText) and as the lower-case dashed form in
// text XML, as WCF does; it reads a Guid or UniqueId record or characters.
type GUID [16]byte

// ParseGUID parses a GUID's dashed form, 32 hex digits in groups of 8, 4,
// 4, 4 and 12, optionally in braces or parentheses (Guid.Parse's D, B and P
// formats), or the 32 digits alone (N).
func ParseGUID(s string) (GUID, error) {
	t := s
	if len(t) == 38 && (t[0] == '{' && t[37] == '}' || t[0] == '(' && t[37] == ')') {
		t = t[1:37]
	}
	if len(t) == 32 {
		t = t[:8] + "-" + t[8:12] + "-" + t[12:16] + "-" + t[16:20] + "-" + t[20:]
	}
	wire, ok := infoset.ParseGUID(t)
	if !ok {
		return GUID{}, &syntaxError{"GUID", s}
	}
	return guidFromWire(wire), nil
}

// String returns the canonical text, lower-case and dashed, as
// Guid.ToString() gives it.
func (g GUID) String() string {
	return infoset.GUID(g.wire()).String()
}

// IsZero reports whether g is Guid.Empty.
func (g GUID) IsZero() bool { return g == GUID{} }

// wire returns g's bytes in Guid.ToByteArray order, the binary record's:
// the first three groups little-endian.
func (g GUID) wire() [16]byte {
	w := g
	w[0], w[1], w[2], w[3] = g[3], g[2], g[1], g[0]
	w[4], w[5] = g[5], g[4]
	w[6], w[7] = g[7], g[6]
	return w
}

// guidFromWire is the inverse of wire.
func guidFromWire(w [16]byte) GUID { return GUID(GUID(w).wire()) }

// Decimal is a System.Decimal held exactly as its canonical text: an
// optional minus sign, the integer digits without leading zeros, and the
// fraction digits with their trailing zeros, which a System.Decimal keeps
// as its scale (1.50 stays 1.50). The zero value is 0. Any precision is
// held; the codec writes a value that fits System.Decimal (96 bits, scale
// up to 28) as a Decimal text record in binary XML ([MC-NBFX] §2.2.3.26
// DecimalText) and anything else as characters.
type Decimal struct {
	s string // canonical text; "" is "0"
}

// ParseDecimal parses the xs:decimal lexical form, as XmlConvert.ToDecimal
// does: an optional sign, digits with at most one decimal point, no
// exponent.
func ParseDecimal(s string) (Decimal, error) {
	t := s
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg, t = t[0] == '-', t[1:]
	}
	intPart, frac, _ := strings.Cut(t, ".")
	if intPart == "" && frac == "" || !digitsOnly(intPart) || !digitsOnly(frac) {
		return Decimal{}, &syntaxError{"decimal", s}
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	zero := intPart == "0" && strings.Trim(frac, "0") == ""
	var b strings.Builder
	b.Grow(len(intPart) + len(frac) + 2)
	if neg && !zero {
		b.WriteByte('-')
	}
	b.WriteString(intPart)
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	if b.Len() == 1 && intPart == "0" {
		return Decimal{}, nil
	}
	return Decimal{s: b.String()}, nil
}

// MustParseDecimal is ParseDecimal for constants; it panics on an error.
func MustParseDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String returns the canonical text, as Decimal.ToString with the
// invariant culture gives it.
func (d Decimal) String() string {
	if d.s == "" {
		return "0"
	}
	return d.s
}

// IsZero reports whether d is zero (at any scale).
func (d Decimal) IsZero() bool {
	return strings.Trim(d.String(), "0.") == ""
}

// text returns d as a typed Text: a Decimal when it fits System.Decimal.
func (d Decimal) text() infoset.Text {
	t := infoset.String(d.String())
	if v, err := t.Decimal(); err == nil {
		return infoset.DecimalText(v)
	}
	return t
}

// decimalOf reads t as a Decimal.
func decimalOf(t infoset.Text) (Decimal, error) {
	switch t.Kind() {
	case infoset.TextDecimal, infoset.TextInt, infoset.TextUint64:
		return ParseDecimal(t.String())
	case infoset.TextChars:
		return ParseDecimal(strings.Trim(t.String(), " \t\r\n"))
	}
	return Decimal{}, &syntaxError{"decimal", t.String()}
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

type syntaxError struct{ what, text string }

func (e *syntaxError) Error() string {
	t := e.text
	if len(t) > 40 {
		t = t[:40] + "…"
	}
	return "soap: " + e.what + " " + quote(t) + ": invalid syntax"
}

func (e *syntaxError) Unwrap() error { return ErrSyntax }

func quote(s string) string { return "\"" + s + "\"" }

// Char is a System.Char: one UTF-16 code unit, which DataContractSerializer
// writes as its integer value (A is 65).
type Char uint16

// String returns the character; a lone surrogate gives U+FFFD.
func (c Char) String() string { return string(rune(c)) }

// DateTimeOffset is a System.DateTimeOffset as DataContractSerializer
// writes it: the instant in UTC and the offset in minutes, in the System
// data contract namespace.
type DateTimeOffset struct {
	XMLName       struct{}  `xml:"http://schemas.datacontract.org/2004/07/System DateTimeOffset"`
	DateTime      time.Time // the instant, written in UTC
	OffsetMinutes int16
}

// NewDateTimeOffset returns the DateTimeOffset of t: its instant and its
// zone's offset at that instant, truncated to whole minutes.
func NewDateTimeOffset(t time.Time) DateTimeOffset {
	_, off := t.Zone()
	return DateTimeOffset{DateTime: t.UTC(), OffsetMinutes: int16(off / 60)}
}

// Time returns the instant in a fixed zone of the offset.
func (d DateTimeOffset) Time() time.Time {
	return d.DateTime.In(time.FixedZone("", int(d.OffsetMinutes)*60))
}
