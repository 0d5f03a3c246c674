package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenFromSavedMetadata runs wsproxy gen on the saved Mono IOrderService
// metadata: it writes the package the generator's golden test holds.
func TestGenFromSavedMetadata(t *testing.T) {
	out := filepath.Join(t.TempDir(), "orders")
	var stdout, stderr bytes.Buffer
	src := filepath.Join("..", "..", "testdata", "wsdl", "orders")
	if code := Main([]string{"gen", "-o", out, src}, nil, &stdout, &stderr); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got, err := os.ReadFile(filepath.Join(out, "orders.go"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "servicemodel", "metadata", "internal", "genorders", "orders.go"))
	if err != nil {
		t.Fatal(err)
	}
	strip := func(b []byte) string { _, rest, _ := strings.Cut(string(b), "\n"); return rest } // the header names the source
	if strip(got) != strip(want) {
		t.Errorf("wsproxy gen wrote another package than servicemodel/metadata/internal/genorders")
	}
	if !strings.Contains(stderr.String(), "7 documents read") {
		t.Errorf("stderr %q", stderr.String())
	}
}

func TestGenUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"gen"}, nil, &stdout, &stderr); code != ExitUsage {
		t.Errorf("gen without SOURCE: exit %d; want %d", code, ExitUsage)
	}
	stderr.Reset()
	bad := filepath.Join(t.TempDir(), "bad.wsdl")
	os.WriteFile(bad, []byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>`), 0o644)
	if code := Main([]string{"gen", "-o", t.TempDir(), bad}, nil, &stdout, &stderr); code == ExitOK {
		t.Errorf("gen of a DTD: exit 0")
	}
	if !strings.Contains(stderr.String(), "DTDs are not allowed") || !strings.Contains(stderr.String(), "bad.wsdl") {
		t.Errorf("stderr %q; want the file named and DTDs refused", stderr.String())
	}
}
