// The wshost command line and its life cycle: configure, open, wait for a
// signal, close (then abort), exit.

package clihost

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/wwsgo/wws/internal/climetrics"
	"github.com/wwsgo/wws/internal/config"
	"go.uber.org/zap"
)

// Exit codes.
const (
	ExitOK     = 0
	ExitFailed = 1
	ExitUsage  = 2
)

// options are the command-line flags.
type options struct {
	configFile, nettcp, http, admin, logLevel, logFormat, cpuprofile string
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	var o options
	fs := flag.NewFlagSet("wshost", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.configFile, "config", "", "JSON configuration file (README \"Configuration\")")
	fs.StringVar(&o.nettcp, "nettcp", "", "HOST:PORT of the net.tcp endpoints, or off (default 127.0.0.1:8808)")
	fs.StringVar(&o.http, "http", "", "HOST:PORT of the HTTP endpoints, or off (default 127.0.0.1:8080)")
	fs.StringVar(&o.admin, "admin", "", "HOST:PORT of /healthz and /metrics (default: none)")
	fs.StringVar(&o.logLevel, "log-level", "", "debug, info, warn or error (default info)")
	fs.StringVar(&o.logFormat, "log-format", "", "console or json (default console)")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile (pprof) of the host's whole run to `FILE`")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: wshost [flags]\n\nHosts the built-in Calculator service.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return &o, nil
}

// loadConfig reads the file (or the defaults) and applies the flags.
func (o *options) loadConfig() (*config.Config, error) {
	c := config.Default()
	if o.configFile != "" {
		var err error
		if c, err = config.Load(o.configFile); err != nil {
			return nil, err
		}
	}
	if err := c.MoveListeners(o.nettcp, o.http); err != nil {
		return nil, err
	}
	if o.admin != "" {
		c.Admin = o.admin
	}
	if o.logLevel != "" {
		c.Log.Level = o.logLevel
	}
	if o.logFormat != "" {
		c.Log.Format = o.logFormat
	}
	return c, c.Validate()
}

// Run runs wshost until a signal arrives on signals, and returns the exit
// status. Logs go to stderr.
func Run(args []string, stderr io.Writer, signals <-chan os.Signal) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		return ExitUsage
	}
	c, err := o.loadConfig()
	if err != nil {
		fmt.Fprintf(stderr, "wshost: %v\n", err)
		return ExitUsage
	}
	log, err := newLogger(c.Log, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "wshost: %v\n", err)
		return ExitUsage
	}
	defer log.Sync()
	if o.cpuprofile != "" {
		f, err := os.Create(o.cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "wshost: %v\n", err)
			return ExitUsage
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	return serve(c, log, signals)
}

// serve opens the host and the admin server, and shuts down on a signal.
func serve(c *config.Config, log *zap.Logger, signals <-chan os.Signal) int {
	reg := climetrics.NewRegistry()
	h, err := newHost(c, reg, log)
	if err != nil {
		log.Error("cannot configure the host", zap.Error(err))
		return ExitUsage
	}
	reg.SetHost(h.Stats)
	if err := h.Open(context.Background()); err != nil {
		log.Error("cannot open the host", zap.Error(err))
		return ExitFailed
	}
	for i, a := range h.Addrs() {
		ep := h.Endpoints()[i]
		if i >= len(c.Endpoints) { // the MEX endpoints metadata_exchange added
			log.Info("metadata exchange endpoint open", zap.String("address", listenAddress(cmp.Or(ep.ListenURI, ep.Address), a)))
			continue
		}
		fields := []zap.Field{zap.String("address", listenAddress(cmp.Or(ep.ListenURI, ep.Address), a)),
			zap.String("binding", c.Endpoints[i].Binding)}
		if ep.ListenURI != "" {
			fields = append(fields, zap.String("public", ep.Address))
		}
		if c.Endpoints[i].ProxyProtocol {
			fields = append(fields, zap.Bool("proxy_protocol", true))
		}
		log.Info("endpoint open", fields...)
	}
	admin, err := startAdmin(c.Admin, reg, h, log)
	if err != nil {
		log.Error("cannot open the admin address", zap.Error(err))
		h.Abort()
		return ExitFailed
	}
	shutdown(h, admin, log, signals)
	log.Info("stopped", zap.Uint64("calls", reg.Calls())) // every call answered over the host's life
	return ExitOK
}
