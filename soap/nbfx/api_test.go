package nbfx

import (
	"reflect"
	"testing"
)

// TestNoRawHooks checks that the exported API is the reader and writer of
// [MC-NBFX], [MC-NBFS] and [MC-NBFSE]: the raw-access hooks soap's fast
// paths use stay in soap/internal/binxml.
func TestNoRawHooks(t *testing.T) {
	want := map[reflect.Type][]string{
		reflect.TypeFor[*Reader](): {"Attrs", "Depth", "DictString", "LookupNamespace", "Name", "Next",
			"NextLeaf", "Offset", "Quotas", "Reset", "ResetStream", "Text"},
		reflect.TypeFor[*Writer](): {"Abandon", "Attr", "Comment", "Depth", "DictionaryNames", "EndElement",
			"Err", "Finish", "Leaf", "Reset", "SetNameFilter", "StartElement", "Text", "WriteArray", "Xmlns"},
		reflect.TypeFor[*ReadSession]():  {"Err", "Len", "Lookup", "ReadTable", "Reset"},
		reflect.TypeFor[*WriteSession](): {"Len", "Lookup", "MaxBytes", "Size"},
	}
	for typ, methods := range want {
		var got []string
		for i := range typ.NumMethod() {
			got = append(got, typ.Method(i).Name)
		}
		if !reflect.DeepEqual(got, methods) {
			t.Errorf("%v methods %v, want %v", typ, got, methods)
		}
	}
}
