#!/bin/sh
# Run `bouncelens dump` under valgrind memcheck over every message given
# (default: samples/); print the messages with an error, and a count last.
# The program links tcmalloc: the synonym makes memcheck watch its malloc.
# G_SLICE is set so the program does not re-execute itself (to set it)
# out of memcheck's sight.
bin=${BOUNCELENS:-./bouncelens}
[ $# -eq 0 ] && set -- samples/cur/*
bad=0; n=0
for f in "$@"; do
	n=$((n + 1))
	if ! G_SLICE=always-malloc valgrind -q --error-exitcode=99 --soname-synonyms=somalloc=libtcmalloc_minimal.so* --suppressions=tests/valgrind.supp "$bin" dump --delivered --vacation "$f" >/dev/null 2>/tmp/bnc-vg.$$; then
		if grep -q "==" /tmp/bnc-vg.$$; then bad=$((bad + 1)); echo "== $f"; head -30 /tmp/bnc-vg.$$; fi
	fi
done
rm -f /tmp/bnc-vg.$$
echo "valgrind: $n messages, $bad with memory errors"
[ "$bad" -eq 0 ]
