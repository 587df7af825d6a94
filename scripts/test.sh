#!/usr/bin/env bash
# Run the whole test suite (tests/**/*_test.ts) on Deno and on Bun, and print the totals.
#
# Usage: scripts/test.sh [deno|bun|all] [FILTER...] [-RUNNER-FLAG...]
#   FILTER      an existing file or directory (its *_test.ts files), or a substring of a test file's path
#   -FLAG       passed verbatim to the runner(s); give values as --flag=value, e.g. `scripts/test.sh deno --filter=cache`
# Env: TS2GO_NO_CHECK=1   run deno test with --no-check (default: type-check the test graph)
#      TS2GO_NO_INSTALL=1 do not check or install node_modules
#      TS2GO_BUN_TIMEOUT  per-test timeout for bun in ms (default 120000; bun's own default is 5000)
#
# The last line of output is always `N passed, N failed` (summed over the runtimes that ran).
# Exit status is non-zero if anything failed, or if a runner crashed / printed no summary. Each test
# file must run at least one test on each runtime, and (without runner flags, which may filter) the
# same number on both: a file that loads no test, or a runtime that skips some, counts as a failure
# and is named.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# 1. Dependencies (deno, bun, ts-morph, ...) from the project's own package.json / lockfile.
#    TS2GO_NO_INSTALL=1 skips this: mutation runs test a copy whose node_modules is a link to the
#    real one, where a fresh copy's lockfile looks newer and `npm ci` would empty the real one.
if [[ ${TS2GO_NO_INSTALL:-} == 1 ]]; then
  :
elif [[ ! -f package-lock.json ]]; then
  echo "test.sh: no package-lock.json; running npm install to create it" >&2
  npm install --no-audit --no-fund
elif [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "test.sh: node_modules missing or stale; running npm ci" >&2
  npm ci --no-audit --no-fund
fi
DENO=./node_modules/.bin/deno
BUN=./node_modules/.bin/bun

# 2. Arguments.
runtimes=(deno bun)
case "${1:-}" in
  deno | bun) runtimes=("$1"); shift ;;
  all) shift ;;
esac
filters=() flags=()
for a in ${1+"$@"}; do
  if [[ $a == -* ]]; then flags+=("$a"); else filters+=("$a"); fi
done

