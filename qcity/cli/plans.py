"""Plan-side commands: ``plans``, ``show``, ``template``, ``init`` and ``schema``."""

from __future__ import annotations

import sys
from datetime import date

import click

from qcity.cli.options import (as_of_option, emit, format_option, guard_output, lang_option,
                               output_option,
                               plan_argument, root_option, translate_errors)
from qcity.errors import EXIT_ERROR, EXIT_PASS


@click.command()
@lang_option
@root_option
@translate_errors
def plans(lang, root):
    """List the plans of the project: city, stage span, metrics, data files."""
    from qcity.planview import list_plans
    from qcity.project import find_project
    from qcity.render.plans import plans_table

    summaries = list_plans(find_project(root))
    click.echo(plans_table(summaries, lang or "zh"), nl=False)
    for summary in summaries:
        if summary.problem:
            click.echo(summary.problem, err=True)
    sys.exit(EXIT_ERROR if any(s.problem for s in summaries) else EXIT_PASS)


@click.command()
@plan_argument()
@as_of_option(help="Mark the stage of DATE (default: today).")
@lang_option
@root_option
@translate_errors
def show(plan, as_of, lang, root):
    """Show PLAN: its stages as a timeline and its metrics by area with targets."""
    from qcity.plan.loading import load_plan
    from qcity.project import find_project
    from qcity.render.plans import show as show_plan

    loaded = load_plan(str(find_project(root).plan_path(plan)))
    click.echo(show_plan(loaded, as_of or date.today(), lang or loaded.lang), nl=False)


@click.command()
@plan_argument()
@output_option
@format_option(["csv", "xlsx"], help="csv or xlsx (default: from --output's extension, "
                                     "else csv).")
@click.option("--excel", is_flag=True, help="CSV: write a UTF-8 byte-order mark for Excel.")
@root_option
@translate_errors
def template(plan, output, fmt, excel, root):
    """Write the fill-in template of PLAN: a row for every figure the plan needs.

    Baseline periods, milestone periods, every period of sustained targets and the
    deadline, with the indicator's name, unit, target and responsible department
    (owner:), values empty. As .xlsx (-o 填报表.xlsx) it is a workbook to send out:
    value cells with data validation, an instructions sheet, printed on A4. Read it
    back as it comes: qcity check PLAN --data 填报表.xlsx.
    """
    from qcity.project import find_project
    from qcity.template import make_template

    project = find_project(root)
    inputs = guard_output(output, project, [plan])  # -o data/PLAN.csv would wipe the data
    content, rows = make_template(project, plan, fmt, output, excel)
    if isinstance(content, bytes):
        from qcity.output import write_atomic_bytes

        write_atomic_bytes(output, content, inputs=inputs)
    else:
        emit(content, output, inputs)
    if output:
        click.echo(f"wrote {output}: {rows} figure(s) to collect", err=True)


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option("--plan", "plan_id", default="example", show_default=True,
              help="Id of the new plan (its file is targets/ID.yaml).")
@click.option("--city", default="示例市", show_default=True, help="The plan's city.")
@translate_errors
def init(folder, plan_id, city):
    """Start a project in FOLDER, or add a plan to one: an example plan and data that
    check and validate accept.  An existing file is never overwritten.

    The figures are made up and say so; replace them with your plan's.
    """
    from qcity.scaffold import init_project

    created, kept = init_project(folder, plan_id, city)
    for path in created:
        click.echo(f"created {path}")
    for path, why in kept:
        click.echo(f"exists  {path} ({why})")
    click.echo(f"next: cd {folder} && qcity check {plan_id}")


@click.command()
@output_option
@translate_errors
def schema(output):
    """Print the JSON Schema of plan files, for editors that complete and check YAML.

    Put this line at the top of a plan to use it with the YAML language server:

        # yaml-language-server: $schema=../qcity-plan.schema.json
    """
    from qcity.plan.schema import plan_schema_text

    emit(plan_schema_text(), output)
