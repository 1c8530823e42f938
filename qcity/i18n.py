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
        "remark.revised": "{period} 为修订数 (原为 {was})",
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
        "remark.revised": "{period} is a revised figure (was {was})",
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
