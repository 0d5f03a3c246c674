package nbfx_test

import (
	"fmt"

	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/nbfx"
)

// Two messages on one session: the first carries the string table, the
// second refers to the same strings by id.
func ExampleWriter() {
	s := nbfx.NewWriteSession(nbfx.DefaultMaxSessionSize)
	w := nbfx.NewWriter(nil, s)
	var msgs [][]byte
	for range 2 {
		w.Reset(nil, s)
		w.StartElement("", "Echo", "http://tempuri.org/")
		w.Text(infoset.String("hi"))
		w.EndElement()
		msg, err := w.Finish()
		if err != nil {
			fmt.Println(err)
			return
		}
		msgs = append(msgs, msg)
	}
	fmt.Printf("% X\n% X\n", msgs[0], msgs[1])
	// Output:
	// 19 04 45 63 68 6F 13 68 74 74 70 3A 2F 2F 74 65 6D 70 75 72 69 2E 6F 72 67 2F 42 01 0A 03 99 02 68 69
	// 00 42 01 0A 03 99 02 68 69
}

// Plain msbin1 (no session): names outside the static dictionary are inline.
func ExampleWriter_msbin1() {
	w := nbfx.NewWriter(nil, nil)
	w.StartElement("s", "Body", "http://www.w3.org/2003/05/soap-envelope")
	w.StartElement("", "n", "")
	w.Text(infoset.Int(300))
	w.EndElement()
	w.WriteArray("", "v", "", []int32{1, 2})
	w.EndElement()
	msg, err := w.Finish()
	fmt.Printf("% X %v\n", msg, err)
	// Output:
	// 56 0E 0B 01 73 04 40 01 6E 8B 2C 01 03 40 01 76 01 8D 02 01 00 00 00 02 00 00 00 01 <nil>
}
