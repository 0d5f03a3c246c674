package infoset

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// TextKind says how a Text value is held. The binary encoding carries each
// kind natively; the text encoding carries them all as characters.
type TextKind uint8

// Text kinds. The zero kind is characters.
const (
	TextChars    TextKind = iota // UTF-8 characters
	TextBool                     // xs:boolean
	TextInt                      // signed integer (Zero, One, Int8..Int64 records)
	TextUint64                   // unsigned integer above MaxInt64
	TextFloat                    // float32 (xs:float)
	TextDouble                   // float64 (xs:double)
	TextDecimal                  // System.Decimal
	TextDateTime                 // System.DateTime (ticks and kind)
	TextUniqueID                 // System.Xml.UniqueId holding a GUID: urn:uuid:…
	TextGUID                     // System.Guid
	TextTimeSpan                 // System.TimeSpan (ticks), rendered as xs:duration
	TextBytes                    // raw bytes, rendered as base64
	TextQName                    // prefix:local
)

var textKindNames = [...]string{"chars", "bool", "int", "uint64", "float", "double", "decimal",
	"datetime", "uniqueid", "guid", "timespan", "bytes", "qname"}

func (k TextKind) String() string {
	if int(k) < len(textKindNames) {
		return textKindNames[k]
	}
	return "TextKind(" + strconv.Itoa(int(k)) + ")"
}

// Text is one typed text value: the content of a text node or the value of
// an attribute. It is a small value type; constructing one never allocates.
//
// A Text returned by a Reader may refer to the reader's buffer and is valid
// only until the reader's next call; use String, AppendTo or Clone to keep it.
type Text struct {
	kind TextKind
	dict bool   // chars that a binary writer may send as a dictionary string
	s    string // chars (when b is nil); QName local
	p    string // QName prefix
	b    []byte // chars or bytes held by reference
	n    uint64 // numeric payload; first half of a GUID
	m    uint64 // decimal hi/scale/sign; second half of a GUID
}

// ErrTextType reports a text value that cannot be read as the asked type.
var ErrTextType = errors.New("infoset: text value has the wrong type")

// String returns a Text holding characters s.
func String(s string) Text { return Text{s: s} }

// DictString returns characters s marked as a dictionary string: the binary
// writer sends it by static or session dictionary id when it can, as WCF
// does for addressing values (Action, To, the anonymous address).
func DictString(s string) Text { return Text{s: s, dict: true} }

// CharsBytes returns a Text holding the UTF-8 characters b by reference.
func CharsBytes(b []byte) Text { return Text{b: b, s: ""} }

// Int returns an integer Text.
func Int(v int64) Text { return Text{kind: TextInt, n: uint64(v)} }

// Uint64 returns an unsigned integer Text.
func Uint64(v uint64) Text {
	if v <= math.MaxInt64 {
		return Int(int64(v))
	}
	return Text{kind: TextUint64, n: v}
}

// Bool returns a boolean Text.
func Bool(v bool) Text {
	t := Text{kind: TextBool}
	if v {
		t.n = 1
	}
	return t
}

// Float32 returns an xs:float Text.
func Float32(v float32) Text { return Text{kind: TextFloat, n: uint64(math.Float32bits(v))} }

// Float64 returns an xs:double Text.
func Float64(v float64) Text { return Text{kind: TextDouble, n: math.Float64bits(v)} }

// Decimal is System.Decimal: (Hi<<64 | Lo) / 10^Scale, negated when Neg.
type Decimal struct {
	Lo    uint64
	Hi    uint32
	Scale uint8 // 0..28
	Neg   bool
}

// DecimalText returns a decimal Text.
func DecimalText(d Decimal) Text {
	m := uint64(d.Hi) | uint64(d.Scale)<<32
	if d.Neg {
		m |= 1 << 40
	}
	return Text{kind: TextDecimal, n: d.Lo, m: m}
}

// DateTimeKind is the Kind of a System.DateTime.
type DateTimeKind uint8

// DateTime kinds, as stored in bits 62–63 of the binary form.
const (
	Unspecified DateTimeKind = 0
	UTC         DateTimeKind = 1
	Local       DateTimeKind = 2
)

// Ticks between 0001-01-01 and the Unix epoch, in 100 ns units.
const unixEpochTicks = 621355968000000000

// MaxTicks is the largest valid DateTime tick count (9999-12-31T23:59:59.9999999).
const MaxTicks = 3155378975999999999

