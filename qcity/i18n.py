"""Labels of the reports in Chinese and English."""

from __future__ import annotations

from datetime import date
from typing import Optional

_LABELS = {
    "zh": {
        "pass": "达标", "fail": "未达标", "missing": "缺数据", "not_due": "未到期",
        "verdict.pass": "通过", "verdict.fail": "未通过",
        "area": "领域", "metric": "指标", "target": "目标", "actual": "实际值",
        "period": "期间", "status": "状态", "margin": "差距", "due": "应达标",
        "stage": "阶段", "evaluated_at": "评估日", "as_of": "数据掌握日", "verdict": "结论",
        "score": "得分", "grade": "等级", "counts": "统计", "areas": "分领域",
        "passed_due": "达标/应达标", "days_left": "距阶段结束{n}天",
        "days_over": "阶段已结束{n}天", "ends_today": "阶段今日结束",
        "yes": "是", "no": "否", "no_area": "(未分领域)", "total": "合计",
        "indicator": "监测指标", "veto": "一票否决", "weight": "权重", "note": "说明",
        "baseline": "基期", "pass_score": "及格分", "report": "质量强市评估报告",
        "plan": "方案", "history": "历史数据", "threshold": "目标线", "generated": "由qcity {v}生成",
        "stage_note": "{n}项未到期指标不计入结论",
        "city": "城市", "cities": "{n}个城市", "previous": "上次",
        "outlook": "展望", "outlook.met": "已达成", "outlook.on_track": "进度正常",
        "outlook.at_risk": "有风险", "outlook.off_track": "进度偏慢", "outlook.deteriorating": "恶化",
        "outlook.unknown": "无法判断", "at_risk": "有风险",
        "why.yes_no": "是/否类目标没有增速", "why.baseline_unknown": "基期数值未知",
        "why.no_observation": "没有观测值", "why.one_point": "不足两个时间点",
        "why.zero_base": "基数为零", "why.sign_change": "基数与最新值正负号不同",
        "why.deadline_before_base": "期限不晚于基期", "why.threshold_sign": "目标与基数正负号不同",
        "why.base_at_threshold": "基数恰在目标线上", "why.too_steep": "变化过于剧烈，无法推算",
        "why.deadline_passed": "期限{deadline}已过", "why.sustained_missed": "持续达标要求已在{period}未达到",
        "limit_note": "接近上限{limit}：判断线按系数 C = {c} 下调",
        "remark.baseline_missing": "基期{period}在方案和数据中均无数值",
        "remark.baseline_zero": "基期{period}数值为零，相对变化无从计算",
        "remark.no_obs_after_baseline": "基期{period}之后没有观测值",
        "remark.later_not_counted": "{n}个晚于{date}的观测值未计入",
        "remark.sustained_fallback": "{start}以来没有观测值，按此前最近一期评判",
        "remark.sustained_fail": "持续达标：{start}以来{n}期中有{k}期未达标，最差为{worst}",
        "remark.sustained_pass": "持续达标：{start}以来{n}期全部达标",
        "remark.closest_shown": "所列为最接近目标的{period}数据，最新的{latest}为{value}{unit}",
        "achieved": "达成", "milestone_of": "（{stage}目标）", "baseline_word": "基期",
        "at_risk_or_worse": "展望欠佳", "vetoed_by": "一票否决",
        "veto_sentence": "一票否决指标{names}{status}",
        "veto_status.fail": "未达标", "veto_status.missing": "缺数据", "score_sentence": "得分{score}分",
        "pass_score_sentence": "（合格线{bar}分）", "grade_sentence": "等级{grade}",
        "counts_sentence": "达标{pass}项、未达标{fail}项、缺数据{missing}项、未到期{not_due}项",
        "change": "较基期变化", "previous_value": "上次数值", "city_report": "{city}",
        "scoreboard": "各城市排名", "rank": "名次", "unit": "单位", "source": "来源",
        "sources": "数据来源", "notes": "说明", "chart_recent": "图中为最近{n}期（共{total}期）",
        "value": "数值", "charts": "指标走势图", "threshold_value": "目标值", "summary": "概况",
        "metrics_sheet": "指标", "chart_data": "图表数据", "not_judged": "不评判",
        "issued": "依据《{title}》，评估日{when}，数据截至{as_of}",
        "veto_mark": "一票否决指标", "generated_by": "qcity {v} 生成",
        "remark.revised": "{period}为修订数（原为{was}）",
        "verdict.none": "无可评判", "no_verdict": "本阶段没有到期指标",
        "indicator_sentence": "另有监测指标{n}项",
        "outlook.missed": "逾期未达标",
        "basis.current": "当前阶段", "basis.before": "方案尚未开始，按第一阶段",
        "basis.between": "两阶段之间，按刚结束的阶段", "basis.after": "方案已结束",
        "basis.chosen": "指定阶段预演，按阶段末到期的目标评判",
        "due_by": "到期截止", "kind.year": "年度", "kind.half": "半年度", "kind.quarter": "季度",
        "kind.month": "月度",
        "remark.stale": "{period}的数据只在{until}前有效，不能代表{date}的情况",
        "remark.off_period": "{n}个非{kind_zh}数据未评判（最近为{period}），目标针对{kind_zh}数据",
        "remark.no_figure_for": "没有{period}的数据",
        "remark.every_none_yet": "自{start}起尚无完整的{kind_zh}期间",
        "remark.every_fail": "逐期达标：{n}个{kind_zh}期间中{k}个未达标（{periods}）",
        "remark.every_fail_missing": "逐期达标：{n}个{kind_zh}期间中{k}个未达标（{periods}），"
                                     "{m}个没有数据（{blank}）",
        "remark.every_missing": "逐期达标：{n}个{kind_zh}期间中{k}个没有数据（{periods}）",
        "remark.every_pass": "逐期达标：自{start}起{n}个{kind_zh}期间全部达标",
        "remark.baseline_conflict": "方案基期{period}数值{plan}与数据{data}不同，按方案数值计算",
        "remark.no_reference": "没有{ref}{period}的数据，无法比较",
        "remark.no_base_figure": "没有{period}的数据，无法计算{of}的变化",
        "remark.zero_base_figure": "{period}的数据为零，无法计算相对变化",
        "remark.subunits_missing": "{period}有{n}个下属单位没有数据：{names}",
        "remark.subunits_and_total": "{periods}既有全市数据又有下属单位数据，按下属单位汇总",
        "why.each_period": "逐期比较的目标没有单一的目标线，无法推算",
        "why.no_reference": "没有可比较的数据，无法推算",
        "standard": "标准",
        "standards": "标准",
        "plan_source": "方案来源",
        "chart.meets": "达到目标", "chart.misses": "未达到目标", "chart.not_judged": "数值",
        "chart.uncounted": "未计入评判",
        "known_on": "按{date}掌握的数据", "known_that_day": "按当日掌握的数据",
        "dates_sentence": "评估日为{when}（据此判断目标是否到期、数据是否仍然有效），{known}评判",
        "issuing_dates": "评估日：{when}　{known}",
    },
    "en": {
        "pass": "pass", "fail": "fail", "missing": "missing", "not_due": "not due",
        "verdict.pass": "PASS", "verdict.fail": "FAIL",
        "area": "Area", "metric": "Metric", "target": "Target", "actual": "Actual",
        "period": "Period", "status": "Status", "margin": "Margin", "due": "due",
        "stage": "Stage", "evaluated_at": "Evaluated at", "as_of": "Figures known on",
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
        "remark.baseline_zero": "baseline {period} is zero: a relative change from it is "
                                "undefined",
        "remark.no_obs_after_baseline": "no observation after the baseline {period}",
        "remark.later_not_counted": "{n} observation(s) after {date} not counted",
        "remark.sustained_fallback": "no observation since {start}; judged the latest earlier one",
        "remark.sustained_fail": "sustained: {k} of {n} observations since {start} miss the "
                                 "target; worst {worst}",
        "remark.sustained_pass": "sustained: all {n} observations since {start} pass",
        "remark.closest_shown": "shown: {period}, the figure closest to the target; latest "
                                "{latest}: {value}{unit}",
        "achieved": "achieved", "milestone_of": " ({stage} milestone)", "baseline_word": "baseline",
        "at_risk_or_worse": "at risk or worse", "vetoed_by": "veto",
        "veto_sentence": "veto metric {names} {status}",
        "veto_status.fail": "did not pass", "veto_status.missing": "has no data", "score_sentence": "score {score}",
        "pass_score_sentence": " (pass score {bar})", "grade_sentence": "grade {grade}",
        "counts_sentence": "passed {pass}, failed {fail}, missing {missing}, not due {not_due}",
        "change": "Change", "previous_value": "earlier value", "city_report": "{city}",
        "scoreboard": "Scoreboard", "rank": "Rank", "unit": "Unit", "source": "Source",
        "sources": "Sources", "notes": "Notes", "chart_recent": "the last {n} of {total} observations",
        "value": "Value", "charts": "Metric charts", "threshold_value": "Threshold", "summary": "Summary",
        "metrics_sheet": "Metrics", "chart_data": "Chart data", "not_judged": "not judged",
        "issued": "Under {title}; evaluated at {when}; data as of {as_of}",
        "veto_mark": "veto metric", "generated_by": "made by qcity {v}",
        "remark.revised": "{period} is a revised figure (was {was})",
        "verdict.none": "NO VERDICT", "no_verdict": "nothing is due at this stage",
        "indicator_sentence": "{n} indicator(s) tracked",
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
        "remark.every_fail_missing": "every {kind}: {k} of {n} miss the target ({periods}), "
                                     "{m} have no figure ({blank})",
        "remark.every_missing": "every {kind}: {k} of {n} have no figure ({periods})",
        "remark.every_pass": "every {kind}: all {n} since {start} pass",
        "remark.baseline_conflict": "the plan's baseline {plan} for {period} differs from the "
                                    "data's {data}; the plan's value is used",
        "remark.no_reference": "no {ref} figure for {period} to compare with",
        "remark.no_base_figure": "no figure for {period} to measure {of}'s change from",
        "remark.zero_base_figure": "the {period} figure is zero: no relative change",
        "remark.subunits_missing": "{n} sub-unit(s) without a figure for {period}: {names}",
        "remark.subunits_and_total": "{periods}: both the city's figure and its sub-units'; "
                                     "the sub-units' are used",
        "standard": "Standard",
        "standards": "Standards",
        "plan_source": "Plan source",
        "chart.meets": "meets the target", "chart.misses": "misses it",
        "chart.not_judged": "value", "chart.uncounted": "not counted",
        "known_on": "figures as known on {date}", "known_that_day": "figures as known that day",
        "dates_sentence": "as at {when} (the day that decides which targets are due and which "
                          "figures still count), with the {known}",
        "issuing_dates": "evaluated at {when}; {known}",
    },
}


