package xmltext

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func nested(depth int) string {
	return strings.Repeat("<a>", depth) + strings.Repeat("</a>", depth)
}

// startTag returns an empty-element tag of exactly n bytes.
func startTag(n int) string {
	const head, tail = `<a x="`, `"/>`
	return head + strings.Repeat("v", n-len(head)-len(tail)) + tail
}

// distinctNames returns a document whose element names add exactly n
// bytes (n > 8) to the name table: the root "r" and then distinct names.
func distinctNames(n int) string {
	var b strings.Builder
	b.WriteString("<r>")
	rest := n - 1
	for i := 0; rest > 0; i++ {
		k := min(rest, 100)
		if rest-k > 0 && rest-k < 8 {
			k -= 8
		}
		name := "n" + strconv.Itoa(i)
		name += strings.Repeat("x", k-len(name))
		b.WriteString("<" + name + "/>")
		rest -= k
	}
	b.WriteString("</r>")
	return b.String()
}

func TestQuotas(t *testing.T) {
	d := DefaultQuotas()
	cases := []struct {
		name  string
		doc   string
		q     Quotas
		quota string // "" when the document must be accepted
	}{
		{"depth at limit", nested(32), Quotas{}, ""},
		{"depth over limit", nested(33), Quotas{}, "MaxDepth (32)"},
		{"depth custom", nested(4), Quotas{MaxDepth: 3}, "MaxDepth (3)"},
		{"text at limit", "<a>" + strings.Repeat("x", 8192) + "</a>", Quotas{}, ""},
		{"text over limit", "<a>" + strings.Repeat("x", 8193) + "</a>", Quotas{}, "MaxStringContentLength (8192)"},
		{"text counts characters", "<a>" + strings.Repeat("é", 8192) + "</a>", Quotas{}, ""},
		{"escaped text at limit", "<a>" + strings.Repeat("&amp;", 8192) + "</a>", Quotas{}, ""},
		{"escaped text over limit", "<a>" + strings.Repeat("&amp;", 8193) + "</a>", Quotas{}, "MaxStringContentLength (8192)"},
		{"cdata over limit", "<a><![CDATA[" + strings.Repeat("x", 8193) + "]]></a>", Quotas{}, "MaxStringContentLength"},
		{"comment over limit", "<a><!--" + strings.Repeat("x", 8193) + "--></a>", Quotas{}, "MaxStringContentLength"},
		{"attribute at limit", `<a x="` + strings.Repeat("x", 8192) + `"/>`, Quotas{MaxBytesPerRead: 9000}, ""},
		{"attribute over limit", `<a x="` + strings.Repeat("x", 8193) + `"/>`, Quotas{MaxBytesPerRead: 9000}, "MaxStringContentLength (8192)"},
		{"start tag at limit", startTag(4096), Quotas{}, ""},
		{"start tag over limit", startTag(4097), Quotas{}, "MaxBytesPerRead (4096)"},
		{"names at limit", distinctNames(16384), Quotas{}, ""},
		{"names over limit", distinctNames(16385), Quotas{}, "MaxNameTableCharCount (16384)"},
		{"names custom", distinctNames(101), Quotas{MaxNameTableCharCount: 100}, "MaxNameTableCharCount (100)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readTree([]byte(tc.doc), tc.q)
			if tc.quota == "" {
				if err != nil {
					t.Fatalf("got error %v, want none (defaults %+v)", err, d)
				}
				return
			}
			if !errors.Is(err, ErrQuotaExceeded) {
				t.Fatalf("got error %v, want ErrQuotaExceeded", err)
			}
			if want := "xmltext: quota exceeded: " + tc.quota; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("got error %q, want it to start with %q", err, want)
			}
		})
	}
}

func TestDefaultQuotas(t *testing.T) {
	want := Quotas{MaxDepth: 32, MaxStringContentLength: 8192, MaxArrayLength: 16384,
		MaxBytesPerRead: 4096, MaxNameTableCharCount: 16384}
	if got := DefaultQuotas(); got != want {
		t.Errorf("DefaultQuotas() = %+v, want %+v", got, want)
	}
	if got := (Quotas{MaxDepth: 7}).withDefaults(); got.MaxDepth != 7 || got.MaxBytesPerRead != 4096 {
		t.Errorf("withDefaults kept %+v, want MaxDepth 7 and the other defaults", got)
	}
}

// TestNameTableReuse checks that a reused Reader keeps its name table
// bounded and still reads documents with many distinct names.
func TestNameTableReuse(t *testing.T) {
	r, err := NewReader(nil, Quotas{MaxNameTableCharCount: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		doc := []byte(distinctNames(900 - i))
		if err := r.Reset(doc); err != nil {
			t.Fatal(err)
		}
		for {
			k, err := r.Next()
			if err != nil {
				t.Fatalf("document %d: %v", i, err)
			}
			if k == 0 {
				break
			}
		}
		if r.names.total > 2*1000 {
			t.Fatalf("document %d: name table holds %d bytes, want at most %d", i, r.names.total, 2000)
		}
	}
}
