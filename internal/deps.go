//go:build tools

// Package internal pins the module's dependencies named by the design so
// that every branch resolves the same versions.
package internal

import (
	_ "github.com/beevik/etree"
	_ "github.com/google/go-cmp/cmp"
	_ "go.uber.org/goleak"
	_ "go.uber.org/zap"
	_ "go.uber.org/zap/exp/zapslog"
)