# Units of Chinese plans in English. Count words (个, 家, 项 …) name what is counted,
# which the metric's name already says: in English the number stands alone.
UNITS_EN = {
    "分": "points", "个百分点": "pp", "百分点": "pp", "公里": "km", "千米": "km", "米": "m",
    "平方米": "m²", "平方公里": "km²", "立方米": "m³", "亩": "mu", "公顷": "ha",
    "吨": "t", "万吨": "10,000 t", "千克": "kg", "元": "yuan", "万元": "10,000 yuan",
    "亿元": "100 million yuan", "美元": "USD", "万美元": "10,000 USD", "亿美元": "100 million USD",
    "立方米/万元": "m³ per 10,000 yuan", "吨标准煤/万元": "tce per 10,000 yuan",
    "吨标煤/万元": "tce per 10,000 yuan", "千瓦时": "kWh", "万千瓦时": "10,000 kWh",
    "人": "people", "万人": "10,000 people", "人次": "person-times", "万人次": "10,000 person-times",
    "天": "days", "日": "days", "年": "years", "岁": "years", "小时": "hours", "分钟": "minutes",
    "次": "times", "户": "households", "万户": "10,000 households", "张": "", "个": "", "家": "",
    "项": "", "起": "", "所": "", "座": "", "条": "", "件": "", "台": "", "辆": "", "处": "",
    "批": "", "批次": "batches", "种": "", "部": "", "篇": "", "名": "", "位": "",
    "微克/立方米": "µg/m³", "毫克/立方米": "mg/m³", "毫克/升": "mg/L", "分贝": "dB",
    "星级": "stars", "级": "", "倍": "×",
}


