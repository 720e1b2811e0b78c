#!/bin/sh
# cache.sh - the verdict cache (docs/cache.md) and `dump --format sqlite`:
# a second run decodes nothing and prints the same bytes in every format; a
# file changed or removed is seen; a damaged, foreign or busy cache is made
# anew or passed by, never trusted and never an error; --no-cache leaves it
# alone; the export's database holds every verdict and is never written
# over an existing file.  BOUNCELENS_CACHE_STATS=1 makes the program say its
# hits and misses on stderr: that is how a hit is told from a decode.
BIN=${BIN:-$(pwd)/bouncelens}
W=$(mktemp -d /tmp/bnc-cache-XXXXXX)
trap 'rm -rf "$W"' EXIT
. "$(dirname "$0")/check.sh"
C="$XDG_CACHE_HOME/bouncelens/verdicts.sqlite"
N=$(ls samples/cur | wc -l)

# what the cache said: "H hits, M misses, S stored, B bad"
stats() { grep '^bouncelens: cache: [0-9]' "$1" | sed 's/^bouncelens: cache: //'; }
run() {   # run NAME ARGS...: output in $W/NAME, stderr in $W/NAME.err
	n=$1; shift
	BOUNCELENS_CACHE_STATS=1 "$BIN" dump "$@" > "$W/$n" 2> "$W/$n.err"
}

