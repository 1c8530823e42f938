"""Side-by-side benchmark on the SYNTHETIC national dataset (see generate.py).

Times whole commands, each in its own process, on the same files in one run:

    floor      a bare csv.reader pass over the file (the speed of parsing CSV at all)
    validate   qcity validate (every row checked)
    check      qcity check, the scoreboard of every city (table)
    check json / csv / html   the same check in other formats (medium: json;
               county: json, csv and html)
    pandas     pandas.read_csv plus a group-by-latest   (when pandas is installed)
    frictionless  frictionless validate with an equivalent Table Schema (when installed)

and prints, per variant, wall time (median of --repeat runs), rows per second,
peak RSS and the ratio to the floor; with --write, also benchmarks/RESULTS.md.
The ``startup`` variant times ``qcity --version``, ``qcity --help`` and
``qcity check zhengzhou`` on the bundled project (real plans, not synthetic)
against their targets.  The ``workbook`` variant reads 10,000 synthetic rows as
an .xlsx and as CSV, side by side (``qcity check --data`` on each, and a bare
pass of python-calamine and of csv.reader).  Only the standard library measures: os.wait4 gives
each process's peak RSS.

    python benchmarks/run.py [small medium large county startup workbook] [--repeat 3] [--write]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402

AS_OF = "2026-01-01"
# start-up commands on the bundled project, and the wall time each must stay under
STARTUP = {"--version": (["--version"], 0.10), "--help": (["--help"], 0.10),
           "check zhengzhou": (["check", "zhengzhou"], 0.35)}
FLOOR = ("import csv, sys\nn = 0\nwith open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
         "    for row in csv.reader(f):\n        n += 1\n")
PANDAS = ("import sys, pandas as pd\n"
          "df = pd.read_csv(sys.argv[1], dtype={'period': str})\n"
          "latest = df.sort_values('period').groupby(['city', 'metric']).tail(1)\n")
SCHEMA = {"fields": [
    {"name": "city", "type": "string", "constraints": {"required": True}},
    {"name": "metric", "type": "string", "constraints": {"required": True,
                                                         "pattern": "m[0-9]{2}"}},
    {"name": "period", "type": "string", "constraints": {"required": True,
                                                         "pattern": "[0-9]{4}-[0-9]{2}"}},
    {"name": "value", "type": "number", "constraints": {"required": True}},
], "primaryKey": ["city", "metric", "period"]}


def measure(argv: list[str], timeout: float, cwd: str) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB, exit status) of one run of a command."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            return float("inf"), usage.ru_maxrss, -9
        time.sleep(0.002)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss, proc.returncode


# the formats `check` is timed in, beyond the table, per variant
FORMATS = {"medium": ["json"], "county": ["json", "csv", "html"]}


def commands(root: str, variant: str = "medium") -> dict[str, list[str]]:
    csv_path = os.path.join("data", "national.csv")  # commands run in the project folder
    qcity = [sys.executable, "-m", "qcity"]
    check = qcity + ["check", "national", "--as-of", AS_OF]
    out = {"floor": [sys.executable, "-c", FLOOR, csv_path],
           "validate": qcity + ["validate", "--ignore", "Q217"],
           "check": check}
    for fmt in FORMATS.get(variant, []):
        out[f"check {fmt}"] = check + ["--format", fmt]
    if variant == "county":  # the peers would take minutes and say nothing new here
        return out
    # find_spec, not import: a forked child's peak RSS starts at the parent's, so the
    # runner must stay small itself
    if importlib.util.find_spec("pandas") is not None:
        out["pandas"] = [sys.executable, "-c", PANDAS, csv_path]
    frictionless = shutil.which("frictionless", path=os.path.dirname(sys.executable)) or \
        shutil.which("frictionless")
    if frictionless:
        schema = os.path.join(root, "national.schema.json")
        with open(schema, "w", encoding="utf-8") as fh:
            json.dump(SCHEMA, fh)
        # relative paths: frictionless refuses absolute ones as unsafe
        out["frictionless"] = [frictionless, "validate", csv_path, "--schema",
                               "national.schema.json"]
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def take_turns(tools: list[tuple[str, list[str]]], repeat: int, timeout: float,
               cwd: str) -> dict[str, list]:
    """Each tool ``repeat`` times, round by round, after one untimed run each (page
    cache, imports): a burst of load on the shared machine then falls on all tools
    alike instead of on one tool's runs."""
    for _, argv in tools:
        measure(argv, timeout, cwd)
    runs: dict[str, list] = {tool: [] for tool, _ in tools}
    for _ in range(repeat):
        for tool, argv in tools:
            runs[tool].append(measure(argv, timeout, cwd))
    return runs


