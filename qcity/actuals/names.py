"""Which metric a data cell names: its id, the plan's ``name``, or one of its ``aliases``.

Names and aliases are compared after NFKC, case folding and with all white
space removed, so ``PM2.5 年均浓度`` and ``ＰＭ２.５年均浓度`` are one name.  A name
two metrics share is ambiguous: the cell must then hold the id.
"""

from __future__ import annotations

import unicodedata
from typing import Optional

from qcity.actuals.spelling import same_data_unit, unquoted
from qcity.diagtext import message
from qcity.values import Hints


def name_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


class MetricNames:
    """Resolves a metric cell to a metric id, or says why it cannot."""

    def __init__(self, plan):
        self.ids = {m.id for m in plan.metrics}
        self.units = {m.id: m.unit for m in plan.metrics if m.unit not in (None, "bool")}
        self.plan_id = plan.id
        self.by_key: dict[str, str] = {}
        self.ambiguous: dict[str, set[str]] = {}
        for metric in plan.metrics:
            for text in (metric.id, metric.name, metric.name_en,
                         *(getattr(metric, "aliases", None) or ())):
                if not text:
                    continue
                key = name_key(text)
                owner = self.by_key.setdefault(key, metric.id)
                if owner != metric.id:
                    self.ambiguous.setdefault(key, {owner}).add(metric.id)
        self.choices = sorted(self.by_key)
        self.hints = Hints(self.choices)
        self.shown = {key: text for m in plan.metrics
                      for text in (m.id, m.name, *(getattr(m, "aliases", None) or ()))
                      if text for key in (name_key(text),)}

    def resolve(self, text: str) -> tuple[Optional[str], Optional[str]]:
        """(metric id, None) or (None, the problem in words)."""
        if text in self.ids:
            return text, None
        shown = text.strip()  # quoted as the cell holds it
        text = unquoted(unicodedata.normalize("NFKC", text).strip())
        if text in self.ids:
            return text, None
        key = name_key(text)
        if key in self.ambiguous:
            ids = ", ".join(sorted(self.ambiguous[key]))
            return None, message("metric.ambiguous", name=shown, plan=self.plan_id, ids=ids)
        metric = self.by_key.get(key)
        if metric is None and key.endswith(")") and "(" in key:
            # the metric's unit after its name, as tables write it: 合格率(%); a qualifier
            # such as 污水处理率(县) is part of a name, never dropped
            cut = key.rindex("(")
            metric = self.by_key.get(key[:cut])
            unit = self.units.get(metric)
            if unit is None or not same_data_unit(key[cut + 1:-1], unit):
                metric = None
        if metric is not None:
            return metric, None
        close = self.hints.match(key)  # bounded: thousands of bad rows x metrics took minutes
        return None, message("metric.unknown", name=shown, plan=self.plan_id,
                             suggestion=self.shown.get(close, close) if close else None)
