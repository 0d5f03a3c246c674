package metadata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/beevik/etree"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

const (
	soap12Head = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header>`
	getReply   = `<a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse</a:Action>`
	mdOpen     = `<wsx:Metadata xmlns:wsx="http://schemas.xmlsoap.org/ws/2004/09/mex">`
	miniWSDL   = `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:t"/>`
)

var messageID = regexp.MustCompile(`<a:MessageID>([^<]*)</a:MessageID>`)

// fakeMEX serves answer(url of the server) as the reply to every POST,
// with the request's MessageID as RelatesTo, and the GET documents of docs.
func fakeMEX(t *testing.T, docs map[string]string, answer func(base string) string) string {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			d, ok := docs[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			io.WriteString(w, d)
			return
		}
		req, _ := io.ReadAll(r.Body)
		id := ""
		if m := messageID.FindSubmatch(req); m != nil {
			id = string(m[1])
		}
		w.Header().Set("Content-Type", "application/soap+xml; charset=utf-8")
		a := answer(srv.URL)
		if strings.Contains(a, "<s:Fault>") {
			w.WriteHeader(http.StatusInternalServerError)
		}
		io.WriteString(w, strings.Replace(a, "</s:Header>", "<a:RelatesTo>"+id+"</a:RelatesTo></s:Header>", 1))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func metadataAnswer(sections string) func(string) string {
	return func(base string) string {
		return soap12Head + getReply + `</s:Header><s:Body>` + mdOpen + strings.ReplaceAll(sections, "BASE", base) + `</wsx:Metadata></s:Body></s:Envelope>`
	}
}

func section(dialect, content string) string {
	return `<wsx:MetadataSection Dialect="` + dialect + `" Identifier="urn:t">` + content + `</wsx:MetadataSection>`
}

// TestMEXBadAnswers: every malformed or hostile MEX answer gives an error
// that says what is wrong (and where), never a description.
func TestMEXBadAnswers(t *testing.T) {
	fault := func(string) string {
		return soap12Head + `<a:Action s:mustUnderstand="1">http://www.w3.org/2005/08/addressing/soap/fault</a:Action></s:Header><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang="en">metadata publishing is off</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>`
	}
	big := section(DialectWSDL, `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:t"><wsdl:documentation>`+strings.Repeat("x", 8000)+`</wsdl:documentation></wsdl:definitions>`)
	for name, tc := range map[string]struct {
		answer func(string) string
		opts   *ImportOptions
		is     error
		want   string
	}{
		"fault":          {fault, nil, servicemodel.ErrEndpointFaultReceived, "the service answered a fault: metadata publishing is off"},
		"empty metadata": {metadataAnswer(""), nil, ErrNoMetadata, "the service returned no metadata"},
		"not metadata": {func(string) string {
			return soap12Head + getReply + `</s:Header><s:Body><x:Other xmlns:x="urn:x"/></s:Body></s:Envelope>`
		}, nil, nil, "not a mex:Metadata"},
		"empty body":        {func(string) string { return soap12Head + getReply + `</s:Header><s:Body/></s:Envelope>` }, nil, nil, "empty"},
		"oversized":         {metadataAnswer(big), &ImportOptions{MaxBytes: 4000}, ErrMetadataLimit, "MaxBytes"},
		"wrong dialect":     {metadataAnswer(section(DialectXSD, miniWSDL)), nil, nil, "section 1"},
		"policy only":       {metadataAnswer(section("http://schemas.xmlsoap.org/ws/2004/09/policy", `<wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"/>`)), nil, nil, "none of its 1 metadata sections is WSDL"},
		"two documents":     {metadataAnswer(section(DialectWSDL, miniWSDL+miniWSDL)), nil, nil, "has 2 elements"},
		"schema only":       {metadataAnswer(section(DialectXSD, `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"/>`)), nil, nil, "no WSDL section"},
		"location off":      {metadataAnswer(section(DialectWSDL, `<wsx:Location>http://example.invalid/x.wsdl</wsx:Location>`)), nil, ErrMetadataOrigin, "example.invalid"},
		"reference off":     {metadataAnswer(section(DialectWSDL, `<wsx:MetadataReference><a:Address>net.tcp://example.invalid/mex</a:Address></wsx:MetadataReference>`)), nil, ErrMetadataOrigin, "example.invalid"},
		"reference loop":    {metadataAnswer(section(DialectWSDL, `<wsx:MetadataReference><a:Address>BASE/mex</a:Address></wsx:MetadataReference>`)), &ImportOptions{MaxDepth: 3}, ErrMetadataLimit, "MaxDepth 3"},
		"too many sections": {metadataAnswer(strings.Repeat(section(DialectWSDL, miniWSDL), 5)), &ImportOptions{MaxDocuments: 4}, ErrMetadataLimit, "more than 4"},
		"after a policy":    {metadataAnswer(section("http://schemas.xmlsoap.org/ws/2004/09/policy", `<wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"/>`) + section(DialectWSDL, `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:t" targetNamespace="urn:t"><wsdl:portType name="P"><wsdl:operation name="O"><wsdl:input message="tns:M"/></wsdl:operation></wsdl:portType></wsdl:definitions>`)), nil, nil, "section 2"},
		"bad document":      {metadataAnswer(section(DialectWSDL, `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:t" targetNamespace="urn:t"><wsdl:portType name="P"><wsdl:operation name="O"><wsdl:input message="tns:M"/></wsdl:operation></wsdl:portType></wsdl:definitions>`)), nil, nil, "section 1"},
	} {
		t.Run(name, func(t *testing.T) {
			base := fakeMEX(t, nil, tc.answer)
			_, err := Import(context.Background(), base+"/mex", tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), base+"/mex") || tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("err = %v; want it to name %s/mex, say %q and be %v", err, base, tc.want, tc.is)
			}
		})
	}
}

