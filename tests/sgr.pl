#!/usr/bin/perl
# sgr.pl - reads `tmux capture-pane -e -p` output and prints each screen line
# as "R|text" when three quarters of its characters or more are in reverse
# video (a search's mark may cover part of the cursor's row), or " |text"
# when not, so that shell tests can see the cursor:
# capture-pane without -e drops attributes, and the selected row looked
# like any other.  The SGR state carries from line to line, as tmux writes
# it.  Text is the line without its escape sequences.  With -m, prints
# instead each run of text on a yellow background (the browser's mark: the
# deciding span, a search's match), one a line.
use strict;
use warnings;
binmode STDIN, ':utf8';
binmode STDOUT, ':utf8';
my $marks = @ARGV && $ARGV[0] eq '-m';
my ($rev, $bg) = (0, 49);
while (my $line = <STDIN>) {
	chomp $line;
	my ($on, $all, $text, $run) = (0, 0, '', '');
	while (length $line) {
		if ($line =~ s/^\e\[([0-9;:]*)m//) {
			my @p = split /;/, $1, -1;
			@p = (0) unless @p;
			for my $p (@p) {
				$p = 0 if $p eq '' || $p !~ /^\d+$/;
				($rev, $bg) = (0, 49) if $p == 0;
				$rev = 0 if $p == 27;
				$rev = 1 if $p == 7;
				$bg = $p if ($p >= 40 && $p <= 49) || ($p >= 100 && $p <= 107);
			}
			if ($bg != 43 && length $run) {
				print "$run\n" if $marks;
				$run = '';
			}
		} elsif ($line =~ s/^\e[^a-zA-Z]*[a-zA-Z]//) {
			# another sequence: not an attribute
		} else {
			$line =~ s/^(.)//s;
			$text .= $1;
			$run .= $1 if $bg == 43;
			$all++;
			$on++ if $rev;
		}
	}
	if ($marks) {
		print "$run\n" if length $run;
		next;
	}
	my $flag = $all && $on >= 0.75 * $all ? 'R' : ' ';
	print "$flag|$text\n";
}
