// Opening a client channel with a proxy's credentials, for callers that
// use channels without a ServiceProxy (wsproxy's call and bench).

package servicemodel

import "context"

// DialChannel opens b's channel to address authenticating with opts'
// Windows credentials and expecting its Identity, as a ServiceProxy's Open
// does; opts may be nil (no credentials: the binding's DialChannel).
func DialChannel(ctx context.Context, b Binding, address string, opts *ProxyOptions) (ClientChannel, error) {
	var o dialOptions
	if opts != nil {
		o = dialOptions{windows: opts.Windows, identity: opts.Identity}
	}
	ch, err := dialChannel(ctx, b, address, o)
	if err != nil {
		return nil, MapError(err)
	}
	return ch, nil
}
