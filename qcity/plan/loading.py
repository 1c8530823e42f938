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

from qcity.errors import WARNING, Diagnostic, Location, PlanError
from qcity.plan.checks import cross_check
from qcity.plan.model import Acceptance, Area, Baseline, Metric, Plan, Stage
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
        return None, [Diagnostic(Location(path, 1, 1), "a plan is a mapping of keys "
                                 "(qcity, id, city, title, stages, metrics, ...)", "Q100")]
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        return None, _capped(path, [_diagnostic(path, positions, err)
                                    for err in exc.errors()[:MAX_PROBLEMS + 1]],
                             exc.error_count())
    problems = cross_check(plan)
    if plan.id != plan_stem(path):
        problems.append((("id",), f'id "{plan.id}" differs from the file name; name the file '
                         f'{plan.id}.yaml or set id: {plan_stem(path)}', "Q115"))
    # a problem with a mapping key (an unknown milestone stage) points at the key
    diagnostics = [_placed(path, positions, at, message, code,
                           at_key=len(at) > 1 and at[-2] == "milestones")
                   for at, message, code in problems]
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
        Location(path, last.line, last.col), f"{count - MAX_PROBLEMS} more problems not "
        f"shown (the first {MAX_PROBLEMS} are above)", "Q000")]


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
                                  f'"{shorten(text)}" holds characters that do not show '
                                  f"({chars})", "Q006", WARNING))
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
        hint = f' (did you mean "{close[0]}"?)' if close else (
            f" (allowed: {', '.join(fields)})" if fields else "")
        return _placed(path, positions, loc, f'unknown key "{shorten(key)}"{hint}', "Q103",
                       at_key=True)
    if kind == "missing":
        return _placed(path, positions, loc, f'missing required key "{loc[-1]}"', "Q104")
    code = {"target": "Q101", "stage": "Q111"}.get(kind, "Q100")
    message = err["msg"]
    if kind not in ("target", "period", "stage", "number", "plan_value", "id") and "input" in err \
            and not isinstance(err["input"], (dict, list)):
        message += f' (got "{shorten(err["input"])}")'
    return _placed(path, positions, loc, message, code)


def _is_union_tag(part) -> bool:
    # pydantic puts the tried type into the location of union errors: drop it
    return isinstance(part, str) and ("[" in part or part in ("function-after",
                                                              "function-before"))
