// Package e2e drives the built wshost and wsproxy binaries end to end: exit
// codes, graceful shutdown during a pending call, bench and decode output,
// the admin endpoints, a Mono WCF client against wshost, and three wshost
// instances behind HAProxy (PROXY protocol, listen_uri, failover on SIGTERM).
package e2e
