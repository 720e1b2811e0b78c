#!/bin/sh
# tui.sh - the browser driven through a real terminal (tmux): keys in, screen
# text out.  Prints cmocka-style totals so tests/run.sh can add them up.
#
# Works on a copy of samples/ and checks at the end, after the browser (with
# tagging and exporting), dump and explain have read it, that the copy is
# byte for byte, name for name, mode and mtime unchanged.
BIN=${BIN:-$(pwd)/bouncelens}
W=$(mktemp -d /tmp/bnc-tui-XXXXXX)
SOCK="$W/tmux.sock"
. "$(dirname "$0")/check.sh"

cleanup() { tmux -S "$SOCK" kill-server 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT

cp -a samples "$W/queue"
state() { (cd "$W/queue" && find . -print0 | LC_ALL=C sort -z | xargs -0 stat -c '%n %s %a %Y' && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }
state > "$W/before"

bad() { fail=$((fail + 1)); echo "[  FAILED  ] $1: $2"; screen | sed 's/^/    | /' | head -40; }
screen() { tmux -S "$SOCK" capture-pane -p -t t; }
# the screen with "R|" before each line in reverse video, " |" before the rest
screen_attrs() { tmux -S "$SOCK" capture-pane -e -p -t t | perl "$(dirname "$0")/sgr.pl"; }
# the_cursor TEXT: the one line in reverse video holding an address shows TEXT
the_cursor() {
	rows=$(screen_attrs | grep '^R|' | grep -c '@')
	[ "$rows" -eq 1 ] && screen_attrs | grep '^R|' | grep '@' | grep -qF -- "$1"
}
expect_cursor() { sleep 0.2; if the_cursor "$2"; then ok "$1"; else bad "$1" "the reverse-video row is not the one with '$2': $(screen_attrs | grep '^R|' | head -3)"; fi; }
keys() { tmux -S "$SOCK" send-keys -t t "$@"; sleep 0.4; }
# wait_for TEXT: up to 5 s (TRIES tenths) for the screen to show TEXT
wait_for() {
	i=0
	while [ $i -lt "${TRIES:-50}" ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
expect() { if wait_for "$2"; then ok "$1"; else bad "$1" "screen lacks '$2'"; fi; }
expect_not() { sleep 0.3; if screen | grep -qF -- "$2"; then bad "$1" "screen shows '$2'"; else ok "$1"; fi; }

stop_tmux() { tmux -S "$SOCK" kill-server 2>/dev/null; sleep 0.3; }
start() {
	stop_tmux
	tmux -S "$SOCK" new-session -d -s t -x 150 -y 40 -c "$W" "env NO_COLOR= XDG_CONFIG_HOME=$W/config $BIN $*; echo EXITED \$?; sleep 30"
}

nmsg=$(ls "$W/queue/cur" | wc -l)
start queue
expect "list shows every message counted" "$nmsg messages"
expect "list shows a verdict row" "@example."
# colours (the default): the cursor is the one row in reverse video
first=$("$BIN" dump samples | head -1 | sed 's/.*"recipient":"\([^"]*\)".*/\1/')
second=$("$BIN" dump samples | sed -n 2p | sed 's/.*"recipient":"\([^"]*\)".*/\1/')
expect_cursor "in colour the selected row is in reverse video" "$first"
keys j
expect_cursor "... and the reverse video moves with the cursor" "$second"
keys k
keys l 'reason:mesgtoobig' Enter
expect "limit accepts a legacy reason name" "limit: reason:mesgtoobig"
if screen | grep -Eq '^ emailtoolarge [0-9]+ *$'; then ok "only the new name is shown"; else bad "only the new name is shown" "summary line"; fi
keys l C-u 'to:blk@example.net' Enter
expect "limit by recipient" "shown 1 | limit: to:blk@example.net"
keys Enter
expect "detail shows the decision" "Decision"
expect "detail shows the deciding table entry" "Table "
keys G
expect "detail ends with what the verdict means and what to do" "What it means and what to do"
keys q Escape
expect "Esc clears the limit" "limit cleared"
keys l C-u 'hard:yes and not reason:userunknown' Enter
expect "limit with and/not" "limit: hard:yes and not reason:userunknown"
keys l C-u 'nosuch:field' Enter
expect "a bad limit says why" "no field named"
keys Escape T
expect "T tags everything shown" "tagged"
keys s s C-u "$W/out.txt" Enter
expect "export writes the suppression list" "verdicts to $W/out.txt"
if [ -s "$W/out.txt" ] && LC_ALL=C sort -u "$W/out.txt" | cmp -s - "$W/out.txt"; then ok "suppression list is sorted and unique"; else bad "suppression list is sorted and unique" "$(head -3 "$W/out.txt")"; fi
cp "$W/out.txt" "$W/out.keep"
keys s c C-u "$W/out.txt" Enter
expect "export asks before overwriting" "exists; overwrite it?"
keys n
expect "answering no keeps the file" "left as it was"
if cmp -s "$W/out.txt" "$W/out.keep"; then ok "the existing export is unchanged"; else bad "the existing export is unchanged" "file differs"; fi
keys '?'
expect "help is generated from the key table" "tag-all"
keys q b
expect "tables view lists the tables" "patterns"
keys G Enter
expect "a table opens on its entries" "first match wins"
keys q q q
expect "quitting with tags asks first" "verdicts are tagged; quit anyway?"
keys y
expect "the program exits 0" "EXITED 0"

# Three sizes, in colour: every column is there, the bars stay at the bottom,
# the cursor is in reverse video and stays on its verdict across limit,
# sort, reverse and unlimit.  The verdict followed: the first from the
# tenth on with a reply code whose recipient is short and unique.
"$BIN" dump samples > "$W/all.jsonl"
pick=$(jq -s -r 'map(.recipient) as $all | to_entries | map(select(.key >= 9 and .value.replycode != ""
	and (.value.recipient | length) <= 17 and (.value.recipient as $r | $all | map(select(. == $r)) | length) == 1)) |
	.[0] | "\(.key)\t\(.value.recipient)\t\(.value.replycode)\t\(.value.deliverystatus)\t\(.value.reason)\t\(.value.decodedby)\t\(.value.timestamp)"' "$W/all.jsonl")
IFS='	' read -r pk prcpt pcode pstatus preason pdecoder pts <<PICK
$pick
PICK
pdate=$(date -u -d "@$pts" '+%m-%d %H:%M')
for size in 80x24 100x30 200x50; do
	cols=${size%x*} lines=${size#*x}
	stop_tmux
	tmux -S "$SOCK" new-session -d -s t -x "$cols" -y "$lines" -c "$W" "env NO_COLOR= XDG_CONFIG_HOME=$W/config $BIN queue; echo EXITED \$?; sleep 30"
	wait_for "$nmsg messages" || true
	head=$(screen | head -1)
	missing=""
	for title in date recipient rhost code status reason decod; do
		case $head in *"$title"*) ;; *) missing="$missing $title" ;; esac
	done
	if [ -z "$missing" ]; then ok "$size: every column has its title"; else bad "$size: every column has its title" "missing:$missing"; fi
	if screen | sed -n "$((lines - 1))p" | grep -q ' messages, ' && screen | sed -n "${lines}p" | grep -q '^? help'; then
		ok "$size: the status bar and the hints are the last two lines (nothing spills)"
	else
		bad "$size: the status bar and the hints are the last two lines" "bottom lines"
	fi
	expect_cursor "$size: the selected row is in reverse video" "$first"
	i=0; while [ $i -lt "$pk" ]; do tmux -S "$SOCK" send-keys -t t j; i=$((i + 1)); done
	sleep 0.4
	expect_cursor "$size: the cursor moved to the verdict followed" "$prcpt"
	row=$(screen_attrs | grep '^R|' | grep -F -- "$prcpt")
	missing=""
	for cell in "$pdate" "$pcode" "$pstatus" "$preason" "$(printf '%s' "$pdecoder" | cut -c1-5)"; do
		case $row in *"$cell"*) ;; *) missing="$missing '$cell'" ;; esac
	done
	if [ -z "$missing" ]; then ok "$size: its row shows every column's value"; else bad "$size: its row shows every column's value" "missing:$missing in '$row'"; fi
	keys l "reason:$preason" Enter
	expect_cursor "$size: the cursor stays on its verdict after a limit" "$prcpt"
	keys o r
	expect_cursor "$size: ... after a sort" "$prcpt"
	keys O
	expect_cursor "$size: ... after reversing the sort" "$prcpt"
	keys Escape
	expect_cursor "$size: ... and after the limit is cleared" "$prcpt"
	keys Q
