#!/usr/bin/env bash
# Measures the real `opsdeck kpi --json` on the million-order demo directory: wall clock and
# peak resident memory of the whole process, over several runs (median reported).
# Usage: Benchmarks/kpi-wall.sh [runs]     (from the repository root)
set -euo pipefail
runs=${1:-7}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift build -c release --product opsdeck >/dev/null
bin=$(swift build -c release --show-bin-path)/opsdeck
data=.build-bench/million
if [ ! -f "$data/.opsdeck-demo" ]; then
  "$bin" demo "$data" --seed 1 --days 75 --orders-per-day 13500 --at "2026-11-20 15:30"
fi
echo "data: $data ($(du -sh "$data/orders.csv" | cut -f1) orders.csv, $(($(wc -l < "$data/orders.csv") - 1)) orders)"
"$bin" kpi --json --data "$data" --at "2026-11-20 15:30" >/dev/null   # warm the page cache
walls=(); peaks=()
for _ in $(seq "$runs"); do
  out=$( { /usr/bin/time -f "%e %M" "$bin" kpi --json --data "$data" --at "2026-11-20 15:30" >/dev/null; } 2>&1 )
  walls+=("${out% *}"); peaks+=("${out#* }")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "opsdeck kpi --json: wall $(median "${walls[@]}") s (runs: ${walls[*]}), peak RSS $(( $(median "${peaks[@]}") / 1024 )) MB"
