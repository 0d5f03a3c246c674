package servicemodel

// The host's HTTP answers (SOAP 1.1 §6, SOAP 1.2 Part 2 §7) and the
// client's reading of them, each checked against what WCF does. WCF
// sources (dotnet/wcf, CoreWCF, referencesource
// System.ServiceModel/Channels): HttpInput.ValidateContentType
// (415: HttpContentTypeHeaderRequired / ContentTypeMismatch),
// HttpInput.GetMessageBuffer → ThrowMaxReceivedMessageSizeExceeded (413),
// HttpPipeline/HttpChannelListener.HandleProcessInboundException (400 for
// what is not a ProtocolException: malformed XML; empty body → BadRequest),
// HttpInput.ProcessHttpAddressing (SOAPAction/action= handling and
// ActionMismatchAddressingException → WSAddressing10ProblemHeaderQNameFault,
// 500), and the dispatcher's ContractFilter fault for a SOAP 1.1 request
// without SOAPAction (its action stays empty).

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wwsgo/wws/soap"
)

// encodeRequest returns the encoded request of op for version v.
func encodeRequest(t testing.TB, v soap.MessageVersion, to, op string, body any) []byte {
	t.Helper()
	m := soap.NewMessage(v, hcAction+op, body)
	if v.Addressing != soap.AddressingNone {
		m.MessageID = soap.NewMessageID()
		m.ReplyTo = &soap.EndpointReference{Address: v.Addressing.Anonymous()}
		m.To = to
	}
	b, err := soap.NewTextEncoding(v, soap.EncodingOptions{}).NewEncoder().WriteMessage(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type rawCase struct {
	name        string
	method      string
	query       string
	path        string // appended to the endpoint URL
	contentType string
	soapAction  *string
	body        []byte
	chunked     bool // hide the length

	status      int
	wantFault   string // local name of the innermost fault code, "" for no fault
	wantBody    string // substring of the response body
	wantAllow   bool
	emptyAnswer bool
}

func strp(s string) *string { return &s }

func TestHTTPHostAnswers(t *testing.T) {
	checkLeaks(t)
	svc := &hcService{}
	url12 := startHTTP(t, NewWSHTTPBinding(), "http://127.0.0.1:0/calc/soap12", svc)
	url11 := startHTTP(t, NewBasicHTTPBinding(), strings.TrimSuffix(url12, "soap12")+"soap11", svc)
	add12 := encodeRequest(t, soap.Soap12WSAddressing10, url12, "Add", &hcAdd{A: 2, B: 3})
	add11 := encodeRequest(t, soap.Soap11, "", "Add", &hcAdd{A: 2, B: 3})
	ping := "ping"
	notify12 := encodeRequest(t, soap.Soap12WSAddressing10, url12, "Notify", &hcNotify{Text: &ping})
	big := append(bytes.Repeat([]byte(" "), 70000), add12...)
	ct12, ct11 := soap.ContentTypeSoap12Text, soap.ContentTypeSoap11Text

	tests := map[string][]rawCase{url12: {
		{name: "add", contentType: ct12, body: add12, status: 200, wantBody: "<AddResult>5</AddResult>"},
		{name: "BOM-prefixed body (Mono)", contentType: ct12, body: append([]byte("\xef\xbb\xbf"), add12...), status: 200, wantBody: "<AddResult>5</AddResult>"},
		{name: "one-way → 202 empty", contentType: ct12, body: notify12, status: 202, emptyAnswer: true},
		{name: "no content type → 415", body: add12, status: 415},
		{name: "SOAP 1.1 content type → 415", contentType: ct11, body: add12, status: 415},
		{name: "unsupported charset → 415", contentType: "application/soap+xml; charset=iso-8859-1", body: add12, status: 415},
		{name: "GET → 405", method: "GET", status: 405, wantAllow: true},
		{name: "PUT → 405", method: "PUT", contentType: ct12, body: add12, status: 405, wantAllow: true},
		{name: "GET ?wsdl", method: "GET", query: "wsdl", status: 200, wantBody: `<doc contract="ICalculator">`},
		{name: "GET ?singleWsdl", method: "GET", query: "singleWsdl", status: 200, wantBody: `<port address="` + url12 + `"`},
		{name: "GET ?xsd=xsd0 (a part, located at the endpoint)", method: "GET", query: "xsd=xsd0", status: 200, wantBody: `<schema base="` + url12 + `"/>`},
		{name: "GET ?XSD=XSD0 (any case)", method: "GET", query: "XSD=XSD0", status: 200, wantBody: `<schema base=`},
		{name: "GET ?xsd=xsd9 (no such part) → 404", method: "GET", query: "xsd=xsd9", status: 404},
		{name: "GET ?other → 405", method: "GET", query: "other", status: 405, wantAllow: true},
		{name: "over MaxReceivedMessageSize → 413", contentType: ct12, body: big, status: 413},
		{name: "chunked, over MaxReceivedMessageSize → 413", contentType: ct12, body: big, chunked: true, status: 413},
		{name: "empty body → 400", contentType: ct12, body: []byte{}, status: 400},
		{name: "malformed XML → 400", contentType: ct12, body: add12[:120], status: 400, emptyAnswer: true},
		{name: "SOAP 1.1 envelope → VersionMismatch fault 500", contentType: ct12, body: add11, status: 500,
			wantFault: "VersionMismatch", wantBody: "<env:Upgrade"},
		{name: "matching action= parameter", contentType: ct12 + `; action="` + hcAction + `Add"`, body: add12, status: 200, wantBody: "<AddResult>5</AddResult>"},
		{name: "action mismatch → fault 500", contentType: ct12 + `; action="urn:other"`, body: add12, status: 500,
			wantFault: "ActionMismatch", wantBody: "does not match the HTTP SOAP Action, 'urn:other'"},
		{name: "empty action= parameter is ignored", contentType: ct12 + `; action=""`, body: add12, status: 200},
		{name: "unknown path → 404", path: "/nothere", contentType: ct12, body: add12, status: 404},
	}, url11: {
		{name: "add", contentType: ct11, soapAction: strp(`"` + hcAction + `Add"`), body: add11, status: 200, wantBody: "<AddResult>5</AddResult>"},
		{name: "URL-encoded SOAPAction", contentType: ct11, soapAction: strp(`"http%3A%2F%2Ftempuri.org%2FICalculator%2FAdd"`), body: add11, status: 200, wantBody: "<AddResult>5</AddResult>"},
		{name: "unquoted SOAPAction", contentType: ct11, soapAction: strp(hcAction + "Add"), body: add11, status: 200},
		{name: "missing SOAPAction → ContractFilter fault 500", contentType: ct11, body: add11, status: 500,
			wantFault: "ActionNotSupported", wantBody: "The message with Action '' cannot be processed"},
		{name: "wrong SOAPAction → ContractFilter fault 500", contentType: ct11, soapAction: strp(`"urn:nope"`), body: add11, status: 500,
			wantFault: "ActionNotSupported", wantBody: "Action 'urn:nope'"},
		{name: "SOAP 1.2 content type → 415", contentType: ct12, soapAction: strp(`""`), body: add11, status: 415},
	}}
	for url, cases := range tests {
		for _, tc := range cases {
			t.Run(url[strings.LastIndex(url, "/")+1:]+"/"+tc.name, func(t *testing.T) {
				resp, body := doRaw(t, url, tc)
				if resp.StatusCode != tc.status {
					t.Fatalf("status %d; want %d (body %.300q)", resp.StatusCode, tc.status, body)
				}
				if tc.wantAllow && resp.Header.Get("Allow") != "POST" {
					t.Errorf("Allow = %q; want POST", resp.Header.Get("Allow"))
				}
				if tc.emptyAnswer && len(body) != 0 {
					t.Errorf("body %q; want none", body)
				}
				if !strings.Contains(string(body), tc.wantBody) {
					t.Errorf("body %.500q; want it to contain %q", body, tc.wantBody)
				}
				if tc.wantFault != "" {
					// A VersionMismatch fault to a SOAP 1.1 envelope is SOAP 1.1 (Appendix A.2).
					checkFault(t, url == url12 && tc.wantFault != "VersionMismatch", resp, body, tc.wantFault)
				}
			})
		}
	}
}

func doRaw(t *testing.T, url string, tc rawCase) (*http.Response, []byte) {
	t.Helper()
	method := tc.method
	if method == "" {
		method = http.MethodPost
	}
	target := url + tc.path
	if tc.query != "" {
		target += "?" + tc.query
	}
	var rd io.Reader
	if tc.body != nil {
		rd = bytes.NewReader(tc.body)
		if tc.chunked {
			rd = io.MultiReader(rd)
		}
	}
	req, err := http.NewRequest(method, target, rd)
	if err != nil {
		t.Fatal(err)
	}
	if tc.contentType != "" {
		req.Header.Set("Content-Type", tc.contentType)
	}
	if tc.soapAction != nil {
		req.Header.Set("SOAPAction", *tc.soapAction)
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// checkFault reads a fault response and checks its code and, for
// ActionMismatch, WCF's action and ProblemHeaderQName detail.
func checkFault(t *testing.T, soap12 bool, resp *http.Response, body []byte, wantSub string) {
	t.Helper()
	v := soap.Soap11
	if soap12 {
		v = soap.Soap12WSAddressing10
	}
	m, err := soap.NewTextEncoding(v, soap.EncodingOptions{}).NewEncoder().ReadMessage(body)
	if err != nil {
		t.Fatalf("fault body: %v", err)
	}
	f, err := m.Fault()
	if err != nil {
		t.Fatalf("fault: %v", err)
	}
	if soap12 && (f.Code.Subcode == nil || f.Code.Subcode.Value.Local != wantSub) {
		t.Errorf("fault code %v; want Sender/%s", f.Code.String(), wantSub)
	}
	if !soap12 && f.Code.Value.Local != wantSub {
		t.Errorf("SOAP 1.1 faultcode %v; want %s", f.Code.String(), wantSub)
	}
	if wantSub == "ActionMismatch" {
		if m.Action != soap.Addressing10.FaultAction() {
			t.Errorf("fault action %q; want %q", m.Action, soap.Addressing10.FaultAction())
		}
		if !strings.Contains(string(body), "<a:ProblemHeaderQName>a:Action</a:ProblemHeaderQName>") {
			t.Errorf("no ProblemHeaderQName detail in %s", body)
		}
	}
}

// TestHTTPClientStatuses checks how the client channel reads each answer.
func TestHTTPClientStatuses(t *testing.T) {
	checkLeaks(t)
	ct12 := soap.ContentTypeSoap12Text
	reply := func(t testing.TB, f *soap.Fault) []byte {
		m := soap.NewMessage(soap.Soap12WSAddressing10, hcAction+"AddResponse", &hcAddResponse{AddResult: 5})
		if f != nil {
			m = soap.NewFaultMessage(soap.Soap12WSAddressing10, f)
		}
		b, err := soap.NewTextEncoding(soap.Soap12WSAddressing10, soap.EncodingOptions{}).NewEncoder().WriteMessage(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	boom := reply(t, soap.SenderFault("boom"))
	tests := []struct {
		name    string
		status  int
		ct      string
		body    []byte
		close   bool
		oneWay  bool
		wantErr error // nil: success
		fault   bool
	}{
		{name: "200 reply", status: 200, ct: ct12, body: reply(t, nil)},
		{name: "200 BOM reply (Mono)", status: 200, ct: ct12, body: append([]byte("\xef\xbb\xbf"), reply(t, nil)...)},
		{name: "500 fault with Connection: close (Mono)", status: 500, ct: ct12, body: boom, close: true, fault: true},
		{name: "404", status: 404, wantErr: ErrEndpointNotFound},
		{name: "503", status: 503, wantErr: ErrEndpointTooBusy},
		{name: "401", status: 401, wantErr: ErrEndpointAccessDenied},
		{name: "403", status: 403, wantErr: ErrEndpointAccessDenied},
		{name: "413", status: 413, wantErr: ErrQuotaExceeded},
		{name: "415", status: 415, wantErr: ErrInvalidFormat},
		{name: "500 HTML", status: 500, ct: "text/html", body: []byte("<html>oops</html>"), wantErr: ErrEndpointFailure},
		{name: "502", status: 502, wantErr: ErrEndpointUnreachable},
		{name: "202 to a request", status: 202, wantErr: ErrHTTPNoReply},
		{name: "reply over MaxReceivedMessageSize", status: 200, ct: ct12, body: append(reply(t, nil), bytes.Repeat([]byte(" "), 70000)...), wantErr: ErrQuotaExceeded},
		{name: "200 garbage", status: 200, ct: ct12, body: []byte("<s:Envelope"), wantErr: ErrInvalidFormat},
		{name: "one-way 202 (.NET)", status: 202, oneWay: true},
		{name: "one-way 200 empty (Mono)", status: 200, oneWay: true},
		{name: "one-way 500 fault", status: 500, ct: ct12, body: boom, oneWay: true, fault: true},
		{name: "one-way 404", status: 404, oneWay: true, wantErr: ErrEndpointNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var gotCT, gotAction string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotCT, gotAction = r.Header.Get("Content-Type"), r.Header.Get("SOAPAction")
				io.Copy(io.Discard, r.Body)
				if tc.ct != "" {
					w.Header().Set("Content-Type", tc.ct)
				}
				if tc.close {
					w.Header().Set("Connection", "close")
				}
				w.WriteHeader(tc.status)
				w.Write(tc.body)
			}))
			defer srv.Close()
			b := NewWSHTTPBinding()
			ch := dial(t, b, srv.URL+"/calc")
			var err error
			var r hcAddResponse
			if tc.oneWay {
				err = ch.Send(context.Background(), soap.NewMessage(b.MessageVersion(), hcAction+"Notify", &hcNotify{}))
			} else {
				err = hcCall(context.Background(), ch, b.MessageVersion(), "Add", &hcAdd{A: 2, B: 3}, &r)
			}
			if gotCT != ct12 || gotAction != "" {
				t.Errorf("request Content-Type %q SOAPAction %q; want %q and none", gotCT, gotAction, ct12)
			}
			var f *soap.Fault
			switch {
			case tc.fault:
				if !errors.As(err, &f) || f.Reason() != "boom" {
					t.Errorf("error %v; want the fault boom", err)
				}
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Errorf("error %v; want %v", err, tc.wantErr)
				}
				var se *HTTPStatusError
				if errors.As(err, &se) && se.StatusCode != tc.status {
					t.Errorf("HTTPStatusError.StatusCode %d; want %d", se.StatusCode, tc.status)
				}
			case err != nil:
				t.Errorf("error %v; want success", err)
			case !tc.oneWay && r.AddResult != 5:
				t.Errorf("AddResult %d; want 5", r.AddResult)
			}
		})
	}
}

// TestHTTPClientRefused: a refused connection is ErrEndpointUnreachable
// with the dial error, not the cancellation of the call's own context.
func TestHTTPClientRefused(t *testing.T) {
	checkLeaks(t)
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close() // nothing listens there now
	b := NewWSHTTPBinding()
	ch := dial(t, b, addr+"/calc")
	var r hcAddResponse
	err := hcCall(context.Background(), ch, b.MessageVersion(), "Add", &hcAdd{A: 2, B: 3}, &r)
	if !errors.Is(err, ErrEndpointUnreachable) || errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "refused") {
		t.Errorf("error %v; want ErrEndpointUnreachable naming the refused connection", err)
	}
}

