#!/bin/sh
# recursion.sh - no function of the engine recurses, directly or through
# others, but those named in ALLOWED, whose depth a cap bounds (issue 19:
# stack depth independent of the input).  Every engine file is compiled with
# GCC's -fcallgraph-info; the call edges are searched for cycles (Tarjan's
# strongly connected components).  Calls through a pointer (a decoder's
# inquire, a walk's callbacks) are not edges GCC can see: none of those
# reaches back into its caller.
# Prints cmocka-style totals so tests/run.sh can add them up.
CC=${CC:-gcc}
W=$(mktemp -d /tmp/bnc-recursion-XXXXXX)
trap 'rm -rf "$W"' EXIT
. "$(dirname "$0")/check.sh"

# mime_flatten walks the MIME tree, cut at MIME_MAX_DEPTH (32); read_part
# (split.c) reads nested multiparts, left to GMime past SPLIT_MAX_DEPTH (8)
ALLOWED="mime_flatten read_part"

INC="$(find engine -type d | sed 's/^/-I/' | tr '\n' ' ') -Ibuild"
FLAGS="-std=c11 -D_GNU_SOURCE -O0 $(pkg-config --cflags gmime-3.0 json-glib-1.0)"
n=0; failed=""
for f in $(find engine -name '*.c' | sort); do
	o="$W/$(echo "$f" | tr '/' '_').o"
	# shellcheck disable=SC2086
	if ! $CC $FLAGS $INC -fcallgraph-info -c "$f" -o "$o" -dumpdir "$W/" 2> "$W/cc.err"; then
		failed="$failed $f"
	fi
	n=$((n + 1))
done
check "every engine file compiled for its call graph ($n files)" [ -z "$failed" ]

cat "$W"/*.ci > "$W/all" 2>/dev/null
perl -e '
	my %allowed = map { $_ => 1 } split / /, $ARGV[0];
	my (%adj, %nodes);
	while (<STDIN>) {
		next unless /^edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"/;
		push @{$adj{$1}}, $2;
		$nodes{$1} = $nodes{$2} = 1;
	}
	# Tarjan, iteratively: the graph is the engine, its depth unknown
	my ($index, %idx, %low, %on, @stack, @cycles) = (0);
	for my $root (sort keys %nodes) {
		next if defined $idx{$root};
		my @work = ([$root, 0]);
		$idx{$root} = $low{$root} = $index++; push @stack, $root; $on{$root} = 1;
		while (@work) {
			my ($v, $i) = @{$work[-1]};
			my $succ = $adj{$v} || [];
			if ($i < @$succ) {
				$work[-1][1]++;
				my $w = $succ->[$i];
				if (!defined $idx{$w}) {
					$idx{$w} = $low{$w} = $index++; push @stack, $w; $on{$w} = 1;
					push @work, [$w, 0];
				} elsif ($on{$w}) {
					$low{$v} = $idx{$w} if $idx{$w} < $low{$v};
				}
				next;
			}
			pop @work;
			if (@work) { my $u = $work[-1][0]; $low{$u} = $low{$v} if $low{$v} < $low{$u}; }
			if ($low{$v} == $idx{$v}) {
				my @scc;
				while (1) { my $w = pop @stack; $on{$w} = 0; push @scc, $w; last if $w eq $v; }
				my $self = grep { $_ eq $v } @{$adj{$v} || []};
				push @cycles, [@scc] if @scc > 1 || $self;
			}
		}
	}
	my $bad = 0;
	for my $c (@cycles) {
		my $name = join(" -> ", map { s/^.*://r } sort @$c);
		next if @$c == 1 && $allowed{$c->[0] =~ s/^.*://r};
		print "recursion: $name\n"; $bad++;
	}
	printf "%d functions, %d calls seen\n", scalar(keys %nodes), scalar(map { @$_ } values %adj);
	exit($bad ? 1 : 0);
' "$ALLOWED" < "$W/all" > "$W/report"; rc=$?
cat "$W/report" | tail -n 1
if [ "$rc" -eq 0 ] && [ -s "$W/all" ]; then ok "no recursion in the engine but $ALLOWED (capped)"
else bad "no recursion in the engine but $ALLOWED (capped)" "$(grep '^recursion' "$W/report" | head -5)"; fi
# the search itself can see a recursion: mime_flatten's, which is there
if grep -q 'sourcename: "mime_flatten" targetname: "mime_flatten"' "$W/all"; then ok "the call graph shows mime_flatten calling itself"
else bad "the call graph shows mime_flatten calling itself" "no such edge: the search sees nothing"; fi
totals
