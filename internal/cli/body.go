// What `wsproxy call` sends: the action (a full URI, or an operation name
// resolved the way WCF names actions: namespace + contract + "/" + name),
// the body element (XML, @file, stdin, or key=value pairs) and extra header
// blocks (-H).

package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/beevik/etree"
	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

// maxBody bounds a body or header read from a file or stdin.
const maxBody = 16 << 20

// resolveAction returns the action for a name or URI, and the operation
// name (the last path segment) that names a key=value body's wrapper.
func resolveAction(action, ns, contract string) (full, op string) {
	if strings.Contains(action, ":") {
		i := strings.LastIndexAny(action, "/:")
		return action, action[i+1:]
	}
	if !strings.HasSuffix(ns, "/") {
		ns += "/"
	}
	return ns + contract + "/" + action, action
}

// buildBody returns the body element for the BODY arguments: none (an empty
// wrapper element <op xmlns="ns"/>), one XML element, "@file", "-" (stdin),
// or key=value pairs.
func buildBody(args []string, op, ns string, stdin io.Reader) (*etree.Element, error) {
	switch {
	case len(args) == 0:
		return pairsBody(nil, op, ns)
	case len(args) == 1 && args[0] == "-":
		return readElement(io.LimitReader(stdin, maxBody+1))
	case len(args) == 1 && strings.HasPrefix(args[0], "@"):
		return fileElement(args[0][1:])
	case len(args) == 1 && strings.HasPrefix(strings.TrimSpace(args[0]), "<"):
		return parseElement(args[0])
	}
	return pairsBody(args, op, ns)
}

// pairsBody builds <op xmlns="ns"><k>v</k>…</op> from key=value pairs.
func pairsBody(pairs []string, op, ns string) (*etree.Element, error) {
	if op == "" {
		return nil, errors.New("no operation name to wrap the key=value pairs in")
	}
	root := etree.NewElement(op)
	root.CreateAttr("xmlns", ns)
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("body argument %q is not XML, @file, - or key=value", p)
		}
		root.CreateElement(k).SetText(v)
	}
	return root, nil
}

// fileElement reads an element from a file.
func fileElement(path string) (*etree.Element, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readElement(io.LimitReader(f, maxBody+1))
}

// readElement reads one XML element from r.
func readElement(r io.Reader) (*etree.Element, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if len(b) > maxBody {
		return nil, fmt.Errorf("body larger than %d bytes", maxBody)
	}
	return parseElement(string(b))
}

// parseElement parses a document holding one element.
func parseElement(s string) (*etree.Element, error) {
	doc := etree.NewDocument()
	if err := doc.ReadFromString(s); err != nil {
		return nil, fmt.Errorf("body XML: %w", err)
	}
	root := doc.Root()
	if root == nil {
		return nil, errors.New("body XML has no element")
	}
	return root, nil
}

// headerFromXML turns a -H argument (a header element as XML, or @file) into
// a header block.
func headerFromXML(s string) (*soap.Header, error) {
	var e *etree.Element
	var err error
	if strings.HasPrefix(s, "@") {
		e, err = fileElement(s[1:])
	} else {
		e, err = parseElement(s)
	}
	if err != nil {
		return nil, fmt.Errorf("-H: %w", err)
	}
	h := &soap.Header{Name: infoset.Name{Prefix: e.Space, Local: e.Tag, Space: e.NamespaceURI()}}
	for _, a := range e.Attr {
		h.Attrs = append(h.Attrs, headerAttr(a))
	}
	h.Write = func(w infoset.Writer) error {
		for _, t := range e.Child {
			switch c := t.(type) {
			case *etree.Element:
				soap.WriteElement(w, c)
			case *etree.CharData:
				w.Text(infoset.String(c.Data))
			}
		}
		return nil
	}
	return h, nil
}

// headerAttr converts an etree attribute, namespace declarations included.
func headerAttr(a etree.Attr) infoset.NodeAttr {
	switch {
	case a.Space == "" && a.Key == "xmlns":
		return infoset.NodeAttr{Name: infoset.Name{Local: "xmlns"}, Value: a.Value}
	case a.Space == "xmlns":
		return infoset.NodeAttr{Name: infoset.Name{Prefix: "xmlns", Local: a.Key}, Value: a.Value}
	case a.Space == "xml":
		return infoset.NodeAttr{Name: infoset.Name{Prefix: "xml", Local: a.Key, Space: infoset.XMLNamespace}, Value: a.Value}
	}
	return infoset.NodeAttr{Name: infoset.Name{Prefix: a.Space, Local: a.Key, Space: a.NamespaceURI()}, Value: a.Value}
}
