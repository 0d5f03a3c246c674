// Package clihost is wshost: it hosts the built-in Calculator service
// (servicemodel/calculator, /work/shared/interop-contract.md) on the
// endpoints of a config.Config, logs one line per open endpoint, serves
// /healthz and /metrics on the admin address, and on SIGTERM or SIGINT
// closes the host gracefully (a second signal aborts at once). cmd/wshost is
// a thin main around Run.
//
// Exit codes: 0 after a shutdown by signal, 1 when the host cannot open or
// fails, 2 for a bad command line or configuration.
package clihost
