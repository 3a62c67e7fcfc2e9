#!/usr/bin/env python3
"""The diagnosis benchmark: planted incidents found, how late, and false alarms per 30 days.

    Benchmarks/diagnosis-bench.py [--binary PATH] [--seed 1] [--daily 40] [--hourly 20] [--keep DIR]

Makes the series (Benchmarks/diagnosis/make_series.py), runs `opsdeck diagnose --series FILE
--json` on each and scores its `events` against truth.json. A binary whose JSON has no
`events` (the first detector) is scored on runs of consecutive `flagged` points instead.

- An incident is *found* when an event overlaps it: a spike or dip from its start to its end
  plus a settling time (3 days daily, 12 hours hourly); a step or drift from its start to 14
  days (hourly: 3 days) after it reaches its full size. The delay is from the incident's start
  to the first flagged point inside that window.
- Every other event is a *false alarm* (promotion days included: an alarm on 11.11 is noise to
  an operator). The rate is false-alarm events per 30 judged days per series (the first 28
  days of a series are not judged).
Figures are given for the tuning half (odd series) and the test half (even series).
"""
import argparse, concurrent.futures as cf, datetime as dt, json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import release_binary  # noqa: E402


def parse(stamp):
    return dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M") if " " in stamp else dt.datetime.strptime(stamp, "%Y-%m-%d")


def events_of(doc, hourly):
    if "events" in doc:
        return [(parse(e["start"]), parse(e["end"])) for e in doc["events"]], "events"
    step = dt.timedelta(hours=1) if hourly else dt.timedelta(days=1)
    runs = []
    for f in doc["flagged"]:
        t = parse(f["timestamp"])
        if runs and t - runs[-1][1] <= step * 2:
            runs[-1][1] = t
        else:
            runs.append([t, t])
    return [tuple(r) for r in runs], "runs of flagged points"


def score(name, info, doc):
    hourly = info["granularity"] == "hourly"
    unit = dt.timedelta(hours=1) if hourly else dt.timedelta(days=1)
    settle = dt.timedelta(hours=12) if hourly else dt.timedelta(days=3)
    after = dt.timedelta(days=3) if hourly else dt.timedelta(days=14)
    events, how = events_of(doc, hourly)
    flagged = sorted(parse(f["timestamp"]) for f in doc["flagged"])
    windows, results = [], []
    for inc in info["incidents"]:
        start = parse(inc["start"])
        if inc["kind"] in ("spike", "dip"):
            end = parse(inc["end"]) + settle
        elif inc["kind"] == "step":
            end = start + after
        else:
            end = parse(inc["end"]) + after
        windows.append((start, end))
        hit = any(s <= end and e >= start for s, e in events)
        first = next((t for t in flagged if start <= t <= end), None)
        delay = (first - start) / unit if hit and first else None
        results.append({"kind": inc["kind"], "size": abs(inc["size"]), "found": hit, "delay": delay})
    false = [(s, e) for s, e in events if not any(s <= we and e >= ws for ws, we in windows)]
    span_days = doc.get("points", 0) / (24 if hourly else 1)
    judged_days = max(0.0, span_days - 28)
    return results, false, judged_days, how


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--daily", type=int, default=40)
    ap.add_argument("--hourly", type=int, default=20)
    ap.add_argument("--keep", help="write the series here and keep them")
    ap.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    a = ap.parse_args()
    binary = a.binary or release_binary()
    out = a.keep or tempfile.mkdtemp(prefix="diagnosis-bench-")
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run([sys.executable, os.path.join(here, "diagnosis", "make_series.py"), "--out", out, "--seed", str(a.seed),
                    "--daily", str(a.daily), "--hourly", str(a.hourly)], check=True)
    truth = json.load(open(os.path.join(out, "truth.json")))

    def run(name):
        r = subprocess.run([binary, "diagnose", "--series", os.path.join(out, name), "--json"], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            raise SystemExit(f"{name}: exit {r.returncode}: {r.stderr}")
        return name, json.loads(r.stdout)

    with cf.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        docs = dict(pool.map(run, sorted(truth)))
    rows = {}
    how = None
    for name, info in sorted(truth.items()):
        results, false, days, how = score(name, info, docs[name])
        key = (info["granularity"], info["split"])
        agg = rows.setdefault(key, {"series": 0, "days": 0.0, "false": 0, "inc": [], "quiet": 0, "quiet_false": 0})
        agg["series"] += 1
        agg["days"] += days
        agg["false"] += len(false)
        agg["inc"] += results
        if not info["incidents"]:
            agg["quiet"] += 1
            agg["quiet_false"] += len(false)
        if a.verbose:
            for r, inc in zip(results, info["incidents"]):
                if not r["found"] and abs(inc["size"]) >= 0.3:
                    print(f"  missed {name} {inc} (sigma {info['sigma']})")
            for s, e in false:
                print(f"  false {name} {s} – {e} (sigma {info['sigma']})")
    print(f"scored on {how}; series in {out}")
    print(f"{'series':<14} {'n':>3} {'found≥30%':>10} {'found 20%':>10} {'steps ≤1d':>10} {'median delay':>13} {'false':>6} {'per 30d/series':>15}")
    for key in sorted(rows):
        g = rows[key]
        big = [r for r in g["inc"] if r["size"] >= 0.3]
        small = [r for r in g["inc"] if r["size"] < 0.3]
        steps = [r for r in big if r["kind"] == "step"]
        unit = 24 if key[0] == "hourly" else 1
        in_day = sum(1 for r in steps if r["found"] and r["delay"] is not None and r["delay"] <= unit)
        delays = sorted(r["delay"] for r in big if r["found"] and r["delay"] is not None)
        med = delays[len(delays) // 2] if delays else None
        # days are summed over the series: false alarms per 30 days of one series
        rate = g["false"] / (g["days"] / 30) if g["days"] else 0
        print(f"{key[0] + ' ' + key[1]:<14} {g['series']:>3} {sum(r['found'] for r in big):>4}/{len(big):<5} "
              f"{sum(r['found'] for r in small):>4}/{len(small):<5} {in_day:>4}/{len(steps):<5} "
              f"{(str(med) + (' h' if unit == 24 else ' d')) if med is not None else '—':>13} {g['false']:>6} "
              f"{rate:>15.2f}")
    if not a.keep:
        import shutil
        shutil.rmtree(out)


if __name__ == "__main__":
    main()
