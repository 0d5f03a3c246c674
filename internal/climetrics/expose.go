// The Prometheus text exposition format, version 0.0.4: HELP and TYPE lines,
// one sample per line, label values escaped (\\, \", \n), histograms as
// cumulative _bucket{le=…} series with _sum and _count.

package climetrics

import (
	"bufio"
	"io"
	"strconv"
	"strings"
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
	return bw.Flush()
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
