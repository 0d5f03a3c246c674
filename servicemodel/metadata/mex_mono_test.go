package metadata_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/servicemodel/metadata"
)

// TestMEXAgainstMono probes the MEX endpoint of Mono's OrdersHost
// (MetadataExchangeBindings.CreateMexHttpBinding at HTTP_BASE/mex) and
// documents what Mono answers: a well-formed GetResponse whose
// mex:Metadata is empty (Mono's ServiceMetadataExtension fills no
// section), which Import reports as ErrNoMetadata rather than as a
// description without contracts. Mono's ?wsdl, at the same base, has the
// metadata (TestGeneratedClientAgainstMono).
func TestMEXAgainstMono(t *testing.T) {
	httpBase, _ := startOrdersHost(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := metadata.Import(ctx, httpBase+"/mex", nil)
	if !errors.Is(err, metadata.ErrNoMetadata) || !strings.Contains(err.Error(), "the service returned no metadata") ||
		!strings.Contains(err.Error(), httpBase+"/mex") {
		t.Fatalf("Import of Mono's MEX: %v; want ErrNoMetadata naming the address", err)
	}
	t.Logf("Mono's MEX: %v", err)
}
