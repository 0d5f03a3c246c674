// The Prometheus text exposition format, version 0.0.4: HELP and TYPE lines,
// one sample per line, label values escaped (\\, \", \n), histograms as
// cumulative _bucket{le=…} series with _sum and _count.

package climetrics

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/wwsgo/wws/servicemodel"
)

// ContentType is the media type of WriteText's output.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// WriteText writes every metric of r to w.
func (r *Registry) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	eps := r.snapshot()
	family(bw, "wws_calls_total", "counter", "Calls answered (replies, faults and one-way messages), per endpoint.")
	for _, e := range eps {
		sample(bw, "wws_calls_total", e.name, "", e.calls.Load())
	}
	family(bw, "wws_faults_total", "counter", "Calls answered with a SOAP fault, per endpoint.")
	for _, e := range eps {
		sample(bw, "wws_faults_total", e.name, "", e.faults.Load())
	}
	family(bw, "wws_open_sessions", "gauge", "Channels open now: net.tcp sessions, HTTP requests in progress.")
	for _, e := range eps {
		bw.WriteString("wws_open_sessions" + labels(e.name, "") + " " + strconv.FormatInt(e.sessions.Load(), 10) + "\n")
	}
	family(bw, "wws_call_duration_seconds", "histogram", "Time from receiving a request to sending its answer.")
	for _, e := range eps {
		histogram(bw, e)
	}
	if st, ok := r.hostStats(); ok {
		hostSeries(bw, st)
	}
	return bw.Flush()
}

// hostSeries writes the host-wide admission series: WCF's throttle
// (MaxConcurrentSessions, MaxConcurrentCalls) and the net.tcp listeners'
// MaxPendingConnections.
func hostSeries(w *bufio.Writer, st servicemodel.HostStats) {
	gauge := func(name, help string, v int) {
		family(w, name, "gauge", help)
		w.WriteString(name + " " + strconv.Itoa(v) + "\n")
	}
	counter := func(name, help string, v uint64) {
		family(w, name, "counter", help)
		w.WriteString(name + " " + strconv.FormatUint(v, 10) + "\n")
	}
	gauge("wws_throttle_sessions", "Sessions holding a MaxConcurrentSessions slot.", st.Sessions)
	gauge("wws_throttle_calls", "Operations holding a MaxConcurrentCalls slot.", st.Calls)
	gauge("wws_queued_sessions", "Sessions waiting for admission (preamble done, not acknowledged yet).", st.QueuedSessions)
	gauge("wws_queued_calls", "Calls received and waiting for a MaxConcurrentCalls slot.", st.QueuedCalls)
	family(w, "wws_throttle_waits_total", "counter", "Sessions and calls that had to wait for a throttle slot.")
	w.WriteString(`wws_throttle_waits_total{throttle="sessions"} ` + strconv.FormatUint(st.SessionWaits, 10) + "\n")
	w.WriteString(`wws_throttle_waits_total{throttle="calls"} ` + strconv.FormatUint(st.CallWaits, 10) + "\n")
	gauge("wws_pending_connections", "net.tcp connections accepted and not yet handed to an endpoint.", st.PendingConnections)
	counter("wws_refused_connections_total", "net.tcp connections answered with a framing fault at the preamble (ServerTooBusy included).", st.RefusedConnections)
	counter("wws_accept_pauses_total", "Times a net.tcp listener stopped accepting at MaxPendingConnections.", st.AcceptPauses)
}

// family writes the HELP and TYPE lines.
func family(w *bufio.Writer, name, typ, help string) {
	w.WriteString("# HELP " + name + " " + help + "\n# TYPE " + name + " " + typ + "\n")
}

// sample writes one integer sample.
func sample(w *bufio.Writer, name, endpoint, le string, v uint64) {
	w.WriteString(name + labels(endpoint, le) + " " + strconv.FormatUint(v, 10) + "\n")
}

// histogram writes the cumulative buckets, sum and count of e.
func histogram(w *bufio.Writer, e *Endpoint) {
	const name = "wws_call_duration_seconds"
	var cum uint64
	for i := range e.buckets {
		cum += e.buckets[i].Load()
		le := "+Inf"
		if i < len(Buckets) {
			le = strconv.FormatFloat(Buckets[i], 'g', -1, 64)
		}
		sample(w, name+"_bucket", e.name, le, cum)
	}
	sum := float64(e.sumNanos.Load()) / 1e9
	w.WriteString(name + "_sum" + labels(e.name, "") + " " + strconv.FormatFloat(sum, 'g', -1, 64) + "\n")
	sample(w, name+"_count", e.name, "", cum)
}

// labels renders {endpoint="…"[,le="…"]}.
func labels(endpoint, le string) string {
	s := `{endpoint="` + escape(endpoint) + `"`
	if le != "" {
		s += `,le="` + le + `"`
	}
	return s + "}"
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// escape escapes a label value.
func escape(s string) string { return labelEscaper.Replace(s) }