// DateTimeRaw returns a DateTime Text from its 64-bit wire form (ticks in
// bits 0–61, kind in bits 62–63).
func DateTimeRaw(v uint64) Text { return Text{kind: TextDateTime, n: v} }

// DateTime returns a UTC DateTime Text for t, truncated to 100 ns.
func DateTime(t time.Time) Text {
	t = t.UTC()
	ticks := uint64(t.Unix()*10000000+unixEpochTicks) + uint64(t.Nanosecond()/100)
	return DateTimeRaw(ticks | uint64(UTC)<<62)
}

// TimeSpan returns a System.TimeSpan Text of ticks (100 ns units).
func TimeSpan(ticks int64) Text { return Text{kind: TextTimeSpan, n: uint64(ticks)} }

// Duration returns a TimeSpan Text for d, truncated to 100 ns.
func Duration(d time.Duration) Text { return TimeSpan(int64(d / 100)) }

// GUID returns a System.Guid Text from its 16 wire bytes (Guid.ToByteArray order).
func GUID(g [16]byte) Text {
	return Text{kind: TextGUID, n: binary.LittleEndian.Uint64(g[:8]), m: binary.LittleEndian.Uint64(g[8:])}
}

// UniqueID returns a UniqueId Text (urn:uuid:…) from 16 GUID wire bytes.
func UniqueID(g [16]byte) Text {
	t := GUID(g)
	t.kind = TextUniqueID
	return t
}

// Bytes returns a Text holding raw bytes b by reference (base64 in text XML).
func Bytes(b []byte) Text { return Text{kind: TextBytes, b: b} }

// QName returns a prefix:local Text.
func QName(prefix, local string) Text { return Text{kind: TextQName, p: prefix, s: local} }

// Kind reports how t is held.
func (t Text) Kind() TextKind { return t.kind }

// IsDict reports whether t was marked as a dictionary string.
func (t Text) IsDict() bool { return t.dict }

// StringBacked reports whether t is characters held as a Go string (a
// dictionary string, or a String value): such a Text stays valid after the
// reader that produced it moves on, and String returns it without copying.
func (t Text) StringBacked() bool { return t.kind == TextChars && t.b == nil }

// IsEmpty reports whether t is characters of length zero.
func (t Text) IsEmpty() bool { return t.kind == TextChars && len(t.b) == 0 && t.s == "" }

// Chars returns the characters of a TextChars value without copying when it
// holds a string; byte-held characters are converted (one allocation).
func (t Text) chars() string {
	if t.b != nil {
		return string(t.b)
	}
	return t.s
}

// RawBytes returns the bytes of a TextBytes value, or the UTF-8 of a
// TextChars value, by reference (valid as long as t is); nil otherwise.
func (t Text) RawBytes() []byte {
	switch t.kind {
	case TextBytes:
		return t.b
	case TextChars:
		if t.b != nil {
			return t.b
		}
		return []byte(t.s)
	}
	return nil
}

// String renders t as XML character data (without escaping).
func (t Text) String() string {
	if t.kind == TextChars {
		return t.chars()
	}
	if t.kind == TextQName && t.p == "" {
		return t.s
	}
	var buf [64]byte
	return string(t.AppendTo(buf[:0]))
}

// Clone returns a copy of t that no longer refers to any reader buffer.
func (t Text) Clone() Text {
	if t.b != nil {
		t.b = append([]byte(nil), t.b...)
	}
	return t
}

