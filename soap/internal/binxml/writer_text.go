package binxml

import (
	"encoding/binary"
	"math"

	"github.com/wwsgo/wws/soap/infoset"
)

// Text records, [MC-NBFX] 2.2.3, chosen as WCF's XmlBinaryNodeWriter does
// (dotnet/wcf XmlBinaryWriter.cs):
//   - chars: exactly "0" or "1" → Zero/One (UnsafeWriteText special-cases a
//     single '0'/'1' char; WCF's mustUnderstand="1" is 82), else
//     Chars8/16/32 by UTF-8 length, or UnicodeChars8/16/32 when the UTF-8
//     length / 2 exceeds the UTF-16 length;
//   - "" in element content writes nothing (XmlBaseWriter.WriteString skips
//     empty strings); as an attribute value it is Empty (AttributeValue.WriteTo);
//   - dictionary strings → Dictionary (static, else session id), else chars;
//   - ints → smallest of Zero/One/Int8/Int16/Int32/Int64, UInt64 above
//     MaxInt64 (WriteInt32Text/WriteInt64Text/WriteUInt64Text);
//   - float → ints when integral and within int64 (WriteFloatText); double →
//     float when within float range and exact (WriteDoubleText);
//   - bytes → Bytes8/16/32 by length, Empty when none.
//
// Element-content text is even; EndElement folds the record just written
// into its odd form.

// Text implements infoset.Writer.
func (w *Writer) Text(value infoset.Text) {
	if !w.ok() {
		return
	}
	w.closeStart()
	if off := w.appendText(value, false); off >= 0 {
		w.textOff = off
	}
}

// Comment implements infoset.Writer (record 02, [MC-NBFX] 2.2.3.2).
func (w *Writer) Comment(text string) {
	if !w.ok() {
		return
	}
	if len(text) > maxInt31 {
		w.fail(ErrTooLong)
		return
	}
	w.closeStart()
	w.textOff = -1
	w.dst = appendName(append(w.dst, recComment), text)
}

// appendText writes one text record and returns the offset of its type
// byte, or -1 when nothing was written.
func (w *Writer) appendText(t infoset.Text, attr bool) int {
	off := len(w.dst)
	switch t.Kind() {
	case infoset.TextChars:
		if t.IsEmpty() {
			if !attr {
				return -1
			}
			w.dst = append(w.dst, recEmptyText)
		} else if t.IsDict() {
			w.appendDictText(t.String())
		} else {
			w.appendChars(t)
		}
	case infoset.TextBool:
		v, _ := t.Bool()
		w.dst = append(w.dst, boolRecord(v))
	case infoset.TextInt:
		v, _ := t.Int64()
		w.dst = appendInt(w.dst, v)
	case infoset.TextUint64:
		v, _ := t.Uint64()
		w.dst = binary.LittleEndian.AppendUint64(append(w.dst, recUInt64Text), v)
	case infoset.TextFloat:
		v, _ := t.Float64()
		w.dst = appendFloat(w.dst, float32(v))
	case infoset.TextDouble:
		v, _ := t.Float64()
		w.dst = appendDouble(w.dst, v)
	default:
		w.appendOther(t)
	}
	return off
}

// appendOther writes the fixed-layout and byte-string records.
func (w *Writer) appendOther(t infoset.Text) {
	switch t.Kind() {
	case infoset.TextDecimal:
		d, _ := t.Decimal()
		w.dst = appendDecimal(append(w.dst, recDecimalText), d)
	case infoset.TextDateTime:
		v, _ := t.DateTimeRaw()
		w.dst = binary.LittleEndian.AppendUint64(append(w.dst, recDateTimeText), v)
	case infoset.TextTimeSpan:
		v, _ := t.TimeSpanTicks()
		w.dst = binary.LittleEndian.AppendUint64(append(w.dst, recTimeSpanText), uint64(v))
	case infoset.TextUniqueID, infoset.TextGUID:
		g, _ := t.GUIDBytes()
		rec := byte(recGUIDText)
		if t.Kind() == infoset.TextUniqueID {
			rec = recUniqueIDText
		}
		w.dst = append(append(w.dst, rec), g[:]...)
	case infoset.TextBytes:
		w.appendBytes(t.RawBytes())
	case infoset.TextQName:
		w.appendQName(t.QNameParts())
	default: // a kind this writer does not know: send its rendering
		w.appendChars(infoset.String(t.String()))
	}
}

