package e2e

import (
	"testing"

	"github.com/wwsgo/wws/internal/monotest"
)

// A stock WCF client (Mono's) runs every Calculator operation against the
// wshost binary on each default endpoint.
func TestMonoClient(t *testing.T) {
	monotest.Require(t)
	for _, ep := range monoEndpoints {
		t.Run(ep.binding, func(t *testing.T) {
			args := []string{"-nettcp", "off", "-http", "off"}
			if ep.binding == monotest.NetTCP {
				args[1] = freePort(t)
			} else {
				args[3] = freePort(t)
			}
			h := startHost(t, ep.endpoints, args...)
			addr := h.addr(ep.binding)
			if addr == "" {
				t.Fatalf("wshost logged no %s endpoint", ep.binding)
			}
			res, err := monotest.RunClient(t, ep.binding, addr)
			if err != nil {
				t.Fatalf("CalcClient %s %s: %v (%+v)", ep.binding, addr, err, res.Ops)
			}
		})
	}
}

// monoEndpoints are the endpoints TestMonoClient covers, with the number of
// endpoints wshost opens for each run.
var monoEndpoints = []struct {
	binding   string
	endpoints int
}{
	{monotest.NetTCP, 1},
	{monotest.SOAP12, 2},
	{monotest.SOAP11, 2},
}
