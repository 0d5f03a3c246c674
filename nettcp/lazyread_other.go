//go:build !unix

package nettcp

// parkable keeps the reader of s: waiting without a buffer needs the unix
// socket calls of lazyread_unix.go.
func (s *Session) parkable() {}