func boolRecord(v bool) byte {
	if v {
		return recTrueText
	}
	return recFalseText
}

// appendInt writes the smallest integer record holding v.
func appendInt(b []byte, v int64) []byte {
	switch {
	case v == 0:
		return append(b, recZeroText)
	case v == 1:
		return append(b, recOneText)
	case v >= math.MinInt8 && v <= math.MaxInt8:
		return append(b, recInt8Text, byte(v))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return binary.LittleEndian.AppendUint16(append(b, recInt16Text), uint16(v))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		return binary.LittleEndian.AppendUint32(append(b, recInt32Text), uint32(v))
	}
	return binary.LittleEndian.AppendUint64(append(b, recInt64Text), uint64(v))
}

// appendFloat writes f as an integer record when it is integral and within
// int64 (so -0 becomes Zero, as in WCF), else as Float.
func appendFloat(b []byte, f float32) []byte {
	if f >= -(1<<63) && f < 1<<63 && float32(int64(f)) == f {
		return appendInt(b, int64(f))
	}
	return binary.LittleEndian.AppendUint32(append(b, recFloatText), math.Float32bits(f))
}

// appendDouble writes d as Float (or an integer) when it is within float
// range and exact as a float, else as Double.
func appendDouble(b []byte, d float64) []byte {
	if d >= -math.MaxFloat32 && d <= math.MaxFloat32 && float64(float32(d)) == d {
		return appendFloat(b, float32(d))
	}
	return binary.LittleEndian.AppendUint64(append(b, recDoubleText), math.Float64bits(d))
}

// appendDecimal writes the 16 bytes of System.Decimal: u16 reserved, u8
// scale, u8 sign, u32 hi, u64 lo.
func appendDecimal(b []byte, d infoset.Decimal) []byte {
	sign := byte(0)
	if d.Neg {
		sign = 0x80
	}
	b = append(b, 0, 0, d.Scale, sign)
	b = binary.LittleEndian.AppendUint32(b, d.Hi)
	return binary.LittleEndian.AppendUint64(b, d.Lo)
}

// appendDictText writes a Dictionary record, or chars when s has no id.
func (w *Writer) appendDictText(s string) {
	if id, ok := w.dictID(s); ok {
		w.dst = AppendMB31(append(w.dst, recDictionaryText), id)
		return
	}
	w.appendChars(infoset.String(s))
}

// appendQName writes QNameDictionary when the prefix is one letter and the
// local name has an id; an unprefixed QName is dictionary text; otherwise
// chars "p:local".
func (w *Writer) appendQName(prefix, local string) {
	if prefix == "" {
		w.appendDictText(local)
		return
	}
	if l := letter(prefix); l >= 0 {
		if id, ok := w.dictID(local); ok {
			w.dst = AppendMB31(append(w.dst, recQNameDictionaryText, byte(l)), id)
			return
		}
	}
	w.appendChars(infoset.QName(prefix, local))
}

// appendBytes writes Bytes8/16/32, or Empty for no bytes.
func (w *Writer) appendBytes(p []byte) {
	if len(p) == 0 {
		w.dst = append(w.dst, recEmptyText)
		return
	}
	if len(p) > maxInt31 {
		w.fail(ErrTooLong)
		return
	}
	w.dst = append(appendLenHeader(w.dst, recBytes8Text, len(p)), p...)
}

// appendLenHeader writes the 8-, 16- or 32-bit length form of a
// length-prefixed record whose 8-bit form is base.
func appendLenHeader(b []byte, base byte, n int) []byte {
	switch {
	case n < 1<<8:
		return append(b, base, byte(n))
	case n < 1<<16:
		return binary.LittleEndian.AppendUint16(append(b, base+2), uint16(n))
	}
	return binary.LittleEndian.AppendUint32(append(b, base+4), uint32(n))
}
