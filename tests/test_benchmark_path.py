"""The benchmark's generator and plan keep working with the engine (a tiny variant)."""

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from qcity.cli import cli

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402
import run  # noqa: E402


def _tiny(tmp_path, periods=3, cities=10):
    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "targets" / "national.yaml").write_text(generate.plan_yaml(), encoding="utf-8")
    rows = generate.write_data(str(tmp_path / "data" / "national.csv"), periods, cities)
    return rows


def test_generator_is_deterministic(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert generate.write_data(str(a), 2, 3) == generate.write_data(str(b), 2, 3) == 300
    assert a.read_bytes() == b.read_bytes()
    assert a.read_text(encoding="utf-8").splitlines()[1] == "城市000,m00,2025-11,99.0"


def test_engine_on_a_tiny_variant(tmp_path):
    assert _tiny(tmp_path) == 1500
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", "--root", str(tmp_path), "--ignore", "Q217"]
                         ).exit_code == 0
    result = runner.invoke(cli, ["check", "national", "--root", str(tmp_path), "--as-of",
                                 "2026-01-01", "--format", "json"])
    board = json.loads(result.stdout)
    assert board["plan"]["id"] == "national"
    assert len(board["reports"]) == 10
    report = board["reports"][0]
    assert len(report["metrics"]) == 50
    statuses = {m["mode"] for m in report["metrics"]}
    assert statuses == {"level", "sustained"}
    change = next(m for m in report["metrics"] if m["id"] == "m44")
    assert change["baseline"]["origin"] == "data"


def test_county_variant_is_the_same_mix_at_county_scale(tmp_path):
    """2,800 units × 100 metrics × 12 months: every kind of target, twice over."""
    assert generate.rows_of("county") == 3_360_000
    plan = generate.plan_yaml(100)
    assert plan.count("\n  - {id: m") == 100
    assert plan.count("mode: sustained") == 12 and plan.count("veto: true") == 2
    assert plan.count("decrease >= 5%") == 10 and plan.count("milestones:") == 2
    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "targets" / "national.yaml").write_text(plan, encoding="utf-8")
    data = tmp_path / "data" / "national.csv"
    assert generate.write_data(str(data), 1, 1001, 100) == 1001 * 100
    assert data.read_text(encoding="utf-8").splitlines()[1].startswith("县级单位0000,m00,2025-12,")
    commands = run.commands(str(tmp_path), "county")
    assert [t for t in commands if t.startswith("check")] == [
        "check", "check json", "check csv", "check html"]
    # in a process of its own: the test process stays small (its children's peak memory,
    # which other tests measure, starts from it)
    result = subprocess.run([sys.executable, "-m", "qcity", "check", "national", "--root",
                             str(tmp_path), "--as-of", "2026-01-01", "--format", "csv"],
                            capture_output=True, text=True, encoding="utf-8")
    board = result.stdout.split("\n\n")[0].splitlines()  # the ranked scoreboard comes first
    assert result.returncode in (0, 1) and len(board) == 1 + 1001
    assert all("县级单位" in row for row in board[1:])


def test_runner_commands_run(tmp_path):
    _tiny(tmp_path, periods=1, cities=2)
    for tool in ("floor", "check"):
        argv = run.commands(str(tmp_path))[tool]
        wall, rss, status = run.measure(argv, 120, str(tmp_path))
        assert status in (0, 1) and wall > 0 and rss > 0


def test_a_read_is_freed_when_the_check_returns(tmp_path):
    """No reference cycle keeps a read alive after its report is made: a national run's
    summaries go back by reference counting, not at some later collection."""
    import gc
    from datetime import date

    from qcity.check import check_plan
    from qcity.project import Project
    from qcity.actuals.series import Summary

    _tiny(tmp_path)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        outcome = check_plan(Project(tmp_path), "national", as_of=date(2026, 1, 1),
                             keep_reports=False)
        assert len(outcome.scoreboard.rows) == 10
        assert not any(isinstance(o, Summary) for o in gc.get_objects())
    finally:
        if was_enabled:
            gc.enable()


def test_startup_commands_run_and_are_written(tmp_path):
    results = run.run_startup(repeat=1, timeout=120)
    assert [r["tool"] for r in results] == list(run.STARTUP)
    assert all(r["status"] in ([0], [1]) and r["wall"] > 0 for r in results)
    results.append({"variant": "startup", "tool": "slow", "wall": 0.5, "target": 0.1,
                    "status": [0], "rss_mb": 1, "rounds": (0.4, 0.7)})
    out = tmp_path / "RESULTS.md"
    run.write_results(results, str(out))
    text = out.read_text(encoding="utf-8")
    assert "| `qcity --version` |" in text and "| `qcity slow` | 0.500 | 0.400–0.700 | 0.10 | no |" in text
