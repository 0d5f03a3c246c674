// Package config reads wshost's configuration file: JSON written by hand,
// unknown fields rejected, every error naming the field at fault. It
// declares the endpoints (binding and address), their quotas, timeouts and
// limits, TLS material and transport security (security.go: an endpoint's
// mode, credential and protection; the host's Windows service
// credentials), the host's close timeout, logging and the admin address.
// Defaults follow WCF (TransportDefaults.cs in
// System.ServiceModel/System/ServiceModel/Channels/) and the interop
// contract's three endpoints.
package config
