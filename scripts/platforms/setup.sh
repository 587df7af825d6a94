#!/usr/bin/env bash
# Install what building and testing other platforms needs, from Debian's packages, PyPI and npm.
#
# Usage: scripts/platforms/setup.sh [cross] [arm64] [windows]   (default: cross arm64)
#   cross    C cross compilers for cgo: gcc-aarch64-linux-gnu, MinGW-w64, zig (PyPI's ziglang, for
#            macOS), and llvm (llvm-nm / llvm-objdump read the libraries' exports)
#   arm64    qemu-user, the arm64 glibc sysroot, and the linux-arm64 Deno and Bun from npm
#   windows  wine64, and the win32-x64 Deno and Bun from npm
# Everything but the apt packages lands in $TS2GO_PLATFORMS (default: .cache/platforms); the
# script prints the environment to use (TS2GO_ZIG=…), also written to $TS2GO_PLATFORMS/env.sh.
# Deno and Bun are the versions package.json pins. Re-running skips what is there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DIR=${TS2GO_PLATFORMS:-$PWD/.cache/platforms}
mkdir -p "$DIR"
parts=("$@")
((${#parts[@]})) || parts=(cross arm64)

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  echo "setup: apt-get install ${missing[*]}" >&2
  if [[ ! -f $DIR/.apt-updated ]]; then apt-get update -qq && touch "$DIR/.apt-updated"; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# npm_binary PACKAGE@VERSION PATH-IN-PACKAGE DEST: the runtime binary an npm package ships.
npm_binary() {
  [[ -x $3 ]] && return 0
  local tmp; tmp=$(mktemp -d)
  echo "setup: npm pack $1" >&2
  (cd "$tmp" && npm pack --silent "$1" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$(dirname "$3")" && mv "$tmp/package/$2" "$3" && chmod +x "$3"
  rm -rf "$tmp"
}

version() { node -p "require('./package.json').devDependencies['$1']"; }

for part in "${parts[@]}"; do
  case $part in
    cross)
      apt_install gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-mingw-w64-x86-64 llvm python3-venv
      if [[ ! -x $DIR/zig-venv/bin/python ]]; then python3 -m venv "$DIR/zig-venv"; fi
      if ! "$DIR/zig-venv/bin/python" -c "import ziglang" 2>/dev/null; then
        echo "setup: pip install ziglang==0.17.1" >&2
        "$DIR/zig-venv/bin/pip" install -q ziglang==0.17.1
      fi
      zig=$("$DIR/zig-venv/bin/python" -c "import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), 'zig'))")
      echo "export TS2GO_ZIG=$zig" >"$DIR/env.sh"
      ;;
    arm64)
      apt_install qemu-user libc6-arm64-cross gcc-aarch64-linux-gnu
      npm_binary "@deno/linux-arm64-glibc@$(version deno)" deno "$DIR/linux-arm64/deno"
      npm_binary "@oven/bun-linux-aarch64@$(version bun)" bin/bun "$DIR/linux-arm64/bun"
      ;;
    windows)
      apt_install wine wine64 gcc-mingw-w64-x86-64
      npm_binary "@deno/win32-x64@$(version deno)" deno.exe "$DIR/win32-x64/deno.exe"
      npm_binary "@oven/bun-windows-x64@$(version bun)" bin/bun.exe "$DIR/win32-x64/bun.exe"
      ;;
    *) echo "setup: unknown part '$part' (cross, arm64, windows)" >&2; exit 2 ;;
  esac
done
[[ -f $DIR/env.sh ]] && cat "$DIR/env.sh"
exit 0
