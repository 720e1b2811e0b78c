#!/bin/sh
# campaign.sh - a long fuzzing run: each "target:seconds" argument in turn on
# one lane, the lanes side by side (one per core).  Lanes are separated by
# "--".  Corpora persist in build-fuzz/campaign/TARGET (seeded from the
# smoke corpora), crashes land in build-fuzz/campaign/crashes/, and each run
# appends its CPU seconds and libFuzzer's final statistics to
# build-fuzz/campaign/summary.
#
#   sh fuzz/campaign.sh decode:3600 -- mbox:1800 limit:1800
#
# Never stop a fuzzer with SIGSTOP: libFuzzer's timeout is wall-clock time,
# and the pause is then reported as a hang.
set -u
cd "$(dirname "$0")/.."
B=build-fuzz
C=$B/campaign
mkdir -p "$C/crashes"

run_one() {
	t=${1%%:*} secs=${1#*:}
	mkdir -p "$C/$t"
	[ -d "$B/corpus/$t" ] && cp -n "$B/corpus/$t"/* "$C/$t/" 2>/dev/null
	dict=""
	[ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
	/usr/bin/time -f "%U %S" -o "$C/$t.cpu" \
		"$B/fuzz_$t" -timeout=25 -rss_limit_mb=2048 $dict -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$C/crashes/$t-" "$C/$t" > "$C/$t.log" 2>&1
	rc=$?
	{
		echo "== fuzz_$t, $secs s, exit $rc, cpu s: $(tail -n 1 "$C/$t.cpu" | awk '{print $1 + $2}')"
		grep -E '^#[0-9]+.*DONE' "$C/$t.log" | tail -1
		grep -E '^stat::' "$C/$t.log"
		grep -E 'ERROR|SUMMARY' "$C/$t.log" | head -5
	} >> "$C/summary"
}

lane() {
	for spec in "$@"; do
		run_one "$spec"
	done
}

: >> "$C/summary"
args=""
for a in "$@"; do
	if [ "$a" = "--" ]; then
		# shellcheck disable=SC2086
		lane $args &
		args=""
	else
		args="$args $a"
	fi
done
# shellcheck disable=SC2086
[ -n "$args" ] && lane $args &
wait
cat "$C/summary"