done

# Exports: from inside the queue the default is outside it, shown whole;
# "~" is the home folder; the umask is honoured; a link is written
# through; a path in the queue is refused.
mkdir -p "$W/home"
stop_tmux
tmux -S "$SOCK" new-session -d -s t -x 200 -y 40 -c "$W/queue/cur" "umask 027; env HOME=$W/home XDG_CONFIG_HOME=$W/config $BIN ..; echo EXITED \$?; sleep 30"
expect "opened from inside the queue" "$nmsg messages"
keys s j
expect "the format is one key, and the default path is whole and outside the queue" "write to file: $W/home/bouncelens-"
keys Enter
expect "the export says where it went" "verdicts to $W/home/bouncelens-"
n=$(ls "$W/home"/bouncelens-*.jsonl 2>/dev/null | wc -l)
check "... and it is there" [ "$n" -eq 1 ]
keys s c C-u '~/x.csv' Enter
expect "~ is the home folder" "verdicts to $W/home/x.csv"
check "the umask is honoured (027: 0640)" [ "$(stat -c %a "$W/home/x.csv" 2>/dev/null)" = 640 ]
ln -s real.csv "$W/home/link.csv"
keys s c C-u "$W/home/link.csv" Enter
expect "a link is written through to the file it names" "verdicts to $W/home/real.csv"
check "... the link is still a link" [ -L "$W/home/link.csv" ] && [ -s "$W/home/real.csv" ]
keys s j C-u "$W/queue/new/x.jsonl" Enter
expect "a path in the queue is refused" "export refused"
check "... and nothing is written there" [ ! -e "$W/queue/new/x.jsonl" ]
keys s j C-u "$W/queue/../queue/cur/../x.jsonl" Enter
expect "... under any of its names" "export refused"
leftover=$(find "$W/home" "$W/queue" -name '.*.??????' | wc -l)
check "no temporary file is left" [ "$leftover" -eq 0 ]
keys q
expect "the browser exits 0" "EXITED 0"

