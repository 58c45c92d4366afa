// Package metrics counts what codewatch tail reads as Prometheus metrics:
// occurrences per SDK (the code's catalog), code, kind and severity,
// ambiguous values, unknown codes, lines and bytes per file, rotations,
// read errors and catalog reloads. Every host of a fleet runs codewatch
// tail; Prometheus scrapes each and sums by code, or by SDK and code (two
// SDKs may give one name meanings of their own).
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
)

// Metrics holds the counters, in a registry of their own.
type Metrics struct {
	reg         *prometheus.Registry
	occurrences *prometheus.CounterVec
	ambiguous   *prometheus.CounterVec
	unknown     prometheus.Counter
	lines       *prometheus.CounterVec
	bytes       *prometheus.CounterVec
	rotations   *prometheus.CounterVec
	readErrors  *prometheus.CounterVec
	reloads     *prometheus.CounterVec

	mu    sync.Mutex
	codes map[*catalog.Code]prometheus.Counter // the occurrences series of each code seen
}

// New returns the metrics, registered with the Go runtime's and the
// process's collectors.
func New() *Metrics {
	m := &Metrics{
		reg:   prometheus.NewRegistry(),
		codes: map[*catalog.Code]prometheus.Counter{},
		occurrences: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "codewatch_occurrences_total",
			Help: "Lines carrying each catalog code (a code counts once per line), by the code's SDK (its catalog's id).",
		}, []string{"sdk", "code", "kind", "severity"}),
		ambiguous: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "codewatch_ambiguous_values_total",
			Help: "Values read with no SDK known whose SDKs' meanings differ (error 116: Web's ERR_NO_ACTIVE_STATUS, native's ERR_TOO_MANY_DATA_STREAMS), by value; not in codewatch_occurrences_total.",
		}, []string{"value"}),
		unknown: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "codewatch_unknown_codes_total",
			Help: "Code-like things the catalog does not know (ERR_/WARN_/K_ names, numbers in code context).",
		}),
		lines: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "codewatch_lines_total",
			Help: "Lines read, per followed file.",
		}, []string{"file"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "codewatch_bytes_total",
			Help: "Bytes read, per followed file.",
		}, []string{"file"}),
		rotations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "codewatch_rotations_total",
			Help: "Rotations seen, per followed file and kind (rotated: renamed or re-created; truncated: copytruncate).",
		}, []string{"file", "kind"}),
		readErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "codewatch_read_errors_total",
			Help: "Errors opening or reading a followed file.",
		}, []string{"file"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "codewatch_catalog_reloads_total",
			Help: "Catalog reloads (SIGHUP), by result (ok, failed).",
		}, []string{"result"}),
	}
	m.reg.MustRegister(m.occurrences, m.ambiguous, m.unknown, m.lines, m.bytes, m.rotations, m.readErrors, m.reloads,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus' exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry returns the registry, for tests.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Read counts lines and bytes read from file.
func (m *Metrics) Read(file string, lines, bytes int64) {
	file = label(file)
	if lines > 0 {
		m.lines.WithLabelValues(file).Add(float64(lines))
	}
	if bytes > 0 {
		m.bytes.WithLabelValues(file).Add(float64(bytes))
	}
}

// Rotation counts a rotation of file; kind is "rotated" or "truncated".
func (m *Metrics) Rotation(file, kind string) { m.rotations.WithLabelValues(label(file), kind).Inc() }

// ReadError counts an error opening or reading file.
func (m *Metrics) ReadError(file string) { m.readErrors.WithLabelValues(label(file)).Inc() }

// Reload counts a catalog reload.
func (m *Metrics) Reload(ok bool) {
	result := "ok"
	if !ok {
		result = "failed"
	}
	m.reloads.WithLabelValues(result).Inc()
}

// Export makes every code of cat a series at 0, so that a dashboard shows
// codes not seen yet, and rates start from the first scrape. Call it for
// each catalog in use (again after a reload).
func (m *Metrics) Export(cat *catalog.Catalog) {
	for i := range cat.Codes {
		m.counter(&cat.Codes[i])
	}
}

// counter returns the series of a code, made at its first use.
func (m *Metrics) counter(c *catalog.Code) prometheus.Counter {
	m.mu.Lock()
	defer m.mu.Unlock()
	if k, ok := m.codes[c]; ok {
		return k
	}
	sdk := ""
	if cat := c.Catalog(); cat != nil {
		sdk = label(cat.ID)
	}
	k := m.occurrences.WithLabelValues(sdk, c.Name, c.Kind.String(), c.Severity.String())
	m.codes[c] = k
	return k
}

// Line implements scan.Sink: it counts the codes of the line (each line's
// code once, as the reader gives them), its ambiguous values and its
// unknown codes.
func (m *Metrics) Line(l *scan.Line) error {
	for _, mt := range l.Codes {
		m.counter(mt.Code).Inc()
	}
	for _, mt := range l.Ambiguous {
		m.ambiguous.WithLabelValues(strconv.Itoa(mt.Ambiguous.Value)).Inc()
	}
	if len(l.Unknown) > 0 {
		m.unknown.Add(float64(len(l.Unknown)))
	}
	return nil
}

// label makes s a valid label value: client_golang panics on one that is
// not UTF-8, and a file name need not be. Bytes that are not UTF-8 are
// written \xNN, as package visible shows them; the rest is kept.
func label(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, '\\', 'x', hex[s[i]>>4], hex[s[i]&15])
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

const hex = "0123456789ABCDEF"
