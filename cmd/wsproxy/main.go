// Command wsproxy calls SOAP services over net.tcp and HTTP, benchmarks
// them, and decodes captured net.tcp traffic. See internal/cli and the
// README.
package main

import (
	"os"

	"github.com/wwsgo/wws/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
