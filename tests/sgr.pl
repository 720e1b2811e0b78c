#!/usr/bin/perl
# sgr.pl - reads `tmux capture-pane -e -p` output and prints each screen line
# as "R|text" when (nearly) all of its characters are in reverse video, or
# " |text" when not, so that shell tests can see the cursor:
# capture-pane without -e drops attributes, and the selected row looked
# like any other.  The SGR state carries from line to line, as tmux writes
# it.  Text is the line without its escape sequences.
use strict;
use warnings;
binmode STDIN, ':utf8';
binmode STDOUT, ':utf8';
my $rev = 0;
while (my $line = <STDIN>) {
	chomp $line;
	my ($on, $all, $text) = (0, 0, '');
	while (length $line) {
		if ($line =~ s/^\e\[([0-9;:]*)m//) {
			my @p = split /;/, $1, -1;
			@p = (0) unless @p;
			for my $p (@p) {
				$p = 0 if $p eq '';
				$rev = 0 if $p == 0 || $p == 27;
				$rev = 1 if $p == 7;
			}
		} elsif ($line =~ s/^\e[^a-zA-Z]*[a-zA-Z]//) {
			# another sequence: not an attribute
		} else {
			$line =~ s/^(.)//s;
			$text .= $1;
			$all++;
			$on++ if $rev;
		}
	}
	my $flag = $all && $on >= 0.9 * $all ? 'R' : ' ';
	print "$flag|$text\n";
}
