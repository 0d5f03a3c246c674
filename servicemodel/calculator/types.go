// The Calculator's message bodies (interop-contract.md "What that means on
// the wire"): the wrapper elements DataContractSerializer writes for
// ICalculator's operations, in namespace http://tempuri.org/.

package calculator

// Namespace is the contract namespace, WCF's default.
const Namespace = "http://tempuri.org/"

// AddRequest is <Add><a/><b/></Add>.
type AddRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ Add"`
	A       int32    `xml:"a"`
	B       int32    `xml:"b"`
}

// AddResponse is <AddResponse><AddResult/></AddResponse>.
type AddResponse struct {
	XMLName   struct{} `xml:"http://tempuri.org/ AddResponse"`
	AddResult int32
}

// EchoRequest is <Echo><text/></Echo>; a nil Text is a null string.
type EchoRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ Echo"`
	Text    *string  `xml:"text"`
}

// EchoResponse is <EchoResponse><EchoResult/></EchoResponse>.
type EchoResponse struct {
	XMLName    struct{} `xml:"http://tempuri.org/ EchoResponse"`
	EchoResult *string
}

// DelayRequest is <Delay><milliseconds/></Delay>.
type DelayRequest struct {
	XMLName      struct{} `xml:"http://tempuri.org/ Delay"`
	Milliseconds int32    `xml:"milliseconds"`
}

// DelayResponse is <DelayResponse><DelayResult/></DelayResponse>.
type DelayResponse struct {
	XMLName     struct{} `xml:"http://tempuri.org/ DelayResponse"`
	DelayResult int32
}

// FailRequest is <Fail><reason/></Fail>.
type FailRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ Fail"`
	Reason  string   `xml:"reason"`
}

// FailResponse is <FailResponse/>; it is never sent, Fail always faults.
type FailResponse struct {
	XMLName struct{} `xml:"http://tempuri.org/ FailResponse"`
}

// NotifyRequest is <Notify><text/></Notify>; Notify is one-way.
type NotifyRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ Notify"`
	Text    string   `xml:"text"`
}

// NotifyCountRequest is <NotifyCount/>.
type NotifyCountRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ NotifyCount"`
}

// NotifyCountResponse is <NotifyCountResponse><NotifyCountResult/></NotifyCountResponse>.
type NotifyCountResponse struct {
	XMLName           struct{} `xml:"http://tempuri.org/ NotifyCountResponse"`
	NotifyCountResult int32
}

// BlobRequest is <Blob><size/></Blob>.
type BlobRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ Blob"`
	Size    int32    `xml:"size"`
}

// BlobResponse is <BlobResponse><BlobResult/></BlobResponse>: base64 in
// text, a Bytes record in binary XML.
type BlobResponse struct {
	XMLName    struct{} `xml:"http://tempuri.org/ BlobResponse"`
	BlobResult []byte
}