// TestMEXSectionsOfMono: Mono's IOrderService metadata (the documents of
// testdata/wsdl/orders) as the sections of one MEX answer: the WSDL's
// imports name ?wsdl=wsdl0 and ?xsd=xsdN locations that are not among
// them, so they are matched by namespace; the package generated is
// internal/genorders, as from the saved folder.
func TestMEXSectionsOfMono(t *testing.T) {
	var sections strings.Builder
	docs := ordersDocs(t)
	for _, d := range docs {
		root, err := parseXML(d.Name, d.Data)
		if err != nil {
			t.Fatal(err)
		}
		doc := etree.NewDocument()
		doc.SetRoot(root.Copy())
		b, err := doc.WriteToString()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&sections, `<wsx:MetadataSection Dialect="%s" Identifier="%s">%s</wsx:MetadataSection>`,
			rootDialect(root), root.SelectAttrValue("targetNamespace", ""), b)
	}
	base := fakeMEX(t, nil, metadataAnswer(sections.String()))
	d, err := Import(context.Background(), base+"/mex", &ImportOptions{MaxDepth: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Documents) != len(docs) {
		t.Errorf("%d documents read; want the %d sections", len(d.Documents), len(docs))
	}
	got, err := Generate(d, GenOptions{Package: "orders", Source: "testdata/wsdl/orders"})
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("internal/genorders/orders.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("the MEX sections generate another package than the saved folder (internal/genorders)")
	}
}

// TestMEXUnreachable: a net.tcp service address where nothing listens
// fails naming both tries, the address and its /mex.
func TestMEXUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := strings.Replace(srv.URL, "http://", "net.tcp://", 1) + "/calc"
	srv.Close()
	_, err := Import(context.Background(), addr, nil)
	if !errors.Is(err, servicemodel.ErrEndpointNotFound) || !strings.Contains(err.Error(), addr+"/mex") || !strings.Contains(err.Error(), "tried "+addr+" first") {
		t.Errorf("err = %v; want ErrEndpointNotFound (connection refused) naming %s and its /mex", err, addr)
	}
}

