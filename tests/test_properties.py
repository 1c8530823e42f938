"""Properties of the parsers and operators, checked on generated input."""

import calendar
from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from qcity.plan.periods import parse_period
from qcity.plan.targets import ChangeTarget, LevelTarget, compare, parse_target
from qcity.values import format_decimal, parse_decimal

decimals = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False,
                       allow_infinity=False)
ops = st.sampled_from([">=", ">", "<=", "<", "=="])
_PY = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
       "<": lambda a, b: a < b, "==": lambda a, b: a == b}


@given(ops, decimals, decimals)
def test_compare_agrees_with_exact_rationals(op, actual, threshold):
    assert compare(op, actual, threshold) == _PY[op](Fraction(actual), Fraction(threshold))


@given(ops, decimals)
def test_boundary_is_inclusive_only_for_inclusive_operators(op, value):
    assert LevelTarget(op, value).passes(value) == (op in (">=", "<=", "=="))


@given(ops, decimals, decimals)
def test_margin_sign_matches_pass(op, actual, threshold):
    target = LevelTarget(op, threshold)
    margin = target.margin(actual)
    if op in (">=", "<=", "=="):
        assert target.passes(actual) == (margin >= 0)
    else:
        assert target.passes(actual) == (margin > 0)


@given(ops, decimals)
def test_target_text_round_trips(op, value):
    target = LevelTarget(op, value)
    assert parse_target(str(target)) == target


@given(decimals)
def test_decimal_text_round_trips_exactly(value):
    assert parse_decimal(format_decimal(value)) == value
    assert parse_decimal(format_decimal(value) + "%", allow_percent=True) == value


@given(st.sampled_from(["increase", "decrease"]),
       st.decimals(min_value=Decimal("0.001"), max_value=10**5, places=3),
       st.decimals(min_value=0, max_value=10**5, places=3),
       st.decimals(min_value=0, max_value=100, places=2))
def test_relative_change_decision_is_exact(direction, baseline, actual, percent):
    target = ChangeTarget(direction, ">=", percent, True)
    delta = (actual - baseline) if direction == "increase" else (baseline - actual)
    exact = Fraction(delta) * 100 / Fraction(baseline)
    assert target.passes(baseline, actual) == (exact >= Fraction(percent))


years = st.integers(min_value=1900, max_value=2100)


@st.composite
def periods(draw):
    year = draw(years)
    kind = draw(st.sampled_from(["Y", "H", "Q", "M", "D"]))
    if kind == "Y":
        return f"{year}"
    if kind == "H":
        return f"{year}-H{draw(st.integers(1, 2))}"
    if kind == "Q":
        return f"{year}-Q{draw(st.integers(1, 4))}"
    month = draw(st.integers(1, 12))
    if kind == "M":
        return f"{year}-{month:02d}"
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return f"{year}-{month:02d}-{day:02d}"


@given(periods())
def test_periods_parse_within_their_year(text):
    p = parse_period(text)
    year = int(text[:4])
    assert date(year, 1, 1) <= p.start <= p.end <= date(year, 12, 31)
    assert p.text == text
    assert parse_period(text.replace("-", "－")) == p  # full-width hyphen


@given(periods(), periods())
def test_interval_spans_both_ends(a, b):
    pa, pb = parse_period(a), parse_period(b)
    if pb.end < pa.end or pb.start < pa.start:
        return
    p = parse_period(f"{a}/{b}")
    assert (p.start, p.end) == (pa.start, pb.end)


@given(periods(), periods())
def test_ordering_is_by_end_then_longer(a, b):
    pa, pb = parse_period(a), parse_period(b)
    if pa.end != pb.end:
        assert (pa.sort_key > pb.sort_key) == (pa.end > pb.end)
    elif pa.start != pb.start:
        assert (pa.sort_key > pb.sort_key) == (pa.start < pb.start)


@settings(max_examples=300)
@given(st.text(max_size=20))
def test_period_parser_only_raises_value_error(text):
    try:
        p = parse_period(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert p.start <= p.end


@settings(max_examples=300)
@given(st.text(max_size=20))
def test_decimal_parser_only_raises_value_error(text):
    try:
        value = parse_decimal(text, allow_percent=True)
    except ValueError as exc:
        assert str(exc)
    else:
        assert value.is_finite()


def test_absurd_magnitudes_are_refused():
    import pytest

    for text in ("1e999999999", "1e-999999999", "9" * 41):
        with pytest.raises(ValueError, match="out of range"):
            parse_decimal(text)


# The target grammar an editor checks (qcity schema) and the parser agree: whatever
# matches the pattern parses, and the parser refuses whatever does not (issue #13).
_TARGET_PIECES = list("0123456789０１２.．%％><=≥≤~～—±+- 　") + [
    "increase", "decrease", "achieved", "Achieved", "yes", "达成", "province-avg", "pm25",
    "1e3", "+/-", "至", "ＩＮＣＲＥＡＳＥ", "\u2212", "9" * 41]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_TARGET_PIECES), min_size=1, max_size=8))
def test_target_grammar_and_parser_agree(pieces):
    import re

    from qcity.plan.grammar import TARGET_PATTERN

    text = "".join(pieces)
    try:
        parse_target(text)
        parsed = True
    except ValueError:
        parsed = False
    assert parsed == bool(re.match(TARGET_PATTERN, text)), text


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.from_regex(r"\A(?:(?:increase|decrease) ?>=? ?|(?:>=?|<=?|==?) ?)[+-]?"
                               r"[0-9]{1,40}(?:\.[0-9]{1,40})?%?\Z"),
                 st.sampled_from(["achieved", "yes", "true", "完成", "达成"]),
                 st.lists(st.sampled_from(_TARGET_PIECES), min_size=1, max_size=6).map("".join)))
def test_plain_targets_are_a_subset_of_the_grammar(text):
    """The parser's shortcut for common targets never accepts what the grammar refuses."""
    import re

    from qcity.plan.grammar import TARGET_PATTERN
    from qcity.plan.targets import PLAIN_TARGET

    if PLAIN_TARGET.match(text):
        assert re.match(TARGET_PATTERN, text), text
