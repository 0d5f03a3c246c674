package soap

// The Calculator contract's message types (interop-contract.md), as a Go
// user would declare them for the body codec.

import "time"

const tempuri = "http://tempuri.org/"

type AddRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ Add"`
	A       int32    `xml:"a"`
	B       int32    `xml:"b"`
}

type AddResponse struct {
	XMLName   struct{} `xml:"http://tempuri.org/ AddResponse"`
	AddResult int32
}

type EchoRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ Echo"`
	Text    *string  `xml:"text"`
}

type EchoResponse struct {
	XMLName    struct{} `xml:"http://tempuri.org/ EchoResponse"`
	EchoResult *string
}

type DelayRequest struct {
	XMLName      struct{} `xml:"http://tempuri.org/ Delay"`
	Milliseconds int32    `xml:"milliseconds"`
}

type DelayResponse struct {
	XMLName     struct{} `xml:"http://tempuri.org/ DelayResponse"`
	DelayResult int32
}

type FailRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ Fail"`
	Reason  string   `xml:"reason"`
}

type NotifyRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ Notify"`
	Text    string   `xml:"text"`
}

type NotifyCountRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ NotifyCount"`
}

type NotifyCountResponse struct {
	XMLName           struct{} `xml:"http://tempuri.org/ NotifyCountResponse"`
	NotifyCountResult int32
}

type BlobRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ Blob"`
	Size    int32    `xml:"size"`
}

type BlobResponse struct {
	XMLName    struct{} `xml:"http://tempuri.org/ BlobResponse"`
	BlobResult []byte
}

// Everything the codec maps, for round trips.
type kitchenSink struct {
	XMLName  struct{}      `xml:"urn:sink Sink"`
	ID       int64         `xml:"id,attr"`
	Lang     string        `xml:"lang,attr,omitempty"`
	Name     string        `xml:"name"`
	Ok       bool          `xml:"ok"`
	U8       uint8         `xml:"u8"`
	U64      uint64        `xml:"u64"`
	F32      float32       `xml:"f32"`
	F64      float64       `xml:"f64"`
	When     time.Time     `xml:"when"`
	Wait     time.Duration `xml:"wait"`
	Data     []byte        `xml:"data"`
	Nothing  []byte        `xml:"nothing"`
	Opt      *int32        `xml:"opt,omitempty"`
	OptSet   *int32        `xml:"optSet,omitempty"`
	Items    []string      `xml:"item"`
	Inner    inner         `xml:"inner"`
	InnerPtr *inner        `xml:"innerPtr"`
	Other    string        `xml:"urn:other other"`
	Skipped  string        `xml:"-"`
	private  int
}

type inner struct {
	XMLName struct{} `xml:"urn:inner Inner"`
	Unit    string   `xml:"unit,attr"`
	Value   float64  `xml:",chardata"`
}
