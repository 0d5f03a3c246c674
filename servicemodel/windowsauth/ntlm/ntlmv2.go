package ntlm

import (
	"crypto/hmac"
	"crypto/md5"
	"encoding/binary"
	"strings"
)

// NTLMv2 ([MS-NLMP] 3.3.2): the response keys, the NTLMv2 response a
// client computes and a server recomputes, and the session base key.

// NTHash returns NTOWFv1(password) = MD4(UNICODE(password)), the NT hash
// ([MS-NLMP] 3.3.1) that NTOWFv2 starts from and smbpasswd files hold.
func NTHash(password string) [16]byte {
	return md4(encodeString(password, true))
}

// ntowfv2 is NTOWFv2 = HMAC_MD5(NT hash, UNICODE(Uppercase(user) || domain)),
// the NTLMv2 ResponseKeyNT and ResponseKeyLM.
func ntowfv2(ntHash [16]byte, user, domain string) [16]byte {
	return hmacMD5(ntHash[:], encodeString(strings.ToUpper(user)+domain, true))
}

func hmacMD5(key []byte, parts ...[]byte) [16]byte {
	h := hmac.New(md5.New, key)
	for _, p := range parts {
		h.Write(p)
	}
	var sum [16]byte
	h.Sum(sum[:0])
	return sum
}

// ntlmv2TempHeader is the fixed part of the NTLMv2 client challenge
// ("temp"): RespType 1, HiRespType 1, six zero bytes, then the timestamp,
// the client challenge and four zero bytes, 28 bytes before the AV pairs.
const ntlmv2TempHeader = 28

// ntlmv2Temp builds temp = 1 1 Z(6) Time ClientChallenge Z(4) ServerName Z(4).
func ntlmv2Temp(timestamp uint64, clientChallenge [8]byte, serverName []byte) []byte {
	t := make([]byte, 0, ntlmv2TempHeader+len(serverName)+4)
	t = append(t, 1, 1, 0, 0, 0, 0, 0, 0)
	t = binary.LittleEndian.AppendUint64(t, timestamp)
	t = append(t, clientChallenge[:]...)
	t = append(t, 0, 0, 0, 0)
	t = append(t, serverName...)
	return append(t, 0, 0, 0, 0)
}

// ntProofStr is HMAC_MD5(ResponseKeyNT, ServerChallenge || temp).
func ntProofStr(respKey [16]byte, serverChallenge [8]byte, temp []byte) [16]byte {
	return hmacMD5(respKey[:], serverChallenge[:], temp)
}

// sessionBaseKey is HMAC_MD5(ResponseKeyNT, NTProofStr); for NTLMv2 it is
// also the KeyExchangeKey ([MS-NLMP] 3.4.5.1).
func sessionBaseKey(respKey, proof [16]byte) [16]byte {
	return hmacMD5(respKey[:], proof[:])
}
