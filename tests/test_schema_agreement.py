"""`qcity schema` accepts exactly the plans `qcity validate` accepts (issue #13).

Every plan of the test corpus (tests/corpus, the scenario cases, the bundled plans, the
multi-city standard and tests/schema_probes) is read the way an editor reads it (YAML 1.2:
``yes`` is text, ``2016`` a number, dates text) and checked against the JSON Schema; and
it is read by qcity.  What a JSON Schema cannot say is left out of the comparison: whole-
plan checks (unique ids, stage order, a due or milestone naming a stage, units that must
agree, keys that contradict each other), YAML that does not read at all, duplicate keys.
"""

import re
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml

from qcity.plan.loading import read_plan
from qcity.plan.schema import plan_schema

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted([*ROOT.glob("targets/*.yaml"), *ROOT.glob("tests/corpus/targets/*.yaml"),
                 *ROOT.glob("tests/cases/*/targets/*.yaml"),
                 *ROOT.glob("tests/multicity/targets/*.yaml"),
                 *ROOT.glob("tests/schema_probes/*.yaml")])
# codes of problems a schema can state: types, ranges, patterns, unknown and missing keys
SCHEMA_CODES = {"Q100", "Q101", "Q103", "Q104"}
# codes of problems it cannot: they need the whole plan (or the file name)
PLAN_CODES = {"Q110", "Q111", "Q113", "Q114", "Q115", "Q116", "Q117", "Q118", "Q119"}


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema, as editors' YAML language servers read plans."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
        ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
         list("-+0123456789")),
        ("tag:yaml.org,2002:float",
         r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
         r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+.0123456789"))]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), first)
def _float(loader, node):
    text = loader.construct_scalar(node)
    special = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
    return float(Decimal(special.get(text.lower(), text)))  # JSON numbers are floats


Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _float)
Yaml12Loader.add_constructor("tag:yaml.org,2002:int",
                             lambda loader, node: int(loader.construct_scalar(node), 0)
                             if loader.construct_scalar(node)[:2] in ("0o", "0x")
                             else int(loader.construct_scalar(node)))


def _editor_accepts(path: Path):
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError):
        return None
    validator = jsonschema.Draft202012Validator(plan_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors]


@pytest.mark.parametrize("path", CORPUS, ids=[str(p.relative_to(ROOT)) for p in CORPUS])
def test_schema_and_validate_agree(path):
    plan, diagnostics = read_plan(str(path))
    codes = {d.code for d in diagnostics}
    if codes - SCHEMA_CODES - PLAN_CODES:
        pytest.skip(f"not a schema question: {sorted(codes)}")  # YAML, tags, duplicate keys
    editor = _editor_accepts(path)
    if editor is None:
        pytest.skip("the editor cannot read the YAML either")
    qcity_accepts = not (codes & SCHEMA_CODES)
    if path.parent.name == "schema_probes":  # a probe says which way it must go
        assert qcity_accepts == path.name.startswith("ok-"), [str(d) for d in diagnostics]
    assert qcity_accepts == (not editor), (
        f"validate: {[str(d) for d in diagnostics] or 'accepts'}; "
        f"schema: {editor or 'accepts'}")
