// Package binxml is the .NET Binary XML codec behind the public package
// soap/nbfx: the record format of [MC-NBFX], the static dictionary of
// [MC-NBFS] and the session string tables of [MC-NBFSE]. Its Reader and
// Writer are what nbfx.Reader and nbfx.Writer wrap, method for method.
//
// Beside that public API the Reader and Writer carry the raw-access hooks
// that only package soap's binary-message fast paths use (raw.go lists
// them); being internal, they are reachable from soap/... alone, and
// nbfx's exported API stays [MC-NBFX]'s reader and writer.
//
// # The raw-access contract
//
// Every hook either acts exactly as the public calls it stands for would
// (the same node, the same state, the same errors and quotas: NextRaw,
// NextRemembered, PeekLeaves and SkipLeaves, RestoreStart, StartRaw,
// LeafRaw, WriteRecords), or reports false and does nothing, leaving the
// caller to go on by the public calls, which give the general path's node
// or error. The one exception is Skip: it discards bytes it does not read,
// so its caller (soap's header pattern, read_pattern.go, and the Header
// memo built on it) must have checked that they are whole records forming
// complete elements, that they declare no namespace and hold no inline
// name, and that reading them would have met every quota (MaxDepth,
// MaxBytesPerRead, MaxStringContentLength, defined dictionary ids). That
// invariant is stated here once; Skip and RestoreStart refer to it. The
// fields StartState accounts for are listed, by class, in
// reader_start_test.go (TestStartStateAccountsForReader).
package binxml
