package binxml

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

func TestRenderIndent(t *testing.T) {
	doc := bin("40", str("a"), "02", str("c--x-"), "40", str("b"), "99", str("t"), "40", str("e"), "01 01")
	want := "<a>\n  <!--c- -x- -->\n  <b>t</b>\n  <e/>\n</a>"
	got, err := DecodeXML(doc, nil, Quotas{}, true)
	if err != nil || string(got) != want {
		t.Errorf("indented:\n got %q, %v\nwant %q", got, err, want)
	}
}

func TestWriteXML(t *testing.T) {
	var buf bytes.Buffer
	err := WriteXML(&buf, NewReader(specExample74, nil, Quotas{}), false)
	if err != nil || !bytes.Contains(buf.Bytes(), []byte("<m>5.123456</m>")) {
		t.Errorf("WriteXML: %v, %s", err, buf.Bytes())
	}
	buf.Reset()
	err = WriteXML(&buf, NewReader(specExample74[:20], nil, Quotas{}), false)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("WriteXML of a truncated document: got %v, want io.ErrUnexpectedEOF", err)
	}
}

func TestRenderEscapesInvalidUTF8(t *testing.T) {
	got := appendEscaped(nil, []byte("a\xffb\x7f\"'"), true)
	if want := "a\uFFFDb&#x7F;&quot;'"; string(got) != want {
		t.Errorf("appendEscaped: got %q, want %q", got, want)
	}
}
