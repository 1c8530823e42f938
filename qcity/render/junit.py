"""JUnit XML: one testcase a due metric, so CI dashboards show the scorecard.

``fail`` and ``missing`` are failures (missing data never passes); metrics
not yet due are left out, as they are from the verdict.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from qcity.render import cells
from qcity.evaluation.report import FAIL, INDICATOR, MISSING, NOT_DUE, Report


def _suite(report: Report, lang: str) -> ET.Element:
    due = [m for m in cells.ordered(report) if m.status not in (NOT_DUE, INDICATOR)]
    failures = sum(m.status in (FAIL, MISSING) for m in due)
    suite = ET.Element("testsuite", name=report.plan.id, tests=str(len(due)),
                       failures=str(failures), errors="0", skipped="0",
                       timestamp=report.evaluated_at.isoformat())
    props = ET.SubElement(suite, "properties")
    for key, value in cells.summary(report, lang):
        ET.SubElement(props, "property", name=key, value=value)
    for m in due:
        case = ET.SubElement(suite, "testcase", classname=f"{report.plan.id}.{m.area or 'plan'}",
                             name=f"{m.id}: {m.label(lang)}")
        if m.status in (FAIL, MISSING):
            detail = (f"{cells.status_text(m, lang)}: {cells.value_text(m, m.actual, lang)} "
                      f"({m.period or '-'}) vs {cells.target_text(m, lang)}")
            if m.margin is not None:
                detail += f", margin {cells.margin_text(m)}"
            note = m.note_text(lang)
            failure = ET.SubElement(case, "failure", message=detail, type=m.status)
            failure.text = detail + (f"\n{note}" if note else "")
    return suite


def render_many(reports: list[Report], lang: str | None = None) -> str:
    root = ET.Element("testsuites", name="qcity")
    for report in reports:
        root.append(_suite(report, cells.report_lang(report, lang)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
