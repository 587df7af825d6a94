#!/usr/bin/env bash
# Run test files on windows/amd64 under Wine, with the win32-x64 Deno and Bun from npm and DLLs
# cross-built with MinGW on this machine (Go cannot run under Wine here: the tests load the DLLs
# through TS2GO_PREBUILT, see scripts/projects.ts).
#
# Usage: scripts/platforms/windows.sh [deno|bun|all] [FILE...]   (default: all, the files below)
#
# Debian 12's Wine 8 needs two harness-only fixes, both unnecessary from Wine 10:
#  1. bcryptprimitives.dll is missing (both runtimes import ProcessPrng from it): a one-function
#     stand-in, wine/processprng.c, is built with MinGW into the prefix's system32.
#  2. Deno's V8 reserves memory with MEM_RESERVE_PLACEHOLDER, which Wine 8 refuses ("Fatal process
#     out of memory: SegmentedTable::InitializeTable"); V8 uses it only when both VirtualAlloc2 and
#     MapViewOfFile3 resolve, so a copy of deno.exe whose MapViewOfFile3 import name is renamed
#     falls back to plain reservations.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DIR=${TS2GO_PLATFORMS:-$PWD/.cache/platforms}
W=$DIR/win32-x64
[[ -f $W/deno.exe && -f $W/bun.exe ]] || bash scripts/platforms/setup.sh windows >/dev/null

runtimes=(deno bun)
case "${1:-}" in deno | bun) runtimes=("$1"); shift ;; all) shift ;; esac
files=("$@")
((${#files[@]})) || files=(login types streams host_calls workers strings property calls go_faults hostile_input signals_exit platform)
for i in "${!files[@]}"; do [[ ${files[$i]} == */* ]] || files[$i]=./tests/${files[$i]}_test.ts; done

prebuilt=$DIR/prebuilt-windows
TS2GO_PREBUILT='' node_modules/.bin/deno run -A scripts/platforms/prebuild.ts windows/amd64 "$prebuilt" >/dev/null
export WINEPREFIX=$W/prefix WINEDEBUG=-all TS2GO_PREBUILT=$prebuilt DENO_DIR=$W/deno-dir
export TS2GO_WORKER_CALLS=${TS2GO_WORKER_CALLS:-20000} TS2GO_PROPERTY_RUNS=${TS2GO_PROPERTY_RUNS:-1000}
WINE=/usr/lib/wine/wine64
if [[ ! -f $WINEPREFIX/system.reg ]]; then "$WINE" wineboot -i >/dev/null 2>&1; fi
"$WINE" --version >&2
if [[ $("$WINE" --version) == wine-[0-9].* ]]; then # Wine < 10
  x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    scripts/platforms/wine/processprng.c -ladvapi32
  if [[ ! -f $W/deno-wine8.exe ]]; then
    python3 -c 'import sys; b = open(sys.argv[1], "rb").read(); assert b.count(b"MapViewOfFile3\0") == 1
open(sys.argv[2], "wb").write(b.replace(b"MapViewOfFile3\0", b"MapViewOfFileZ\0"))' "$W/deno.exe" "$W/deno-wine8.exe"
  fi
  DENO_EXE=$W/deno-wine8.exe
else
  DENO_EXE=$W/deno.exe
fi

status=0
for rt in "${runtimes[@]}"; do
  echo "=== windows $rt: ${files[*]}" >&2
  if [[ $rt == deno ]]; then
    "$WINE" "$DENO_EXE" test -A --no-check "${files[@]}" || status=1
  else
    # Bun under Wine prints "Internal error: directory mismatch …" lines while resolving packages: noise.
    "$WINE" "$W/bun.exe" test --timeout 300000 "${files[@]}" 2> >(grep -v '^Internal error: directory mismatch' >&2) || status=1
  fi
done
/usr/lib/wine/wineserver -k 2>/dev/null || true
exit $status
