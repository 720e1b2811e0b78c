#!/usr/bin/perl
# hostile-shapes.pl - plausible messages of a chosen size, each shaped to
# make a careless decoder slow, hungry or deep (issue 19).  Generated at
# test time, never committed: `perl tests/hostile-shapes.pl SHAPE BYTES`
# writes one message (an mbox for mbox-*) of about BYTES to standard output;
# `perl tests/hostile-shapes.pl list` names the shapes, one a line, with what
# each aims at.
use strict;
use warnings;

my $DSN_HEAD = <<'EOT';
From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
To: sender@example.com
Subject: Undelivered Mail Returned to Sender
Date: Tue, 02 Jan 2024 10:00:00 +0000
Message-Id: <20240102100000.1@mx.example.org>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

This is the mail system at host mx.example.org.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<gone@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1 user unknown

--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org
Arrival-Date: Tue, 02 Jan 2024 09:59:58 +0000

EOT

my $RCPT = "Final-Recipient: rfc822; gone\@example.net\nAction: failed\nStatus: 5.1.1\n"
         . "Remote-MTA: dns; mx.example.net\n";
my $ORIGINAL = "From: sender\@example.com\nTo: gone\@example.net\nSubject: hello\n"
             . "Message-Id: <1\@example.com>\n\nhello\n";

# repeat STRING until about N bytes
sub fill { my ($s, $n) = @_; return $s x (int($n / length($s)) + 1); }

# A Postfix-style DSN whose Diagnostic-Code is TEXT (one field, maybe folded).
sub dsn_diag {
	my ($text) = @_;
	return $DSN_HEAD . $RCPT . "Diagnostic-Code: smtp; $text\n\n--b\nContent-Type: message/rfc822\n\n$ORIGINAL\n--b--\n";
}

# A DSN with an attached original of media TYPE whose To: holds nested groups.
sub groups_in {
	my ($type, $n) = @_;
	my $g = 'g:' x int($n / 3);
	my $close = ';' x int($n / 3);
	return $DSN_HEAD . $RCPT . "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n\n--b\n"
	     . "Content-Type: $type\n\nFrom: sender\@example.com\nTo: ${g}a\@example.net$close\n"
	     . "Subject: hello\n\nhello\n\n--b--\n";
}

