package catalog

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// hitNames is hits as "id NAME by", for comparing.
func hitNames(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = ShortID(h.Code.Catalog().ID) + " " + h.Code.Name + " " + h.By
	}
	return out
}

func builtinSet(t *testing.T) *Set {
	t.Helper()
	s, err := NewSet(Builtin()...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFind: a word in every built-in catalog, as explain looks it up.
func TestFind(t *testing.T) {
	s := builtinSet(t)
	tests := []struct {
		word string
		want []string
	}{
		{"110", []string{"web-2.x ERR_NO_AUTHORIZED value", "web-4.x ERR_NO_AUTHORIZED value", "native-4.x ERR_INVALID_TOKEN value", "native-3.x ERR_INVALID_TOKEN value"}},
		{"17", []string{"native-4.x ERR_JOIN_CHANNEL_REJECTED value", "native-4.x CONNECTION_CHANGED_ECHO_TEST value", "native-3.x ERR_JOIN_CHANNEL_REJECTED value"}},
		// A negative number is the error of its absolute value where the
		// SDK's failed calls return -code (the native SDKs; not reason 17),
		// and a value of its own where the catalog has negative values
		// (RTM 2.x).
		{"-17", []string{"native-4.x ERR_JOIN_CHANNEL_REJECTED abs", "native-3.x ERR_JOIN_CHANNEL_REJECTED abs"}},
		{"-10001", []string{"rtm-2.x RTM_ERROR_NOT_INITIALIZED value"}},
		{"10001", nil},
		{"ErrorCodeType.errInvalidToken", []string{"native-4.x ERR_INVALID_TOKEN alias"}},
		{"CAN_NOT_GET_GATEWAY_SERVER", []string{"web-4.x CAN_NOT_GET_GATEWAY_SERVER name"}},
		{"ERR_INVALID_CHANNEL_NAME", []string{"web-2.x ERR_INVALID_CHANNEL_NAME name", "web-4.x ERR_INVALID_CHANNEL_NAME name", "native-4.x ERR_INVALID_CHANNEL_NAME name", "native-3.x ERR_INVALID_CHANNEL_NAME name"}},
		// A phrase, in any case, and the text that holds it: the Web 4.x
		// error whose message carries that server reason.
		{"No Active Status", []string{"web-2.x ERR_NO_ACTIVE_STATUS phrase", "web-4.x CAN_NOT_GET_GATEWAY_SERVER text", "web-4.x NO_ACTIVE_STATUS phrase"}},
		{"nothing-at-all-like-this", nil},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			got := hitNames(s.Find(tt.word))
			if len(got) == 0 {
				got = nil
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Find(%q) (-want +got):\n%s", tt.word, diff)
			}
		})
	}
}

// TestFindOneCatalog: over the default alone, Find is explain as it was:
// every code of the value, else the name or alias, else every code whose
// text holds the word.
func TestFindOneCatalog(t *testing.T) {
	s := MustSet(Default())
	if got := hitNames(s.Find("-110")); len(got) != 0 {
		t.Errorf("Find(-110) = %q: the Web SDK does not negate codes", got)
	}
	if got, want := hitNames(s.Find("NO_AUTHORIZED")), []string{"web-2.x ERR_NO_AUTHORIZED alias"}; !cmp.Equal(got, want) {
		t.Errorf("Find(NO_AUTHORIZED) = %q, want %q", got, want)
	}
	got := s.Find("banned")
	var want []string
	for i := range Default().Codes {
		c := &Default().Codes[i]
		if strings.Contains(c.searchText(), "banned") {
			want = append(want, "web-2.x "+c.Name+" text")
		}
	}
	if len(want) < 3 || !cmp.Equal(hitNames(got), want) {
		t.Errorf("Find(banned) = %q, want %q", hitNames(got), want)
	}
}

