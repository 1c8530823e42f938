"""``qcity validate``: every problem in plans and data files, for people and CI."""

from __future__ import annotations

import sys

import click

from qcity.cli import completion
from qcity.cli.options import (diagnostics_lang_option, format_option, root_option,
                               translate_errors)
from qcity.errors import EXIT_FAIL, EXIT_PASS


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@format_option(["text", "json", "github"], default="text",
               help="text lines, a JSON list, or GitHub annotations.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--ignore", "ignore", multiple=True, metavar="CODE",
              help="Leave out diagnostics with this code, e.g. Q217 (repeatable).")
@click.option("--plan", "plan", shell_complete=completion.plan_ids,
              help="Check PATHS (data files anywhere) against this plan.")
@click.option("--encoding", help="Encoding of text files (default: detect UTF-8/GB18030/UTF-16).")
@diagnostics_lang_option
@root_option
@translate_errors
def validate(paths, fmt, strict, ignore, plan, encoding, lang, root):
    """Check plans and data files and report every problem, not just the first.

    PATHS are plan files, data files (CSV, TSV, xlsx, xls, ods) or folders
    (default: the whole project, targets/ and data/). With --plan ID, PATHS are
    data files checked against plan ID wherever they are (incoming files need not
    be copied into data/ first). Each problem is one line: path:line:col (or
    path:sheet!cell), severity, a stable code (Q101 …) and how to fix it, in
    English or, with --lang zh, in Chinese (codes and places are the same).

    Exit status: 0 clean, 1 an error (or a warning with --strict), 2 usage.
    """
    from qcity.render import diagnostics
    from qcity.validate import find_for, validate as run_validation

    if plan is not None and not paths:
        raise click.UsageError("--plan needs the data files to check")
    result = run_validation(find_for(paths, root), paths, plan=plan, encoding=encoding)
    ignored = {code.upper() for code in ignore}
    result.diagnostics = [d for d in result.diagnostics if d.code not in ignored]
    click.echo(diagnostics.render(fmt, result.diagnostics, result.files, lang,
                                  (result.unlisted_errors, result.unlisted_warnings)), nl=False)
    failed = result.errors or (strict and result.warnings)
    sys.exit(EXIT_FAIL if failed else EXIT_PASS)
