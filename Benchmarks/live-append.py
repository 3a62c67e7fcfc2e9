#!/usr/bin/env python3
"""The cockpit on a million orders in a real terminal (tmux, 160x48), release build.

1. Append: 1,000 rows appended to orders.csv in one write; the time from the write to the
   screen saying "reloaded orders.csv" (drawn with the new snapshot).
2. Keys during a reload: right after the append, and after a rewrite of orders.csv (a whole
   read of 119 MB, the slow case), pane keys 2 and 3 are pressed one after another; each
   key's time from send-keys to the screen showing its pane. The screen is read with
   capture-pane (a few ms each), so the figures are upper bounds.

Usage: Benchmarks/live-append.py [runs]      (from the repository root; needs tmux)
"""
import os, shutil, statistics, subprocess, sys, time
from benchlib import Cockpit, release_binary

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
binpath = release_binary()
data = ".build-bench/live"
if not os.path.exists(f"{data}/.opsdeck-demo"):
    subprocess.run([binpath, "demo", data, "--seed", "1", "--days", "75", "--orders-per-day", "13500", "--at", "2026-11-20 15:30"], check=True)
orders = f"{data}/orders.csv"
if not os.path.exists(orders + ".orig"):
    shutil.copyfile(orders, orders + ".orig")
original = os.path.getsize(orders + ".orig")
lines = "".join(f"9{i:016d},2026-11-20 15:2{i % 10}:00,2026-11-20 15:2{i % 10}:30,650000072274,tb_live_{i},1,59.00,,WAIT_SELLER_SEND_GOODS,\n"
                for i in range(1000)).encode()
cockpit = None

def wait(cond, timeout=30.0):
    return cockpit.wait(cond, timeout)

def quiet():
    """No reload running and no status words left from an earlier one."""
    key("2", "Findings for")
    key("1", "Design tasks")
    wait(lambda s: "refreshing" not in s and "reloaded" not in s)

def restore():
    """orders.csv back to the million (a rewrite: read whole), then a quiet status line."""
    quiet()
    with open(orders + ".tmp", "wb") as f, open(orders + ".orig", "rb") as g:
        shutil.copyfileobj(g, f)
    os.replace(orders + ".tmp", orders)
    wait(lambda s: "reloaded orders.csv" in s)
    quiet()

PANES = {"1": "Design tasks", "2": "Findings for", "3": "Open refunds"}

def key(k, shows):
    return cockpit.key(k, shows)

def keys_for(seconds):
    """Pane keys one after another for `seconds`; each key's latency in ms."""
    out, k, end = [], "2", time.monotonic() + seconds
    while time.monotonic() < end:
        out.append(key(k, PANES[k]))
        k = "3" if k == "2" else "2"
    return out

cockpit = Cockpit(binpath, data, "live")
try:
    wait(lambda s: "Space tick" in s, timeout=60)
    restore()
    append_ms, keys_append, keys_rewrite = [], [], []
    for _ in range(runs):
        quiet()
        t0 = time.monotonic()
        with open(orders, "ab") as f:
            f.write(lines)
        append_ms.append((wait(lambda s: "reloaded orders.csv" in s) - t0) * 1000)
        restore()
        # Keys while the appended rows are read.
        with open(orders, "ab") as f:
            f.write(lines)
        keys_append += keys_for(0.5)
        restore()
        # Keys while orders.csv is read whole (a rewrite).
        with open(orders + ".tmp", "wb") as f, open(orders + ".orig", "rb") as g:
            shutil.copyfileobj(g, f)
        os.replace(orders + ".tmp", orders)
        keys_rewrite += keys_for(1.0)
        wait(lambda s: "refreshing" not in s)
    def summary(v):
        v = sorted(v)
        return f"median {statistics.median(v):.0f} ms, max {v[-1]:.0f} ms ({len(v)} samples)"
    print(f"1,000 rows appended to a million orders, write to screen: {summary(append_ms)}; runs: {' '.join(f'{x:.0f}' for x in append_ms)}")
    print(f"key to screen while appended rows are read: {summary(keys_append)}")
    print(f"key to screen while orders.csv (119 MB) is read whole: {summary(keys_rewrite)}")
finally:
    cockpit.close()
    shutil.copyfile(orders + ".orig", orders)
