#!/usr/bin/env bash
# compare.sh: codewatch side by side with the tools a user would otherwise
# reach for, on four corpora of Agora logs, in one run.
#
#   bench/compare.sh [SIZE] [REPS]      SIZE: 1GiB (default), 256MiB, ...
#
# The corpora, built under a temporary directory:
#   gen    tools/gencorpus's Web 2.x-era shapes, SIZE in 16 rotated-log
#          files, a gzipped copy, one line of SIZE, and the 16 files as one
#          file of at least 1 GiB (for -j 1 against -j 2);
#   real   real pasted logs (testdata/logs, testdata/real, testdata/real2,
#          or the *.log under $REAL, e.g. REAL=../shared/logs), concatenated
#          and repeated to max(SIZE/8, 128 MiB) in 16 files;
#   sdks   tools/gencorpus -sdks: the lines of every SDK (Web 4.x consoles,
#          agorasdk.log, logcat, Flutter, Unity, RTM...), SIZE/4;
#   json   short JSON Lines of an app logging the SDK's callbacks, a
#          "code": field on 40% of them (values and names of every
#          catalog), SIZE/4, written by awk: a shape the generator never
#          writes.
# Every command reads a corpus and writes to /dev/null; codewatch runs with
# every catalog (--sdk auto, the default) and, beside it, with the Web 2.x
# catalog alone (--sdk web-2.x). The peers search for the names and aliases
# of every catalog. ripgrep is installed from Debian if it is missing. The
# page cache is warmed, then every command runs REPS times (default 3),
# interleaved; it prints the median MB/s (of uncompressed bytes, wall time
# from the nanosecond clock), the peak RSS (/usr/bin/time), and the ratios
# the issues set targets for. KEEP=1 keeps the corpora; CORPUS=DIR reuses
# them.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1GiB}
reps=${2:-3}

if ! command -v rg >/dev/null; then
	echo "installing ripgrep" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq ripgrep >/dev/null
fi

