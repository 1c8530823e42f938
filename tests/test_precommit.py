"""The README's pre-commit configurations work as written, from a fresh project.

Both YAML snippets of the README's "pre-commit" section are used verbatim (the
second with ``repo:`` and ``rev:`` pointed at this clone and its ``HEAD``): the
hook must stop a commit with a broken data file, naming the problem, and let a
good one through.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROJECT = Path(__file__).parent / "readme" / "bad-data"

pytestmark = pytest.mark.skipif(
    shutil.which("pre-commit", path=f"{Path(sys.executable).parent}{os.pathsep}"
                 f"{os.environ.get('PATH', '')}") is None or shutil.which("git") is None,
    reason="pre-commit or git not installed")


def readme_configs() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### pre-commit", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def _env(tmp_path: Path) -> dict:
    return dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"),
                PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")


def _project(tmp_path: Path, config: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    (root / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    env = _env(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    return root


def _run(root: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=root,
                          env=_env(tmp_path), capture_output=True, text=True, timeout=600)


def _stops_bad_data_and_passes_good(root: Path, tmp_path: Path) -> None:
    bad = _run(root, tmp_path)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "qcity validate" in bad.stdout and "Failed" in bad.stdout
    assert 'data/demo.csv:2:3: error Q203: value: "9O" is not a number' in bad.stdout
    (root / "data" / "demo.csv").write_text("metric,period,value\nrate,2015,91\ncount,2015,2\n",
                                            encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=_env(tmp_path))
    good = _run(root, tmp_path)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_readme_shows_two_configurations():
    configs = readme_configs()
    assert len(configs) == 2
    assert "repo: local" in configs[0]
    assert re.search(r"rev: [0-9a-f]{40}\b", configs[1])  # a commit id: there are no tags
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    files = re.search(r"files: (.*)", hooks).group(1)
    assert files == re.search(r"files: (.*)", configs[0]).group(1)  # one pattern for both


def test_local_hook_as_written(tmp_path):
    root = _project(tmp_path, readme_configs()[0])
    _stops_bad_data_and_passes_good(root, tmp_path)


@pytest.mark.skipif(not os.environ.get("QCITY_SLOW_TESTS"),
                    reason="builds qcity in a fresh environment (30 s): QCITY_SLOW_TESTS=1")
@pytest.mark.skipif(subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"],
                                   capture_output=True).returncode != 0,
                    reason="not a git clone (CI copies the files)")
def test_hook_from_this_repository_pinned_to_a_commit(tmp_path):
    """pre-commit clones this repository at HEAD and installs qcity from it."""
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    config = re.sub(r"repo: \S+", f"repo: {REPO}", readme_configs()[1], count=1)
    config = re.sub(r"rev: [0-9a-f]{40}", f"rev: {head}", config)
    root = _project(tmp_path, config)
    _stops_bad_data_and_passes_good(root, tmp_path)
