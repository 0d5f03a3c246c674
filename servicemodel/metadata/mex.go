package metadata

// WS-MetadataExchange: the mex:Metadata a MEX endpoint answers with, its
// writing (MEX, the host's answer) and its reading (by Import, from a MEX
// address: import_mex.go). The version is WS-MetadataExchange 1.1
// (namespace http://schemas.xmlsoap.org/ws/2004/09/mex, as WCF's
// IMetadataExchange speaks it): a Metadata element holds MetadataSections,
// each with a Dialect (the WSDL or XML Schema namespace) and an Identifier
// (the document's target namespace), and either the document itself, a
// mex:Location (a URL to GET it from) or a mex:MetadataReference (an
// endpoint reference to another MEX endpoint). Specs: WS-MetadataExchange
// 1.1 §4 (Metadata), §5 (GetMetadata), §6 (Get, through WS-Transfer Get);
// WS-Transfer §3.1 (Get); WCF's IMetadataExchange contract and
// ServiceMetadataExtension (System.ServiceModel.Description).

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/beevik/etree"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

// Namespaces and actions of WS-MetadataExchange 1.1 and WS-Transfer.
const (
	NamespaceMEX = "http://schemas.xmlsoap.org/ws/2004/09/mex"

	ActionTransferGet         = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get"
	ActionTransferGetResponse = "http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse"
	ActionGetMetadataRequest  = "http://schemas.xmlsoap.org/ws/2004/09/mex/GetMetadata/Request"
	ActionGetMetadataResponse = "http://schemas.xmlsoap.org/ws/2004/09/mex/GetMetadata/Response"
	DialectWSDL               = nsWSDL
	DialectXSD                = nsXSD
	mexPrefix                 = "wsx"
	errNoMetadataText         = "the service returned no metadata (an empty mex:Metadata)"
)

// ErrNoMetadata reports a MEX answer with no metadata section, as Mono's
// MEX endpoint gives.
var ErrNoMetadata = errors.New("metadata: " + errNoMetadataText)

// MEX is the servicemodel.MetadataExchangeFunc of WCF's IMetadataExchange
// endpoint: it answers WS-Transfer Get (action
// http://schemas.xmlsoap.org/ws/2004/09/transfer/Get, an empty body) with
// GetResponse, and WS-MetadataExchange GetMetadata with its Response, each
// carrying a mex:Metadata with one MetadataSection per document of the set
// describe writes (its Dialect, WSDL or XML Schema, and its Identifier,
// the target namespace), the document inline. A GetMetadata that names a
// Dialect or an Identifier gets the matching sections only. Other actions
// get ActionNotSupported. Set it as servicemodel.HostOptions.MetadataExchange.
func MEX(_ context.Context, req *soap.Message, describe func() (*servicemodel.MetadataSet, error)) (*soap.Message, error) {
	var reply, dialect, identifier string
	switch req.Action {
	case ActionTransferGet:
		reply = ActionTransferGetResponse
	case ActionGetMetadataRequest:
		reply = ActionGetMetadataResponse
		if !req.IsEmpty() {
			body, err := req.BodyElement()
			if err != nil {
				return nil, soap.SenderFault(fmt.Sprintf("cannot read GetMetadata: %v", err))
			}
			if body.Tag != "GetMetadata" || body.NamespaceURI() != NamespaceMEX {
				return nil, soap.SenderFault("the body of a GetMetadata request must be mex:GetMetadata")
			}
			for _, c := range body.ChildElements() {
				switch {
				case c.Tag == "Dialect" && c.NamespaceURI() == NamespaceMEX:
					dialect = c.Text()
				case c.Tag == "Identifier" && c.NamespaceURI() == NamespaceMEX:
					identifier = c.Text()
				}
			}
		}
	default:
		return nil, soap.ActionNotSupportedFault(req.Action)
	}
	set, err := describe()
	if err != nil {
		return nil, err
	}
	md, err := metadataElement(set.Documents, dialect, identifier)
	if err != nil {
		return nil, err
	}
	return soap.NewMessage(req.Version, reply, md), nil
}

// metadataElement builds the mex:Metadata of docs, keeping the sections of
// dialect and identifier when they are not empty.
func metadataElement(docs []servicemodel.MetadataDocument, dialect, identifier string) (*etree.Element, error) {
	md := etree.NewElement(mexPrefix + ":Metadata")
	md.CreateAttr("xmlns:"+mexPrefix, NamespaceMEX)
	for i, doc := range docs {
		d := etree.NewDocument()
		if err := d.ReadFromBytes(doc.Data); err != nil {
			return nil, fmt.Errorf("metadata: document %d (%s): %w", i, doc.Name, err)
		}
		root := d.Root()
		if root == nil {
			return nil, fmt.Errorf("metadata: document %d (%s) has no root element", i, doc.Name)
		}
		dl, id := doc.Dialect, doc.Identifier
		if dl == "" {
			dl = rootDialect(root)
		}
		if dl == "" || dl != rootDialect(root) {
			return nil, fmt.Errorf("metadata: document %d (%s) is <%s>, not of dialect %q", i, doc.Name, root.FullTag(), dl)
		}
		if id == "" {
			id = root.SelectAttrValue("targetNamespace", "")
		}
		if dialect != "" && dialect != dl || identifier != "" && identifier != id {
			continue
		}
		s := md.CreateElement(mexPrefix + ":MetadataSection")
		s.CreateAttr("Dialect", dl)
		s.CreateAttr("Identifier", id)
		s.AddChild(root)
	}
	return md, nil
}

