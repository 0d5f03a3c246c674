// Package krbtest runs an MIT Kerberos realm for tests: Debian's krb5-kdc
// and krb5-admin-server (kdb5_util, kadmin.local, krb5kdc) with a database,
// a kdc.conf and a krb5.conf in a temporary directory and the KDC on a free
// loopback port, started in a fraction of a second and stopped at the
// test's cleanup.
//
//	realm := krbtest.Start(t)                    // skips (fails under CI) without MIT krb5
//	realm.AddUser(t, "alice", "Passw0rd!")
//	kt := realm.AddService(t, "host/server.example") // a keytab file with its keys
//	// realm.KRB5Config is a krb5.conf naming the KDC; realm.Env() the
//	// variables (KRB5_CONFIG, KRB5CCNAME, KRB5_KTNAME) for a child process.
//
// Policy (internal/testpeer): when the MIT programs are missing, Start
// fails the test if CI=true or WWS_REQUIRE_KRB=1, and skips it otherwise.
// .ci/run installs them.
package krbtest