def run_variant(name: str, repeat: int, timeout: float, skip: set[str]) -> list[dict]:
    if name == "startup":
        return run_startup(repeat, timeout)
    if name == "workbook":
        return run_workbook(repeat, timeout)
    root = generate.generate(os.path.join(HERE, "data"), name)
    rows = generate.rows_of(name)
    tools = [(tool, argv) for tool, argv in commands(root, name).items()
             if tool not in skip and f"{tool}@{name}" not in skip]
    runs = take_turns(tools, repeat, timeout, root)
    floors = [r[0] for r in runs["floor"]]
    results = []
    for tool, _ in tools:
        wall = statistics.median(r[0] for r in runs[tool])
        # the same round's floor ran seconds apart: these ratios show the spread
        rounds = [r[0] / floor for r, floor in zip(runs[tool], floors)]
        results.append({"variant": name, "rows": rows, "tool": tool, "wall": wall,
                        "rss_mb": max(r[1] for r in runs[tool]) / 1024,
                        "status": sorted({r[2] for r in runs[tool]}),
                        "rounds": (min(rounds), max(rounds))})
        print(f"{name:7} {tool:13} {wall:8.2f} s  {rows / wall / 1e6 if wall else 0:6.2f} M rows/s"
              f"  {results[-1]['rss_mb']:7.1f} MB  exit {results[-1]['status']}", flush=True)
    floor = statistics.median(floors)
    for r in results:
        r["ratio"] = r["wall"] / floor
    return results


CALAMINE = ("import sys, python_calamine\nn = 0\n"
            "book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
            "for row in book.get_sheet_by_index(0).iter_rows():\n    n += 1\n")


def run_workbook(repeat: int, timeout: float) -> list[dict]:
    """10,000 rows read as a workbook and as CSV, side by side: qcity check on each,
    and a bare pass of each reader (csv.reader, python-calamine) for scale."""
    root = generate.generate_workbook(os.path.join(HERE, "data"))
    qcity = [sys.executable, "-m", "qcity", "check", "national", "--as-of", AS_OF, "--data"]
    tools = [("csv.reader", [sys.executable, "-c", FLOOR, "data/national.csv"]),
             ("calamine", [sys.executable, "-c", CALAMINE, "data/national.xlsx"]),
             ("check csv", qcity + ["data/national.csv"]),
             ("check xlsx", qcity + ["data/national.xlsx"])]
    runs = take_turns(tools, repeat, timeout, root)
    rows = generate.WORKBOOK_CITIES * generate.METRICS
    base = statistics.median(r[0] for r in runs["check csv"])
    results = []
    for tool, _ in tools:
        wall = statistics.median(r[0] for r in runs[tool])
        rounds = [r[0] / b[0] for r, b in zip(runs[tool], runs["check csv"])]
        results.append({"variant": "workbook", "rows": rows, "tool": tool, "wall": wall,
                        "rss_mb": max(r[1] for r in runs[tool]) / 1024,
                        "status": sorted({r[2] for r in runs[tool]}),
                        "ratio": wall / base, "rounds": (min(rounds), max(rounds))})
        print(f"workbook {tool:11} {wall:7.3f} s  {results[-1]['rss_mb']:6.1f} MB  "
              f"{wall / base:5.2f} × check csv  exit {results[-1]['status']}", flush=True)
    return results


