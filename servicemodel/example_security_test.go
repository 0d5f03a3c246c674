package servicemodel_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// Windows authentication on net.tcp, as a default WCF NetTcpBinding has
// it: a host verifying NTLM clients against a user file, a proxy
// authenticating as a domain user, and an operation learning who called.
func ExampleSecurity_windows() {
	dir, err := os.MkdirTemp("", "wws-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	users := filepath.Join(dir, "ntlm_users")
	if err := os.WriteFile(users, []byte("CONTOSO:alice:Passw0rd!\n"), 0o600); err != nil {
		log.Fatal(err)
	}

	binding := servicemodel.NewNetTCPBinding()
	binding.Security = servicemodel.Security{Mode: servicemodel.SecurityModeTransport,
		Credential: servicemodel.CredentialWindows} // Protection: EncryptAndSign

	svc := calculator.New()
	contract := servicemodel.MustContract(calculator.ContractName, calculator.Namespace,
		servicemodel.Op("Add", func(ctx context.Context, req *calculator.AddRequest) (*calculator.AddResponse, error) {
			if c, ok := servicemodel.CallerIdentity(ctx); ok {
				fmt.Println("caller:", c.Name, c.Mechanism, c.Protection)
			}
			return svc.Add(ctx, req)
		}))
	host, err := servicemodel.NewHost(&servicemodel.HostOptions{
		Windows: &servicemodel.WindowsServiceCredential{NTLMUserFile: users},
	}, &servicemodel.Endpoint{Address: "net.tcp://127.0.0.1:0/calculator", Binding: binding, Contract: contract})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if err := host.Open(ctx); err != nil {
		log.Fatal(err)
	}
	defer host.Close(ctx)

	proxy, err := servicemodel.NewServiceProxy(binding, calculator.ClientContract(), &servicemodel.ProxyOptions{
		Windows: &servicemodel.WindowsClientCredential{User: `CONTOSO\alice`, Password: "Passw0rd!"},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := proxy.Open(ctx, "net.tcp://"+host.Addrs()[0].String()+"/calculator"); err != nil {
		log.Fatal(err)
	}
	var sum calculator.AddResponse
	if err := proxy.Call(ctx, "Add", &calculator.AddRequest{A: 2, B: 3}, &sum); err != nil {
		log.Fatal(err)
	}
	fmt.Println("sum:", sum.AddResult)
	if err := proxy.Close(ctx); err != nil {
		log.Fatal(err)
	}
	// Output:
	// caller: CONTOSO\alice NTLM EncryptAndSign
	// sum: 5
}
