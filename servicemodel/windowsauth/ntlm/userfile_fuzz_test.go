package ntlm

import (
	"strings"
	"testing"
)

// FuzzParseUserFile reads user files (a host's NTLM_USER_FILE): every
// input parses or gives an error, and a first entry is found by its own
// name with the hash its line gives. Seeds: both gss-ntlmssp formats.
func FuzzParseUserFile(f *testing.F) {
	f.Add("WWS:alice:Passw0rd!\n")
	f.Add("# comment\nWWS\\bob:1000:AAD3B435B51404EEAAD3B435B51404EE:0CB6948805F797BF2A82807973B89537:[U          ]:LCT-00000000:\n")
	f.Add("carol:1001:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:[DU         ]:LCT-00000000:\r\n")
	f.Add("a:b:c:d\n")
	f.Fuzz(func(t *testing.T, in string) {
		uf, err := ParseUserFile(strings.NewReader(in))
		if err != nil {
			return
		}
		// The first line, when it is a Heimdal entry, is the first match
		// for its own name.
		line, _, _ := strings.Cut(in, "\n")
		line = strings.TrimRight(line, "\r")
		if f := strings.Split(line, ":"); len(f) == 3 && !strings.HasPrefix(line, "#") {
			if h, ok := uf.LookupUser(f[0], f[1]); !ok || h != NTHash(f[2]) {
				t.Fatalf("entry %q is not found by its own name", line)
			}
		}
	})
}
