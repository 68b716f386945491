# Sourced by scripts/test (bash): runs one test suite at a time, counts what
# its runner reported (scripts/testcount.py) and stops the whole run at the
# first suite that fails, naming it. No suite's exit status ever passes
# through a pipeline, so none can be lost.
#
#   run_suite NAME KIND LOG -- COMMAND [ARG...]
#   suite_total        the closing line, "tests: N passed, N failed"
#
# KIND is one of testcount.py's kinds. TACT_SUITE_ROOT is the checkout.

suite_passed=0
suite_failed=0
suite_root=${TACT_SUITE_ROOT:-$(pwd)}

suite_step() { printf '\n== %s\n' "$*"; }

suite_total() { printf 'tests: %d passed, %d failed\n' "$suite_passed" "$suite_failed"; }

# Stops the run: what failed, the end of its log, the true totals.
suite_stop() {
	local name=$1 log=$2 why=$3
	if [ -n "$log" ] && [ -f "$log" ]; then
		printf -- '-- last lines of %s\n' "$log"
		tail -n 60 "$log"
	fi
	printf '\nFAILED: %s: %s\n' "$name" "$why"
	suite_total
	exit 1
}

run_suite() {
	local name=$1 kind=$2 log=$3 rc=0 counted passed failed detail
	[ "$4" = "--" ] || { echo "run_suite: usage: NAME KIND LOG -- COMMAND..." >&2; exit 2; }
	shift 4
	suite_step "$name"
	mkdir -p "$(dirname "$log")"
	"$@" >"$log" 2>&1 || rc=$?
	counted=$(python3 "$suite_root/scripts/testcount.py" "$kind" "$log" "$rc") ||
		suite_stop "$name" "$log" "its log could not be counted"
	read -r passed failed detail <<<"$counted"
	suite_passed=$((suite_passed + passed))
	suite_failed=$((suite_failed + failed))
	if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
		suite_stop "$name" "$log" "$failed failed (exit code $rc): $detail"
	fi
	if [ "$detail" = "-" ]; then
		printf '%s: %d passed\n' "$name" "$passed"
	else
		printf '%s: %d passed (%s)\n' "$name" "$passed" "$detail"
	fi
}

# A step that is not a test (installing, building): its failure stops the
# run the same way, with its name and the end of its output.
run_step() {
	local name=$1 log=$2 rc=0
	[ "$3" = "--" ] || { echo "run_step: usage: NAME LOG -- COMMAND..." >&2; exit 2; }
	shift 3
	suite_step "$name"
	mkdir -p "$(dirname "$log")"
	"$@" >"$log" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || suite_stop "$name" "$log" "exit code $rc"
}
