#!/bin/sh
# registry.sh - the registries hold together: every decoder file is in the
# decoder registry, every provider table is in the provider registry, and
# every provider the registry chooses has a sample of ours that its table
# decides.  (A registry line naming a decoder or a table that does not exist
# fails to build, which make test does first.)
# Prints cmocka-style totals so tests/run.sh can add them up.
BIN=${BIN:-$(pwd)/bouncelens}
. "$(dirname "$0")/check.sh"

registered=$("$BIN" decoders | awk '{print tolower($1)}' | sort)
for f in engine/decode/formats/*.c; do
	n=$(basename "$f" .c)
	check "decoder file $n.c is in engine/decode/decoders.def" sh -c "printf '%s\n' '$registered' | grep -qx '$n'"
done
check "the decoders are listed once each" [ "$(printf '%s\n' "$registered" | uniq -d | wc -l)" -eq 0 ]

for f in engine/tables/rhost-*.def; do
	n=${f##*/rhost-}; n=${n%.def}
	check "provider table rhost-$n.def has its line in engine/tables/providers.def" \
		grep -q "^PROVIDER($n," engine/tables/providers.def
done
# the providers chosen now (their release no later than the one followed)
followed=$(sed -n 's/^#define BNC_SISIMAI_RHOST \([0-9]*\).*/\1/p' engine/reason/rhost.c)
for n in $(awk -F'[(, ]+' -v f="$followed" '/^PROVIDER\(/ && $4 <= f {print $2}' engine/tables/providers.def); do
	check "provider $n has a sample its table decides (samples/expected.jsonl)" \
		grep -q "\"stage\": \"provider\", \"table\": \"$n\"" samples/expected.jsonl
done
totals
