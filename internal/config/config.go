// The configuration schema.

package config

// Binding names.
const (
	BindingNetTCP = "nettcp" // NetTcpBinding (security none, Windows or TLS), binary session
	BindingSoap12 = "soap12" // HTTP, text, SOAP 1.2 + WS-Addressing 1.0 (WSHttpBinding None)
	BindingSoap11 = "soap11" // HTTP, text, SOAP 1.1 (BasicHttpBinding)
)

// Default addresses of the interop contract.
const (
	DefaultNetTCPAddress = "net.tcp://127.0.0.1:8808/calculator"
	DefaultSoap12Address = "http://127.0.0.1:8080/calculator"
	DefaultSoap11Address = "http://127.0.0.1:8080/calculator/basic"
)

// Config is the whole file.
type Config struct {
	// Endpoints of the built-in Calculator service; empty means the three
	// defaults.
	Endpoints []Endpoint `json:"endpoints"`
	// CloseTimeout bounds the graceful close on SIGTERM before the host
	// aborts what is left (default 5s).
	CloseTimeout Duration `json:"close_timeout"`
	// MetadataExchange adds a WS-MetadataExchange endpoint at each
	// endpoint's address + "/mex" (WCF's IMetadataExchange over
	// mexTcpBinding or mexHttpBinding), serving the WSDL that GET ?wsdl
	// serves; wsproxy gen reads it. Off by default, as in WCF.
	MetadataExchange bool `json:"metadata_exchange"`
	// IncludeExceptionDetailInFaults discloses operation errors in faults.
	IncludeExceptionDetailInFaults bool `json:"include_exception_detail_in_faults"`
	// MaxBlobSize bounds Calculator.Blob (default 16 MiB).
	MaxBlobSize int32 `json:"max_blob_size"`
	// Admin is the HOST:PORT of /healthz and /metrics; "" serves none.
	Admin string `json:"admin"`
	Log   Log    `json:"log"`
	// Limits are the host's throttle and listener bounds, across its
	// endpoints.
	Limits HostLimits `json:"limits"`
	// Windows are the host's Windows service credentials, for the
	// endpoints whose security.credential is windows (security.go).
	Windows *Windows `json:"windows"`
}

// HostLimits are WCF's service throttle and the net.tcp listeners' pending
// bound; 0 takes WCF's default.
type HostLimits struct {
	// MaxPendingConnections: net.tcp connections accepted and not yet
	// handed to an endpoint, per port (12×CPUs); at the bound the host stops
	// accepting and clients wait in the kernel's backlog. An endpoint's
	// limits.max_connections overrides it for its port.
	MaxPendingConnections int `json:"max_pending_connections"`
	// MaxConcurrentSessions: sessions open at once (100×CPUs); more wait,
	// their open not yet acknowledged, for up to the endpoint's open timeout.
	MaxConcurrentSessions int `json:"max_concurrent_sessions"`
	// MaxConcurrentCalls: operations running at once (16×CPUs); more wait,
	// received and not dispatched.
	MaxConcurrentCalls int `json:"max_concurrent_calls"`
}

// Log configures logging.
type Log struct {
	Level  string `json:"level"`  // debug, info (default), warn, error
	Format string `json:"format"` // console (default) or json
}

// Endpoint is one endpoint of the host.
type Endpoint struct {
	Binding string `json:"binding"` // nettcp, soap12 or soap11
	Address string `json:"address"` // net.tcp://…, http://… or https://…: the public address (Via, wsa:To)

	// ListenURI is where the endpoint listens when Address is not (WCF's
	// listenUri): behind a load balancer, Address is the balancer's. "":
	// Address.
	ListenURI string `json:"listen_uri"`
	// ProxyProtocol makes the listener require a PROXY protocol header (v1
	// or v2, HAProxy's send-proxy / send-proxy-v2) on every connection.
	ProxyProtocol bool `json:"proxy_protocol"`
	// AddressFilter is how wsa:To is matched: "exact" (default) or "any"
	// (WCF's AddressFilterMode.Any).
	AddressFilter string `json:"address_filter"`

	MaxReceivedMessageSize int64   `json:"max_received_message_size"` // default 65536
	MaxSessionSize         int     `json:"max_session_size"`          // nettcp: session string table, default 2048
	ReaderQuotas           Quotas  `json:"reader_quotas"`
	Timeouts               Timeout `json:"timeouts"`
	Limits                 Limits  `json:"limits"`
	TLS                    *TLS    `json:"tls"` // nil: no TLS
	// Security is the endpoint's transport security (security.go); nil:
	// none, or TLS when tls is set.
	Security *Security `json:"security"`
}

// Quotas are WCF's XmlDictionaryReaderQuotas; 0 takes the default.
type Quotas struct {
	MaxDepth               int `json:"max_depth"`
	MaxStringContentLength int `json:"max_string_content_length"`
	MaxArrayLength         int `json:"max_array_length"`
	MaxBytesPerRead        int `json:"max_bytes_per_read"`
	MaxNameTableCharCount  int `json:"max_name_table_char_count"`
}

// Timeout holds a binding's timeouts; 0 takes WCF's default.
type Timeout struct {
	Open                  Duration `json:"open"`
	Send                  Duration `json:"send"`
	Receive               Duration `json:"receive"`
	Close                 Duration `json:"close"`
	ChannelInitialization Duration `json:"channel_initialization"` // nettcp only
}

// Limits bound what an endpoint admits; 0 takes the default.
type Limits struct {
	MaxConnections       int `json:"max_connections"`        // nettcp: pending connections of the port (12×CPUs); HTTP: a client's connections
	MaxChannels          int `json:"max_channels"`           // open channels (sessions) of the endpoint; 0: only the host's max_concurrent_sessions
	MaxConcurrency       int `json:"max_concurrency"`        // concurrent calls per channel, default 1
	MaxAcceptingChannels int `json:"max_accepting_channels"` // channels waiting in accept, default 1
}

// TLS is the server's certificate and, optionally, the CAs of the client
// certificates it requires.
type TLS struct {
	CertFile     string `json:"cert_file"`
	KeyFile      string `json:"key_file"`
	ClientCAFile string `json:"client_ca_file"` // set: clients must present a certificate signed by these CAs
}
