package infoset

import "errors"

// Kind is the kind of node a Reader is positioned on.
type Kind uint8

// Node kinds.
const (
	EOF          Kind = iota // end of the document
	StartElement             // Name and Attrs are valid
	EndElement               // Name is valid
	CharData                 // Text is valid
	Comment                  // Text is valid
)

var kindNames = [...]string{"EOF", "StartElement", "EndElement", "CharData", "Comment"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(?)"
}

// MarshalText lets a Kind appear by name in JSON golden files.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText is the inverse of MarshalText.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if n == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return errors.New("infoset: unknown node kind " + string(b))
}

// Reader is a pull parser over one XML document (or a fragment of
// consecutive elements). Both the text and the binary encoding implement it.
//
// Values returned by Name, Attrs and Text are valid until the next call to
// Next; Text values may refer to the reader's buffer (see Text.Clone).
type Reader interface {
	// Next advances to the next node and returns its kind. It returns EOF
	// and a nil error at the clean end of the input, and a non-nil error
	// (never a panic) for malformed input or a quota violation.
	// Adjacent text records are reported as separate CharData nodes.
	// An element always yields a StartElement and a matching EndElement.
	Next() (Kind, error)
	// Name is the name of the current StartElement or EndElement.
	Name() Name
	// Attrs are the attributes of the current StartElement, namespace
	// declarations included, in document order.
	Attrs() []Attr
	// Text is the value of the current CharData or Comment node.
	Text() Text
	// Depth is the element nesting depth of the current node: 1 for the
	// root element's StartElement, EndElement and its direct children text.
	Depth() int
	// LookupNamespace resolves prefix in the current scope.
	LookupNamespace(prefix string) (string, bool)
}

// Writer is a push writer of XML. Both the text and the binary encoding
// implement it. Methods record the first error, which Err and Close report;
// after an error, calls do nothing.
type Writer interface {
	// StartElement opens an element. When prefix is not bound to ns in the
	// current scope, the writer declares it on this element.
	StartElement(prefix, local, ns string)
	// Xmlns declares prefix ("" for the default namespace) as ns on the
	// element just started. Declaring a binding already in scope is a no-op.
	Xmlns(prefix, ns string)
	// Attr writes an attribute of the element just started.
	Attr(prefix, local, ns string, value Text)
	// Text writes character data.
	Text(value Text)
	// Comment writes a comment.
	Comment(text string)
	// EndElement closes the innermost open element.
	EndElement()
	// Err returns the first error recorded.
	Err() error
}

// ErrUnbalanced reports an EndElement without a matching StartElement, or
// an attribute or declaration written outside a start tag.
var ErrUnbalanced = errors.New("infoset: unbalanced element or misplaced attribute")
