"""Rendered output: golden files for every format, and the safety of what is written.

Regenerate the golden files after an intended change with
``QCITY_UPDATE_GOLDEN=1 python -m pytest tests/test_render.py`` and review the diff.
"""

import os
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcity.cli import cli
from qcity.output import write_atomic
from qcity.render import FORMATS, render
from qcity.render.csv_ import safe_cell
from qcity.evaluation.report import MetricResult, PlanInfo, Report, StageInfo

from demo import DEMO_PLAN

GOLDEN = Path(__file__).parent / "golden"
EXT = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json", "html": "html",
       "latex": "tex", "junit": "xml", "github": "txt"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_golden(fmt, lang, repo_root):
    result = CliRunner().invoke(cli, ["check", "zhengzhou", "--as-of", "2026-11-21",
                                      "--format", fmt, "--lang", lang], catch_exceptions=False)
    assert result.exit_code == 1
    golden = GOLDEN / f"zhengzhou.{lang}.{fmt}.{EXT[fmt]}"
    if os.environ.get("QCITY_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8", newline="")
    assert result.stdout == golden.read_text(encoding="utf-8")


def _report(name="合格率", note_value="95", source=None) -> Report:
    return Report(plan=PlanInfo(id="p", city="测试市", title="T <b>&"), as_of=date(2016, 1, 1),
                  evaluated_at=date(2015, 12, 31),
                  stage=StageInfo(id="s", name="S", start=date(2015, 1, 1), end=date(2015, 12, 31)),
                  metrics=[MetricResult(id="m", name=name, unit="%", target=">= 90",
                                        threshold=Decimal(90), due=date(2015, 12, 31),
                                        status="pass", standing="pass",
                                        actual=Decimal(note_value), period="2015",
                                        margin=Decimal(5), source=source)])


@pytest.mark.parametrize("cell,safe", [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1,1)", "'@SUM(1,1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("-10", "-10"), ("+5", "+5"), ("-0.5", "-0.5"), ("97.9%", "97.9%"), ("合格率", "合格率"),
])
def test_csv_cells_cannot_be_formulas(cell, safe):
    assert safe_cell(cell) == safe


def test_csv_report_neutralises_plan_text():
    text = render([_report(name="=cmd|' /C calc'!A0")], "csv")
    assert "'=cmd|' /C calc'!A0" in text
    assert ",=cmd" not in text


def test_html_escapes_plan_and_data_text():
    text = render([_report(name="<script>alert(1)</script>")], "html")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "T &lt;b&gt;&amp;" in text


def test_html_is_self_contained(repo_root):
    result = CliRunner().invoke(cli, ["check", "zhengzhou", "--as-of", "2026-11-21",
                                      "--format", "html"])
    for needle in ("<script", "<link", "src=", "@import", "url("):
        assert needle not in result.stdout


def test_html_chart_for_metrics_with_several_observations(monkeypatch):
    monkeypatch.chdir(Path(__file__).parent / "cases" / "sustained")
    result = CliRunner().invoke(cli, ["check", "case", "--as-of", "2015-06-30", "--format",
                                      "html"])
    assert result.stdout.count("<svg") == 3  # four metrics, one with a single observation
    assert 'stroke-dasharray="4 3"' in result.stdout  # the threshold line


def test_junit_counts_fail_and_missing_as_failures(repo_root):
    import xml.etree.ElementTree as ET
    result = CliRunner().invoke(cli, ["check", "yongkang-2020", "--as-of", "2026-11-21",
                                      "--format", "junit"])
    suite = ET.fromstring(result.stdout).find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 42 == int(suite.get("tests"))  # due metrics only, not the indicators
    assert int(suite.get("failures")) == 42
    kinds = {c.find("failure").get("type") for c in cases}
    assert kinds == {"missing"}  # the 2018 figures are too old to judge the 2020 targets


def test_output_format_from_extension(project_with_report):
    for name, marker in (("r.md", "## "), ("r.html", "<!DOCTYPE html>"), ("r.csv", "id,"),
                         ("r.json", '"verdict"'), ("r.xml", "<testsuites")):
        result = CliRunner().invoke(cli, ["check", "demo", "--as-of", "2016-01-01", "-o", name])
        assert result.exit_code == 0
        assert marker in Path(name).read_text(encoding="utf-8")


def test_excel_csv_has_a_bom(project_with_report):
    CliRunner().invoke(cli, ["check", "demo", "--as-of", "2016-01-01", "--format", "csv",
                             "--excel", "-o", "r.csv"])
    raw = Path("r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "合格率".encode("utf-8") in raw


def test_atomic_write_keeps_the_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old report")

    class Boom(Exception):
        pass

    def failing_fsync(fd):
        raise Boom()

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(Boom):
        write_atomic(str(target), "new report")
    assert target.read_text() == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary left


@pytest.fixture
def project_with_report(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(DEMO_PLAN, encoding="utf-8")
    (project_dir / "data" / "demo.csv").write_text("metric,period,value\nrate,2015,95\n")
    return project_dir


def _browser():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.mark.skipif(_browser() is None, reason="no Chromium installed")
def test_html_screenshot_in_headless_chromium(tmp_path, monkeypatch):
    """Render the HTML report in a real browser and check a picture comes out.

    Set QCITY_SCREENSHOT=/some/file.png to keep the picture and look at it.
    """
    monkeypatch.chdir(Path(__file__).parent / "cases" / "sustained")
    page = tmp_path / "report.html"
    CliRunner().invoke(cli, ["check", "case", "--as-of", "2015-06-30", "-o", str(page)])
    shot = Path(os.environ.get("QCITY_SCREENSHOT", tmp_path / "report.png"))
    subprocess.run([_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars",
                    "--window-size=1280,900", f"--screenshot={shot}", page.as_uri()],
                   check=True, timeout=120, capture_output=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 900)
    assert len(data) > 20_000  # a blank page compresses to a few KB; a report does not


def test_output_file_gets_ordinary_permissions(project_with_report):
    os.umask(0o022)
    CliRunner().invoke(cli, ["check", "demo", "--as-of", "2016-01-01", "-o", "r.json"])
    assert Path("r.json").stat().st_mode & 0o777 == 0o644
    os.chmod("r.json", 0o640)
    CliRunner().invoke(cli, ["check", "demo", "--as-of", "2016-01-01", "-o", "r.json"])
    assert Path("r.json").stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode


def test_json_output_is_not_written_on_bad_input(project_with_report):
    Path("r.json").write_text("previous")
    Path("data/demo.csv").write_text("metric,period,value\nrate,2015-13,95\n")
    result = CliRunner().invoke(cli, ["check", "demo", "--format", "json", "-o", "r.json"])
    assert result.exit_code == 2
    assert Path("r.json").read_text() == "previous"
    assert not [p for p in Path(".").iterdir() if p.name.startswith(".qcity-")]
