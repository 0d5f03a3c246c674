package infoset

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestTextRender(t *testing.T) {
	guid := [16]byte{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF}
	tests := []struct {
		name string
		in   Text
		want string
	}{
		{"chars", String("a<b"), "a<b"},
		{"charsBytes", CharsBytes([]byte("xyz")), "xyz"},
		{"true", Bool(true), "true"},
		{"false", Bool(false), "false"},
		{"int", Int(-300), "-300"},
		{"uint64", Uint64(math.MaxUint64), "18446744073709551615"},
		{"double", Float64(1.5), "1.5"},
		{"doubleLarge", Float64(1e15), "1E+15"},
		{"doubleBelowLimit", Float64(123456789012345), "123456789012345"},
		{"doubleSmall", Float64(1e-6), "1E-06"},
		{"double1e-5", Float64(0.00001), "1E-05"},
		{"double0.0001", Float64(0.0001), "0.0001"},
		{"doubleInf", Float64(math.Inf(1)), "INF"},
		{"doubleNegInf", Float64(math.Inf(-1)), "-INF"},
		{"doubleNaN", Float64(math.NaN()), "NaN"},
		{"doubleNegZero", Float64(math.Copysign(0, -1)), "-0"},
		{"float", Float32(0.1), "0.1"},
		{"floatLarge", Float32(1e7), "1E+07"},
		{"decimal", DecimalText(Decimal{Lo: 5123456, Scale: 6}), "5.123456"},
		{"decimalNeg", DecimalText(Decimal{Lo: 5, Scale: 2, Neg: true}), "-0.05"},
		{"decimalHi", DecimalText(Decimal{Lo: 0, Hi: 1}), "18446744073709551616"},
		{"decimalTrailingZero", DecimalText(Decimal{Lo: 5100, Scale: 3}), "5.100"},
		{"dateUTC", DateTime(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)), "2020-01-02T03:04:05Z"},
		{"dateFrac", DateTime(time.Date(2020, 1, 2, 3, 4, 5, 123400000, time.UTC)), "2020-01-02T03:04:05.1234Z"},
		{"dateUnspecified", DateTimeRaw(0), "0001-01-01T00:00:00"},
		{"guid", GUID(guid), "33221100-5544-7766-8899-aabbccddeeff"},
		{"uniqueid", UniqueID(guid), "urn:uuid:33221100-5544-7766-8899-aabbccddeeff"},
		{"timespanZero", TimeSpan(0), "PT0S"},
		{"timespan", Duration(time.Hour + 2*time.Minute + 3500*time.Millisecond), "PT1H2M3.5S"},
		{"timespanDays", Duration(26 * time.Hour), "P1DT2H"},
		{"timespanNeg", Duration(-500 * time.Millisecond), "-PT0.5S"},
		{"bytes", Bytes([]byte{0, 1, 2, 3}), "AAECAw=="},
		{"qname", QName("s", "Sender"), "s:Sender"},
		{"qnameNoPrefix", QName("", "Sender"), "Sender"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("%s: String() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestTextParse(t *testing.T) {
	if v, err := String(" 42 ").Int64(); err != nil || v != 42 {
		t.Errorf("Int64 of chars = %d, %v; want 42", v, err)
	}
	if _, err := String("4x").Int64(); !errors.Is(err, ErrTextType) {
		t.Errorf("Int64 of 4x: err = %v, want ErrTextType", err)
	}
	if v, err := Float64(3).Int64(); err != nil || v != 3 {
		t.Errorf("Int64 of Float64(3) = %d, %v", v, err)
	}
	if _, err := Float64(3.5).Int64(); err == nil {
		t.Error("Int64 of 3.5 succeeded")
	}
	for in, want := range map[string]bool{"true": true, "1": true, "false": false, "0": false} {
		if v, err := String(in).Bool(); err != nil || v != want {
			t.Errorf("Bool(%q) = %v, %v", in, v, err)
		}
	}
	if _, err := String("yes").Bool(); err == nil {
		t.Error("Bool(yes) succeeded")
	}
	for in, want := range map[string]float64{"1.5": 1.5, "INF": math.Inf(1), "-INF": math.Inf(-1), "1E+15": 1e15} {
		if v, err := String(in).Float64(); err != nil || v != want {
			t.Errorf("Float64(%q) = %v, %v", in, v, err)
		}
	}
	for _, bad := range []string{"Inf", "0x10", "1_0", "nan"} {
		if _, err := String(bad).Float64(); err == nil {
			t.Errorf("Float64(%q) succeeded; XML does not allow it", bad)
		}
	}
	if v, err := String("NaN").Float64(); err != nil || !math.IsNaN(v) {
		t.Errorf("Float64(NaN) = %v, %v", v, err)
	}
	d, err := String("-5.123456").Decimal()
	if err != nil || d != (Decimal{Lo: 5123456, Scale: 6, Neg: true}) {
		t.Errorf("Decimal = %+v, %v", d, err)
	}
	if _, err := String("79228162514264337593543950336").Decimal(); err == nil {
		t.Error("Decimal beyond 96 bits succeeded")
	}
	if got := DecimalText(Decimal{Lo: math.MaxUint64, Hi: math.MaxUint32}).String(); got != "79228162514264337593543950335" {
		t.Errorf("max decimal = %s", got)
	}
	g, err := String("urn:uuid:33221100-5544-7766-8899-aabbccddeeff").GUIDBytes()
	if err != nil || g != [16]byte{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF} {
		t.Errorf("GUIDBytes = %x, %v", g, err)
	}
	b, err := String("AAECAw==").AppendBytes(nil)
	if err != nil || string(b) != "\x00\x01\x02\x03" {
		t.Errorf("AppendBytes = %x, %v", b, err)
	}
	ts, err := String("PT1H2M3.5S").TimeSpanTicks()
	if err != nil || ts != int64((time.Hour+2*time.Minute+3500*time.Millisecond)/100) {
		t.Errorf("TimeSpanTicks = %d, %v", ts, err)
	}
	tm, err := String("2020-01-02T03:04:05Z").Time()
	if err != nil || !tm.Equal(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("Time = %v, %v", tm, err)
	}
	raw, _ := DateTime(tm).DateTimeRaw()
	if raw>>62 != uint64(UTC) {
		t.Errorf("DateTime kind bits = %d, want UTC", raw>>62)
	}
}

func TestTextRoundTripThroughChars(t *testing.T) {
	// Every typed value must parse back from its own rendering.
	for _, v := range []Text{Int(-7), Uint64(math.MaxUint64), Bool(true), Float64(0.1), Float64(1e300),
		DecimalText(Decimal{Lo: 12345, Scale: 2}), Duration(90 * time.Minute)} {
		s := String(v.String())
		var ok bool
		switch v.Kind() {
		case TextInt:
			a, _ := v.Int64()
			b, err := s.Int64()
			ok = err == nil && a == b
		case TextUint64:
			a, _ := v.Uint64()
			b, err := s.Uint64()
			ok = err == nil && a == b
		case TextBool:
			a, _ := v.Bool()
			b, err := s.Bool()
			ok = err == nil && a == b
		case TextDouble:
			a, _ := v.Float64()
			b, err := s.Float64()
			ok = err == nil && a == b
		case TextDecimal:
			a, _ := v.Decimal()
			b, err := s.Decimal()
			ok = err == nil && a == b
		case TextTimeSpan:
			a, _ := v.TimeSpanTicks()
			b, err := s.TimeSpanTicks()
			ok = err == nil && a == b
		}
		if !ok {
			t.Errorf("%s %q does not round-trip through characters", v.Kind(), v.String())
		}
	}
}

func TestTextAllocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	digits := []byte("42")
	n := testing.AllocsPerRun(100, func() {
		buf = Int(12345).AppendTo(buf[:0])
		buf = UniqueID([16]byte{1}).AppendTo(buf[:0])
		_, _ = CharsBytes(digits).Int64()
	})
	if n != 0 {
		t.Errorf("allocs = %v, want 0", n)
	}
}

// TestParseGUID: the dashed form with its four dashes in place; a dash
// elsewhere (the length kept) is rejected, not read past the end.
func TestParseGUID(t *testing.T) {
	g, ok := ParseGUID("6f9619ff-8b86-d011-b42d-00c04fc964ff")
	if want := [16]byte{0xff, 0x19, 0x96, 0x6f, 0x86, 0x8b, 0x11, 0xd0, 0xb4, 0x2d, 0x00, 0xc0, 0x4f, 0xc9, 0x64, 0xff}; !ok || g != want {
		t.Errorf("ParseGUID = % x, %v; want % x", g, ok, want)
	}
	for _, s := range []string{
		"00000000-0000-0000-0000-0000-0000000", // a fifth dash (found by FuzzDecodeDataContract)
		"00000000-0000-0000-0000-00000000000-",
		"-0000000-0000-0000-0000-000000000000",
		"00000000-0000-0000-0000-00000000000g",
		"00000000-0000-0000-0000-00000000000",
		"000000000000-0000-0000-0000-00000000",
	} {
		if _, ok := ParseGUID(s); ok {
			t.Errorf("ParseGUID(%q) ok", s)
		}
	}
}
