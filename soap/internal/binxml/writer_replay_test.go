package binxml

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
)

// TestFinalTagMatchesStartElement writes a leaf with the general calls on
// one writer and with the tag FinalTag gives on a twin (same session
// history), message after message, and wants the same bytes; FinalTag must
// refuse names whose ids are not settled.
func TestFinalTagMatchesStartElement(t *testing.T) {
	const tns = "http://tempuri.org/"
	names := []struct{ prefix, local, ns string }{
		{"", "Add", tns}, {"", "a", tns}, {"", "Envelope", "http://www.w3.org/2003/05/soap-envelope"},
		{"p", "Key", "urn:p"}, {"pre", "Long", "urn:pre"}, {"", "Plain", ""}, {"", "élément", "urn:é"},
		{"q", strings.Repeat("n", 70), "urn:q"}, {"p", "Envelope", "urn:p"}, {"", "Body", "urn:p"},
	}
	for _, size := range []int{-1, 0, 12, 100, DefaultMaxSessionSize} {
		for _, filtered := range []bool{false, true} {
			var s [2]*WriteSession
			var w [2]*Writer
			for i := range w {
				if size >= 0 {
					s[i] = NewWriteSession(size)
				}
				w[i] = NewWriter(nil, s[i])
				if filtered {
					w[i].SetNameFilter(func(ns string) bool { return ns != "urn:p" })
				}
			}
			for round := range 3 {
				for _, n := range names {
					for _, declare := range []bool{true, false} {
						name := fmt.Sprintf("session %d, filtered %v, round %d, %s:%s in %q, declare %v",
							size, filtered, round, n.prefix, n.local, n.ns, declare)
						checkFinalTag(t, name, w, s, n.prefix, n.local, n.ns, declare)
					}
				}
			}
		}
	}
}

