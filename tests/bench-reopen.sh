#!/bin/sh
# bench-reopen.sh QUEUE... - the browser opened again on queues whose
# verdicts the cache holds (docs/cache.md): for each queue, the cache is
# filled by one opening, then the queue is opened BENCH_REPEAT times in a
# real terminal (tmux) and the fastest "loaded in" the browser prints is
# kept, next to the first opening's.  A private cache folder: the user's is
# never touched.  A benchmark: it prints, it does not judge.
set -eu
BIN=${BENCH_BIN:-./bouncelens}
REPEAT=${BENCH_REPEAT:-3}
W=$(mktemp -d /tmp/bnc-bench-reopen-XXXXXX)
SOCK="$W/tmux.sock"
trap 'tmux -S "$SOCK" kill-server 2>/dev/null || true; rm -rf "$W"' EXIT
unset BOUNCELENS_NO_CACHE
XDG_CACHE_HOME="$W/cache"
export XDG_CACHE_HOME

# open QUEUE: the browser's "loaded in" seconds, once it has quit
open_once() {
	tmux -S "$SOCK" new-session -d -s r -x 160 -y 50 "$BIN browse $1 2>/dev/null; echo EXITED > $W/exited"
	rm -f "$W/exited"
	while :; do
		s=$(tmux -S "$SOCK" capture-pane -p -t r 2>/dev/null || true)
		printf '%s\n' "$s" | grep -q 'loaded in' && break
		sleep 0.2
	done
	tmux -S "$SOCK" send-keys -t r q
	i=0
	while [ ! -e "$W/exited" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	tmux -S "$SOCK" kill-server 2>/dev/null || true
	printf '%s\n' "$s" | sed -n 's/.*| loaded in \([0-9.]*\) s.*/\1/p' | tail -1
}

printf '%-24s %9s %14s %9s\n' "browser, cached" messages "first opening" "reopened"
for q in "$@"; do
	n=$(find "$q" -type f ! -name '.*' | wc -l)
	first=$(open_once "$q")
	best=
	k=0
	while [ "$k" -lt "$REPEAT" ]; do
		k=$((k + 1))
		t=$(open_once "$q")
		awk -v a="$t" -v b="$best" 'BEGIN { exit !(b == "" || a < b) }' && best=$t
	done
	printf '%-24s %9d %12s s %7s s\n' "$(basename "$q")" "$n" "$first" "$best"
done
echo "cache file: $(du -m "$XDG_CACHE_HOME/bouncelens/verdicts.sqlite" | cut -f1) MB"
