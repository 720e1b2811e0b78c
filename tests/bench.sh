#!/bin/sh
# bench.sh - throughput of `bouncelens dump` at two queue sizes, one and all cores.
#
# Scale corpora are built under bench/ (ignored by git) by repeating the
# messages of BENCH_SOURCE: maildirs of SMALL and LARGE messages (cur/ with
# unique maildir names, hard links where the file system allows) and one mbox
# of SMALL messages.  Each is decoded with -j 1 and -j JOBS, output thrown
# away, in BENCH_REPEAT rounds (3) over all of them (the small queues three
# times a round, BENCH_SMALL_RUNS), the fastest run kept;
# wall and CPU seconds and peak RSS come from GNU time.  A benchmark, not a
# test: it prints figures, it does not judge them.
set -eu

# The shared corpus (real bounces of many formats) when it is beside the
# checkout, as in CI; else the project's own samples.
if [ -z "${BENCH_SOURCE:-}" ] && [ -d ../shared/corpus/maildir ]; then
	BENCH_SOURCE=../shared/corpus/maildir
fi
SRC=${BENCH_SOURCE:-samples}
SISIMAI=${BENCH_SISIMAI:-../shared/ref/sisimai-go}
SMALL=${BENCH_SMALL:-20000}
LARGE=${BENCH_LARGE:-200000}
JOBS=${BENCH_JOBS:-$(nproc)}
BIN=${BENCH_BIN:-./bouncelens}
# decoding is what is measured: the verdict cache (docs/cache.md) is off
BOUNCELENS_NO_CACHE=1
export BOUNCELENS_NO_CACHE
OUT=${BENCH_DIR:-bench}
REPEAT=${BENCH_REPEAT:-3}

if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ]; then
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time) >/dev/null
	else
		echo "bench.sh: GNU time is missing; run as root: apt-get install -y time" >&2
		exit 1
	fi
fi

# The messages to repeat: files of a maildir's cur/ and new/, or of a folder.
list_source() {
	if [ -d "$SRC/cur" ] || [ -d "$SRC/new" ]; then
		find "$SRC/cur" "$SRC/new" -maxdepth 1 -type f 2>/dev/null
	else
		find "$SRC" -maxdepth 1 -type f
	fi | LC_ALL=C sort
}

# make_maildir DIR N: N messages in DIR/cur, named like a delivery agent would.
make_maildir() {
	dir=$1 n=$2
	stamp="$dir/.made-from"
	want="$(list_source | wc -l) $(list_source | xargs cat | cksum) $n"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		return
	fi
	rm -rf "$dir"
	mkdir -p "$dir/cur" "$dir/new" "$dir/tmp"
	list_source > "$OUT/.list"
	total=$(wc -l < "$OUT/.list")
	[ "$total" -gt 0 ] || { echo "bench.sh: no messages in $SRC" >&2; exit 1; }
	awk -v n="$n" -v total="$total" -v dir="$dir" '
		{ f[NR - 1] = $0 }
		END {
			for (i = 0; i < n; i++)
				printf "%s\t%s/cur/%d.M%06dP%d.bench,S=0:2,S\n", f[i % total], dir, 1700000000 + int(i / 1000), i % 1000000, i
		}' "$OUT/.list" |
	perl -e 'use File::Copy; while (<STDIN>) { chomp; my ($f, $t) = split /\t/; link($f, $t) or copy($f, $t) or die "$t: $!\n"; }' 
	echo "$want" > "$stamp"
}

# make_mbox FILE N: N messages in one mbox, each after a "From " line.
make_mbox() {
	file=$1 n=$2
	list_source > "$OUT/.list"
	awk -v n="$n" '
		{ f[NR - 1] = $0; total = NR }
		END {
			for (i = 0; i < n; i++) {
				print "From MAILER-DAEMON Mon Jan  1 00:00:00 2024"
				while ((getline line < f[i % total]) > 0) {
					sub(/\r$/, "", line)
					if (line ~ /^>*From /) line = ">" line
					print line
				}
				close(f[i % total])
				print ""
			}
		}' "$OUT/.list" > "$file.tmp"
	mv "$file.tmp" "$file"
}

mkdir -p "$OUT"
echo "building scale corpora from $SRC under $OUT/ ..." >&2
make_maildir "$OUT/maildir-$SMALL" "$SMALL"
make_maildir "$OUT/maildir-$LARGE" "$LARGE"
[ -f "$OUT/mbox-$SMALL" ] && [ "$OUT/mbox-$SMALL" -nt "$OUT/maildir-$SMALL/.made-from" ] ||
	make_mbox "$OUT/mbox-$SMALL" "$SMALL"

# row NAME JOBS MESSAGES VERDICTS "WALL USER SYS RSS": one row of the table.
row() {
	echo "$5" | awk -v name="$1" -v j="$2" -v m="$3" -v v="$4" '{
		w = $1; if (w <= 0) w = 0.01
		cpu = $2 + $3
		printf "%-16s %4d %8d %8d %9.0f %9.0f %7.2f %7.2f %8.1f %8.1f\n",
			name, j, m, v, m / w, v / w, w, cpu, cpu / m * 1e6, $4 / 1024
	}' | tee -a "$OUT/.rows"
}

# faster A B: whether the run timed in A ("WALL ...") beat the one in B.
faster() {
	[ -z "$2" ] || awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { exit !(a < b) }'
}

