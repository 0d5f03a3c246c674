package e2e

import "github.com/wwsgo/wws/internal/monotest"

// monoEndpoints are the endpoints TestMonoClient covers, with the number of
// endpoints wshost opens for each run.
var monoEndpoints = []struct {
	binding   string
	endpoints int
}{
	{monotest.NetTCP, 1},
}
