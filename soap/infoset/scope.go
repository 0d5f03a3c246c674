package infoset

// Scope tracks namespace bindings for readers and writers. The zero value
// has only the predefined xml and xmlns prefixes bound.
type Scope struct {
	binds []binding // innermost last
	marks []int     // len(binds) at each open element
}

type binding struct{ prefix, ns string }

// Push opens an element scope.
func (s *Scope) Push() { s.marks = append(s.marks, len(s.binds)) }

// Pop closes the innermost element scope, dropping its bindings.
func (s *Scope) Pop() {
	if n := len(s.marks); n > 0 {
		s.binds = s.binds[:s.marks[n-1]]
		s.marks = s.marks[:n-1]
	}
}

// Depth is the number of open element scopes.
func (s *Scope) Depth() int { return len(s.marks) }

// Bind binds prefix to ns in the innermost scope.
func (s *Scope) Bind(prefix, ns string) { s.binds = append(s.binds, binding{prefix, ns}) }

// Lookup resolves prefix. The empty prefix resolves to "" when no default
// namespace is declared.
func (s *Scope) Lookup(prefix string) (string, bool) {
	for i := len(s.binds) - 1; i >= 0; i-- {
		if s.binds[i].prefix == prefix {
			return s.binds[i].ns, true
		}
	}
	switch prefix {
	case "xml":
		return XMLNamespace, true
	case "xmlns":
		return XMLNSNamespace, true
	case "":
		return "", true
	}
	return "", false
}

// BoundInCurrent reports whether prefix was bound on the innermost element.
func (s *Scope) BoundInCurrent(prefix string) bool {
	start := 0
	if n := len(s.marks); n > 0 {
		start = s.marks[n-1]
	}
	for i := len(s.binds) - 1; i >= start; i-- {
		if s.binds[i].prefix == prefix {
			return true
		}
	}
	return false
}

// PrefixFor returns a prefix bound to ns, preferring the innermost.
func (s *Scope) PrefixFor(ns string) (string, bool) {
	for i := len(s.binds) - 1; i >= 0; i-- {
		if s.binds[i].ns == ns {
			if v, _ := s.Lookup(s.binds[i].prefix); v == ns {
				return s.binds[i].prefix, true
			}
		}
	}
	if ns == XMLNamespace {
		return "xml", true
	}
	return "", false
}

// Reset empties the scope, keeping its storage.
func (s *Scope) Reset() { s.binds, s.marks = s.binds[:0], s.marks[:0] }