// AppendTo appends the XML character rendering of t to dst, the way
// System.Xml.XmlConvert renders the value.
func (t Text) AppendTo(dst []byte) []byte {
	switch t.kind {
	case TextChars:
		if t.b != nil {
			return append(dst, t.b...)
		}
		return append(dst, t.s...)
	case TextBool:
		if t.n != 0 {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case TextInt:
		return strconv.AppendInt(dst, int64(t.n), 10)
	case TextUint64:
		return strconv.AppendUint(dst, t.n, 10)
	case TextFloat:
		return appendFloat(dst, float64(math.Float32frombits(uint32(t.n))), 32)
	case TextDouble:
		return appendFloat(dst, math.Float64frombits(t.n), 64)
	case TextDecimal:
		d, _ := t.Decimal()
		return appendDecimal(dst, d)
	case TextDateTime:
		return appendDateTime(dst, t.n)
	case TextUniqueID:
		return appendGUID(append(dst, "urn:uuid:"...), t.guidBytes())
	case TextGUID:
		return appendGUID(dst, t.guidBytes())
	case TextTimeSpan:
		return appendDuration(dst, int64(t.n))
	case TextBytes:
		n := base64.StdEncoding.EncodedLen(len(t.b))
		dst = grow(dst, n)
		base64.StdEncoding.Encode(dst[len(dst):len(dst)+n], t.b)
		return dst[:len(dst)+n]
	case TextQName:
		if t.p != "" {
			dst = append(append(dst, t.p...), ':')
		}
		return append(dst, t.s...)
	}
	return dst
}

func grow(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	nb := make([]byte, len(b), len(b)+n+len(b)/2)
	copy(nb, b)
	return nb
}

func (t Text) guidBytes() [16]byte {
	var g [16]byte
	binary.LittleEndian.PutUint64(g[:8], t.n)
	binary.LittleEndian.PutUint64(g[8:], t.m)
	return g
}

func appendGUID(dst []byte, g [16]byte) []byte {
	const hexd = "0123456789abcdef"
	order := [16]int{3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11}
	for _, i := range order {
		if i < 0 {
			dst = append(dst, '-')
			continue
		}
		dst = append(dst, hexd[g[i]>>4], hexd[g[i]&15])
	}
	for i := 12; i < 16; i++ {
		dst = append(dst, hexd[g[i]>>4], hexd[g[i]&15])
	}
	return dst
}

// appendFloat renders like .NET's shortest round-trip format: plain digits
// unless the decimal exponent is below -4 or at least 15 (7 for float32),
// then d.dddE+XX; INF, -INF and NaN as in XML Schema.
func appendFloat(dst []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "INF"...)
	case math.IsInf(f, -1):
		return append(dst, "-INF"...)
	case f == 0:
		if math.Signbit(f) {
			return append(dst, "-0"...)
		}
		return append(dst, '0')
	}
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, bits)
	i := len(e) - 1
	for e[i] != 'e' {
		i--
	}
	exp, _ := strconv.Atoi(string(e[i+1:]))
	limit := 15
	if bits == 32 {
		limit = 7
	}
	if exp < -4 || exp >= limit {
		dst = append(dst, e[:i]...)
		dst = append(dst, 'E')
		if exp < 0 {
			dst = append(dst, '-')
			exp = -exp
		} else {
			dst = append(dst, '+')
		}
		if exp < 10 {
			dst = append(dst, '0')
		}
		return strconv.AppendInt(dst, int64(exp), 10)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, bits)
}

func appendDecimal(dst []byte, d Decimal) []byte {
	var digits [40]byte
	n := len(digits)
	hi, lo := uint64(d.Hi), d.Lo
	for hi != 0 || lo != 0 {
		// divide the 96-bit value by 10
		qh := hi / 10
		r := hi % 10
		// (r<<64 + lo) / 10
		q1 := (r<<32 | lo>>32) / 10
		r1 := (r<<32 | lo>>32) % 10
		q0 := (r1<<32 | lo&0xffffffff) / 10
		r0 := (r1<<32 | lo&0xffffffff) % 10
		hi, lo = qh, q1<<32|q0
		n--
		digits[n] = byte('0' + r0)
	}
	ds := digits[n:]
	scale := int(d.Scale)
	for len(ds) <= scale {
		ds = append([]byte{'0'}, ds...)
	}
	if d.Neg && (d.Hi != 0 || d.Lo != 0) {
		dst = append(dst, '-')
	}
	dst = append(dst, ds[:len(ds)-scale]...)
	if scale > 0 {
		dst = append(dst, '.')
		dst = append(dst, ds[len(ds)-scale:]...)
	}
	return dst
}

func appendDateTime(dst []byte, raw uint64) []byte {
	ticks := int64(raw & (1<<62 - 1))
	kind := DateTimeKind(raw >> 62)
	t := ticksToTime(ticks)
	dst = t.AppendFormat(dst, "2006-01-02T15:04:05")
	if frac := ticks % 10000000; frac != 0 {
		s := strconv.AppendInt(nil, frac+10000000, 10)[1:]
		for s[len(s)-1] == '0' {
			s = s[:len(s)-1]
		}
		dst = append(append(dst, '.'), s...)
	}
	switch kind {
	case UTC, Local:
		dst = append(dst, 'Z')
	}
	return dst
}

