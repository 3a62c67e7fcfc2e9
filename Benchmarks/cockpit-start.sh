#!/usr/bin/env bash
# Start-up to first full frame, and CPU while idle, of the real cockpit in a real terminal
# (tmux, 120×40) on the default demo (60 days × 400 orders/day). Release build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
swift build -c release --product opsdeck >/dev/null
bin=$(swift build -c release --show-bin-path)/opsdeck
data=.build-bench/default-demo
[ -f "$data/.opsdeck-demo" ] || "$bin" demo "$data" --at "2026-11-20 11:20" >/dev/null
out=$(mktemp)
times=()
for _ in 1 2 3 4 5 6 7; do
  tmux new-session -d -s ob-start -x 120 -y 40 -e LANG=C.UTF-8 \
    "bash -c 'TIMEFORMAT=%R; { time \"$bin\" run --data \"$data\" --at \"2026-11-20 11:20\" --exit-after-first-frame ; } 2> $out'"
  while tmux has-session -t ob-start 2>/dev/null; do sleep 0.05; done
  times+=("$(cat "$out")")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "start to first full frame (process start to exit after the first draw): median ${median}s (runs: ${times[*]})"
tmux new-session -d -s ob-idle -x 120 -y 40 -e LANG=C.UTF-8 "\"$bin\" run --data \"$data\""
sleep 2
pid=$(tmux display -p -t ob-idle '#{pane_pid}')
t0=$(awk '{print $14+$15}' /proc/$pid/stat); sleep 10; t1=$(awk '{print $14+$15}' /proc/$pid/stat)
tmux kill-session -t ob-idle
echo "CPU while idle for 10 s: $(( (t1 - t0) * 10 )) ms"
rm -f "$out"
