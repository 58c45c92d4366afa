package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// builtinSpec is what each built-in catalog is made of: its vendor files
// (code tables, then alias tables, in the order of its go:generate line),
// the rows it selects, and the name its fallback descriptions use.
type builtinSpec struct {
	id      string
	name    string
	codes   []string
	aliases []string
	rows    string // "column=value", or ""
	values  Values
}

// unprefixed are the alias-table columns whose spellings carry no mark of
// the SDK (no ERR_/RTM_ERROR_/Agora/Err prefix, no enum name before a
// dot): they count only where the line's SDK is known (sdk_only).
var unprefixed = map[string][]string{
	"native3x-rn-aliases.tsv": {"rn_name"},
	"rtm2x-aliases.tsv":       {"android", "unity", "swift", "flutter"},
}

// notAliases are the unprefixed spellings that are no aliases at all:
// one English word, or a status word that software of every kind prints
// for its own conditions, or an SDK method's name (data/README.md).
var notAliases = []string{
	"Failed", "InvalidArgument", "NotReady", "NotSupported", "Refused", "BufferTooSmall",
	"NotInitialized", "NoPermission", "TimedOut", "Canceled", "TooOften", "BindSocket",
	"NetDown", "NoBufs", "AlreadyInUse", "Abort", "ResourceLimited", "Pending",
	"Connecting", "Interrupted", "LeaveChannel", "RenewToken",
}

// statusWords are the gRPC status codes and the HTTP/2 error codes: names
// that other software prints too, so a catalog name among them counts only
// where the line's SDK is known.
var statusWords = strings.Fields(`OK CANCELLED UNKNOWN INVALID_ARGUMENT DEADLINE_EXCEEDED NOT_FOUND
	ALREADY_EXISTS PERMISSION_DENIED RESOURCE_EXHAUSTED FAILED_PRECONDITION ABORTED OUT_OF_RANGE
	UNIMPLEMENTED INTERNAL UNAVAILABLE DATA_LOSS UNAUTHENTICATED NO_ERROR PROTOCOL_ERROR
	INTERNAL_ERROR FLOW_CONTROL_ERROR SETTINGS_TIMEOUT STREAM_CLOSED FRAME_SIZE_ERROR
	REFUSED_STREAM CANCEL COMPRESSION_ERROR CONNECT_ERROR ENHANCE_YOUR_CALM
	INADEQUATE_SECURITY HTTP_1_1_REQUIRED`)

// serverTables hold server reasons: unprefixed words the SDK never prints
// as names (Web 4.x prints their reason strings, RTM 1.x turns them into
// login errors).
var serverTables = []string{"ap", "unilbs", "string_uid", "web:ApResErrorCode"}

var rtm1xMethods = map[string]string{
	"login": "LOGIN_ERR_CODE", "logout": "LOGOUT_ERR_CODE", "renewToken": "RENEW_TOKEN_ERR_CODE",
	"join": "JOIN_CHANNEL_ERR", "leave": "LEAVE_CHANNEL_ERR", "sendMessage": "CHANNEL_MESSAGE_ERR_CODE",
	"sendMessageToPeer": "PEER_MESSAGE_ERR_CODE", "queryPeersOnlineStatus": "QUERY_PEERS_ONLINE_STATUS_ERR",
	"getMembers":             "GET_MEMBERS_ERR",
	"setLocalUserAttributes": "ATTRIBUTE_OPERATION_ERR", "addOrUpdateLocalUserAttributes": "ATTRIBUTE_OPERATION_ERR",
	"deleteLocalUserAttributesByKeys": "ATTRIBUTE_OPERATION_ERR", "clearLocalUserAttributes": "ATTRIBUTE_OPERATION_ERR",
	"getUserAttributes": "ATTRIBUTE_OPERATION_ERR", "getUserAttributesByKeys": "ATTRIBUTE_OPERATION_ERR",
	"setChannelAttributes": "ATTRIBUTE_OPERATION_ERR", "addOrUpdateChannelAttributes": "ATTRIBUTE_OPERATION_ERR",
	"deleteChannelAttributesByKeys": "ATTRIBUTE_OPERATION_ERR", "clearChannelAttributes": "ATTRIBUTE_OPERATION_ERR",
	"getChannelAttributes": "ATTRIBUTE_OPERATION_ERR", "getChannelAttributesByKeys": "ATTRIBUTE_OPERATION_ERR",
}

var builtinSpecs = []builtinSpec{
	{
		id: "agora-web-4.x", name: "Agora Web SDK 4.x",
		codes:  []string{"web4x.tsv", "web4x-server.tsv", "web4x-connection.tsv"},
		values: Values{Tables: []string{"gateway"}},
	},
	{
		id: "agora-native-4.x", name: "Agora native SDK 4.x",
		codes:   []string{"native4x.tsv", "native4x-connection.tsv"},
		aliases: []string{"native4x-aliases.tsv", "native-java-aliases.tsv"},
		rows:    "sdk=4.x", values: Values{Abs: true, ReasonWords: []string{"connect"}},
	},
	{
		id: "agora-native-3.x", name: "Agora native SDK 3.x",
		codes:   []string{"native3x.tsv", "native3x-connection.tsv"},
		aliases: []string{"native3x-flutter-aliases.tsv", "native3x-rn-aliases.tsv", "native3x-ios-aliases.tsv", "native-java-aliases.tsv"},
		rows:    "sdk=3.x", values: Values{Abs: true, ReasonWords: []string{"connect"}},
	},
	{
		id: "agora-rtm-2.x", name: "Agora Signaling (RTM) SDK 2.x",
		codes:   []string{"rtm2x.tsv"},
		aliases: []string{"rtm2x-aliases.tsv"},
	},
	{
		id: "agora-rtm-1.x", name: "Agora RTM SDK 1.x",
		codes:   []string{"rtm1x.tsv"},
		aliases: []string{"rtm1x-aliases.tsv"},
		values:  Values{Tables: []string{"CONNECTION_CHANGE_REASON"}, Methods: rtm1xMethods, ReasonWords: []string{"connect"}},
	},
}