def unit_en(unit: str) -> str:
    """A unit in English: the built-in table, else the unit as written."""
    return UNITS_EN.get(unit, unit)


_QUARTERS = {"1": "一", "2": "二", "3": "三", "4": "四"}


def period_text(period: Optional[str], lang: str) -> str:
    """A period in the report's language: ``2015年第二季度``, ``2018年1—7月``; English
    keeps the written form (``2015-Q2``)."""
    if not period:
        return "-"
    if lang != "zh":
        return period
    if "/" in period:
        first, last = period.split("/", 1)
        if len(first) == len(last) == 7 and first[:4] == last[:4]:  # months of one year
            return f"{first[:4]}年{int(first[5:])}—{int(last[5:])}月"
        return f"{period_text(first, lang)}—{period_text(last, lang)}"
    parts = period.split("-")
    year = parts[0]
    if len(parts) == 1:
        return f"{year}年"
    part = parts[1]
    if part in ("H1", "H2"):
        return f"{year}年{'上' if part == 'H1' else '下'}半年"
    if part.startswith("Q") and part[1:] in _QUARTERS:
        return f"{year}年第{_QUARTERS[part[1:]]}季度"
    if len(parts) == 2 and part.isdigit():
        return f"{year}年{int(part)}月"
    if len(parts) == 3 and part.isdigit() and parts[2].isdigit():
        return f"{year}年{int(part)}月{int(parts[2])}日"
    return period


