package binxml

import (
	"encoding/binary"
	"math"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/wwsgo/wws/soap/infoset"
)

// Text records, [MC-NBFX] 2.2.3: 0x80–0xBD, the odd form of
// each being the same text followed by an implicit EndElement.

// fixedTextSize is the payload size of the fixed-size text records, by
// even record type; 0 for records with no payload or a variable one.
var fixedTextSize = [256]uint8{
	recInt8Text: 1, recInt16Text: 2, recInt32Text: 4, recInt64Text: 8,
	recFloatText: 4, recDoubleText: 8, recDecimalText: 16, recDateTimeText: 8,
	recUniqueIDText: 16, recTimeSpanText: 8, recGUIDText: 16, recUInt64Text: 8,
	recBoolText: 1,
}

// readContentText reads a text record in element content.
func (r *Reader) readContentText() (infoset.Kind, error) {
	rec := r.rec
	if len(r.stack) == 0 {
		return infoset.EOF, r.fail("text record 0x%02X outside the root element", rec)
	}
	r.pos++
	var err error
	switch rec {
	case recStartListText:
		var end bool
		if r.text, end, err = r.readList(); end {
			rec |= 1
		}
	case recStartListText + 1:
		err = r.fail("record 0xA5: a list cannot start with an EndElement")
	case recEndListText, recEndListText + 1:
		err = r.fail("record 0x%02X: EndList without StartList", rec)
	default:
		r.text, err = r.readTextRecord(rec)
	}
	if err != nil {
		return infoset.EOF, err
	}
	r.pendingEnd = rec&1 != 0
	return infoset.CharData, nil
}

// readTextRecord reads the payload of text record rec (its type byte read).
// StartList and EndList are handled by the callers.
func (r *Reader) readTextRecord(rec byte) (infoset.Text, error) {
	base := rec &^ 1
	if n := int(fixedTextSize[base]); n > 0 {
		if err := r.need(n); err != nil {
			return infoset.Text{}, err
		}
		t, err := r.fixedText(base, r.buf[r.pos:r.pos+n])
		r.pos += n
		return t, err
	}
	switch base {
	case recZeroText:
		return infoset.Int(0), nil
	case recOneText:
		return infoset.Int(1), nil
	case recFalseText:
		return infoset.Bool(false), nil
	case recTrueText:
		return infoset.Bool(true), nil
	case recEmptyText:
		return infoset.String(""), nil
	case recChars8Text, recChars16Text, recChars32Text:
		b, err := r.readSized(base-recChars8Text, false)
		return infoset.CharsBytes(b), err
	case recBytes8Text, recBytes16Text, recBytes32Text:
		b, err := r.readSized(base-recBytes8Text, true)
		return infoset.Bytes(b), err
	case recUnicodeChars8Text, recUnicodeChars16Text, recUnicodeChars32Text:
		return r.readUnicode(base - recUnicodeChars8Text)
	case recDictionaryText:
		s, err := r.readDictString()
		return infoset.DictString(s), err
	case recQNameDictionaryText:
		return r.readQName()
	}
	return infoset.Text{}, r.fail("record 0x%02X: not a text value", rec)
}

// readSized reads a length (u8, u16 or i32 as width is 0, 2 or 4) and that
// many bytes, by reference.
//
// Byte strings count against MaxArrayLength, characters against
// MaxStringContentLength, as WCF's XmlDictionaryReaderQuotas do (a byte[]
// is read with ReadContentAsBase64, which checks MaxArrayLength).
func (r *Reader) readSized(width byte, isBytes bool) ([]byte, error) {
	lw := 1 << (width / 2) // 1, 2, 4
	if err := r.need(lw); err != nil {
		return nil, err
	}
	p := r.buf[r.pos:]
	var n int64
	switch lw {
	case 1:
		n = int64(p[0])
	case 2:
		n = int64(binary.LittleEndian.Uint16(p))
	default:
		n = int64(int32(binary.LittleEndian.Uint32(p)))
	}
	r.pos += lw
	limit, name := r.q.MaxStringContentLength, "MaxStringContentLength"
	if isBytes {
		limit, name = r.q.MaxArrayLength, "MaxArrayLength"
	}
	l, err := r.checkLength(n, limit, name)
	if err != nil {
		return nil, err
	}
	if err := r.need(l); err != nil {
		return nil, err
	}
	b := r.buf[r.pos : r.pos+l : r.pos+l]
	r.pos += l
	return b, nil
}