func TestBuiltin(t *testing.T) {
	cats := Builtin()
	var ids []string
	for _, c := range cats {
		ids = append(ids, c.ID)
	}
	want := []string{"agora-web-2.x", "agora-web-4.x", "agora-native-4.x", "agora-native-3.x", "agora-rtm-2.x", "agora-rtm-1.x"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Fatalf("Builtin ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, BuiltinIDs()); diff != "" {
		t.Errorf("BuiltinIDs (-want +got):\n%s", diff)
	}
	if cats[0] != Default() {
		t.Error("Builtin()[0] is not Default()")
	}
	if Builtin()[3] != cats[3] {
		t.Error("Builtin makes new catalogs on each call")
	}
	for _, c := range cats {
		short := strings.TrimPrefix(c.ID, "agora-")
		for _, name := range []string{c.ID, short} {
			if id, ok := BuiltinID(name); !ok || id != c.ID {
				t.Errorf("BuiltinID(%q) = %q, %v", name, id, ok)
			}
			if BuiltinByID(name) != c {
				t.Errorf("BuiltinByID(%q) is not the catalog", name)
			}
		}
		if c.Len() == 0 {
			t.Errorf("%s: no codes", c.ID)
		}
		for i := range c.Codes {
			if c.Codes[i].Catalog() != c {
				t.Fatalf("%s: %s does not know its catalog", c.ID, c.Codes[i].Name)
			}
		}
	}
	for _, name := range []string{"", "web", "agora-web-5.x", "web-4", "AGORA-WEB-4.X", "agora-"} {
		if id, ok := BuiltinID(name); ok {
			t.Errorf("BuiltinID(%q) = %q", name, id)
		}
		if BuiltinByID(name) != nil {
			t.Errorf("BuiltinByID(%q) is a catalog", name)
		}
	}
}

// TestBuiltinIsGenerated builds each catalog from its vendor files and
// overlay, as its go:generate line does, and fails unless the embedded
// catalog is what that makes (TestGenerate in cmd/codewatch holds the
// bytes too).
func TestBuiltinIsGenerated(t *testing.T) {
	for _, s := range builtinSpecs {
		t.Run(s.id, func(t *testing.T) {
			var vendors []Source
			for _, f := range append(slices.Clone(s.codes), s.aliases...) {
				vendors = append(vendors, readSource(t, "data/vendor/"+f))
			}
			opt := BuildOptions{ID: s.id, Name: s.name}
			if s.rows != "" {
				opt.Rows = []string{s.rows}
			}
			cat, err := Build(vendors, []Source{readSource(t, "data/"+s.id+".overlay.json")}, opt)
			if err != nil {
				t.Fatal(err)
			}
			got := BuiltinByID(s.id)
			if diff := cmp.Diff(cat.Codes, got.Codes, ignoreHome); diff != "" {
				t.Errorf("data/%s.json is stale: run go generate ./internal/catalog (-built +embedded):\n%s", s.id, diff)
			}
			if cat.ID != got.ID || !cmp.Equal(cat.Values, got.Values) {
				t.Errorf("built id %q values %+v, embedded %q %+v", cat.ID, cat.Values, got.ID, got.Values)
			}
			if !cmp.Equal(got.Values, s.values, cmp.Comparer(func(a, b map[string]string) bool { return len(a) == len(b) && (len(a) == 0 || cmp.Equal(a, b)) })) {
				t.Errorf("values %+v, want %+v", got.Values, s.values)
			}
		})
	}
}

func readSource(t *testing.T, name string) Source {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return Source{name, data}
}

// TestBuiltinCheck: every embedded catalog file is one that catalog
// validate finds nothing wrong with, and that loads.
func TestBuiltinCheck(t *testing.T) {
	files, err := os.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if !strings.HasSuffix(f.Name(), ".json") {
			continue
		}
		data, err := os.ReadFile("data/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		if f.Name() == "overlay.json" || strings.HasSuffix(f.Name(), ".overlay.json") {
			// An overlay is layered over its vendor tables (Build checks
			// it there); on its own, it must read.
			if _, err := ParseFile(f.Name(), data); err != nil {
				t.Error(err)
			}
			continue
		}
		n++
		if problems := Check(nil, f.Name(), bytes.NewReader(data)); len(problems) > 0 {
			t.Errorf("%s: %q", f.Name(), problems)
		}
	}
	if n != 6 {
		t.Errorf("%d catalog files in data/, want the 6 built-in catalogs", n)
	}
}

