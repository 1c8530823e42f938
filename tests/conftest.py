from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture
def repo_root(monkeypatch):
    """Run with the bundled project (targets/, data/) as the working directory."""
    monkeypatch.chdir(REPO)
    return REPO


@pytest.fixture
def project_dir(tmp_path, monkeypatch):
    """An empty project (targets/ and data/) as the working directory."""
    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path
