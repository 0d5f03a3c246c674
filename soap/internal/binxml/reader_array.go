package binxml

import "github.com/wwsgo/wws/soap/infoset"

// Array record, [MC-NBFX] 2.2.3.31: 0x03, an element record
// with its attributes, EndElement (0x01), one odd fixed-size text record
// type, an MB31 count > 0, then count values. The Reader reports it as count
// repetitions of the element, each holding one typed CharData.

// arrayState walks the repetitions of an Array record. While it is active
// the stream buffer is not compacted, so the start tag's attribute values
// stay valid for every repetition.
type arrayState struct {
	active bool
	left   int  // repetitions still to start after the current one
	typ    byte // even text record type of the items
	size   int  // bytes per item
	phase  uint8
}

const (
	arrText  = iota // next: the current item's CharData
	arrEnd          // next: the current item's EndElement
	arrStart        // next: the following item's StartElement
)

// arrayItemTypes are the record types an Array may hold (their odd forms).
var arrayItemTypes = [256]bool{
	recBoolText + 1: true, recInt16Text + 1: true, recInt32Text + 1: true, recInt64Text + 1: true,
	recFloatText + 1: true, recDoubleText + 1: true, recDecimalText + 1: true,
	recDateTimeText + 1: true, recTimeSpanText + 1: true, recGUIDText + 1: true,
}

// readArray reads an Array record's header and reports its first element.
func (r *Reader) readArray() (infoset.Kind, error) {
	r.pos++
	if err := r.need(1); err != nil {
		return infoset.EOF, err
	}
	if e := r.buf[r.pos]; e < recShortElement || e > recPrefixElementA+25 {
		return infoset.EOF, r.fail("record 0x03: array element record expected, got 0x%02X", e)
	}
	if err := r.readStartTag(); err != nil {
		return infoset.EOF, err
	}
	r.rec = recArray
	if c, err := r.readByte(); err != nil || c != recEndElement {
		return infoset.EOF, orFail(err, r.fail("record 0x03: EndElement expected after the array element, got 0x%02X", c))
	}
	typ, err := r.readByte()
	if err != nil {
		return infoset.EOF, err
	}
	if !arrayItemTypes[typ] {
		return infoset.EOF, r.fail("record 0x03: invalid array item type 0x%02X", typ)
	}
	count, err := r.readMB31()
	if err != nil {
		return infoset.EOF, err
	}
	if count == 0 {
		return infoset.EOF, r.fail("record 0x03: empty array")
	}
	if int64(count) > int64(r.q.MaxArrayLength) {
		return infoset.EOF, r.quota("MaxArrayLength", r.q.MaxArrayLength)
	}
	size := int(fixedTextSize[typ&^1])
	if err := r.need(int(count) * size); err != nil {
		return infoset.EOF, err
	}
	r.arr = arrayState{active: true, left: int(count) - 1, typ: typ &^ 1, size: size, phase: arrText}
	return infoset.StartElement, nil
}

func orFail(err, fail error) error {
	if err != nil {
		return err
	}
	return fail
}

// nextArrayNode produces the next node of an active array; ok is false
// once the array is done and reading continues with the next record.
func (r *Reader) nextArrayNode() (k infoset.Kind, ok bool, err error) {
	a := &r.arr
	switch a.phase {
	case arrText:
		r.recStart, r.rec = r.pos, a.typ|1
		r.text, err = r.fixedText(a.typ, r.buf[r.pos:r.pos+a.size])
		r.pos += a.size
		a.phase = arrEnd
		return infoset.CharData, true, err
	case arrEnd:
		a.phase = arrStart
		return r.endElement(), true, nil
	}
	if a.left == 0 {
		a.active = false
		return infoset.EOF, false, nil
	}
	if r.rootDone {
		r.recStart = r.pos
		return infoset.EOF, false, r.fail("array repeats the root element")
	}
	a.left--
	a.phase = arrText
	r.stack = append(r.stack, r.name)
	r.scope.Push()
	for _, at := range r.attrs {
		if p, isNS := at.IsXmlns(); isNS {
			r.scope.Bind(p, at.Value.String())
		}
	}
	return infoset.StartElement, true, nil
}
