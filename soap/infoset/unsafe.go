package infoset

import "unsafe"

// unsafeString views b as a string without copying. The result must not be
// retained past the lifetime of b's contents.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
