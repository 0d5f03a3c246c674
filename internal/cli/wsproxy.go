// The wsproxy command line: sub-command dispatch, usage, and flags that may
// come before or after the positional arguments.

package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// env is what a command reads and writes; tests give their own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// commands maps a sub-command to its implementation.
var commands = map[string]func(*env, []string) error{
	"call":   runCall,
	"bench":  runBench,
	"decode": runDecode,
	"gen":    runGen,
}

const usageText = `usage: wsproxy <command> [flags] [arguments]

commands:
  call ADDRESS ACTION [BODY]     call one operation and print the reply body
  bench ADDRESS ACTION [BODY]    -n calls by -c concurrent callers; latency percentiles
  decode [FILE|-]                print captured net.tcp framing records and envelopes
  gen [-o DIR] [-pkg NAME] SOURCE  generate a Go client and server package from a WSDL

ACTION is a full action URI or an operation name ("Add" → -ns + -contract + "/Add").
BODY is the body element as XML, @FILE, - (stdin), or key=value pairs
("a=2 b=3" → <Add xmlns="ns"><a>2</a><b>3</b></Add>). With -wsdl SOURCE, the service's
metadata gives the action and orders and types the pairs: members in schema order and
namespace, order.ShipTo.City=Paris for nested members, tags=a tags=b for a collection.
A fault's detail is printed on stderr.
Security on net.tcp: -tls/-cacert for TLS; -security windows -user DOMAIN\user for
Windows authentication (a default WCF NetTcpBinding; on http(s) Negotiate), Kerberos
first, NTLM as the fallback: the password from $WSPROXY_PASSWORD or a terminal
prompt; -keytab, -ccache (or no -user: the default cache from kinit), -krb5conf,
-no-ntlm; -protection (net.tcp), -spn/-upn for the service.
Run "wsproxy <command> -h" for its flags.
Exit status: 0 success, 1 SOAP fault, 2 usage, 3 transport error or timeout.
`

// Main runs wsproxy with args (without the program name) and returns its
// exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usageText)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	run, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "wsproxy: unknown command %q\n\n%s", args[0], usageText)
		return ExitUsage
	}
	err := run(e, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintf(stderr, "wsproxy %s: %v\n", args[0], err)
	}
	return exitCode(err)
}

// errReported marks an error whose message the command printed itself.
var errReported = errors.New("cli: reported")

// newFlagSet returns a flag set whose usage names the command.
func newFlagSet(name, synopsis string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: wsproxy %s [flags] %s\n\nflags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseInterleaved parses flags anywhere among the positional arguments
// ("call ADDR Add a=2 -timeout 5s" works). "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef(err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ", ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
