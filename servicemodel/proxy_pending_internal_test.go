package servicemodel

import "testing"

// callList keeps its count and links right whatever order calls leave in,
// and a call removed twice is removed once.
func TestCallList(t *testing.T) {
	for _, order := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {1, 3, 0, 2}, {2, 0, 3, 1}} {
		var l callList
		calls := make([]*proxyCall, 4)
		for i := range calls {
			calls[i] = newProxyCall(CallID(i + 1))
			l.add(calls[i])
		}
		for k, i := range order {
			if !l.remove(calls[i]) {
				t.Fatalf("order %v: remove(%d) = false, want true", order, i)
			}
			if l.remove(calls[i]) {
				t.Fatalf("order %v: second remove(%d) = true, want false", order, i)
			}
			left := map[CallID]bool{}
			for c := l.head; c != nil; c = c.next {
				if c.next != nil && c.next.prev != c {
					t.Fatalf("order %v: broken back link after %v", order, c.id)
				}
				left[c.id] = true
			}
			if len(left) != l.n || l.n != len(order)-k-1 {
				t.Fatalf("order %v: %d calls linked, n = %d, want %d", order, len(left), l.n, len(order)-k-1)
			}
			for _, j := range order[k+1:] {
				if !left[calls[j].id] {
					t.Fatalf("order %v: call %d lost", order, j)
				}
			}
		}
	}
}
