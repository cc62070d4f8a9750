"""The timing loop of bench/run.sh: runs callstat's report and the peers on
each input file, alternating (one run of every contender per round, rounds
repeated), checks every peer's report against callstat's in the same round,
and prints and writes the results.

Each run is measured by GNU time (/usr/bin/time): wall time, user+sys CPU
time and peak RSS. callstat runs once per round: `callstat run` with a
reports file naming the three groupings (queue,interval / agent / total),
so the file is read and validated once, as the peers read it once.

Usage (run.sh passes all of these):
  python bench.py --callstat BIN --python VENV_PYTHON --files F... [--reps 3]
                  [--out bench/out] [--results bench/RESULTS.md] [--allow GROUPING:COLUMN]...
"""

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "peers")
GROUPINGS = [("queue_interval", "queue,interval"), ("agent", "agent"), ("total", "total")]

# (label, engine script or None for callstat, mode, is a report to check)
CONTENDERS = [
    ("callstat (validated)", None, None, True),
    ("duckdb typed", "duckdb_report.py", "typed", True),
    ("duckdb validated", "duckdb_report.py", "validated", True),
    ("polars typed", "polars_report.py", "typed", True),
    ("polars validated", "polars_report.py", "validated", True),
    ("duckdb scan", "duckdb_report.py", "scan", False),
    ("polars scan", "polars_report.py", "scan", False),
]


def timed(cmd, log):
    """Runs cmd under GNU time; returns (wall s, cpu s, peak RSS KiB)."""
    tfile = log + ".time"
    with open(log, "w") as out:
        r = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", tfile] + cmd,
                           stdout=out, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        with open(log) as f:
            tail = f.read()[-3000:]
        sys.exit(f"FAILED (exit {r.returncode}): {' '.join(cmd)}\n{tail}")
    with open(tfile) as f:
        e, u, s, m = f.read().split()[-4:]
    return float(e), float(u) + float(s), int(m)


def run_callstat(binary, path, out_dir):
    """One `callstat run` writing the three groupings as CSV into out_dir."""
    os.makedirs(out_dir, exist_ok=True)
    toml = os.path.join(out_dir, "reports.toml")
    q = json.dumps  # a JSON string is a valid TOML basic string, quotes and backslashes escaped
    with open(toml, "w") as f:
        f.write(f"inputs = [{q(os.path.abspath(path))}]\n")
        for name, by in GROUPINGS:
            out = os.path.join(os.path.abspath(out_dir), f"{name}.csv")
            f.write(f"\n[[report]]\nname = {q(name)}\nby = {q(by)}\nformat = \"csv\"\noutput = {q(out)}\n")
    return timed([binary, "run", toml], os.path.join(out_dir, "run.log"))


def startup(binary, path, out_dir, runs=21):
    """Wall times of `callstat report` on a small file, run `runs` times."""
    os.makedirs(out_dir, exist_ok=True)
    cmd = [binary, "report", path, "--by", "queue,interval", "--format", "csv", "-o", os.path.join(out_dir, "small.csv")]
    return [timed(cmd, os.path.join(out_dir, "small.log")) for _ in range(runs)]


def check(python, cs_dir, peer_dir, allow):
    cmd = [python, os.path.join(HERE, "compare.py"), cs_dir, peer_dir]
    for a in allow:
        cmd += ["--allow", a]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        sys.exit(f"\n*** MISMATCH: {peer_dir} does not give callstat's numbers; the benchmark is void. ***")
    return r.stderr.strip()


def expected_rows(path):
    base = os.path.basename(path)
    return int(base.split("-")[1].split(".")[0].replace("M", "000000").replace("k", "000"))


def summarize(samples):
    walls = [s[0] for s in samples]
    return {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "cpu": statistics.median(s[1] for s in samples),
        "rss_mb": max(s[2] for s in samples) / 1024,
    }


