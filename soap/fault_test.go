package soap

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wwsgo/wws/soap/infoset"
)

const (
	envS12 = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">`
	envS11 = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">`
	dispNS = "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher"
)

func faultDoc12(action, header, fault string) string {
	return envS12 + `<s:Header><a:Action s:mustUnderstand="1">` + action + `</a:Action>` + header +
		`</s:Header><s:Body><s:Fault>` + fault + `</s:Fault></s:Body></s:Envelope>`
}

func faultDoc11(fault string) string {
	return envS11 + `<s:Body><s:Fault>` + fault + `</s:Fault></s:Body></s:Envelope>`
}

func reason12(text string) string {
	return `<s:Reason><s:Text xml:lang="en-US">` + text + `</s:Text></s:Reason>`
}

func reason11(text string) string { return `<faultstring xml:lang="en-US">` + text + `</faultstring>` }

var internalText = strings.ReplaceAll(msgInternalError, "<", "&lt;")

func TestWellKnownFaults(t *testing.T) {
	anf := fmt.Sprintf(msgContractFilter, "urn:nope")
	dun := fmt.Sprintf(msgAddressFilter, "net.tcp://h/x")
	mu := fmt.Sprintf(msgNotUnderstood, "Tenant", "urn:h")
	tests := []struct {
		name       string
		f          *Fault
		want12     string
		want11     string
		wantError  string
		wantAction string
	}{
		{"ActionNotSupported", ActionNotSupportedFault("urn:nope"),
			faultDoc12("http://www.w3.org/2005/08/addressing/fault", "",
				`<s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>a:ActionNotSupported</s:Value></s:Subcode></s:Code>`+reason12(anf)),
			faultDoc11(`<faultcode xmlns:a="http://schemas.microsoft.com/ws/2005/05/addressing/none">a:ActionNotSupported</faultcode>` + reason11(anf)),
			"soap: fault Sender/ActionNotSupported: " + anf, "http://www.w3.org/2005/08/addressing/fault"},
		{"DestinationUnreachable", DestinationUnreachableFault("net.tcp://h/x"),
			faultDoc12("http://www.w3.org/2005/08/addressing/soap/fault", "",
				`<s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>a:DestinationUnreachable</s:Value></s:Subcode></s:Code>`+reason12(dun)),
			faultDoc11(`<faultcode xmlns:a="http://schemas.microsoft.com/ws/2005/05/addressing/none">a:DestinationUnreachable</faultcode>` + reason11(dun)),
			"soap: fault Sender/DestinationUnreachable: " + dun, "http://www.w3.org/2005/08/addressing/soap/fault"},
		{"InternalServiceFault", InternalServiceFault(errors.New("secret"), false),
			faultDoc12(dispNS+"/fault", "",
				`<s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value xmlns:a="`+dispNS+`">a:InternalServiceFault</s:Value></s:Subcode></s:Code>`+reason12(internalText)),
			faultDoc11(`<faultcode xmlns:a="` + dispNS + `">a:InternalServiceFault</faultcode>` + reason11(internalText)),
			"soap: fault Receiver/InternalServiceFault: " + msgInternalError, dispNS + "/fault"},
		{"InternalServiceFault detail", InternalServiceFault(errors.New("boom"), true),
			faultDoc12(dispNS+"/fault", "",
				`<s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value xmlns:a="`+dispNS+`">a:InternalServiceFault</s:Value></s:Subcode></s:Code>`+reason12("boom")+
					`<s:Detail>`+exceptionDetailXML+`</s:Detail>`),
			faultDoc11(`<faultcode xmlns:a="` + dispNS + `">a:InternalServiceFault</faultcode>` + reason11("boom") + `<detail>` + exceptionDetailXML + `</detail>`),
			"soap: fault Receiver/InternalServiceFault: boom", dispNS + "/fault"},
		{"MustUnderstand", MustUnderstandFault([]infoset.Name{{Local: "Tenant", Space: "urn:h"}}),
			faultDoc12("http://www.w3.org/2005/08/addressing/soap/fault", `<s:NotUnderstood qname="h:Tenant" xmlns:h="urn:h"></s:NotUnderstood>`,
				`<s:Code><s:Value>s:MustUnderstand</s:Value></s:Code>`+reason12(mu)),
			faultDoc11(`<faultcode>s:MustUnderstand</faultcode>` + reason11(mu)),
			"soap: fault MustUnderstand: " + mu, "http://www.w3.org/2005/08/addressing/soap/fault"},
		{"Sender", SenderFault("boom"),
			faultDoc12("http://www.w3.org/2005/08/addressing/soap/fault", "", `<s:Code><s:Value>s:Sender</s:Value></s:Code>`+reason12("boom")),
			faultDoc11(`<faultcode>s:Client</faultcode>` + reason11("boom")),
			"soap: fault Sender: boom", "http://www.w3.org/2005/08/addressing/soap/fault"},
		{"Receiver", ReceiverFault("down"),
			faultDoc12("http://www.w3.org/2005/08/addressing/soap/fault", "", `<s:Code><s:Value>s:Receiver</s:Value></s:Code>`+reason12("down")),
			faultDoc11(`<faultcode>s:Server</faultcode>` + reason11("down")),
			"soap: fault Receiver: down", "http://www.w3.org/2005/08/addressing/soap/fault"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Error(); got != tt.wantError {
				t.Errorf("Error() = %q, want %q", got, tt.wantError)
			}
			if tt.f.Action != tt.wantAction {
				t.Errorf("Action = %q, want %q", tt.f.Action, tt.wantAction)
			}
			for _, c := range []struct {
				v    MessageVersion
				want string
			}{{Soap12WSAddressing10, tt.want12}, {Soap11, tt.want11}} {
				var w infoset.TreeWriter
				if err := WriteEnvelope(&w, NewFaultMessage(c.v, tt.f)); err != nil {
					t.Fatalf("%v: WriteEnvelope: %v", c.v, err)
				}
				if d := cmp.Diff(parseXML(t, c.want), w.Nodes()); d != "" {
					t.Errorf("%v: tree mismatch (-want +got):\n%s", c.v, d)
				}
				checkFaultReadBack(t, c.v, w.Nodes(), tt.f)
			}
		})
	}
}