mkdir -p "$W/q/cur"
cp samples/cur/* "$W/q/cur/"

# ---- hits, and the same bytes in every format ------------------------------
"$BIN" dump --no-cache "$W/q" > "$W/ref" 2> /dev/null
check "--no-cache makes no cache file" [ ! -e "$C" ]
run cold "$W/q"
check "a first run decodes every file and keeps it" [ "$(stats "$W/cold.err")" = "0 hits, $N misses, $N stored, 0 bad" ]
check "... and prints what --no-cache prints" cmp -s "$W/ref" "$W/cold"
check "the cache is where XDG_CACHE_HOME says" [ -s "$C" ]
run warm "$W/q"
check "a second run decodes nothing" [ "$(stats "$W/warm.err")" = "$N hits, 0 misses, 0 stored, 0 bad" ]
check "... and prints the same bytes" cmp -s "$W/ref" "$W/warm"
check "... and nothing else on stderr" [ "$(grep -vc '^bouncelens: cache: ' "$W/warm.err")" -eq 0 ]

for f in "--explain" "--array" "--array --explain" "--format jsonl" "--format csv" "--format suppress" \
	"--format suppress --include-guessed" "-j 1 --explain" "-j 3 --format csv"; do
	# shellcheck disable=SC2086
	"$BIN" dump --no-cache $f "$W/q" > "$W/ref.f" 2> /dev/null
	# shellcheck disable=SC2086
	run fw $f "$W/q"
	check "dump $f: the same bytes from the cache" cmp -s "$W/ref.f" "$W/fw"
	check "dump $f: ... all of them hits" [ "$(stats "$W/fw.err")" = "$N hits, 0 misses, 0 stored, 0 bad" ]
done
# the options that change verdicts are part of the key
for o in --delivered --vacation --sisimai "--delivered --vacation"; do
	# shellcheck disable=SC2086
	"$BIN" dump --no-cache --explain $o "$W/q" > "$W/ref.o" 2> /dev/null
	# shellcheck disable=SC2086
	run o1 --explain $o "$W/q"
	# shellcheck disable=SC2086
	run o2 --explain $o "$W/q"
	check "dump $o: decoded apart from the plain run" [ "$(stats "$W/o1.err")" = "0 hits, $N misses, $N stored, 0 bad" ]
	check "dump $o: the same bytes decoded and from the cache" sh -c "cmp -s '$W/ref.o' '$W/o1' && cmp -s '$W/ref.o' '$W/o2'"
	check "dump $o: then all hits" [ "$(stats "$W/o2.err")" = "$N hits, 0 misses, 0 stored, 0 bad" ]
done
check "--sisimai and the plain run differ somewhere (the key is not idle)" sh -c \
	"! cmp -s '$W/ref' \"\$('$BIN' dump --no-cache --sisimai '$W/q' > '$W/sis' 2>/dev/null; echo '$W/sis')\""

# ---- a file changed, touched, removed, added --------------------------------
cp "$W/q/cur/rfc3464-mailboxfull.eml" "$W/q/cur/rfc3464-userunknown.eml"
"$BIN" dump --no-cache "$W/q" > "$W/ref2" 2> /dev/null
run chg "$W/q"
check "a file rewritten (new size, mtime) is decoded again" [ "$(stats "$W/chg.err")" = "$((N - 1)) hits, 1 misses, 1 stored, 0 bad" ]
check "... and its new verdicts are printed" sh -c "cmp -s '$W/ref2' '$W/chg' && ! cmp -s '$W/ref' '$W/chg'"
touch -d '2001-02-03 04:05:06' "$W/q/cur/rfc3464-mailboxfull.eml"
run tch "$W/q"
check "a file whose mtime alone changed is decoded again" [ "$(stats "$W/tch.err")" = "$((N - 1)) hits, 1 misses, 1 stored, 0 bad" ]
rm "$W/q/cur/rfc3464-mailboxfull.eml"
"$BIN" dump --no-cache "$W/q" > "$W/ref3" 2> /dev/null
run rmd "$W/q"
check "a removed file is gone from the output" sh -c "cmp -s '$W/ref3' '$W/rmd' && ! grep -q 'rfc3464-mailboxfull' '$W/rmd'"
check "... and nothing else is decoded" [ "$(stats "$W/rmd.err")" = "$((N - 1)) hits, 0 misses, 0 stored, 0 bad" ]
mv "$W/q/cur/rfc3464-userunknown.eml" "$W/q/cur/renamed.eml"
"$BIN" dump --no-cache "$W/q" > "$W/ref4" 2> /dev/null
run ren "$W/q"
S=$(stats "$W/ren.err")
check "a renamed file is decoded under its new name (the name is in its verdicts)" sh -c \
	"cmp -s '$W/ref4' '$W/ren' && [ '$S' = '$((N - 2)) hits, 1 misses, 1 stored, 0 bad' ]"
(cd "$W" && BOUNCELENS_CACHE_STATS=1 "$BIN" dump q > rel 2> rel.err)
S=$(stats "$W/rel.err")
check "the same files by another path are kept apart (the name is in the verdicts)" sh -c \
	"[ '$S' = '0 hits, $((N - 1)) misses, $((N - 1)) stored, 0 bad' ] && [ \$(wc -l < '$W/rel') -eq \$(wc -l < '$W/ref4') ]"

# ---- damage -----------------------------------------------------------------
cp -r samples "$W/s"
"$BIN" dump --no-cache --explain "$W/s" > "$W/sref" 2> /dev/null
run s1 --explain "$W/s"
# a hit is what the cache holds, not a decode: a row given another file's
# (whole, valid) bytes is what is printed for it
sqlite3 "$C" "UPDATE files SET data = (SELECT data FROM files WHERE CAST(name AS TEXT) LIKE '%/s/cur/rfc3464-mailboxfull.eml')
              WHERE CAST(name AS TEXT) LIKE '%/s/cur/rfc3464-userunknown.eml'"
run swap --explain "$W/s"
check "a hit is served from the cache: a row given another file's bytes is printed" sh -c \
	"! cmp -s '$W/sref' '$W/swap' && [ \$(grep -c 'mailboxfull.eml' '$W/swap') -eq \$((\$(grep -c 'mailboxfull.eml' '$W/sref') * 2)) ]"
cp "$C" "$W/swapped"
BOUNCELENS_CACHE_STATS=1 "$BIN" dump --no-cache --explain "$W/s" > "$W/nc" 2> "$W/nc.err"
check "--no-cache neither reads nor writes the cache" sh -c \
	"cmp -s '$W/swapped' '$C' && ! grep -q '^bouncelens: cache' '$W/nc.err' && cmp -s '$W/sref' '$W/nc'"
BOUNCELENS_NO_CACHE=1 BOUNCELENS_CACHE_STATS=1 "$BIN" dump --explain "$W/s" > "$W/ne" 2> "$W/ne.err"
check "BOUNCELENS_NO_CACHE=1 does the same" sh -c "cmp -s '$W/swapped' '$C' && cmp -s '$W/sref' '$W/ne' && ! grep -q 'stored' '$W/ne.err'"
sqlite3 "$C" "UPDATE files SET data = X'424E503201020304' WHERE CAST(name AS TEXT) LIKE '%/s/cur/rfc3464-userunknown.eml';
              UPDATE files SET data = X'00' WHERE CAST(name AS TEXT) LIKE '%/s/cur/rfc3464-mailboxfull.eml';"
run s2 --explain "$W/s"
S=$(stats "$W/s2.err")
check "rows whose bytes do not read back are decoded instead ($S)" sh -c \
	"cmp -s '$W/sref' '$W/s2' && [ '$S' = '$((N - 2)) hits, 2 misses, 2 stored, 2 bad' ]"
run s3 --explain "$W/s"
check "... and kept anew" [ "$(stats "$W/s3.err")" = "$N hits, 0 misses, 0 stored, 0 bad" ]
if command -v valgrind > /dev/null; then
	# memcheck over the hit path, a row that does not read back among them
	sqlite3 "$C" "UPDATE files SET data = substr(data, 1, 40) WHERE CAST(name AS TEXT) LIKE '%/s/cur/rfc3464-userunknown.eml'"
	G_SLICE=always-malloc valgrind -q --error-exitcode=99 --soname-synonyms=somalloc=libtcmalloc_minimal.so* \
		--suppressions=tests/valgrind.supp "$BIN" dump --explain "$W/s" > "$W/vg" 2> "$W/vg.err"; rc=$?
	check "memcheck finds nothing on the cache's paths (hits, a bad row, its replacement)" sh -c \
		"[ $rc -eq 0 ] && cmp -s '$W/sref' '$W/vg' && [ ! -s '$W/vg.err' ]"
fi
head -c 100000 /dev/urandom > "$C"
rm -f "$C-wal" "$C-shm"
run s4 --explain "$W/s"; rc=$?
S=$(stats "$W/s4.err")
check "a cache file of garbage: made anew, output right, exit 0" sh -c \
	"[ $rc -eq 0 ] && cmp -s '$W/sref' '$W/s4' && [ '$S' = '0 hits, $N misses, $N stored, 0 bad' ]"
check "... said only when asked" sh -c "'$BIN' dump '$W/s' 2>&1 >/dev/null | wc -c | grep -qx 0"
check "... the new file is SQLite again" sh -c "sqlite3 '$C' 'SELECT value FROM meta WHERE key=\"schema\"' | grep -qx 3"
sqlite3 "$C" "UPDATE meta SET value = '0' WHERE key = 'schema'"
run s5 --explain "$W/s"
S=$(stats "$W/s5.err")
check "a cache of another schema version is made anew" sh -c \
	"cmp -s '$W/sref' '$W/s5' && [ '$S' = '0 hits, $N misses, $N stored, 0 bad' ]"
rm -f "$C" "$C-wal" "$C-shm"
sqlite3 "$C" "CREATE TABLE files(a, b); INSERT INTO files VALUES (1, 2);"
run s6 --explain "$W/s"
S=$(stats "$W/s6.err")
check "a foreign SQLite file at the cache's place is made anew" sh -c \
	"cmp -s '$W/sref' '$W/s6' && [ '$S' = '0 hits, $N misses, $N stored, 0 bad' ]"
: > "$C"
run s7 --explain "$W/s"
S=$(stats "$W/s7.err")
check "an empty cache file is made a cache" sh -c "cmp -s '$W/sref' '$W/s7' && [ '$S' = '0 hits, $N misses, $N stored, 0 bad' ]"

# ---- --no-cache, and caches that cannot be --------------------------------
"$BIN" dump --no-cache --explain "$W/s" > "$W/ncref" 2> /dev/null
XDG_CACHE_HOME=/proc/version/x "$BIN" dump --explain "$W/s" > "$W/ro" 2> "$W/ro.err"; rc=$?
check "a cache folder that cannot be made: decoded, exit 0, nothing said" sh -c \
	"[ $rc -eq 0 ] && cmp -s '$W/ncref' '$W/ro' && [ ! -s '$W/ro.err' ]"
mkdir -p "$W/rodir/bouncelens"
sqlite3 "$W/rodir/bouncelens/verdicts.sqlite" "PRAGMA journal_mode=DELETE; CREATE TABLE t(x);"
chattr +i "$W/rodir/bouncelens" "$W/rodir/bouncelens/verdicts.sqlite" 2> /dev/null && immutable=1 || immutable=0
if [ "$immutable" = 1 ]; then
	XDG_CACHE_HOME="$W/rodir" "$BIN" dump --explain "$W/s" > "$W/im" 2> "$W/im.err"; rc=$?
	chattr -i "$W/rodir/bouncelens" "$W/rodir/bouncelens/verdicts.sqlite"
	check "a cache that cannot be written (immutable): decoded, exit 0, nothing said" sh -c \
		"[ $rc -eq 0 ] && cmp -s '$W/ncref' '$W/im' && [ ! -s '$W/im.err' ]"
fi
mkdir -p "$W/inq/cur"
cp samples/cur/rfc3464-*.eml "$W/inq/cur/"
ls -R "$W/inq" > "$W/inq.before"
XDG_CACHE_HOME="$W/inq/cur" BOUNCELENS_CACHE_STATS=1 "$BIN" dump "$W/inq" > /dev/null 2> "$W/inq.err"
ls -R "$W/inq" > "$W/inq.after"
check "a cache folder inside the queue is not used: nothing is written there" sh -c \
	"cmp -s '$W/inq.before' '$W/inq.after' && grep -q 'inside a folder read' '$W/inq.err'"
BOUNCELENS_CACHE_STATS=1 "$BIN" dump - < samples/cur/rfc3464-userunknown.eml > "$W/in1" 2> "$W/in1.err"
check "standard input is not kept" [ "$(stats "$W/in1.err")" = "0 hits, 0 misses, 0 stored, 0 bad" ]
{ printf 'From a@example.org Mon Jan  1 00:00:00 2024\n'; cat samples/cur/rfc3464-userunknown.eml; printf '\nFrom b@example.org Mon Jan  1 00:00:00 2024\n'; cat samples/cur/rfc3464-mailboxfull.eml; } > "$W/inq/cur/zz-mbox"
"$BIN" dump --no-cache "$W/inq" > "$W/mref" 2> /dev/null
run mb1 "$W/inq"
run mb2 "$W/inq"
S=$(stats "$W/mb2.err")
check "the messages of an mbox in a folder are not kept, and print the same ($S)" sh -c \
	"cmp -s '$W/mref' '$W/mb1' && cmp -s '$W/mref' '$W/mb2' && [ '$S' = '$(ls samples/cur/rfc3464-*.eml | wc -l) hits, 1 misses, 0 stored, 0 bad' ]"

# ---- two processes at once, and the size bound ----------------------------
mkdir -p "$W/big/cur"
for k in 1 2 3 4 5 6 7 8; do
	for f in samples/cur/*; do cp "$f" "$W/big/cur/a$k-${f##*/}"; done
