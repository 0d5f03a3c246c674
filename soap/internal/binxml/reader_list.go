package binxml

import "github.com/wwsgo/wws/soap/infoset"

// readList reads the items of a StartList record ([MC-NBFX] 2.2.3.19–20)
// through its EndList, rendering them space-separated into
// one characters value. end reports an EndList that also ends the element
// (0xA7). Items must be even text records; lists do not nest.
func (r *Reader) readList() (v infoset.Text, end bool, err error) {
	start := len(r.scratch)
	for n := 0; ; n++ {
		rec, err := r.readByte()
		if err != nil {
			return v, false, err
		}
		if rec == recEndListText || rec == recEndListText+1 {
			b := r.scratch[start:len(r.scratch):len(r.scratch)]
			return infoset.CharsBytes(b), rec&1 != 0, nil
		}
		if rec < recZeroText || rec > recQNameDictionaryText+1 || rec&1 != 0 || rec == recStartListText {
			return v, false, r.fail("list item 0x%02X is not an even text record", rec)
		}
		if n > 0 {
			r.scratch = append(r.scratch, ' ')
		}
		pre := len(r.scratch)
		item, err := r.readTextRecord(rec)
		if err != nil {
			return v, false, err
		}
		if len(r.scratch) == pre { // UnicodeChars items are already in place
			r.scratch = item.AppendTo(r.scratch)
		}
		if len(r.scratch)-start > r.q.MaxStringContentLength {
			return v, false, r.quota("MaxStringContentLength", r.q.MaxStringContentLength)
		}
		if r.tagLimit > 0 && r.pos > r.tagLimit {
			return v, false, r.quota("MaxBytesPerRead", r.q.MaxBytesPerRead)
		}
	}
}