work=${CORPUS:-$(mktemp -d /tmp/codewatch-bench.XXXXXX)}
[ -n "${KEEP:-}" ] || [ -n "${CORPUS:-}" ] || trap 'rm -rf "$work"' EXIT
bin=$work/codewatch
go build -o "$bin" ./cmd/codewatch
case $size in
*GiB) sizeb=$((${size%GiB} << 30)) ;;
*MiB) sizeb=$((${size%MiB} << 20)) ;;
*KiB) sizeb=$((${size%KiB} << 10)) ;;
*) echo "SIZE: want a whole number of KiB, MiB or GiB, like 256MiB" >&2 && exit 2 ;;
esac
if [ ! -d "$work/gen" ]; then
	echo "generating the corpora in $work" >&2
	go run ./tools/gencorpus -size "$size" -files 16 -out "$work/gen"
	go run ./tools/gencorpus -size "$size" -files 16 -gzip -out "$work/gen-gz"
	go run ./tools/gencorpus -size "$size" -one-line -out "$work/gen-line"
	# One file of at least 1 GiB (the 16 files, repeated), for -j 1 against -j 2.
	mkdir -p "$work/gen-one" && : >"$work/gen-one/app.log"
	while [ "$(stat -c %s "$work/gen-one/app.log")" -lt $((1 << 30)) ]; do
		cat "$work"/gen/* >>"$work/gen-one/app.log"
	done
	go run ./tools/gencorpus -size "$((sizeb / 4))B" -files 16 -sdks -out "$work/sdks"
	# json: short JSON Lines of an app that logs the SDK's callbacks, a
	# "code": field everywhere, values and names drawn from every catalog
	# (a shape tools/gencorpus does not write).
	mkdir -p "$work/json"
	go build -o "$work/cw-gen" ./cmd/codewatch
	"$work/cw-gen" catalog export --format tsv >"$work/catalogs.tsv"
	for i in $(seq 0 15); do
		awk -v seed="$i" -v size=$((sizeb / 4 / 16)) -F'\t' '
			NR > 1 && $4 != "" { vals[nv++] = $4 }
			NR > 1 && $7 == "name" && $3 ~ /^[A-Z][A-Z0-9_]+$/ { names[nn++] = $3 }
			END {
				srand(seed)
				while (bytes < size) {
					t = sprintf("2026-12-04T%02d:%02d:%02d.%03dZ", int(rand() * 24), int(rand() * 60), int(rand() * 60), int(rand() * 1000))
					r = rand()
					if (r < 0.6) l = sprintf("{\"ts\":\"%s\",\"level\":\"info\",\"msg\":\"stats\",\"uid\":%d,\"rtt\":%d,\"fps\":%d}", t, int(rand() * 100000), int(rand() * 400), int(rand() * 60))
					else if (r < 0.75) l = sprintf("{\"ts\":\"%s\",\"level\":\"error\",\"msg\":\"join failed\",\"code\":%s}", t, vals[int(rand() * nv)])
					else if (r < 0.85) l = sprintf("{\"ts\":\"%s\",\"level\":\"warn\",\"event\":\"onWarning\",\"code\":%s,\"uid\":%d}", t, vals[int(rand() * nv)], int(rand() * 100000))
					else if (r < 0.95) l = sprintf("{\"ts\":\"%s\",\"level\":\"error\",\"err\":\"%s\",\"errorCode\":%s}", t, names[int(rand() * nn)], vals[int(rand() * nv)])
					else l = sprintf("{\"ts\":\"%s\",\"level\":\"info\",\"msg\":\"connection state changed\",\"state\":%d,\"reason\":%d}", t, int(rand() * 5), int(rand() * 20))
					print l
					bytes += length(l) + 1
				}
			}' "$work/catalogs.tsv" >"$work/json/app.log.$i"
	done
	mkdir -p "$work/real"
	real_size=$((sizeb / 8 > 128 << 20 ? sizeb / 8 : 128 << 20))
	if [ -n "${REAL:-}" ]; then
		find "$REAL" -name '*.log' -type f | sort | xargs cat >"$work/real/one"
	else
		cat testdata/logs/*.log testdata/real/*.log testdata/real2/*.log >"$work/real/one"
	fi
	for i in $(seq 0 15); do
		: >"$work/real/app.log.$i"
		while [ "$(stat -c %s "$work/real/app.log.$i")" -lt $((real_size / 16)) ]; do
			cat "$work/real/one" >>"$work/real/app.log.$i"
		done
	done
	rm "$work/real/one"
fi
names=$("$bin" catalog export --format tsv | awk -F'\t' 'NR > 1 && ($7 == "name" || $7 == "alias") && $2 ~ /^[A-Za-z0-9_.]+$/ {print $2}' | sort -u | sed 's/\./\\./g' | paste -sd'|')
cores=$(nproc)

declare -A cmd bytes
order=()
add() { # corpus, name, command
	order+=("$1: $2")
	cmd["$1: $2"]=$3
	bytes["$1: $2"]=$(cat "$work/${4:-$1}"/* | wc -c)
}
for c in gen real sdks json; do
	d=$work/$c
	add $c "cat" "cat $d/* >/dev/null"
	add $c "codewatch report" "$bin report --format json $d >/dev/null"
	add $c "codewatch report --sdk web-2.x" "$bin report --format json --sdk web-2.x $d >/dev/null"
	add $c "codewatch annotate -o" "$bin annotate -o $d >/dev/null"
	add $c "codewatch annotate" "$bin annotate $d >/dev/null"
	add $c "rg -c" "rg -c -j$cores '$names' $d >/dev/null"
	add $c "rg -ow|sort|uniq -c" "rg -ow -j$cores --no-filename '$names' $d | sort | uniq -c >/dev/null"
	add $c "grep -ohwE|sort|uniq -c" "LC_ALL=C grep -ohwE '$names' $d/* | sort | uniq -c >/dev/null"
done
add gen "zcat (gz)" "zcat $work/gen-gz/* >/dev/null" gen
add gen "rg -z -c (gz)" "rg -z -c -j$cores '$names' $work/gen-gz >/dev/null" gen
add gen "codewatch report (gz)" "$bin report --format json $work/gen-gz >/dev/null" gen
add gen "codewatch report (1 line)" "$bin report --format json $work/gen-line >/dev/null" gen-line
add gen "codewatch annotate -o (1 line)" "$bin annotate -o $work/gen-line >/dev/null" gen-line
add gen "codewatch report -j 1 (1 file)" "$bin report --format json -j 1 $work/gen-one >/dev/null" gen-one
add gen "codewatch report -j 2 (1 file)" "$bin report --format json -j 2 $work/gen-one >/dev/null" gen-one

echo "warming the page cache" >&2
cat "$work"/*/* >/dev/null