# Odd input said clearly (issue 17 point 9).
# run_in NAME ENV-AND-ARGS: the browser alone in a fresh 120x30 terminal
run_in() {
	stop_tmux
	tmux -S "$SOCK" new-session -d -s t -x 120 -y 30 -c "$W" "env XDG_CONFIG_HOME=$W/config9 HOME=$W/home $*; echo EXITED \$?; sleep 30"
}
mkdir -p "$W/config9"
run_in "$BIN" "$W/no/such/queue"
expect "a missing path is an error line before the screen opens" "$W/no/such/queue: No such file or directory"
expect "... and the program exits 1" "EXITED 1"
expect_not "... not a row counted as a message" "1 messages"
mkdir -p "$W/empty/cur" "$W/empty/new"
run_in "$BIN" empty
expect "an empty queue says it is empty" "the queue is empty: no messages in empty"
keys q
mkdir -p "$W/mixed/cur"
cp samples/cur/rfc3464-blocked.eml "$W/mixed/cur/1.eml"
printf 'From: a@example.com\nTo: b@example.net\nSubject: hello\nDate: Tue, 02 Jan 2024 10:00:00 +0000\n\nJust a note, not a bounce.\n' > "$W/mixed/cur/2-note.eml"
run_in "$BIN" mixed
expect "a message without a verdict is counted in the bar" "2 messages, 1 verdicts, 1 without verdict"
expect_not "... and is not listed by default" "2-note.eml"
keys l 'kind:none' Enter
expect "kind:none lists the messages that gave no verdict" "2-note.eml"
keys Enter
expect "... and their detail says why" "no decoder claimed it"
keys q Q
# the config: every bad line named with its number; unbind; set
mkdir -p "$W/config9/bouncelens"
printf '# comment\nbind\nunbind q\ncolor nosuch red\nset nosuch = 1\nset columns = reason, recipient, date\nset sort = -date\nset date-format = %%d/%%m/%%Y\nbind x nosuch-action\n' > "$W/config9/bouncelens/config"
run_in "$BIN" queue
expect "bad config lines are counted" "config: 4 lines not read (? lists them)"
expect "... the first named with its line number" "config9/bouncelens/config:2: bind wants"
keys '?' G
expect "the help lists every bad line: 4" "config:4: cannot read the colour line"
expect "... 5" "config:5: no setting named 'nosuch'"
expect "... 9" "config:9: no action named 'nosuch-action'"
keys '?'
head=$(screen | head -1)
case $head in
*reason*recipient*date*) case $head in *rhost*|*decoder*) bad "set columns" "$head" ;; *) ok "set columns chooses and orders the columns" ;; esac ;;
*) bad "set columns" "$head" ;;
esac
expect "set sort chooses the sort at start (- reverses it)" "sort: date (reversed)"
if screen | sed -n 2p | grep -Eq '[0-3][0-9]/[01][0-9]/(19|20)[0-9][0-9]'; then ok "set date-format"; else bad "set date-format" "row 1"; fi
keys q
expect_not "unbind q: q no longer quits" "EXITED"
keys Q
expect "... the other keys still work" "EXITED 0"
rm "$W/config9/bouncelens/config"
# standard input, keys from /dev/tty
for f in rfc3464-blocked rfc3464-mailboxfull rfc3464-userunknown; do
	printf 'From MAILER-DAEMON Tue Jan  2 10:00:00 2024\n'; sed 's/^From />From /' "samples/cur/$f.eml"; echo