my %shapes = (
	'ses-deep' => ['JSON nested as deep as the bytes allow in an SNS Message (stack)', sub {
		my $n = shift;
		my $d = int(($n - 200) / 2);
		return "From: \"Amazon Web Services\" <no-reply\@sns.amazonaws.com>\nTo: sender\@example.com\n"
		     . "Subject: AWS Notification Message\nDate: Tue, 02 Jan 2024 10:00:00 +0000\n\n"
		     . "{\"Type\" : \"Notification\", \"Message\" : \"{\\\"notificationType\\\":\\\"Bounce\\\",\\\"x\\\":"
		     . ('[' x $d) . (']' x $d) . "}\"}\n";
	}],
	'ses-wrapped' => ['an SES notification folded with "!\n " and full of backslashes (time)', sub {
		my $n = shift;
		my $diag = fill('ab\\/', $n / 2);
		my $json = "{\"Type\" : \"Notification\", \"Message\" : \"{\\\"notificationType\\\":\\\"Bounce\\\","
		         . "\\\"bounce\\\":{\\\"bounceType\\\":\\\"Permanent\\\",\\\"bouncedRecipients\\\":[{\\\"emailAddress\\\":"
		         . "\\\"gone\@example.net\\\",\\\"diagnosticCode\\\":\\\"smtp; 550 5.1.1 $diag\\\"}]},"
		         . "\\\"mail\\\":{\\\"source\\\":\\\"sender\@example.com\\\"}}\",\n"
		         . "  \"Timestamp\" : \"2024-01-02T10:00:00.000Z\"\n}";
		my $wrapped = '';
		# SNS folds its lines at 76 with "!" ending the broken one
		for my $l (split /\n/, $json) {
			$wrapped .= substr($l, $_ * 60, 60) . (($_ + 1) * 60 < length($l) ? "!\n " : "\n") for 0 .. int((length($l) - 1) / 60);
		}
		return "From: \"Amazon Web Services\" <no-reply\@sns.amazonaws.com>\nTo: sender\@example.com\n"
		     . "Subject: AWS Notification Message\nDate: Tue, 02 Jan 2024 10:00:00 +0000\n\n$wrapped\n";
	}],
	'groups-odd-top' => ['a top header with a line that is not a field, then To: of nested groups (stack)', sub {
		my $n = shift;
		my $g = 'g:' x int($n / 3);
		return "From: MAILER-DAEMON\@mx.example.org\nthis line is not a field\nTo: ${g}a\@x.example" . (';' x int($n / 3))
		     . "\nSubject: Undelivered Mail Returned to Sender\n\nhello\n";
	}],
	'groups-many-top' => ['a top header of 1,001 fields and To: of nested groups (stack)', sub {
		my $n = shift;
		my $h = join('', map { "X-Filler-$_: $_\n" } 1 .. 1001);
		my $g = 'g:' x int($n / 3);
		return "From: MAILER-DAEMON\@mx.example.org\n${h}To: ${g}a\@x.example" . (';' x int($n / 3)) . "\n\nhello\n";
	}],
	'groups-global' => ['an attached message/global with To: of nested groups (stack)', sub { groups_in('message/global', shift) }],
	'groups-news' => ['an attached message/news with To: of nested groups (stack)', sub { groups_in('message/news', shift) }],
	'groups-rfc2822' => ['an attached message/rfc2822 with To: of nested groups (stack)', sub { groups_in('message/rfc2822', shift) }],
	'groups-folded' => ['an attached message/rfc822 named on a folded Content-Type (stack)', sub { groups_in("\n message/rfc822", shift) }],
	'groups-digest' => ['a multipart/digest part with no Content-Type, To: of nested groups (stack)', sub {
		my $n = shift;
		my $g = 'g:' x int($n / 3);
		return "From: MAILER-DAEMON\@mx.example.org\nTo: sender\@example.com\nSubject: digest\nMIME-Version: 1.0\n"
		     . "Content-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: a\@example.net\nTo: ${g}a\@x.example"
		     . (';' x int($n / 3)) . "\n\nhello\n--d--\n";
	}],
	'einsundeins-rcpts' => ['a 1&1 notice of many recipient lines and a long paragraph for each (memory)', sub {
		my $n = shift;
		my $rc = join('', map { "u$_\@example.net\n" } 1 .. int($n / 2 / 20));
		return "From: \"Mail Delivery System\" <mailer-daemon\@mx.kundenserver.de>\nTo: sender\@example.com\n"
		     . "Subject: Mail delivery failed: returning message to sender\nDate: Tue, 02 Jan 2024 10:00:00 +0000\n\n"
		     . "This message was created automatically by mail delivery software.\n\n"
		     . "A message that you sent could not be delivered to one or more of\nits recipients. "
		     . "This is a permanent error. The following address(es) failed:\n\n$rc\n"
		     . fill("SMTP error from remote server after RCPT command: host: mx.example.net reason: 550 user unknown\n", $n / 2)
		     . "\n--- The header of the original message is following. ---\n\n$ORIGINAL";
	}],
	'einsundeins-lines' => ['a 1&1 notice whose reason runs over many lines (time)', sub {
		my $n = shift;
		return "From: \"Mail Delivery System\" <mailer-daemon\@mx.kundenserver.de>\nTo: sender\@example.com\n"
		     . "Subject: Mail delivery failed: returning message to sender\nDate: Tue, 02 Jan 2024 10:00:00 +0000\n\n"
		     . "This message was created automatically by mail delivery software.\n\n"
		     . "gone\@example.net\n\nFor the following reason:\n" . fill("x\n", $n)
		     . "\n--- The header of the original message is following. ---\n\n$ORIGINAL";
	}],
	'brackets' => ['a Diagnostic-Code of nothing but "<" (time)', sub { dsn_diag('550 ' . fill('<', shift)) }],
	'brackets-at' => ['a Diagnostic-Code of "<a@" over and over (time)', sub { dsn_diag('550 ' . fill('<a@', shift)) }],
	'reply-dashes' => ['a Diagnostic-Code of "550-5.1.1 " over and over (time)', sub { dsn_diag('550 5.1.1 ' . fill('550-5.1.1 x ', shift)) }],
	'dots' => ['a Diagnostic-Code of dots before an address (time)', sub { dsn_diag('550 ' . fill('.', shift) . 'a@example.net') }],
	'postfix-fold' => ['a Diagnostic-Code folded over many short lines (time)', sub {
		my $n = shift;
		return $DSN_HEAD . $RCPT . "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n" . fill(" x\n", $n)
		     . "\n--b\nContent-Type: message/rfc822\n\n$ORIGINAL\n--b--\n";
	}],
	'postfix-transcript' => ['a Postfix SMTP server notice whose transcript folds over many lines (time)', sub {
		my $n = shift;
		return "From: MAILER-DAEMON\@mx.example.org (Mail Delivery System)\nTo: postmaster\@mx.example.org\n"
		     . "Subject: Postfix SMTP server: errors from client.example.net[192.0.2.9]\n"
		     . "Date: Tue, 02 Jan 2024 10:00:00 +0000\n\nTranscript of session follows.\n\n"
		     . " Out: 220 mx.example.org ESMTP Postfix\n In: RCPT TO:<gone\@example.org>\n"
		     . " Out: 550 5.1.1 <gone\@example.org>: Recipient address rejected: User unknown\n"
		     . fill("   x\n", $n) . "\n";
	}],
	'ezweb-lines' => ['an EZweb notice of many error lines (time)', sub {
		my $n = shift;
		return "From: Postmaster\@ezweb.ne.jp\nTo: sender\@example.com\nSubject: Mail System Error - Returned Mail\n"
		     . "Date: Tue, 02 Jan 2024 10:00:00 +0000\nMessage-Id: <1.2\@ezweb.ne.jp>\n\n"
		     . "The user(s) account is disabled.\n\n<gone\@ezweb.ne.jp>: 550 user unknown\n" . fill("x\n", $n)
		     . "\n--------------------------------------------------\n$ORIGINAL";
	}],
	'mbox-tiny' => ['an mbox of many tiny messages (time)', sub {
		my $n = shift;
		return fill("From x Tue Jan  2 10:00:00 2024\nSubject: s\n\nb\n\n", $n);
	}],
	'parts' => ['a multipart of nothing but empty parts (memory)', sub {
		my $n = shift;
		return "From: MAILER-DAEMON\@mx.example.org\nTo: sender\@example.com\nSubject: parts\nMIME-Version: 1.0\n"
		     . "Content-Type: multipart/mixed; boundary=b\n\n" . fill("--b\n\n", $n) . "--b--\n";
	}],
	'fields' => ['a top header of nothing but fields (memory)', sub {
		my $n = shift;
		return "From: MAILER-DAEMON\@mx.example.org\n" . fill("X: y\n", $n) . "Subject: fields\n\nbody\n";
	}],
	'part-fields' => ['a part whose header is nothing but fields (memory)', sub {
		my $n = shift;
		return "From: MAILER-DAEMON\@mx.example.org\nTo: sender\@example.com\nSubject: parts\nMIME-Version: 1.0\n"
		     . "Content-Type: multipart/mixed; boundary=b\n\n--b\n" . fill("X: y\n", $n) . "\nbody\n--b--\n";
	}],
	'dsn-subject' => ['a DSN of many recipients whose original has a 15 KB Subject (output)', sub {
		my $n = shift;
		my $subject = fill('subject ', 15000);
		my $rc = '';
		my $k = int(($n - 16000) / 70);
		$rc .= "Final-Recipient: rfc822; u$_\@example.net\nAction: failed\nStatus: 5.1.1\n\n" for 1 .. $k;
		return $DSN_HEAD . $rc . "--b\nContent-Type: message/rfc822\n\nFrom: sender\@example.com\n"
		     . "To: u1\@example.net\nSubject: $subject\n\nhello\n\n--b--\n";
	}],
	'encoded-words' => ['a Subject of Shift_JIS words labelled ISO-2022-JP, a To: of words that never end (time)', sub {
		my $n = shift;
		return "From: MAILER-DAEMON\@mx.example.org\nSubject: " . fill('=?iso-2022-jp?B?gXmPZA==?= ', $n / 2)
		     . "\nTo: " . fill('=?iso-2022-jp?q?', $n / 2) . "\n\nhello\n";
	}],
	'charset-triple' => ['a 1&1 notice in TIS-620 whose reason, three bytes of UTF-8 for each, runs on (output)', sub {
		my $n = shift;
		my $thai = join('', map { chr(0xa1 + $_ % 90) } 0 .. 999);
		return "From: \"Mail Delivery System\" <mailer-daemon\@mx.kundenserver.de>\nTo: sender\@example.com\n"
		     . "Subject: Mail delivery failed: returning message to sender\nDate: Tue, 02 Jan 2024 10:00:00 +0000\n"
		     . "MIME-Version: 1.0\nContent-Type: text/plain; charset=tis-620\nContent-Transfer-Encoding: 8bit\n\n"
		     . "This message was created automatically by mail delivery software.\n\n"
		     . "gone\@example.net\n\nFor the following reason:\n" . fill("$thai\n", $n)
		     . "\n--- The header of the original message is following. ---\n\n$ORIGINAL";
	}],
);

my ($shape, $bytes) = @ARGV;
if (!defined $shape || $shape eq 'list') {
	printf "%-20s %s\n", $_, $shapes{$_}[0] for sort keys %shapes;
	exit 0;
}
die "hostile-shapes.pl: no shape '$shape' (list names them)\n" unless $shapes{$shape};
die "hostile-shapes.pl: BYTES must be a number\n" unless defined $bytes && $bytes =~ /^\d+$/;
binmode STDOUT;
print $shapes{$shape}[1]->($bytes);
