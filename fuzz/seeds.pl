#!/usr/bin/perl
# seeds.pl - seed inputs for the small fuzz targets, cut out of samples/ and
# made of deep structure a fuzzer would take long to grow: perl
# fuzz/seeds.pl TARGET DIR writes files into DIR (address, date, dsnfield,
# sesjson).  Nothing here is committed output: make fuzz-corpus runs it.
use strict;
use warnings;

my ($target, $dir) = @ARGV;
die "usage: seeds.pl address|date|dsnfield|sesjson DIR\n" unless $target && $dir && -d $dir;
my $n = 0;
sub put { my ($text) = @_; open my $f, '>', sprintf("%s/%s-%04d", $dir, $target, $n++) or die; binmode $f; print $f $text; close $f; }
sub samples { my @t; for my $p (glob 'samples/cur/*') { local $/; open my $f, '<', $p or next; push @t, scalar <$f>; } return @t; }
my @samples = samples();

if ($target eq 'address') {
	my %seen;
	for my $t (@samples) {
		for my $l ($t =~ /^(?:From|To|Cc|Reply-To|Final-Recipient|Original-Recipient|X-Failed-Recipients): *(.*)$/mig) {
			put($l) unless $seen{$l}++;
		}
	}
	put(('g:' x 20000) . 'a@example.net' . (';' x 20000));   # groups nested deep
	put(('<' x 20000) . 'a@example.net' . ('>' x 20000));
	put(('(' x 20000) . 'a@example.net');
	put(('.' x 20000) . 'a@example.net');
	put('rfc822; ' . ('"' x 9999) . 'a@example.net');
	put("To: a\@example.net\n" . (" b\@example.net,\n" x 2000) . "From: <>\n");
} elsif ($target eq 'date') {
	my %seen;
	for my $t (@samples) {
		for my $l ($t =~ /^(?:Date|Arrival-Date|Last-Attempt-Date|Sent date): *(.*)$/mig) {
			put($l) unless $seen{$l}++;
		}
	}
	put('Tue, 02 Jan 2024 10:00:00 +0000 ' . ('(' x 10000));
	put(('Tue, ' x 5000) . '02 Jan 2024');
	put('2 Jan 2024 10:00:00 GMT+' . ('9' x 5000));
} elsif ($target eq 'dsnfield') {
	for my $t (@samples) {
		my @f = $t =~ /^((?:Reporting-MTA|Received-From-MTA|Arrival-Date|Final-Recipient|Original-Recipient|Action|Status|Remote-MTA|Diagnostic-Code|Last-Attempt-Date|X-[A-Za-z-]+) *:.*)$/mg;
		put(join("\n", @f) . "\n") if @f;
	}
	put('Diagnostic-Code: smtp; ' . ('(' x 20000) . "\n");
	put('Final-Recipient: ' . ('rfc822;' x 10000) . "a\@b\n");
	put('Status: ' . ('5.' x 10000) . "\n");
} elsif ($target eq 'sesjson') {
	for my $t (@samples) {
		next unless $t =~ /notificationType/;
		my ($body) = $t =~ /\n\n(.*)/s;
		put($body);
	}
	for my $d (100, 1000, 100000) {
		put('{"Type" : "Notification", "Message" : "{\"notificationType\":\"Bounce\",\"x\":' . ('[' x $d) . (']' x $d) . "}\",\n \"Timestamp\" : \"2024-01-02T10:00:00.000Z\"\n}\n");
		put('{"notificationType":"Bounce","bounce":' . ('{"a":' x $d) . '1' . ('}' x $d) . "}\n");
	}
	put('{"Type" : "Notification", "Message" : "' . ("!\n " x 10000) . "\\\\" x 10000 . "\"}\n");
} else {
	die "seeds.pl: no target '$target'\n";
}
