"""The command line: parse options, call one core function, render, exit.

Heavy modules (pydantic, PyYAML, tabulate) are imported inside the commands
so ``qcity --help`` and ``qcity --version`` start at once.
"""

from __future__ import annotations

import functools
import gc
import sys
from datetime import date

import click

from qcity import __version__
from qcity.errors import EXIT_ERROR, EXIT_FAIL, EXIT_PASS, QcityError

_FORMATS = ("table", "markdown", "csv", "json", "html", "latex", "junit", "github")


def root_option(func):
    return click.option("--root", type=click.Path(file_okay=False),
                        help="Project folder (default: nearest with targets/).")(func)


def lang_option(func):
    return click.option("--lang", type=click.Choice(["zh", "en"]),
                        help="Report language (default: the plan's lang).")(func)


def format_option(choices):
    def decorate(func):
        return click.option("--format", "fmt", type=click.Choice(choices),
                            help="Output format (default: from --output's extension, "
                                 "else table).")(func)
    return decorate


def output_option(func):
    return click.option("--output", "-o", type=click.Path(dir_okay=False),
                        help="Write to FILE (atomically) instead of standard output.")(func)


def translate_errors(func):
    """Turn QcityError into one line per problem on stderr and exit code 2."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except QcityError as exc:
            for diagnostic in exc.diagnostics:
                click.echo(str(diagnostic), err=True)
            sys.exit(EXIT_ERROR)
    return wrapper


def terminal_progress():
    """A progress callback drawing on stderr, or None when stderr is not a terminal
    (piped output, CI logs and redirected files never get progress noise)."""
    if not sys.stderr.isatty():
        return None
    shown = set()

    def report(path: str, done: int, total: int) -> None:
        if total < 4 << 20 and path not in shown:  # small files are read before anyone looks
            return
        shown.add(path)
        percent = 100 * done // total if total else 100
        end = "\n" if done >= total else ""
        click.echo(f"\rreading {path} {percent:3d}% ({done >> 20} of {total >> 20} MiB)",
                   err=True, nl=False)
        if end:
            click.echo(err=True)
    return report


def _parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f'"{value}" is not a date (YYYY-MM-DD)') from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="qcity")
def cli():
    """Scorecards for city quality plans (全国质量强市示范城市 and the like).

    Plans live in targets/<plan>.yaml, actual values in data/<plan>.csv.
    """


@cli.command()
@click.argument("plans", nargs=-1)
@click.option("--data", "data", multiple=True, type=click.Path(),
              help="CSV file or folder of actuals (repeatable; default: data/<plan>...).")
@click.option("--as-of", "as_of", callback=_parse_date, metavar="DATE",
              help="Evaluate as on DATE (YYYY-MM-DD; default: today).")
@click.option("--stage", help="Stage id to evaluate at (default: the last stage).")
@click.option("--encoding", help="Encoding of the CSV files (default: detect UTF-8/GB18030).")
@click.option("--excel", is_flag=True,
              help="CSV with a UTF-8 byte-order mark, so Excel shows Chinese correctly.")
@click.option("--city", help="For a plan over several cities: this city's full report.")
@click.option("--compare-to", "compare_to", callback=_parse_date, metavar="DATE",
              help="Also evaluate as on DATE and mark what changed since.")
@click.option("--fail-on", "fail_on", type=click.Choice(["fail", "at-risk"]), default="fail",
              show_default=True,
              help="at-risk: exit 1 also when a metric's outlook is at risk or worse.")
@format_option(_FORMATS)
@output_option
@lang_option
@root_option
@translate_errors
def check(plans, data, as_of, stage, encoding, excel, city, compare_to, fail_on, fmt, output,
          lang, root):
    """Evaluate PLANS (default: every plan under targets/) and print the report.

    Exit status: 0 every plan passes, 1 a plan fails, 2 bad input or usage.
    """
    from qcity.check import check_plans
    from qcity.errors import Location, UsageError
    from qcity.output import write_atomic
    from qcity.project import find_project
    from qcity.render import WANTS_HISTORY, format_for, render, render_scoreboard

    project = find_project(root)
    if not plans and not project.plan_paths():
        raise UsageError(f"no plans under {project.targets}", Location("qcity"))
    fmt = fmt or (format_for(output) if output else "table")
    options = dict(data=data, as_of=as_of, stage=stage, encoding=encoding,
                   history=fmt in WANTS_HISTORY, progress=terminal_progress(), city=city,
                   compare_to=compare_to)
    if len(plans) == 1 and fmt == "json" and not excel:
        outcomes = [_stream_json(project, plans[0], output, options)]
    else:
        # a scoreboard in a table needs only one row a city: do not keep the reports
        keep = fmt not in ("table", "markdown", "csv")
        outcomes = check_plans(project, plans, keep_reports=keep, **options)
        texts = []
        single = [o.report for o in outcomes if o.report is not None]
        if single:
            texts.append(render(single, fmt, lang))
        texts += [render_scoreboard(o.scoreboard, fmt, lang) for o in outcomes
                  if o.scoreboard]
        if texts:
            text = "\n".join(texts) if fmt != "json" or len(texts) == 1 else _json_join(texts)
            if excel and fmt == "csv":
                text = "\ufeff" + text
            if output:
                write_atomic(output, text)
            else:
                click.echo(text, nl=False)
    for outcome in outcomes:
        for diagnostic in outcome.errors + outcome.warnings:
            click.echo(str(diagnostic), err=True)
    if any(o.errors for o in outcomes):
        sys.exit(EXIT_ERROR)
    failed = any(o.failed for o in outcomes)
    if fail_on == "at-risk":
        failed = failed or any(o.at_risk for o in outcomes)
    sys.exit(EXIT_FAIL if failed else EXIT_PASS)


class _Stdout:
    """Standard output through click (which handles encodings and test runners)."""

    def write(self, text: str) -> None:
        click.echo(text, nl=False)


class _Abandon(Exception):
    """Raised inside an atomic output stream to drop what was written."""


def _stream_json(project, name, output, options):
    """One plan as JSON, written as it is evaluated (a city at a time for many cities).

    Reports are made only after every input file has been read without error, so
    the output is never half a document; with --output it appears atomically."""
    import contextlib

    from qcity.check import check_plan
    from qcity.output import atomic_stream
    from qcity.render.json_ import ScoreboardWriter
    from qcity.report import Scoreboard

    state: dict = {}

    def on_plan(plan):
        if plan.cities is not None and options.get("city") is None:
            state["writer"] = ScoreboardWriter(state["stream"], Scoreboard.plan_info(plan))

    def on_report(report):
        if "writer" in state:
            state["writer"].add(report)

    outcome = None
    with contextlib.suppress(_Abandon), contextlib.ExitStack() as stack:
        state["stream"] = (stack.enter_context(atomic_stream(output)) if output
                           else _Stdout())
        outcome = check_plan(project, name, keep_reports=False, on_report=on_report,
                             on_plan=on_plan, **options)
        if outcome.errors:
            raise _Abandon()
        if "writer" in state:
            state["writer"].close()
        elif outcome.reports:
            state["stream"].write(outcome.reports[0].model_dump_json(indent=2) + "\n")
    return outcome


def _json_join(texts: list[str]) -> str:
    import json

    items = []
    for text in texts:
        value = json.loads(text)
        items.extend(value if isinstance(value, list) else [value])
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text lines, a JSON list, or GitHub annotations.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--ignore", "ignore", multiple=True, metavar="CODE",
              help="Leave out diagnostics with this code, e.g. Q217 (repeatable).")
@root_option
@translate_errors
def validate(paths, fmt, strict, ignore, root):
    """Check plans and data files and report every problem, not just the first.

    PATHS are plan files, CSV files or folders (default: the whole project,
    targets/ and data/). Each problem is one line: path:line:col, severity,
    a stable code (Q101 …) and how to fix it.

    Exit status: 0 clean, 1 an error (or a warning with --strict), 2 usage.
    """
    from qcity import diagnostics_format
    from qcity.validate import find_for, validate as run_validation

    result = run_validation(find_for(paths, root), paths)
    ignored = {code.upper() for code in ignore}
    result.diagnostics = [d for d in result.diagnostics if d.code not in ignored]
    click.echo(diagnostics_format.render(fmt, result.diagnostics, result.files), nl=False)
    failed = result.errors or (strict and result.warnings)
    sys.exit(EXIT_FAIL if failed else EXIT_PASS)


@cli.command()
@click.argument("plan")
@click.argument("metric")
@click.option("--city", help="For a plan over several cities: whose trend.")
@click.option("--data", "data", multiple=True, type=click.Path(),
              help="CSV file or folder of actuals (repeatable).")
@click.option("--as-of", "as_of", callback=_parse_date, metavar="DATE",
              help="Evaluate as on DATE (default: today).")
@click.option("--stage", help="Stage id to evaluate at (default: the last stage).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True)
@output_option
@lang_option
@root_option
@translate_errors
def trend(plan, metric, city, data, as_of, stage, fmt, output, lang, root):
    """Show METRIC of PLAN over time: observations, threshold, sparkline and outlook."""
    from qcity.check import check_plan
    from qcity.errors import Location, QcityError, UsageError
    from qcity.output import write_atomic
    from qcity.project import find_project
    from qcity.trend import Trend, csv_text, text

    outcome = check_plan(find_project(root), plan, data=data, as_of=as_of, stage=stage,
                         history=True, city=city)
    if outcome.errors:
        raise QcityError(outcome.errors)
    if len(outcome.reports) != 1:
        raise UsageError(f'plan "{plan}" covers several cities: pass --city', Location("qcity"))
    report = outcome.reports[0]
    result = next((m for m in report.metrics if m.id == metric), None)
    if result is None:
        import difflib

        close = difflib.get_close_matches(metric, [m.id for m in report.metrics], n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        raise UsageError(f'plan "{plan}" has no metric "{metric}"{hint}', Location("qcity"))
    found = Trend.of(report, result)
    if fmt == "json":
        out = found.model_dump_json(indent=2) + "\n"
    elif fmt == "csv":
        out = csv_text(found)
    else:
        out = text(found, lang or report.plan.lang)
    if output:
        write_atomic(output, out)
    else:
        click.echo(out, nl=False)


@cli.command()
@lang_option
@root_option
@translate_errors
def plans(lang, root):
    """List the plans of the project: city, stage span, metrics, data files."""
    from qcity.planview import list_plans, plans_table
    from qcity.project import find_project

    summaries = list_plans(find_project(root))
    click.echo(plans_table(summaries, lang or "zh"), nl=False)
    for summary in summaries:
        if summary.problem:
            click.echo(summary.problem, err=True)
    sys.exit(EXIT_ERROR if any(s.problem for s in summaries) else EXIT_PASS)


@cli.command()
@click.argument("plan")
@click.option("--as-of", "as_of", callback=_parse_date, metavar="DATE",
              help="Mark the stage of DATE (default: today).")
@lang_option
@root_option
@translate_errors
def show(plan, as_of, lang, root):
    """Show PLAN: its stages as a timeline and its metrics by area with targets."""
    from qcity.loading import load_plan
    from qcity.planview import show as show_plan
    from qcity.project import find_project

    loaded = load_plan(str(find_project(root).plan_path(plan)))
    click.echo(show_plan(loaded, as_of or date.today(), lang or loaded.lang), nl=False)


@cli.command()
@click.argument("plan")
@output_option
@click.option("--excel", is_flag=True, help="Write a UTF-8 byte-order mark for Excel.")
@root_option
@translate_errors
def template(plan, output, excel, root):
    """Print a CSV with a row for every metric of PLAN, values empty, for collecting data."""
    from qcity.loading import load_plan
    from qcity.output import write_atomic
    from qcity.project import find_project
    from qcity.scaffold import template_csv

    text = template_csv(load_plan(str(find_project(root).plan_path(plan))))
    if excel:
        text = "\ufeff" + text
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("folder", default=".")
@translate_errors
def init(folder):
    """Start a project in FOLDER: an example plan and data that check and validate accept."""
    from qcity.scaffold import init_project

    for path in init_project(folder):
        click.echo(f"created {path}")
    click.echo(f"next: cd {folder} && qcity check example")


@cli.command()
@output_option
def schema(output):
    """Print the JSON Schema of plan files, for editors that complete and check YAML.

    Put this line at the top of a plan to use it with the YAML language server:

        # yaml-language-server: $schema=../qcity-plan.schema.json
    """
    from qcity.output import write_atomic
    from qcity.plan_schema import plan_schema_text

    text = plan_schema_text()
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


def main():  # the console script
    try:
        cli(prog_name="qcity")
    finally:
        # The process ends now and the OS takes its memory back at once; without this
        # the interpreter's last collections walk every object left (a tenth of a
        # second after a national check).
        gc.freeze()