done
NB=$(ls "$W/big/cur" | wc -l)
"$BIN" dump --no-cache --explain "$W/big" > "$W/bref" 2> /dev/null
rm -f "$C" "$C-wal" "$C-shm"
"$BIN" dump --explain "$W/big" > "$W/p1" 2> "$W/p1.err" &
p1=$!
"$BIN" dump --explain -j 1 "$W/big" > "$W/p2" 2> "$W/p2.err" &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
check "two dumps at once on one cold cache: both right, both exit 0" sh -c \
	"[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && cmp -s '$W/bref' '$W/p1' && cmp -s '$W/bref' '$W/p2'"
check "... and say nothing" sh -c "[ ! -s '$W/p1.err' ] && [ ! -s '$W/p2.err' ]"
"$BIN" dump --explain "$W/big" > "$W/p1" 2> "$W/p1.err" &
p1=$!
"$BIN" dump --explain --array "$W/big" > "$W/p2" 2> "$W/p2.err" &
p2=$!
"$BIN" dump --no-cache --explain --array "$W/big" > "$W/p2ref" 2> /dev/null
wait $p1; r1=$?
wait $p2; r2=$?
check "two dumps at once on a warm cache: both right" sh -c \
	"[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && cmp -s '$W/bref' '$W/p1' && cmp -s '$W/p2ref' '$W/p2'"