def version_info(python, binary):
    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, cwd=HERE).stdout.strip()
        except OSError:
            return "?"

    rev = out(["git", "rev-parse", "--short", "HEAD"])
    dirty = out(["git", "status", "--porcelain", "--", "../src", "../Cargo.toml", "../Cargo.lock"])
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": f"{mem_gb:.1f} GiB",
        "kernel": platform.release(),
        "callstat": f"{out([binary, '--version'])} (git {rev}{', src modified' if dirty else ''})",
        "rustc": out(["rustc", "--version"]),
        "duckdb": out([python, "-c", "import duckdb; print(duckdb.__version__)"]),
        "polars": out([python, "-c", "import polars; print(polars.__version__)"]),
        "python": out([python, "--version"]),
        "load": open("/proc/loadavg").read().split()[:3],
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--callstat", required=True)
    p.add_argument("--python", required=True)
    p.add_argument("--files", nargs="+", required=True)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--out", default=os.path.join(HERE, "out"))
    p.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    p.add_argument("--allow", action="append", default=[])
    p.add_argument("--small", help="a 1,000-row CSV for the start-up measurement")
    p.add_argument("--solo", nargs="*", default=[],
                   help="files timed with callstat alone, one round each (the opt-in 100M round)")
    args = p.parse_args()
    args.python, args.callstat = os.path.abspath(args.python), os.path.abspath(args.callstat)

    info = version_info(args.python, args.callstat)
    results = {}  # file -> label -> [samples]
    notes = []
    small = None
    if args.small:
        print(f"start-up: 21 runs of callstat report on {os.path.basename(args.small)} ...", end=" ", flush=True)
        small = (os.path.basename(args.small), summarize(startup(args.callstat, args.small, os.path.join(args.out, "small"))))
        print(f"median {small[1]['median'] * 1000:.0f} ms")
    for path in args.files:
        fname = os.path.basename(path)
        results[fname] = {label: [] for label, *_ in CONTENDERS}
        for rep in range(args.reps):
            cs_dir = os.path.join(args.out, fname, f"r{rep}", "callstat")
            for label, script, mode, is_report in CONTENDERS:
                print(f"[{fname} round {rep + 1}/{args.reps}] {label} ...", end=" ", flush=True)
                if script is None:
                    sample = run_callstat(args.callstat, path, cs_dir)
                else:
                    d = os.path.join(args.out, fname, f"r{rep}", label.replace(" ", "-"))
                    os.makedirs(d, exist_ok=True)
                    cmd = [args.python, os.path.join(PEERS, script), path, "--mode", mode]
                    if is_report:
                        cmd += ["--out", d]
                    sample = timed(cmd, os.path.join(d, "run.log"))
                    if is_report:
                        note = check(args.python, cs_dir, d, args.allow)
                        if note and rep == 0:
                            notes.append(f"{fname}, {label}: {note.split(': ', 1)[1]}")
                    else:
                        with open(os.path.join(d, "run.log")) as f:
                            got = f.read().split()
                        if got[:2] != ["rows", str(expected_rows(path))]:
                            sys.exit(f"*** {label} on {fname} counted {got[:2]}, expected {expected_rows(path)} rows ***")
                results[fname][label].append(sample)
                print(f"{sample[0]:.2f} s wall, {sample[1]:.2f} s cpu, {sample[2] / 1024:.0f} MB", flush=True)
        # Written after every file, so an interrupted run keeps what it measured.
        info["load_after"] = open("/proc/loadavg").read().split()[:3]
        done = len(results)
        with open(args.results, "w") as f:
            f.write(render(args, info, results, small, notes, partial=(done, len(args.files))))
    solo = {}
    for path in args.solo:
        fname = os.path.basename(path)
        print(f"[{fname} callstat alone] ...", end=" ", flush=True)
        sample = run_callstat(args.callstat, path, os.path.join(args.out, fname, "solo"))
        solo[fname] = sample
        print(f"{sample[0]:.2f} s wall, {sample[1]:.2f} s cpu, {sample[2] / 1024:.0f} MB", flush=True)
    args.solo_results = solo
    text = render(args, info, results, small, notes)
    print()
    print(text)
    with open(args.results, "w") as f:
        f.write(text)
    print(f"written {args.results}")


