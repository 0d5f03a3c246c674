// Package calculator is the built-in Calculator service of the interop
// contract (interop-contract.md): WCF's ICalculator with Add, Echo, Delay,
// Fail, Notify (one-way), NotifyCount and Blob, in namespace
// http://tempuri.org/, with the DataContractSerializer body shapes a stock
// WCF client or host uses.
//
// Contract returns the server-side contract, bound to one Service
// instance for the whole host (so NotifyCount counts across sessions);
// ClientContract returns the same contract without handlers, for proxies,
// which use the exported request and response types.
package calculator
