"""Plan-side views as text: the list of plans (``qcity plans``) and one plan (``qcity show``)."""

from __future__ import annotations

from datetime import date

from tabulate import tabulate

from qcity.i18n import label
from qcity.plan.due import period_kind
from qcity.plan.model import Plan
from qcity.render import subunits, wording
from qcity.safetext import inert, visible
from qcity.values import format_decimal


def plans_table(summaries: list, lang: str = "zh") -> str:
    """One line a plan, from ``qcity.planview.list_plans``."""
    zh = lang == "zh"
    header = ["方案", "城市", "阶段", "指标", "数据文件"] if zh else \
        ["plan", "city", "stages", "metrics", "data files"]
    rows = []
    for s in summaries:
        if s.plan is None:
            rows.append([s.id, "-", f"({'有错误' if zh else 'has errors'}: qcity validate)",
                         "-", str(s.data_files)])
            continue
        p = s.plan
        city = p.city_en if not zh and p.city_en else p.city
        span = f"{p.stages[0].start} – {p.stages[-1].end} ({len(p.stages)})"
        targets = sum(m.target is not None for m in p.metrics)
        rows.append([s.id, city, span, str(targets), str(s.data_files)])
    rows = [[visible(cell) for cell in row] for row in rows]
    return tabulate(rows, headers=header, tablefmt="simple", disable_numparse=True) + "\n"


def show(plan: Plan, today: date, lang: str) -> str:
    """Stages as a timeline with today's marked; metrics by area with targets and due dates."""
    plan = inert(plan)
    zh = lang == "zh"
    title = plan.title_en if not zh and plan.title_en else plan.title
    lines = [f"{title} ({plan.id})", f"{plan.city_en if not zh and plan.city_en else plan.city}"
             + (f" · {plan.approved}" if plan.approved else ""), ""]
    sep = wording.colon(lang)  # 来源：… as every report writes it; Source: … in English
    heading = sep.rstrip()
    if plan.source:
        lines += [f"{'来源' if zh else 'Source'}{sep}{plan.source}", ""]
    lines.append(f"{label('stage', lang)}{heading}")
    for stage in plan.stages:
        name = stage.name_en if not zh and stage.name_en else stage.name
        mark = "  "
        if stage.start <= today <= stage.end:
            mark = "▶ "
        elif today > stage.end:
            mark = "✓ "
        lines.append(f"  {mark}{stage.start} – {stage.end}  {name} ({stage.id})")
    if today > plan.stages[-1].end:
        lines.append(f"  {'(全部阶段已于 %s 结束)' % plan.stages[-1].end if zh else '(all stages ended %s)' % plan.stages[-1].end}")
    if plan.acceptance and plan.acceptance.pass_score is not None:
        lines += ["", f"{label('pass_score', lang)}{sep}{format_decimal(plan.acceptance.pass_score)}"]
    header = [label("metric", lang), "id", label("target", lang), "期限" if zh else "Due",
              label("weight", lang), "一票否决" if zh else "Veto"]  # heads capitalised
    areas = {a.id: a for a in plan.areas}
    names = {m.id: m.label(lang) for m in plan.metrics}  # a comparison names the other metric
    order = [a.id for a in plan.areas] + [None]
    for area_id in order:
        metrics = [m for m in plan.metrics if m.area == area_id]
        if not metrics:
            continue
        area = areas.get(area_id)
        name = (area.name_en if not zh and area.name_en else area.name) if area else \
            label("no_area", lang)
        rows = []
        for m in metrics:
            how = m.aggregate.how if m.aggregate is not None else None
            counts = how in ("share", "count") and m.target is not None
            # a share's figure is a % of the sub-units, a count's a number of them
            unit = ("%" if how == "share" else None) if counts else m.unit
            target = wording.target_phrase(
                m.target, unit, m.unit_en, lang, against=m.against,
                kind=period_kind(plan, m), name_of=lambda ref: names.get(ref))
            if counts:  # ≥3个县区（各≥90分）
                target = subunits.counted(target, how, lang) + wording.paren(
                    label("subunits.each", lang) + wording.target_phrase(
                        m.aggregate.condition, m.unit, m.unit_en, lang), lang)
            if m.mode == "sustained" and m.target is not None:
                target += "（持续）" if zh else " (sustained)"
            if m.every is not None and m.target is not None and m.against is None:  # 每年
                every_zh = {"year": "年", "half": "半年", "quarter": "季度", "month": "月"}
                target += f"（每{every_zh[m.every]}）" if zh else f" (every {m.every})"
            if m.standard:
                target += f"（{m.standard}）" if zh else f" ({m.standard})"
            for stage_id, milestone in m.milestones.items():
                stage = next((s for s in plan.stages if s.id == stage_id), None)
                when = (stage.name_en if not zh and stage.name_en else stage.name) if stage \
                    else stage_id
                target += ("；" if zh else "; ") + (subunits.counted(
                    wording.target_phrase(milestone, unit, m.unit_en, lang), how, lang, when)
                    if counts else wording.target_phrase(milestone, unit, m.unit_en, lang,
                                                         milestone=when))
            rows.append([m.label(lang), m.id, target,
                         str(plan.deadline(m)) if m.target is not None else "-",
                         format_decimal(m.weight), "✔" if m.veto else ""])
        lines += ["", f"{name}{heading}", tabulate(rows, headers=header, tablefmt="simple",
                                           disable_numparse=True)]
    return "\n".join(lines) + "\n"
