// Package cancel implements WWSAPI's call cancellation for service
// operations: cancel callbacks that run at most once when the host aborts or
// a channel faults, and free-state callbacks that run once when the call
// completes.
package cancel
