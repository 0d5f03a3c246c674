// Package monotest builds and runs the Mono WCF test peers of testdata/mono: CalcHost.exe, a WCF
// host of the Calculator service (/work/shared/interop-contract.md), and CalcClient.exe, a WCF
// client that runs every Calculator operation and prints one OK or FAIL line per operation.
//
// Interop tests in other packages use it to put a stock WCF stack on the other end of the wire:
//
//	monotest.Require(t)                        // skip (or fail under CI) when Mono is missing
//	h := monotest.StartHost(t, monotest.NewEndpoint(t, monotest.NetTCP))
//	res, err := monotest.RunClient(t, monotest.NetTCP, ourAddress)
//
// Mono's WCF is not .NET's: see testdata/vectors/README.md ("Mono behaviours that will look like
// our bugs") before reading a failure as ours.
//
// Policy: when Mono is missing, Require fails the test if CI=true or WWS_REQUIRE_MONO=1 is set in
// the environment, and skips it otherwise.
package monotest
