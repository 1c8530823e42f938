"""A corpus of broken plans and data files: each gives its code at its place.

``tests/corpus/expected.yaml`` lists every file with the code, line and
column of the first diagnostic it must produce.  ``validate`` must report it
(exit 1), ``check`` must print it as one line and exit 2 — or, for problems
that are only warnings, not fail on them — and neither may raise.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from corpus import generated
from qcity.cli import cli
from qcity.codes import CODES
from qcity.errors import WARNING
from qcity.project import Project
from qcity.validate import validate

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
WARNING_CODES = {"Q006", "Q206", "Q208", "Q211", "Q215", "Q217"}


def _first(diagnostics, code):
    matching = [d for d in diagnostics if d.code == code]
    assert matching, f"no {code} in {[str(d) for d in diagnostics]}"
    return matching[0]


def _assert_place(diagnostic, path, want):
    assert diagnostic.location.path == str(path)
    assert diagnostic.location.line == want["line"]
    if "col" in want:
        assert diagnostic.location.col == want["col"]


def test_corpus_is_large_enough():
    assert len(EXPECTED["plans"]) + len(EXPECTED["data"]) >= 30
    for want in list(EXPECTED["plans"].values()) + list(EXPECTED["data"].values()):
        assert want["code"] in CODES


@pytest.mark.parametrize("name", sorted(EXPECTED["plans"]))
def test_broken_plan(name, monkeypatch):
    monkeypatch.chdir(CORPUS)
    _assert_broken_plan(Path("targets") / f"{name}.yaml", EXPECTED["plans"][name])


@pytest.mark.parametrize("name", sorted(generated.PLANS))
def test_generated_plan(name, tmp_path, monkeypatch):
    """Plans made by tests/corpus/generated.py (deep, huge, aliased …): the same promise."""
    shutil.copytree(CORPUS / "targets", tmp_path / "targets", dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    case = generated.PLANS[name]
    path = Path("targets") / f"{name}.yaml"
    content = case.make(name)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    want = {"code": case.code, "line": case.line}
    if case.col is not None:
        want["col"] = case.col
    if case.crashes:  # the old failure killed the interpreter: only a child may meet it
        place = f"{path}:{want['line']}:{want.get('col', '')}"
        for command, status in (("check", 2), ("validate", 1), ("plans", 2)):
            run = subprocess.run([sys.executable, "-m", "qcity", command]
                                 + ([] if command == "plans" else [str(path)]),
                                 capture_output=True, text=True, timeout=120)
            assert run.returncode == status, run.stderr[-2000:]
            assert "Traceback" not in run.stderr
            lines = (run.stdout if command == "validate" else run.stderr).splitlines()
            assert any(line.startswith(place) for line in lines), lines
            if command == "check":
                assert lines[0].startswith(place)
        return
    _assert_broken_plan(path, want)


def test_generated_cases_know_the_limits():
    from qcity.actuals import limits
    from qcity.plan.yamlsafe import MAX_DEPTH

    assert generated.MAX_DEPTH == MAX_DEPTH
    assert (generated.MAX_FIELD, generated.MAX_LINE, generated.MAX_COLUMNS) == (
        limits.MAX_FIELD, limits.MAX_LINE, limits.MAX_COLUMNS)


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])
@pytest.mark.parametrize("name", sorted(generated.DATA))
def test_generated_data(name, compiled, tmp_path, monkeypatch):
    """Data files made by tests/corpus/generated.py: one placed line each, the same on
    the Python reader and the compiled one."""
    from qcity.actuals import scanning

    if compiled and scanning._scan is None:
        pytest.skip("built without the compiled reader")
    monkeypatch.setattr(scanning, "ENABLED", compiled)
    shutil.copytree(CORPUS / "targets", tmp_path / "targets", dirs_exist_ok=True)
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    case = generated.DATA[name]
    plan_id = name if case.plan else "corpus"
    if case.plan:
        Path("targets", f"{name}.yaml").write_text(case.plan.format(id=name), encoding="utf-8")
    path = Path("data") / f"{plan_id}.csv"
    content = case.make(name)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    want = {"code": case.code, "line": case.line}
    if case.col is not None:
        want["col"] = case.col
    result = validate(Project(Path(".")), [str(path)])
    _assert_place(_first(result.diagnostics, want["code"]), path, want)

    # color=True: as on a terminal, where click passes escape sequences through
    run = CliRunner().invoke(cli, ["validate", str(path)], catch_exceptions=False, color=True)
    assert run.exit_code == (0 if want["code"] in WARNING_CODES else 1)
    lines = run.stdout.splitlines()
    assert not any(line.startswith("ok:") for line in lines[:-1]), "a forged line"
    assert "\x1b" not in run.stdout, "an escape sequence reaches the terminal"
    assert max(map(len, lines)) < 1000, "a message repeats a long value in full"

    run = CliRunner().invoke(cli, ["check", plan_id, "--as-of", "2016-01-01"],
                             catch_exceptions=False, color=True)
    assert run.exit_code in ((0, 1) if want["code"] in WARNING_CODES else (2,)), run.output
    assert any(line.startswith(f"{path}:{want['line']}:") for line in run.stderr.splitlines())
    assert "\x1b" not in run.output and "\u200b" not in run.stderr  # inert, visible


def _assert_broken_plan(path, want):
    result = validate(Project(Path(".")), [str(path)])
    diagnostic = _first(result.diagnostics, want["code"])
    _assert_place(diagnostic, path, want)
    errors = [d for d in result.diagnostics if d.severity != WARNING]
    assert errors and errors[0] == diagnostic, "the expected problem is the first error"

    run = CliRunner().invoke(cli, ["check", str(path)], catch_exceptions=False)
    assert run.exit_code == 2
    lines = run.stderr.splitlines()
    assert lines[0].startswith(f"{path}:{want['line']}:")
    assert "Traceback" not in run.output
    assert max(map(len, lines)) < 1000, "a message repeats a long value in full"

    run = CliRunner().invoke(cli, ["validate", str(path)], catch_exceptions=False)
    assert run.exit_code == 1
    assert f"error {want['code']}" in run.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED["data"]))
def test_broken_data(name, monkeypatch):
    monkeypatch.chdir(CORPUS)
    want = EXPECTED["data"][name]
    path = Path("data") / "corpus" / f"{name}.csv"
    if name.startswith("../"):
        path = Path("data") / f"{name[3:]}.csv"
    result = validate(Project(Path(".")), [str(path)])
    diagnostic = _first(result.diagnostics, want["code"])
    _assert_place(diagnostic, path, want)

    run = CliRunner().invoke(cli, ["validate", str(path)], catch_exceptions=False)
    is_warning = want["code"] in WARNING_CODES
    assert run.exit_code == (0 if is_warning else 1)
    if is_warning:
        strict = CliRunner().invoke(cli, ["validate", "--strict", str(path)])
        assert strict.exit_code == 1
    if name.startswith("../"):
        return
    run = CliRunner().invoke(cli, ["check", "corpus", "--data", str(path), "--as-of",
                                   "2016-01-01"], catch_exceptions=False)
    assert "Traceback" not in run.output
    if is_warning:
        assert run.exit_code in (0, 1)
        assert f"{path}:{want['line']}:" in run.stderr
    else:
        assert run.exit_code == 2
        assert any(line.startswith(f"{path}:{want['line']}:") for line in run.stderr.splitlines())


def _broken_workbook(folder: Path, name: str) -> Path:
    import workbooks as w

    path = folder / name
    header = ["指标", "期间", "数值"]
    made = {
        "truncated.xlsx": lambda: w.write_truncated(path, {"S": [header]}),
        "encrypted.xlsx": lambda: w.write_encrypted(path, {"S": [header, ["rate", "2014", 95]]}),
        "text-named.xlsx": lambda: path.write_bytes(b"metric,period,value\nrate,2014,95\n"),
        "html-named.xls": lambda: path.write_bytes(b"<html><table><tr><td>95</td></tr></table>"),
        "empty.xlsx": lambda: path.write_bytes(b""),
        "far-cells.xlsx": lambda: w.write_far_cells(path),
        "no-header.xlsx": lambda: w.write_xlsx(path, {"S": [["合格率", 95]]}),
        "bad-value.xlsx": lambda: w.write_xlsx(path, {"指标": [header, ["rate", "2014", 95],
                                                              ["rate", "2015", "9O"]]}),
        "formula-without-result.xlsx": lambda: w.write_xlsx(
            path, {"S": [header, ["rate", "2014", w.Formula("=90+5")]]}),
        "error-cell.xlsx": lambda: w.write_xlsx(path, {"S": [header, ["rate", "2014", w.Error()]]}),
        "bad-period.ods": lambda: w.write_ods(path, {"S": [header, ["rate", "2014年13月", 95]]}),
        "lacking-column.xlsx": lambda: w.write_xlsx(path, {"S": [["标题"], ["指标", "数值"],
                                                                 ["rate", 95]]}),
        "formula-without-result.ods": lambda: w.write_ods(
            path, {"S": [header, ["rate", "2014", w.Formula("=90+5")]]}),
        "bad-period-heading.xlsx": lambda: w.write_xlsx(
            path, {"S": [["指标", "2014年", "2015年13月"], ["rate", 95, 96]]}),
        "ambiguous-period-number.xlsx": lambda: w.write_xlsx(
            path, {"S": [header, ["rate", 2015.1, 95]]}),
    }
    made[name]()
    return path


@pytest.mark.parametrize("name", sorted(EXPECTED["workbooks"]))
def test_broken_workbook(name, tmp_path, monkeypatch):
    import shutil

    shutil.copytree(CORPUS / "targets", tmp_path / "targets")
    (tmp_path / "data" / "corpus").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    want = EXPECTED["workbooks"][name]
    path = _broken_workbook(Path("data") / "corpus", name)
    result = validate(Project(Path(".")), [str(path)])
    errors = [d for d in result.diagnostics if d.severity != WARNING]
    assert errors and (str(errors[0].location), errors[0].code) == (want["where"], want["code"])
    run = CliRunner().invoke(cli, ["check", "corpus", "--data", str(path), "--as-of",
                                   "2016-01-01"], catch_exceptions=False)
    assert run.exit_code == 2 and "Traceback" not in run.output
    assert run.stderr.startswith(want["where"] + ": ")
    run = CliRunner().invoke(cli, ["validate", str(path)], catch_exceptions=False)
    assert run.exit_code == 1 and f"{want['where']}: error {want['code']}" in run.stdout


def test_oversized_plan_is_refused_quickly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "targets").mkdir()
    (tmp_path / "targets" / "big.yaml").write_text("a: 1\n# " + "x" * (2 << 20) + "\n")
    run = CliRunner().invoke(cli, ["check", "big", "--lang", "en"], catch_exceptions=False)
    assert run.exit_code == 2
    assert run.stderr.startswith("targets/big.yaml:1:1: error Q004: file is larger than 1024 KiB")


def test_validate_bundled_project_is_clean(repo_root):
    run = CliRunner().invoke(cli, ["validate"], catch_exceptions=False)
    assert run.exit_code == 0, run.stdout
    assert " 0 errors" not in run.stdout or run.stdout.rstrip().endswith("in 4 files")
    assert "error Q" not in run.stdout


def test_validate_json_and_github_formats(monkeypatch):
    monkeypatch.chdir(CORPUS)
    import json
    path = "targets/unknown-operator.yaml"
    run = CliRunner().invoke(cli, ["validate", "--format", "json", path])
    items = json.loads(run.stdout)
    assert items[0] == {"path": path, "line": 14, "col": 45, "cell": None, "severity": "error",
                        "code": "Q101", "name": "bad-target", "key": "metrics[3].target",
                        "message": 'unknown operator "=>" (use one of >=, >, <=, <, ==)',
                        "message_key": "target.operator", "args": {"op": "=>"}}
    run = CliRunner().invoke(cli, ["validate", "--format", "github", path])
    assert run.stdout.splitlines()[0] == (
        "::error file=targets/unknown-operator.yaml,line=14,col=45,title=Q101 bad-target::"
        'metrics[3].target: unknown operator "=>" (use one of >=, >, <=, <, ==)')
    assert run.exit_code == 1


def test_validate_ignore_and_strict(repo_root):
    run = CliRunner().invoke(cli, ["validate", "--strict"])
    assert run.exit_code == 1  # bundled plans have metrics with no published data (Q217)
    run = CliRunner().invoke(cli, ["validate", "--strict", "--ignore", "Q217"])
    assert run.exit_code == 0, run.stdout
    assert run.stdout.startswith("ok: 8 files checked")


def test_validate_missing_path_is_usage_error(repo_root):
    run = CliRunner().invoke(cli, ["validate", "nowhere.csv"])
    assert run.exit_code == 2
    assert "no such file" in run.stderr


def test_schema_file_is_current(repo_root):
    run = CliRunner().invoke(cli, ["schema"])
    assert run.exit_code == 0
    committed = (repo_root / "qcity-plan.schema.json").read_text(encoding="utf-8")
    assert run.stdout == committed, "run: qcity schema --output qcity-plan.schema.json"