def date_text(day: date, lang: str) -> str:
    """``2015年6月30日`` in Chinese, ``2015-06-30`` in English."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def localise(key: str, value: str, lang: str) -> str:
    """A remark's argument in the report's language: dates and periods the Chinese way,
    a unit as it follows a figure (``%``, ``个``, `` µg/m³``; in English from UNITS_EN)."""
    if key == "unit":
        unit = unit_en(value) if lang != "zh" and value != "%" else value
        if not unit or unit == "%" or (lang == "zh" and "\u2e80" <= unit[0] <= "\u9fff"):
            return unit
        return " " + unit
    if lang == "zh" and key in ("periods", "blank"):  # a list of periods (every year: which)
        return "、".join(localise("period", p, lang) for p in value.split(", "))
    if lang != "zh" or key not in ("start", "date", "period", "worst", "deadline", "until",
                                   "of", "latest"):
        return value
    try:
        return date_text(date.fromisoformat(value), lang)
    except ValueError:
        return period_text(value, lang)


def reason(outlook, lang: str) -> str:
    """An outlook's reason in the report's language."""
    if outlook.reason_code is None:
        return outlook.reason or ""
    if lang == "en":
        return outlook.reason or ""
    return label("why." + outlook.reason_code, lang,
                 **{k: localise(k, str(v), lang) for k, v in outlook.reason_args.items()})


def label(key: str, lang: str, **fields) -> str:
    text = _LABELS.get(lang, _LABELS["en"]).get(key, key)
    return text.format(**fields) if fields else text
