"""Hostile inputs too big or too odd to keep as files: made when the tests run.

Each case is a plan file (named ``<case>.yaml``, id ``<case>``) or a data file read
against the corpus plan, and the first diagnostic it must give: code, line and
column.  ``tests/test_corpus.py`` writes each into a copy of the corpus project and
runs ``check`` and ``validate`` on it, as it does the files under ``tests/corpus``.
The number in a comment is the finding of issue #17 the case reproduces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Union

MAX_DEPTH = 50  # qcity.plan.yamlsafe.MAX_DEPTH, as the README states it


@dataclass(frozen=True)
class Case:
    make: Callable[[str], Union[str, bytes]]  # the file's content, from the case's name
    code: str
    line: int
    col: Optional[int] = None
    crashes: bool = False  # run the CLI in a child process: the old failure killed Python
    plan: Optional[str] = None  # data cases: the plan they are read against (else corpus)


def plan(name: str, metrics: str = "", tail: str = "", head: str = "") -> str:
    """The corpus plan as ``name``, with extra metric lines and top-level text."""
    return (f"qcity: 1\nid: {name}\ncity: 测试市\ntitle: T\n{head}"
            "stages:\n  - {id: a, name: A, start: 2014-01-01, end: 2015-12-31}\n"
            "areas:\n  - {id: product, name: 产品质量}\n"
            "metrics:\n  - {id: rate, area: product, name: 合格率, unit: \"%\", "
            "target: \">= 90\"}\n" + metrics + tail)


def _deep_flow(levels: int):
    return lambda name: plan(name, tail="note: " + "[" * levels + "]" * levels + "\n")


def _deep_block(name: str) -> str:
    return plan(name, tail="note:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(1000)))


def _alias_by_size(name: str) -> str:
    # finding 10: one 2,000-character anchor repeated 99,000 times in under 400 KB
    return plan(name, tail=f"source: &s \"{'长' * 2000}\"\nnote: [" + ", ".join(["*s"] * 99_000)
                + "]\n")


_M = "  - {id: m, area: product, name: M, "

PLANS = {
    # finding 3: deep nesting crashed the C composer (30,000 levels), or was a
    # RecursionError (hundreds of levels), in check, validate and plans
    "deep-flow": Case(_deep_flow(30_000), "Q004", 11, 6 + MAX_DEPTH, crashes=True),
    "deep-flow-1000": Case(_deep_flow(1000), "Q004", 11, 6 + MAX_DEPTH),
    "deep-block": Case(_deep_block, "Q004", 11 + MAX_DEPTH, MAX_DEPTH + 1),
    "deep-compact": Case(lambda n: plan(n, tail="note: \n" + "- " * 20_000 + "x\n"), "Q004",
                         12, 2 * MAX_DEPTH - 1),
    "recursive-alias": Case(lambda n: plan(n, tail="note: &x [*x]\n"), "Q004", 11, 11),
    "recursive-alias-map": Case(lambda n: plan(n, tail="note: &x {a: [b, *x]}\n"), "Q004", 11,
                                18),
    "alias-by-size": Case(_alias_by_size, "Q004", 12),
    # finding 4: plan numbers outside the range of values were computed with, for hours
    "huge-weight": Case(lambda n: plan(n, _M + 'target: ">= 1", weight: 1e999999999}\n'),
                        "Q100", 11, 61),
    "tiny-pass-score": Case(lambda n: plan(n, head="acceptance: {pass_score: 1e-999999999}\n"),
                            "Q100", 5, 26),
    "huge-baseline": Case(lambda n: plan(n, _M + 'target: "increase >= 1%", baseline: '
                                            '{period: "2014", value: 1e999999}}\n'),
                          "Q100", 11, 97),
    "tiny-baseline": Case(lambda n: plan(n, _M + 'target: "decrease >= 1", baseline: '
                                            '{period: "2014", value: "1e-999999"}}\n'),
                          "Q100", 11, 96),
    "huge-limit": Case(lambda n: plan(n, _M + 'target: ">= 1", limit: 1e41}\n'), "Q100", 11,
                       60),
    "huge-target": Case(lambda n: plan(n, _M + 'target: ">= 1e999999"}\n'), "Q101", 11, 45),
    "hex-version": Case(lambda n: plan(n).replace("qcity: 1", "qcity: 0x" + "1" * 4000),
                        "Q100", 1, 8),
    "long-integer": Case(lambda n: plan(n, _M + 'target: ">= 1", weight: ' + "7" * 5000 + "}\n"),
                         "Q100", 11, 61),
    # finding 22: ids with a joiner were accepted and never matched (a full-width id
    # matches its half-width data since the metric names are matched in NFKC form)
    "id-with-joiner": Case(lambda n: plan(n, "  - {id: \"m\\u200dx\", area: product, name: M, "
                                          'target: ">= 1"}\n'), "Q100", 11, 10),
    # finding 9: plan problems had no cap, each with a did-you-mean over every area
    "many-bad-areas": Case(lambda n: plan(n, "".join(
        f'  - {{id: m{i}, area: nowhere{i}, name: M, target: ">= 1"}}\n' for i in range(8000))),
        "Q114", 11, 20),
    # finding 24: a message repeats a value cut short, never a megabyte
    "long-scalar": Case(lambda n: plan(n).replace("title: T", "title: " + "题" * 300_000),
                        "Q100", 4, 8),
    "long-key": Case(lambda n: plan(n, tail="? " + "k" * 900_000 + "\n: 1\n"), "Q103", 11, 3),
}

# A plan for many cities (any names), with a note column's worth of room.
MANY = ("qcity: 1\nid: {id}\ncity: 测试市\ntitle: T\ncities: any\nstages:\n"
        "  - {{id: a, name: A, start: 2014-01-01, end: 2015-12-31}}\nmetrics:\n"
        '  - {{id: m, name: M, target: ">= 1"}}\n')
MAX_FIELD = 1 << 16  # qcity.actuals.limits, as the README states them
MAX_LINE = 1 << 20
MAX_COLUMNS = 1 << 14


def _rows(*rows: str, head: str = "metric,period,value") -> str:
    return "\n".join((head,) + rows) + "\n"


DATA = {
    # finding 7 and What to build 3: a line of many megabytes (a gigabyte took minutes
    # and twice its size in memory; the header was read whole)
    "long-line": Case(lambda n: _rows("count,2014,3", "count,2015," + "1" * (8 * MAX_LINE),
                                      "count,2016,4"), "Q209", 3, 1),
    "long-line-quoted": Case(lambda n: _rows("count,2014,3", 'count,2015,"' + "1" * (3 * MAX_LINE)
                                             + '"'), "Q209", 3, 1),
    "long-header": Case(lambda n: "metric,period,value," + "x" * (3 * MAX_LINE) + "\n"
                        "count,2014,3\n", "Q209", 1, 1),
    "many-columns": Case(lambda n: _rows("count,2014,3" + "," * (MAX_COLUMNS + 10), head=(
        "metric,period,value," + ",".join(f"c{i}" for i in range(MAX_COLUMNS + 10)))),
        "Q201", 1, 1),
    "many-fields": Case(lambda n: _rows("count,2014,3" + ",1" * 400_000), "Q209", 2, 1),
    # finding 18: the 64 KiB field limit held on one path and not the other, and never for
    # source and note
    "long-city": Case(lambda n: _rows("甲市,m,2014,3", "甲" * (MAX_FIELD + 10) + ",m,2015,3",
                                      head="city,metric,period,value"), "Q214", 3, 1, plan=MANY),
    "long-note": Case(lambda n: _rows("count,2014,3,ok", "count,2015,3," + "注" * (MAX_FIELD + 1),
                                      head="metric,period,value,note"), "Q214", 3, 1),
    "long-source": Case(lambda n: _rows("count,2014,3,ok", "count,2015,3," + "s" * (MAX_FIELD + 1),
                                        head="metric,period,value,source"), "Q214", 3, 1),
    # finding 17: a quoted line break forged a line of validate's output, and a problem
    # was placed at the record's last line, not at the line of its field
    "forged-ok": Case(lambda n: _rows('"cnt\nok: 2 files checked, no problems",2014,3'),
                      "Q204", 2, 1),
    "field-before-break": Case(lambda n: _rows('count,20x4,"a\nb\nc",3',
                                               head="metric,period,note,value"), "Q202", 2, 2),
    # finding 24: a message repeated the whole value (a 1 MB cell gave a 1 MB line)
    "long-value": Case(lambda n: _rows("count,2014," + "1" * 60_000 + "x"), "Q203", 2, 3),
    # finding 22: a UTF-8 line in a GB18030 file was a new city, in mojibake; a city with
    # a zero-width space a second city that looks like the first; 16: escapes raw on stderr
    "utf8-line-in-gb18030": Case(lambda n: _rows("杭州市,m,2014,3", head="city,metric,period,"
                                                 "value").encode("gb18030")
                                 + "乌鲁木齐,m,2014,5\n".encode("utf-8")
                                 + "温州市,m,2015,6\n".encode("gb18030"), "Q210", 3, 1,
                                 plan=MANY),
    "zero-width-city": Case(lambda n: _rows("杭州市,m,2014,3", "杭州\u200b市,m,2015,3",
                                            "杭州\u200b市,m,2014,3",
                                            head="city,metric,period,value"), "Q006", 3, 1,
                            plan=MANY),
    "escape-city": Case(lambda n: _rows("\x1b[2J\x1b]0;pwned\x07市,m,2014,3",
                                        head="city,metric,period,value"), "Q006", 2, 1,
                        plan=MANY),
    "escape-metric": Case(lambda n: _rows("\x1b[2Jcount,2014,3"), "Q204", 2, 1),
    "field-after-break": Case(lambda n: _rows('count,2014,"a\r\nb\nc",x3',
                                              head="metric,period,note,value"), "Q203", 4, 4),
}
