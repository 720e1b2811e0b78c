#!/bin/sh
# bench-browse.sh QUEUE MESSAGES - the browser on a big queue, in a real
# terminal (tmux): seconds to the first screen, seconds until loading ends,
# the loading rate, and resident memory per verdict above the program's own
# (measured on an empty queue).  A benchmark: it prints, it does not judge.
set -eu
Q=$1
N=$2
BIN=${BENCH_BIN:-./bouncelens}
W=$(mktemp -d /tmp/bnc-bench-browse-XXXXXX)
SOCK="$W/tmux.sock"
trap 'tmux -S "$SOCK" kill-server 2>/dev/null; rm -rf "$W"' EXIT
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
run "$W/empty" 1
i=0
until screen | grep -q ' 0 messages'; do sleep 0.05; i=$((i + 1)); [ $i -lt 200 ] || break; done
sleep 0.5
empty=$(rss_kb "$(browser_pid "$W/empty")")

# the queue
t0=$(now)
run "$Q" 2
first=
while :; do
	s=$(screen)
	if [ -z "$first" ] && printf '%s\n' "$s" | grep -q ' messages, '; then first=$(now); fi
	if [ -n "$first" ] && ! printf '%s\n' "$s" | grep -q 'loading'; then break; fi
	sleep 0.02
done
t1=$(now)
pid=$(browser_pid "$Q")
full=$(rss_kb "$pid")
verdicts=$(screen | sed -n 's/.* messages, \([0-9]*\) verdicts.*/\1/p' | tail -1)
msgs=$(screen | sed -n 's/^ *\([0-9]*\) messages, .*/\1/p' | tail -1)
tmux -S "$SOCK" send-keys -t t q 2>/dev/null || true

awk -v t0="$t0" -v f="$first" -v t1="$t1" -v n="${msgs:-$N}" -v v="$verdicts" -v e="$empty" -v r="$full" 'BEGIN {
	printf "\nbrowser on %d messages: first screen %.2f s, loaded in %.2f s (%.0f msgs/s),\n", n, f - t0, t1 - t0, n / (t1 - t0)
	printf "  resident %.0f MB, empty program %.1f MB: %.2f KB per verdict above it (%d verdicts)\n",
		r / 1024, e / 1024, (r - e) / v, v
}'
