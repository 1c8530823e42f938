"""``qcity trend``: one metric over time."""

from __future__ import annotations

import click

from qcity.cli import completion
from qcity.cli.options import (as_of_option, data_option, emit, format_option, guard_output,
                               lang_option, output_option, plan_argument, root_option,
                               stage_option, translate_errors)


@click.command()
@plan_argument()
@click.argument("metric", shell_complete=completion.metric_ids)
@click.option("--city", help="For a plan over several cities: whose trend.")
@data_option
@as_of_option()
@stage_option
@format_option(["text", "json", "csv"], default="text", help="Output format.")
@output_option
@lang_option
@root_option
@translate_errors
def trend(plan, metric, city, data, as_of, stage, fmt, output, lang, root):
    """Show METRIC of PLAN over time: observations, threshold, sparkline and outlook.

    METRIC is the metric's id, its name or one of its aliases, as in data files.
    """
    from qcity.check import metric_trend
    from qcity.project import find_project
    from qcity.render.trend import csv_text, text

    project = find_project(root)
    inputs = guard_output(output, project, [plan], data)
    found, plan_lang = metric_trend(project, plan, metric, data=data, as_of=as_of,
                                    stage=stage, city=city)
    if fmt == "json":
        out = found.model_dump_json(indent=2, context={"lang": lang or plan_lang}) + "\n"
    elif fmt == "csv":
        out = csv_text(found)
    else:
        out = text(found, lang or plan_lang)
    emit(out, output, inputs)
