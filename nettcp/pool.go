package nettcp

import (
	"bufio"
	"net"
	"sync"
	"time"
)

// Pool keeps client connections whose sessions ended with a clean End
// exchange, so a later Dial to the same endpoint sends its preamble on the
// same TCP connection ([MC-NMF] 3.1.4, connection reuse after End; WCF's
// ConnectionPool, System.ServiceModel/System/ServiceModel/Channels/
// ConnectionPool.cs). An idle
// connection is closed after IdleTimeout; a connection older than
// LeaseTimeout is not reused.
type Pool struct {
	cfg PoolConfig

	mu     sync.Mutex // mu guards following
	idle   map[string][]*pooledConn
	closed bool
}

// PoolConfig configures a Pool; zero fields take WCF's defaults (2 min,
// 5 min, 10).
type PoolConfig struct {
	IdleTimeout        time.Duration
	LeaseTimeout       time.Duration
	MaxIdlePerEndpoint int
}

// pooledConn is a connection at a record boundary, with its reader.
type pooledConn struct {
	raw     net.Conn
	conn    net.Conn // raw or secured
	br      *bufio.Reader
	secured string
	created time.Time
	reused  bool
	timer   *time.Timer // idle expiry while pooled
}

// NewPool returns an empty pool.
func NewPool(cfg *PoolConfig) *Pool {
	var c PoolConfig
	if cfg != nil {
		c = *cfg
	}
	c.IdleTimeout = orDefault(c.IdleTimeout, DefaultIdleTimeout)
	c.LeaseTimeout = orDefault(c.LeaseTimeout, DefaultLeaseTimeout)
	c.MaxIdlePerEndpoint = orDefault(c.MaxIdlePerEndpoint, DefaultMaxIdlePerEndpoint)
	return &Pool{cfg: c, idle: map[string][]*pooledConn{}}
}

// poolKey identifies an endpoint: address and upgrade protocol, and the
// upgrader's PoolIdentity when it has one (who the connection is
// authenticated as: a connection is never reused for another identity).
func poolKey(addr string, up Upgrader) string {
	if up == nil {
		return addr
	}
	key := addr + "|" + up.Protocol()
	if pi, ok := up.(poolIdentifier); ok {
		key += "|" + pi.PoolIdentity()
	}
	return key
}

// poolIdentifier is an Upgrader whose connections carry an identity.
type poolIdentifier interface{ PoolIdentity() string }

// Idle returns the number of idle connections.
func (p *Pool) Idle() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, l := range p.idle {
		n += len(l)
	}
	return n
}

// Close closes every idle connection; later returned ones are closed too.
func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for k, l := range p.idle {
		for _, pc := range l {
			p.dropLocked(pc)
		}
		delete(p.idle, k)
	}
	return nil
}

// get takes the most recently returned live connection for key.
func (p *Pool) get(key string) *pooledConn {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.idle[key]
	for len(l) > 0 {
		pc := l[len(l)-1]
		l = l[:len(l)-1]
		if !pc.timer.Stop() || time.Since(pc.created) >= p.cfg.LeaseTimeout {
			p.dropLocked(pc)
			continue
		}
		p.idle[key] = l
		pc.reused = true
		return pc
	}
	delete(p.idle, key)
	return nil
}

// put returns a connection; it is closed if the pool is full, closed, or
// the lease has run out.
func (p *Pool) put(key string, pc *pooledConn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || len(p.idle[key]) >= p.cfg.MaxIdlePerEndpoint || time.Since(pc.created) >= p.cfg.LeaseTimeout {
		_ = pc.raw.Close()
		return
	}
	pc.timer = time.AfterFunc(p.cfg.IdleTimeout, func() { p.expire(key, pc) })
	p.idle[key] = append(p.idle[key], pc)
}

// expire removes and closes a connection whose idle time ran out.
func (p *Pool) expire(key string, pc *pooledConn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.idle[key]
	for i, x := range l {
		if x == pc {
			p.idle[key] = append(l[:i:i], l[i+1:]...)
			_ = pc.raw.Close()
			return
		}
	}
}

// dropLocked closes a pooled connection.
func (p *Pool) dropLocked(pc *pooledConn) {
	pc.timer.Stop()
	_ = pc.raw.Close()
}
