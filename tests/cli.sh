#!/bin/sh
# cli.sh - the program from the shell: exit statuses, one-line errors that name
# the input, inert file names, and output that does not depend on -j.
# Prints cmocka-style totals so tests/run.sh can add them up.
BIN=${BIN:-$(pwd)/bouncelens}
W=$(mktemp -d /tmp/bnc-cli-XXXXXX)
trap 'rm -rf "$W"' EXIT
. "$(dirname "$0")/check.sh"

mkdir -p "$W/q/cur"
cp samples/cur/rfc3464-userunknown.eml "$W/q/cur/1.eml"
: > "$W/q/cur/2-empty.eml"
printf '\n' > "$W/q/cur/3-$(printf 'evil\033]0;title\007name')"  # undecodable: its name is printed
cp samples/cur/rfc3464-mailboxfull.eml "$W/q/cur/4.eml"
mkfifo "$W/fifo"

"$BIN" dump "$W/q" > "$W/out" 2> "$W/err"; rc=$?
check "a queue with bad messages exits 1" [ "$rc" -eq 1 ]
check "the good messages before and after are still read" [ "$(wc -l < "$W/out")" -eq 2 ]
check "each bad message is one error line naming it" [ "$(grep -c '2-empty.eml' "$W/err")" -eq 1 ]
check "the hostile name is reported" grep -q "evil.*name" "$W/err"
check "no raw escape reaches stderr" [ "$(grep -c "$(printf '\033')" "$W/err")" -eq 0 ]
check "errors are one line each" [ "$(wc -l < "$W/err")" -eq "$(grep -c '^bouncelens: ' "$W/err")" ]

"$BIN" dump "$W/fifo" > /dev/null 2> "$W/err"; rc=$?
check "a FIFO is refused, not read forever" [ "$rc" -eq 1 ] && grep -q 'fifo' "$W/err"
"$BIN" dump /dev/null/nothing > /dev/null 2> "$W/err"; rc=$?
check "a missing path exits 1 with its name" [ "$rc" -eq 1 ] && grep -q '/dev/null/nothing' "$W/err"
"$BIN" dump --no-such-option x > /dev/null 2>&1; rc=$?
check "bad usage exits 2" [ "$rc" -eq 2 ]
"$BIN" dump -j 0 samples > /dev/null 2>&1; rc=$?
check "-j 0 is refused" [ "$rc" -eq 2 ]

"$BIN" dump -j 1 --explain samples > "$W/j1"
"$BIN" dump -j 2 --explain samples > "$W/j2"
"$BIN" dump -j 7 --explain samples > "$W/j7"
check "-j 1, -j 2 and -j 7 print the same bytes" cmp -s "$W/j1" "$W/j2"
check "... whatever the number of threads" cmp -s "$W/j1" "$W/j7"

"$BIN" dump --format suppress samples > "$W/sup"
check "the suppression list is sorted and unique" sh -c "LC_ALL=C sort -u '$W/sup' | cmp -s - '$W/sup'"
check "the suppression list holds only addresses" [ "$(grep -vc '@' "$W/sup")" -eq 0 ]
check "the suppression list leaves a guessed hard bounce out" sh -c "! grep -qx 'milo@example.org' '$W/sup'"
"$BIN" dump --format suppress --include-guessed samples > "$W/supg"
check "... and lists it with --include-guessed" grep -qx 'milo@example.org' "$W/supg"
"$BIN" explain samples/cur/guessed-01.eml > "$W/x"
check "explain calls a guessed verdict a guess and shows the phrase" sh -c "grep -q 'a guess' '$W/x' && grep -q \"phrase 'user unknown'\" '$W/x'"
printf 'From: MAILER-DAEMON@mx.example.net\nTo: s@example.com\nSubject: Returned mail: see transcript for details\nDate: Tue, 3 Apr 101 05:56:00 +0900\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.1.1\n\n--b--\n' > "$W/d.eml"
"$BIN" explain --sisimai "$W/d.eml" > "$W/x"
check "explain --sisimai: a claim whose records were all dropped says who and why" \
	sh -c "grep -q 'no verdict' '$W/x' && grep -q 'decoder    RFC3464' '$W/x' && grep -q 'no date read' '$W/x'"
"$BIN" dump --no-cache samples/cur/rfc3464-plain-postfix-delay.eml > "$W/pp"
"$BIN" dump --no-cache --sisimai samples/cur/rfc3464-plain-postfix-delay.eml > "$W/ps"
check "Postfix's preamble names the reporting host: the remote host is the one the error names" \
	sh -c "grep -q '\"rhost\": *\"mx2.coastguard.example.org\"' '$W/pp' && grep -q '\"lhost\": *\"relay.lighthouse.example.net\"' '$W/pp'"
check "... and --sisimai takes the reporting host, as Sisimai does" \
	sh -c "grep -q '\"rhost\": *\"relay.lighthouse.example.net\"' '$W/ps' && grep -q '\"lhost\": *\"\"' '$W/ps'"
