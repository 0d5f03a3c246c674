package binxml

import (
	"github.com/wwsgo/wws/soap/infoset"
)

// Element and attribute records, [MC-NBFX] 2.2.1–2.2.2:
// a start tag is one element record followed by its attribute records.

// readPrefixes are the one-letter prefixes of the Prefix*A–Z records.
// They are the strings of asciiNames, so that comparing them with an
// interned one-letter prefix finds the same pointer.
var readPrefixes = func() (p [26]string) {
	for i := range p {
		p[i] = asciiNames['a'+i]
	}
	return p
}()

// readElement reads a start tag and reports its StartElement.
func (r *Reader) readElement() (infoset.Kind, error) {
	if err := r.readStartTag(); err != nil {
		return infoset.EOF, err
	}
	return infoset.StartElement, nil
}

// readStartTag reads the element record at r.pos and its attributes,
// opens the element and resolves every name.
func (r *Reader) readStartTag() error {
	if len(r.stack) >= r.q.MaxDepth {
		return r.quota("MaxDepth", r.q.MaxDepth)
	}
	r.rec = r.buf[r.pos]
	start := r.pos
	r.tagLimit = r.pos + r.q.MaxBytesPerRead
	err := r.readTag()
	r.tagLimit = 0
	r.tagStart, r.tagEnd = -1, -1
	if err == nil {
		r.tagStart, r.tagEnd = start, r.pos
	}
	return err
}

func (r *Reader) readTag() error {
	r.pos++
	prefix, local, err := r.readElementName(r.rec)
	if err != nil {
		return err
	}
	r.scope.Push()
	r.stack = append(r.stack, infoset.Name{})
	// No clear per tag: append overwrites every entry kept, and stale ones
	// beyond the length hold only what this document read; Reset clears.
	r.clearAttrs()
	atEOF, err := r.readAttributes()
	if err != nil {
		return err
	}
	if err := r.resolveTag(prefix, local); err != nil {
		if atEOF { // the declaration may have been cut off
			return r.truncated()
		}
		return err
	}
	return nil
}

// readElementName reads the fields of element record rec (0x40–0x77).
func (r *Reader) readElementName(rec byte) (prefix, local string, err error) {
	switch {
	case rec == recShortElement:
		local, err = r.readLocalName()
	case rec == recElement:
		if prefix, err = r.readName(); err == nil {
			local, err = r.readLocalName()
		}
	case rec == recShortDictionaryElement:
		local, err = r.readDictString()
	case rec == recDictionaryElement:
		if prefix, err = r.readName(); err == nil {
			local, err = r.readDictString()
		}
	case rec < recPrefixElementA:
		prefix = readPrefixes[rec-recPrefixDictionaryElementA]
		local, err = r.readDictString()
	default:
		prefix = readPrefixes[rec-recPrefixElementA]
		local, err = r.readLocalName()
	}
	return prefix, local, err
}

// readAttributes reads the attribute records that follow an element
// record; atEOF reports that the input ended right after them.
func (r *Reader) readAttributes() (atEOF bool, err error) {
	for {
		more, err := r.more()
		if err != nil || !more {
			return !more, err
		}
		rec := r.buf[r.pos]
		if rec < recShortAttribute || rec >= recShortElement {
			return false, nil
		}
		r.recStart, r.rec = r.pos, rec
		r.pos++
		if err := r.readAttribute(rec); err != nil {
			return false, err
		}
		if r.pos > r.tagLimit {
			return false, r.quota("MaxBytesPerRead", r.q.MaxBytesPerRead)
		}
	}
}

// readAttribute reads the fields of attribute record rec (0x04–0x3F).
func (r *Reader) readAttribute(rec byte) error {
	var prefix, local string
	var err error
	switch {
	case rec >= recShortXmlnsAttribute && rec <= recDictionaryXmlnsAttribute:
		return r.readXmlns(rec)
	case rec == recShortAttribute:
		local, err = r.readLocalName()
	case rec == recAttribute:
		if prefix, err = r.readName(); err == nil {
			local, err = r.readLocalName()
		}
	case rec == recShortDictionaryAttribute:
		local, err = r.readDictString()
	case rec == recDictionaryAttribute:
		if prefix, err = r.readName(); err == nil {
			local, err = r.readDictString()
		}
	case rec < recPrefixAttributeA:
		prefix = readPrefixes[rec-recPrefixDictionaryAttributeA]
		local, err = r.readDictString()
	default:
		prefix = readPrefixes[rec-recPrefixAttributeA]
		local, err = r.readLocalName()
	}
	if err != nil {
		return err
	}
	if prefix == "xmlns" || prefix == "" && local == "xmlns" {
		return r.fail("record 0x%02X: attribute %q declares a namespace", rec, local)
	}
	v, err := r.readAttrValue()
	if err != nil {
		return err
	}
	// Space is filled in by resolveTag, once every xmlns record is bound.
	r.attrs = append(r.attrs, infoset.Attr{Name: infoset.Name{Prefix: prefix, Local: local}, Value: v})
	return nil
}

// readXmlns reads a namespace declaration record (0x08–0x0B) and binds it.
func (r *Reader) readXmlns(rec byte) error {
	var prefix, ns string
	var err error
	switch rec {
	case recShortXmlnsAttribute:
		ns, err = r.readName()
	case recXmlnsAttribute:
		if prefix, err = r.readName(); err == nil {
			ns, err = r.readName()
		}
	case recShortDictionaryXmlnsAttribute:
		ns, err = r.readDictString()
	default:
		if prefix, err = r.readName(); err == nil {
			ns, err = r.readDictString()
		}
	}
	if err != nil {
		return err
	}
	if prefix == "xmlns" || prefix == "xml" && ns != infoset.XMLNamespace {
		return r.fail("record 0x%02X: prefix %q cannot be declared", rec, prefix)
	}
	r.scope.Bind(prefix, ns)
	r.attrs = append(r.attrs, infoset.XmlnsAttr(prefix, ns))
	return nil
}

// readAttrValue reads the one text record (or list) of an attribute.
func (r *Reader) readAttrValue() (infoset.Text, error) {
	rec, err := r.readByte()
	if err != nil {
		return infoset.Text{}, err
	}
	switch {
	case rec == recStartListText:
		v, end, err := r.readList()
		if err == nil && end {
			err = r.fail("attribute list ends its element (0x%02X)", recEndListText+1)
		}
		return v, err
	case rec < recZeroText || rec > recQNameDictionaryText+1 || rec&1 != 0 ||
		rec == recEndListText:
		return infoset.Text{}, r.fail("record 0x%02X: attribute value must be one even text record, got 0x%02X", r.rec, rec)
	}
	return r.readTextRecord(rec)
}

// resolveTag resolves the element's and attributes' namespaces once every
// declaration of the start tag is bound.
func (r *Reader) resolveTag(prefix, local string) error {
	ns, ok := r.scope.Lookup(prefix)
	if !ok {
		return r.fail("element %s:%s: prefix %q is not declared", prefix, local, prefix)
	}
	r.name = infoset.Name{Prefix: prefix, Local: local, Space: ns}
	r.stack[len(r.stack)-1] = r.name
	for i := range r.attrs {
		a := &r.attrs[i].Name
		if a.Prefix == "" || a.Space == infoset.XMLNSNamespace {
			continue // unprefixed attributes are in no namespace
		}
		if a.Space, ok = r.scope.Lookup(a.Prefix); !ok {
			return r.fail("attribute %s: prefix %q is not declared", a, a.Prefix)
		}
	}
	return nil
}
