"""Diagnostic codes: stable identifiers for every problem qcity reports.

Q0xx reading a file at all, Q1xx plan files, Q2xx data files.  A code never
changes meaning once released; tools and pre-commit users may filter on it.
"""

CODES = {
    "Q000": "error",
    "Q001": "yaml-syntax",
    "Q002": "empty-file",
    "Q003": "unreadable-file",
    "Q004": "too-large",
    "Q005": "unsafe-or-binary",
    "Q006": "hidden-character",
    "Q100": "schema",
    "Q101": "bad-target",
    "Q102": "duplicate-key",
    "Q103": "unknown-key",
    "Q104": "missing-key",
    "Q110": "duplicate-id",
    "Q111": "stage-order",
    "Q113": "unknown-stage",
    "Q114": "unknown-area",
    "Q115": "id-not-file-name",
    "Q116": "baseline",
    "Q117": "target-unit-mismatch",
    "Q118": "conflicting-keys",
    "Q119": "unknown-reference",
    "Q200": "unreadable-data",
    "Q201": "bad-header",
    "Q202": "bad-period",
    "Q203": "bad-value",
    "Q204": "unknown-metric",
    "Q205": "conflicting-observation",
    "Q206": "repeated-observation",
    "Q207": "unit-mismatch",
    "Q208": "empty-value",
    "Q209": "malformed-row",
    "Q210": "encoding",
    "Q211": "unknown-column",
    "Q212": "wrong-city",
    "Q213": "binary-data",
    "Q214": "huge-field",
    "Q215": "percent-out-of-range",
    "Q216": "data-without-plan",
    "Q217": "metric-without-data",
    "Q218": "data-not-checked",
    "Q219": "percent-as-fraction",
    "Q220": "subunit-left-out",
    "Q221": "formula-cell",
    "Q222": "sheet-too-large",
    "Q223": "sheet-not-read",
    "Q224": "unknown-subunit",
    "Q225": "subunit-needed",
    "Q230": "period-length",
    "Q231": "baseline-conflict",
}


def name(code: str) -> str:
    return CODES.get(code, "error")
