package servicemodel

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/wwsgo/wws/soap"
)

const (
	vmEnvelope11 = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Add xmlns="http://tempuri.org/"><a>1</a><b>2</b></Add></s:Body></s:Envelope>`
	vmEnvelope12 = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header><a:Action s:mustUnderstand="1">http://tempuri.org/ICalculator/Add</a:Action></s:Header><s:Body><Add xmlns="http://tempuri.org/"><a>1</a><b>2</b></Add></s:Body></s:Envelope>`
	vmEnvelopeX  = `<s:Envelope xmlns:s="urn:not-a-soap-envelope"><s:Body/></s:Envelope>`
)

// vmReply is the part of a fault reply the test checks, read with
// encoding/xml rather than our own reader.
type vmReply struct {
	XMLName xml.Name
	Header  struct {
		Upgrade []struct {
			XMLName   xml.Name
			Supported []struct {
				XMLName xml.Name
				QName   string `xml:"qname,attr"`
				NSDecl  string `xml:"xmlns ns1,attr"`
			} `xml:"SupportedEnvelope"`
		} `xml:"http://www.w3.org/2003/05/soap-envelope Upgrade"`
	} `xml:"Header"`
	Body struct {
		Fault struct {
			XMLName   xml.Name
			FaultCode string `xml:"faultcode"` // SOAP 1.1
			Code      struct {
				Value string `xml:"Value"`
			} `xml:"Code"` // SOAP 1.2
		} `xml:"Fault"`
	} `xml:"Body"`
}

// An envelope of the other SOAP version (or of no SOAP version) gets a
// VersionMismatch fault with status 500 at both text endpoints, in either
// media type; the SOAP 1.2 endpoint adds the Upgrade header (SOAP 1.2
// Part 1 §5.4.7, Appendix A).
func TestHTTPVersionMismatch(t *testing.T) {
	checkLeaks(t)
	soap12 := startHTTP(t, NewWSHTTPBinding(), "http://127.0.0.1:0/calc", &hcService{})
	soap11 := startHTTP(t, NewBasicHTTPBinding(), "http://127.0.0.1:0/calc/basic", &hcService{})
	tests := []struct {
		name, url, ct, body string
		wantEnvelope        string // namespace of the fault envelope
		wantUpgrade         bool
	}{
		{"1.1 envelope as text/xml to the 1.2 endpoint", soap12, soap.ContentTypeSoap11Text, vmEnvelope11, soap.NamespaceSoap11, true},
		{"1.1 envelope as soap+xml to the 1.2 endpoint", soap12, soap.ContentTypeSoap12Text, vmEnvelope11, soap.NamespaceSoap11, true},
		{"unknown envelope to the 1.2 endpoint", soap12, soap.ContentTypeSoap12Text, vmEnvelopeX, soap.NamespaceSoap12, true},
		{"1.2 envelope as soap+xml to the 1.1 endpoint", soap11, soap.ContentTypeSoap12Text, vmEnvelope12, soap.NamespaceSoap11, false},
		{"1.2 envelope as text/xml to the 1.1 endpoint", soap11, soap.ContentTypeSoap11Text, vmEnvelope12, soap.NamespaceSoap11, false},
		{"unknown envelope to the 1.1 endpoint", soap11, soap.ContentTypeSoap11Text, vmEnvelopeX, soap.NamespaceSoap11, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, tt.url, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.ct)
			req.Header.Set("SOAPAction", `"http://tempuri.org/ICalculator/Add"`)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusInternalServerError {
				t.Fatalf("status %d, want 500\n%s", resp.StatusCode, raw)
			}
			wantCT := soap.ContentTypeSoap11Text
			if tt.wantEnvelope == soap.NamespaceSoap12 {
				wantCT = soap.ContentTypeSoap12Text
			}
			if got := resp.Header.Get("Content-Type"); got != wantCT {
				t.Errorf("Content-Type %q, want %q", got, wantCT)
			}
			var r vmReply
			if err := xml.Unmarshal(raw, &r); err != nil {
				t.Fatalf("%v\n%s", err, raw)
			}
			if r.XMLName.Space != tt.wantEnvelope || r.Body.Fault.XMLName.Space != tt.wantEnvelope {
				t.Errorf("envelope %v, fault %v; want namespace %s\n%s", r.XMLName, r.Body.Fault.XMLName, tt.wantEnvelope, raw)
			}
			code := r.Body.Fault.FaultCode
			if tt.wantEnvelope == soap.NamespaceSoap12 {
				code = r.Body.Fault.Code.Value
			}
			if _, local, _ := strings.Cut(code, ":"); local != "VersionMismatch" {
				t.Errorf("fault code %q, want VersionMismatch\n%s", code, raw)
			}
			if !strings.Contains(string(raw), "does not match that of the encoder") {
				t.Errorf("no reason text\n%s", raw)
			}
			if !tt.wantUpgrade {
				if len(r.Header.Upgrade) != 0 {
					t.Errorf("SOAP 1.1 endpoint sent an Upgrade header\n%s", raw)
				}
				return
			}
			if len(r.Header.Upgrade) != 1 || len(r.Header.Upgrade[0].Supported) != 1 {
				t.Fatalf("want one Upgrade with one SupportedEnvelope\n%s", raw)
			}
			se := r.Header.Upgrade[0].Supported[0]
			if se.XMLName.Space != soap.NamespaceSoap12 || se.QName != "ns1:Envelope" || se.NSDecl != soap.NamespaceSoap12 {
				t.Errorf("SupportedEnvelope %+v, want qname ns1:Envelope with ns1 = the SOAP 1.2 namespace\n%s", se, raw)
			}
		})
	}
}

// Bodies that are not an envelope keep WCF's answers: 415 for the other
// media type, 400 for the endpoint's own.
func TestHTTPVersionMismatchOnlyForEnvelopes(t *testing.T) {
	checkLeaks(t)
	soap12 := startHTTP(t, NewWSHTTPBinding(), "http://127.0.0.1:0/calc", &hcService{})
	soap11 := startHTTP(t, NewBasicHTTPBinding(), "http://127.0.0.1:0/calc/basic", &hcService{})
	binary := startHTTP(t, NewBinaryHTTPBinding(), "http://127.0.0.1:0/calc/bin", &hcService{})
	tests := []struct {
		name, url, ct, body string
		want                int
	}{
		{"not xml, other media type", soap12, soap.ContentTypeSoap11Text, "hello", 415},
		{"not an envelope, other media type", soap11, soap.ContentTypeSoap12Text, "<Add/>", 415},
		{"own envelope in the other media type", soap12, soap.ContentTypeSoap11Text, vmEnvelope12, 415},
		{"not xml, own media type", soap12, soap.ContentTypeSoap12Text, "hello", 400},
		{"text to the binary endpoint", binary, soap.ContentTypeSoap12Text, vmEnvelope11, 415},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(tt.url, tt.ct, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
}
