"""Plans: what a city promised, read from ``targets/<plan>.yaml``.

Owns the plan model (``model``: Plan, Stage, Area, Metric) and its whole-plan
checks (``checks``), target expressions (``targets``), reporting periods
(``periods``), which target a metric is held to at a date (``due``), the safe
YAML reader that keeps every value's line and column (``yamlsafe``), loading a
file into a validated plan with every problem placed (``loading``) and the JSON
Schema of plan files (``schema``).

May import: the base modules (``qcity.errors``, ``qcity.values``) only.
Everything else in qcity builds on this package; it builds on nothing of theirs.
"""