// overlayEntry is an overlay's entry, read here with encoding/json: which
// fields the overlay states.
type overlayEntry struct {
	Name     string    `json:"name"`
	Severity *string   `json:"severity"`
	Aliases  *[]string `json:"aliases"`
	Phrases  *[]string `json:"phrases"`
	Hint     *string   `json:"hint"`
	SameAs   *string   `json:"same_as"`
	SDKOnly  *[]string `json:"sdk_only"`
	Desc     *string   `json:"description"`
}

func readOverlay(t *testing.T, id string) map[string]overlayEntry {
	t.Helper()
	var f struct {
		ID    string         `json:"id"`
		Codes []overlayEntry `json:"codes"`
	}
	data, err := os.ReadFile("data/" + id + ".overlay.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if f.ID != id {
		t.Errorf("%s.overlay.json: id %q", id, f.ID)
	}
	m := map[string]overlayEntry{}
	for _, e := range f.Codes {
		if _, dup := m[e.Name]; dup {
			t.Errorf("%s.overlay.json: %s twice", id, e.Name)
		}
		m[e.Name] = e
	}
	return m
}

// tsvRows reads a vendor TSV plainly: the header's columns, then each
// row's cells by column, with its line number.
type tsvRow struct {
	line  int
	cells map[string]string
}