func ticksToTime(ticks int64) time.Time {
	sec := (ticks - unixEpochTicks) / 10000000
	rem := (ticks - unixEpochTicks) % 10000000
	if rem < 0 {
		rem += 10000000
		sec--
	}
	return time.Unix(sec, rem*100).UTC()
}

// appendDuration renders ticks as XmlConvert.ToString(TimeSpan) does: an
// xs:duration such as PT1H2M3.5S, P1DT2H, -PT0.5S or PT0S.
func appendDuration(dst []byte, ticks int64) []byte {
	u := uint64(ticks)
	if ticks < 0 {
		dst = append(dst, '-')
		u = uint64(-ticks)
	}
	days := u / (864000000000)
	u %= 864000000000
	h := u / 36000000000
	u %= 36000000000
	m := u / 600000000
	u %= 600000000
	s := u / 10000000
	frac := u % 10000000
	dst = append(dst, 'P')
	if days > 0 {
		dst = append(strconv.AppendUint(dst, days, 10), 'D')
	}
	if h == 0 && m == 0 && s == 0 && frac == 0 {
		if days == 0 {
			dst = append(dst, "T0S"...)
		}
		return dst
	}
	dst = append(dst, 'T')
	if h > 0 {
		dst = append(strconv.AppendUint(dst, h, 10), 'H')
	}
	if m > 0 {
		dst = append(strconv.AppendUint(dst, m, 10), 'M')
	}
	if s > 0 || frac > 0 {
		dst = strconv.AppendUint(dst, s, 10)
		if frac > 0 {
			f := strconv.AppendUint(nil, frac+10000000, 10)[1:]
			for f[len(f)-1] == '0' {
				f = f[:len(f)-1]
			}
			dst = append(append(dst, '.'), f...)
		}
		dst = append(dst, 'S')
	}
	return dst
}

