"""Shell completion: plan ids, stage ids and metric ids from the project on disk.

Completion runs on every <Tab>, so it reads as little as it can: plan ids are
file names under ``targets/``; stage and metric ids come from the plan file's
YAML (safely loaded), and any problem simply completes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

_SUFFIXES = (".yaml", ".yml")


def _targets(ctx) -> Path | None:
    root = ctx.params.get("root") if ctx is not None else None
    if root:
        folder = Path(root) / "targets"
        return folder if folder.is_dir() else None
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "targets").is_dir():
            return folder / "targets"
    return None


def plan_ids(ctx, param, incomplete: str) -> list:
    from click.shell_completion import CompletionItem

    targets = _targets(ctx)
    if targets is None:
        return []
    ids = sorted(p.stem for p in targets.iterdir() if p.suffix in _SUFFIXES and p.is_file())
    return [CompletionItem(i) for i in ids if i.startswith(incomplete)]


def _named_plans(ctx, targets: Path) -> list[str]:
    plans = ctx.params.get("plans") or ([ctx.params["plan"]] if ctx.params.get("plan") else [])
    if plans:
        return list(plans)
    # While an option's value is completed click has not yet handed the variadic PLANS
    # argument over; the words typed so far (set by every shell's completion script) have it.
    words = os.environ.get("COMP_WORDS", "").split()
    return [w for w in words[1:] if any((targets / f"{w}{s}").is_file() for s in _SUFFIXES)]


def _plan_items(ctx, key: str) -> list[dict]:
    targets = _targets(ctx)
    if targets is None:
        return []
    plans = _named_plans(ctx, targets)
    from qcity.errors import PlanError
    from qcity.plan.yamlsafe import load_yaml  # bounded: a hostile plan never hangs a Tab

    items = []
    for plan in plans:
        for suffix in _SUFFIXES:
            path = targets / f"{plan}{suffix}"
            if path.is_file():
                try:
                    doc, _ = load_yaml(str(path))
                except PlanError:
                    break
                if isinstance(doc, dict) and isinstance(doc.get(key), list):
                    items += [i for i in doc[key] if isinstance(i, dict)]
                break
    return items


def _ids(items: list[dict], incomplete: str) -> list:
    from click.shell_completion import CompletionItem

    seen = []
    for item in items:
        ident = item.get("id")
        if isinstance(ident, str) and ident.startswith(incomplete) and ident not in seen:
            seen.append(ident)
    names = {i.get("id"): i.get("name") for i in items}
    return [CompletionItem(i, help=names.get(i) if isinstance(names.get(i), str) else None)
            for i in seen]


def stage_ids(ctx, param, incomplete: str) -> list:
    return _ids(_plan_items(ctx, "stages"), incomplete)


def metric_ids(ctx, param, incomplete: str) -> list:
    return _ids(_plan_items(ctx, "metrics"), incomplete)
