#!/usr/bin/env bash
# Run test files on linux/arm64 under QEMU user-mode, with the arm64 Deno and Bun from npm and
# libraries cross-built for arm64 beforehand by the native Deno (scripts/platforms/prebuild.ts; the
# tests load them through TS2GO_PREBUILT, which spares gen's TypeScript work under emulation). A
# test that calls buildGo itself builds for arm64 too: it sees GOARCH=arm64.
#
# Usage: scripts/platforms/arm64.sh [deno|bun|all] [FILE...]   (default: all, the files below)
# Needs: scripts/platforms/setup.sh arm64 (run first if the binaries are missing).
#
# binfmt_misc is not mounted in these containers, so qemu-aarch64 is called explicitly; the same
# reason makes a test that spawns process.execPath (an arm64 binary) fail with ENOEXEC: those
# tests are left out by name (SPAWNING below). Deno runs with --no-check: type checking does not
# depend on the architecture and runs in the native suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DIR=${TS2GO_PLATFORMS:-$PWD/.cache/platforms}
[[ -x $DIR/linux-arm64/deno && -x $DIR/linux-arm64/bun ]] || bash scripts/platforms/setup.sh arm64 >/dev/null

runtimes=(deno bun)
case "${1:-}" in deno | bun) runtimes=("$1"); shift ;; all) shift ;; esac
files=("$@")
((${#files[@]})) || files=(login types streams host_calls workers strings property calls go_faults hostile_input platform prebuilt)
for i in "${!files[@]}"; do [[ ${files[$i]} == */* ]] || files[$i]=./tests/${files[$i]}_test.ts; done

# Tests that spawn process.execPath (an arm64 binary: ENOEXEC without binfmt_misc), and the one that
# loads the x86-64 libc to see a non-ts2go library refused (here it is refused as a foreign ELF).
# They run, and their failure is expected; any other failure fails the run.
EXPECTED='loading errors say what is wrong|exits when idle|the process can still exit|never makes Go read outside|a getter whose string grows inside a list|detaching a buffer while an async call'
export GOARCH=arm64 QEMU_LD_PREFIX=/usr/aarch64-linux-gnu DENO_DIR=$DIR/linux-arm64/deno-dir
export TS2GO_WORKER_CALLS=${TS2GO_WORKER_CALLS:-20000} TS2GO_PROPERTY_RUNS=${TS2GO_PROPERTY_RUNS:-1000}
qemu=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
status=0
for rt in "${runtimes[@]}"; do
  echo "=== arm64 $rt: ${files[*]}" >&2
  log=$(mktemp)
  if [[ $rt == deno ]]; then
    "${qemu[@]}" "$DIR/linux-arm64/deno" test -A --no-check "${files[@]}" 2>&1 | tee "$log" || true
    failed=$(sed -E "s/\x1b\[[0-9;]*m//g" "$log" | grep -E '^[^ ].* \.\.\. FAILED' | sed -E 's/ \.\.\. FAILED.*//' | sort -u || true)
    summary=$(sed -E "s/\x1b\[[0-9;]*m//g" "$log" | grep -E '^(ok|FAILED) \| ' | tail -n 1 || true)
  else
    "${qemu[@]}" "$DIR/linux-arm64/bun" test --timeout 300000 "${files[@]}" 2>&1 | tee "$log" || true
    failed=$(grep -E '^\(fail\) ' "$log" | sed -E 's/^\(fail\) //; s/ \[[0-9.]+m?s\]$//' | sort -u || true)
    summary=$(grep -E '^ *[0-9]+ (pass|fail)$' "$log" | tr -s ' \n' ' ' || true)
  fi
  rm -f "$log"
  unexpected=$(grep -vE "$EXPECTED" <<<"$failed" || true)
  echo "=== arm64 $rt: ${summary:-no summary (crashed?)}" >&2
  [[ -n $failed ]] && echo "=== arm64 $rt: failed as expected under QEMU (spawn an arm64 child): $(grep -cE "$EXPECTED" <<<"$failed")" >&2
  if [[ -z $summary || -n $unexpected ]]; then
    status=1
    [[ -n $unexpected ]] && printf '=== arm64 %s: UNEXPECTED failure: %s\n' "$rt" $'\n'"$unexpected" >&2
  fi
done
exit $status
