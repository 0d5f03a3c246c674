package clihost

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/wwsgo/wws/internal/config"
)

// The service model's slog lines reach wshost's zap logger, at its level
// and in its format.
func TestSlogOfWritesToZap(t *testing.T) {
	var buf bytes.Buffer
	zl, err := newLogger(config.Log{Format: "json"}, &buf) // info level
	if err != nil {
		t.Fatal(err)
	}
	log := slogOf(zl)
	if log.Enabled(context.Background(), slog.LevelDebug) {
		t.Error("Debug enabled at zap's info level")
	}
	log.Debug("hidden")
	log.LogAttrs(context.Background(), slog.LevelWarn, "service host aborted with channels open",
		slog.Int("channels", 2), slog.Any("error", errors.New("boom")))
	out := buf.String()
	if strings.Contains(out, "hidden") {
		t.Errorf("a Debug line passed zap's info level: %s", out)
	}
	for _, want := range []string{`"level":"warn"`, `"msg":"service host aborted with channels open"`, `"channels":2`, `"error":"boom"`} {
		if !strings.Contains(out, want) {
			t.Errorf("zap output %q lacks %s", out, want)
		}
	}
}
