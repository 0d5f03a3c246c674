// Package e2e drives the built wshost and wsproxy binaries end to end: exit
// codes, graceful shutdown during a pending call, bench and decode output,
// the admin endpoints, and a Mono WCF client against wshost.
package e2e
