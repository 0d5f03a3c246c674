package xmltext_test

import (
	"fmt"

	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/xmltext"
)

func ExampleReader() {
	doc := []byte(`<AddResponse xmlns="http://tempuri.org/"><AddResult>5</AddResult></AddResponse>`)
	r, err := xmltext.NewReader(doc, xmltext.Quotas{})
	if err != nil {
		panic(err)
	}
	for {
		k, err := r.Next()
		if err != nil {
			panic(err)
		}
		switch k {
		case infoset.EOF:
			return
		case infoset.StartElement:
			fmt.Printf("start {%s}%s\n", r.Name().Space, r.Name().Local)
		case infoset.CharData:
			v, _ := r.Text().Int64()
			fmt.Println("int", v)
		}
	}
	// Output:
	// start {http://tempuri.org/}AddResponse
	// start {http://tempuri.org/}AddResult
	// int 5
}

func ExampleWriter() {
	w := xmltext.NewWriter(nil)
	w.StartElement("", "Add", "http://tempuri.org/")
	w.StartElement("", "a", "http://tempuri.org/")
	w.Text(infoset.Int(2))
	w.EndElement()
	w.StartElement("", "NotifyCount", "http://tempuri.org/")
	w.EndElement()
	w.EndElement()
	out, err := w.Finish()
	fmt.Println(string(out), err)
	// Output: <Add xmlns="http://tempuri.org/"><a>2</a><NotifyCount/></Add> <nil>
}

func ExampleAppendIndented() {
	out, err := xmltext.AppendIndented(nil, []byte(`<a><b>text</b><c/></a>`))
	fmt.Print(string(out), err)
	// Output:
	// <a>
	//   <b>text</b>
	//   <c/>
	// </a>
	// <nil>
}