run after --explain "$W/big"
S=$(stats "$W/after.err")
check "... and the cache is whole after them" sh -c "cmp -s '$W/bref' '$W/after' && [ '$S' = '$NB hits, 0 misses, 0 stored, 0 bad' ]"
# another process holds the write lock throughout: this one reads what it
# can, decodes the rest, writes nothing, says nothing
printf 'x' >> "$W/big/cur/a1-rfc3464-userunknown.eml"
"$BIN" dump --no-cache --explain "$W/big" > "$W/lref" 2> /dev/null
{ echo "BEGIN EXCLUSIVE; DELETE FROM meta WHERE key = 'none';"; sleep 6; echo "COMMIT;"; } | sqlite3 "$C" &
lk=$!
sleep 1
BOUNCELENS_CACHE_STATS=1 "$BIN" dump --explain "$W/big" > "$W/lk" 2> "$W/lk.err"; rc=$?
S=$(stats "$W/lk.err")
wait $lk
check "a cache another process holds locked: right output, exit 0, nothing said" sh -c \
	"[ $rc -eq 0 ] && cmp -s '$W/lref' '$W/lk' && [ \$(grep -vc '^bouncelens: cache: ' '$W/lk.err') -eq 0 ]"
check "... the changed file decoded, and nothing written" [ "$S" = "$((NB - 1)) hits, 1 misses, 0 stored, 0 bad" ]
run lk2 --explain "$W/big"
check "... which the next run keeps" sh -c "cmp -s '$W/lref' '$W/lk2' && [ '$(stats "$W/lk2.err")' = '$((NB - 1)) hits, 1 misses, 1 stored, 0 bad' ]"
rm -f "$C" "$C-wal" "$C-shm"
BOUNCELENS_CACHE_MAX=200000 BOUNCELENS_CACHE_STATS=1 "$BIN" dump --explain "$W/big" > "$W/bd" 2> "$W/bd.err"
size=$(stat -c %s "$C")
check "past its bound, rows are evicted: the file stays near the bound ($size bytes)" [ "$size" -le 300000 ]
check "... the output is still right" cmp -s "$W/bref" "$W/bd"
rows=$(sqlite3 "$C" "SELECT count(*) FROM files")
check "... and the newest rows are the ones kept ($rows of $NB)" sh -c \
	"[ $rows -gt 0 ] && [ $rows -lt $NB ] && sqlite3 '$C' 'SELECT name FROM files' | grep -q 'a8-'"

