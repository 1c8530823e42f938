"""A new project for users to fill (the data template is ``qcity.template``)."""

from __future__ import annotations

from pathlib import Path

from qcity.errors import Location, UsageError


EXAMPLE_PLAN = """\
# yaml-language-server: $schema=../qcity-plan.schema.json
# An EXAMPLE plan made by `qcity init`: the city and every figure are made up.
# Replace them with your own plan, citing the document each threshold comes from.
qcity: 1
id: @ID@
city: @CITY@
@CITY_EN@lang: zh
title: @TITLE@
title_en: @TITLE_EN@
source: qcity init 生成的示例, 非真实数据
acceptance:
  pass_score: 80
  grades: {A: 90, B: 80, C: 60}
stages:
  - {id: prepare, name: 规划筹备阶段, name_en: Planning, start: 2025-01-01, end: 2025-03-31}
  - {id: implement, name: 推进落实阶段, name_en: Implementation, start: 2025-04-01, end: 2025-12-31}
  - {id: acceptance, name: 总结验收阶段, name_en: Acceptance, start: 2026-01-01, end: 2026-06-30}
areas:
  - {id: product, name: 产品质量, name_en: Product quality}
  - {id: environment, name: 环境质量, name_en: Environmental quality}
metrics:
  - id: spot-check-pass-rate
    area: product
    name: 产品质量国家监督抽查合格率
    name_en: Pass rate in national spot checks
    unit: "%"
    target: ">= 90"
    mode: sustained
    source: 示例
  - id: hitech-firms
    area: product
    name: 高新技术企业数
    name_en: High-tech enterprises
    unit: 家
    target: ">= 90"
    milestones: {implement: ">= 70"}
    weight: 2
    source: 示例
  - id: water-use-per-gdp
    area: environment
    name: 单位生产总值用水量
    name_en: Water use per unit of GDP
    unit: 立方米/万元
    baseline: {period: "2024"}
    target: "decrease >= 5%"
    source: 示例
  - id: major-accidents
    area: environment
    name: 重大质量安全事故
    name_en: Major quality safety accidents
    unit: 起
    target: "<= 0"
    veto: true
    source: 示例
"""

EXAMPLE_DATA = """\
metric,period,value,unit,source,note
spot-check-pass-rate,2025-Q1,92.5%,%,示例数据,made up by qcity init
spot-check-pass-rate,2025-Q2,91.0%,%,示例数据,made up by qcity init
spot-check-pass-rate,2025-Q3,93.2%,%,示例数据,made up by qcity init
hitech-firms,2025-12,76,家,示例数据,made up by qcity init
water-use-per-gdp,2024,20.0,立方米/万元,示例数据,made up by qcity init
water-use-per-gdp,2025,18.9,立方米/万元,示例数据,made up by qcity init
major-accidents,2025,0,起,示例数据,made up by qcity init
"""


def example_plan(plan_id: str = "example", city: str = "示例市") -> str:
    """The example plan, for a plan id and a city of the user's choosing."""
    import json
    import re

    if not re.match(r"^[\w][\w.-]*$", plan_id) or len(plan_id) > 100:
        raise UsageError(f'--plan "{plan_id}" is not a plan id (letters, digits, "-", "_" '
                         'or ".", at most 100)', Location("qcity"))
    if not city.strip() or len(city) > 200 or any(ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0
                                                   for ch in city):
        raise UsageError(f"--city {city!r} is not a city name", Location("qcity"))
    default = city == "示例市"
    quoted = json.dumps(city, ensure_ascii=False)  # a YAML double-quoted scalar
    title = json.dumps(f"{city}创建全国质量强市示范城市工作方案(示例)", ensure_ascii=False)
    return (EXAMPLE_PLAN.replace("@ID@", plan_id).replace("@CITY@", quoted)
            .replace("@CITY_EN@", "city_en: Example City\n" if default else "")
            .replace("@TITLE@", title)
            .replace("@TITLE_EN@", "Example City quality plan (example)" if default
                     else "Quality city plan (example)"))


def init_project(folder: str, plan_id: str = "example",
                 city: str = "示例市") -> tuple[list[Path], list[tuple[Path, str]]]:
    """Create ``targets/<plan_id>.yaml`` and ``data/<plan_id>.csv`` (the example plan and
    its made-up data, for ``city``) and the JSON Schema, in a new folder or in an existing
    project (a second plan).  Never overwrites a file: an existing plan or data file of
    that id stops it; an existing schema file is kept.  Returns the files created and
    the files kept with why."""
    from qcity.plan.schema import plan_schema_text

    root = Path(folder)
    schema_path = root / "qcity-plan.schema.json"
    schema = plan_schema_text()
    files = {root / "targets" / f"{plan_id}.yaml": example_plan(plan_id, city),
             root / "data" / f"{plan_id}.csv": EXAMPLE_DATA}
    existing = [str(p) for p in files if p.exists() or p.is_symlink()]  # a dangling link too
    if existing:
        raise UsageError(f"{', '.join(existing)} already exist(s); qcity init never overwrites "
                         "(choose another --plan)", Location("qcity"))
    kept = []
    if schema_path.exists() or schema_path.is_symlink():
        kept.append((schema_path, "the same schema" if _holds(schema_path, schema) else
                     "kept as it is; `qcity schema` prints this version's"))
    else:
        files[schema_path] = schema
    for path, text in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except OSError as exc:  # a read-only folder, a name too long, a full disk
            raise UsageError(f"cannot create: {exc.strerror or exc}", Location(str(path))) \
                from None
    return list(files), kept


def _holds(path: Path, text: str) -> bool:
    try:
        return path.is_file() and path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeError):
        return False