// TestSameMeaning: codes agree by name, or by same_as, across catalogs;
// same_as "-" keeps a shared name apart.
func TestSameMeaning(t *testing.T) {
	s := builtinSet(t)
	names := func(codes []*Code) []string {
		var out []string
		for _, c := range codes {
			out = append(out, ShortID(c.Catalog().ID)+" "+c.Name)
		}
		return out
	}
	native, _, _ := BuiltinByID("native-4.x").Lookup("ERR_INVALID_TOKEN")
	want := []string{"web-2.x ERR_NO_AUTHORIZED", "web-4.x NO_AUTHORIZED", "web-4.x ERR_NO_AUTHORIZED", "native-3.x ERR_INVALID_TOKEN"}
	if got := names(s.SameMeaning(native)); !cmp.Equal(got, want) {
		t.Errorf("SameMeaning(native-4.x ERR_INVALID_TOKEN) = %q, want %q", got, want)
	}
	own, _, _ := BuiltinByID("web-4.x").Lookup("INVALID_OPERATION")
	if got := names(s.SameMeaning(own)); len(got) != 0 {
		t.Errorf("SameMeaning(web-4.x INVALID_OPERATION) = %q, want none (same_as \"-\")", got)
	}
}

func TestGroupByMeaning(t *testing.T) {
	s := builtinSet(t)
	got := hitNames(GroupByMeaning(s.Find("2")))
	if len(got) < 4 || got[0] != "web-2.x K_TIMESTAMP_EXPIRED value" || got[1] != "web-4.x K_TIMESTAMP_EXPIRED value" {
		t.Errorf("GroupByMeaning(Find(2)) starts %q, want web-2.x then web-4.x K_TIMESTAMP_EXPIRED", got[:min(len(got), 3)])
	}
	if len(got) != len(s.Find("2")) {
		t.Errorf("GroupByMeaning lost or added hits: %d, want %d", len(got), len(s.Find("2")))
	}
}

func TestSuggest(t *testing.T) {
	s := builtinSet(t)
	tests := []struct {
		word string
		want []string
	}{
		{"ERR_INVALID_TOKN", []string{"ERR_INVALID_TOKEN"}},
		{"err_invalid_tokn", []string{"ERR_INVALID_TOKEN"}},
		{"CAN_NOT_GET_GATEWAY_SERVE", []string{"CAN_NOT_GET_GATEWAY_SERVER"}},
		{"ERR", nil},
		{"SOMETHING_ELSE_ENTIRELY", nil},
	}
	for _, tt := range tests {
		got := s.Suggest(tt.word)
		if len(got) == 0 {
			got = nil
		}
		if !cmp.Equal(tt.want, got) {
			t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"ERR_X", "ERR_X", 0}, {"ab", "ba", 2}} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestCheckOver: a file is checked over the catalog of its id: a built-in
// data file over itself is clean, and the same file over the default
// clashes.
func TestCheckOver(t *testing.T) {
	data, err := os.ReadFile("data/agora-native-4.x.json")
	if err != nil {
		t.Fatal(err)
	}
	var asked []string
	byID := func(id string) *Catalog {
		asked = append(asked, id)
		if id == "" {
			return Default()
		}
		return BuiltinByID(id)
	}
	if problems := CheckOver(byID, "n.json", bytes.NewReader(data)); len(problems) > 0 {
		t.Errorf("over its own catalog: %q", problems)
	}
	if problems := Check(Default(), "n.json", bytes.NewReader(data)); len(problems) == 0 {
		t.Error("over the default: no problems, want clashes (the test would prove nothing)")
	}
	noID := []byte(`{"codes": [{"name": "ERR_NO_AUTHORIZED", "severity": "critical"}]}`)
	if problems := CheckOver(byID, "x.json", bytes.NewReader(noID)); len(problems) > 0 {
		t.Errorf("a file with no id: %q", problems)
	}
	if want := []string{"agora-native-4.x", ""}; !cmp.Equal(asked, want) {
		t.Errorf("CheckOver asked for %q, want %q", asked, want)
	}
}
