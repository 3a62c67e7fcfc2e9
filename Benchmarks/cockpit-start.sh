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
for _ in 1 2 3 4 5 6 7 8 9; do
  # The launch time is taken just before exec; the cockpit prints the time from it to the
  # end of its first draw (libraries loaded, data read, store opened, frame on the terminal).
  tmux new-session -d -s ob-start -x 120 -y 40 -e LANG=C.UTF-8 \
    "bash -c 'OPSDECK_LAUNCHED_NS=\$(date +%s%N) exec \"$bin\" run --data \"$data\" --at \"2026-11-20 11:20\" --exit-after-first-frame --timings 2> $out'"
  while tmux has-session -t ob-start 2>/dev/null; do sleep 0.05; done
  times+=("$(awk '/from launch/ {print $1}' "$out")")
done
echo "last run's phases:"; cat "$out"
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "launch to first full frame: median ${median} ms (runs: ${times[*]})"
tmux new-session -d -s ob-idle -x 120 -y 40 -e LANG=C.UTF-8 "\"$bin\" run --data \"$data\""
sleep 2
pid=$(tmux display -p -t ob-idle '#{pane_pid}')
t0=$(awk '{print $14+$15}' /proc/$pid/stat); sleep 10; t1=$(awk '{print $14+$15}' /proc/$pid/stat)
tmux kill-session -t ob-idle
echo "CPU while idle for 10 s: $(( (t1 - t0) * 10 )) ms"
rm -f "$out"