// checkFinalTag writes, in a Root element that binds (or not) prefix to
// ns, one leaf plus a name new to the session after it, on both writers.
func checkFinalTag(t *testing.T, name string, w [2]*Writer, s [2]*WriteSession, prefix, local, ns string, declare bool) {
	t.Helper()
	var out [2][]byte
	var used bool
	for i := range w {
		w[i].Reset(nil, s[i])
		w[i].StartElement("r", "Root", "urn:root")
		if !declare {
			w[i].Xmlns(prefix, ns)
		}
		if i == 1 {
			tag, ok := w[i].FinalTag(prefix, local, ns, declare)
			if ok && declare == (prefix == "" && ns == "") {
				ok = false // not a tag this context may use
			}
			if used = ok; ok {
				w[i].LeafRaw(&tag, infoset.Int(int64(len(local))))
			}
		}
		if !used {
			w[i].Leaf(prefix, local, ns, infoset.Int(int64(len(local))))
		}
		w[i].Leaf("", "after"+name, "urn:root", infoset.String("x")) // new each time: fills small sessions
		w[i].EndElement()
		var err error
		if out[i], err = w[i].Finish(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Errorf("%s (tag used %v): general\n% x\nfinal tag\n% x", name, used, out[0], out[1])
	}
}

// TestFinalTagUnsettled wants no tag for a name pending in the message, or
// new to a session with room left, and a tag once it is committed or the
// committed session is full.
func TestFinalTagUnsettled(t *testing.T) {
	s := NewWriteSession(40)
	w := NewWriter(nil, s)
	w.StartElement("", "Root", "urn:a")
	if _, ok := w.FinalTag("", "Root", "urn:a", false); ok {
		t.Error("a pending name has a final tag")
	}
	if _, ok := w.FinalTag("", "New", "urn:a", false); ok {
		t.Error("a name new to a session with room has a final tag")
	}
	w.EndElement()
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	w.Reset(nil, s)
	if _, ok := w.FinalTag("", "Root", "urn:a", true); !ok {
		t.Error("a committed name has no final tag")
	}
	w.StartElement("", strings.Repeat("x", 40), "urn:a") // does not fit: the session fills
	if _, ok := w.FinalTag("", "New", "urn:a", false); ok {
		t.Error("a name new to a session filled by this message has a final tag")
	}
	w.EndElement()
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	w.Reset(nil, s)
	if tag, ok := w.FinalTag("", "New", "urn:a", false); !ok || !bytes.Equal(tag.Bytes, append([]byte{0x40, 3}, "New"...)) {
		t.Errorf("a name new to a full session: % x, %v; want inline", tag.Bytes, ok)
	}
	for _, bad := range [][3]string{{"", "", "urn:a"}, {"xmlns", "x", "urn:a"}, {"xml", "x", "urn:a"}, {"p", "x", ""}} {
		if _, ok := w.FinalTag(bad[0], bad[1], bad[2], true); ok {
			t.Errorf("FinalTag(%q, %q, %q) has a tag", bad[0], bad[1], bad[2])
		}
	}
}

// TestSinceReplay replays records on a twin writer and wants the same
// message; Since must refuse records that cannot be replayed.
func TestSinceReplay(t *testing.T) {
	s := NewWriteSession(DefaultMaxSessionSize)
	w := NewWriter(nil, s)
	section := func(w *Writer) {
		w.StartElement("p", "Section", "urn:p")
		w.Attr("", "n", "", infoset.Int(3))
		w.Leaf("p", "v", "urn:p", infoset.DictString("urn:p"))
		w.Text(infoset.String("tail"))
		w.EndElement()
	}
	for range 2 { // the names committed
		w.Reset(nil, s)
		w.StartElement("", "Root", "urn:root")
		section(w)
		w.EndElement()
		if _, err := w.Finish(); err != nil {
			t.Fatal(err)
		}
	}
	w.Reset(nil, s)
	w.StartElement("", "Root", "urn:root")
	m := w.Mark()
	if _, ok := w.Since(m); ok {
		t.Error("records after a start tag with a pending declaration are replayable")
	}
	w.Reset(nil, s)
	w.StartRaw(&RawTag{Bytes: []byte{0x40, 1, 'R'}})
	w.Text(infoset.Int(2))
	m = w.Mark()
	section(w)
	recs, ok := w.Since(m)
	if !ok {
		t.Fatal("a settled section is not replayable")
	}
	recs = bytes.Clone(recs)
	for name, ctx := range map[string]func(w *Writer){
		"after text":              func(w *Writer) { w.Text(infoset.Int(2)) },
		"in a start tag":          func(w *Writer) {},
		"after a declaring start": func(w *Writer) { w.StartElement("", "Root", "urn:root") },
	} {
		var out [2][]byte
		for i := range out {
			w.Reset(nil, s)
			w.StartRaw(&RawTag{Bytes: []byte{0x40, 1, 'R'}})
			ctx(w)
			if i == 0 {
				section(w)
			} else {
				w.WriteRecords(recs)
			}
			for w.Depth() > 0 {
				w.EndElement()
			}
			got, err := w.Finish()
			if err != nil {
				t.Fatal(err)
			}
			out[i] = bytes.Clone(got)
		}
		if !bytes.Equal(out[0], out[1]) {
			t.Errorf("%s: replayed\n% x\nwant\n% x", name, out[1], out[0])
		}
	}

	for name, after := range map[string]func(w *Writer){
		"open element": func(w *Writer) { w.StartElement("p", "Section", "urn:p") },
		"open start tag": func(w *Writer) {
			w.EndElement()
			w.StartRaw(&RawTag{Bytes: []byte{0x40, 1, 'R'}})
		},
		"text":          func(w *Writer) { w.Text(infoset.Int(5)) },
		"new string":    func(w *Writer) { w.Leaf("", "Brand new", "urn:root", infoset.Int(1)) },
		"error":         func(w *Writer) { w.Xmlns("xml", "urn:bad") },
		"full sesssion": func(w *Writer) { w.Leaf("", strings.Repeat("y", DefaultMaxSessionSize), "urn:root", infoset.Int(1)) },
	} {
		w.Reset(nil, s)
		w.StartRaw(&RawTag{Bytes: []byte{0x40, 1, 'R'}})
		m := w.Mark()
		section(w)
		after(w)
		if _, ok := w.Since(m); ok {
			t.Errorf("%s: replayable", name)
		}
	}
	w.Reset(nil, s)
	m = w.Mark()
	w.StartRaw(&RawTag{Bytes: []byte{0x40, 1, 'R'}})
	section(w)
	w.EndElement()
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	if _, ok := w.Since(m); ok {
		t.Error("a finished message is replayable")
	}
}
