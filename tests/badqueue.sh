#!/bin/sh
# badqueue.sh - one queue holding every kind of bad input of issue 7 point 5
# between good messages: `dump` must give exactly one error line for each
# bad input, naming it and the problem, and still read everything else.
# The inputs are made here (perl for the large ones); nothing is kept.
# Prints cmocka-style totals so tests/run.sh can add them up.
BIN=${BIN:-$(pwd)/bouncelens}
W=$(mktemp -d /tmp/bnc-badq-XXXXXX)
trap '[ -n "$KEEP" ] || rm -rf "$W"' EXIT
. "$(dirname "$0")/check.sh"

Q="$W/q/cur"
mkdir -p "$Q"
GOOD=samples/cur/rfc3464-userunknown.eml
DATE='Tue Jan  2 10:00:00 2024'

cp "$GOOD" "$Q/01-good"
: > "$Q/02-empty"
printf '\n' > "$Q/03-newline"
# NUL bytes in a header, the text and the delivery-status fields
perl -pe 's/^(Subject: .{4})/$1\0/; s/^(Reporting-MTA: .{6})/$1\0/' "$GOOD" > "$Q/04-nuls"
head -c 4096 /dev/zero > "$Q/05-only-nuls"
# invalid UTF-8 in every value a person wrote
perl -pe 's/^(Subject|From|Diagnostic-Code):(.*)$/$1:$2 \xff\xc3\x28\xe2\x82 \xed\xa0\x80/' "$GOOD" > "$Q/06-bad-utf8"
# a 1 MB header line
{ perl -e 'print "X-Long: ", "abc " x 262144, "\n"'; cat "$GOOD"; } > "$Q/07-long-header"
# the boundary missing, and every boundary doubled
B=$(sed -n 's/.*boundary="\([^"]*\)".*/\1/p' "$GOOD" | head -n 1)
sed "s|--$B|--nowhere|" "$GOOD" > "$Q/08-no-boundary"
sed "s|^--$B\$|--$B\n--$B|" "$GOOD" > "$Q/09-double-boundary"
# a delivery-status part in base64 that stops mid-quantum
perl -e '
	use MIME::Base64;
	my $dsn = "Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; gone\@example.net\n"
		. "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown, the rest lost\n";
	my $b = encode_base64($dsn, ""); $b = substr($b, 0, length($b) - 18 - (length($b) % 4 ? 0 : 1));
	$b =~ s/(.{76})/$1\n/g;
	print "From: MAILER-DAEMON\@mx.example.org\nTo: sender\@example.com\nSubject: Undelivered Mail\n",
		"Date: Tue, 02 Jan 2024 10:00:00 +0000\nMIME-Version: 1.0\n",
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n",
		"--b\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n$b\n";' > "$Q/10-truncated-base64"
# 100,000 recipients in one delivery-status part
perl -e '
	print "From: MAILER-DAEMON\@mx.example.org\nTo: sender\@example.com\nSubject: Undelivered Mail\n",
		"Date: Tue, 02 Jan 2024 10:00:00 +0000\nMIME-Version: 1.0\n",
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n",
		"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n";
	print "Final-Recipient: rfc822; u$_\@example.net\nAction: failed\nStatus: 5.1.1\n\n" for 1 .. 100000;
	print "--b--\n";' > "$Q/11-100000-recipients"
# a multipart nested 100,000 deep
perl -e '
	my $n = 100000;
	print "From: a\@example.com\nSubject: deep\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n";
	printf "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n", $_, $_ + 1 for 0 .. $n - 1;
	print "--b$n\nContent-Type: text/plain\n\nbottom\n";' > "$Q/12-nested"
# an mbox whose first "From " line is missing
{ cat "$GOOD"; printf '\nFrom sender@example.com %s\n' "$DATE"; cat "$GOOD"; } > "$Q/13-headless-mbox"
cp "$GOOD" "$Q/14-unreadable"; chmod 000 "$Q/14-unreadable"
ln -s 15-loop "$Q/15-loop"
ln -s no-such-file "$Q/16-dangling"
mkfifo "$Q/17-fifo"
ln -s /dev/zero "$Q/18-device"
cp "$GOOD" "$Q/19-name
with$(printf '\033[2J')escapes"
: > "$Q/20-evil$(printf '\033]52;c;aGVsbG8=\007')
name"
# over the size cap: a file one byte over 64 MB, and a 110 MB message inside an mbox (holes: no disk used)
truncate -s $((64 * 1048576 + 1)) "$Q/21-over-cap"   # one byte over the cap
{ printf 'From a@example.com %s\n' "$DATE"; cat "$GOOD"; printf '\nFrom b@example.com %s\nSubject: big\n\n' "$DATE"; } > "$Q/22-mbox"
truncate -s +110M "$Q/22-mbox"
{ printf '\n\nFrom c@example.com %s\n' "$DATE"; cat "$GOOD"; } >> "$Q/22-mbox"
cp "$GOOD" "$Q/99-good"

