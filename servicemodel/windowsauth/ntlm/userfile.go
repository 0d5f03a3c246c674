package ntlm

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
)

// UserFile is a UserStore read from a file in the format gss-ntlmssp reads
// from NTLM_USER_FILE (gss-ntlmssp src/gss_creds.c), one entry a line:
//
//	DOMAIN:user:password                        (Heimdal's format)
//	[DOMAIN\]user:uid:LM hash:NT hash:flags:... (smbpasswd's, hex hashes)
//
// Lines starting with '#' and lines with fewer than three fields are
// skipped; a line of four fields (neither format) is skipped, as
// gss-ntlmssp does, so a Heimdal password cannot contain ':'. The first
// entry that matches a lookup wins: user names compare case-insensitively,
// and so do domains when both the entry and the lookup have one. An
// smbpasswd entry whose NT hash is not 32 hex digits (such as
// "NO PASSWORDXXXXXXXXXXXXXXXXXXXXX", a disabled account) never matches.
type UserFile struct {
	entries []userEntry
}

type userEntry struct {
	domain    string
	hasDomain bool
	user      string
	hash      [16]byte
	disabled  bool
}

// LoadUserFile reads the user file at path.
func LoadUserFile(path string) (*UserFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	uf, err := ParseUserFile(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return uf, nil
}

// maxUserFileLine bounds a line, as gss-ntlmssp reads 1024-byte lines.
const maxUserFileLine = 64 * 1024

// ParseUserFile reads a user file.
func ParseUserFile(r io.Reader) (*UserFile, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1024), maxUserFileLine)
	uf := &UserFile{}
	for sc.Scan() {
		if e, ok := parseUserLine(strings.TrimRight(sc.Text(), "\r")); ok {
			uf.entries = append(uf.entries, e)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ntlm: user file: %w", err)
	}
	return uf, nil
}

func parseUserLine(line string) (userEntry, bool) {
	if strings.HasPrefix(line, "#") {
		return userEntry{}, false
	}
	f := strings.SplitN(line, ":", 5)
	switch len(f) {
	case 3: // DOMAIN:user:password
		return userEntry{domain: f[0], hasDomain: true, user: f[1], hash: NTHash(f[2])}, true
	case 5: // [DOMAIN\]user:uid:LM:NT:rest
		e := userEntry{user: f[0]}
		if dom, usr, ok := strings.Cut(f[0], `\`); ok {
			e.domain, e.hasDomain, e.user = dom, true, usr
		}
		h, err := hex.DecodeString(f[3])
		if err != nil || len(h) != 16 {
			e.disabled = true
		}
		copy(e.hash[:], h)
		return e, true
	}
	return userEntry{}, false
}

// LookupUser implements UserStore.
func (uf *UserFile) LookupUser(domain, user string) ([16]byte, bool) {
	for _, e := range uf.entries {
		if domain != "" && e.hasDomain && !strings.EqualFold(domain, e.domain) {
			continue
		}
		if !strings.EqualFold(user, e.user) {
			continue
		}
		return e.hash, !e.disabled
	}
	return [16]byte{}, false
}
