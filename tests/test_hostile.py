"""The attack catalogue of issue #17, the parts that are not one broken input file.

(Broken plans and data files live in ``tests/corpus``, the large ones made by
``tests/corpus/generated.py``.)  Here: numbers at the edge of the range in every
report format, output files and devices, signals, options, FIFOs.  Each test
names the finding it reproduces.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from qcity.cli import cli

EXTREME_PLAN = """\
qcity: 1
id: extreme
city: 测试市
title: T
stages:
  - {id: a, name: A, start: 2014-01-01, end: 2015-12-31}
metrics:
  - {id: huge, name: H, target: ">= 1"}
  - {id: rel, name: R, target: "increase >= 10%", baseline: {period: "2013", value: 1e-40}}
  - {id: fall, name: F, target: "decrease >= 10%", baseline: {period: "2014-12-30"}}
"""
EXTREME_DATA = """\
metric,period,value
huge,2014,9999999999999999999999999999999999999999
rel,2014,1e39
fall,2014-12-30,0.0000000000000000000000000000000000000001
fall,2014-12-31,1e39
"""
FORMATS = ("table", "markdown", "csv", "json", "html", "latex", "junit", "github")


@pytest.mark.parametrize("fmt", FORMATS)
def test_extreme_values_render_in_every_format(project_dir, fmt):
    """17.6: 1e28 and above passed validate, then crashed check in decimal formatting;
    a relative change from 1e-40 to 1e39 crashed the engine; 17.4: ">= 1e40" (now
    out of range: 40 digits before the point and 40 after are the most)."""
    (project_dir / "targets" / "extreme.yaml").write_text(EXTREME_PLAN, encoding="utf-8")
    (project_dir / "data" / "extreme.csv").write_text(EXTREME_DATA, encoding="utf-8")
    run = CliRunner().invoke(cli, ["check", "extreme", "--as-of", "2016-01-01", "--format", fmt],
                             catch_exceptions=False)
    assert run.exit_code == 1, run.output  # fall fails: a report, not a crash
    assert run.stderr == ""
    if fmt == "table":
        assert "9999999999999999999999999999999999999999" in run.stdout


@pytest.mark.parametrize("metric", ["huge", "rel", "fall"])
def test_extreme_values_in_trend(project_dir, metric):
    (project_dir / "targets" / "extreme.yaml").write_text(EXTREME_PLAN, encoding="utf-8")
    (project_dir / "data" / "extreme.csv").write_text(EXTREME_DATA, encoding="utf-8")
    for fmt in ("text", "json", "csv"):
        run = CliRunner().invoke(cli, ["trend", "extreme", metric, "--as-of", "2016-01-01",
                                       "--format", fmt], catch_exceptions=False)
        assert run.exit_code == 0, run.output


def test_the_range_of_values_is_exact_at_its_edges(project_dir):
    """Forty digits before the point and forty after: compared and shown exactly."""
    nines = "9" * 40
    (project_dir / "targets" / "edge.yaml").write_text(EXTREME_PLAN.replace(
        "id: extreme", "id: edge").replace('target: ">= 1"', f'target: ">= {nines}"'),
        encoding="utf-8")
    (project_dir / "data" / "edge.csv").write_text(
        f"metric,period,value\nhuge,2014,{'9' * 39}8.{'9' * 40}\n", encoding="utf-8")
    run = CliRunner().invoke(cli, ["check", "edge", "--as-of", "2016-01-01"],
                             catch_exceptions=False)
    assert run.exit_code == 1
    assert f"≥{nines}" in run.stdout  # the target as the report words it
    assert "-0." + "0" * 39 + "1" in run.stdout  # the margin, exactly
    (project_dir / "data" / "edge.csv").write_text(
        "metric,period,value\nhuge,2014,1e40\nhuge,2015,0." + "0" * 40 + "1\n",
        encoding="utf-8")
    run = CliRunner().invoke(cli, ["check", "edge", "--as-of", "2016-01-01"])
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        'data/edge.csv:2:3: value: "1e40" is out of range (at most 40 digits before and 40 '
        "after the decimal point)",
        f'data/edge.csv:3:3: value: "0.{"0" * 40}1" is out of range (at most 40 digits '
        "before and 40 after the decimal point)"]
