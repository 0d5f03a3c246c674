package binxml

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wwsgo/wws/soap/infoset"
)

// How SaveStart and RestoreStart account for each field of Reader. A field
// added to Reader must be added here, and to SaveStart/RestoreStart when
// it is part of where a reader stands after the start of a document.
var startStateFields = map[string]string{
	// Saved in StartState and restored.
	"pos": "saved", "recStart": "saved", "rec": "saved", "name": "saved", "attrs": "saved",
	"attrBuf": "saved", "lent": "saved", "stack": "saved", "scope": "saved", "nameBytes": "saved",
	"asciiSeen": "saved", "skips": "saved", "nskips": "saved", "kind": "saved",
	// Checked: RestoreStart refuses unless it is as it was (or as after
	// Reset, which SaveStart also required).
	"buf": "checked", "src": "checked", "sess": "checked", "q": "checked", "err": "checked",
	"rawOnly": "checked", "popOnNext": "checked", "pendingEnd": "checked", "arr": "checked",
	"rootDone": "checked", "memoGen": "checked",
	// As Reset left them, since NextRaw, NextRemembered and Skip leave them
	// so too (or only a stream reader sets them).
	"base": "fresh", "srcErr": "fresh", "tagLimit": "fresh", "text": "fresh", "scratch": "fresh",
	"tagStart": "fresh", "tagEnd": "fresh", "peek": "fresh", "lrec": "fresh",
	// Kept across documents, whatever the reader read: not part of where it
	// stands in one.
	"names": "kept", "tableSize": "kept", "gen": "kept", "memo": "kept", "runs": "kept", "nextRun": "kept",
}

// TestStartStateAccountsForReader fails when Reader has a field
// startStateFields does not classify, or startStateFields one Reader no
// longer has: StartState copies Reader's fields by hand.
func TestStartStateAccountsForReader(t *testing.T) {
	typ := reflect.TypeFor[Reader]()
	seen := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i).Name
		seen[f] = true
		if _, ok := startStateFields[f]; !ok {
			t.Errorf("Reader.%s is new: classify it in startStateFields, and save and restore it in SaveStart/RestoreStart (reader_start.go) if it is part of where the reader stands", f)
		}
	}
	for f := range startStateFields {
		if !seen[f] {
			t.Errorf("startStateFields lists %s, which Reader no longer has", f)
		}
	}
}

// startDoc is <s:E xmlns:s xmlns:a><a:X>v</a:X><s:B><y>b</y></s:B></s:E>
// by static ids, with its two start tags as RawStarts; v and b are the
// Int8 values of its two leaves.
func startDoc(v, b byte) (doc []byte, env, body *RawStart, skip int) {
	envTag := RawTag{
		Bytes: []byte{0x56, 0x02, 0x0B, 0x01, 's', 0x04, 0x0B, 0x01, 'a', 0x06},
		Decls: []RawDecl{{Prefix: "s", NS: staticStrings[2]}, {Prefix: "a", NS: staticStrings[3]}},
	}
	env = NewRawStart(&envTag, infoset.Name{Prefix: "s", Local: staticStrings[1], Space: staticStrings[2]})
	bodyTag := RawTag{Bytes: []byte{0x56, 0x08}}
	body = NewRawStart(&bodyTag, infoset.Name{Prefix: "s", Local: staticStrings[4], Space: staticStrings[2]})
	header := []byte{0x44, 0x0A, 0x89, v}
	doc = slices.Concat(envTag.Bytes, header, bodyTag.Bytes, []byte{0x42, 0x0C, 0x89, b, 0x01, 0x01})
	return doc, env, body, len(header)
}

// readStart reads the start of doc as the saved state was read: the
// Envelope by NextRaw, the header by Skip, the Body by NextRaw.
func readStart(t *testing.T, r *Reader, env, body *RawStart, skip int) {
	t.Helper()
	if !r.NextRaw(env) || !r.Skip(skip) || !r.NextRaw(body) {
		t.Fatal("reading the start by NextRaw and Skip failed")
	}
}

