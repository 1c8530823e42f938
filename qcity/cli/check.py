"""``qcity check``: evaluate plans and print their reports."""

from __future__ import annotations

import sys

import click

from qcity.cli.options import (as_of_option, compare_to_option, data_option,
                               diagnostics_lang, emit, encoding_option, format_option, guard_output, lang_option,
                               output_option, plan_argument, root_option, stage_option,
                               terminal_progress, translate_errors)
from qcity.errors import EXIT_ERROR, EXIT_FAIL, EXIT_PASS

FORMATS = ("table", "markdown", "csv", "json", "html", "latex", "junit", "github", "docx",
           "xlsx")


@click.command()
@plan_argument("plans", nargs=-1)
@data_option
@as_of_option()
@stage_option
@encoding_option
@click.option("--excel", is_flag=True,
              help="CSV with a UTF-8 byte-order mark, so Excel shows Chinese correctly "
                   "(for an Excel workbook use --format xlsx).")
@click.option("--standalone", is_flag=True,
              help="LaTeX: a whole document that compiles with xelatex, not a fragment.")
@click.option("--city", help="For a plan over several cities: this city's full report.")
@compare_to_option
@click.option("--fail-on", "fail_on", type=click.Choice(["fail", "at-risk"]), default="fail",
              show_default=True,
              help="at-risk: exit 1 also when a metric's outlook is at risk or worse.")
@format_option(FORMATS)
@output_option
@lang_option
@root_option
@translate_errors
def check(plans, data, as_of, stage, encoding, excel, standalone, city, compare_to, fail_on,
          fmt, output, lang, root):
    """Evaluate PLANS (default: every plan under targets/) and print the report.

    Exit status: 0 every plan passes, 1 a plan fails, 2 bad input or usage.
    """
    from qcity.check import check_plans
    from qcity.errors import Location, UsageError
    from qcity.project import find_project
    from qcity.streaming import STREAMED, stream_plan
    from qcity.render import (BINARY, CHART_POINTS, KEEPS_REPORTS, WANTS_HISTORY, format_for,
                              render, render_scoreboard)

    fmt = fmt or (format_for(output) if output else "table")
    if excel and fmt != "csv":
        raise UsageError(f"--excel is for --format csv (a UTF-8 byte-order mark), not {fmt}; "
                         "for an Excel workbook use --format xlsx", Location("qcity"))
    if standalone and fmt != "latex":
        raise UsageError(f"--standalone is for --format latex, not {fmt}", Location("qcity"))
    if fmt in BINARY and not output and sys.stdout.isatty():
        raise UsageError(f"{fmt} is a binary file: write it with -o FILE.{fmt}",
                         Location("qcity"))
    project = find_project(root)
    if not plans and not project.plan_paths():
        raise UsageError(f"no plans under {project.targets}", Location("qcity"))
    project.resolve(plans)  # an unknown plan stops the run before anything is read or written
    inputs = guard_output(output, project, plans, data)  # -o targets/PLAN.yaml is refused
    options = dict(data=data, as_of=as_of, stage=stage, encoding=encoding,
                   history=CHART_POINTS if fmt in WANTS_HISTORY else False,
                   progress=terminal_progress(), city=city, compare_to=compare_to)
    names = plans or [p.stem for p in project.plan_paths()]
    if len(names) == 1 and fmt in STREAMED:
        # written a city at a time: a national file's reports are never all in memory
        outcomes = [stream_plan(project, names[0], fmt, lang, output, inputs,
                                None if output else _Stdout(),
                                "\ufeff" if excel else "", **options)]
    else:
        # a scoreboard in the terminal needs only one row a city: do not keep the reports
        outcomes = check_plans(project, plans, keep_reports=fmt in KEEPS_REPORTS, **options)
        if output and any(o.errors for o in outcomes):
            outcomes_errors(outcomes, lang)  # a file missing a plan that had errors is not written
        single = [o.report for o in outcomes if o.report is not None]
        boards = [o.scoreboard for o in outcomes if o.scoreboard]
        extra = {"standalone": True} if standalone else {}
        if fmt in BINARY:
            if single and boards or len(boards) > 1:
                raise UsageError(f"a {fmt} file holds one plan over several cities, or plans "
                                 "for one city each: name the plans to write",
                                 Location("qcity"))
            if single or boards:
                _emit_bytes(render(single, fmt, lang) if single
                            else render_scoreboard(boards[0], fmt, lang), output, inputs)
        else:
            texts = [render(single, fmt, lang, **extra)] if single else []
            texts += [render_scoreboard(board, fmt, lang, **extra) for board in boards]
            if texts:
                text = "\n".join(texts) if fmt != "json" or len(texts) == 1 \
                    else _json_join(texts)
                if excel:
                    text = "\ufeff" + text
                emit(text, output, inputs)
    outcomes_errors(outcomes, lang)
    failed = any(o.failed for o in outcomes)
    if fail_on == "at-risk":
        failed = failed or any(o.at_risk for o in outcomes)
    sys.exit(EXIT_FAIL if failed else EXIT_PASS)


def outcomes_errors(outcomes, lang=None) -> None:
    """Every plan's problems on stderr, a line each with its code as ``validate`` writes
    it, in the report's language (``--lang``, else the plan's); exit 2 when any was an
    error."""
    from qcity.render.diagnostics import line

    for outcome in outcomes:
        said = diagnostics_lang(lang, outcome.plan)
        for diagnostic in outcome.errors + outcome.warnings:
            click.echo(line(diagnostic, said), err=True)
    if any(o.errors for o in outcomes):
        sys.exit(EXIT_ERROR)


def _emit_bytes(data: bytes, output, inputs) -> None:
    """A Word or Excel file to FILE (atomically) or to a pipe."""
    if output:
        from qcity.output import write_atomic_bytes

        write_atomic_bytes(output, data, inputs)
    else:
        sys.stdout.flush()
        stream = sys.stdout.buffer
        stream.write(data)
        stream.flush()


class _Stdout:
    """Standard output through click (which handles encodings and test runners), held
    back until the document is complete: a run that stops half-way (an error, Ctrl-C,
    SIGTERM) prints nothing rather than half a JSON document.  Past a few megabytes the
    text waits in a temporary file, not in memory."""

    def __init__(self):
        import tempfile

        self.spool = tempfile.SpooledTemporaryFile(4 << 20, mode="w+b")

    def write(self, text: str) -> None:
        self.spool.write(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        self.spool.write(data)

    def release(self) -> None:
        self.spool.seek(0)
        for block in iter(lambda: self.spool.read(1 << 20), b""):
            click.echo(block, nl=False)  # bytes go to the binary stream as they are
        self.spool.close()


def _json_join(texts: list[str]) -> str:
    import json

    items = []
    for text in texts:
        value = json.loads(text)
        items.extend(value if isinstance(value, list) else [value])
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
