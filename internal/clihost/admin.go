// The admin listener: /healthz (200 while the host is Open) and /metrics.

package clihost

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/wwsgo/wws/internal/climetrics"
	"github.com/wwsgo/wws/servicemodel"
	"go.uber.org/zap"
)

// startAdmin serves the admin handler on addr; nil when addr is "".
func startAdmin(addr string, reg *climetrics.Registry, h *servicemodel.Host, log *zap.Logger) (*http.Server, error) {
	if addr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	healthy := func() error {
		if s := h.State(); s != servicemodel.Open {
			return fmt.Errorf("host %s", s)
		}
		return nil
	}
	srv := &http.Server{Handler: climetrics.Handler(reg, healthy), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("admin server failed", zap.Error(err))
		}
	}()
	log.Info("admin open", zap.String("address", "http://"+ln.Addr().String()+"/"))
	return srv, nil
}
