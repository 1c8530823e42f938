"""Options and helpers every command shares, defined once.

``--root``, ``--lang``, ``--format``, ``--output``, ``--as-of`` and ``--data``
are decorators; :func:`translate_errors` is the one place where qcity's
errors become lines on stderr and an exit code.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from datetime import date

import click

from qcity.cli import completion
from qcity.errors import EXIT_ERROR, EXIT_INTERRUPTED, QcityError


def root_option(func):
    return click.option("--root", type=click.Path(file_okay=False),
                        help="Project folder (default: nearest with targets/).")(func)


def lang_option(func):
    return click.option("--lang", type=click.Choice(["zh", "en"]),
                        help="Report language (default: the plan's lang).")(func)


def diagnostics_lang_option(func):
    """``validate``'s language: English unless asked, as CI logs are read."""
    return click.option("--lang", type=click.Choice(["zh", "en"]), default="en",
                        show_default=True,
                        help="Language of the messages (the codes and places are the "
                             "same in both).")(func)


def diagnostics_lang(lang, plan=None) -> str:
    """The language problems are printed in by a report command: ``--lang``, else the
    plan's, else Chinese (as reports are)."""
    return lang or getattr(plan, "lang", None) or "zh"


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
                        help="Judge this stage as at its end, a dry run (default: the stage "
                             "--as-of falls in, judging what is due by --as-of).")(func)


def plan_argument(name="plan", nargs=1):
    return click.argument(name, nargs=nargs, shell_complete=completion.plan_ids)


def encoding_option(func):
    return click.option("--encoding", callback=_check_encoding, metavar="ENC",
                        help="Encoding of the CSV files (default: detect UTF-8/GB18030).")(func)


def _check_encoding(ctx, param, value):
    """Text encodings a CSV can be read in: those that keep ASCII as it is (a comma, quote
    or newline is the byte it looks like) and UTF-16/32; codecs such as idna, rot13 or
    base64, and names that are no codec, are refused before anything is read."""
    if value is None:
        return None
    import codecs

    try:
        info = codecs.lookup(value)
        sample = 'metric,"period",value\r\n'
        usable = getattr(info, "_is_text_encoding", True) and (
            info.name.startswith(("utf-16", "utf-32"))
            or sample.encode(info.name) == sample.encode("ascii")) and \
            isinstance(b"\xff\xfe".decode(info.name, "surrogateescape"), str)
    except (LookupError, UnicodeError, TypeError, ValueError):
        usable = False
    if not usable:
        raise click.BadParameter(f'"{value}" is not an encoding qcity can read CSV in (for '
                                 "example: UTF-8, GB18030, GBK, Big5, UTF-16, Latin-1)")
    return value


def translate_errors(func):
    """Turn QcityError into one line per problem on stderr and exit code 2; Ctrl-C into
    exit 130 and SIGTERM into exit 143, with temporary files removed on the way out."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with _terminate_as_exit():
            try:
                return func(*args, **kwargs)
            except QcityError as exc:
                from qcity.render.diagnostics import line

                # a command with --lang says its problems in that language (report
                # commands default to Chinese, as their reports do); others in English
                lang = diagnostics_lang(kwargs["lang"]) if "lang" in kwargs else "en"
                for diagnostic in exc.diagnostics:
                    click.echo(line(diagnostic, lang), err=True)
                sys.exit(EXIT_ERROR)
            except KeyboardInterrupt:
                click.echo("qcity: interrupted", err=True)
                sys.exit(EXIT_INTERRUPTED)
    return wrapper


@contextlib.contextmanager
def _terminate_as_exit():
    """SIGTERM raises SystemExit(143) while a command runs, so ``finally`` blocks and
    the output's cleanup run (by default Python dies at once, leaving temporary files)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        sys.exit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def emit(text: str, output, inputs=()) -> None:
    """Text to FILE (atomically, never over one of ``inputs``) or to standard output."""
    if output:
        from qcity.output import write_atomic

        write_atomic(output, text, inputs=inputs)
    else:
        click.echo(text, nl=False)


def guard_output(output, project, plans=(), data=()) -> list:
    """The files a command reads (every plan and data file of the project, the plans and
    --data it was given), which no output may overwrite; with ``--output``, refuse at once,
    before any work, an output that is one of them or cannot be written."""
    from qcity.output import check_target
    from qcity.project import expand_data

    inputs = [str(p) for p in project.input_files()]
    for name in plans:
        try:
            inputs.append(str(project.plan_path(name)))
        except QcityError:
            pass  # reported when the plan is loaded
    try:
        inputs += [str(p) for p in expand_data(list(data))]
    except QcityError:
        pass  # reported when the data is read
    if output:
        check_target(output, inputs)
    return inputs


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
