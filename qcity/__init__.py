"""qcity: scorecards for city quality plans (质量强市示范城市 and the like).

The package root stays import-light on purpose: ``qcity --version`` and
``qcity --help`` must not pay for pydantic, PyYAML or tabulate.
"""

__version__ = "0.1.0"
