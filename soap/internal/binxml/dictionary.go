package binxml

// StaticDictionaryLen is the number of strings in the [MC-NBFS] dictionary.
const StaticDictionaryLen = len(staticStrings)

var staticIDs = func() map[string]uint32 {
	m := make(map[string]uint32, len(staticStrings))
	for i, s := range staticStrings {
		if _, dup := m[s]; !dup {
			m[s] = uint32(2 * i)
		}
	}
	return m
}()

// StaticString returns the [MC-NBFS] string with the given (even) id.
func StaticString(id uint32) (string, bool) {
	if id&1 != 0 || id/2 >= uint32(len(staticStrings)) {
		return "", false
	}
	return staticStrings[id/2], true
}

// StaticID returns the (even) [MC-NBFS] id of s.
func StaticID(s string) (uint32, bool) {
	id, ok := staticIDs[s]
	return id, ok
}