// TestMEXSectionReferences: a section's Location (HTTP GET) and
// MetadataReference (another MEX Get) on the source's origin are followed.
func TestMEXSectionReferences(t *testing.T) {
	calc, err := os.ReadFile("../../testdata/wsdl/calculator.wsdl")
	if err != nil {
		t.Fatal(err)
	}
	base := fakeMEX(t, map[string]string{"/calc.wsdl": string(calc)}, func(base string) string {
		return metadataAnswer(section(DialectWSDL, `<wsx:Location>BASE/calc.wsdl</wsx:Location>`))(base)
	})
	d, err := Import(context.Background(), base+"/mex", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.PortTypes) != 1 || d.PortTypes[0].Name.Local != "ICalculator" {
		t.Errorf("port types %+v", d.PortTypes)
	}
	ref := fakeMEX(t, nil, metadataAnswer(section(DialectWSDL, `<wsx:MetadataReference><a:Address>`+base+`/mex</a:Address></wsx:MetadataReference>`)))
	if _, err := Import(context.Background(), ref+"/mex", nil); !errors.Is(err, ErrMetadataOrigin) {
		t.Errorf("a reference to another host: %v; want ErrMetadataOrigin", err)
	}
	if d, err := Import(context.Background(), ref+"/mex", &ImportOptions{AllowOtherOrigins: true}); err != nil || len(d.PortTypes) != 1 {
		t.Errorf("a reference to another host, allowed: %v", err)
	}
}

