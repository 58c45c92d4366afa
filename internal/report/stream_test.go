package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestDecodeAsWhole: the report decoded a member and an element at a time
// (decodeReport) is what decoding the whole object at once gives, value
// and error alike, over reports changed at random: a value replaced by
// one of another type, keys in upper case, the text cut short.
func TestDecodeAsWhole(t *testing.T) {
	r := New("x")
	count(t, r, "a.log", "2026-03-01T10:00:00Z error 110 ERR_FOO_UNKNOWN\n10:00:01 K_UID_BANNED\n")
	good := jsonOf(t, r)
	rng := rand.New(rand.NewPCG(1, 2))
	values := []string{"null", "1", "1e400", "-1", `"s"`, "true", "[]", "{}", "[1]", "[{}]", `{"a":1}`, "[null]", `["x"]`, "[[]]"}
	differ := 0
	for range 5000 {
		in := good
		switch rng.IntN(4) {
		case 0, 1: // the value after a colon replaced
			from := rng.IntN(len(in))
			c := strings.IndexByte(in[from:], ':')
			if c < 0 {
				continue
			}
			start := from + c + 1
			depth, end := 0, start
			for ; end < len(in); end++ {
				ch := in[end]
				if ch == '{' || ch == '[' {
					depth++
				} else if ch == '}' || ch == ']' {
					if depth == 0 {
						break
					}
					depth--
				} else if ch == ',' && depth == 0 {
					break
				}
			}
			in = in[:start] + " " + values[rng.IntN(len(values))] + in[end:]
		case 2: // keys in upper case: matched without regard to case
			for _, k := range []string{`"codes"`, `"inputs"`, `"timeline"`, `"dated"`, `"unknown"`, `"format"`} {
				if rng.IntN(2) == 0 {
					in = strings.Replace(in, k, strings.ToUpper(k), 1)
				}
			}
		case 3: // cut short
			in = in[:1+rng.IntN(len(in)-1)]
		}
		var whole jsonReport
		errWhole := json.NewDecoder(strings.NewReader(in)).Decode(&whole)
		got, err := decodeJSON(bytes.NewReader([]byte(in)))
		if errWhole == nil && err == nil {
			if !reflect.DeepEqual(&whole, got) {
				differ++
				t.Errorf("decoded otherwise:\n%.300s", in)
			}
		} else if err == nil || errWhole == nil {
			differ++
			t.Errorf("error %v, decoding it whole %v:\n%.300s", err, errWhole, in)
		} else if _, syntax := errWhole.(*json.SyntaxError); syntax {
			// Both fail; the words of a syntax error where a key should
			// be may differ (the decoder's Token says less).
		} else if want := fmt.Sprint(errWhole); strings.TrimPrefix(err.Error(), "not a report: ") != want {
			differ++
			t.Errorf("error %v, decoding it whole %v:\n%.300s", err, errWhole, in)
		}
		if differ > 10 {
			t.Fatal("too many")
		}
	}
}
