package krbtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/testpeer"
)

// Realm is the default realm's name.
const Realm = "WWS.TEST"

// InstallHint names the Debian packages the realm needs.
const InstallHint = "apt-get install -y krb5-kdc krb5-admin-server krb5-user"

// ErrMissing reports that the MIT KDC programs are not installed.
var ErrMissing = errors.New("krbtest: MIT krb5 KDC programs are not installed (" + InstallHint + ")")

// The programs, Debian's paths.
const (
	kdb5Util    = "/usr/sbin/kdb5_util"
	kadminLocal = "/usr/sbin/kadmin.local"
	krb5kdc     = "/usr/sbin/krb5kdc"
	kinit       = "/usr/bin/kinit"
)

var available = sync.OnceValue(func() error {
	for _, p := range []string{kdb5Util, kadminLocal, krb5kdc, kinit} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%w: %v", ErrMissing, err)
		}
	}
	return nil
})

// Available reports whether a realm can run; its error wraps ErrMissing.
func Available() error { return available() }

// Require ends the test unless a realm can run (internal/testpeer's
// policy with WWS_REQUIRE_KRB).
func Require(t testing.TB) {
	t.Helper()
	testpeer.Require(t, Available(), "WWS_REQUIRE_KRB")
}

// KDC is a running realm.
type KDC struct {
	// Dir holds the database, the configuration files and the keytabs.
	Dir string
	// KRB5Config is the path of a krb5.conf naming the KDC (clockskew 300 s).
	KRB5Config string
	// Port is the KDC's port on 127.0.0.1, TCP and UDP.
	Port int

	env  []string // KRB5_CONFIG and KRB5_KDC_PROFILE for the MIT programs
	opts Options
	stop func()
}

// Stop stops the KDC (before the test's cleanup, which does it too).
func (k *KDC) Stop() { k.stop() }

// Options change the realm.
type Options struct {
	// RC4 makes rc4-hmac (RFC 4757) the session key type of tickets, as
	// with a Windows domain that still allows it; otherwise only
	// aes256/aes128-cts-hmac-sha1-96 are used.
	RC4 bool
}

// Start creates a realm in a temporary directory and starts its KDC; it is
// stopped at the test's cleanup.
func Start(t testing.TB) *KDC { return StartWith(t, Options{}) }

// StartWith is Start with options.
func StartWith(t testing.TB, o Options) *KDC {
	t.Helper()
	Require(t)
	var lastErr error
	for range 5 { // a port found free may be taken before the KDC binds it
		k, err := start(t, o)
		if err == nil {
			return k
		}
		lastErr = err
	}
	t.Fatalf("krbtest: %v", lastErr)
	return nil
}

func start(t testing.TB, o Options) (*KDC, error) {
	dir := t.TempDir()
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	k := &KDC{Dir: dir, KRB5Config: filepath.Join(dir, "krb5.conf"), Port: port, opts: o}
	kdcConf := filepath.Join(dir, "kdc.conf")
	k.env = append(os.Environ(), "KRB5_CONFIG="+k.KRB5Config, "KRB5_KDC_PROFILE="+kdcConf)
	if err := os.WriteFile(kdcConf, []byte(k.kdcConf()), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(k.KRB5Config, []byte(k.krb5Conf()), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "kadm5.acl"), nil, 0o600); err != nil {
		return nil, err
	}
	if out, err := k.run(kdb5Util, nil, "-r", Realm, "create", "-s", "-P", "master-Passw0rd"); err != nil {
		return nil, fmt.Errorf("kdb5_util create: %v: %s", err, out)
	}
	if err := k.startKDC(t); err != nil {
		return nil, err
	}
	return k, nil
}

// startKDC runs krb5kdc in the foreground and waits for its log line
// saying it listens.
func (k *KDC) startKDC(t testing.TB) error {
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, krb5kdc, "-n", "-r", Realm)
	cmd.Env = k.env
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	stderr, err := cmd.StderrPipe()
	if err != nil {
		cancel()
		return err
	}
	if err := cmd.Start(); err != nil {
		cancel()
		return err
	}
	ready := make(chan error, 1)
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			if !sent {
				log.WriteString(line + "\n")
				if strings.Contains(line, "commencing operation") {
					ready <- nil
					sent = true
				}
			}
		}
		if !sent {
			ready <- fmt.Errorf("krb5kdc ended before it listened: %s", log.String())
		}
	}()
	stop := sync.OnceFunc(func() {
		cancel()
		_ = cmd.Wait()
	})
	select {
	case err := <-ready:
		if err != nil {
			stop()
			return err
		}
	case <-time.After(30 * time.Second):
		stop()
		return errors.New("krb5kdc did not start within 30s")
	}
	k.stop = stop
	t.Cleanup(stop)
	return nil
}

