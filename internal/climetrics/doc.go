// Package climetrics counts what wshost serves — calls, faults, call
// latencies and open sessions, per endpoint — by decorating each endpoint's
// servicemodel.Binding, and writes them in the Prometheus text exposition
// format (version 0.0.4, written by hand: no client library) on the admin
// address, next to /healthz.
package climetrics