sed 's/^Date: .*/Received: from a.example.org by mx.example.net; Thu, 06 Apr 2023 09:00:00 +0000/' "$W/d.eml" > "$W/r.eml"
"$BIN" explain "$W/r.eml" > "$W/x"
check "explain says when the time came from a Received: header (no Date:)" grep -q "time .*newest Received: header" "$W/x"
"$BIN" dump --format csv samples > "$W/csv"
check "the CSV has a header row and one row per verdict" [ "$(grep -c '' "$W/csv")" -eq $(( $("$BIN" dump samples | wc -l) + 1 )) ]

# A reader that goes away (dump | head) stops the decoding: the empty message
# sorted last would be reported if the whole queue were still read.
mkdir -p "$W/big/cur"
for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	for f in samples/cur/*; do
		ln "$f" "$W/big/cur/a$k-${f##*/}" 2>/dev/null || cp "$f" "$W/big/cur/a$k-${f##*/}"
	done
done
: > "$W/big/cur/zzz-empty.eml"
for j in 1 2; do
	"$BIN" dump -j $j "$W/big" 2> "$W/err" | head -c 1 > /dev/null
	check "dump -j $j stops reading when its reader goes away, and says nothing" [ ! -s "$W/err" ]
done
"$BIN" dump -j 2 "$W/big" > /dev/null 2> "$W/err"
check "... while the whole queue read does reach the last message" grep -q 'zzz-empty' "$W/err"
if [ -w /dev/full ]; then
	"$BIN" dump samples > /dev/full 2> "$W/err"; rc=$?
	check "a full disk: exit 1 and one line saying so" [ "$rc" -eq 1 ] && [ "$(wc -l < "$W/err")" -eq 1 ] &&
		grep -q 'standard output: No space left' "$W/err"
fi

check "--version names the Sisimai release followed" sh -c "'$BIN' --version | grep -q 'Sisimai 5\.8'"
check "reasons give current Sisimai's internal codes" sh -c "'$BIN' reasons | grep -q '^userunknown  *5\.9\.213/-  ' && '$BIN' reasons | grep -q '^mailboxfull  *5\.9\.220/4\.9\.220'"

echo "From x" | "$BIN" dump - > /dev/null 2> "$W/err"; rc=$?
check "standard input that is not mail: exit 1, one line" [ "$rc" -eq 1 ] && [ "$(wc -l < "$W/err")" -eq 1 ]

# What it means and what to do: explain on a sample of each provider gives
# the entry's advice with the provider's source; match gives the codes'
# meanings; dump gains it only with --explain, under "explain".
for f in samples/cur/rhost-*.eml; do
	"$BIN" explain "$f" > "$W/x" 2>&1
	check "explain $(basename "$f") shows the entry's advice and its source" sh -c \
		"grep -q '^    advice     .*' '$W/x' && grep -q '^    entry ' '$W/x' && grep -q '^    in short   ' '$W/x' && grep -q '\\[.*\\]' '$W/x'"
done
"$BIN" explain samples/cur/rhost-mimecast.eml > "$W/x"
check "explain names Mimecast's page for a Mimecast entry" grep -q '\[Mimecast: SMTP error codes\]' "$W/x"
check "explain says plainly whether to retry or suppress" grep -q 'Fix the cause first' "$W/x"
"$BIN" explain samples/cur/rfc3464-userunknown.eml > "$W/x"
check "explain of an unknown user says permanent and suppress" sh -c \
	"grep -q 'Permanent (5.1.1)' '$W/x' && grep -q 'Suppress the address' '$W/x' && grep -q 'status     5.1.1: bad destination mailbox address' '$W/x'"
"$BIN" match '452 4.2.2 The email account that you tried to reach is over quota' > "$W/x"
check "match gives the status and reply codes' meanings" sh -c "grep -q 'status     4.2.2: mailbox full' '$W/x' && grep -q 'reply      452: ' '$W/x'"
"$BIN" match --json '550 5.7.26 This message fails to pass SPF checks' > "$W/x"
check "match --json has the meaning" grep -q '"meaning": {"summary": {' "$W/x"
"$BIN" reasons --advice > "$W/x"
check "reasons --advice gives every reason what to do and a next step" sh -c \
	"[ \$(grep -c '^  next step  ' '$W/x') -eq \$('$BIN' reasons | wc -l) ] && grep -A1 '^userunknown ' '$W/x' | grep -q '^  todo       suppress'"
"$BIN" dump samples > "$W/plain"
check "plain dump has no meaning member" [ "$(grep -c '"meaning"' "$W/plain")" -eq 0 ]
"$BIN" dump --explain samples > "$W/full"
check "dump --explain has one meaning per verdict" [ "$(grep -c '"meaning":{"summary"' "$W/full")" -eq "$(wc -l < "$W/plain")" ]

totals
