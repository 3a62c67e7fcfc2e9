#!/usr/bin/env python3
"""The diagnosis benchmark's series: long store and advertising series with planted incidents.

Each series behaves like a real one (log-normal, heavy-tailed noise; a weekly cycle and, for
hourly series, a daily one; a slow trend; a mild yearly season; the platform promotions 6.18,
11.11 and 12.12 with the lull before and the tail after; gaps) and carries 0-3 planted
incidents at known times: a spike, a dip, a step (a level that stays) or a drift (a ramp over
days that stays), each 20-60% of the level. truth.json says where they are.

    make_series.py --out DIR [--seed 1] [--daily 40] [--hourly 20]

Daily series cover two years (2025-01-01 on), hourly ones a year. Series with an odd index are
the tuning half, even ones the test half. Standard library only; same seed, same files.
"""
import argparse, datetime as dt, json, math, os, random

PROMOS = {(6, 18): (2.0, 3.0), (11, 11): (3.0, 5.0), (12, 12): (1.5, 2.5)}
HOUR_SHAPE = [0.5, 0.3, 0.15, 0.1, 0.1, 0.15, 0.35, 0.7, 1.1, 1.5, 1.8, 1.9,
              1.7, 1.5, 1.7, 1.8, 1.7, 1.5, 1.4, 1.6, 2.0, 2.2, 1.8, 1.0]


def heavy(rng, sigma):
    """Student-t (5 degrees of freedom) noise with standard deviation sigma: heavy tails."""
    z = rng.gauss(0, 1)
    chi = sum(rng.gauss(0, 1) ** 2 for _ in range(5))
    return sigma * z / math.sqrt(chi / 5) / math.sqrt(5 / 3)


def promo_factor(rng_day, day):
    """A platform promotion's effect on a day: the day itself, the lull before, the tail after."""
    for (m, d), (lo, hi) in PROMOS.items():
        p = dt.date(day.year, m, d)
        delta = (day - p).days
        if delta == 0:
            return rng_day.uniform(lo, hi), True
        if -3 <= delta <= -1:
            return 0.88, False
        if delta == 1:
            return 1.15, False
    return 1.0, False


def near_promo(day, days=12):
    return any(abs((day - dt.date(day.year + k, m, d)).days) <= days for (m, d) in PROMOS for k in (-1, 0, 1))


def plan_incidents(rng, n_steps, step, start, hourly):
    """0-3 incidents, 45+ days apart, never in the first 56 days nor near a promotion."""
    per_day = 24 if hourly else 1
    count = rng.choice([0, 1, 2, 2, 3, 3])
    out, taken = [], []
    tries = 0
    while len(out) < count and tries < 500:
        tries += 1
        kind = rng.choice(["spike", "dip", "step", "drift"])
        size = rng.choice([0.2, 0.3, 0.4, 0.5, 0.6])
        at = rng.randrange(56 * per_day, n_steps - 30 * per_day)
        if hourly:
            at -= at % 24
            at += rng.randrange(7, 20)      # incidents start in the working day
        day = (start + dt.timedelta(hours=at)).date() if hourly else start + dt.timedelta(days=at)
        if near_promo(day) or any(abs(at - t) < 45 * per_day for t in taken):
            continue
        if kind == "spike":
            length, sign = (rng.randrange(3, 9) if hourly else 1), 1
        elif kind == "dip":
            length, sign = (rng.randrange(3, 9) if hourly else rng.choice([1, 2])), -1
        elif kind == "step":
            length, sign = 0, rng.choice([1, -1])
        else:
            length, sign = (rng.randrange(2, 6) * 24 if hourly else rng.randrange(10, 21)), rng.choice([1, -1])
        taken.append(at)
        out.append({"kind": kind, "at": at, "length": length, "size": size, "sign": sign})
    return sorted(out, key=lambda i: i["at"])


