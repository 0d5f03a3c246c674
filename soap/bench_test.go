package soap

import (
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
)

func BenchmarkWriteEnvelopeAdd(b *testing.B) {
	b.ReportAllocs()
	m := addRequestMessage(b)
	var w countWriter
	for b.Loop() {
		w.reset()
		if err := WriteEnvelope(&w, m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeAdd(b *testing.B) {
	b.ReportAllocs()
	req := &AddRequest{A: 2, B: 3}
	var w countWriter
	for b.Loop() {
		_ = Encode(&w, req)
	}
}

func BenchmarkReadEnvelopeDecodeAdd(b *testing.B) {
	b.ReportAllocs()
	var tw infoset.TreeWriter
	if err := WriteEnvelope(&tw, addRequestMessage(b)); err != nil {
		b.Fatal(err)
	}
	rr := newReplay(b, tw.Nodes())
	var req AddRequest
	for b.Loop() {
		rr.reset()
		m, err := ReadEnvelope(rr, ReadOptions{Version: Soap12WSAddressing10})
		if err != nil {
			b.Fatal(err)
		}
		if err := m.DecodeBody(&req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadEnvelopeDecodeAddTreeReader(b *testing.B) {
	b.ReportAllocs()
	var tw infoset.TreeWriter
	if err := WriteEnvelope(&tw, addRequestMessage(b)); err != nil {
		b.Fatal(err)
	}
	nodes := tw.Nodes()
	var req AddRequest
	for b.Loop() {
		m, err := ReadEnvelope(infoset.NewTreeReader(nodes...), ReadOptions{Version: Soap12WSAddressing10})
		if err != nil {
			b.Fatal(err)
		}
		if err := m.DecodeBody(&req); err != nil {
			b.Fatal(err)
		}
	}
}