// TestRestoreStartStandsAsRead checks that a reader restored by
// RestoreStart stands where reading the start of the document again
// leaves a reader, field by field (all but those kept across documents),
// and reads on to the same nodes, when the document differs from the
// saved one only inside the skipped range and after the start.
func TestRestoreStartStandsAsRead(t *testing.T) {
	for _, sess := range []*ReadSession{nil, NewReadSession(0)} {
		doc1, env, body, skip := startDoc(3, 5)
		r := NewReader(doc1, sess, Quotas{})
		readStart(t, r, env, body, skip)
		var st StartState
		if !r.SaveStart(&st) {
			t.Fatal("SaveStart = false")
		}
		doc2, _, _, _ := startDoc(7, 9)
		want := NewReader(doc2, sess, Quotas{})
		readStart(t, want, env, body, skip)
		for round := range 2 { // the second time on a reader that read doc2 to its end
			r.Reset(doc2, sess)
			if !r.RestoreStart(&st) {
				t.Fatalf("round %d: RestoreStart = false", round)
			}
			if d := cmp.Diff(want, r, exportAll, cmpopts.IgnoreFields(Reader{}, keptFields()...)); d != "" {
				t.Errorf("round %d: the restored reader (-read +restored):\n%s", round, d)
			}
			wantEvents, wantErr := readEvents(NewReaderAt(t, doc2, sess, env, body, skip))
			gotEvents, gotErr := readEvents(r)
			if d := cmp.Diff(wantEvents, gotEvents); d != "" || gotErr != wantErr {
				t.Fatalf("round %d: nodes after the start (-read +restored), err %v want %v:\n%s", round, gotErr, wantErr, d)
			}
		}
	}
}

// keptFields are the Reader fields kept across documents.
func keptFields() []string {
	var out []string
	for f, class := range startStateFields {
		if class == "kept" {
			out = append(out, f)
		}
	}
	return out
}

// NewReaderAt is a Reader over doc that has read its start by readStart.
func NewReaderAt(t *testing.T, doc []byte, s *ReadSession, env, body *RawStart, skip int) *Reader {
	r := NewReader(doc, s, Quotas{})
	readStart(t, r, env, body, skip)
	return r
}

// TestRestoreStartRefuses checks that RestoreStart reports false and
// leaves the reader as Reset left it whenever it would not stand where
// reading the start again would.
func TestRestoreStartRefuses(t *testing.T) {
	doc, env, body, skip := startDoc(3, 5)
	sess := NewReadSession(0)
	r := NewReader(doc, sess, Quotas{})
	readStart(t, r, env, body, skip)
	var st StartState
	if !r.SaveStart(&st) {
		t.Fatal("SaveStart = false")
	}
	changed := func(i int, c byte) []byte {
		b := bytes.Clone(doc)
		b[i] = c
		return b
	}
	envLen := len(env.tag.Bytes)
	for _, tc := range []struct {
		name string
		doc  []byte
		prep func(r *Reader)
		r    *Reader
	}{
		{name: "a byte of the Envelope tag", doc: changed(1, 0x04)},
		{name: "a byte of the Body tag", doc: changed(envLen+skip+1, 0x0A)},
		{name: "an attribute after the Body tag", doc: changed(envLen+skip+2, 0x04)},
		{name: "the document ends after the start", doc: doc[:envLen+skip+2]},
		{name: "another reader", doc: doc, r: NewReader(nil, sess, Quotas{})},
		{name: "after Next", doc: doc, prep: func(r *Reader) { _, _ = r.Next() }},
		{name: "after NextRaw", doc: doc, prep: func(r *Reader) { r.NextRaw(env) }},
		{name: "after ForgetStart", doc: doc, prep: func(r *Reader) { r.ForgetStart() }},
		{name: "after the session's Reset", doc: doc, prep: func(r *Reader) { sess.Reset() }},
	} {
		rr := r
		if tc.r != nil {
			rr = tc.r
		}
		rr.Reset(tc.doc, sess)
		if tc.prep != nil {
			tc.prep(rr)
		}
		before := rr.Offset()
		if rr.RestoreStart(&st) {
			t.Errorf("%s: RestoreStart = true", tc.name)
		}
		if rr.Offset() != before {
			t.Errorf("%s: RestoreStart moved the reader from %d to %d", tc.name, before, rr.Offset())
		}
	}
	// A stream reader, or one that read by Next, keeps nothing.
	s := NewStreamReader(bytes.NewReader(doc), nil, Quotas{})
	if s.NextRaw(env) || s.SaveStart(&st) {
		t.Error("a stream reader read by NextRaw or saved its start")
	}
	n := NewReader(doc, nil, Quotas{})
	if _, err := n.Next(); err != nil || n.SaveStart(&st) {
		t.Errorf("SaveStart after Next = true (err %v)", err)
	}
	if r.RestoreStart(&st) {
		t.Error("RestoreStart of a state SaveStart refused to keep = true")
	}
}
