"""JUnit XML: one testcase a due metric, so CI dashboards show the scorecard.

``fail`` and ``missing`` are failures (missing data never passes); metrics
not yet due are left out, as they are from the verdict.  The output follows
the Jenkins xUnit plugin's JUnit schema (``junit-10.xsd``).  Names from plans
and data arrive inert (control characters, U+FFFE and NUL as visible escapes),
so the XML always parses.  No ``timestamp``: the file says when the figures
were evaluated (a property), not when CI ran, which a renderer cannot know.
For a plan over several cities each city is a testsuite named after its city,
so Jenkins does not merge them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Optional

from qcity.i18n import label
from qcity.render import cells
from qcity.evaluation.report import FAIL, INDICATOR, MISSING, NOT_DUE, Report


def _suite(report: Report, lang: str, city: Optional[str] = None) -> ET.Element:
    due = [m for m in cells.ordered(report) if m.status not in (NOT_DUE, INDICATOR)]
    failures = sum(m.status in (FAIL, MISSING) for m in due)
    name = report.plan.id if city is None else f"{report.plan.id}: {city}"
    prefix = report.plan.id if city is None else f"{report.plan.id}.{city}"
    suite = ET.Element("testsuite", name=name, tests=str(len(due)), failures=str(failures),
                       errors="0", skipped="0")
    props = ET.SubElement(suite, "properties")
    if city is not None:
        ET.SubElement(props, "property", name=label("city", lang), value=city)
    for key, value in cells.summary(report, lang):
        ET.SubElement(props, "property", name=key, value=value)
    for m in due:
        case = ET.SubElement(suite, "testcase", classname=f"{prefix}.{m.area or 'plan'}",
                             name=f"{m.id}: {m.label(lang)}")
        if m.status in (FAIL, MISSING):
            detail = cells.metric_detail(m, lang, report)
            note = m.note_text(lang)
            failure = ET.SubElement(case, "failure", message=detail, type=m.status)
            failure.text = detail + (f"\n{note}" if note else "")
    return suite


def _document(suites: list[ET.Element]) -> str:
    root = ET.Element("testsuites", name="qcity",
                      tests=str(sum(int(s.get("tests")) for s in suites)),
                      failures=str(sum(int(s.get("failures")) for s in suites)), errors="0")
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_many(reports: list[Report], lang: str | None = None) -> str:
    return _document([_suite(r, cells.report_lang(r, lang)) for r in reports])


def render_scoreboard(board, lang: str | None = None) -> str:
    """A testsuite a city, named ``PLAN: CITY``, best city first."""
    lang = lang or board.plan.lang
    return _document([_suite(r, lang, cells.city_name(r, lang))
                      for r in cells.ranked_reports(board)])