# ---- the browser ------------------------------------------------------------
if command -v tmux > /dev/null; then
	SOCK="$W/tmux.sock"
	browse() {
		tmux -S "$SOCK" new-session -d -s c -x 150 -y 40 \
			"env XDG_CONFIG_HOME=$W/config BOUNCELENS_CACHE_STATS=1 $BIN browse $* 2> $W/br.err; echo EXITED >> $W/br.err; sleep 30"
		i=0
		while [ $i -lt 150 ] && ! tmux -S "$SOCK" capture-pane -p -t c | grep -q 'loaded in'; do sleep 0.2; i=$((i + 1)); done
		tmux -S "$SOCK" capture-pane -p -t c > "$W/screen"
		tmux -S "$SOCK" send-keys -t c q
		i=0
		while [ $i -lt 50 ] && ! grep -q EXITED "$W/br.err"; do sleep 0.2; i=$((i + 1)); done
		tmux -S "$SOCK" kill-server 2> /dev/null
	}
	rm -f "$C" "$C-wal" "$C-shm"
	browse "$W/big"
	check "the browser's first opening keeps every file" [ "$(stats "$W/br.err")" = "0 hits, $NB misses, $NB stored, 0 bad" ]
	grep -o '[0-9]* messages' "$W/screen" > "$W/screen1"
	browse "$W/big"
	check "its second opening decodes nothing" [ "$(stats "$W/br.err")" = "$NB hits, 0 misses, 0 stored, 0 bad" ]
	grep -o '[0-9]* messages' "$W/screen" > "$W/screen2"
	check "... and shows as many messages" sh -c "[ -s '$W/screen1' ] && cmp -s '$W/screen1' '$W/screen2'"
	browse --no-cache "$W/big"
	check "browse --no-cache leaves the cache alone" sh -c "! grep -q '^bouncelens: cache' '$W/br.err' && grep -q 'loaded in' '$W/screen'"

	# the browser's view of each row, kept beside it: a row dump kept gets
	# one at the browser's first opening; the next opening takes its rows
	# from the views (a view given another file's is what is shown), and a
	# view that is not the index's shape is not trusted
	mkdir -p "$W/v/cur"
	cp samples/cur/rfc3464-userunknown.eml samples/cur/rfc3464-mailboxfull.eml "$W/v/cur/"
	run v0 "$W/v"
	browse "$W/v"
	check "the browser keeps its view of rows dump kept" [ "$(stats "$W/br.err")" = "2 hits, 0 misses, 0 stored, 0 bad, 2 views kept" ]
	check "... and lists both reasons" sh -c "grep -q userunknown '$W/screen' && grep -q mailboxfull '$W/screen'"
	browse "$W/v"
	check "... which the next opening reads back, keeping nothing" [ "$(stats "$W/br.err")" = "2 hits, 0 misses, 0 stored, 0 bad" ]
	sqlite3 "$C" "UPDATE files SET view = (SELECT view FROM files WHERE CAST(name AS TEXT) LIKE '%/v/cur/rfc3464-mailboxfull.eml')
	              WHERE CAST(name AS TEXT) LIKE '%/v/cur/rfc3464-userunknown.eml'"
	browse "$W/v"
	check "a row is listed from its kept view: one given another file's view shows that file's" sh -c \
		"! grep -q userunknown '$W/screen' && [ \$(grep -c mailboxfull '$W/screen') -ge 2 ]"
	dump_uu=$("$BIN" dump --no-cache "$W/v/cur/rfc3464-userunknown.eml" 2> /dev/null | grep -c userunknown)
	check "... dump, which does not read views, still prints the file's own" [ "$dump_uu" -ge 1 ]
	sqlite3 "$C" "UPDATE files SET view = X'00' WHERE CAST(name AS TEXT) LIKE '%/v/cur/rfc3464-userunknown.eml';
	              UPDATE files SET view = CAST('x' || char(0) || '2' || char(0) AS BLOB)
	              WHERE CAST(name AS TEXT) LIKE '%/v/cur/rfc3464-mailboxfull.eml'"
	browse "$W/v"
	check "views not of the index's shape are made again from the rows" sh -c \
		"[ '$(stats "$W/br.err")' = '2 hits, 0 misses, 0 stored, 0 bad, 2 views kept' ] && grep -q userunknown '$W/screen' && grep -q mailboxfull '$W/screen'"
