package windowsauth_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth"
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// A net.tcp host that requires Windows authentication (NTLM in SPNEGO,
// EncryptAndSign) and a client that passes it.
func ExampleSPNEGOUpgrader() {
	users, _ := ntlm.ParseUserFile(strings.NewReader("WWS:alice:Passw0rd!\n"))
	host := windowsauth.SPNEGOUpgrader(nil, &ntlm.ServerConfig{Users: users}, nettcp.NNSProtectionEncryptAndSign)
	l, _ := nettcp.Listen("tcp", "127.0.0.1:0", nil)
	defer l.Close()
	l.Handle("/calc", nettcp.EndpointConfig{Upgrader: host})
	go func() { // echo one envelope
		s, err := l.Accept(context.Background())
		if err != nil {
			return
		}
		b, _ := s.Receive(context.Background(), nil)
		s.Send(context.Background(), b)
		s.Receive(context.Background(), nil) // End
		s.Close(context.Background())
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client := windowsauth.SPNEGOUpgrader(&ntlm.ClientConfig{
		Credentials: ntlm.Credentials{Domain: "WWS", User: "alice", Password: "Passw0rd!"},
	}, nil, nettcp.NNSProtectionEncryptAndSign)
	s, err := nettcp.Dial(ctx, fmt.Sprintf("net.tcp://%s/calc", l.Addr()), &nettcp.ClientConfig{Upgrader: client})
	if err != nil {
		fmt.Println(err)
		return
	}
	s.Send(ctx, []byte("<Add/>"))
	reply, _ := s.Receive(ctx, nil)
	fmt.Printf("%s over %s\n", reply, s.Upgrade())
	s.Close(ctx)
	// Output: <Add/> over application/negotiate
}

// Kerberos, with NTLM as the fallback, on both sides of the net.tcp
// upgrade: the client from a password (or Keytab, or CCache: kinit's
// ticket), the host from a keytab. Paths and names are the deployment's;
// krb5.conf is $KRB5_CONFIG or /etc/krb5.conf unless named.
func ExampleNegotiateUpgrader() {
	krb := kerberos.NewClient(kerberos.Credentials{User: "alice@EXAMPLE.COM", Password: "Passw0rd!"})
	defer krb.Close()
	client := windowsauth.NegotiateUpgrader(&windowsauth.NegotiateClientConfig{
		Kerberos:   krb,
		NTLM:       &ntlm.ClientConfig{Credentials: ntlm.Credentials{Domain: "EXAMPLE", User: "alice", Password: "Passw0rd!"}},
		TargetName: "host/calc.example.com", // the endpoint identity; default host/<the address's host>
	}, nil, nettcp.NNSProtectionEncryptAndSign)

	acceptor, err := kerberos.NewAcceptorConfig("/etc/calc.keytab", "host/calc.example.com", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	host := windowsauth.NegotiateUpgrader(nil, &windowsauth.NegotiateServerConfig{Kerberos: acceptor}, nettcp.NNSProtectionEncryptAndSign)
	_, _ = client, host
}
