// wshost's zap logger: console (default) or JSON lines on stderr, info level
// by default, where the only lines are one per open endpoint (and the
// host's warnings). The service model logs through log/slog; slogOf
// hands it the same zap core through zap's own slog handler.

package clihost

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/wwsgo/wws/internal/config"
	"go.uber.org/zap"
	"go.uber.org/zap/exp/zapslog"
	"go.uber.org/zap/zapcore"
)

// newLogger builds the logger of c.
func newLogger(c config.Log, w io.Writer) (*zap.Logger, error) {
	level := zapcore.InfoLevel
	if c.Level != "" {
		var err error
		if level, err = zapcore.ParseLevel(c.Level); err != nil {
			return nil, fmt.Errorf("-log-level: %w", err)
		}
	}
	ec := zap.NewProductionEncoderConfig()
	ec.TimeKey = "time"
	ec.EncodeTime = zapcore.ISO8601TimeEncoder
	var enc zapcore.Encoder
	switch c.Format {
	case "", "console":
		enc = zapcore.NewConsoleEncoder(ec)
	case "json":
		enc = zapcore.NewJSONEncoder(ec)
	default:
		return nil, fmt.Errorf("-log-format %q: want console or json", c.Format)
	}
	return zap.New(zapcore.NewCore(enc, zapcore.Lock(zapcore.AddSync(w)), level)), nil
}

// slogOf is a *slog.Logger that writes to log's core: the same encoder,
// writer and level, so servicemodel's Debug lines show with -log-level
// debug and its warnings by default.
func slogOf(log *zap.Logger) *slog.Logger {
	return slog.New(zapslog.NewHandler(log.Core()))
}