// rootDialect is the Dialect of a document by its root element; "" for
// another kind of document.
func rootDialect(root *etree.Element) string {
	switch {
	case isWSDL(root, "definitions"):
		return DialectWSDL
	case isXSD(root, "schema"):
		return DialectXSD
	}
	return ""
}

// mexSection is one mex:MetadataSection as read: exactly one of Doc,
// Location and Reference is set.
type mexSection struct {
	N          int // its place among the answer's MetadataSections, from 1
	Dialect    string
	Identifier string
	Doc        *etree.Element // the document embedded
	Location   string         // mex:Location: a URL to GET the document from
	Reference  string         // mex:MetadataReference: the address of another MEX endpoint
}

// readMetadata reads the sections of a MEX answer's body, named name in
// errors. Sections of dialects other than WSDL and XML Schema (WS-Policy,
// others) are left out, as WS-MetadataExchange lets a requester ignore
// them; a section of a known dialect whose document is of another kind,
// or whose content is not one document, Location or MetadataReference, is
// an error naming it.
func readMetadata(name string, body *etree.Element, maxSections int) ([]mexSection, error) {
	if body == nil {
		return nil, &MetadataError{Document: name, Err: errors.New("the answer has an empty body")}
	}
	if body.Tag != "Metadata" || body.NamespaceURI() != NamespaceMEX {
		return nil, &MetadataError{Document: name, Element: elemPath(body),
			Err: fmt.Errorf("the answer is <%s> (namespace %q), not a mex:Metadata", body.FullTag(), body.NamespaceURI())}
	}
	var out []mexSection
	n, known := 0, 0
	for _, s := range body.ChildElements() {
		if s.Tag != "MetadataSection" || s.NamespaceURI() != NamespaceMEX {
			continue // extensibility: other elements are ignored (WS-MEX 1.1 §4)
		}
		n++
		if n > maxSections {
			return nil, fmt.Errorf("%w: %s: more than %d metadata sections", ErrMetadataLimit, name, maxSections)
		}
		where := name + " section " + strconv.Itoa(n)
		ms := mexSection{N: n, Dialect: s.SelectAttrValue("Dialect", ""), Identifier: s.SelectAttrValue("Identifier", "")}
		if ms.Dialect != DialectWSDL && ms.Dialect != DialectXSD {
			continue
		}
		known++
		kids := s.ChildElements()
		if len(kids) != 1 {
			return nil, &MetadataError{Document: where, Element: elemPath(s),
				Err: fmt.Errorf("a metadata section holds one document, mex:Location or mex:MetadataReference; this one has %d elements", len(kids))}
		}
		c := kids[0]
		switch {
		case c.Tag == "Location" && c.NamespaceURI() == NamespaceMEX:
			ms.Location = c.Text()
			if ms.Location == "" {
				return nil, &MetadataError{Document: where, Element: elemPath(c), Err: errors.New("empty mex:Location")}
			}
		case c.Tag == "MetadataReference" && c.NamespaceURI() == NamespaceMEX:
			for _, a := range c.ChildElements() {
				if a.Tag == "Address" {
					ms.Reference = a.Text()
				}
			}
			if ms.Reference == "" {
				return nil, &MetadataError{Document: where, Element: elemPath(c), Err: errors.New("mex:MetadataReference without an Address")}
			}
		default:
			if got := rootDialect(c); got != ms.Dialect {
				return nil, &MetadataError{Document: where, Element: elemPath(c),
					Err: fmt.Errorf("Dialect %s, but the section holds <%s> (namespace %q)", ms.Dialect, c.FullTag(), c.NamespaceURI())}
			}
			ms.Doc = c
		}
		out = append(out, ms)
	}
	switch {
	case n == 0:
		return nil, fmt.Errorf("%w: %s", ErrNoMetadata, name)
	case known == 0:
		return nil, &MetadataError{Document: name, Err: fmt.Errorf("none of its %d metadata sections is WSDL (Dialect %s) or XML Schema (Dialect %s)", n, DialectWSDL, DialectXSD)}
	}
	return out, nil
}

// sectionBytes writes an embedded document as a document of its own, the
// namespace declarations in scope at it copied onto its root, so that it
// reads as a saved file does.
func sectionBytes(e *etree.Element) ([]byte, error) {
	root := e.Copy()
	declared := map[string]bool{}
	for _, a := range root.Attr {
		if a.Space == "xmlns" || a.Space == "" && a.Key == "xmlns" {
			declared[a.Key] = true
		}
	}
	for p := e.Parent(); p != nil; p = p.Parent() {
		for _, a := range p.Attr {
			k := a.Key
			if a.Space == "" && a.Key == "xmlns" {
				k = "xmlns"
			} else if a.Space != "xmlns" {
				continue
			}
			if !declared[k] {
				declared[k] = true
				root.Attr = append(root.Attr, a)
			}
		}
	}
	d := etree.NewDocument()
	d.SetRoot(root)
	return d.WriteToBytes()
}