# The queues, each timed with 1 job and with JOBS.  Every round runs each
# queue with each (the small ones SMALL_RUNS times, 3: a run of a second is
# easily spoilt by a slow spell of a shared host, and costs little), and
# there are REPEAT rounds: a slow spell then falls on a few runs of every
# row rather than on all the runs of one, and each row keeps the fastest of
# its runs (a shared machine only ever makes a run slower).  Timings go to
# $OUT/.best.NAME.JOBS.
SMALL_RUNS=${BENCH_SMALL_RUNS:-3}
QUEUES="maildir-$SMALL:$SMALL:$SMALL_RUNS mbox-$SMALL:$SMALL:$SMALL_RUNS maildir-$LARGE:$LARGE:1"
rm -f "$OUT"/.best.*
k=0
while [ "$k" -lt "$REPEAT" ]; do
	for q in $QUEUES; do
		name=${q%%:*} runs=${q##*:}
		for r in $(seq "$runs"); do
			for j in 1 "$JOBS"; do
				/usr/bin/time -f '%e %U %S %M' -o "$OUT/.time" "$BIN" dump -j "$j" "$OUT/$name" >/dev/null 2>&1 || true
				t=$(cat "$OUT/.time")
				best=$(cat "$OUT/.best.$name.$j" 2>/dev/null || true)
				if [ -z "$best" ] || faster "$t" "$best"; then
					echo "$t" > "$OUT/.best.$name.$j"
				fi
			done
		done
	done
	k=$((k + 1))
done

: > "$OUT/.rows"
echo "each row: the fastest of its runs: $REPEAT rounds (BENCH_REPEAT), each running every queue with 1 and $JOBS jobs ($SMALL_RUNS times the $SMALL-message ones)"
printf '%-16s %4s %8s %8s %9s %9s %7s %7s %8s %8s\n' \
	queue jobs messages verdicts "msgs/s" "verd/s" "wall s" "cpu s" "cpu us/m" "peak MB"
for q in $QUEUES; do
	name=${q%%:*} rest=${q#*:}
	msgs=${rest%%:*}
	verdicts=$("$BIN" dump -j "$JOBS" "$OUT/$name" 2>/dev/null | wc -l)
	row "$name" 1 "$msgs" "$verdicts" "$(cat "$OUT/.best.$name.1")"
	row "$name" "$JOBS" "$msgs" "$verdicts" "$(cat "$OUT/.best.$name.$JOBS")"
done

# The ratios the performance issue asks about: the speed-up on every queue,
# and the cost per message at the large size over the small.
awk -v small="maildir-$SMALL" -v large="maildir-$LARGE" -v jobs="$JOBS" '
	$2 == 1 { one[$1] = $5; order[++n] = $1 }
	$2 == jobs { all[$1] = $5 }
	$1 == small && $2 == 1 { c_small = $9 }
	$1 == large && $2 == 1 { c_large = $9 }
	END {
		print ""
		for (i = 1; i <= n; i++)
			printf "speed-up with %d jobs over 1 (%s): %.2fx\n", jobs, order[i], all[order[i]] / one[order[i]]
		printf "cpu cost per message, %s over %s: %.3f\n", large, small, c_large / c_small
	}' "$OUT/.rows"

# Side by side with Sisimai's Go edition, in the same rounds: each round
# runs bouncelens dump -j JOBS and sisimai-go over the same flat folder (the
# small maildir's cur/), in turn; the fastest of each is kept and the ratio
# of their CPU time (and wall time) printed.  A rate alone does not travel
# between machines; a ratio measured in one run does.
echo ""
if [ -x "$SISIMAI" ]; then
	flat="$OUT/maildir-$SMALL/cur"
	rm -f "$OUT"/.side.*
	k=0
	while [ "$k" -lt "$REPEAT" ]; do
		for who in bouncelens sisimai; do
			if [ "$who" = bouncelens ]; then
				/usr/bin/time -f '%e %U %S %M' -o "$OUT/.time" "$BIN" dump -j "$JOBS" "$flat" >/dev/null 2>&1 || true
			else
				/usr/bin/time -f '%e %U %S %M' -o "$OUT/.time" "$SISIMAI" "$flat" >/dev/null 2>&1 || true
			fi
			t=$(tail -n 1 "$OUT/.time")
			cpu=$(echo "$t" | awk '{ print $2 + $3 }')
			best=$(cat "$OUT/.side.$who" 2>/dev/null || true)
			if [ -z "$best" ] || awk -v a="$cpu" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
				echo "$cpu $t" > "$OUT/.side.$who"
			fi
		done
		k=$((k + 1))
	done
	echo "side by side, $SMALL messages of $SRC in one flat folder, the fastest of $REPEAT alternating runs:"
	printf '%-28s %7s %7s %8s\n' program "cpu s" "wall s" "peak MB"
	awk '{ printf "%-28s %7.2f %7.2f %8.1f\n", name, $1, $2, $5 / 1024 }' name="bouncelens dump -j $JOBS" "$OUT/.side.bouncelens"
	awk '{ printf "%-28s %7.2f %7.2f %8.1f\n", name, $1, $2, $5 / 1024 }' name="sisimai-go (Go, 5.2.0)" "$OUT/.side.sisimai"
	paste "$OUT/.side.bouncelens" "$OUT/.side.sisimai" | awk '{
		n = NF / 2
		printf "ratio bouncelens / sisimai-go: cpu %.3f, wall %.3f\n", $1 / $(n + 1), $2 / $(n + 2) }'
else
	echo "side by side: skipped, no Sisimai Go binary at $SISIMAI (BENCH_SISIMAI)"
fi

# The browser on the large queue: first screen, loading, memory per verdict;
# then both queues opened again with the verdict cache on.
if command -v tmux >/dev/null 2>&1; then
	BENCH_BIN=$BIN sh tests/bench-browse.sh "$OUT/maildir-$LARGE" "$LARGE"
	BENCH_BIN=$BIN sh tests/bench-reopen.sh "$OUT/maildir-$SMALL" "$OUT/maildir-$LARGE"
else
	echo "(tmux missing: the browser's figures are skipped)"
fi
