"""Generate the SYNTHETIC national benchmark dataset (made-up numbers, not statistics).

Cities × metrics × N monthly periods, deterministic (fixed seed):

    small    300 cities × 50 metrics × 6 months  (2025-07 … 2025-12)       90,000 rows
    medium   300 cities × 50 metrics × 60 months (2021-01 … 2025-12)      900,000 rows
    large    300 cities × 50 metrics × 600 months (1976-01 … 2025-12)   9,000,000 rows
    county   2,800 units × 100 metrics × 12 months (2025-01 … 2025-12) 3,360,000 rows

small, medium and large share the same cities and metrics, so a tool whose
memory grows with cities × metrics (and not with rows) needs the same memory
for each; county has 280,000 city-metric pairs (every county-level unit checked
against one standard).  The matching plan, ``targets/national.yaml``, mixes
level, lower-is-better, sustained and change targets with weights, veto
metrics, a pass score and grades (county: the same mix, twice over).

    python benchmarks/generate.py [small|medium|large|county|all] [--out benchmarks/data]

Each variant is a qcity project: ``<out>/<variant>/targets/national.yaml`` and
``<out>/<variant>/data/national.csv``.
"""

from __future__ import annotations

import argparse
import os
import random

CITIES = 300
METRICS = 50
# variant -> (cities, metrics, months)
VARIANTS = {"small": (CITIES, METRICS, 6), "medium": (CITIES, METRICS, 60),
            "large": (CITIES, METRICS, 600), "county": (2800, 100, 12)}
LAST_YEAR, LAST_MONTH = 2025, 12
SEED = 20261121


