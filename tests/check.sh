# check.sh - sourced by the shell tests: cmocka-style lines and totals, so
# tests/run.sh can add them up.  A script may define its own bad() after
# sourcing this (tui.sh shows the screen with each failure).
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "[       OK ] $1"; }
bad() { fail=$((fail + 1)); echo "[  FAILED  ] $1: $2"; }
check() { name=$1; shift; if "$@"; then ok "$name"; else bad "$name" "$*"; fi; }
# The totals; the script's exit status is that of this, its last command.
totals() {
	[ "$pass" -gt 0 ] && echo "[  PASSED  ] $pass test(s)."
	[ "$fail" -gt 0 ] && echo "[  FAILED  ] $fail test(s), listed above"
	[ "$fail" -eq 0 ]
}
# The program's verdict cache (docs/cache.md) goes to the test's own folder,
# never the user's: what one test leaves there is gone with it.
if [ -n "$W" ] && [ -z "$BNC_KEEP_CACHE_HOME" ]; then
	XDG_CACHE_HOME="$W/xdg-cache"
	export XDG_CACHE_HOME
fi
