"""qcity: scorecards for city quality plans (质量强市示范城市 and the like).

The package root stays import-light on purpose: ``qcity --version`` and
``qcity --help`` must not pay for pydantic, PyYAML or tabulate.  The library's
entry points are re-exported here, imported on first use::

    from qcity import load_plan, read_actuals, evaluate

How the code is laid out (imports point down this list, never up):

- ``qcity.cli``: the commands (click), thin;
- ``qcity.check``, ``qcity.validate``, ``qcity.planview``, ``qcity.scaffold``,
  ``qcity.project``: the use cases, one core call a command;
- ``qcity.render``: one module a report format;
- ``qcity.evaluation``: the engine, outlook and report models;
- ``qcity.actuals``: data files -> per-(city, metric) summaries;
- ``qcity.plan``: plan files -> a validated Plan;
- ``qcity.errors``, ``qcity.codes``, ``qcity.values``, ``qcity.i18n``,
  ``qcity.output``: the base every part may use.
"""

__version__ = "0.1.0"

_EXPORTS = {
    "load_plan": "qcity.plan.loading",
    "read_plan": "qcity.plan.loading",
    "read_actuals": "qcity.actuals.read",
    "evaluate": "qcity.evaluation.engine",
    "evaluate_cities": "qcity.evaluation.engine",
    "check_plan": "qcity.check",
    "find_project": "qcity.project",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'qcity' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
