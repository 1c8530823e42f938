"""Loading plan files: YAML with positions -> validated Plan, every error placed.

``read_plan`` returns the plan (or None) with every problem as a diagnostic,
for ``qcity validate``; ``load_plan`` raises them all as one PlanError, for
``qcity check``.
"""

from __future__ import annotations

import difflib
import os
from typing import Optional

from pydantic import ValidationError

from qcity.diagtext import TEXTS, Message, extended, key_of, message
from qcity.errors import WARNING, Diagnostic, Location, PlanError
from qcity.plan.checks import cross_check
from qcity.plan.model import Acceptance, Area, Baseline, Metric, Plan, Stage
from qcity.plan.partial import independent_problems
from qcity.plan.yamlsafe import Positions, format_path, load_yaml, texts
from qcity.values import hidden, shorten

MAX_PROBLEMS = 200  # problems of one plan reported (as data files: qcity.actuals.store)

# Where an unknown key sits (int indexes dropped) -> the model whose keys it may use.
_MODELS = {(): Plan, ("stages",): Stage, ("areas",): Area, ("metrics",): Metric,
           ("metrics", "baseline"): Baseline, ("acceptance",): Acceptance}


def plan_stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def read_plan(path: str) -> tuple[Optional[Plan], list[Diagnostic]]:
    try:
        data, positions = load_yaml(path)
    except PlanError as exc:
        return None, exc.diagnostics
    if not isinstance(data, dict):
        return None, [Diagnostic(Location(path, 1, 1), message("plan.not_mapping"), "Q100")]
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        found = [_diagnostic(path, positions, err) for err in errors[:MAX_PROBLEMS + 1]]
        # the whole-plan checks on what did validate: every problem in one run
        more = [_placed(path, positions, at, said, code,
                        at_key=len(at) > 1 and at[-2] == "milestones")
                for at, said, code in independent_problems(data, errors)]
        found = sorted(found + more, key=lambda d: (d.location.line or 0, d.location.col or 0))
        return None, _capped(path, found, exc.error_count() + len(more))
    problems = cross_check(plan)
    if plan.id != plan_stem(path):
        problems.append((("id",), message("plan.id_not_file", id=plan.id,
                                          stem=plan_stem(path)), "Q115"))
    # a problem with a mapping key (an unknown milestone stage) points at the key
    diagnostics = [_placed(path, positions, at, said, code,
                           at_key=len(at) > 1 and at[-2] == "milestones")
                   for at, said, code in problems]
    if diagnostics:
        return None, _capped(path, diagnostics, len(diagnostics))
    plan._path = path
    plan._places = {m.id: positions.find(("metrics", i, "id")) or (None, None)
                    for i, m in enumerate(plan.metrics)}
    return plan, _hidden_texts(path, data, positions)


def _capped(path: str, diagnostics: list[Diagnostic], count: int) -> list[Diagnostic]:
    """At most MAX_PROBLEMS of a plan's problems, and how many more there were: eight
    thousand lines say no more than two hundred."""
    if count <= MAX_PROBLEMS:
        return diagnostics
    last = diagnostics[MAX_PROBLEMS - 1].location  # shown after the last one kept
    return diagnostics[:MAX_PROBLEMS] + [Diagnostic(
        Location(path, last.line, last.col), message("plan.more_problems",
                                                     n=count - MAX_PROBLEMS, max=MAX_PROBLEMS),
        "Q000")]


def _hidden_texts(path: str, data, positions: Positions) -> list[Diagnostic]:
    """Warnings (for validate) of names and texts holding control, bidi or invisible
    characters: shown escaped in reports, but two names that differ only in them look
    the same, and whoever wrote them meant something else."""
    out = []
    for at, text in texts(data):
        chars = hidden(text)
        if chars:
            line, col = positions.find(at) or (None, None)
            out.append(Diagnostic(Location(path, line, col, format_path(at)),
                                  message("plan.hidden", text=shorten(text), chars=chars),
                                  "Q006", WARNING))
    return sorted(out, key=lambda d: (d.location.line or 0, d.location.col or 0))


def load_plan(path: str) -> Plan:
    plan, diagnostics = read_plan(path)
    if plan is None:
        raise PlanError(diagnostics)
    return plan


def _placed(path: str, positions: Positions, at: tuple, message: str, code: str,
            at_key: bool = False) -> Diagnostic:
    line_col = (positions.keys.get(tuple(at)) if at_key else None) \
        or positions.find(at) or (None, None)
    return Diagnostic(Location(path, line_col[0], line_col[1], format_path(at) or None),
                      message, code)


def _diagnostic(path: str, positions: Positions, err: dict) -> Diagnostic:
    loc = tuple(part for part in err["loc"] if not _is_union_tag(part))
    kind = err["type"]
    if kind == "extra_forbidden":
        # the unknown key itself is last, whatever it looks like ("0[" is no union tag)
        loc = tuple(p for p in err["loc"][:-1] if not _is_union_tag(p)) + err["loc"][-1:]
        key = str(loc[-1])
        model = _MODELS.get(tuple(p for p in loc[:-1] if not isinstance(p, int)))
        fields = [info.alias or name for name, info in model.model_fields.items()] \
            if model else []
        close = difflib.get_close_matches(key, fields, n=1, cutoff=0.75)
        said = message("plan.unknown_key", key=shorten(key),
                       suggestion=close[0] if close else None,
                       allowed=", ".join(fields) if fields and not close else None)
        return _placed(path, positions, loc, said, "Q103", at_key=True)
    if kind == "missing":
        return _placed(path, positions, loc, message("plan.missing_key", key=str(loc[-1])),
                       "Q104")
    code = {"target": "Q101", "stage": "Q111"}.get(kind, "Q100")
    said = _said(err)
    got = None
    if kind not in ("target", "period", "stage", "number", "plan_value", "id") and "input" in err \
            and not isinstance(err["input"], (dict, list)):
        got = shorten(err["input"])
        said = extended(said, got=got)
    if not isinstance(said, Message) and f"pydantic.{kind}" in TEXTS:
        # pydantic's own words stay the English; the key and its context give the Chinese
        args = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
        if "expected" in args:  # 'zh' or 'en': the choices as a Chinese list names them
            args["expected"] = args["expected"].replace("' or '", "'、'").replace("', '", "'、'")
        said = Message(said)
        said.key, said.args = f"pydantic.{kind}", {**args, "got": got}
    return _placed(path, positions, loc, said, code)


def _said(err: dict):
    """A validation error's message: the qcity message it was raised with (which knows
    its key, for other languages), else pydantic's words."""
    context = err.get("ctx") or {}
    said = context.get("qcity_message")
    if said is None and isinstance(context.get("error"), ValueError):
        said = key_of(context["error"])
    return said if isinstance(said, Message) else err["msg"]


def _is_union_tag(part) -> bool:
    # pydantic puts the tried type into the location of union errors: drop it
    return isinstance(part, str) and ("[" in part or part in ("function-after",
                                                              "function-before"))