func (t Text) typeErr(want string) error {
	return fmt.Errorf("%w: %s value %q is not %s", ErrTextType, t.kind, truncate(t.String(), 40), want)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// trimmed returns the characters of a TextChars value with XML whitespace
// trimmed, as a string that may alias t's bytes only for the duration of a
// parse (it is not retained).
func (t Text) trimmed() string {
	if t.b != nil {
		return strings.Trim(unsafeString(t.b), " \t\r\n")
	}
	return strings.Trim(t.s, " \t\r\n")
}

// Int64 reads t as a signed integer (xs:long and narrower types).
func (t Text) Int64() (int64, error) {
	if t.kind == TextInt { // small enough to inline: the common case
		return int64(t.n), nil
	}
	return t.int64Slow()
}

func (t Text) int64Slow() (int64, error) {
	switch t.kind {
	case TextBool:
		return int64(t.n), nil
	case TextFloat, TextDouble:
		f, _ := t.Float64()
		if f == math.Trunc(f) && f >= math.MinInt64 && f < math.MaxInt64 {
			return int64(f), nil
		}
	case TextChars:
		v, err := strconv.ParseInt(t.trimmed(), 10, 64)
		if err == nil {
			return v, nil
		}
	}
	return 0, t.typeErr("an integer")
}

// Uint64 reads t as an unsigned integer.
func (t Text) Uint64() (uint64, error) {
	switch t.kind {
	case TextUint64:
		return t.n, nil
	case TextInt:
		if int64(t.n) >= 0 {
			return t.n, nil
		}
	case TextChars:
		v, err := strconv.ParseUint(t.trimmed(), 10, 64)
		if err == nil {
			return v, nil
		}
	}
	return 0, t.typeErr("an unsigned integer")
}

// Bool reads t as xs:boolean (true, false, 1, 0).
func (t Text) Bool() (bool, error) {
	switch t.kind {
	case TextBool:
		return t.n != 0, nil
	case TextInt:
		if t.n <= 1 {
			return t.n == 1, nil
		}
	case TextChars:
		switch t.trimmed() {
		case "true", "1":
			return true, nil
		case "false", "0":
			return false, nil
		}
	}
	return false, t.typeErr("a boolean")
}

// Float64 reads t as xs:double (INF, -INF and NaN included).
func (t Text) Float64() (float64, error) {
	switch t.kind {
	case TextFloat:
		return float64(math.Float32frombits(uint32(t.n))), nil
	case TextDouble:
		return math.Float64frombits(t.n), nil
	case TextInt:
		return float64(int64(t.n)), nil
	case TextUint64:
		return float64(t.n), nil
	case TextDecimal:
		v, err := strconv.ParseFloat(t.String(), 64)
		if err == nil {
			return v, nil
		}
	case TextChars:
		switch s := t.trimmed(); s {
		case "INF":
			return math.Inf(1), nil
		case "-INF":
			return math.Inf(-1), nil
		case "NaN":
			return math.NaN(), nil
		default:
			if !strings.ContainsAny(s, "iInN_xX") { // Go accepts Inf, NaN, hex and underscores; XML does not
				if v, err := strconv.ParseFloat(s, 64); err == nil {
					return v, nil
				}
			}
		}
	}
	return 0, t.typeErr("a double")
}

// Decimal reads t as System.Decimal.
func (t Text) Decimal() (Decimal, error) {
	switch t.kind {
	case TextDecimal:
		return Decimal{Lo: t.n, Hi: uint32(t.m), Scale: uint8(t.m >> 32), Neg: t.m&(1<<40) != 0}, nil
	case TextInt:
		v := int64(t.n)
		if v < 0 {
			return Decimal{Lo: uint64(-v), Neg: true}, nil
		}
		return Decimal{Lo: uint64(v)}, nil
	case TextChars:
		if d, ok := parseDecimal(t.trimmed()); ok {
			return d, nil
		}
	}
	return Decimal{}, t.typeErr("a decimal")
}

func parseDecimal(s string) (Decimal, bool) {
	var d Decimal
	if s == "" {
		return d, false
	}
	switch s[0] {
	case '-':
		d.Neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	seenDot, digits := false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' && !seenDot {
			seenDot = true
			continue
		}
		if c < '0' || c > '9' {
			return d, false
		}
		digits++
		if seenDot {
			if d.Scale == 28 {
				return d, false
			}
			d.Scale++
		}
		// multiply 96-bit (Hi,Lo) by 10 and add c
		lo := d.Lo
		hiProd := uint64(d.Hi) * 10
		l1 := (lo & 0xffffffff) * 10
		l2 := (lo>>32)*10 + l1>>32
		hiProd += l2 >> 32
		newLo := l2<<32 | l1&0xffffffff
		add := uint64(c - '0')
		newLo2 := newLo + add
		if newLo2 < newLo {
			hiProd++
		}
		if hiProd > math.MaxUint32 {
			return d, false
		}
		d.Hi, d.Lo = uint32(hiProd), newLo2
	}
	return d, digits > 0
}

// DateTimeRaw reads t as a System.DateTime in its 64-bit wire form.
func (t Text) DateTimeRaw() (uint64, error) {
	switch t.kind {
	case TextDateTime:
		return t.n, nil
	case TextChars:
		if v, ok := parseDateTime(t.trimmed()); ok {
			return v, nil
		}
	}
	return 0, t.typeErr("a dateTime")
}

// Time reads t as a time. Unspecified and local DateTimes are returned as UTC.
func (t Text) Time() (time.Time, error) {
	raw, err := t.DateTimeRaw()
	if err != nil {
		return time.Time{}, err
	}
	return ticksToTime(int64(raw & (1<<62 - 1))), nil
}

func parseDateTime(s string) (uint64, bool) {
	layouts := [...]string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"}
	for i, l := range layouts {
		tm, err := time.Parse(l, s)
		if err != nil {
			continue
		}
		kind := UTC
		if i > 0 {
			kind = Unspecified
		}
		ticks := uint64(tm.UTC().Unix()*10000000+unixEpochTicks) + uint64(tm.Nanosecond()/100)
		return ticks | uint64(kind)<<62, true
	}
	return 0, false
}

// TimeSpanTicks reads t as a System.TimeSpan in ticks.
func (t Text) TimeSpanTicks() (int64, error) {
	switch t.kind {
	case TextTimeSpan:
		return int64(t.n), nil
	case TextChars:
		if v, ok := parseDuration(t.trimmed()); ok {
			return v, nil
		}
	}
	return 0, t.typeErr("a duration")
}

