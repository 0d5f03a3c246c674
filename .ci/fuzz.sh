#!/usr/bin/env bash
# Runs every fuzz target in the module for the given time each (e.g. 5s, 60s).
set -euo pipefail
t=${1:-5s}
cd "$(dirname "$0")/.."
for f in $(grep -rl --include='*_test.go' '^func Fuzz' . | sort); do
  pkg=./$(dirname "${f#./}")
  for name in $(grep -oE '^func (Fuzz[A-Za-z0-9_]+)' "$f" | awk '{print $2}'); do
    echo "fuzz $pkg $name ($t)"
    go test -run '^$' -fuzz "^${name}\$" -fuzztime "$t" "$pkg"
  done
done