const exceptionDetailXML = `<ExceptionDetail xmlns="http://schemas.datacontract.org/2004/07/System.ServiceModel" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">` +
	`<HelpLink i:nil="true"></HelpLink><InnerException i:nil="true"></InnerException><Message>boom</Message>` +
	`<StackTrace i:nil="true"></StackTrace><Type>*errors.errorString</Type></ExceptionDetail>`

func checkFaultReadBack(t *testing.T, v MessageVersion, nodes []*infoset.Node, sent *Fault) {
	t.Helper()
	m, err := ReadEnvelope(infoset.NewTreeReader(nodes...), ReadOptions{Version: v})
	if err != nil {
		t.Fatalf("%v: ReadEnvelope: %v", v, err)
	}
	if !m.IsFault() {
		t.Fatalf("%v: IsFault = false", v)
	}
	got, err := m.Fault()
	if err != nil {
		t.Fatalf("%v: Fault: %v", v, err)
	}
	want := sent.ForVersion(v)
	if v.Envelope == EnvelopeSoap11 {
		want = &Fault{Code: *code11(&want.Code), Reasons: want.Reasons, Detail: want.Detail}
	} else {
		want = &Fault{Code: want.Code, Reasons: want.Reasons, Detail: want.Detail, Action: want.Action}
	}
	opts := []cmp.Option{cmpopts.IgnoreFields(infoset.Name{}, "Prefix"), cmpopts.IgnoreFields(Fault{}, "Detail")}
	if d := cmp.Diff(want, got, opts...); d != "" {
		t.Errorf("%v: read back (-want +got):\n%s", v, d)
	}
	if (len(sent.Detail) == 0) != (len(got.Detail) == 0) {
		t.Errorf("%v: Detail present = %v, want %v", v, len(got.Detail) > 0, len(sent.Detail) > 0)
	}
	var asFault *Fault
	if !errors.As(fmt.Errorf("call: %w", got), &asFault) || asFault != got {
		t.Errorf("%v: errors.As did not find the fault", v)
	}
}

