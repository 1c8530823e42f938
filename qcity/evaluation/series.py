"""Judging a series metric: one whose rules look at more than its latest figure.

Its summary kept every counted observation by period
(``qcity.actuals.series.MetricSpec.series``); here they are sorted out:

- ``aggregate:``: sub-units' figures become one figure a period
  (``qcity.evaluation.subunits``);
- ``period: year``: figures of another length are shown, never judged;
- a period milestone (``"2014": ">= 80"``): that period's figure only;
- ``every: year`` and ``against: previous|year-ago``: each period of the window
  needs a passing figure of its own (measured from the period before, or a year
  earlier, for ``against``);
- a comparison with another metric (``> province-average``): each figure against
  the other metric's figure for the same period; without one, missing;
- ``mode: sustained`` with a comparison: every figure of the window.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Callable, Optional

from qcity.actuals.series import Summary, Window, plain_spec
from qcity.evaluation.judging import (FAIL, KIND_ZH, MISSING, PASS, Judgement, check, display,
                                      judge, remark, stale)
from qcity.evaluation.subunits import aggregate_series
from qcity.plan.due import window_start
from qcity.plan.model import Metric, Plan
from qcity.plan.periods import Period, kind_of, periods_between, previous_period, year_before
from qcity.plan.targets import ChangeTarget, ReferenceTarget, Target

Lookup = Callable[[str], Summary]  # another metric's summary (same city, same window)


class Series:
    """A series metric's counted figures, sorted out for the rules that need them.

    ``held`` summarises the figures that judge the target the metric is held to (those
    ending by its due day, ``cutoff``); ``now`` those ending by E, for the final target's
    standing and the outlook.
    """

    def __init__(self, plan: Plan, metric: Metric, summary: Summary, window: Window,
                 target: Optional[Target], baseline: Optional[Decimal], cutoff: date,
                 lookup: Optional[Lookup] = None):
        spec = summary.spec
        self.plan, self.metric = plan, metric
        self.kind = spec.kind
        observations = sorted(summary.kept.values(), key=lambda o: o.period.sort_key)
        self.parts: dict = {}
        self.both: list[str] = []
        if metric.aggregate is not None:
            observations, self.parts, self.both = aggregate_series(plan, metric, observations,
                                                                   target)
        if self.kind is not None:
            self.judged = [o for o in observations if kind_of(o.period) == self.kind]
            self.other = [o for o in observations if kind_of(o.period) != self.kind]
        else:
            self.judged, self.other = observations, []
        self.every_span = {(o.period.start, o.period.end): o for o in self.judged}
        self.by_span = {k: o for k, o in self.every_span.items() if o.period.end <= cutoff}
        self.until = cutoff
        self.start = window_start(plan, metric)
        self.references = self._references(target, lookup)
        final = metric.target if target is not metric.target else None
        self.held = self._summary(spec, metric, window, cutoff, target, final, baseline)
        self.held.baseline = summary.baseline
        self.held.later = summary.later + sum(o.period.end > cutoff for o in self.judged)
        self.now = self.held
        if cutoff < window.when and target is not None:
            self.now = self._summary(spec, metric, window, window.when, metric.target, None,
                                     baseline)
            self.now.baseline = summary.baseline

    def _summary(self, spec, metric, window, until, target, final, baseline) -> Summary:
        derived = Window(when=until, start=self.start, stage=window.stage,
                         history=window.history, judged=window.judged, basis=window.basis)
        return Summary.of([o for o in self.judged if o.period.end <= until],
                          plain_spec(spec, metric, target, final, baseline), derived)

    def _references(self, target, lookup) -> dict:
        """The compared metric's figures by period (高于全省平均: the province's)."""
        refs = {t.ref for t in (target, self.metric.target, *self.metric.milestones.values())
                if isinstance(t, ReferenceTarget)}
        out: dict = {}
        for ref in refs:
            kept = lookup(ref).kept if lookup is not None else None
            out[ref] = {(o.period.start, o.period.end): o for o in (kept or {}).values()
                        if o.subunit is None}
        return out

    # -- what the report says besides the judgement -------------------------------
    def notes(self) -> list:
        """Figures of another length: shown when nothing else is, never judged."""
        notes = []
        if self.other:
            latest = self.other[-1]
            notes.append(remark("off_period", n=len(self.other), period=latest.period.text,
                                kind=self.kind, kind_zh=KIND_ZH[self.kind]))
        if self.both:
            notes.append(remark("subunits_and_total", periods=", ".join(self.both)))
        return notes

    def shown_instead(self) -> Optional[Judgement]:
        """No figure of the right length: missing, with the latest other figure shown."""
        if self.judged or not self.other:
            return None
        return Judgement.of(MISSING, self.other[-1])

    def subunits_at(self, period: Optional[Period]):
        """The sub-units behind the figure shown, and a remark on those without one."""
        if period is None:  # nothing judged: the latest period with sub-units' figures
            if not self.parts:
                return None, None
            span = max(self.parts, key=lambda s: (s[1], s[0]))
            parts, period = self.parts[span], self.parts[span].period
        else:
            parts = self.parts.get((period.start, period.end))
        if parts is None:
            return None, None
        note = None
        if parts.missing:
            note = remark("subunits_missing", n=len(parts.missing), names="、".join(
                parts.missing), period=period.text)
        return parts.figures, note

    # -- judging ------------------------------------------------------------------
    def judge(self, target: Target, summary: Summary, baseline, until: date, tally: int,
              milestone: Optional[Period] = None) -> Judgement:
        instead = self.shown_instead()
        if milestone is not None:
            return self.at(milestone, target, baseline)
        if instead is not None:
            return instead
        metric = self.metric
        if metric.every is not None or metric.against is not None:
            return self.every(metric.every or self.kind, target, baseline, until)
        if isinstance(target, ReferenceTarget):
            if metric.mode == "sustained":
                return self.sustained(target, summary, until)
            return self.latest(target, summary, until)
        return judge(self.plan, metric, target, summary, baseline, tally, until)

    def check(self, target: Target, obs, baseline) -> Judgement:
        """One figure against a target: a comparison needs the other metric's figure for
        the same period, ``against`` the figure it is measured from."""
        if isinstance(target, ReferenceTarget):
            ref = self.references.get(target.ref, {}).get((obs.period.start, obs.period.end))
            if ref is None or isinstance(ref.value, bool):
                return Judgement.of(MISSING, obs, note=remark(
                    "no_reference", ref=target.ref, period=obs.period.text))
            level = target.level(ref.value)
            ok, margin = check(level, obs, None)
            j = Judgement.of(PASS if ok else FAIL, obs, margin)
            j.threshold = level.threshold
            return j
        if self.metric.against is not None and isinstance(target, ChangeTarget):
            before = (previous_period(obs.period, self.kind) if self.metric.against == "previous"
                      else year_before(obs.period))
            base = self.every_span.get((before.start, before.end)) if before else None
            if base is None:
                return Judgement.of(MISSING, obs, note=remark(
                    "no_base_figure", period=before.text if before else "-",
                    of=obs.period.text))
            if base.value == 0 and target.relative:
                return Judgement.of(MISSING, obs, note=remark(
                    "zero_base_figure", period=base.period.text))
            ok, margin = check(target, obs, base.value)
            j = Judgement.of(PASS if ok else FAIL, obs, margin)
            j.base = base
            return j
        ok, margin = check(target, obs, baseline)
        return Judgement.of(PASS if ok else FAIL, obs, margin)

    def latest(self, target: Target, summary: Summary, until: date) -> Judgement:
        latest = summary.latest
        if latest is None:
            return Judgement(MISSING)
        old = stale(self.plan, self.metric, latest, until)
        if old is not None:
            return Judgement.of(MISSING, latest, note=old)
        return self.check(target, latest, None)

    def at(self, period: Period, target: Target, baseline) -> Judgement:
        """A period milestone: judged on the figure for exactly that period."""
        obs = self.by_span.get((period.start, period.end))
        if obs is None:
            return Judgement(MISSING, note=remark("no_figure_for", period=period.text))
        return self.check(target, obs, baseline)

    def sustained(self, target: Target, summary: Summary, until: date) -> Judgement:
        """Every figure of the window against the other metric's for its period."""
        start = self.start
        inside = [o for o in self.judged if start <= o.period.end <= until]
        if not inside:
            j = self.latest(target, summary, until)
            if j.note is None and j.standing != MISSING:
                j.note = remark("sustained_fallback", start=start)
            return j
        return self._all(target, inside, None, "sustained", start)

    def every(self, kind: str, target: Target, baseline, until: date) -> Judgement:
        """Each period of ``kind`` from the window's start to ``until`` needs a passing
        figure (for ``against``: measured from the period before, or a year earlier)."""
        periods = periods_between(kind, self.start, until)
        word = dict(kind=kind, kind_zh=KIND_ZH[kind], start=self.start)
        if not periods:
            return Judgement(MISSING, note=remark("every_none_yet", **word))
        figures, absent = [], []
        for period in periods:
            obs = self.by_span.get((period.start, period.end))
            if obs is None:
                absent.append(period)
            else:
                figures.append(obs)
        return self._all(target, figures, absent, "every", self.start, len(periods), word)

    def _all(self, target, figures, absent, rule: str, start, n=None, word=None) -> Judgement:
        """Many figures judged together: any failing fails (the worst shown), any that
        cannot be judged, or a period without a figure, makes it missing."""
        word = word or {}
        n = n if n is not None else len(figures)
        absent = list(absent or [])
        judged = [self.check(target, obs, None) for obs in figures]
        failed = [j for j in judged if j.standing == FAIL]
        unknown = [j for j in judged if j.standing == MISSING]
        margins = [j.margin for j in judged if j.margin is not None]
        if failed:
            worst = min(failed, key=lambda j: (j.margin if j.margin is not None else Decimal(0),
                                               j.period.sort_key))
            text = ", ".join(j.period.text for j in failed)
            code = "every_fail" if rule == "every" else "sustained_fail"
            args = (dict(k=len(failed), n=n, periods=text, **word) if rule == "every" else
                    dict(k=len(failed), n=n, start=start, worst=worst.period.text))
            if rule == "every" and absent:  # the year left blank is named too
                code = "every_fail_missing"
                args.update(m=len(absent), blank=", ".join(p.text for p in absent))
            out = Judgement(FAIL, worst.actual, worst.period, display(min(margins), target),
                            remark(code, **args), worst.obs, missed=worst.period)
            out.threshold, out.base = worst.threshold, worst.base
            return out
        newest = judged[-1] if judged else None
        if absent or unknown:
            out = Judgement.of(MISSING, newest.obs if newest else self.held.latest)
            if unknown and not absent:
                out.note = unknown[-1].note
            else:
                text = ", ".join(p.text for p in absent)
                out.note = remark("every_missing", k=len(absent), n=n, periods=text, **word)
            return out
        # shown: the figure closest to the target (it decides), with its own margin and
        # bar; a tie goes to the earlier period, as a sustained window's does
        shown = min((j for j in judged if j.margin is not None),
                    key=lambda j: (j.margin, j.period.sort_key), default=newest)
        out = Judgement.of(PASS, shown.obs, display(shown.margin, target),
                           remark("every_pass", n=n, **word) if rule == "every" else
                           remark("sustained_pass", n=n, start=start))
        out.threshold, out.base, out.newest = shown.threshold, shown.base, newest.obs
        return out
