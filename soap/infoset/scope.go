package infoset

// Scope tracks namespace bindings for readers and writers. The zero value
// has only the predefined xml and xmlns prefixes bound.
type Scope struct {
	binds []Binding // innermost last
	marks []int     // len(binds) at each open element
}

// Binding is a namespace declaration: Prefix bound to NS.
type Binding struct{ Prefix, NS string }

// Push opens an element scope.
func (s *Scope) Push() { s.marks = append(s.marks, len(s.binds)) }

// PushBindings opens an element scope with bs bound, as Push and then
// Bind for each would.
func (s *Scope) PushBindings(bs []Binding) {
	s.marks = append(s.marks, len(s.binds))
	for _, b := range bs { // element by element: cheaper than a typed slice copy
		s.binds = append(s.binds, b)
	}
}

// CopyFrom makes s hold the bindings and element scopes of o.
func (s *Scope) CopyFrom(o *Scope) {
	s.binds, s.marks = s.binds[:0], append(s.marks[:0], o.marks...)
	for _, b := range o.binds { // element by element: cheaper than a typed slice copy
		s.binds = append(s.binds, b)
	}
}

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
func (s *Scope) Bind(prefix, ns string) { s.binds = append(s.binds, Binding{prefix, ns}) }

// Lookup resolves prefix. The empty prefix resolves to "" when no default
// namespace is declared.
func (s *Scope) Lookup(prefix string) (string, bool) {
	for i := len(s.binds) - 1; i >= 0; i-- {
		if s.binds[i].Prefix == prefix {
			return s.binds[i].NS, true
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
		if s.binds[i].Prefix == prefix {
			return true
		}
	}
	return false
}

// PrefixFor returns a prefix bound to ns, preferring the innermost.
func (s *Scope) PrefixFor(ns string) (string, bool) {
	for i := len(s.binds) - 1; i >= 0; i-- {
		if s.binds[i].NS == ns {
			if v, _ := s.Lookup(s.binds[i].Prefix); v == ns {
				return s.binds[i].Prefix, true
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
