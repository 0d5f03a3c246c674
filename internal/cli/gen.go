// wsproxy gen: svcutil for Go. It reads a service's metadata (a WSDL URL
// with its imports, a WS-MetadataExchange address over net.tcp or HTTP, a
// service address — MEX there, then ?wsdl —, a .wsdl file, or a directory
// of saved .wsdl/.xsd files: metadata.Import) and writes one Go package: data contracts, a typed client, a
// server interface and the contract (servicemodel/metadata.Generate).

package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wwsgo/wws/servicemodel/metadata"
)

type genCmd struct {
	out, pkg     string
	otherOrigins bool
	timeout      time.Duration
}

func runGen(e *env, args []string) error {
	var c genCmd
	fs := newFlagSet("gen", "SOURCE  (a ?wsdl URL, a MEX address net.tcp://…/mex or http://…/mex, a service address, a .wsdl file or a directory of .wsdl/.xsd files)", e)
	fs.StringVar(&c.out, "o", ".", "output `DIR`; the package goes to DIR/<pkg>.go")
	fs.StringVar(&c.pkg, "pkg", "", "package `NAME` (default: the directory's name, else the contract's)")
	fs.BoolVar(&c.otherOrigins, "allow-other-origins", false, "follow imports to other hosts than the source's")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "bound on reading the metadata")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return usagef(errors.New("gen takes one SOURCE"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	d, err := metadata.Import(ctx, pos[0], &metadata.ImportOptions{AllowOtherOrigins: c.otherOrigins, Timeout: c.timeout})
	if err != nil {
		return err
	}
	pkg := c.pkg
	if pkg == "" && c.out != "." {
		pkg = filepath.Base(filepath.Clean(c.out))
	}
	src, err := metadata.Generate(d, metadata.GenOptions{Package: pkg, Source: pos[0]})
	if err != nil {
		return err
	}
	if pkg == "" {
		pkg = packageName(src)
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	path := filepath.Join(c.out, pkg+".go")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wsproxy gen: wrote %s (%d documents read)\n", path, len(d.Documents))
	return nil
}

// packageName reads the package clause of generated source.
func packageName(src []byte) string {
	for _, line := range strings.Split(string(src), "\n") {
		if n, ok := strings.CutPrefix(line, "package "); ok {
			return n
		}
	}
	return "service"
}
