#!/bin/sh
# scaling.sh - decoding N bytes takes time linear in N (issue 19).  Every
# shape of tests/hostile-shapes.pl is made at 1 MB, 4 MB and 8 MB and
# decoded with `dump`; a shape fails when
#   - the program dies (a signal: a stack overflow, an abort) or says
#     something other than a verdict or an error line;
#   - the CPU time of 8 MB over that of 1 MB passes 16 (linear is 8,
#     quadratic 64): a ratio measured in the same run, not a timed test;
#   - the peak RSS passes 300 MB at 4 MB or 1 GB at 8 MB, or grows by more
#     than 32 bytes for each byte from 1 MB to 8 MB (224 MB: memory a small
#     constant times the input; GMime's objects for a header of 1.6 million
#     fields cost 66) (SCALING_RSS=0 leaves the memory alone: under ASan the
#     shadow memory counts).
# SCALING_USER=1 counts user time only: ASan's allocator maps and unmaps
# every large block, system time our code does not spend.
# A run past SCALING_TIMEOUT seconds (120) is stopped and fails.
# SCALING_SHAPES=... picks shapes; BIN the program.  Prints cmocka-style
# totals so tests/run.sh can add them up.
BIN=${BIN:-$(pwd)/bouncelens}
# decoding is what is timed: the verdict cache (docs/cache.md) would serve
# the second and third runs of a shape without decoding it
BOUNCELENS_NO_CACHE=1
export BOUNCELENS_NO_CACHE
GEN="$(dirname "$0")/hostile-shapes.pl"
W=$(mktemp -d /tmp/bnc-scaling-XXXXXX)
trap 'rm -rf "$W"' EXIT
. "$(dirname "$0")/check.sh"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "scaling.sh: $TIME is missing (Debian package time; make deps installs it)"; exit 2; }

MB=1048576
# run FILE: "CPU-seconds RSS-kB exit-status" of one dump of FILE
run() {
	"$TIME" -o "$W/t" -f '%U %S %M %x' timeout "${SCALING_TIMEOUT:-120}" "$BIN" dump --delivered --vacation "$1" \
		> /dev/null 2> "$W/err"
	# time(1) writes a line of its own first when the command was killed
	awk -v user="${SCALING_USER:-0}" '/terminated by signal/ { sig = $NF }
		END { printf "%.2f %d %d\n", $1 + (user ? 0 : $2), $3, sig ? 128 + sig : $4 }' "$W/t"
}
# the least of three runs: the small case is where the timer's 10 ms steps tell
best() {
	for i in 1 2 3; do run "$1"; done | sort -n | head -n 1
}

shapes=${SCALING_SHAPES:-$(perl "$GEN" list | awk '{ print $1 }')}
printf '%-20s %8s %8s %6s %9s %9s %9s\n' shape "1MB cpu" "8MB cpu" ratio "1MB rss" "4MB rss" "8MB rss"
for s in $shapes; do
	for n in 1 4 8; do perl "$GEN" "$s" $((n * MB)) > "$W/$s-$n"; done
	set -- $(best "$W/$s-1"); c1=$1 r1=$2 rc1=$3
	set -- $(run "$W/$s-4"); r4=$2 rc4=$3
	set -- $(run "$W/$s-8"); c8=$1 r8=$2 rc8=$3
	ratio=$(awk -v a="$c1" -v b="$c8" 'BEGIN { if (a < 0.05) a = 0.05; printf "%.1f", b / a }')
	[ "$rc1" -eq 124 ] || [ "$rc8" -eq 124 ] && ratio=inf   # stopped: no ratio to tell
	printf '%-20s %7ss %7ss %6s %7dMB %7dMB %7dMB\n' "$s" "$c1" "$c8" "$ratio" $((r1 / 1024)) $((r4 / 1024)) $((r8 / 1024))
	if [ "$rc1" -le 1 ] && [ "$rc4" -le 1 ] && [ "$rc8" -le 1 ]; then ok "$s: decoded at 1, 4 and 8 MB"
	else bad "$s: decoded at 1, 4 and 8 MB" "exit status $rc1, $rc4, $rc8: $(head -c 300 "$W/err")"; fi
	if [ "$ratio" != inf ] && awk -v r="$ratio" 'BEGIN { exit !(r <= 16) }'; then ok "$s: 8 MB costs at most 16 times 1 MB"
	else bad "$s: 8 MB costs at most 16 times 1 MB" "${c1}s, then ${c8}s: $ratio"; fi
	if [ "${SCALING_RSS:-1}" != 0 ]; then
		if [ "$r4" -lt $((300 * 1024)) ] && [ "$r8" -lt $((1024 * 1024)) ]; then ok "$s: peak RSS under 300 MB at 4 MB, 1 GB at 8 MB"
		else bad "$s: peak RSS under 300 MB at 4 MB, 1 GB at 8 MB" "$((r4 / 1024)) MB, $((r8 / 1024)) MB"; fi
		if [ $((r8 - r1)) -le $((32 * 7 * 1024)) ]; then ok "$s: memory grows at most 32 bytes a byte"
		else bad "$s: memory grows at most 32 bytes a byte" "$((r1 / 1024)) MB at 1 MB, $((r8 / 1024)) MB at 8 MB"; fi
	fi
	rm -f "$W/$s-"*
done
totals
