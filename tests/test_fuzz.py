"""Fuzzing the loaders: generated and mutated input may only ever give a result
or a QcityError whose every diagnostic has a place; never another exception.

Bounded (a few hundred examples each) so the suite stays quick in CI.
"""

import os
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qcity.actuals import parallel, scanning
from qcity.actuals import read_actuals
from qcity.evaluation.engine import evaluate, evaluation_window
from qcity.errors import QcityError
from qcity.plan.loading import load_plan

REPO = Path(__file__).resolve().parent.parent
PLAN_TEXT = (REPO / "targets" / "zhengzhou.yaml").read_bytes()
DATA_TEXT = (REPO / "data" / "zhengzhou.csv").read_bytes()
# half as many again as the profile gives (tests/conftest.py: more in CI); QCITY_FUZZ_EXAMPLES
# sets the number outright for a long local run
FUZZ = settings(max_examples=int(os.environ.get("QCITY_FUZZ_EXAMPLES")
                                 or settings.default.max_examples * 3 // 2), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _plan():
    return load_plan(str(REPO / "targets" / "zhengzhou.yaml"))


def _assert_placed(exc: QcityError, path: str):
    assert exc.diagnostics
    for d in exc.diagnostics:
        assert d.location.path == path
        assert d.location.line is None or d.location.line >= 1
        assert d.message


def _try_plan(path: Path):
    try:
        plan = load_plan(str(path))
    except QcityError as exc:
        _assert_placed(exc, str(path))
        return None
    return plan


def _read(path: Path, plan, window):
    try:
        return read_actuals([str(path)], plan, window=window), None
    except QcityError as exc:
        _assert_placed(exc, str(path))
        return None, [str(d) for d in exc.diagnostics]


def _try_data(path: Path, plan):
    """The plain read and the fast (windowed) read must agree to the letter:
    the same diagnostics, or the same report."""
    # the acceptance stage's end: every target due then is judged on figures up to E, the
    # plain way the fast paths fill (tests/test_rules_of_time.py compares series metrics)
    as_of = date(2015, 6, 30)
    plain, plain_errors = _read(path, plan, None)
    compiled, compiled_errors = _read(path, plan, evaluation_window(plan, as_of))
    saved = parallel.MIN_BYTES, scanning.ENABLED
    try:
        scanning.ENABLED = False  # the pure-Python fast path
        fast, fast_errors = _read(path, plan, evaluation_window(plan, as_of))
        parallel.MIN_BYTES = 1  # the two-process split, forced on
        split, split_errors = _read(path, plan, evaluation_window(plan, as_of))
    finally:
        parallel.MIN_BYTES, scanning.ENABLED = saved
    assert plain_errors == fast_errors == split_errors == compiled_errors
    if plain is None:
        return None
    assert [str(d) for d in plain.diagnostics] == [str(d) for d in fast.diagnostics] == \
        [str(d) for d in split.diagnostics] == [str(d) for d in compiled.diagnostics]
    # whatever loads must evaluate without error, the same every way
    report = evaluate(plan, plain, as_of=as_of).model_dump_json()
    assert evaluate(plan, fast, as_of=as_of).model_dump_json() == report
    assert evaluate(plan, split, as_of=as_of).model_dump_json() == report
    assert evaluate(plan, compiled, as_of=as_of).model_dump_json() == report
    return plain


csv_chars = st.sampled_from(list("0123456789.,-%/\"\n\r HQ是否ａ９％\x00\t") +
                            ["pm25", "sewage-treatment-rate-urban", "pm10-reduction", "2013",
                             "2014-Q2", "yes", "1e9", "metric", "period", "value",
                             # data as typed (#14): placeholders, spellings, fractions
                             "—", "暂无", "2016年", "2016Q3", "0.5", "−1", "指标", "修订"])


@FUZZ
@given(st.lists(csv_chars, max_size=60), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
# found by a long run: a lone CR stops the csv module; the split read must stop there too
@example(pieces=["\r", "sewage-treatment-rate-urban", "\n", "0"], encoding="utf-8")
def test_generated_csv(tmp_path_factory, pieces, encoding):
    path = tmp_path_factory.mktemp("csv") / "d.csv"
    path.write_bytes(("metric,period,value\n" + "".join(pieces)).encode(encoding))
    _try_data(path, _plan())


@FUZZ
@given(st.binary(max_size=300))
@example(blob=b"\x80\n\n\x01")  # found by a long run: an undecodable header, split read
def test_random_bytes_as_csv(tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("csv") / "d.csv"
    path.write_bytes(blob)
    _try_data(path, _plan())


@st.composite
def mutated(draw, original: bytes):
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "duplicate-line"]))
        if kind == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "replace":
            data[at] = draw(st.integers(0, 255))
        else:
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            data[start:start] = data[start:end]
    return bytes(data)


@FUZZ
@given(mutated(PLAN_TEXT))
def test_mutated_bundled_plan(tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("plan") / "zhengzhou.yaml"
    path.write_bytes(blob)
    plan = _try_plan(path)
    if plan is not None:
        _try_data(REPO / "data" / "zhengzhou.csv", plan)


@FUZZ
@given(mutated(DATA_TEXT))
def test_mutated_bundled_data(tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("csv") / "zhengzhou.csv"
    path.write_bytes(blob)
    _try_data(path, _plan())


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=12), st.sampled_from([">= 90", "=> 1", "achieved",
                                                           "decrease >= 21%", "2015-Q2"]))
KEYS = st.sampled_from(["qcity", "id", "city", "title", "stages", "metrics", "areas", "target",
                        "name", "start", "end", "due", "baseline", "period", "value", "weight",
                        "x"])


def _containers(inner):
    return st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=6))


documents = st.recursive(scalars, _containers, max_leaves=25)


@FUZZ
@given(documents)
def test_generated_yaml_documents(tmp_path_factory, document):
    path = tmp_path_factory.mktemp("plan") / "p.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    _try_plan(path)


@FUZZ
@given(st.dictionaries(st.sampled_from(["id", "name", "area", "unit", "target", "mode",
                                        "due", "weight", "veto", "milestones", "baseline"]),
                       scalars, max_size=8))
def test_generated_metric_in_a_valid_plan(tmp_path_factory, metric):
    plan = yaml.safe_load(PLAN_TEXT.decode("utf-8"))
    plan["metrics"].append(metric)
    path = tmp_path_factory.mktemp("plan") / "zhengzhou.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    loaded = _try_plan(path)
    if loaded is not None:
        _try_data(REPO / "data" / "zhengzhou.csv", loaded)