// parseDuration parses an xs:duration as XmlConvert.ToTimeSpan does
// (XsdDuration): -?P nY nM nD T nH nM n.fS, each part optional but one, a
// year being 365 days and a month 30; fraction digits past the ninth are
// dropped and the result is truncated to ticks. Exact, with overflow
// checks.
func parseDuration(s string) (int64, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if len(s) < 2 || s[0] != 'P' {
		return 0, false
	}
	s = s[1:]
	const (
		tickNS = 100
		second = 1e9 // in ns
		day    = 86400 * second
	)
	// Parts in order, with their size in ns; date parts before T.
	units := [...]struct {
		c      byte
		ns     uint64
		inTime bool
	}{{'Y', 365 * day, false}, {'M', 30 * day, false}, {'D', day, false},
		{'H', 3600 * second, true}, {'M', 60 * second, true}, {'S', second, true}}
	var total uint64 // ns
	add := func(v, mul uint64) bool {
		if v != 0 && mul > math.MaxUint64/v {
			return false
		}
		p := v * mul
		if total+p < total {
			return false
		}
		total += p
		return true
	}
	next, inTime, parts := 0, false, 0
	for len(s) > 0 {
		if s[0] == 'T' {
			if inTime || len(s) == 1 {
				return 0, false
			}
			inTime, s = true, s[1:]
			for next < len(units) && !units[next].inTime {
				next++
			}
			continue
		}
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i == len(s) {
			return 0, false
		}
		v, err := strconv.ParseUint(s[:i], 10, 64)
		if err != nil {
			return 0, false
		}
		var fracNS uint64
		if s[i] == '.' {
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == i+1 || j == len(s) || s[j] != 'S' || !inTime {
				return 0, false
			}
			f := s[i+1 : j]
			if len(f) > 9 {
				f = f[:9]
			}
			fracNS, _ = strconv.ParseUint(f+strings.Repeat("0", 9-len(f)), 10, 64)
			i = j
		}
		c := s[i]
		for next < len(units) && (units[next].c != c || units[next].inTime != inTime) {
			next++
		}
		if next == len(units) {
			return 0, false
		}
		if !add(v, units[next].ns) || !add(fracNS, 1) {
			return 0, false
		}
		next++
		parts++
		s = s[i+1:]
	}
	if parts == 0 {
		return 0, false
	}
	ticks := total / tickNS
	if ticks > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(ticks), true
	}
	return int64(ticks), true
}

// GUIDBytes reads t as a GUID (Guid or UniqueId, or characters in the form
// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, with or without urn:uuid:) and
// returns its 16 wire bytes.
func (t Text) GUIDBytes() ([16]byte, error) {
	switch t.kind {
	case TextGUID, TextUniqueID:
		return t.guidBytes(), nil
	case TextChars:
		if g, ok := ParseGUID(strings.TrimPrefix(t.trimmed(), "urn:uuid:")); ok {
			return g, nil
		}
	}
	return [16]byte{}, t.typeErr("a GUID")
}

// ParseGUID parses the 36-character dashed form into the 16 wire bytes.
func ParseGUID(s string) ([16]byte, bool) {
	var g [16]byte
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return g, false
	}
	order := [16]int{3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15}
	j := 0
	for i := 0; i < 36; i += 2 {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			i++ // the dashes, checked above; any other '-' is not a hex digit
		}
		hi, ok1 := unhex(s[i])
		lo, ok2 := unhex(s[i+1])
		if !ok1 || !ok2 {
			return g, false
		}
		g[order[j]] = hi<<4 | lo
		j++
	}
	return g, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// AppendBytes appends the bytes of t (raw bytes, or base64-decoded
// characters) to dst.
func (t Text) AppendBytes(dst []byte) ([]byte, error) {
	switch t.kind {
	case TextBytes:
		return append(dst, t.b...), nil
	case TextChars:
		src := t.RawBytes()
		n := base64.StdEncoding.DecodedLen(len(src))
		dst = grow(dst, n)
		k, err := base64.StdEncoding.Decode(dst[len(dst):len(dst)+n], trimSpaceBytes(src))
		if err == nil {
			return dst[:len(dst)+k], nil
		}
	}
	return dst, t.typeErr("base64 bytes")
}

func trimSpaceBytes(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r' || b[len(b)-1] == '\n') {
		b = b[:len(b)-1]
	}
	return b
}

// QNameParts returns the prefix and local part of a QName value, or splits
// characters at the first colon.
func (t Text) QNameParts() (prefix, local string) {
	if t.kind == TextQName {
		return t.p, t.s
	}
	s := t.String()
	if i := strings.IndexByte(s, ':'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return "", s
}