# a new/ folder nobody may read: said, not passed over in silence
mkdir -m 000 "$W/q/new"

# As root every file is readable: the unreadable one needs another user.
chmod 755 "$W" "$W/q" "$Q"
# a writer waiting for a reader of the FIFO: it still waits when the FIFO
# was refused before it was opened
( exec 3> "$Q/17-fifo"; sleep 1 ) 2>/dev/null &
WRITER=$!
AS=""
[ "$(id -u)" -eq 0 ] && AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
$AS "$BIN" dump -j 2 "$W/q" > "$W/out" 2> "$W/err"; rc=$?
sleep 0.2
if kill -0 "$WRITER" 2>/dev/null; then fifo_waits=1; else fifo_waits=0; fi
kill "$WRITER" 2>/dev/null; wait "$WRITER" 2>/dev/null

check "the queue exits 1: some inputs were bad" [ "$rc" -eq 1 ]
# one line per input, naming it and the problem
said() { [ "$(grep -c "^bouncelens: $Q/$1: $2" "$W/err")" -eq 1 ]; }
check "empty file" said 02-empty "the message is empty"
check "a lone newline" said 03-newline "no header found"
check "NUL bytes only" said 05-only-nuls "no header found"
check "1 MB header line: cut, and said" said 07-long-header "a header field over 64 KB"
check "100,000 recipients: capped, and said" said 11-100000-recipients "a part of [0-9]* bytes: only its first 4 MB read; [0-9]* recipients: only the first 10000 reported"
check "nested 100,000 deep: capped, and said" said 12-nested ".*multiparts nested over 32 deep"
check "mbox without its first From line" said '13-headless-mbox#1' 'an mbox without a "From " line'
check "unreadable file" said 14-unreadable "Permission denied"
check "symlink loop" said 15-loop "Too many levels of symbolic links"
check "dangling symlink" said 16-dangling "No such file or directory"
check "FIFO: refused, not read forever" said 17-fifo "not a regular file"
check "device: refused, not read forever" said 18-device "not a regular file"
check "FIFO: not even opened (its writer still waits)" [ "$fifo_waits" -eq 1 ]
check "an unreadable folder: said" [ "$(grep -c "^bouncelens: $W/q/new: folder not read: Permission denied" "$W/err")" -eq 1 ]
check "a file one byte over 64 MB: refused unread" said 21-over-cap "67108865 bytes, over the 64 MB cap"
check "110 MB message in an mbox: passed over" said '22-mbox#2' "a message over the 64 MB cap, passed over"
check "a hostile name is one inert line" [ "$(grep -c '20-evil.*52;c;aGVsbG8=.*name: the message is empty$' "$W/err")" -eq 1 ]
check "nothing else is said" [ "$(wc -l < "$W/err")" -eq 16 ]
check "every line is one error" [ "$(grep -c '^bouncelens: ' "$W/err")" -eq 16 ]
check "no control character reaches stderr" perl -ne 'exit 1 if /[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]/' "$W/err"

# the rest of the queue is read: every good message, and what can be
# read of the damaged ones
verdicts() { grep -c "\"recipient\":\"$1\"" "$W/out"; }
R=$(sed -n 's/^Final-Recipient: *rfc822; *//p' "$GOOD" | head -n 1)
# 01 04 06 07 08 09 13(2) 19 22(2) 99
check "good and damaged-but-readable messages give their verdicts" [ "$(verdicts "$R")" -eq 12 ]
check "truncated base64: the verdict before the cut" [ "$(verdicts gone@example.net)" -eq 1 ]
check "100,000 recipients: the first 10,000" [ "$(grep -c '"recipient":"u[0-9]*@example.net"' "$W/out")" -eq 10000 ]
check "every line is JSON in valid UTF-8" perl -MJSON::PP -e '
	my $j = JSON::PP->new->utf8; my $n = 0;
	while (<>) { $j->decode($_); $n++ } exit($n == 10013 ? 0 : 1)' "$W/out"

# an mbox on standard input is streamed as a file is: the 110 MB message
# passed over, the messages around it read
"$BIN" dump - < "$Q/22-mbox" > "$W/stdin.out" 2> "$W/stdin.err"
check "an mbox on standard input: read past a message over the cap" [ "$(grep -c "\"recipient\":\"$R\"" "$W/stdin.out")" -eq 2 ]
check "... which is said" grep -q '^bouncelens: -#2: a message over the 64 MB cap, passed over' "$W/stdin.err"

totals
