#!/bin/sh
# hostile.sh - terminal safety: messages whose Subject, From, Diagnostic-Code,
# body and file name carry escape sequences (CSI, OSC title and OSC 52
# clipboard, DCS), C1 controls, DEL, bidi overrides and isolates, zero-width
# characters and bytes that are not UTF-8.  `dump`, `explain` and error
# messages written to a terminal, and the browser's output to its terminal,
# are checked byte by byte: none of those may reach the terminal raw.
# Prints cmocka-style totals so tests/run.sh can add them up.
BIN=${BIN:-$(pwd)/bouncelens}
W=$(mktemp -d /tmp/bnc-hostile-XXXXXX)
SOCK="$W/tmux.sock"
. "$(dirname "$0")/check.sh"
cleanup() { tmux -S "$SOCK" kill-server 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT

ESC=$(printf '\033')
# The payload: ESC-led sequences, C1 CSI (U+009B) and a raw 0x9B byte, DEL,
# RLO (U+202E), LRI (U+2066), ZWSP (U+200B), 0xFF.
# Then default-ignorable characters: a tag (U+E0001), a variation selector
# (U+FE0F), a Hangul filler (U+3164), U+206A.
P=$(printf 'A\033]0;owned\007B\033]52;c;b3duZWQ=\007C\033[2J\033[31mD\302\233E\233F\177G\342\200\256H\342\201\246I\342\200\213J\377K\033P+q\033\\L\363\240\200\201M\357\270\217N\343\205\244O\342\201\252P')

mkdir -p "$W/q/cur"
sed -e "s/^Subject: Your weekly digest/Subject: digest $P/" \
    -e "s/^From: Example Newsletter/From: $P/" \
    -e "s/^Diagnostic-Code: smtp; 554 5.7.1 Service unavailable;/Diagnostic-Code: smtp; 554 5.7.1 Service unavailable $P;/" \
    -e "s/^This is the mail system at host mx.example.org./This is the mail system $P./" \
    samples/cur/rfc3464-blocked.eml > "$W/q/cur/hostile.eml"
# a file name with an OSC sequence and a line feed, holding no mail at all
NAME=$(printf 'name\033]0;pwned\007\nline.eml')
printf '\n' > "$W/q/cur/$NAME"

# raw_bytes FILE: how many dangerous characters FILE holds: ESC, DEL, C1
# controls, bidi and zero-width characters, and bytes that are not UTF-8
# (each counts one).  Perl, since a raw 0x9B is dangerous but the same byte
# inside the glyph U+241B is not.
count_bad() {
	perl -e 'local $/; my $t = <STDIN>; my $ok = utf8::decode($t); my $allow_csi = $ARGV[0];
		$t =~ s/\x{1b}\[[0-9;]*m//g if $allow_csi == 1;   # our own highlighting
		$t =~ s/\x{1b}(?=[^\]P_^X])//g if $allow_csi == 2;   # ncurses: all but string sequences
		my @bad = $t =~ /([\x{1b}\x{7f}\x{80}-\x{9f}\x{ad}\x{34f}\x{115f}\x{1160}\x{200b}-\x{200f}\x{202a}-\x{202e}\x{2060}-\x{206f}\x{3164}\x{fe00}-\x{fe0f}\x{feff}\x{ffa0}\x{e0000}-\x{e0fff}])/g;
		print scalar(@bad) + ($ok ? 0 : 1), "\n";' "$2" < "$1"
}
raw_bytes() { count_bad "$1" 0; }
# in_pty FILE CMD...: CMD's output (stdout and stderr) as a terminal gets it
in_pty() {
	out=$1; shift
	script -q -e -c "$*" /dev/null > "$out" 2>&1 < /dev/null
}

"$BIN" dump "$W/q" > "$W/dump.json" 2>/dev/null
if [ "$(raw_bytes "$W/dump.json")" -eq 0 ]; then ok "JSON output holds no raw control or invisible character"
else bad "JSON output holds no raw control or invisible character" "$(raw_bytes "$W/dump.json") lines"; fi
if grep -q 'u001b\]0;owned' "$W/dump.json" && grep -q 'u007f' "$W/dump.json" && grep -q 'u202e' "$W/dump.json" &&
   grep -q 'u2066' "$W/dump.json" && grep -q 'u200b' "$W/dump.json" && grep -q 'udb40\\udc01' "$W/dump.json" &&
   grep -q 'ufe0f' "$W/dump.json" && grep -q 'u3164' "$W/dump.json" && grep -q 'u206a' "$W/dump.json"; then
	ok "JSON output escapes them as \\uXXXX"
else bad "JSON output escapes them as \\uXXXX" "$(head -c 300 "$W/dump.json")"; fi

in_pty "$W/dump.pty" "'$BIN' dump '$W/q'"
# script(1) turns LF into CR LF; ESC and the rest must not be there at all
if [ "$(raw_bytes "$W/dump.pty")" -eq 0 ]; then ok "dump to a terminal writes nothing raw (errors included)"
else bad "dump to a terminal writes nothing raw (errors included)" "$(LC_ALL=C od -c "$W/dump.pty" | head -5)"; fi
if grep -q 'line.eml' "$W/dump.pty"; then ok "the hostile file name is still named in its error line"
else bad "the hostile file name is still named in its error line" "$(cat -v "$W/dump.pty" | head -3)"; fi

in_pty "$W/explain.pty" "'$BIN' explain '$W/q/cur/hostile.eml'"
if [ "$(count_bad "$W/explain.pty" 1)" -eq 0 ]; then ok "explain to a terminal writes nothing raw"
else bad "explain to a terminal writes nothing raw" "$(LC_ALL=C od -c "$W/explain.pty" | head -5)"; fi
if grep -q '␛\]0; owned' "$W/explain.pty" && grep -q '␛\[2J' "$W/explain.pty"; then ok "explain shows the escape sequences as inert glyphs"
else bad "explain shows the escape sequences as inert glyphs" "$(cat -v "$W/explain.pty" | head -5)"; fi

# The browser, with every byte it writes to its terminal recorded.  ncurses
# draws with escape sequences of its own, so here the check is for what only
# the message could have put there: the string sequences (OSC, DCS, APC, PM,
# SOS: ESC ] P _ ^ X), C1 controls, DEL, invisible characters, bytes that
# are not UTF-8.
browser_raw() { count_bad "$1" 2; }
screen() { tmux -S "$SOCK" capture-pane -p -t t; }
keys() { tmux -S "$SOCK" send-keys -t t "$@"; sleep 0.5; }
tmux -S "$SOCK" new-session -d -s t -x 160 -y 45 -c "$W" "sleep 0.5; env NO_COLOR= '$BIN' browse q; sleep 30"
tmux -S "$SOCK" pipe-pane -t t -o "cat > '$W/browser.raw'"
sleep 1.5
keys Enter          # the detail view: subject, diagnostic text, explanation
screen > "$W/detail.txt"
keys q r            # the raw view: headers and body
screen > "$W/rawview.txt"
keys q q
sleep 0.3
if [ -s "$W/browser.raw" ] && [ "$(browser_raw "$W/browser.raw")" -eq 0 ]; then ok "the browser writes nothing raw to its terminal"
else bad "the browser writes nothing raw to its terminal" "$(browser_raw "$W/browser.raw" 2>&1) lines"; fi
if grep -q '␛\]0;owned' "$W/detail.txt"; then ok "the detail view shows the diagnostic's escapes as glyphs"
else bad "the detail view shows the diagnostic's escapes as glyphs" "$(head -20 "$W/detail.txt")"; fi
if grep -q '␛\]52;c;' "$W/rawview.txt"; then ok "the raw view shows the OSC 52 sequence as glyphs"
else bad "the raw view shows the OSC 52 sequence as glyphs" "$(head -20 "$W/rawview.txt")"; fi

# Names that are not UTF-8, argv that is hostile, cells a spreadsheet runs.
mkdir -p "$W/n"
RAWNAME=$(printf 'bad\233[31m\377name.eml')
sed -e 's/^Subject: Your weekly digest/Subject: =HYPERLINK("http:\/\/x.example\/","y")/' \
    samples/cur/rfc3464-blocked.eml > "$W/n/$RAWNAME"
"$BIN" dump "$W/n" > "$W/n.json" 2>/dev/null
if perl -e 'local $/; my $t = <STDIN>; exit(utf8::decode($t) && $t =~ /"origin":"[^"]*bad\x{fffd}\[31m\x{fffd}name\.eml"/ ? 0 : 1)' < "$W/n.json"; then
	ok "a file name that is not UTF-8 is valid UTF-8 in \"origin\""
else bad "a file name that is not UTF-8 is valid UTF-8 in \"origin\"" "$(LC_ALL=C od -c "$W/n.json" | grep -m2 -A1 origin)"; fi
"$BIN" dump --format csv "$W/n" "$W/q" > "$W/out.csv" 2>/dev/null
if [ "$(raw_bytes "$W/out.csv")" -eq 0 ]; then ok "CSV holds no raw control or invisible character"
else bad "CSV holds no raw control or invisible character" "$(raw_bytes "$W/out.csv")"; fi
if grep -q ",\"'=HYPERLINK(\"\"http" "$W/out.csv" && ! grep -q ',=HYPERLINK' "$W/out.csv"; then
	ok "a CSV cell starting with = is written as text ('=...)"
else bad "a CSV cell starting with = is written as text ('=...)" "$(grep -o '.HYPERLINK.\{0,20\}' "$W/out.csv")"; fi
ARG=$(printf -- '-x\033]0;pwned\007\233y')
"$BIN" dump "$ARG" 2> "$W/arg.err" > /dev/null
"$BIN" explain "$ARG" 2>> "$W/arg.err" > /dev/null
"$BIN" "$ARG" 2>> "$W/arg.err" > /dev/null
if [ "$(raw_bytes "$W/arg.err")" -eq 0 ] && [ "$(grep -c "unknown option '-x" "$W/arg.err")" -eq 3 ]; then
	ok "an unknown option is echoed with its escapes made inert"
else bad "an unknown option is echoed with its escapes made inert" "$(cat -v "$W/arg.err" | head -3)"; fi
cp samples/cur/rfc3464-blocked.eml "$W/-dash.eml"
if (cd "$W" && "$BIN" explain -- -dash.eml | grep -q 'recipient'); then ok "explain -- takes a path starting with '-'"
else bad "explain -- takes a path starting with '-'" "$(cd "$W" && "$BIN" explain -- -dash.eml 2>&1 | head -2)"; fi

totals
