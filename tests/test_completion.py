"""Shell completion: plan, stage and metric ids from the project, formats from the choices."""

import os
import subprocess
import sys

import pytest
from click.shell_completion import ShellComplete

from qcity.cli import cli


def complete(words: str, monkeypatch=None) -> list[str]:
    """What bash would offer after ``words`` (the last word being completed)."""
    if monkeypatch is not None:
        monkeypatch.setenv("COMP_WORDS", words)
    args = words.split()[1:]
    incomplete = "" if words.endswith(" ") else args.pop()
    shell = ShellComplete(cli, {}, "qcity", "_QCITY_COMPLETE")
    return [item.value for item in shell.get_completions(args, incomplete)]


def test_plan_ids(repo_root):
    assert complete("qcity check ") == ["yongkang-2016", "yongkang-2020",
                                        "yongkang-benchmarking", "zhengzhou"]
    assert complete("qcity show zh") == ["zhengzhou"]
    assert complete("qcity template yongkang-2") == ["yongkang-2016", "yongkang-2020"]


def test_stage_ids_of_the_plan_named_before(repo_root, monkeypatch):
    assert complete("qcity check zhengzhou --stage ", monkeypatch) == [
        "prepare", "implement", "self-check", "acceptance"]
    assert complete("qcity trend zhengzhou pm25 --stage s", monkeypatch) == ["self-check"]


def test_metric_ids(repo_root):
    assert complete("qcity trend zhengzhou pm") == ["pm10-reduction", "pm25"]


def test_formats(repo_root):
    assert complete("qcity check --format j") == ["json", "junit"]


def test_nothing_outside_a_project_or_with_a_broken_plan(project_dir, monkeypatch):
    assert complete("qcity check ") == []
    (project_dir / "targets" / "bad.yaml").write_text("stages: [unclosed\n")
    assert complete("qcity check ") == ["bad"]
    assert complete("qcity check bad --stage ", monkeypatch) == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_activation_scripts_the_readme_names(shell):
    env = dict(os.environ, _QCITY_COMPLETE=f"{shell}_source")
    out = subprocess.run([sys.executable, "-m", "qcity"], env=env, capture_output=True,
                         text=True)
    assert out.returncode == 0 and "_QCITY_COMPLETE" in out.stdout