def render(args, info, results, small, notes, partial=None):
    L = []
    L.append("# Benchmark results\n")
    if partial and partial[0] < partial[1]:
        L.append(f"**Partial: {partial[0]} of {partial[1]} files measured so far.**\n")
    L.append(f"Written by `bench/run.sh` on {info['date']}. "
             f"{args.reps} rounds per file; in each round every contender runs once, in the order of the table.\n")
    L.append("| machine | |\n|---|---|")
    for k in ["cores", "cpu", "memory", "kernel"]:
        L.append(f"| {k} | {info[k]} |")
    L.append(f"| load average (1/5/15 min) before / after | {' '.join(info['load'])} / {' '.join(info['load_after'])} |")
    for k in ["callstat", "rustc", "duckdb", "polars", "python"]:
        L.append(f"| {k} | {info[k]} |")
    L.append("")
    L.append("**Noisy figures.** A 2-core machine shared with other engineers' compilers: the load "
             "average above shows how busy it was. Read ratios, not absolute times, and only "
             "differences well beyond the min..max spread.\n")
    L.append("Wall time in seconds (median, min, max of the rounds), CPU = user + sys seconds "
             "(median), peak RSS = largest of the rounds. The peers' times include starting Python "
             "and importing the engine. callstat = one `callstat run` of a reports file with the three "
             "groupings (`--by queue,interval`, `agent`, `total`, CSV), reading the file once as the "
             "peers do. *typed* = typed read, no row validation; "
             "*validated* = callstat's row validation and first-call_id-wins de-duplication; "
             "*scan* = count the rows with every column parsed (the floor).\n")
    summary = []
    for fname, by_label in results.items():
        L.append(f"## {fname}\n")
        L.append("| contender | wall median | min | max | CPU | peak RSS MB | callstat / this |")
        L.append("|---|---:|---:|---:|---:|---:|---:|")
        stats = {label: summarize(s) for label, s in by_label.items()}
        cs = stats["callstat (validated)"]["median"]
        for label, st in stats.items():
            L.append(f"| {label} | {st['median']:.2f} | {st['min']:.2f} | {st['max']:.2f} | {st['cpu']:.2f} "
                     f"| {st['rss_mb']:.0f} | {cs / st['median']:.2f} |")
        L.append("")
        peers = {k: v for k, v in stats.items() if k != "callstat (validated)" and "scan" not in k}
        best = min(peers, key=lambda k: peers[k]["median"])
        valid = {k: v for k, v in peers.items() if "validated" in k}
        best_v = min(valid, key=lambda k: valid[k]["median"])
        summary.append((fname, cs, best, peers[best]["median"], best_v, valid[best_v]["median"],
                        stats["callstat (validated)"]["rss_mb"]))
    L.append("## Summary: callstat / best peer\n")
    L.append("| file | callstat s | best peer | s | callstat / best | best validating peer | s | callstat / it | callstat peak RSS MB |")
    L.append("|---|---:|---|---:|---:|---|---:|---:|---:|")
    for fname, cs, best, bt, best_v, bvt, rss in summary:
        L.append(f"| {fname} | {cs:.2f} | {best} | {bt:.2f} | **{cs / bt:.2f}** | {best_v} | {bvt:.2f} | {cs / bvt:.2f} | {rss:.0f} |")
    L.append("")
    solo = getattr(args, "solo_results", {})
    if solo:
        L.append("## callstat alone (opt-in round)\n")
        L.append("One `callstat run` of the same three groupings, no peers. Growth = this wall time over "
                 "callstat's median on the 10M file of the same format above.\n")
        L.append("| file | wall s | CPU s | peak RSS MB | growth from 10M |")
        L.append("|---|---:|---:|---:|---:|")
        for fname, (wall, cpu, rss) in solo.items():
            ext = fname.rsplit(".", 1)[-1]
            base = next((st for f, st in ((f, summarize(b["callstat (validated)"])) for f, b in results.items())
                         if f == f"calls-10M.{ext}"), None)
            growth = f"{wall / base['median']:.1f}x" if base else "(no 10M round)"
            L.append(f"| {fname} | {wall:.2f} | {cpu:.2f} | {rss / 1024:.0f} | {growth} |")
        L.append("")
    if small:
        name, st = small
        L.append("## Start-up\n")
        L.append(f"`callstat report {name} --by queue,interval --format csv` (1,000 rows), 21 runs: "
                 f"median **{st['median'] * 1000:.0f} ms** (min {st['min'] * 1000:.0f}, max {st['max'] * 1000:.0f}), "
                 f"peak RSS {st['rss_mb']:.0f} MB. Target: under 50 ms. GNU time reports wall time in "
                 "hundredths of a second.\n")
    L.append("## Checks\n")
    L.append("Every peer report in every round was compared cell by cell with callstat's CSV of the same "
             "round (`bench/compare.py`); a difference stops the run. Scans were checked for the row count.")
    if args.allow:
        L.append(f"\nAllowed known differences (`--allow {' '.join(args.allow)}`), first round:\n")
        for n in notes:
            L.append(f"- {n}")
    L.append("")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    main()
