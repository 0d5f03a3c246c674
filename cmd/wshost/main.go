// Command wshost hosts the built-in Calculator service on net.tcp and HTTP
// (see internal/clihost and the README).
package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/wwsgo/wws/internal/clihost"
)

func main() {
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	os.Exit(clihost.Run(os.Args[1:], os.Stderr, signals))
}