fi

# ---- dump --format sqlite ---------------------------------------------------
D="$W/out/verdicts.db"
mkdir -p "$W/out"
"$BIN" dump --no-cache --explain "$W/big" > "$W/xref" 2> /dev/null
"$BIN" dump --format sqlite "$D" "$W/big" 2> "$W/x.err"; rc=$?
check "the export exits 0 and says nothing" sh -c "[ $rc -eq 0 ] && [ ! -s '$W/x.err' ]"
check "... leaves no temporary file" [ "$(ls -A "$W/out")" = "verdicts.db" ]
check "... holds a row per message" [ "$(sqlite3 "$D" 'SELECT count(*) FROM messages')" -eq "$NB" ]
check "... and a row per verdict dump prints" [ "$(sqlite3 "$D" 'SELECT count(*) FROM verdicts')" -eq "$(wc -l < "$W/xref")" ]
jq -r '[.recipient, .reason, .deliverystatus, .timestamp, (if .hardbounce then 1 else 0 end), .decodedby, .origin] | @tsv' "$W/xref" > "$W/x.tsv"
sqlite3 -separator '	' "$D" 'SELECT recipient, reason, deliverystatus, timestamp, hardbounce, decodedby, origin FROM verdicts ORDER BY id' > "$W/db.tsv"
check "... with dump's fields, in dump's order" cmp -s "$W/x.tsv" "$W/db.tsv"
jq -r '.explain.steps | length' "$W/xref" > "$W/x.steps"
sqlite3 "$D" 'SELECT (SELECT count(*) FROM steps s WHERE s.verdict = v.id) FROM verdicts v ORDER BY id' > "$W/db.steps"
check "... every explanation step" cmp -s "$W/x.steps" "$W/db.steps"
jq -r '[.explain.steps[] | select(.decided) | .stage] | join(",")' "$W/xref" > "$W/x.dec"
sqlite3 "$D" "SELECT coalesce((SELECT group_concat(stage) FROM steps s WHERE s.verdict = v.id AND decided = 1), '') FROM verdicts v ORDER BY id" > "$W/db.dec"
check "... the deciding step" cmp -s "$W/x.dec" "$W/db.dec"
jq -r '.explain.sources | length' "$W/xref" | awk '{s+=$1} END {print s}' > "$W/x.src"
sqlite3 "$D" 'SELECT count(*) FROM sources' > "$W/db.src"
check "... where each field came from" cmp -s "$W/x.src" "$W/db.src"
check "... what each means" [ "$(sqlite3 "$D" "SELECT count(DISTINCT verdict) FROM meaning WHERE what = 'summary'")" -eq "$(wc -l < "$W/xref")" ]
check "... and its schema version" [ "$(sqlite3 "$D" "SELECT value FROM meta WHERE key = 'schema'")" = 1 ]
cp "$D" "$W/d.copy"
"$BIN" dump --format sqlite "$D" "$W/big" > /dev/null 2> "$W/x.err"; rc=$?
check "an existing file is never overwritten: exit 2, one line naming it" sh -c \
	"[ $rc -eq 2 ] && cmp -s '$D' '$W/d.copy' && [ \$(wc -l < '$W/x.err') -eq 1 ] && grep -q 'verdicts.db.*not overwritten' '$W/x.err'"
"$BIN" dump --format sqlite "$W/no/such/dir/v.db" "$W/big" > /dev/null 2> "$W/x.err"; rc=$?
check "a folder that is not there: exit 1, one line" sh -c "[ $rc -eq 1 ] && [ \$(wc -l < '$W/x.err') -eq 1 ]"
"$BIN" dump --format sqlite > /dev/null 2> "$W/x.err"; rc=$?
check "--format sqlite without a file name is bad usage" [ "$rc" -eq 2 ]
"$BIN" dump --format sqlite "$W/out/two.db" "$W/q" "$W/fifo-none" > /dev/null 2> "$W/x.err"; rc=$?
check "an unreadable path: exit 1, the database still written with the others" sh -c \
	"[ $rc -eq 1 ] && [ \$(sqlite3 '$W/out/two.db' \"SELECT count(*) FROM messages WHERE error IS NOT NULL\") -ge 1 ]"

totals