// readUnicode reads an UnicodeChars record (UTF-16LE) as UTF-8 in scratch.
func (r *Reader) readUnicode(width byte) (infoset.Text, error) {
	b, err := r.readSized(width, false)
	if err != nil {
		return infoset.Text{}, err
	}
	if len(b)%2 != 0 {
		return infoset.Text{}, r.fail("record 0x%02X: odd UTF-16 byte length %d", r.rec, len(b))
	}
	start := len(r.scratch)
	for i := 0; i < len(b); i += 2 {
		c := rune(binary.LittleEndian.Uint16(b[i:]))
		if utf16.IsSurrogate(c) && i+3 < len(b) {
			if d := utf16.DecodeRune(c, rune(binary.LittleEndian.Uint16(b[i+2:]))); d != utf8.RuneError {
				c = d
				i += 2
			}
		}
		r.scratch = utf8.AppendRune(r.scratch, c) // lone surrogates become U+FFFD
	}
	return infoset.CharsBytes(r.scratch[start:len(r.scratch):len(r.scratch)]), nil
}

// readQName reads a QNameDictionary record: a prefix letter and a local id.
func (r *Reader) readQName() (infoset.Text, error) {
	p, err := r.readByte()
	if err != nil {
		return infoset.Text{}, err
	}
	if p > 25 {
		return infoset.Text{}, r.fail("record 0x%02X: QName prefix %d out of range", r.rec, p)
	}
	local, err := r.readDictString()
	return infoset.QName(readPrefixes[p], local), err
}

// fixedText decodes the payload p of a fixed-size text record (also the
// items of an Array record).
func (r *Reader) fixedText(base byte, p []byte) (infoset.Text, error) {
	le := binary.LittleEndian
	switch base {
	case recInt8Text:
		return infoset.Int(int64(int8(p[0]))), nil
	case recInt16Text:
		return infoset.Int(int64(int16(le.Uint16(p)))), nil
	case recInt32Text:
		return infoset.Int(int64(int32(le.Uint32(p)))), nil
	case recInt64Text:
		return infoset.Int(int64(le.Uint64(p))), nil
	case recUInt64Text:
		return infoset.Uint64(le.Uint64(p)), nil
	case recFloatText:
		return infoset.Float32(math.Float32frombits(le.Uint32(p))), nil
	case recDoubleText:
		return infoset.Float64(math.Float64frombits(le.Uint64(p))), nil
	case recBoolText:
		if p[0] > 1 {
			return infoset.Text{}, r.fail("record 0x%02X: boolean byte 0x%02X", r.rec, p[0])
		}
		return infoset.Bool(p[0] == 1), nil
	case recDecimalText:
		return r.decimalText(p)
	case recDateTimeText:
		v := le.Uint64(p)
		if v&(1<<62-1) > infoset.MaxTicks {
			return infoset.Text{}, r.fail("record 0x%02X: DateTime ticks out of range", r.rec)
		}
		return infoset.DateTimeRaw(v), nil
	case recTimeSpanText:
		return infoset.TimeSpan(int64(le.Uint64(p))), nil
	case recUniqueIDText:
		return infoset.UniqueID([16]byte(p)), nil
	default: // recGUIDText
		return infoset.GUID([16]byte(p)), nil
	}
}

// decimalText decodes System.Decimal: u16 reserved, u8 scale, u8 sign,
// u32 hi, u64 lo ([MC-NBFX] 2.2.3 DecimalText).
func (r *Reader) decimalText(p []byte) (infoset.Text, error) {
	scale, sign := p[2], p[3]
	if scale > 28 || sign&0x7F != 0 {
		return infoset.Text{}, r.fail("record 0x%02X: invalid Decimal scale %d sign 0x%02X", r.rec, scale, sign)
	}
	return infoset.DecimalText(infoset.Decimal{
		Lo: binary.LittleEndian.Uint64(p[8:]), Hi: binary.LittleEndian.Uint32(p[4:]),
		Scale: scale, Neg: sign != 0,
	}), nil
}
