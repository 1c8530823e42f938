"""The whole-plan checks on a plan that failed validation: every problem in one run.

A plan whose stage has a bad date or whose metric has an unreadable target fails
the models' validation, and the whole-plan checks (``qcity.plan.checks``) never
saw it: a wrong ``due:`` or a reversed range ``3~2`` elsewhere came out only in the
next round, once the first problems were fixed.  Here every stage, area or metric
that failed stands in as a minimal valid item keeping its id (so a reference to it
is no new problem), the plan is validated again, and the checks run on it; what
they say about a stand-in, or about stage order when a stage stood in, is dropped:
it was said already, or it would follow from what was.
"""

from __future__ import annotations

from typing import Optional

from pydantic import ValidationError

_SECTIONS = ("stages", "areas", "metrics")
# top-level keys whose bad value changes no check of the rest: stood in by a harmless one
_PLAIN = {"qcity": 1, "id": "plan", "title": "-", "city": "-", "city_en": None,
          "title_en": None}


def independent_problems(data: dict, errors: list[dict]) -> list[tuple[tuple, str, str]]:
    """(path, message, code) of the whole-plan checks the validation errors did not
    stop, for parts of the plan that validated; [] when nothing can be said safely."""
    from qcity.plan.checks import cross_check
    from qcity.plan.model import Plan

    repaired = dict(data)
    failed: set[tuple[str, int]] = set()
    for err in errors:
        loc = err["loc"]
        if len(loc) >= 2 and loc[0] in _SECTIONS and isinstance(loc[1], int):
            failed.add((loc[0], loc[1]))
        elif loc and loc[0] in _PLAIN:
            repaired[loc[0]] = _PLAIN[loc[0]]
        elif len(loc) == 1 and err["type"] == "extra_forbidden":
            repaired.pop(loc[0], None)  # an unknown top-level key (said already)
        else:
            return []  # a plan-wide key (period, subunits, a whole section): no safe guess
    ids: dict[tuple[str, int], Optional[str]] = {}
    for section, i in failed:
        items = repaired[section] = list(repaired[section])
        raw = items[i].get("id") if isinstance(items[i], dict) else None
        ids[(section, i)] = raw if isinstance(raw, str) else None
        items[i] = _stand_in(section, i)
    try:
        plan = Plan.model_validate(repaired)
    except ValidationError:
        return []
    for (section, i), raw in ids.items():
        if raw is not None:  # its own id again, so nothing refers to a missing one
            object.__setattr__(getattr(plan, section)[i], "id", raw)
    stood_in_stage = any(section == "stages" for section, _ in failed)
    return [(at, said, code) for at, said, code in cross_check(plan)
            if tuple(at[:2]) not in failed and not (stood_in_stage and code == "Q111")]


def _stand_in(section: str, i: int) -> dict:
    name = f"stand-in {section} {i}"
    if section == "stages":
        return {"id": f"s{i}-stand-in", "name": name, "start": "1900-01-01",
                "end": "1900-01-01"}
    return {"id": f"{section}-{i}-stand-in", "name": name}
