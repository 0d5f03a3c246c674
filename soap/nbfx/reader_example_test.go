package nbfx_test

import (
	"fmt"

	"github.com/wwsgo/wws/soap/nbfx"
)

// An application/soap+msbinsession1 payload: the string table first, then
// the binary XML document that refers to its strings by odd ids.
func ExampleReader() {
	payload := []byte{
		0x04, 0x03, 'A', 'd', 'd', // string table: "Add" = id 1
		0x42, 0x01, // <Add> (session id 1)
		0x40, 0x01, 'a', 0x89, 0x02, // <a>2</a> (Int8Text with EndElement)
		0x01, // </Add>
	}
	s := nbfx.NewReadSession(0) // one per direction of a connection
	n, err := s.ReadTable(payload)
	if err != nil {
		fmt.Println(err)
		return
	}
	xml, err := nbfx.AppendXML(nil, nbfx.NewReader(payload[n:], s, nbfx.Quotas{}), false)
	fmt.Println(string(xml), err)
	// Output: <Add><a>2</a></Add> <nil>
}
