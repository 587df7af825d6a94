#!/usr/bin/env bash
# StrykerJS's command for one area (scripts/mutate.ts): exit 0 when the mutant survived its tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec ./node_modules/.bin/deno run -A --no-check scripts/mutate/run_tests.ts "$1"
