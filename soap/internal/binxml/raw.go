package binxml

// The seam between the public soap/nbfx and package soap. nbfx wraps this
// package's Reader and Writer; soap reaches the Reader and Writer behind
// any infoset.Reader or infoset.Writer it is given through ReaderOf and
// WriterOf, so that a public nbfx.Reader takes the same fast paths as the
// Reader soap's encoders make themselves.
//
// The raw-access hooks, used only by soap's binary-message fast paths:
//
//	Reader: NextRaw, RawStart (reader_skip.go); RememberStart,
//	        NextRemembered, ForgetStart (reader_memo.go); RecordLeaves,
//	        MarkLeaf, PeekLeaves, SkipLeaves (reader_leafrun.go); DictMark,
//	        Unread, Skip (reader_skip.go); SaveStart, RestoreStart,
//	        StartState, Document, AtStart, Rewind (reader_start.go)
//	Writer: StartRaw, LeafRaw, LeafRawInt, RawTag (writer_element.go);
//	        Mark, Since, WriteRecords, FinalTag (writer_replay.go)
//
// Their contract is in doc.go.

import "github.com/wwsgo/wws/soap/infoset"

// The public package's unwrappers, set by nbfx's init.
var (
	publicReader func(infoset.Reader) *Reader
	publicWriter func(infoset.Writer) *Writer
)

// SetPublic is called once, by soap/nbfx's init, with the functions that
// return the Reader or Writer inside its own, or nil for anything else.
func SetPublic(r func(infoset.Reader) *Reader, w func(infoset.Writer) *Writer) {
	publicReader, publicWriter = r, w
}

// ReaderOf returns the Reader r is or wraps (a public nbfx.Reader); nil
// when r reads something else.
func ReaderOf(r infoset.Reader) *Reader {
	if br, ok := r.(*Reader); ok {
		return br
	}
	if publicReader != nil {
		return publicReader(r)
	}
	return nil
}

// WriterOf returns the Writer w is or wraps (a public nbfx.Writer); nil
// when w writes something else.
func WriterOf(w infoset.Writer) *Writer {
	if bw, ok := w.(*Writer); ok {
		return bw
	}
	if publicWriter != nil {
		return publicWriter(w)
	}
	return nil
}

// SetQuotas sets the quotas r enforces, zero fields taking their
// defaults, as NewReader does: for a Reader held by value (nbfx.Reader).
func (r *Reader) SetQuotas(q Quotas) { r.q = q.withDefaults() }