def run_startup(repeat: int, timeout: float) -> list[dict]:
    project = os.path.dirname(HERE)  # the repository is the bundled project
    tools = [(name, [sys.executable, "-m", "qcity", *args])
             for name, (args, _) in STARTUP.items()]
    runs = take_turns(tools, repeat, timeout, project)
    results = []
    for name, _ in tools:
        wall = statistics.median(r[0] for r in runs[name])
        target = STARTUP[name][1]
        results.append({"variant": "startup", "tool": name, "wall": wall, "target": target,
                        "status": sorted({r[2] for r in runs[name]}),
                        "rounds": (min(r[0] for r in runs[name]),
                                   max(r[0] for r in runs[name])),
                        "rss_mb": max(r[1] for r in runs[name]) / 1024})
        print(f"startup {name:16} {wall:6.3f} s  (target {target:.2f} s)  "
              f"exit {results[-1]['status']}", flush=True)
    return results


def write_results(results: list[dict], path: str) -> None:
    lines = ["# Benchmark results", "",
             "Measured by `python benchmarks/run.py --write` on **synthetic** data "
             "(benchmarks/generate.py: 300 made-up cities × 50 made-up metrics; county: "
             "2,800 made-up units × 100 made-up metrics), all tools on "
             "the same files in one run. Tools take turns, one run each a round; wall time "
             "is the median of the rounds; peak RSS the largest; × floor is the median wall "
             "time over the median of the bare `csv.reader` pass (the floor), and the "
             "rounds column the smallest and largest ratio to the same round's floor.", "",
             f"- Machine: {machine()}", f"- Date: {date.today()}", ""]
    table = [r for r in results if r["variant"] not in ("startup", "workbook")]
    if table:
        lines += ["| variant | rows | tool | wall (s) | rows/s | peak RSS (MB) | × floor "
                  "| rounds |", "|---|---:|---|---:|---:|---:|---:|---:|"]
        for r in table:
            low, high = r["rounds"]
            lines.append(f"| {r['variant']} | {r['rows']:,} | {r['tool']} | {r['wall']:.2f} | "
                         f"{r['rows'] / r['wall']:,.0f} | {r['rss_mb']:.0f} | "
                         f"{r['ratio']:.2f} | {low:.2f}–{high:.2f} |")
    workbook = [r for r in results if r["variant"] == "workbook"]
    if workbook:
        lines += ["", f"A workbook beside the same data as CSV ({workbook[0]['rows']:,} synthetic "
                  "rows, one sheet; × check csv is the median wall time over that of "
                  "`qcity check --data national.csv`, rounds the same ratio in each round):",
                  "", "| tool | wall (s) | peak RSS (MB) | × check csv | rounds |",
                  "|---|---:|---:|---:|---:|"]
        for r in workbook:
            low, high = r["rounds"]
            lines.append(f"| {r['tool']} | {r['wall']:.3f} | {r['rss_mb']:.0f} | "
                         f"{r['ratio']:.2f} | {low:.2f}–{high:.2f} |")
    startup = [r for r in results if r["variant"] == "startup"]
    if startup:
        lines += ["", "Start-up, on the bundled project (its real plans, not synthetic data):",
                  "", "| command | wall (s) | rounds (s) | target (s) | met |",
                  "|---|---:|---:|---:|---|"]
        for r in startup:
            low, high = r["rounds"]
            lines.append(f"| `qcity {r['tool']}` | {r['wall']:.3f} | {low:.3f}–{high:.3f} | "
                         f"{r['target']:.2f} | {'yes' if r['wall'] <= r['target'] else 'no'} |")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def compile_qcity() -> None:
    """Byte-compile qcity's modules, as pip does when it installs a package: an editable
    install run with PYTHONDONTWRITEBYTECODE set would otherwise compile every module
    again in every timed run (about 0.03 s each)."""
    import compileall

    spec = importlib.util.find_spec("qcity")  # finds without importing
    if spec is not None and spec.origin:
        compileall.compile_dir(os.path.dirname(spec.origin), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", default=["small", "medium", "startup"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--skip", action="append", default=[],
                        help="leave out a tool, or TOOL@VARIANT (frictionless@large)")
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    args = parser.parse_args()
    compile_qcity()
    results = []
    for name in args.variants:
        results += run_variant(name, args.repeat, args.timeout, set(args.skip))
    if args.write:
        write_results(results, os.path.join(HERE, "RESULTS.md"))


if __name__ == "__main__":
    main()
