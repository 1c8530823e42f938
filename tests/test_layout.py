"""The package layout stays true: imports point one way and form no cycle.

Layers, lowest first; a module may import its own layer and the ones below,
never one above.  Every ``import`` counts, also those inside functions (a lazy
import is still a dependency) and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "qcity"

LAYERS = [
    ("base", ["qcity", "qcity.errors", "qcity.codes", "qcity.values", "qcity.i18n", "qcity.diagtext",
              "qcity.output", "qcity.safetext"]),
    ("plan", ["qcity.plan"]),
    ("actuals", ["qcity.actuals"]),
    ("evaluation", ["qcity.evaluation"]),
    ("render", ["qcity.render"]),
    ("use cases", ["qcity.project", "qcity.check", "qcity.streaming", "qcity.validate",
                   "qcity.planview",
                   "qcity.template", "qcity.imports",
                   "qcity.scaffold"]),
    ("cli", ["qcity.cli", "qcity.__main__"]),
]


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    for path in sorted(ROOT.rglob("*.c")):  # compiled extensions import nothing of ours
        out[".".join(path.relative_to(ROOT.parent).with_suffix("").parts)] = path
    return out


def layer_of(module: str) -> int:
    best, rank = None, -1
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            exact = prefix == "qcity"
            if (module == prefix or (not exact and module.startswith(prefix + "."))) \
                    and len(prefix) > rank:
                best, rank = i, len(prefix)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__file__}")
    return best


def imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The qcity modules ``module`` imports (a ``from pkg import sub`` names the submodule)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return {m for m in found if m in known and m != module}


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {m: imports(m, p, known) if p.suffix == ".py" else set() for m, p in mods.items()}


def problems(edges: dict[str, set[str]], layer=layer_of) -> list[str]:
    """Upward imports and import cycles, as readable lines."""
    out = []
    for module, targets in sorted(edges.items()):
        for target in sorted(targets):
            if layer(target) > layer(module):
                out.append(f"{module} ({LAYERS[layer(module)][0]}) imports {target} "
                           f"({LAYERS[layer(target)][0]}): imports must point down")
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                out.append("import cycle: " + " -> ".join(cycle))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return out


def test_every_module_is_in_a_layer_and_imports():
    for module in modules():
        layer_of(module)
        if module.endswith("_scan"):
            continue
        importlib.import_module(module)


def test_imports_point_down_and_form_no_cycle():
    assert problems(graph()) == []


def test_the_check_catches_a_cycle_and_an_upward_import():
    edges = graph()
    edges["qcity.actuals.store"] = edges["qcity.actuals.store"] | {"qcity.actuals.read"}
    edges["qcity.plan.model"] = edges["qcity.plan.model"] | {"qcity.evaluation.report"}
    found = problems(edges)
    assert any(p.startswith("import cycle:") and "qcity.actuals.read" in p for p in found)
    assert "qcity.plan.model (plan) imports qcity.evaluation.report (evaluation): imports " \
           "must point down" in found


@pytest.mark.parametrize("module", sorted(modules()))
def test_modules_stay_small(module):
    lines = modules()[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 420, f"{module} has {lines} lines: split it by what it holds"


def test_the_version_path_imports_nothing_heavy():
    import subprocess
    import sys

    code = ("import sys; from qcity.cli import cli; "
            "heavy = [m for m in ('pydantic', 'yaml', 'tabulate', 'python_calamine', 'xlsxwriter') "
            "if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_readme_library_example_runs(repo_root):
    """The README's "Library use" code, run as written."""
    import re

    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Library use"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    code = code.replace("print(", "(lambda *a: a)(")
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert scope["report"].verdict == "fail"
    import qcity

    outcome = qcity.check_plan(qcity.find_project(), "zhengzhou")
    assert outcome.errors == [] and outcome.report.plan.id == "zhengzhou"
