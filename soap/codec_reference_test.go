package soap

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/internal/capture"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// The reply of IOrderService.GetTeam (testdata/mono/orders) as the Mono
// service sent it: its Team's Lead is also Members[0], an IsReference
// Person written once with z:Id="i1" and then as z:Ref="i1".
// getteam_nettcp.hex.log is the net.tcp session (binary XML with the
// session dictionary), getteam_soap11.xml the BasicHttpBinding reply.
type refPerson struct {
	Initial Char           `xml:"http://schemas.datacontract.org/2004/07/Contoso.Orders Initial"`
	Name    string         `xml:"http://schemas.datacontract.org/2004/07/Contoso.Orders Name"`
	Since   DateTimeOffset `xml:"http://schemas.datacontract.org/2004/07/Contoso.Orders Since"`
}

type refTeam struct {
	Lead    *refPerson   `xml:"http://schemas.datacontract.org/2004/07/Contoso.Orders Lead"`
	Members []*refPerson `xml:"http://schemas.datacontract.org/2004/07/Contoso.Orders Members>Person"`
}

type getTeamResponse struct {
	XMLName       struct{} `xml:"http://contoso.com/orders/2024 GetTeamResponse"`
	GetTeamResult *refTeam `xml:"http://contoso.com/orders/2024 GetTeamResult"`
}