func (k *KDC) kdcConf() string {
	return fmt.Sprintf(`[kdcdefaults]
	kdc_listen = 127.0.0.1:%[1]d
	kdc_tcp_listen = 127.0.0.1:%[1]d
[realms]
	%[2]s = {
		database_name = %[3]s/principal
		key_stash_file = %[3]s/stash
		acl_file = %[3]s/kadm5.acl
		max_life = 10h
		master_key_type = aes256-cts
		supported_enctypes = aes256-cts:normal aes128-cts:normal%[4]s
	}
[logging]
	kdc = STDERR
`, k.Port, Realm, k.Dir, map[bool]string{true: " arcfour-hmac:normal"}[k.opts.RC4])
}

func (k *KDC) krb5Conf() string {
	enctypes, allow := "aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96", "false"
	if k.opts.RC4 {
		enctypes, allow = "arcfour-hmac "+enctypes, "true"
	}
	return fmt.Sprintf(`[libdefaults]
	default_realm = %[1]s
	dns_lookup_kdc = false
	dns_lookup_realm = false
	rdns = false
	dns_canonicalize_hostname = false
	clockskew = 300
	default_tkt_enctypes = %[3]s
	default_tgs_enctypes = %[3]s
	permitted_enctypes = %[3]s
	allow_rc4 = %[4]s
[realms]
	%[1]s = {
		kdc = 127.0.0.1:%[2]d
	}
[domain_realm]
	.example = %[1]s
	server.example = %[1]s
	localhost = %[1]s
`, Realm, k.Port, enctypes, allow)
}

// freePort returns a port free on 127.0.0.1 for both TCP and UDP at the
// time of the call.
func freePort() (int, error) {
	for range 20 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := l.Addr().(*net.TCPAddr).Port
		u, err := net.ListenPacket("udp", "127.0.0.1:"+strconv.Itoa(port))
		l.Close()
		if err == nil {
			u.Close()
			return port, nil
		}
	}
	return 0, errors.New("krbtest: no port free for both TCP and UDP")
}

// run runs an MIT program with the realm's environment and stdin.
func (k *KDC) run(prog string, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.Command(prog, args...)
	cmd.Env = k.env
	if stdin != nil {
		cmd.Stdin = strings.NewReader(string(stdin))
	}
	return cmd.CombinedOutput()
}

// Admin runs kadmin.local queries (one per element), failing the test on
// error.
func (k *KDC) Admin(t testing.TB, queries ...string) {
	t.Helper()
	out, err := k.run(kadminLocal, []byte(strings.Join(queries, "\n")+"\n"), "-r", Realm)
	if err != nil {
		t.Fatalf("krbtest: kadmin.local %q: %v: %s", queries, err, out)
	}
	// kadmin.local reports failures of a query on its output and exits 0.
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "while ") || strings.Contains(line, "unknown request") {
			t.Fatalf("krbtest: kadmin.local %q: %s", queries, out)
		}
	}
}

// AddUser adds user@REALM with password.
func (k *KDC) AddUser(t testing.TB, user, password string) {
	t.Helper()
	k.Admin(t, fmt.Sprintf("addprinc -pw %s %s", password, user))
}

// AddService adds the service principal spn (such as host/server.example)
// with random keys and returns the path of a keytab holding them.
func (k *KDC) AddService(t testing.TB, spn string) string {
	t.Helper()
	kt := filepath.Join(k.Dir, strings.NewReplacer("/", "_", "@", "_").Replace(spn)+".keytab")
	k.Admin(t, "addprinc -randkey "+spn, fmt.Sprintf("ktadd -k %s %s", kt, spn))
	return kt
}

// UserKeytab writes a keytab for user (whose password changes to a random
// key, as ktadd does) and returns its path.
func (k *KDC) UserKeytab(t testing.TB, user string) string {
	t.Helper()
	kt := filepath.Join(k.Dir, user+".keytab")
	k.Admin(t, fmt.Sprintf("ktadd -k %s %s", kt, user))
	return kt
}

// Env returns the environment for a child process using the realm:
// KRB5_CONFIG, and KRB5CCNAME / KRB5_KTNAME when not empty.
func (k *KDC) Env(ccache, keytab string) []string {
	env := append(os.Environ(), "KRB5_CONFIG="+k.KRB5Config)
	if ccache != "" {
		env = append(env, "KRB5CCNAME=FILE:"+ccache)
	}
	if keytab != "" {
		env = append(env, "KRB5_KTNAME=FILE:"+keytab)
	}
	return env
}

// Kinit gets a TGT for user with password into a new credential cache
// file (with MIT's kinit, an independent client) and returns its path.
func (k *KDC) Kinit(t testing.TB, user, password string) string {
	t.Helper()
	cc := filepath.Join(t.TempDir(), "ccache")
	cmd := exec.Command(kinit, user+"@"+Realm)
	cmd.Env = k.Env(cc, "")
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("krbtest: kinit %s: %v: %s", user, err, out)
	}
	return cc
}
