#!/usr/bin/env bash
# compare.sh: codewatch side by side with the tools a user would otherwise
# reach for, on a generated corpus of Agora-style logs, in one run.
#
#   bench/compare.sh [SIZE] [REPS]        SIZE: 1GiB (default), 256MiB, ...
#
# It builds codewatch, generates the corpus (plain, gzipped, and one
# single line of SIZE) under a temporary directory, installs ripgrep from
# Debian if it is missing, warms the page cache, then times every command
# REPS times (default 3), interleaved, and prints the median MB/s, the peak
# RSS and codewatch's ratio to each peer. Environment: KEEP=1 keeps the
# corpus; CORPUS=DIR reuses one made earlier.
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
if [ ! -d "$work/plain" ]; then
	echo "generating $size corpus in $work" >&2
	go run ./tools/gencorpus -size "$size" -files 16 -out "$work/plain"
	go run ./tools/gencorpus -size "$size" -files 16 -gzip -out "$work/gz"
	go run ./tools/gencorpus -size "$size" -one-line -out "$work/line"
fi
bytes=$(cat "$work"/plain/* | wc -c)
names=$("$bin" catalog export --format tsv | tail -n +2 | cut -f1 | paste -sd'|')
cores=$(nproc)

# The commands, by name. Each reads the corpus and writes to /dev/null.
declare -A cmd
order=(
	cat
	"codewatch report"
	"codewatch annotate -o"
	"codewatch annotate"
	"rg -c"
	"rg -ow|sort|uniq -c"
	"grep -ohwE|sort|uniq -c"
	"zcat (gz)"
	"rg -z -c (gz)"
	"codewatch report (gz)"
	"codewatch report (1 line)"
	"codewatch annotate -o (1 line)"
)
cmd[cat]="cat $work/plain/* >/dev/null"
cmd["codewatch report"]="$bin report $work/plain >/dev/null"
cmd["codewatch annotate -o"]="$bin annotate -o $work/plain >/dev/null"
cmd["codewatch annotate"]="$bin annotate $work/plain >/dev/null"
cmd["rg -c"]="rg -c -j$cores '$names' $work/plain >/dev/null"
cmd["rg -ow|sort|uniq -c"]="rg -ow -j$cores --no-filename '$names' $work/plain | sort | uniq -c >/dev/null"
cmd["grep -ohwE|sort|uniq -c"]="LC_ALL=C grep -ohwE '$names' $work/plain/* | sort | uniq -c >/dev/null"
cmd["zcat (gz)"]="zcat $work/gz/* >/dev/null"
cmd["rg -z -c (gz)"]="rg -z -c -j$cores '$names' $work/gz >/dev/null"
cmd["codewatch report (gz)"]="$bin report $work/gz >/dev/null"
cmd["codewatch report (1 line)"]="$bin report $work/line >/dev/null"
cmd["codewatch annotate -o (1 line)"]="$bin annotate -o $work/line >/dev/null"

echo "warming the page cache" >&2
cat "$work"/plain/* "$work"/gz/* "$work"/line/* >/dev/null

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
	mbs[$name]=$(awk -v b="$bytes" -v t="$t" 'BEGIN {printf "%.0f", (t > 0 ? b / t / 1e6 : 0)}')
done

echo
echo "corpus: $(awk -v b="$bytes" 'BEGIN {printf "%.2f GB", b/1e9}') in 16 files (plain and gzipped) and one line of $size; $reps runs each, interleaved; median"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $(go version | cut -d' ' -f3); $(rg --version | head -1)"
echo
printf '%-32s %10s %14s\n' "command" "MB/s" "peak RSS MiB"
for name in "${order[@]}"; do
	printf '%-32s %10s %14s\n' "$name" "${mbs[$name]}" "$(awk -v k="${rss[$name]}" 'BEGIN {printf "%.1f", k/1024}')"
done
echo
ratio() { awk -v a="${mbs[$1]}" -v b="${mbs[$2]}" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
printf '%-52s %s\n' "codewatch report / rg -ow|sort|uniq -c" "$(ratio 'codewatch report' 'rg -ow|sort|uniq -c')x   (target >= 1.5)"
printf '%-52s %s\n' "codewatch report / grep -ohwE|sort|uniq -c" "$(ratio 'codewatch report' 'grep -ohwE|sort|uniq -c')x"
printf '%-52s %s\n' "codewatch report / rg -c" "$(ratio 'codewatch report' 'rg -c')x"
printf '%-52s %s\n' "codewatch report / cat" "$(ratio 'codewatch report' 'cat')x"
printf '%-52s %s\n' "codewatch annotate -o / codewatch report" "$(ratio 'codewatch annotate -o' 'codewatch report')x   (target >= 1)"
printf '%-52s %s\n' "codewatch annotate (text, /dev/null)" "${mbs['codewatch annotate']} MB/s   (target >= 1000)"
printf '%-52s %s\n' "codewatch report (gz) / rg -z -c (gz)" "$(ratio 'codewatch report (gz)' 'rg -z -c (gz)')x   (target >= 1.5)"
printf '%-52s %s\n' "codewatch report (gz) / zcat (gz)" "$(ratio 'codewatch report (gz)' 'zcat (gz)')x"
printf '%-52s %s\n' "peak RSS: report, report (gz), report (1 line)" "$(awk -v a="${rss['codewatch report']}" -v b="${rss['codewatch report (gz)']}" -v c="${rss['codewatch report (1 line)']}" 'BEGIN {printf "%.1f, %.1f, %.1f MiB", a/1024, b/1024, c/1024}')   (target <= 32)"
printf '%-52s %s\n' "peak RSS: annotate -o (1 line)" "$(awk -v a="${rss['codewatch annotate -o (1 line)']}" 'BEGIN {printf "%.1f MiB", a/1024}')"
