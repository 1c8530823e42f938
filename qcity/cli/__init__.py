"""The command line: one module a command (or a small group of them).

Each command parses its options, calls one core function, renders and
returns an exit code; options every command shares live in ``options``,
shell completion in ``completion``.  Heavy modules (pydantic, PyYAML,
tabulate) are imported inside the commands so ``qcity --help`` and
``qcity --version`` start at once.

May import: anything in qcity; nothing imports this package.
"""

from __future__ import annotations

import gc

import click

from qcity import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="qcity")
def cli():
    """Scorecards for city quality plans (全国质量强市示范城市 and the like).

    Plans live in targets/<plan>.yaml, actual values in data/<plan>.csv.

    Shell completion: eval "$(_QCITY_COMPLETE=bash_source qcity)" (zsh_source, fish_source).
    """


def _register() -> None:
    from qcity.cli import check, imports, plans, trend, validate

    for command in (check.check, validate.validate, trend.trend, plans.plans, plans.show,
                    plans.template, imports.import_, plans.init, plans.schema):
        cli.add_command(command)


_register()


def main():  # the console script
    try:
        cli(prog_name="qcity")
    finally:
        # The process ends now and the OS takes its memory back at once; without this
        # the interpreter's last collections walk every object left (a tenth of a
        # second after a national check).
        gc.freeze()
