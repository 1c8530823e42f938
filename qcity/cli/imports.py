"""``qcity import``: data files as the canonical long CSV."""

from __future__ import annotations

import click

from qcity.cli import completion
from qcity.cli.options import emit, output_option, root_option, translate_errors


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--plan", "plan", required=True, shell_complete=completion.plan_ids,
              help="The plan the figures are for (an id, or a plan file).")
@output_option
@click.option("--force", is_flag=True, help="Replace FILE when it exists (never an input).")
@click.option("--encoding", help="Encoding of text files (default: detect UTF-8/GB18030/UTF-16).")
@root_option
@translate_errors
def import_(files, plan, output, force, encoding, root):
    """Write FILES (workbooks, wide tables, CSV …) as qcity's canonical long CSV.

    Read with the same rules as check: any problem stops the import, one line
    each, and nothing is written. Example:

        qcity import 填报表.xlsx --plan zhengzhou -o data/zhengzhou.csv
    """
    from qcity.imports import import_files
    from qcity.project import find_project

    result = import_files(find_project(root), plan, files, encoding, output, force)
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    emit(result.text, output, result.inputs)
    if output:
        click.echo(f"wrote {result.rows} observation(s) from {len(result.files)} file(s) to "
                   f"{output}", err=True)
