#!/bin/sh
# Run every test program; print each one's outcome and, last, the totals as
# "N passed, M failed" (cmocka's counts summed).
pass=0; fail=0; bad=""
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$f" -ne 0 ]; then
		bad="$bad $(basename "$t")"
		printf '%s\n' "$out" | grep -E 'FAILED|ERROR|error|Failure' | head -20
	fi
	printf '%-28s %3d passed, %d failed\n' "$(basename "$t")" "$p" "$f"
done
[ -n "$bad" ] && echo "failing:$bad"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