done > "$W/three.mbox"
run_in "$BIN - < three.mbox"
expect "standard input is browsed" "3 messages, 3 verdicts"
keys j Enter
expect "... its messages read again for the detail" "Diagnostic text"
keys q r
expect "... and for the raw view" "Message: -#2"
keys q q
expect "... keys came from the terminal" "EXITED 0"
# LANG=C: text escaped, not cut at the first byte it cannot show
mkdir -p "$W/latin/cur"
sed "s/^Diagnostic-Code: .*/Diagnostic-Code: smtp; 552 5.2.2 la boîte est pleine, après trois essais/" samples/cur/rfc3464-mailboxfull.eml > "$W/latin/cur/1.eml"
run_in "LANG=C LC_ALL=C $BIN latin"
expect "under LANG=C the list is shown" "1 messages, 1 verdicts"
keys Enter / trois Enter
expect "... and non-ASCII text is escaped, not cut" "bo<U+00EE>te est pleine, apr<U+00E8>s trois essais"
keys q q
run_in "TERM=dumb $BIN queue"
expect "TERM=dumb is told to use dump" "cannot show the browser; use 'bouncelens dump PATH'"
expect "... and exits 2" "EXITED 2"

# The limit's new fields, history, search (issue 17 point 6).
marks() { tmux -S "$SOCK" capture-pane -e -p -t t | perl "$(dirname "$0")/sgr.pl" -m; }
wheel() {   # wheel up|down: the xterm mouse report of a wheel turn
	if [ "$1" = up ]; then b=60; else b=61; fi
	tmux -S "$SOCK" send-keys -t t -H 1b 5b 4d "$b" 21 21; sleep 0.4
}
count() { jq -s "map(select($1)) | length" "$W/all.jsonl"; }
stop_tmux
tmux -S "$SOCK" new-session -d -s t -x 150 -y 40 -c "$W" "env XDG_CONFIG_HOME=$W/config9 $BIN queue; echo EXITED \$?; sleep 30"
expect "the browser opens" "$nmsg messages"
for case in \
	'domain:example.net|.recipient | test("[@.]example\\.net$"; "i")' \
	'senderdomain:example.com|.addresser | test("[@.]example\\.com$"; "i")' \
	'from:bounce|.addresser | test("bounce"; "i")' \
	'subject:test|.subject | test("test"; "i")' \
	'date:>2024-06-01|.timestamp >= 1717286400' \
	'date:2024-03-06|.timestamp >= 1709683200 and .timestamp < 1709769600' \
	'date:2024-01-01..2024-02-01|.timestamp >= 1704067200 and .timestamp < 1706745600' \
	'status:5.7.*|.deliverystatus | test("^5\\.7\\.")' \
	'status:4|.deliverystatus | test("^4\\.")'; do
	pattern=${case%%|*} filter=${case#*|}
	n=$(count "$filter")
	keys l C-u "$pattern" Enter
	expect "limit $pattern shows the $n verdicts it should" "shown $n | limit: $pattern"
done
keys l C-u 'reason:blocked' Enter
keys l C-u 'reason:expired' Enter
keys l C-u Up Up
expect "Up in the limit prompt brings back earlier limits" "limit: reason:blocked"
keys Enter Escape
last=$(jq -r '.recipient' "$W/all.jsonl" | head -1)
keys j / "$last" Enter
expect "a search that passes the end says it wrapped" "search wrapped to the top"
expect_cursor "... and lands on the match" "$last"
if marks | grep -qF "$last"; then ok "the search marks its match in the row"; else bad "the search marks its match" "$(marks | head -3)"; fi
keys b / patterns Enter
expect_not "typing a search in the tables view runs no command" "export "
if screen_attrs | grep '^R|' | grep -q 'patterns'; then ok "... and it finds the table"; else bad "the tables search finds the table" "$(screen_attrs | grep '^R|')"; fi
before=$(screen_attrs | grep '^R|')
wheel up
if [ "$(screen_attrs | grep '^R|')" != "$before" ]; then ok "the wheel moves the tables view"; else bad "the wheel moves the tables view" "same row"; fi
keys q '?' / tag-all Enter
expect "search works in the pager (help)" "found on line"
if marks | grep -qF "tag-all"; then ok "... and marks its match"; else bad "the pager marks the match" "$(marks | head -3)"; fi
top=$(screen | sed -n 2p)
wheel down
if [ "$(screen | sed -n 2p)" != "$top" ]; then ok "the wheel scrolls the pager"; else bad "the wheel scrolls the pager" "$top"; fi
keys q g
wheel down
expect_cursor "the wheel moves the list's cursor" "$(jq -r .recipient "$W/all.jsonl" | sed -n 4p)"
keys Q

# Grouped views (issue 17 point 4): the frequency view and the timeline,
# each group and bar drilling down into the list.
cursor_line() { screen_attrs | grep '^R|' | head -1 | sed 's/^R|//'; }
stop_tmux
tmux -S "$SOCK" new-session -d -s t -x 150 -y 40 -c "$W" "env XDG_CONFIG_HOME=$W/config9 $BIN queue; echo EXITED \$?; sleep 30"
expect "the browser opens" "$nmsg messages"
top=$(jq -r .reason "$W/all.jsonl" | sort | uniq -c | sort -k1,1nr -k2 | head -1)
topn=$(echo "$top" | awk '{print $1}') topr=$(echo "$top" | awk '{print $2}')
keys F
expect "F groups the verdicts by reason" "Verdicts by reason:"
if cursor_line | grep -Eq "^$topr +$topn "; then ok "... the commonest first, with its count"; else bad "the commonest reason first" "$(cursor_line)"; fi
for field in provider domain senderdomain status code decoder reason; do
	keys Tab
	expect "Tab groups by $field" "Verdicts by $field:"
done
keys o
first=$(jq -r .reason "$W/all.jsonl" | LC_ALL=C sort -u | head -1)
if cursor_line | grep -q "^$first "; then ok "o sorts the groups by value"; else bad "o sorts by value" "$(cursor_line)"; fi
keys o Tab / google Enter
n=$(cursor_line | awk '{print $2}')
keys Enter
expect "Enter drills down into the list with the group's limit" "shown $n | limit: provider:\"=google.com\""
keys l C-u 'hard:yes' Enter F
hn=$(cursor_line | awk '{print $2}') hr=$(cursor_line | awk '{print $1}')
keys Enter
expect "... within the limit already set" "shown $hn | limit: (hard:yes) and reason:$hr"
keys Escape i
expect "i shows the timeline" "Verdicts per day (UTC)"
latest=$(jq -r .timestamp "$W/all.jsonl" | sort -n | tail -1)
day=$(date -u -d "@$latest" +%Y-%m-%d)
if cursor_line | grep -q "^$day"; then ok "... its cursor on the newest day"; else bad "the timeline starts on the newest day" "$(cursor_line)"; fi
keys z
expect "z: per hour" "Verdicts per hour (UTC)"
hour=$(date -u -d "@$latest" '+%Y-%m-%d %H:00')
if cursor_line | grep -q "^$hour"; then ok "... the cursor kept on the same moment"; else bad "zoom keeps the moment" "$(cursor_line)"; fi
bn=$(cursor_line | awk '{print $3}')
keys Enter
expect "Enter on a bar limits the list to its span" "shown $bn | limit: date:$(date -u -d "@$latest" +%Y-%m-%dT%H):00:00.."
# the shown verdicts changing under an open timeline (a limit set in it):
# its bars made again (they were read after being freed)
keys Escape l C-u Enter i l C-u "reason:$topr" Enter
expect "a limit set in the timeline" "limit: reason:$topr"
keys j k
expect_not "... its bars made again from the verdicts now shown" "1970-01-01"
expect_not "... and the browser goes on" "EXITED"
keys Escape l C-u Enter Escape '?'
for view in list detail raw tables help output frequency timeline; do
	if screen | grep -Eq "^  $view +"; then ok "the help names the $view view"; else bad "the help names the $view view" "Views section"; fi
done
keys q Q

# Loading and follow (issue 17 point 8): progress out of a counted total,
# C-c stops at once, R reads again, f shows messages as they arrive.
mkdir -p "$W/big/cur"
k=0
while [ $k -lt 60 ]; do
	for f in samples/cur/*; do ln "$f" "$W/big/cur/a$k-${f##*/}" 2>/dev/null || cp "$f" "$W/big/cur/a$k-${f##*/}"; done
	k=$((k + 1))
done
total=$(ls "$W/big/cur" | wc -l)
stop_tmux
tmux -S "$SOCK" new-session -d -s t -x 170 -y 30 -c "$W" "env XDG_CONFIG_HOME=$W/config9 $BIN browse -j 1 big; echo EXITED \$?; sleep 30"
expect "loading shows its progress out of the files counted" "of $total), "
if screen | grep -Eq 'loading [0-9]+% \('; then ok "... with a percentage"; else bad "loading shows a percentage" "bar"; fi
keys C-c
expect "C-c stops loading at once" "loading stopped"
n=$(screen | sed -n 's/^ *\([0-9]*\) messages, .*/\1/p' | tail -1)
check "... with part of the queue read" [ "${n:-0}" -lt "$total" ]
keys R
TRIES=900   # loading the queue again is slow under ASan
expect "R reads the queue again, all of it" "$total messages"
TRIES=50
keys Q
mkdir -p "$W/fq/cur" "$W/fq/new" "$W/fq/tmp"
cp samples/cur/rfc3464-blocked.eml "$W/fq/cur/1.eml"
stop_tmux
tmux -S "$SOCK" new-session -d -s t -x 150 -y 30 -c "$W" "env XDG_CONFIG_HOME=$W/config9 $BIN fq; echo EXITED \$?; sleep 30"
expect "a maildir to follow" "1 messages, 1 verdicts"
keys f
expect "f follows new/ and cur/" "following 2 folders"
cp samples/cur/rfc3464-userunknown.eml "$W/fq/tmp/2.eml"
mv "$W/fq/tmp/2.eml" "$W/fq/new/2.eml"   # a delivery, as a maildir has it
new=$("$BIN" dump samples/cur/rfc3464-userunknown.eml | jq -r .recipient)
expect "a message delivered to new/ appears" "2 messages, 2 verdicts"
expect "... in the list" "$new"
expect_cursor "... the cursor on it, as tail -f" "$new"
mv "$W/fq/new/2.eml" "$W/fq/cur/2.eml:2,S"   # the mail reader has seen it
sleep 0.5
expect_not "moved to cur/ it is still one message" "3 messages"
keys Enter
expect "... read from where it is now" "Verdict: $new  (fq/cur/2.eml:2,S)"
keys q f
expect "f again stops following" "follow mode off"
keys Q

# monochrome terminals and NO_COLOR: still usable
stop_tmux
tmux -S "$SOCK" new-session -d -s t -x 100 -y 20 -c "$W" "env TERM=vt100 NO_COLOR=1 $BIN queue; echo EXITED \$?; sleep 30"
expect "a monochrome 100x20 terminal works" "$nmsg messages"
tmux -S "$SOCK" resize-window -t t -x 70 -y 15 2>/dev/null
keys C-l
expect "a resize keeps the status bar" "messages"
keys q
expect "q quits when nothing is tagged" "EXITED 0"

# key bindings from the config file
mkdir -p "$W/config/bouncelens"
printf 'bind x tag\nbind F5 redraw\nbogus line\n' > "$W/config/bouncelens/config"
start queue
expect "a bad config line is reported" "unknown setting"
TRIES=200 wait_for "loaded in" > /dev/null   # a key before the first row tags nothing (slow under ASan)
keys x
expect "a bound key works" "tagged 1"
keys Q y

# hostile text: an OSC title sequence and a CSI colour in a Subject must show as
# inert glyphs (U+241B for ESC).  Were they sent raw, tmux would obey them and
# the text "]0;owned" would not be on the screen at all.
sed "1,/^Subject:/s/^Subject:.*/Subject: $(printf '\033]0;owned\007\033[31mred')/" samples/cur/rfc3464-blocked.eml > "$W/hostile.eml"
stop_tmux
tmux -S "$SOCK" new-session -d -s t -x 150 -y 40 -c "$W" "$BIN browse hostile.eml; echo EXITED \$?; sleep 30"
expect "the hostile message is listed" "1 messages, 1 verdicts"
keys r
expect "hostile subject shows as inert glyphs in the raw view" "␛]0;owned␇␛[31mred"
keys q q
# The detail view (issue 17 point 7): next and previous verdict, position,
# the message in $PAGER (made safe), | to a command.
third=$("$BIN" dump samples | sed -n 3p | jq -r .recipient)
printf '#!/bin/sh\ncat > "%s/paged.txt"\n' "$W" > "$W/pager.sh"
chmod +x "$W/pager.sh"
stop_tmux
tmux -S "$SOCK" new-session -d -s t -x 150 -y 40 -c "$W" "env PAGER=$W/pager.sh XDG_CONFIG_HOME=$W/config9 $BIN queue; echo EXITED \$?; sleep 30"
expect "the browser opens" "$nmsg messages"
keys Enter
expect "the detail shows its position" "verdict 1/"
keys J J
expect "J goes to the next verdict without going back" "Verdict: $third"
expect "... and the position follows" "verdict 3/"
keys K
expect "K goes back one" "verdict 2/"
keys J q
expect_cursor "back in the list, the cursor is on the verdict last shown" "$third"
keys Enter P
expect "after \$PAGER the browser is back" "Verdict: $third"
check "\$PAGER got the raw message" grep -q '^Subject:' "$W/paged.txt"
keys '|' m 'grep -c "^Subject:"' Enter
expect "| pipes the message to a command and shows its output" "Output of 'grep -c \"^Subject:\"' (exit 0)"
keys q '|' v 'jq -r .recipient' Enter
expect "... or the verdict as JSON" "Output of 'jq -r .recipient' (exit 0)"
expect "... whose output is shown" "$third"
keys q q Q
expect "the browser exits 0 after piping" "EXITED 0"
# the pager gets the message made safe: the hostile subject as glyphs
stop_tmux
tmux -S "$SOCK" new-session -d -s t -x 150 -y 40 -c "$W" "env PAGER=$W/pager.sh $BIN hostile.eml; echo EXITED \$?; sleep 30"
expect "the hostile message is listed" "1 messages, 1 verdicts"
rm -f "$W/paged.txt"
keys P
sleep 0.5
check "\$PAGER gets no raw escape sequence" sh -c "! grep -q \"$(printf '\033')\" '$W/paged.txt'"
check "... but the subject, its controls as glyphs" grep -qF "␛]0;owned␇" "$W/paged.txt"
keys q

# a 52 MB bounce (a report with a huge text part): the raw view shows its
# first 4 MB, says so, and does not decode it; the browser stays responsive
{
	printf 'From: MAILER-DAEMON@mx.example.org\nTo: someone@example.com\nSubject: Undelivered Mail\n'
	printf 'Date: Tue, 14 Jan 2025 08:12:45 +0100\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n--B\nContent-Type: text/plain\n\n'
	yes 'The quick brown fox jumps over the lazy dog again and again and again.' | head -n 740000
	printf '\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n'
	printf 'Final-Recipient: rfc822; big@example.net\nAction: failed\nStatus: 5.1.1\n\n--B--\n'
} > "$W/big.eml"
stop_tmux
tmux -S "$SOCK" new-session -d -s t -x 120 -y 30 -c "$W" "$BIN big.eml; echo EXITED \$?; sleep 30"
TRIES=200 expect "a 52 MB bounce is listed" "big@example.net"
keys r
TRIES=50 expect "its raw view shows the first 4 MB and says so" "its first 4 MB shown"
keys r
expect "... and does not decode it" "too large to decode here"
keys q Q
expect "the browser exits 0 after the big message" "EXITED 0"
rm -f "$W/big.eml"

# a signal ending the browser gives the terminal back as it was
for sig in QUIT:3 TERM:15; do
	num=${sig#*:} sig=${sig%:*}
	stop_tmux
	tmux -S "$SOCK" new-session -d -s t -x 120 -y 30 -c "$W" "$BIN queue; echo EXITED \$?; stty -a | tr ' ' '\n' | grep -x -e -icanon -e -echo -e icanon -e echo | tr '\n' ' '; echo; sleep 30"
	wait_for "messages" > /dev/null
	pkill -"$sig" -f "^$BIN queue"
	expect "SIG$sig: the browser ends (128 + the signal)" "EXITED $((128 + num))"
	expect "... and the terminal is sane again (icanon echo)" "icanon echo"
done

# the command-line readers over the same queue
"$BIN" dump --explain --delivered --vacation "$W/queue" > /dev/null 2>&1
"$BIN" explain "$W/queue"/cur/* > /dev/null 2>&1
"$BIN" dump --format csv "$W/queue" > /dev/null 2>&1
state > "$W/after"
if cmp -s "$W/before" "$W/after"; then ok "the queue is unchanged (names, sizes, modes, mtimes, contents)"; else bad "the queue is unchanged" "$(diff "$W/before" "$W/after" | head -5)"; fi

totals