// monoGetTeam returns the GetTeam reply envelopes Mono sent: net.tcp
// (binary, session) and SOAP 1.1 text.
func monoGetTeam(t *testing.T) (binary, text []byte) {
	t.Helper()
	chunks, err := capture.ParseFile(filepath.Join("testdata", "dcs", "getteam_nettcp.hex.log"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range capture.Streams(chunks) {
		if !s.ToServer {
			envs := envelopes(t, s.Data)
			if len(envs) != 1 {
				t.Fatalf("%d replies in the capture; want 1", len(envs))
			}
			binary = envs[0]
		}
	}
	return binary, readGolden(t, "getteam_soap11.xml")
}

func checkTeam(t *testing.T, how string, r *getTeamResponse) {
	t.Helper()
	tm := r.GetTeamResult
	if tm == nil || tm.Lead == nil || len(tm.Members) != 2 {
		t.Fatalf("%s: team %+v", how, tm)
	}
	if tm.Members[0] != tm.Lead {
		t.Errorf("%s: z:Ref did not give the z:Id object: Members[0] %p, Lead %p", how, tm.Members[0], tm.Lead)
	}
	want := []*refPerson{
		{Initial: 'A', Name: "Ada", Since: DateTimeOffset{DateTime: time.Date(2024, 5, 1, 8, 30, 0, 0, time.UTC), OffsetMinutes: 120}},
		{Initial: 'É', Name: "Grace", Since: DateTimeOffset{DateTime: time.Date(2020, 1, 2, 8, 34, 5, 0, time.UTC), OffsetMinutes: -330}},
	}
	if diff := cmp.Diff(want, tm.Members, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("%s: members (-want +got):\n%s", how, diff)
	}
}

// TestReferencesFromMonoService decodes the GetTeam replies Mono's service
// sent, binary and text, and holds the binary reader's path (with its
// leaf-run fast path, which leaves a z:Id/z:Ref element to the general
// path) to the general path over the same infoset: a z:Ref member or item
// is the pointer decoded for its z:Id.
func TestReferencesFromMonoService(t *testing.T) {
	bin, text := monoGetTeam(t)
	client := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()
	m, err := client.ReadMessage(bin)
	if err != nil {
		t.Fatal(err)
	}
	var fast getTeamResponse
	if err := m.DecodeBody(&fast); err != nil {
		t.Fatal(err)
	}
	checkTeam(t, "binary", &fast)

	// The general path: the same body read into an element first, then
	// decoded from its text.
	m, err = NewBinaryEncoding(true, EncodingOptions{}).NewEncoder().ReadMessage(bin)
	if err != nil {
		t.Fatal(err)
	}
	el, err := m.BodyElement()
	if err != nil {
		t.Fatal(err)
	}
	doc := etree.NewDocument()
	doc.SetRoot(el)
	b, err := doc.WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	var general getTeamResponse
	if err := decodeText(t, b, &general); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&general, &fast, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("binary reader vs general path (-general +binary):\n%s", diff)
	}
	checkTeam(t, "general", &general)

	m, err = NewTextEncoding(Soap11, EncodingOptions{}).NewEncoder().ReadMessage(text)
	if err != nil {
		t.Fatal(err)
	}
	var fromText getTeamResponse
	if err := m.DecodeBody(&fromText); err != nil {
		t.Fatal(err)
	}
	checkTeam(t, "text", &fromText)
}

// refNode is an IsReference contract that can form a cycle.
type refNode struct {
	Reference
	Name string   `xml:"urn:n Name"`
	Next *refNode `xml:"urn:n Next"`
}

type refPair struct {
	XMLName struct{}   `xml:"urn:n Pair"`
	A       *refNode   `xml:"urn:n A"`
	Items   []*refNode `xml:"urn:n Items>Node"`
	Other   *refNode   `xml:"urn:n Other"`
}

// TestReferenceEncode: a struct embedding Reference is written once with
// z:Id and then as z:Ref, in text and binary, through the binary body fast
// path too; decoding gives the shared pointers back, and a cycle encodes.
func TestReferenceEncode(t *testing.T) {
	a := &refNode{Name: "a"}
	b := &refNode{Name: "b", Next: a}
	a.Next = b // a cycle through references
	in := &refPair{A: a, Items: []*refNode{b, a, {Name: "c"}}, Other: nil}
	text := string(encodeText(t, in))
	for _, want := range []string{
		`<A xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/" z:Id="i1"><Name>a</Name><Next z:Id="i2"><Name>b</Name><Next z:Ref="i1"/></Next></A>`,
		`<Node xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/" z:Ref="i2"/>`,
		`<Node xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/" z:Ref="i1"/>`,
		`<Node xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/" z:Id="i3"><Name>c</Name>`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %s:\n%s", want, text)
		}
	}
	check := func(how string, out *refPair) {
		t.Helper()
		if out.A == nil || out.A.Next == nil || out.A.Next.Next != out.A || len(out.Items) != 3 ||
			out.Items[0] != out.A.Next || out.Items[1] != out.A || out.Items[2].Name != "c" || out.Other != nil {
			t.Errorf("%s: decoded %+v", how, out)
		}
	}
	var fromText refPair
	if err := decodeText(t, []byte(text), &fromText); err != nil {
		t.Fatal(err)
	}
	check("text", &fromText)
	// Binary, through the body fast path (bodyTags) and Encode.
	for range 2 {
		ws := binxml.NewWriteSession(binxml.DefaultMaxSessionSize)
		rs := binxml.NewReadSession(0)
		var tags bodyTags
		for range 3 {
			fast := binxml.NewWriter(nil, ws)
			fast.StartElement("s", "Body", "urn:body")
			if err := tags.encode(fast, in); err != nil {
				t.Fatal(err)
			}
			fast.EndElement()
			fb, err := fast.Finish()
			if err != nil {
				t.Fatal(err)
			}
			size, n, err := binxml.ReadMB31(fb)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := rs.ReadTable(fb[:n+int(size)]); err != nil {
				t.Fatal(err)
			}
			br := binxml.NewReader(fb[n+int(size):], rs, binxml.Quotas{})
			br.Next()
			br.Next()
			var out refPair
			if err := Decode(br, &out); err != nil {
				t.Fatal(err)
			}
			check("binary", &out)
		}
	}
	// Each Encode numbers its own: the same value written again starts at i1.
	if again := string(encodeText(t, in)); again != text {
		t.Errorf("second Encode differs:\n%s\n%s", again, text)
	}
}
