package monotest

import (
	"errors"
	"testing"
)

func TestAvailableErrorIsSentinel(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if err := probe(); !errors.Is(err, ErrMonoMissing) {
		t.Errorf("probe() with an empty PATH = %v, want ErrMonoMissing", err)
	}
}

func TestFindAssemblyMissing(t *testing.T) {
	if got := findAssembly("/nonexistent/bin/mono", "System.ServiceModel.dll"); got != "" {
		t.Errorf("findAssembly = %q, want \"\"", got)
	}
}
