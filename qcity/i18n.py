"""Labels of the reports in Chinese and English."""

from __future__ import annotations

_LABELS = {
    "zh": {
        "pass": "达标", "fail": "未达标", "missing": "缺数据", "not_due": "未到期",
        "verdict.pass": "通过", "verdict.fail": "未通过",
        "area": "领域", "metric": "指标", "target": "目标", "actual": "实际值",
        "period": "期间", "status": "状态", "margin": "差距", "due": "应达标",
        "stage": "阶段", "evaluated_at": "评估日", "as_of": "截至", "verdict": "结论",
        "score": "得分", "grade": "等级", "counts": "统计", "areas": "分领域",
        "passed_due": "达标/应达标", "days_left": "距阶段结束 {n} 天",
        "days_over": "阶段已结束 {n} 天", "ends_today": "阶段今日结束",
        "yes": "是", "no": "否", "no_area": "(未分领域)", "total": "合计",
        "indicator": "监测指标", "veto": "一票否决", "weight": "权重", "note": "说明",
        "baseline": "基期", "pass_score": "及格分", "report": "质量强市评估报告",
        "plan": "方案", "history": "历史数据", "threshold": "目标线", "generated": "由 qcity {v} 生成",
        "stage_note": "{n} 项未到期指标不计入结论",
        "city": "城市", "cities": "{n} 个城市", "previous": "上次",
        "outlook": "展望", "outlook.met": "已达成", "outlook.on_track": "进度正常",
        "outlook.at_risk": "有风险", "outlook.off_track": "进度偏慢", "outlook.deteriorating": "恶化",
        "outlook.unknown": "无法判断", "at_risk": "有风险",
        "why.yes_no": "是/否类目标没有增速", "why.baseline_unknown": "基期数值未知",
        "why.no_observation": "没有观测值", "why.one_point": "不足两个时间点",
        "why.zero_base": "基数为零", "why.sign_change": "基数与最新值正负号不同",
        "why.deadline_before_base": "期限不晚于基期", "why.threshold_sign": "目标与基数正负号不同",
        "why.base_at_threshold": "基数恰在目标线上", "why.too_steep": "变化过于剧烈, 无法推算",
        "why.deadline_passed": "期限 {deadline} 已过", "why.sustained_missed": "持续达标要求已在 {period} 未达到",
        "limit_note": "接近上限 {limit}: 判断线按系数 C = {c} 下调",
        "remark.baseline_missing": "基期 {period} 在方案和数据中均无数值",
        "remark.no_obs_after_baseline": "基期 {period} 之后没有观测值",
        "remark.later_not_counted": "{n} 个晚于 {date} 的观测值未计入",
        "remark.sustained_fallback": "{start} 以来没有观测值, 按此前最近一期评判",
        "remark.sustained_fail": "持续达标: {start} 以来 {n} 期中有 {k} 期未达标, 最差 {worst}",
        "remark.sustained_pass": "持续达标: {start} 以来 {n} 期全部达标",
        "verdict.none": "无可评判", "no_verdict": "本阶段没有到期指标, 无可评判",
        "outlook.missed": "逾期未达标",
        "basis.current": "当前阶段", "basis.before": "方案尚未开始, 按第一阶段",
        "basis.between": "两阶段之间, 按刚结束的阶段", "basis.after": "方案已结束",
        "basis.chosen": "指定阶段预演, 按阶段末到期的目标评判",
        "due_by": "到期截止", "kind.year": "年度", "kind.half": "半年度", "kind.quarter": "季度",
        "kind.month": "月度",
        "remark.stale": "{period} 的数据只在 {until} 前有效, 不能代表 {date} 的情况",
        "remark.off_period": "{n} 个非{kind_zh}数据未评判 (最近 {period}); 目标针对{kind_zh}数据",
        "remark.no_figure_for": "没有 {period} 的数据",
        "remark.every_none_yet": "自 {start} 起尚无完整的{kind_zh}期间",
        "remark.every_fail": "逐期达标: {n} 个{kind_zh}期间中 {k} 个未达标 ({periods})",
        "remark.every_missing": "逐期达标: {n} 个{kind_zh}期间中 {k} 个没有数据 ({periods})",
        "remark.every_pass": "逐期达标: 自 {start} 起 {n} 个{kind_zh}期间全部达标",
        "remark.baseline_conflict": "方案基期 {period} 数值 {plan} 与数据 {data} 不同, 按方案数值计算",
    },
    "en": {
        "pass": "pass", "fail": "fail", "missing": "missing", "not_due": "not due",
        "verdict.pass": "PASS", "verdict.fail": "FAIL",
        "area": "Area", "metric": "Metric", "target": "Target", "actual": "Actual",
        "period": "Period", "status": "Status", "margin": "Margin", "due": "due",
        "stage": "Stage", "evaluated_at": "Evaluated at", "as_of": "As of",
        "verdict": "Verdict", "score": "Score", "grade": "Grade", "counts": "Counts",
        "areas": "By area", "passed_due": "passed/due", "days_left": "{n} day(s) left in the stage",
        "days_over": "stage ended {n} day(s) ago", "ends_today": "stage ends today",
        "yes": "yes", "no": "no", "no_area": "(no area)", "total": "Total",
        "indicator": "indicator", "veto": "veto", "weight": "Weight", "note": "Note",
        "baseline": "Baseline", "pass_score": "pass score", "report": "Quality city scorecard",
        "plan": "Plan", "history": "History", "threshold": "threshold", "generated": "made by qcity {v}",
        "stage_note": "{n} metric(s) not yet due are left out of the verdict",
        "city": "City", "cities": "{n} cities", "previous": "was at",
        "outlook": "Outlook", "outlook.met": "met", "outlook.on_track": "on track",
        "outlook.at_risk": "at risk", "outlook.off_track": "off track",
        "outlook.deteriorating": "deteriorating", "outlook.unknown": "unknown", "at_risk": "at risk",
        "limit_note": "near the limit {limit}: cut-offs scaled by C = {c}",
        "remark.baseline_missing": "baseline {period} has no value in the plan or the data",
        "remark.no_obs_after_baseline": "no observation after the baseline {period}",
        "remark.later_not_counted": "{n} observation(s) after {date} not counted",
        "remark.sustained_fallback": "no observation since {start}; judged the latest earlier one",
        "remark.sustained_fail": "sustained: {k} of {n} observations since {start} miss the "
                                 "target; worst {worst}",
        "remark.sustained_pass": "sustained: all {n} observations since {start} pass",
        "verdict.none": "NO VERDICT", "no_verdict": "nothing is due at this stage: nothing to judge",
        "outlook.missed": "missed",
        "basis.current": "current stage", "basis.before": "before the plan starts: the first stage",
        "basis.between": "between stages: the stage just ended", "basis.after": "the plan has ended",
        "basis.chosen": "dry run of the chosen stage: targets due by its end",
        "due_by": "due by", "kind.year": "year", "kind.half": "half-year", "kind.quarter": "quarter",
        "kind.month": "month",
        "remark.stale": "the {period} figure counts until {until}: too old to stand for {date}",
        "remark.off_period": "{n} figure(s) not for a whole {kind} not judged (latest {period}); "
                             "the target is about a {kind}",
        "remark.no_figure_for": "no figure for {period}",
        "remark.every_none_yet": "no whole {kind} since {start} yet",
        "remark.every_fail": "every {kind}: {k} of {n} miss the target ({periods})",
        "remark.every_missing": "every {kind}: {k} of {n} have no figure ({periods})",
        "remark.every_pass": "every {kind}: all {n} since {start} pass",
        "remark.baseline_conflict": "the plan's baseline {plan} for {period} differs from the "
                                    "data's {data}; the plan's value is used",
    },
}


def reason(outlook, lang: str) -> str:
    """An outlook's reason in the report's language."""
    if outlook.reason_code is None:
        return outlook.reason or ""
    if lang == "en":
        return outlook.reason or ""
    return label("why." + outlook.reason_code, lang, **outlook.reason_args)


def label(key: str, lang: str, **fields) -> str:
    text = _LABELS.get(lang, _LABELS["en"]).get(key, key)
    return text.format(**fields) if fields else text
