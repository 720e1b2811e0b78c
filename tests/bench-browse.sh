#!/bin/sh
# bench-browse.sh QUEUE MESSAGES - the browser on a big queue, in a real
# terminal (tmux): seconds to the first screen, seconds until loading ends,
# the loading rate next to `dump -j JOBS` on the same queue, and resident
# memory per verdict above the program's own (measured on an empty queue).
# The dump and the browser take turns BENCH_REPEAT times and the fastest of
# each is kept, so that a slow spell of a shared host falls on both alike.
# A benchmark: it prints, it does not judge.
set -eu
Q=$1
N=$2
BIN=${BENCH_BIN:-./bouncelens}
# decoding is what is measured: the verdict cache (docs/cache.md) is off
BOUNCELENS_NO_CACHE=1
export BOUNCELENS_NO_CACHE
JOBS=${BENCH_JOBS:-$(nproc)}
REPEAT=${BENCH_REPEAT:-3}
W=$(mktemp -d /tmp/bnc-bench-browse-XXXXXX)
SOCK="$W/tmux.sock"
trap 'tmux -S "$SOCK" kill-server 2>/dev/null || true; rm -rf "$W"' EXIT
mkdir -p "$W/empty/cur" "$W/empty/new"

now() { date +%s.%N; }
screen() { tmux -S "$SOCK" capture-pane -p -t t 2>/dev/null || true; }
# the browser's process: the child of the pane's shell
browser_pid() { pgrep -f "^$BIN browse $1\$" | tail -1; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

run() {
	tmux -S "$SOCK" kill-server 2>/dev/null || true
	SOCK="$W/tmux.$2"   # a fresh server: the old one may still be exiting
	tmux -S "$SOCK" new-session -d -s t -x 160 -y 50 "exec $BIN browse $1"
}

# the empty program
run "$W/empty" 0
i=0
until screen | grep -q ' 0 messages'; do sleep 0.05; i=$((i + 1)); [ $i -lt 200 ] || break; done
sleep 0.5
empty=$(rss_kb "$(browser_pid "$W/empty")")

best_first= best_load= best_dump=
k=0
while [ "$k" -lt "$REPEAT" ]; do
	k=$((k + 1))
	# dump on the same queue, just before
	/usr/bin/time -f '%e' -o "$W/dump.time" "$BIN" dump -j "$JOBS" "$Q" >/dev/null 2>&1 || true
	d=$(cat "$W/dump.time")

	t0=$(now)
	run "$Q" "$k"
	first=
	# Look often until the first screen, then seldom: every look runs tmux
	# and grep, which take CPU from the browser being measured.  The loading
	# time is the one the browser prints when done.
	while :; do
		s=$(screen)
		if [ -z "$first" ]; then
			if printf '%s\n' "$s" | grep -q ' messages, '; then first=$(now); fi
			sleep 0.02
			continue
		fi
		printf '%s\n' "$s" | grep -q 'loading' || break
		sleep 0.5
	done
	load=$(printf '%s\n' "$s" | sed -n 's/.*| loaded in \([0-9.]*\) s.*/\1/p' | tail -1)
	pid=$(browser_pid "$Q")
	full=$(rss_kb "$pid")
	verdicts=$(printf '%s\n' "$s" | sed -n 's/.* messages, \([0-9]*\) verdicts.*/\1/p' | tail -1)
	msgs=$(printf '%s\n' "$s" | sed -n 's/^ *\([0-9]*\) messages, .*/\1/p' | tail -1)
	tmux -S "$SOCK" send-keys -t t q 2>/dev/null || true
	sleep 0.5

	f=$(awk -v a="$t0" -v b="$first" 'BEGIN { printf "%.3f", b - a }')
	awk -v a="$f" -v b="$best_first" 'BEGIN { exit !(b == "" || a < b) }' && best_first=$f
	awk -v a="$load" -v b="$best_load" 'BEGIN { exit !(b == "" || a < b) }' && best_load=$load
	awk -v a="$d" -v b="$best_dump" 'BEGIN { exit !(b == "" || a < b) }' && best_dump=$d
done

awk -v f="$best_first" -v l="$best_load" -v d="$best_dump" -v n="${msgs:-$N}" -v v="$verdicts" -v e="$empty" -v r="$full" \
    -v j="$JOBS" -v rep="$REPEAT" 'BEGIN {
	printf "\nbrowser on %d messages (fastest of %d, taking turns with dump -j %d):\n", n, rep, j
	printf "  first screen %.2f s; loaded in %.2f s (%.0f msgs/s); dump -j %d %.2f s (%.0f msgs/s): loading at %.2f of dump'"'"'s rate\n",
		f, l, n / l, j, d, n / d, d / l
	printf "  resident %.0f MB, empty program %.1f MB: %.2f KB per verdict above it (%d verdicts)\n",
		r / 1024, e / 1024, (r - e) / v, v
}'
