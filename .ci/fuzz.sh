#!/usr/bin/env bash
# Runs every fuzz target in the module for the given time each (e.g. 5s, 60s).
#
# Go 1.26's fuzz coordinator can end a run with a bare "context deadline
# exceeded" right at -fuzztime, with no failing input (golang/go#75804, fixed
# in Go 1.27). A run that fails so and wrote no reproducer under
# testdata/fuzz/<target> is run once more; only a real finding (a new
# reproducer, or any other failure) fails the script.
set -euo pipefail
t=${1:-5s}
cd "$(dirname "$0")/.."

corpus_count() { # files in a target's committed/written corpus
  find "$1/testdata/fuzz/$2" -type f 2>/dev/null | wc -l
}

run_one() { # pkg name → 0 pass, 1 real failure, 2 coordinator deadline flake
  local pkg=$1 name=$2 before out
  before=$(corpus_count "$pkg" "$name")
  if out=$(go test -run '^$' -fuzz "^${name}\$" -fuzztime "$t" "$pkg" 2>&1); then
    printf '%s\n' "$out"
    return 0
  fi
  printf '%s\n' "$out"
  if [ "$(corpus_count "$pkg" "$name")" = "$before" ] &&
    printf '%s\n' "$out" | grep -q '^    context deadline exceeded$'; then
    return 2
  fi
  return 1
}

for f in $(grep -rl --include='*_test.go' '^func Fuzz' . | sort); do
  pkg=./$(dirname "${f#./}")
  for name in $(grep -oE '^func (Fuzz[A-Za-z0-9_]+)' "$f" | awk '{print $2}'); do
    echo "fuzz $pkg $name ($t)"
    rc=0
    run_one "$pkg" "$name" || rc=$?
    if [ "$rc" = 2 ]; then
      echo "fuzz $pkg $name: coordinator deadline race (golang/go#75804), no reproducer written; running again"
      rc=0
      run_one "$pkg" "$name" || rc=$?
      if [ "$rc" = 2 ]; then
        echo "fuzz $pkg $name: the race again, still no reproducer; not a finding"
        rc=0
      fi
    fi
    if [ "$rc" != 0 ]; then
      echo "fuzz $pkg $name: FAILED"
      exit 1
    fi
  done
done