// TestHTTPClientRequestFormat checks what the client puts on the wire for
// each version: SOAP 1.1 → text/xml and a quoted SOAPAction, no Header;
// SOAP 1.2 → application/soap+xml without action=, and wsa headers with
// MessageID, anonymous ReplyTo and To.
func TestHTTPClientRequestFormat(t *testing.T) {
	checkLeaks(t)
	tests := []struct {
		b                  *HTTPBinding
		ct, action         string
		contains, excludes []string
	}{
		{NewBasicHTTPBinding(), soap.ContentTypeSoap11Text, `"` + hcAction + `Add"`,
			[]string{`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Add xmlns="http://tempuri.org/">`}, []string{"Header"}},
		{NewWSHTTPBinding(), soap.ContentTypeSoap12Text, "",
			[]string{`<a:Action s:mustUnderstand="1">` + hcAction + `Add</a:Action>`, "<a:MessageID>urn:uuid:",
				`<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>`,
				`<a:To s:mustUnderstand="1">URL</a:To>`}, nil},
		{NewBinaryHTTPBinding(), soap.ContentTypeBinary, "", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.ct, func(t *testing.T) {
			var got *http.Request
			var body []byte
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r
				body, _ = io.ReadAll(r.Body)
				w.WriteHeader(http.StatusAccepted)
			}))
			defer srv.Close()
			url := srv.URL + "/calc"
			ch := dial(t, tc.b, url)
			err := hcCall(context.Background(), ch, tc.b.MessageVersion(), "Add", &hcAdd{A: 2, B: 3}, &hcAddResponse{})
			if !errors.Is(err, ErrHTTPNoReply) {
				t.Fatalf("request answered 202: %v; want ErrHTTPNoReply", err)
			}
			if ct := got.Header.Get("Content-Type"); ct != tc.ct {
				t.Errorf("Content-Type %q; want %q", ct, tc.ct)
			}
			if a, ok := got.Header["Soapaction"]; tc.action != "" && (!ok || a[0] != tc.action) || tc.action == "" && ok {
				t.Errorf("SOAPAction %q; want %q", a, tc.action)
			}
			for _, s := range tc.contains {
				if s = strings.ReplaceAll(s, "URL", url); !strings.Contains(string(body), s) {
					t.Errorf("body %s; want %s", body, s)
				}
			}
			for _, s := range tc.excludes {
				if strings.Contains(string(body), s) {
					t.Errorf("body %s has %s", body, s)
				}
			}
		})
	}
}
