package ntlm_test

import (
	"fmt"
	"strings"

	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// A client and a server in one process: the three messages, then a sealed
// message from the client to the server.
func Example() {
	users, _ := ntlm.ParseUserFile(strings.NewReader("WWS:alice:Passw0rd!\n"))
	client := ntlm.NewClient(ntlm.ClientConfig{
		Credentials:     ntlm.Credentials{Domain: "WWS", User: "alice", Password: "Passw0rd!"},
		TargetName:      "host/server.example",
		Confidentiality: true,
	})
	server := ntlm.NewServer(ntlm.ServerConfig{Users: users})

	negotiate, _ := client.Negotiate()
	challenge, _ := server.Challenge(negotiate)
	authenticate, _ := client.Authenticate(challenge)
	if err := server.Authenticate(authenticate); err != nil {
		fmt.Println(err)
		return
	}
	domain, user := server.User()
	fmt.Printf("caller %s\\%s\n", domain, user)

	sealed, _ := client.Session().Wrap(nil, []byte("Add(2, 3)"))
	plain, err := server.Session().Unwrap(sealed)
	fmt.Printf("%d-byte payload carries %q (%v)\n", len(sealed), plain, err)
	// Output:
	// caller WWS\alice
	// 25-byte payload carries "Add(2, 3)" (<nil>)
}