def months(count: int) -> list[str]:
    out = []
    year, month = LAST_YEAR, LAST_MONTH
    for _ in range(count):
        out.append(f"{year}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def rows_of(name: str) -> int:
    cities, metrics, months_ = VARIANTS[name]
    return cities * metrics * months_


def metric_kind(i: int) -> str:
    # every 50 metrics: 30 level rates (>=), 8 level levels (<=), 6 sustained, 5 change, 1 veto
    i %= 50
    if i < 30:
        return "rate"
    if i < 38:
        return "lower"
    if i < 44:
        return "sustained"
    if i < 49:
        return "change"
    return "veto"


def plan_yaml(metrics: int = METRICS) -> str:
    lines = [
        "# SYNTHETIC benchmark plan: made-up metrics for 300 made-up cities.",
        "qcity: 1", "id: national", "city: 全国(合成)", "city_en: Nationwide (synthetic)",
        "lang: zh", "title: \"合成基准 全国质量强市评价标准\"", "title_en: Synthetic benchmark standard",
        "source: benchmarks/generate.py (synthetic)", "cities: any",
        "acceptance: {pass_score: 80, grades: {A: 90, B: 80, C: 60}}",
        "stages:",
        "  - {id: implement, name: 推进落实阶段, start: 2024-01-01, end: 2024-12-31}",
        "  - {id: acceptance, name: 总结验收阶段, start: 2025-01-01, end: 2025-12-31}",
        "areas:",
        "  - {id: product, name: 产品质量}", "  - {id: service, name: 服务质量}",
        "  - {id: engineering, name: 工程质量}", "  - {id: environment, name: 环境质量}",
        "metrics:",
    ]
    areas = ["product", "service", "engineering", "environment"]
    for i in range(metrics):
        kind = metric_kind(i)
        mid = f"m{i:02d}"
        area = areas[i % 4]
        if kind == "rate":
            body = f'unit: "%", target: ">= {90 + i % 8}"'
        elif kind == "lower":
            body = f'unit: µg/m³, target: "<= {40 + i}"'
        elif kind == "sustained":
            body = f'unit: "%", target: ">= {85 + i % 5}", mode: sustained'
            if i % 50 == 38:
                body += ', milestones: {implement: ">= 80"}'
        elif kind == "change":
            body = 'unit: 吨, target: "decrease >= 5%", baseline: {period: "2025-07"}'
        else:
            body = 'unit: 起, target: "<= 0", veto: true'
        weight = ", weight: 2" if i % 10 == 0 else ""
        lines.append(f"  - {{id: {mid}, area: {area}, name: 合成指标{i:02d}, {body}{weight}}}")
    if metrics != METRICS:
        lines[0] = (f"# SYNTHETIC benchmark plan: {metrics} made-up metrics for made-up "
                    "county-level units.")
    return "\n".join(lines) + "\n"


def value(rng: random.Random, kind: str, i: int, step: int) -> str:
    if kind in ("rate", "sustained"):
        return f"{min(100.0, 84 + rng.random() * 16 + step * 0.001):.1f}"
    if kind == "lower":
        return f"{30 + rng.random() * 25:.1f}"
    if kind == "change":
        return f"{1000 - step * 0.5 + rng.random() * 80:.1f}"
    return "0" if rng.random() < 0.98 else "1"


def write_data(path: str, periods: int, city_count: int = CITIES,
               metric_count: int = METRICS) -> int:
    rng = random.Random(SEED)
    labels = months(periods)
    cities = ([f"城市{c:03d}" for c in range(city_count)] if city_count <= 1000
              else [f"县级单位{c:04d}" for c in range(city_count)])
    kinds = [metric_kind(i) for i in range(metric_count)]
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("city,metric,period,value\n")
        for step, period in enumerate(labels):
            chunk = []
            for city in cities:
                for i, kind in enumerate(kinds):
                    chunk.append(f"{city},m{i:02d},{period},{value(rng, kind, i, step)}\n")
                if len(chunk) >= 1 << 16:
                    fh.write("".join(chunk))
                    rows += len(chunk)
                    chunk = []
            fh.write("".join(chunk))
            rows += len(chunk)
    return rows


WORKBOOK_CITIES = 200  # × 50 metrics × 1 month = 10,000 rows


def write_workbook(csv_path: str, xlsx_path: str) -> int:
    """The same rows as an .xlsx (values as numbers, as a spreadsheet keeps them)."""
    import csv

    import xlsxwriter

    book = xlsxwriter.Workbook(xlsx_path, {"constant_memory": True})
    sheet = book.add_worksheet("national")
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for r, row in enumerate(csv.reader(fh)):
            for c, cell in enumerate(row):
                if r and c == 3:
                    sheet.write_number(r, c, float(cell))
                else:
                    sheet.write_string(r, c, cell)
    book.close()
    return r


def generate_workbook(out: str) -> str:
    """The ``workbook`` variant: 10,000 rows as data/national.csv and data/national.xlsx."""
    root = os.path.join(out, "workbook")
    os.makedirs(os.path.join(root, "targets"), exist_ok=True)
    os.makedirs(os.path.join(root, "data"), exist_ok=True)
    with open(os.path.join(root, "targets", "national.yaml"), "w", encoding="utf-8") as fh:
        fh.write(plan_yaml())
    csv_path = os.path.join(root, "data", "national.csv")
    xlsx_path = os.path.join(root, "data", "national.xlsx")
    if not os.path.exists(xlsx_path):
        write_data(csv_path, 1, WORKBOOK_CITIES)
        write_workbook(csv_path, xlsx_path + ".tmp.xlsx")
        os.replace(xlsx_path + ".tmp.xlsx", xlsx_path)
    return root


def generate(out: str, name: str) -> str:
    """Write one variant as a project; return its folder (kept when already there)."""
    root = os.path.join(out, name)
    os.makedirs(os.path.join(root, "targets"), exist_ok=True)
    os.makedirs(os.path.join(root, "data"), exist_ok=True)
    cities, metrics, periods = VARIANTS[name]
    with open(os.path.join(root, "targets", "national.yaml"), "w", encoding="utf-8") as fh:
        fh.write(plan_yaml(metrics))
    path = os.path.join(root, "data", "national.csv")
    if not (os.path.exists(path) and os.path.getsize(path) > 0):
        write_data(path + ".tmp", periods, cities, metrics)
        os.replace(path + ".tmp", path)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variant", nargs="?", default="medium", choices=[*VARIANTS, "all"])
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "data"))
    args = parser.parse_args()
    for name in VARIANTS if args.variant == "all" else [args.variant]:
        root = generate(args.out, name)
        print(f"{root}: {rows_of(name):,} rows (synthetic)")


if __name__ == "__main__":
    main()