# 3. The exact same file list for both runners (explicit paths: deno and bun differ in default globs).
files=()
while IFS= read -r f; do
  keep=$((${#filters[@]} == 0))
  for flt in ${filters[@]+"${filters[@]}"}; do
    p=${flt#./} && p=${p%/}
    if [[ $f == "$p" || $f == "$p"/* || (! -e $flt && $f == *"$flt"*) ]]; then keep=1 && break; fi
  done
  if ((keep)); then files+=("./$f"); fi
done < <(find tests -type f -name '*_test.ts' -not -path '*/node_modules/*' | LC_ALL=C sort)
if ((${#files[@]} == 0)); then
  echo "test.sh: no test files match: ${filters[*]:-tests/**/*_test.ts}" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

total_pass=0 total_fail=0
declare -A ran_deno=() ran_bun=()
strip() { sed -E "s/"$'\x1b'"\\[[0-9;]*[A-Za-z]//g"; }

# Prints `FILE COUNT` for each test file in a runner's output: the tests it ran there.
#   deno:  `running 5 tests from ./tests/x_test.ts`
#   bun:   a line `tests/x_test.ts:`, then one `(pass)`/`(fail)`/`(skip)`/`(todo)` line per test; the
#          summaries (`N tests skipped:`, `N tests failed:`, ` N pass`) repeat tests, so counting stops there
per_file_counts() {
  if [[ $1 == deno ]]; then
    sed -nE 's|^running ([0-9]+) tests? from \.?/?(.*)$|\2 \1|p'
  else
    awk '/^ ?[0-9]+ pass$/ || /^[0-9]+ tests? (failed|skipped|todo):$/ { exit }
         /^\.?\/?tests\/.*_test\.ts:$/ { file = $0; sub(/^\.?\//, "", file); sub(/:$/, "", file); n[file] += 0; order[++k] = file; next }
         /^\((pass|fail|skip|todo)\) / && file != "" { n[file]++ }
         END { for (i = 1; i <= k; i++) if (!seen[order[i]]++) print order[i], n[order[i]] }'
  fi
}

# Runs one runner, tees its output, and adds its counts to the totals.
#   deno summary:  `ok | 6 passed | 0 failed (8s)`  /  `FAILED | 3 passed (1 step) | 2 failed (1 step) | 1 ignored (210ms)`
#   bun summary:   lines ` 6 pass` and ` 0 fail` (plus ` 1 skip`, ` 2 errors`, `Ran 8 tests across 4 files.`)
run_runner() {
  local name=$1; shift
  local log rc=0 pass="" fail="" line
  log=$(mktemp)
  echo "=== $name: $*" >&2
  "$@" 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
  local plain; plain=$(strip <"$log"); rm -f "$log"
  if [[ $name == deno ]]; then
    line=$(grep -E '^(ok|FAILED) \| [0-9]+ passed' <<<"$plain" | tail -n 1 || true)
    if [[ -n $line ]]; then
      pass=$(grep -oE '[0-9]+ passed' <<<"$line" | head -n 1 | grep -oE '[0-9]+')
      fail=$(grep -oE '[0-9]+ failed' <<<"$line" | head -n 1 | grep -oE '[0-9]+')
    fi
  else
    pass=$(grep -E '^ ?[0-9]+ pass$' <<<"$plain" | tail -n 1 | grep -oE '[0-9]+' || true)
    fail=$(grep -E '^ ?[0-9]+ fail$' <<<"$plain" | tail -n 1 | grep -oE '[0-9]+' || true)
  fi
  if [[ -z $pass || -z $fail ]]; then
    # No summary: the runner crashed (e.g. a segfault in FFI) or refused to start (e.g. a type error).
    if [[ $name == deno ]]; then
      pass=$(grep -cE '^[^ ].* \.\.\. ok( |$)' <<<"$plain" || true)
      fail=$(grep -cE '^[^ ].* \.\.\. FAILED( |$)' <<<"$plain" || true)
    else
      pass=$(grep -cE '^\(pass\) ' <<<"$plain" || true)
      fail=$(grep -cE '^\(fail\) ' <<<"$plain" || true)
    fi
    fail=$((fail + 1))
    echo "test.sh: $name printed no test summary (exit $rc); counting it as a failure" >&2
  elif ((rc != 0 && fail == 0)); then
    fail=1
    echo "test.sh: $name exited $rc with 0 failed tests; counting it as a failure" >&2
  fi
  local file count
  while read -r file count; do
    if [[ $name == deno ]]; then ran_deno[$file]=$count; else ran_bun[$file]=$count; fi
  done < <(per_file_counts "$name" <<<"$plain")
  fail=$((fail + $(check_files "$name")))
  echo "=== $name: $pass passed, $fail failed" >&2
  total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail))
}

# Prints how many requested files the runner `$1` ran no test from (naming each on stderr).
check_files() {
  local name=$1 f count missing=0
  for f in "${files[@]}"; do
    f=${f#./}
    if [[ $name == deno ]]; then count=${ran_deno[$f]:-0}; else count=${ran_bun[$f]:-0}; fi
    if ((count == 0)); then
      echo "test.sh: $name ran no test from $f (it registered none, or failed to load)" >&2
      missing=$((missing + 1))
    fi
  done
  echo "$missing"
}

for rt in "${runtimes[@]}"; do
  if [[ $rt == deno ]]; then
    deno_args=(test -A --v8-flags=--expose-gc) # tests/calls_test.ts collects garbage
    if [[ ${TS2GO_NO_CHECK:-} == 1 ]]; then deno_args+=(--no-check); fi
    run_runner deno "$DENO" "${deno_args[@]}" ${flags[@]+"${flags[@]}"} "${files[@]}"
  else
    run_runner bun "$BUN" test --timeout "${TS2GO_BUN_TIMEOUT:-120000}" ${flags[@]+"${flags[@]}"} "${files[@]}"
  fi
done

# Both runtimes run the same files: each must have run as many tests on one as on the other (unless
# runner flags were given, which may filter differently: deno's --filter is not bun's -t).
if ((${#runtimes[@]} == 2 && ${#flags[@]} == 0)); then
  for f in "${files[@]}"; do
    f=${f#./}
    if [[ ${ran_deno[$f]:-0} != "${ran_bun[$f]:-0}" ]]; then
      echo "test.sh: $f ran ${ran_deno[$f]:-0} tests on deno but ${ran_bun[$f]:-0} on bun" >&2
      total_fail=$((total_fail + 1))
    fi
  done
fi

echo "$total_pass passed, $total_fail failed"
((total_fail == 0))
