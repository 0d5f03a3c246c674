// The library's logging: a *slog.Logger in ProxyOptions and HostOptions,
// quiet by default. The service model logs changes of state and the
// failures an operator looks for (a dropped or faulted channel, an abort
// with calls under way, a Close that had to abort sessions), never a line
// per call.

package servicemodel

import "log/slog"

// discardLogger is the logger of a proxy or host given none.
var discardLogger = slog.New(slog.DiscardHandler)

// loggerOrDiscard returns l, or a logger that discards everything when l
// is nil.
func loggerOrDiscard(l *slog.Logger) *slog.Logger {
	if l == nil {
		return discardLogger
	}
	return l
}
