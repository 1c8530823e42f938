"""Sub-unit figures on the data side: the fill-in template asks each 县区 for its figure
of an aggregate metric, and a revision of one county's figure revises that county's only."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcity.cli import cli

CASE = Path(__file__).parent / "cases" / "subunits"
COUNTIES = ["甲县", "乙县", "丙县", "丁县", "戊区"]


def run(root, *args):
    return CliRunner().invoke(cli, [*args, "--root", str(root)], catch_exceptions=False)


def both(project):
    return ["--data", str(project / "data" / "case.csv"),
            "--data", str(project / "data" / "revised.csv")]


@pytest.fixture
def project(tmp_path):
    shutil.copytree(CASE / "targets", tmp_path / "targets")
    (tmp_path / "data").mkdir()
    return tmp_path


def test_the_template_has_a_row_for_each_county_of_an_aggregate_metric(project):
    lines = run(project, "template", "case").stdout.splitlines()
    assert lines[0].startswith("subunit,metric,")
    farm = [line.split(",") for line in lines if ",farm-inputs-pass-rate," in line]
    assert [row[0] for row in farm] == COUNTIES and {row[6] for row in farm} == {"≥90%"}
    # a county's own condition for a share or count, not the city-wide share
    count = [line.split(",") for line in lines if ",counties-at-standard," in line]
    assert {row[6] for row in count} == {"≥90分"}
    assert [line.split(",")[0] for line in lines if ",city-only," in line] == [""]


def test_a_filled_in_template_gives_the_counties_figures(project):
    import openpyxl

    assert run(project, "template", "case", "-o", str(project / "填报表.xlsx")).exit_code == 0
    book = openpyxl.load_workbook(project / "填报表.xlsx")
    sheet = book["填报表"]
    rows = list(sheet.iter_rows(min_row=4))
    figures = dict(zip(COUNTIES, (88, 91, 92, 89, 90)))
    for row in rows:
        if row[1].value == "farm-inputs-pass-rate":
            row[4].value = figures[row[0].value]
    book.save(project / "data" / "filled.xlsx")
    out = run(project, "check", "case", "--data", str(project / "data" / "filled.xlsx"), "--as-of", "2016-06-30",
              "--format", "json").stdout
    import json

    farm = next(m for m in json.loads(out)["metrics"] if m["id"] == "farm-inputs-pass-rate")
    assert (farm["status"], farm["actual"]) == ("pass", 90)
    assert [(s["name"], s["value"]) for s in farm["subunits"]] == list(figures.items())


def test_a_revision_revises_its_own_county_only(project):
    shutil.copy(CASE / "data" / "case.csv", project / "data" / "case.csv")
    (project / "data" / "revised.csv").write_text(
        "metric,period,subunit,value,revised\nfarm-inputs-pass-rate,2015,甲县,93,是\n",
        encoding="utf-8")
    out = run(project, "check", "case", *both(project), "--as-of", "2016-06-30", "--format", "json")
    import json

    farm = next(m for m in json.loads(out.stdout)["metrics"]
                if m["id"] == "farm-inputs-pass-rate")
    # the mean of 93, 91, 92, 89, 90: the other counties keep their figures
    assert farm["actual"] == 91 and farm["subunits"][0] == {
        "name": "甲县", "value": 93, "passes": None}
    assert "conflicts" not in out.stderr


def test_two_revisions_of_one_county_that_disagree_are_an_error(project):
    shutil.copy(CASE / "data" / "case.csv", project / "data" / "case.csv")
    (project / "data" / "revised.csv").write_text(
        "metric,period,subunit,value,revised\nfarm-inputs-pass-rate,2015,甲县,93,是\n"
        "farm-inputs-pass-rate,2015,乙县,94,是\nfarm-inputs-pass-rate,2015,甲县,95,是\n",
        encoding="utf-8")
    out = run(project, "check", "case", *both(project), "--as-of", "2016-06-30")
    assert out.exit_code == 2
    assert "(甲县)" in out.stderr and "乙县" not in out.stderr
