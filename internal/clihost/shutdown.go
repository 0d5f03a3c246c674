// Graceful shutdown: the first SIGTERM or SIGINT closes the host (its calls
// finish, sessions get CloseTimeout to end, then what is left is aborted);
// a second signal aborts at once and exits without waiting for operations
// that ignore their cancellation.

package clihost

import (
	"context"
	"net/http"
	"os"

	"github.com/wwsgo/wws/servicemodel"
	"go.uber.org/zap"
)

// shutdown waits for a signal, then closes h and the admin server.
func shutdown(h *servicemodel.Host, admin *http.Server, log *zap.Logger, signals <-chan os.Signal) {
	sig := <-signals
	log.Debug("closing", zap.Stringer("signal", sig))
	closed := make(chan error, 1)
	go func() { closed <- h.Close(context.Background()) }()
	select {
	case err := <-closed:
		if err != nil {
			log.Debug("close did not finish gracefully", zap.Error(err))
		}
	case sig := <-signals:
		log.Debug("aborting", zap.Stringer("signal", sig))
		h.Abort() // returns at once; Close would still wait for the calls
	}
	h.Abort() // no-op after a clean close; ends whatever Close left
	if admin != nil {
		admin.Close()
	}
	log.Debug("closed")
}
