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
// The contract of every hook is stated here once; the hooks' own comments
// refer to it.
//
// A Reader hook that moves the reader (NextRaw, NextRemembered,
// SkipLeaves after PeekLeaves, RestoreStart) either acts exactly as the
// public calls it stands for would (the same nodes, the same state after,
// the same quotas met), or reports false and does nothing, leaving the
// caller to go on by the public calls, which give the general path's node
// or error. Rewind is Reset on the same document and session. The other
// Reader hooks only look (Unread, Document, DictMark, AtStart) or keep
// what a later hook compares against (RememberStart, ForgetStart,
// RecordLeaves, MarkLeaf, SaveStart).
//
// The one Reader hook with a duty for its caller is Skip: it discards
// bytes it does not read, so its caller (soap's header pattern,
// read_pattern.go, and the Header memo built on it) must have checked
// that they are whole records forming complete elements, that they
// declare no namespace and hold no inline name, and that reading them
// would have met every quota (MaxDepth, MaxBytesPerRead,
// MaxStringContentLength, defined dictionary ids). RestoreStart relies on
// the same check of the bytes a saved state skipped.
//
// The Writer hooks write what the public calls would, given what their
// caller guarantees: StartRaw, LeafRaw and LeafRawInt take a RawTag whose
// names need no declaration but its own (soap's soap12Tags, or FinalTag,
// which reports false for a tag it cannot make final), and WriteRecords
// takes records Since reported replayable, written again on the same
// session with the same namespace bindings in scope. Mark, Since and
// FinalTag only look.
//
// The fields StartState accounts for are listed, by class, in
// reader_start_test.go (TestStartStateAccountsForReader).
package binxml