// wire writes m with SOAP 1.2 text and reads it back, as a host or a
// client receives it.
func wire(t *testing.T, m *soap.Message) *soap.Message {
	t.Helper()
	enc := soap.NewTextEncoding(soap.Soap12WSAddressing10, soap.EncodingOptions{MaxReceivedMessageSize: 1 << 20}).NewEncoder()
	b, err := enc.WriteMessage(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	r, err := enc.ReadMessage(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestMEXAnswerShape: the host's answer is WCF's: GetResponse with a
// mex:Metadata of one section per document, Dialect and Identifier set;
// GetMetadata filters by Dialect and Identifier; other actions get
// ActionNotSupported.
func TestMEXAnswerShape(t *testing.T) {
	calc, err := os.ReadFile("../../testdata/wsdl/calculator.wsdl")
	if err != nil {
		t.Fatal(err)
	}
	describe := func() (*servicemodel.MetadataSet, error) {
		return &servicemodel.MetadataSet{Documents: []servicemodel.MetadataDocument{{Name: "wsdl", Data: calc}}}, nil
	}
	ask := func(action, body string) ([]mexSection, error) {
		req := soap.NewMessage(soap.Soap12WSAddressing10, action, nil)
		if body != "" {
			d := etree.NewDocument()
			if err := d.ReadFromString(body); err != nil {
				t.Fatal(err)
			}
			req.SetBody(d.Root())
		}
		m, err := MEX(context.Background(), wire(t, req), describe)
		if err != nil {
			return nil, err
		}
		want := map[string]string{ActionTransferGet: ActionTransferGetResponse, ActionGetMetadataRequest: ActionGetMetadataResponse}[action]
		if m.Action != want {
			t.Errorf("reply action %q; want %q", m.Action, want)
		}
		r := wire(t, m)
		el, err := r.BodyElement()
		if err != nil {
			t.Fatal(err)
		}
		return readMetadata("answer", el, 10)
	}
	s, err := ask(ActionTransferGet, "")
	if err != nil || len(s) != 1 || s[0].Dialect != DialectWSDL || s[0].Identifier != "http://tempuri.org/" || s[0].Doc == nil || s[0].Doc.Tag != "definitions" {
		t.Fatalf("Get: %+v, %v", s, err)
	}
	b, err := sectionBytes(s[0].Doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadDocuments([]Document{{Name: "section", Data: b}}, nil); err != nil {
		t.Errorf("the section does not read as a document: %v", err)
	}
	const getMetadata = `<GetMetadata xmlns="http://schemas.xmlsoap.org/ws/2004/09/mex">%s</GetMetadata>`
	if s, err := ask(ActionGetMetadataRequest, ""); err != nil || len(s) != 1 {
		t.Errorf("GetMetadata without a body: %+v, %v", s, err)
	}
	if s, err := ask(ActionGetMetadataRequest, fmt.Sprintf(getMetadata, "<Dialect>"+DialectWSDL+"</Dialect><Identifier>http://tempuri.org/</Identifier>")); err != nil || len(s) != 1 {
		t.Errorf("GetMetadata of the WSDL: %+v, %v", s, err)
	}
	if _, err := ask(ActionGetMetadataRequest, fmt.Sprintf(getMetadata, "<Dialect>"+DialectXSD+"</Dialect>")); !errors.Is(err, ErrNoMetadata) {
		t.Errorf("GetMetadata of XML Schema (the WSDL embeds its schemas): %v; want none", err)
	}
	if _, err := ask(ActionGetMetadataRequest, `<x xmlns="urn:x"/>`); err == nil || !strings.Contains(err.Error(), "mex:GetMetadata") {
		t.Errorf("GetMetadata with another body: %v", err)
	}
	var f *soap.Fault
	if _, err := ask("urn:other", ""); !errors.As(err, &f) || !strings.Contains(f.Reason(), "urn:other") {
		t.Errorf("another action: %v; want ActionNotSupported", err)
	}
}

// FuzzReadMEXAnswer feeds the MEX answer reader — envelope, mex:Metadata,
// sections, their documents — with answers mutated from real ones: the Go
// host's GetResponse (captured from its HTTP MEX endpoint) and Mono's
// empty one.
func FuzzReadMEXAnswer(f *testing.F) {
	for _, n := range []string{"calculator-get-response.xml", "mono-get-response.xml"} {
		b, err := os.ReadFile("../../testdata/mex/" + n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(metadataAnswer(section(DialectWSDL, `<wsx:Location>BASE/calc.wsdl</wsx:Location>`) + section(DialectXSD, `<wsx:MetadataReference><a:Address>BASE/mex</a:Address></wsx:MetadataReference>`))("http://h")))
	enc := soap.NewTextEncoding(soap.Soap12WSAddressing10, soap.EncodingOptions{MaxReceivedMessageSize: 1 << 20,
		Quotas: soap.ReaderQuotas{MaxDepth: mexMaxDepth, MaxStringContentLength: 1 << 20, MaxArrayLength: 1 << 20, MaxBytesPerRead: 1 << 20, MaxNameTableCharCount: 1 << 20}}).NewEncoder()
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := enc.ReadMessage(data)
		if err != nil || m.IsFault() || m.IsEmpty() {
			return
		}
		body, err := m.BodyElement()
		if err != nil {
			return
		}
		sections, err := readMetadata("answer", body, DefaultMaxDocuments)
		if err != nil {
			var me *MetadataError
			if !errors.As(err, &me) && !errors.Is(err, ErrNoMetadata) && !errors.Is(err, ErrMetadataLimit) {
				t.Fatalf("error without a document: %v", err)
			}
			return
		}
		var docs []Document
		for _, s := range sections {
			if s.Doc == nil {
				continue
			}
			b, err := sectionBytes(s.Doc)
			if err != nil {
				t.Fatalf("section %d does not write: %v", s.N, err)
			}
			docs = append(docs, Document{Name: fmt.Sprintf("section %d", s.N), Data: b})
		}
		if len(docs) == 0 {
			return
		}
		if d, err := ReadDocuments(docs, nil); err == nil {
			Generate(d, GenOptions{Package: "p"}) // must not panic; errors are fine
		}
	})
}