declare -A times rss
for ((r = 1; r <= reps; r++)); do
	for name in "${order[@]}"; do
		echo "rep $r/$reps: $name" >&2
		# Wall time from the clock in nanoseconds: /usr/bin/time's %e has
		# 10 ms steps, too coarse to tell two sub-second runs apart. It
		# still gives the peak RSS, written to its own file.
		t0=$(date +%s%N)
		/usr/bin/time -f '%M' -o "$work/rss" bash -c "${cmd[$name]}" || true
		t1=$(date +%s%N)
		times[$name]+="$(awk -v ns=$((t1 - t0)) 'BEGIN {printf "%.4f", ns / 1e9}') "
		m=$(tail -1 "$work/rss")
		[ "${rss[$name]:-0}" -ge "$m" ] || rss[$name]=$m
	done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A mbs
for name in "${order[@]}"; do
	t=$(echo "${times[$name]}" | median)
	mbs[$name]=$(awk -v b="${bytes[$name]}" -v t="$t" 'BEGIN {printf "%.0f", (t > 0 ? b / t / 1e6 : 0)}')
done

echo
echo "corpora: gen $(du -sh "$work/gen" | cut -f1) (16 files; gzipped; one line; one file), real $(du -sh "$work/real" | cut -f1), sdks $(du -sh "$work/sdks" | cut -f1), json $(du -sh "$work/json" | cut -f1); $reps runs each, interleaved; median"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $(go version | cut -d' ' -f3); $(rg --version | head -1)"
echo
printf '%-44s %10s %14s\n' "corpus: command" "MB/s" "peak RSS MiB"
for name in "${order[@]}"; do
	printf '%-44s %10s %14s\n' "$name" "${mbs[$name]}" "$(awk -v k="${rss[$name]}" 'BEGIN {printf "%.1f", k/1024}')"
done
echo
ratio() { awk -v a="${mbs[$1]}" -v b="${mbs[$2]}" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
line() { printf '%-60s %s\n' "$1" "$2"; }
for c in gen real sdks json; do
	# Issue 12's target, on the generator's corpus, where both find the
	# same codes; elsewhere every catalog finds more, and does more.
	t="(no target: every catalog finds more codes)"
	[ $c != gen ] || t="(target >= 0.9)"
	line "$c: report (every SDK) / report --sdk web-2.x" "$(ratio "$c: codewatch report" "$c: codewatch report --sdk web-2.x")x   $t"
	line "$c: report / rg -c" "$(ratio "$c: codewatch report" "$c: rg -c")x   (target >= 0.35)"
	line "$c: report / rg -ow|sort|uniq -c" "$(ratio "$c: codewatch report" "$c: rg -ow|sort|uniq -c")x   (target >= 2)"
	line "$c: report / grep -ohwE|sort|uniq -c" "$(ratio "$c: codewatch report" "$c: grep -ohwE|sort|uniq -c")x   (target >= 2)"
	line "$c: annotate -o / report" "$(ratio "$c: codewatch annotate -o" "$c: codewatch report")x   (target >= 1)"
	line "$c: annotate / report" "$(ratio "$c: codewatch annotate" "$c: codewatch report")x   (target >= 0.8)"
done
line "gen: report (gz) / rg -z -c (gz)" "$(ratio 'gen: codewatch report (gz)' 'gen: rg -z -c (gz)')x   (target >= 1.5)"
line "gen: report -j 2 / -j 1 on one file" "$(ratio 'gen: codewatch report -j 2 (1 file)' 'gen: codewatch report -j 1 (1 file)')x   (target >= 1.8)"
maxrss=0
for name in "${order[@]}"; do
	case $name in *codewatch*) [ "${rss[$name]}" -le "$maxrss" ] || maxrss=${rss[$name]} ;; esac
done
line "peak RSS of codewatch, every command" "$(awk -v k="$maxrss" 'BEGIN {printf "%.1f MiB", k/1024}')   (target <= 32)"
# Allocations per line of code-free input: the reader's test measures them
# (testing.AllocsPerRun), serially and in parallel, every catalog and Web
# 2.x alone; a scan's own (the parallel reader's goroutines and channels)
# are the same for four times as many lines.
echo
go test -count=1 -run 'TestReaderNoAllocs$' -v ./internal/scan | sed -n 's/^ *scan_test.go:[0-9]*: //p'
