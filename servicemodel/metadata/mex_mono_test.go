package metadata_test

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/monotest"
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

// TestMonoMEXClientReadsGoHost: Mono's MetadataExchangeClient (what svcutil
// uses) reads the Go host's MEX over HTTP — one WSDL section, Identifier
// the contract namespace — and its WsdlImporter makes ICalculator of it.
// (Mono's MetadataExchangeClient has no net.tcp: TestMEXImportGenerateCall
// covers mexTcpBinding with our own client.)
func TestMonoMEXClientReadsGoHost(t *testing.T) {
	monotest.Require(t)
	exe := filepath.Join(t.TempDir(), "MexClient.exe")
	out, err := exec.Command("mcs", "-nologo", "-warnaserror", "-out:"+exe, "-r:System.ServiceModel",
		"../../testdata/mono/mex/MexClient.cs").CombinedOutput()
	if err != nil {
		t.Fatalf("mcs: %v\n%s", err, out)
	}
	httpBase, _ := mexHost(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err = exec.CommandContext(ctx, "mono", exe, httpBase+"soap12/mex").CombinedOutput()
	if err != nil {
		t.Fatalf("MexClient: %v\n%s", err, out)
	}
	for _, want := range []string{
		"SECTION http://schemas.xmlsoap.org/wsdl/ http://tempuri.org/ ServiceDescription",
		"CONTRACT ICalculator Add,Echo,Delay,Fail,Notify,NotifyCount,Blob",
		"ENDPOINT " + httpBase + "soap12 ",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("MexClient output lacks %q:\n%s", want, out)
		}
	}
}
