"""Options and helpers every command shares, defined once.

``--root``, ``--lang``, ``--format``, ``--output``, ``--as-of`` and ``--data``
are decorators; :func:`translate_errors` is the one place where qcity's
errors become lines on stderr and an exit code.
"""

from __future__ import annotations

import functools
import sys
from datetime import date

import click

from qcity.cli import completion
from qcity.errors import EXIT_ERROR, QcityError


def root_option(func):
    return click.option("--root", type=click.Path(file_okay=False),
                        help="Project folder (default: nearest with targets/).")(func)


def lang_option(func):
    return click.option("--lang", type=click.Choice(["zh", "en"]),
                        help="Report language (default: the plan's lang).")(func)


def format_option(choices, default=None, help="Output format (default: from --output's "
                                               "extension, else table)."):
    def decorate(func):
        return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                            show_default=default is not None, help=help)(func)
    return decorate


def output_option(func):
    return click.option("--output", "-o", type=click.Path(dir_okay=False),
                        help="Write to FILE (atomically) instead of standard output.")(func)


def _parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f'"{value}" is not a date (YYYY-MM-DD)') from None


def as_of_option(help="Evaluate as on DATE (YYYY-MM-DD; default: today)."):
    def decorate(func):
        return click.option("--as-of", "as_of", callback=_parse_date, metavar="DATE",
                            help=help)(func)
    return decorate


def compare_to_option(func):
    return click.option("--compare-to", "compare_to", callback=_parse_date, metavar="DATE",
                        help="Also evaluate as on DATE and mark what changed since.")(func)


def data_option(func):
    return click.option("--data", "data", multiple=True, type=click.Path(),
                        help="Data file or folder of actuals (repeatable; default: "
                             "data/<plan>...).")(func)


def stage_option(func):
    return click.option("--stage", shell_complete=completion.stage_ids,
                        help="Stage id to evaluate at (default: the last stage).")(func)


def plan_argument(name="plan", nargs=1):
    return click.argument(name, nargs=nargs, shell_complete=completion.plan_ids)


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


def emit(text: str, output) -> None:
    """Text to FILE (atomically) or to standard output."""
    if output:
        from qcity.output import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


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
