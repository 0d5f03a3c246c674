// Package interop holds the tests that run this module against a real WCF
// stack: Mono's System.ServiceModel (internal/monotest builds and runs the
// C# peers in testdata/mono). The package has no code of its own.
package interop
