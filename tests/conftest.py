import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property and fuzz tests without their own count take it from the profile: a local run
# the Hypothesis default, CI more (.ci/run sets QCITY_HYPOTHESIS_PROFILE=ci); the fuzz
# suites scale from it, and QCITY_FUZZ_EXAMPLES sets theirs outright for a long run.
settings.register_profile("local", max_examples=100)
settings.register_profile("ci", max_examples=200)
settings.load_profile(os.environ.get("QCITY_HYPOTHESIS_PROFILE", "local"))

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
