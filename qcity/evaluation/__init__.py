"""Evaluation: a plan and its actual figures at a date -> a report.

Owns the engine (``engine.evaluate``), the outlook of each target (``outlook``),
the report models every renderer reads, with the comparison against an
earlier date and the many-city scoreboard (``report``), one metric's trend
(``trend``), fast construction of trusted models (``construct``) and using a
second core for independent cities (``fanout``).  Nothing here prints or
touches files.

May import: ``qcity.plan``, ``qcity.actuals`` (the summaries it judges) and the
base modules; nothing above (render, use cases, cli).
"""