def incident_factor(incidents, t):
    """The planted multiplier at step t (steps and drifts stay until the next step-like one)."""
    f = 1.0
    for i in incidents:
        rel = t - i["at"]
        if rel < 0:
            continue
        target = math.log(1 + i["size"]) if i["sign"] > 0 else math.log(1 - i["size"])
        if i["kind"] in ("spike", "dip"):
            if rel < i["length"]:
                f *= math.exp(target)
        elif i["kind"] == "step":
            f *= math.exp(target)
        else:
            f *= math.exp(target * min(1.0, (rel + 1) / i["length"]))
    return f


def make(rng, hourly, index):
    start = dt.datetime(2025, 1, 1) if hourly else dt.date(2025, 1, 1)
    n_days = 365 if hourly else 730
    n = n_days * (24 if hourly else 1)
    level = math.exp(rng.uniform(math.log(20 if hourly else 300), math.log(5000 if hourly else 200000)))
    sigma = rng.uniform(0.06, 0.15) if hourly else rng.uniform(0.03, 0.08)
    weekly = [rng.uniform(0.95, 1.05) for _ in range(5)] + [rng.uniform(0.75, 1.4)] * 2
    shape = [h * rng.uniform(0.85, 1.15) for h in HOUR_SHAPE]
    shape = [h / (sum(shape) / 24) for h in shape]
    season = rng.uniform(0, 0.12)
    counts = rng.random() < 0.5
    incidents = plan_incidents(rng, n, None, start, hourly)
    trend, trend_step = 0.0, 0.0
    gaps = set()
    for _ in range(rng.randrange(0, 4)):
        g = rng.randrange(60 * (24 if hourly else 1), n - 10)
        for k in range(rng.randrange(2, 13) if hourly else rng.randrange(1, 5)):
            gaps.add(g + k)
    rows = []
    promo_cache = {}
    for t in range(n):
        when = start + (dt.timedelta(hours=t) if hourly else dt.timedelta(days=t))
        day = when.date() if hourly else when
        if t % (24 if hourly else 1) == 0:
            trend_step = 0.9 * trend_step + rng.gauss(0, 0.0015)
            trend = max(-0.5, min(0.5, trend + trend_step))
        if day not in promo_cache:
            promo_cache[day] = promo_factor(rng, day)
        promo, _ = promo_cache[day]
        doy = day.timetuple().tm_yday
        mean = level * math.exp(trend + season * math.cos(2 * math.pi * (doy - 30) / 365)) * weekly[day.weekday()] * promo
        if hourly:
            mean *= shape[when.hour] / 1.0
        mean *= incident_factor(incidents, t)
        value = mean * math.exp(heavy(rng, sigma))
        if counts:
            value = max(0.0, round(rng.gauss(value, math.sqrt(value))))
        if t in gaps:
            continue
        stamp = when.strftime("%Y-%m-%d %H:00") if hourly else when.isoformat()
        rows.append((stamp, value if counts else round(value, 2)))
    def stamp_of(t):
        when = start + (dt.timedelta(hours=t) if hourly else dt.timedelta(days=t))
        return when.strftime("%Y-%m-%d %H:00") if hourly else when.isoformat()
    truth = [{"kind": i["kind"], "start": stamp_of(i["at"]),
              "end": stamp_of(i["at"] + max(0, i["length"] - 1)) if i["kind"] != "step" else None,
              "size": round(i["size"] * i["sign"], 2)} for i in incidents]
    return rows, truth, {"sigma": round(sigma, 3), "level": round(level, 1), "counts": counts}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--daily", type=int, default=40)
    ap.add_argument("--hourly", type=int, default=20)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    truth = {}
    for kind, count in (("daily", a.daily), ("hourly", a.hourly)):
        for i in range(count):
            rng = random.Random(f"{a.seed}-{kind}-{i}")
            rows, incidents, params = make(rng, kind == "hourly", i)
            name = f"{kind}-{i:03d}.csv"
            with open(os.path.join(a.out, name), "w") as f:
                f.write("timestamp,value\n")
                for s, v in rows:
                    f.write(f"{s},{v:g}\n" if isinstance(v, float) and v == int(v) else f"{s},{v}\n")
            truth[name] = {"granularity": kind, "split": "tune" if i % 2 else "test", "incidents": incidents, **params}
    with open(os.path.join(a.out, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