func TestFaultReadLenient(t *testing.T) {
	doc := envS12 + `<s:Body><s:Fault><x:Extra xmlns:x="urn:x"/><s:Code><s:Value> s:Sender </s:Value>` +
		`<s:Subcode><s:Value xmlns:q="urn:q">q:One</s:Value><s:Subcode><s:Value xmlns="urn:d">Two</s:Value></s:Subcode></s:Subcode></s:Code>` +
		`<s:Reason><s:Text xml:lang="de">kaputt</s:Text><s:Text xml:lang="en">broken</s:Text></s:Reason>` +
		`<s:Node>urn:node</s:Node><s:Role>urn:role</s:Role><s:Detail/></s:Fault></s:Body></s:Envelope>`
	m, err := readXML(t, doc, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := m.Fault()
	if err != nil {
		t.Fatal(err)
	}
	want := &Fault{
		Code: FaultCode{Value: infoset.Name{Local: "Sender"}, Subcode: &FaultCode{Value: infoset.Name{Prefix: "q", Local: "One", Space: "urn:q"},
			Subcode: &FaultCode{Value: infoset.Name{Local: "Two", Space: "urn:d"}}}},
		Reasons: []FaultReason{{"kaputt", "de"}, {"broken", "en"}},
		Node:    "urn:node", Role: "urn:role", Detail: []*infoset.Node{},
	}
	if d := cmp.Diff(want, f); d != "" {
		t.Errorf("fault (-want +got):\n%s", d)
	}
	if f.Reason() != "broken" || !f.Code.Has("Two", "urn:d") || !f.Code.IsSender() || f.Code.IsReceiver() {
		t.Errorf("Reason %q Has %v IsSender %v", f.Reason(), f.Code.Has("Two", "urn:d"), f.Code.IsSender())
	}
}

func TestFaultReadErrors(t *testing.T) {
	deep := strings.Repeat(`<s:Subcode><s:Value>s:X</s:Value>`, maxSubcodes+1) + strings.Repeat(`</s:Subcode>`, maxSubcodes+1)
	tests := []struct {
		name, fault string
		want        error
	}{
		{"no value", `<s:Code></s:Code>`, ErrMalformed},
		{"empty value", `<s:Code><s:Value></s:Value></s:Code>`, ErrMalformed},
		{"element in value", `<s:Code><s:Value><x/></s:Value></s:Code>`, ErrMalformed},
		{"deep subcodes", `<s:Code><s:Value>s:Sender</s:Value>` + deep + `</s:Code>`, ErrQuotaExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := readXML(t, envS12+`<s:Body><s:Fault>`+tt.fault+`</s:Fault></s:Body></s:Envelope>`, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := m.Fault(); !errors.Is(err, tt.want) {
				t.Errorf("Fault() = %v, want %v", err, tt.want)
			}
		})
	}
	m, _ := readXML(t, envS12+`<s:Body><x/></s:Body></s:Envelope>`, ReadOptions{})
	if _, err := m.Fault(); !errors.Is(err, ErrNotFault) {
		t.Errorf("Fault() on non-fault = %v, want ErrNotFault", err)
	}
}

func TestFaultForVersion200408(t *testing.T) {
	f := ActionNotSupportedFault("x").ForVersion(MessageVersion{EnvelopeSoap12, Addressing200408})
	if f.Action != "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault" || !f.Code.Has("ActionNotSupported", NamespaceAddressing200408) {
		t.Errorf("ForVersion: action %q code %+v", f.Action, f.Code.Subcode)
	}
	if orig := ActionNotSupportedFault("x"); !orig.Code.Has("ActionNotSupported", NamespaceAddressing10) {
		t.Error("ForVersion modified its receiver")
	}
}
