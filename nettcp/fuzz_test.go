package nettcp

import (
	"context"
	"io"
	"net"
	"runtime"
	"testing"
	"time"
)

// FuzzServerConn feeds arbitrary bytes to the server side of a connection
// (net.Pipe): it must never panic, hang or leak goroutines.
func FuzzServerConn(f *testing.F) {
	f.Add(clientStream(f))
	via := "net.tcp://h/calc"
	p := appendPreamble(nil, preamble{ModeDuplex, via, ContentTypeBinarySession})
	f.Add(append(p, recPreambleEnd, 6, 3, 'a', 'b', 'c', recEnd))
	f.Add(append(appendUpgradeRequest(p, UpgradeTLS), recPreambleEnd))
	f.Add(append(p, recPreambleEnd, recEnd, 0, 1, 0, 1, 2))
	f.Add(append(appendPreamble(nil, preamble{ModeSingletonUnsized, "net.tcp://h/s", ContentTypeBinary}), recPreambleEnd, 5, 2, 'h', 'i', 0, recEnd))
	f.Fuzz(func(t *testing.T, in []byte) {
		watchdog := time.AfterFunc(5*time.Second, func() {
			buf := make([]byte, 1<<20)
			panic("FuzzServerConn hung:\n" + string(buf[:runtime.Stack(buf, true)]))
		})
		defer watchdog.Stop()
		pl := newPipeListener()
		l := NewListener(pl, &ListenerConfig{ChannelInitializationTimeout: 200 * time.Millisecond,
			IdleTimeout: 200 * time.Millisecond, ReceiveTimeout: 200 * time.Millisecond,
			CloseTimeout: 200 * time.Millisecond, SendTimeout: 200 * time.Millisecond, FaultDrainTimeout: 50 * time.Millisecond})
		l.Handle("/calc", EndpointConfig{})
		l.Handle("/s", EndpointConfig{Mode: ModeSingletonUnsized})
		done := make(chan struct{})
		go func() { // serve: echo on duplex, copy on streamed
			defer close(done)
			for {
				s, err := l.Accept(context.Background())
				if err != nil {
					return
				}
				if s.Mode() == ModeDuplex {
					echo(s)
					continue
				}
				if r, err := s.NextReader(context.Background()); err == nil {
					w, _ := s.NextWriter(context.Background())
					io.Copy(w, r)
					w.Close()
				}
				s.Close(context.Background())
			}
		}()
		c := pl.dial()
		go io.Copy(io.Discard, c)
		c.SetWriteDeadline(time.Now().Add(time.Second))
		c.Write(in)
		time.Sleep(time.Millisecond)
		c.Close()
		l.Close()
		<-done
	})
}

// FuzzServerTCP is FuzzServerConn over loopback TCP, where a duplex server
// session parks its reader between messages (lazyread.go): arbitrary bytes
// in arbitrary write splits must never panic, hang or leak.
func FuzzServerTCP(f *testing.F) {
	p := appendPreamble(nil, preamble{ModeDuplex, "net.tcp://h/calc", ContentTypeBinarySession})
	f.Add(append(p, recPreambleEnd, 6, 3, 'a', 'b', 'c', 6, 1, 'd', recEnd), uint8(3))
	f.Add(append(p, recPreambleEnd, 6, 0x80, 1), uint8(1))
	f.Add(append(p, recPreambleEnd, recEnd, 0, 1, 0, 1, 2), uint8(5))
	f.Fuzz(func(t *testing.T, in []byte, split uint8) {
		watchdog := time.AfterFunc(5*time.Second, func() {
			buf := make([]byte, 1<<20)
			panic("FuzzServerTCP hung:\n" + string(buf[:runtime.Stack(buf, true)]))
		})
		defer watchdog.Stop()
		l, err := Listen("tcp", "127.0.0.1:0", &ListenerConfig{ChannelInitializationTimeout: 200 * time.Millisecond,
			IdleTimeout: 200 * time.Millisecond, ReceiveTimeout: 200 * time.Millisecond,
			CloseTimeout: 200 * time.Millisecond, SendTimeout: 200 * time.Millisecond, FaultDrainTimeout: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		l.Handle("/calc", EndpointConfig{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for {
				s, err := l.Accept(context.Background())
				if err != nil {
					return
				}
				echo(s)
			}
		}()
		c, err := net.Dial("tcp", l.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		go io.Copy(io.Discard, c)
		c.SetWriteDeadline(time.Now().Add(time.Second))
		step := max(int(split), 1)
		for len(in) > 0 {
			n := min(step, len(in))
			if _, err := c.Write(in[:n]); err != nil {
				break
			}
			in = in[n:]
		}
		c.Close()
		l.Close()
		<-done
	})
}
