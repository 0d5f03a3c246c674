package servicemodel_test

import (
	"context"
	"fmt"
	"log"
	"net"
	"os"
	"path/filepath"

	"github.com/wwsgo/wws/servicemodel"
)

type WhoAmI struct {
	XMLName struct{} `xml:"http://tempuri.org/ WhoAmI"`
}

type WhoAmIResponse struct {
	XMLName struct{} `xml:"http://tempuri.org/ WhoAmIResponse"`
	Caller  string
}

// A BasicHttp endpoint with Windows authentication (NTLM, as IIS's
// Negotiate/NTLM), users from a gss-ntlmssp user file; the operation
// reads the caller with CallerIdentity, and a proxy calls it as
// CONTOSO\alice.
func ExampleHTTPBinding_windowsAuthentication() {
	dir, _ := os.MkdirTemp("", "wws")
	defer os.RemoveAll(dir)
	users := filepath.Join(dir, "ntlm_users")
	os.WriteFile(users, []byte("CONTOSO:alice:Passw0rd!\n"), 0o600)

	secured := func() *servicemodel.HTTPBinding {
		b := servicemodel.NewBasicHTTPBinding()
		b.Security = servicemodel.Security{Mode: servicemodel.SecurityModeTransportCredentialOnly,
			Credential: servicemodel.CredentialWindows}
		return b
	}
	contract := servicemodel.MustContract("IWho", "",
		servicemodel.Op("WhoAmI", func(ctx context.Context, _ *WhoAmI) (*WhoAmIResponse, error) {
			c, _ := servicemodel.CallerIdentity(ctx)
			return &WhoAmIResponse{Caller: fmt.Sprintf("%s (%s, protection %v)", c.Name, c.Mechanism, c.Protection)}, nil
		}))
	host, err := servicemodel.NewHost(&servicemodel.HostOptions{
		Windows: &servicemodel.WindowsServiceCredential{NTLMUserFile: users},
	}, &servicemodel.Endpoint{Address: "http://127.0.0.1:0/who", Binding: secured(), Contract: contract})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if err := host.Open(ctx); err != nil {
		log.Fatal(err)
	}
	defer host.Close(ctx)

	proxy, err := servicemodel.NewServiceProxy(secured(), contract, &servicemodel.ProxyOptions{
		Windows: &servicemodel.WindowsClientCredential{User: `CONTOSO\alice`, Password: "Passw0rd!"},
	})
	if err != nil {
		log.Fatal(err)
	}
	url := fmt.Sprintf("http://127.0.0.1:%d/who", host.Addrs()[0].(*net.TCPAddr).Port)
	if err := proxy.Open(ctx, url); err != nil {
		log.Fatal(err)
	}
	defer proxy.Close(ctx)
	var resp WhoAmIResponse
	if err := proxy.Call(ctx, "WhoAmI", &WhoAmI{}, &resp); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Caller)
	// Output: CONTOSO\alice (NTLM, protection None)
}
