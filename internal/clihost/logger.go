// wshost's zap logger: console (default) or JSON lines on stderr, info level
// by default, where the only lines are one per open endpoint.

package clihost

import (
	"fmt"
	"io"

	"github.com/wwsgo/wws/internal/config"
	"go.uber.org/zap"
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
