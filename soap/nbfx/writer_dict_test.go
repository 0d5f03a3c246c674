package nbfx

import (
	"strings"
	"testing"
)

// TestFastStaticID checks the writer's static table against StaticID for
// every dictionary string and for strings near them.
func TestFastStaticID(t *testing.T) {
	probes := []string{"", "x", "envelope", "Envelope ", "http://www.w3.org/2005/08/addressing/", strings.Repeat("a", 300)}
	for i := range StaticDictionaryLen {
		s, _ := StaticString(uint32(2 * i))
		probes = append(probes, s, s+"x", strings.ToUpper(s))
	}
	for _, s := range probes {
		gotID, gotOK := fastStaticID(staticTable, s)
		wantID, wantOK := StaticID(s)
		if gotID != wantID || gotOK != wantOK {
			t.Errorf("fastStaticID(%q) = %#x, %v; want %#x, %v", s, gotID, gotOK, wantID, wantOK)
		}
	}
}