func tsvRows(t *testing.T, file string) ([]string, []tsvRow) {
	t.Helper()
	data, err := os.ReadFile("data/vendor/" + file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	header := strings.Split(lines[0], "\t")
	var rows []tsvRow
	for i, l := range lines[1:] {
		cells := strings.Split(l, "\t")
		if len(cells) != len(header) {
			t.Fatalf("%s:%d: %d cells, header %d", file, i+2, len(cells), len(header))
		}
		r := tsvRow{i + 2, map[string]string{}}
		for j, h := range header {
			r.cells[h] = cells[j]
		}
		rows = append(rows, r)
	}
	return header, rows
}

// wantCode is a code as the vendor rows give it, before the overlay.
type wantCode struct {
	name, vendor, desc string
	value              string // "" for none
	kind               Kind
	table              string
	phrases            []string
	also               []string // the later rows' notes
	aliases            []string
	unprefixed         []string // the aliases of unprefixed columns
}

// TestBuiltinMatchesVendor holds each built-in catalog against its vendor
// files, row by row, read here with a plain tab split rather than the
// importer: every code row is a code of the catalog (name, value, kind,
// table, description or its fallback, phrases) or is left out by the
// stated rule (states, success values, rows with no name); every alias
// row's spellings are aliases of the code its cpp column names, or left
// out by the stated rule; the catalog has no code, alias or sdk_only
// spelling that neither a vendor row nor the rules give, and no other
// field than the overlay states.
func TestBuiltinMatchesVendor(t *testing.T) {
	for _, s := range builtinSpecs {
		t.Run(s.id, func(t *testing.T) { matchVendor(t, s) })
	}
}

func matchVendor(t *testing.T, s builtinSpec) {
	cat := BuiltinByID(s.id)
	overlay := readOverlay(t, s.id)

	var order []string
	want := map[string]*wantCode{}
	left := map[string]bool{}
	var col, val string
	if s.rows != "" {
		col, val, _ = strings.Cut(s.rows, "=")
	}
	kinds := map[string]Kind{"error": Error, "rtm2_error": Error, "warning": Warning,
		"connection_changed_reason": Reason, "disconnected_reason": Reason, "connection_change_reason": Reason,
		"leave_channel_reason": Reason, "server_code": Reason, "ap_code": Reason, "unilbs_code": Reason,
		"string_uid_code": Reason, "gateway_code": Error}
	tables := map[string]string{"ap_code": "ap", "unilbs_code": "unilbs", "string_uid_code": "string_uid", "gateway_code": "gateway"}
	states := []string{"connection_state", "peer_online_state", "invitation_state"}
	nrows, nleft := 0, 0
	for _, f := range s.codes {
		_, rows := tsvRows(t, f)
		for _, r := range rows {
			nrows++
			c := r.cells
			at := fmt.Sprintf("%s:%d", f, r.line)
			switch {
			case c["name"] == "":
				nleft++ // a value with no enum member
				continue
			case slices.Contains(states, c["kind"]):
				nleft++
				left[c["name"]] = true
				if cat.IndexOf(c["name"]) >= 0 {
					t.Errorf("%s: state %s is in the catalog", at, c["name"])
				}
				continue
			}
			k, ok := kinds[c["kind"]]
			if !ok {
				t.Fatalf("%s: kind %q", at, c["kind"])
			}
			if c["kind"] == "gateway_code" && strings.HasPrefix(c["name"], "WARN_") {
				k = Warning
			}
			if (k == Error || k == Warning) && c["value"] == "0" {
				nleft++
				left[c["name"]] = true
				if !strings.HasSuffix(c["name"], "_OK") {
					t.Errorf("%s: value 0 left out as a success, but %s is not named *_OK", at, c["name"])
				}
				if cat.IndexOf(c["name"]) >= 0 {
					t.Errorf("%s: success value %s is in the catalog", at, c["name"])
				}
				continue
			}
			table := tables[c["kind"]]
			if tt, ok := c["table"]; ok {
				table = tt
			}
			var phrases []string
			if rest, ok := strings.CutPrefix(c["description"], `reason string "`); ok && k == Reason {
				p, _, _ := strings.Cut(rest, `"`)
				phrases = []string{p}
			}
			w, seen := want[c["name"]]
			if !seen {
				w = &wantCode{name: c["name"], vendor: c["kind"], desc: c["description"], value: c["value"], kind: k, table: table, phrases: phrases}
				want[c["name"]] = w
				order = append(order, c["name"])
				continue
			}
			// a later row with the same name: one code
			if w.value == "" && c["value"] != "" {
				w.value, w.kind, w.table = c["value"], k, table
			}
			for _, p := range phrases {
				if !slices.Contains(w.phrases, p) {
					w.phrases = append(w.phrases, p)
				}
			}
			v := ""
			if c["value"] != "" {
				v = " " + c["value"]
			}
			d := c["description"]
			if d == "" {
				d = "no description"
			}
			w.also = append(w.also, "[also "+c["kind"]+v+": "+d+"]")
		}
	}

	// Values used twice in a kind and table: the later code has none.
	shared := map[string]string{} // name → the first code with its value
	firstOf := map[string]string{}
	for _, n := range order {
		w := want[n]
		if w.value == "" {
			continue
		}
		key := fmt.Sprint(w.kind, "/", w.table, "/", w.value)
		if f, dup := firstOf[key]; dup {
			shared[n] = f
		} else {
			firstOf[key] = n
		}
	}

	// Alias rows.
	owner := map[string]string{}
	for _, n := range order {
		owner[n] = n
	}
	meta := []string{"value", "kind", "cpp", "table", "sdk", "doc_key", "java_class"}
	aliasRows, aliasLeft, tooLong := 0, 0, 0
	noCpp := map[string]string{} // the spellings of rows with no cpp name
	for _, f := range s.aliases {
		header, rows := tsvRows(t, f)
		for _, r := range rows {
			c := r.cells
			at := fmt.Sprintf("%s:%d", f, r.line)
			if got, ok := c[col]; ok && col != "" && got != val {
				continue // not this catalog's rows
			}
			aliasRows++
			if c["cpp"] == "" {
				aliasLeft++ // no C++ name: left out
				for _, h := range header {
					if sp := c[h]; !slices.Contains(meta, h) && sp != "" {
						noCpp[sp] = at
					}
				}
				continue
			}
			var target *wantCode
			for _, n := range strings.Split(c["cpp"], " / ") {
				if w, ok := want[n]; ok {
					target = w
					break
				}
			}
			if target == nil {
				aliasLeft++
				if !slices.ContainsFunc(strings.Split(c["cpp"], " / "), func(n string) bool { return left[n] }) {
					t.Errorf("%s: cpp %q is no code and was not left out", at, c["cpp"])
				}
				continue
			}
			if c["value"] != target.value {
				t.Errorf("%s: value %s, the code %s has %s", at, c["value"], target.name, target.value)
			}
			for _, h := range header {
				sp := c[h]
				if slices.Contains(meta, h) || sp == "" || sp == target.name {
					continue
				}
				if len(sp) > MaxNameLen {
					tooLong++
					if cat.IndexOf(sp) >= 0 {
						t.Errorf("%s: %q is longer than a name may be, and in the catalog", at, sp)
					}
					continue
				}
				if _, taken := owner[sp]; taken {
					continue // the first code that has it keeps it
				}
				owner[sp] = target.name
				target.aliases = append(target.aliases, sp)
				if slices.Contains(unprefixed[f], h) {
					target.unprefixed = append(target.unprefixed, sp)
				}
			}
		}
	}

	for sp, at := range noCpp {
		if _, given := owner[sp]; !given && cat.IndexOf(sp) >= 0 {
			t.Errorf("%s: %q, of a row with no cpp name, is in the catalog", at, sp)
		}
	}

	// The catalog, code by code.
	var got []string
	for i := range cat.Codes {
		got = append(got, cat.Codes[i].Name)
	}
	if diff := cmp.Diff(order, got); diff != "" {
		t.Fatalf("codes (-vendor rows +catalog):\n%s", diff)
	}
	for name := range overlay {
		if want[name] == nil {
			t.Errorf("the overlay names %s, which no vendor row gives", name)
		}
	}
	nalias, nsdk := 0, 0
	for i := range cat.Codes {
		c := &cat.Codes[i]
		w, o := want[c.Name], overlay[c.Name]
		if gv := c.ValueString(); shared[c.Name] == "" && gv != w.value || shared[c.Name] != "" && gv != "" {
			t.Errorf("%s: value %q, vendor %q", c.Name, gv, w.value)
		}
		if c.Kind != w.kind || c.Table != w.table {
			t.Errorf("%s: kind %s table %q, vendor %s %q", c.Name, c.Kind, c.Table, w.kind, w.table)
		}
		desc := w.desc
		if desc == "" {
			desc = s.name + " " + w.kind.String() + " " + c.Name + " (the vendor gives no description)"
		}
		for _, a := range w.also {
			desc += " " + a
		}
		if o.Desc != nil { // what the vendor's row does not say
			desc = *o.Desc
		}
		if f := shared[c.Name]; f != "" {
			desc += " [value " + w.value + ", as " + f + ": a number " + w.value + " is read as " + f + "]"
		}
		if c.Description != desc {
			t.Errorf("%s: description\n  %q\nwant\n  %q", c.Name, c.Description, desc)
		}
		wantPhrases := w.phrases
		if o.Phrases != nil {
			wantPhrases = *o.Phrases
		}
		if !slices.Equal(c.Phrases, wantPhrases) {
			t.Errorf("%s: phrases %q, want %q", c.Name, c.Phrases, wantPhrases)
		}
		sev := SeverityOf(c.Kind)
		if o.Severity != nil {
			var err error
			if sev, err = ParseSeverity(*o.Severity); err != nil {
				t.Fatal(err)
			}
		}
		if c.Severity != sev {
			t.Errorf("%s: severity %s, want %s", c.Name, c.Severity, sev)
		}

		// Aliases: the vendor's, or the overlay's in their stead (which
		// may leave out only unprefixed words that are no aliases).
		wantAliases := w.aliases
		if o.Aliases != nil {
			wantAliases = *o.Aliases
			for _, a := range w.aliases {
				if !slices.Contains(wantAliases, a) && (!slices.Contains(notAliases, a) || !slices.Contains(w.unprefixed, a)) {
					t.Errorf("%s: the overlay drops the alias %q, which is not an unprefixed common word", c.Name, a)
				}
			}
		}
		if !slices.Equal(c.Aliases, wantAliases) {
			t.Errorf("%s: aliases %q, want %q", c.Name, c.Aliases, wantAliases)
		}
		for _, a := range c.Aliases {
			if slices.Contains(notAliases, a) {
				t.Errorf("%s: %q is an alias, but no alias by the rule", c.Name, a)
			}
		}
		nalias += len(c.Aliases)

		// sdk_only by the rule.
		var wantOnly []string
		if !strings.ContainsAny(c.Name, "_.") || slices.Contains(serverTables, c.Table) || slices.Contains(statusWords, c.Name) {
			wantOnly = append(wantOnly, c.Name)
		}
		for _, a := range c.Aliases {
			if slices.Contains(w.unprefixed, a) {
				wantOnly = append(wantOnly, a)
			}
		}
		if !slices.Equal(c.SDKOnly, wantOnly) {
			t.Errorf("%s: sdk_only %q, the rule gives %q", c.Name, c.SDKOnly, wantOnly)
		}
		nsdk += len(c.SDKOnly)

		if want := deref(o.Hint); c.Hint != want {
			t.Errorf("%s: hint %q, overlay %q", c.Name, c.Hint, want)
		}
		if want := deref(o.SameAs); c.SameAs != want {
			t.Errorf("%s: same_as %q, overlay %q", c.Name, c.SameAs, want)
		}
	}
	t.Logf("%s: %d code rows (%d left out), %d alias rows (%d left out, %d spellings too long), %d codes, %d aliases, %d sdk_only",
		s.id, nrows, nleft, aliasRows, aliasLeft, tooLong, cat.Len(), nalias, nsdk)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestBuiltinReasonSeverities: every reason of every built-in catalog has
// a severity its overlay states (none is left to the default), and a
// server reason's follows the SDK's retry flag: error where the SDK gives
// up, warning where it retries.
func TestBuiltinReasonSeverities(t *testing.T) {
	n := 0
	for _, cat := range Builtin() {
		if cat == Default() {
			continue
		}
		overlay := readOverlay(t, cat.ID)
		for i := range cat.Codes {
			c := &cat.Codes[i]
			if c.Kind != Reason {
				continue
			}
			n++
			if overlay[c.Name].Severity == nil {
				t.Errorf("%s: reason %s: the overlay states no severity", cat.ID, c.Name)
			}
			if c.Table == "ap" || c.Table == "unilbs" || c.Table == "string_uid" {
				want := Err
				if _, rest, _ := strings.Cut(c.Description, "retry="); strings.HasPrefix(rest, "true") {
					want = Warn
				}
				if c.Severity != want {
					t.Errorf("%s: server reason %s is %s, its retry flag says %s", cat.ID, c.Name, c.Severity, want)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no reasons")
	}
}

// TestBuiltinSameAs: a same_as names a code of another built-in catalog
// that has that name, never the code's own, or is OwnMeaning ("-": a name
// other catalogs share with another meaning, and that name must be shared);
// the token codes of the vendor's
// FAQ (vendor/token-crosswalk.tsv) are there.
func TestBuiltinSameAs(t *testing.T) {
	names := map[string][]string{} // name → the catalogs that have it
	for _, cat := range Builtin() {
		for i := range cat.Codes {
			names[cat.Codes[i].Name] = append(names[cat.Codes[i].Name], cat.ID)
		}
	}
	for _, cat := range Builtin() {
		for i := range cat.Codes {
			c := &cat.Codes[i]
			if c.SameAs == "" {
				continue
			}
			if c.SameAs == OwnMeaning {
				if !slices.ContainsFunc(names[c.Name], func(id string) bool { return id != cat.ID }) {
					t.Errorf("%s: %s same_as %q, but no other catalog has the name", cat.ID, c.Name, OwnMeaning)
				}
				continue
			}
			if c.SameAs == c.Name || !slices.ContainsFunc(names[c.SameAs], func(id string) bool { return id != cat.ID }) {
				t.Errorf("%s: %s same_as %s, which no other catalog has", cat.ID, c.Name, c.SameAs)
			}
		}
	}
	// The vendor's token FAQ: the native names of 101, 109, 110 are Web's.
	_, rows := tsvRows(t, "token-crosswalk.tsv")
	web := map[string]string{}
	for _, r := range rows {
		if strings.HasPrefix(r.cells["kind"], "token_error:web") {
			web[r.cells["value"]] = r.cells["name"]
		}
	}
	for _, r := range rows {
		if !strings.HasPrefix(r.cells["kind"], "token_error:native (Java") {
			continue
		}
		for _, id := range []string{"agora-native-4.x", "agora-native-3.x"} {
			c, _, ok := BuiltinByID(id).Lookup(r.cells["name"])
			if !ok || c.SameAs != web[r.cells["value"]] || c.Meaning() != Default().Codes[Default().ByValue(c.Value, Error)].Name {
				t.Errorf("%s: %s is not the same as Web's %s", id, r.cells["name"], web[r.cells["value"]])
			}
		}
	}
}

// TestBuiltinHints: the codes people meet most have hints: a few dozen in
// each catalog.
func TestBuiltinHints(t *testing.T) {
	for _, cat := range Builtin() {
		n := 0
		for i := range cat.Codes {
			if cat.Codes[i].Hint != "" {
				n++
			}
		}
		if n < 20 {
			t.Errorf("%s: %d hints, want at least 20", cat.ID, n)
		}
	}
	for _, tc := range []struct{ id, name string }{
		{"agora-web-4.x", "CAN_NOT_GET_GATEWAY_SERVER"}, {"agora-web-4.x", "NO_ACTIVE_STATUS"},
		{"agora-native-4.x", "ERR_INVALID_TOKEN"}, {"agora-native-3.x", "ERR_INVALID_APP_ID"},
		{"agora-native-4.x", "CONNECTION_CHANGED_TOKEN_EXPIRED"}, {"agora-rtm-2.x", "RTM_ERROR_NOT_LOGIN"},
		{"agora-rtm-1.x", "LOGIN_ERR_INVALID_TOKEN"},
	} {
		if c, _, ok := BuiltinByID(tc.id).Lookup(tc.name); !ok || c.Hint == "" {
			t.Errorf("%s: %s has no hint", tc.id, tc.name)
		}
	}
}

// TestBuiltinExamples: the codes of the spec and the issue, looked up as
// the matcher will.
func TestBuiltinExamples(t *testing.T) {
	tests := []struct {
		id, spelling, name string
		alias, sdkOnly     bool
	}{
		{"agora-native-3.x", "ErrorCode.InvalidToken", "ERR_INVALID_TOKEN", true, false},
		{"agora-native-3.x", "InvalidToken", "ERR_INVALID_TOKEN", true, true},
		{"agora-native-3.x", "JoinChannelRejected", "ERR_JOIN_CHANNEL_REJECTED", true, true},
		{"agora-native-3.x", "AgoraErrorCodeInvalidAppId", "ERR_INVALID_APP_ID", true, false},
		{"agora-native-4.x", "ErrorCodeType.errInvalidToken", "ERR_INVALID_TOKEN", true, false},
		{"agora-native-4.x", "ErrInvalidToken", "ERR_INVALID_TOKEN", true, false},
		{"agora-native-4.x", "AgoraErrorCodeInvalidToken", "ERR_INVALID_TOKEN", true, false},
		{"agora-native-4.x", "CONNECTION_CHANGED_KEEP_ALIVE_TIMEOUT", "CONNECTION_CHANGED_KEEP_ALIVE_TIMEOUT", false, false},
		{"agora-web-4.x", "CAN_NOT_GET_GATEWAY_SERVER", "CAN_NOT_GET_GATEWAY_SERVER", false, false},
		{"agora-web-4.x", "TIMEOUT", "TIMEOUT", false, true},
		{"agora-web-4.x", "ERR_REJOIN_NOT_JOINED", "ERR_REJOIN_USER_NOT_JOINED", true, false},
		{"agora-rtm-2.x", "NOT_LOGIN", "RTM_ERROR_NOT_LOGIN", true, true},
		{"agora-rtm-2.x", "notLogin", "RTM_ERROR_NOT_LOGIN", true, true},
		{"agora-rtm-2.x", "AgoraRtmErrorNotLogin", "RTM_ERROR_NOT_LOGIN", true, false},
		{"agora-rtm-1.x", "AgoraRtmLoginErrorAlreadyLogin", "LOGIN_ERR_ALREADY_LOGGED_IN", true, false},
		{"agora-rtm-1.x", "TOKEN_EXPIRED", "TOKEN_EXPIRED", false, true},
	}
	for _, tc := range tests {
		c, alias, ok := BuiltinByID(tc.id).Lookup(tc.spelling)
		if !ok || c.Name != tc.name || alias != tc.alias || c.IsSDKOnly(tc.spelling) != tc.sdkOnly {
			t.Errorf("%s: %s: %v %v %v, want %s alias %v sdk_only %v", tc.id, tc.spelling, c, alias, ok, tc.name, tc.alias, tc.sdkOnly)
		}
	}
	for _, tc := range []struct{ id, spelling string }{
		{"agora-native-3.x", "Failed"}, {"agora-native-3.x", "NoError"}, {"agora-native-3.x", "ERR_OK"},
		{"agora-native-4.x", "ERR_OK"}, {"agora-native-4.x", "CONNECTION_STATE_CONNECTED"},
		{"agora-rtm-2.x", "RTM_ERROR_OK"}, {"agora-rtm-1.x", "LOGIN_ERR_OK"}, {"agora-web-4.x", "CONNECTED"},
	} {
		if c, _, ok := BuiltinByID(tc.id).Lookup(tc.spelling); ok {
			t.Errorf("%s: %s is %s", tc.id, tc.spelling, c.Name)
		}
	}
	// Values: the native 17, RTM 2.x's negative codes, RTM 1.x's per table,
	// Web 4.x's gateway numbers and phrases.
	n4 := BuiltinByID("native-4.x")
	if c := n4.ValueIn(Error, "", 17); c == nil || c.Name != "ERR_JOIN_CHANNEL_REJECTED" {
		t.Errorf("native 17: %v", c)
	}
	if c := n4.ValueIn(Reason, "", 14); c == nil || c.Name != "CONNECTION_CHANGED_KEEP_ALIVE_TIMEOUT" || c.Severity != Warn {
		t.Errorf("native reason 14: %v", c)
	}
	if c := BuiltinByID("rtm-2.x").ValueIn(Error, "", -10002); c == nil || c.Name != "RTM_ERROR_NOT_LOGIN" {
		t.Errorf("rtm 2.x -10002: %v", c)
	}
	r1 := BuiltinByID("rtm-1.x")
	if c := r1.ValueIn(Error, r1.Values.Methods["login"], 5); c == nil || c.Name != "LOGIN_ERR_INVALID_TOKEN" {
		t.Errorf("rtm 1.x login 5: %v", c)
	}
	if c := r1.ValueIn(Error, r1.Values.Methods["logout"], 102); c == nil || c.Name != "LOGOUT_ERR_USER_NOT_LOGGED_IN" {
		t.Errorf("rtm 1.x logout 102: %v", c)
	}
	w4 := BuiltinByID("web-4.x")
	if c := w4.ValueIn(Error, "gateway", 110); c == nil || c.Name != "ERR_NO_AUTHORIZED" {
		t.Errorf("web 4.x gateway 110: %v", c)
	}
	for phrase, name := range map[string]string{"no active status": "NO_ACTIVE_STATUS", "invalid vendor key, can not find appid": "INVALID_VENDOR_KEY", "dynamic use static key": "DYNAMIC_USE_STATIC_KEY"} {
		i, ok := w4.byPhrase[phrase]
		if !ok || w4.Codes[i].Name != name || w4.Codes[i].Meaning() != "ERR_"+name {
			t.Errorf("web 4.x phrase %q: %v", phrase, ok)
		}
	}
}

// TestBuildTSV: the rules of Build for vendor TSVs, on small tables.
func TestBuildTSV(t *testing.T) {
	codes := "name\tvalue\tkind\tdescription\n" +
		"ERR_OK\t0\terror\tNo error.\n" +
		"ERR_A\t1\terror\tFirst.\n" +
		"ERR_B\t1\terror\t\n" +
		"ERR_C\t\terror\tA string code.\n" +
		"\t7\terror\tA value with no name.\n" +
		"STATE_UP\t1\tconnection_state\tUp.\n" +
		"REASON_X\t1\tconnection_changed_reason\tWhy.\n" +
		"ERR_C\t9\tdisconnected_reason\tAlso a reason.\n" +
		"SRV\t5\tunilbs_code\treason string \"server says no\" (retry=false)\n" +
		"WARN_G\t103\tgateway_code\tSDK action: failed\n"
	aliases := "value\tkind\tcpp\tts\tios\n" +
		"0\terror\tERR_OK\tErrOk\tAgoraErrorCodeNoError\n" +
		"1\terror\tERR_A\tErrA\tAgoraErrorCodeA\n" +
		"1\terror\tERR_B\tErrB\tAgoraErrorCodeA\n" +
		"2\terror\t\t\tAgoraErrorCodeOnlyIOS\n" +
		"1\tconnection_state\tSTATE_UP\tStateUp\t\n" +
		"1\tconnection_changed_reason\tREASON_X\tReasonX\tERR_A\n"
	cat, err := Build([]Source{{"c.tsv", []byte(codes)}, {"a.tsv", []byte(aliases)}}, nil, BuildOptions{ID: "t", Name: "Test SDK"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cat.Codes {
		got = append(got, fmt.Sprintf("%s %s %s %q %q %q %q", c.Name, orNone(c.ValueString()), c.Kind, c.Table, c.Description, c.Aliases, c.Phrases))
	}
	want := []string{
		`ERR_A 1 error "" "First." ["ErrA" "AgoraErrorCodeA"] []`,
		`ERR_B none error "" "Test SDK error ERR_B (the vendor gives no description) [value 1, as ERR_A: a number 1 is read as ERR_A]" ["ErrB"] []`,
		`ERR_C 9 reason "" "A string code. [also disconnected_reason 9: Also a reason.]" [] []`,
		`REASON_X 1 reason "" "Why." ["ReasonX"] []`,
		`SRV 5 reason "unilbs" "reason string \"server says no\" (retry=false)" [] ["server says no"]`,
		`WARN_G 103 warning "gateway" "SDK action: failed" [] []`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if cat.ID != "t" {
		t.Errorf("id %q", cat.ID)
	}

	rows, err := Import("c.tsv", strings.NewReader(codes))
	if err != nil {
		t.Fatal(err)
	}
	var lefts []string
	for _, r := range rows {
		if r.Left != "" {
			lefts = append(lefts, strconv.Itoa(r.Pos.Line)+" "+r.Left)
		}
	}
	wantLeft := []string{"2 " + LeftSuccess, "6 " + LeftNoName, "7 " + LeftState}
	if diff := cmp.Diff(wantLeft, lefts); diff != "" {
		t.Errorf("left out (-want +got):\n%s", diff)
	}

	errs := []struct {
		name    string
		vendors []Source
		opt     BuildOptions
		want    string
	}{
		{"header", []Source{{"h.tsv", []byte("name\tvalue\tsomething\n")}}, BuildOptions{}, `h.tsv:1: unknown vendor table header "name value something"`},
		{"cells", []Source{{"x.tsv", []byte("name\tvalue\tkind\tdescription\nERR_A\t1\terror\n")}}, BuildOptions{}, "x.tsv:2: row has 3 cells, the header 4"},
		{"value", []Source{{"x.tsv", []byte("name\tvalue\tkind\tdescription\nERR_A\tone\terror\td\n")}}, BuildOptions{}, `x.tsv:2: ERR_A: value "one" is not a whole number`},
		{"kind", []Source{{"x.tsv", []byte("name\tvalue\tkind\tdescription\nERR_A\t1\tfatal\td\n")}}, BuildOptions{}, `x.tsv:2: unknown kind "fatal"`},
		{"name", []Source{{"x.tsv", []byte("name\tvalue\tkind\tdescription\nERR A\t1\terror\td\n")}}, BuildOptions{}, `x.tsv:2: code name "ERR A" must be`},
		{"utf8", []Source{{"x.tsv", []byte("name\tvalue\tkind\tdescription\nERR_A\t1\terror\t\xff\n")}}, BuildOptions{}, "x.tsv:2: row is not UTF-8"},
		{"no code", []Source{{"c.tsv", []byte(codes)}, {"a.tsv", []byte("value\tkind\tcpp\tts\n4\terror\tERR_Z\tErrZ\n")}}, BuildOptions{}, "a.tsv:2: ERR_Z: the alias row names no code of the vendor tables"},
		{"value mismatch", []Source{{"c.tsv", []byte(codes)}, {"a.tsv", []byte("value\tkind\tcpp\tts\n4\terror\tERR_A\tErrA\n")}}, BuildOptions{}, "a.tsv:2: ERR_A: the alias row gives value 4, the code 1"},
		{"kind mismatch", []Source{{"c.tsv", []byte(codes)}, {"a.tsv", []byte("value\tkind\tcpp\tts\n1\twarning\tERR_A\tErrA\n")}}, BuildOptions{}, "a.tsv:2: ERR_A: the alias row gives kind warning, the code error"},
		{"rows", []Source{{"c.tsv", []byte(codes)}}, BuildOptions{Rows: []string{"sdk=3.x"}}, `rows sdk=3.x: no vendor table has a column "sdk"`},
		{"rows syntax", []Source{{"c.tsv", []byte(codes)}}, BuildOptions{Rows: []string{"sdk"}}, `rows "sdk": want column=value`},
		{"overlay id", []Source{{"c.tsv", []byte(codes)}}, BuildOptions{ID: "a"}, `o.json: the overlay is for catalog "b", not "a"`},
	}
	for _, tc := range errs {
		var over []Source
		if tc.name == "overlay id" {
			over = []Source{{"o.json", []byte(`{"id": "b", "codes": []}`)}}
		}
		_, err := Build(tc.vendors, over, tc.opt)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %s…", tc.name, err, tc.want)
		}
	}

	// Rows select; values name tables that codes stand in.
	java := "sdk\tvalue\tkind\tcpp\tjava_name\tjava_class\n3.x\t1\terror\tERR_A\tERR_A_JAVA\tC\n4.x\t1\terror\tERR_A\tERR_A_OTHER\tC\n"
	over := Source{"o.json", []byte(`{"values": {"tables": ["unilbs"], "abs": true}, "codes": [{"name": "REASON_X", "severity": "error"}]}`)}
	cat, err = Build([]Source{{"c.tsv", []byte(codes)}, {"j.tsv", []byte(java)}}, []Source{over}, BuildOptions{Rows: []string{"sdk=3.x"}})
	if err != nil {
		t.Fatal(err)
	}
	if c, _, _ := cat.Lookup("ERR_A"); !slices.Equal(c.Aliases, []string{"ERR_A_JAVA"}) {
		t.Errorf("rows sdk=3.x: aliases %q", c.Aliases)
	}
	if !cat.Values.Abs || !slices.Equal(cat.Values.Tables, []string{"unilbs"}) {
		t.Errorf("values %+v", cat.Values)
	}
	over.Data = []byte(`{"values": {"tables": ["nowhere"]}, "codes": []}`)
	if _, err := Build([]Source{{"c.tsv", []byte(codes)}}, []Source{over}, BuildOptions{}); err == nil || err.Error() != `o.json: "values": no code of the catalog stands in table "nowhere"` {
		t.Errorf("values naming no table: %v", err)
	}
}
