"""Reports side by side: a report against an earlier one (``--compare-to``), and the
scoreboard of one standard across cities (a row a city, best first)."""

from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import model_serializer

from qcity.evaluation.construct import construct
from qcity.evaluation.report import (FAIL, MISSING, NO_VERDICT, NOT_DUE, PASS, Num, PlanInfo,
                                     Previous, Report, StageInfo, _Model, _number)


def _change(now: str, before: str) -> Optional[str]:
    if now == before:
        return None
    if now == PASS:
        return "newly_passing"
    if before == PASS:
        return "newly_failing"
    return "changed"


def compare(report: Report, earlier: Optional[Report]) -> Report:
    """The report with each metric's status at the earlier evaluation and what changed."""
    if earlier is None:
        return report
    before = {m.id: m for m in earlier.metrics}
    metrics = []
    for m in report.metrics:
        old = before.get(m.id)
        if old is None:
            metrics.append(m)
            continue
        previous = Previous(evaluated_at=earlier.evaluated_at, status=old.status,
                            actual=old.actual, period=old.period)
        metrics.append(m.model_copy(update={"previous": previous,
                                            "change": _change(m.status, old.status)}))
    return report.model_copy(update={"metrics": metrics, "compared_to": earlier.as_of})


class ScoreRow(_Model):
    city: str
    verdict: str
    score: Optional[Num] = None
    grade: Optional[str] = None
    pass_: int
    fail: int
    missing: int
    not_due: int
    at_risk: int
    vetoed: bool = False  # failed by a veto metric (一票否决), whatever the score

    @classmethod
    def of(cls, report: Report) -> "ScoreRow":
        standing = report.standing()  # one pass for every figure of the row
        counts = standing.counts
        return construct(cls, city=report.plan.city, verdict=report.verdict_of(standing),
                         score=report.score_of(standing), grade=report.grade_of(standing),
                         pass_=counts[PASS], fail=counts[FAIL], missing=counts[MISSING],
                         not_due=counts[NOT_DUE], at_risk=standing.at_risk,
                         vetoed=bool(standing.vetoed_by))

    @model_serializer(mode="plain")
    def _dump(self) -> dict:
        return {"city": self.city, "verdict": self.verdict,
                "score": _number(self.score) if self.score is not None else None,
                "grade": self.grade, "pass": self.pass_, "fail": self.fail,
                "missing": self.missing, "not_due": self.not_due, "at_risk": self.at_risk,
                "vetoed": self.vetoed}


_STANDING = {PASS: 0, NO_VERDICT: 1, FAIL: 2}


def _place_key(row: "ScoreRow") -> tuple:
    return (row.vetoed, _STANDING.get(row.verdict, 2), row.score is None, -(row.score or 0),
            -row.pass_, row.missing)


class Scoreboard(_Model):
    """One standard checked across cities: a row a city, and the full reports when kept
    (a national run keeps only the rows: memory grows with cities, not with metrics)."""

    plan: PlanInfo
    rows: list[ScoreRow]
    reports: Optional[list[Report]] = None
    stage: Optional[str] = None
    evaluated_at: Optional[date] = None
    as_of: Optional[date] = None  # the day the figures were known
    stage_info: Optional[StageInfo] = None  # the stage's name and dates, for titles

    @staticmethod
    def plan_info(plan) -> PlanInfo:
        return PlanInfo(id=plan.id, path=plan.path, city=plan.city, city_en=plan.city_en,
                        title=plan.title, title_en=plan.title_en, lang=plan.lang,
                        source=plan.source)

    @classmethod
    def of(cls, plan, reports: list[Report]) -> "Scoreboard":
        first = reports[0] if reports else None
        return cls(plan=cls.plan_info(plan), rows=[ScoreRow.of(r) for r in reports],
                   reports=reports, stage=first.stage.id if first else None,
                   evaluated_at=first.evaluated_at if first else None,
                   as_of=first.as_of if first else None,
                   stage_info=first.stage if first else None)

    def ranking(self) -> list[ScoreRow]:
        """Cities best first: passing cities, then those with nothing to judge, then the
        failing ones, and last those failed by a veto (一票否决), whatever their score;
        within each by score, then passes, then fewest missing, then name."""
        return sorted(self.rows, key=lambda row: (_place_key(row), row.city))

    def places(self) -> list[int]:
        """Each ranked row's place: cities equal in everything the ranking weighs share
        it (并列), and the next place skips as many (1, 1, 3: standard competition
        ranking); the name only orders them on the page."""
        out: list[int] = []
        before = None
        for i, row in enumerate(self.ranking(), 1):
            key = _place_key(row)
            out.append(out[-1] if key == before else i)
            before = key
        return out

    @property
    def failed(self) -> bool:
        return any(row.verdict == FAIL for row in self.rows)

    @property
    def at_risk(self) -> int:
        return sum(row.at_risk for row in self.rows)

    @model_serializer(mode="wrap")
    def _dump(self, handler) -> dict:
        data = handler(self)
        return {"plan": data["plan"], "reports": data["reports"]}
