"""Messages about plan files (Q0xx, Q1xx), in English and Chinese (see ``qcity.diagtext``)."""

from __future__ import annotations

_EXPECTED = '">= 90", "2~3", "decrease >= 21%", "> province-average" or "achieved"'
_EXPECTED_ZH = "“>= 90”“2~3”“decrease >= 21%”“> province-average”或“achieved”"
_EXPECTED_ALL = ('">= 90", "2~3", "<= 75 ±5%", "decrease >= 21%", "> province-average" or '
                 '"achieved"')
_EXPECTED_ALL_ZH = ("“>= 90”“2~3”“<= 75 ±5%”“decrease >= 21%”“> province-average”"
                    "或“achieved”")

TEXTS: dict[str, dict[str, str]] = {
    # -- reading the YAML (Q001–Q005, Q102) ---------------------------------------
    "yaml.invalid": {"en": "invalid YAML: {problem}", "zh": "YAML格式错误：{problem}"},
    "yaml.empty": {"en": "the file is empty", "zh": "文件为空"},
    "yaml.too_large": {"en": "file is larger than {kib} KiB; refusing to read a plan that large",
                       "zh": "文件大于{kib} KiB，不读取这么大的方案文件"},
    "yaml.not_utf8": {"en": "plan files must be UTF-8 (save it as UTF-8)",
                      "zh": "方案文件须为UTF-8编码（请另存为UTF-8）"},
    "yaml.key_text": {"en": "mapping keys must be plain text", "zh": "映射的键须为普通文本"},
    "yaml.tag": {"en": 'tag "{tag}" is not allowed in plans', "zh": "方案中不允许使用标签“{tag}”"},
    "yaml.recursive_alias": {"en": 'alias "*{anchor}" stands inside its own anchor (a recursive '
                                   "alias); refusing to read it",
                             "zh": "别名“*{anchor}”位于其自身的锚点之内（递归别名），不予读取"},
    "yaml.duplicate_anchor": {"en": 'invalid YAML: found duplicate anchor "{anchor}"',
                              "zh": "YAML格式错误：锚点“{anchor}”重复"},
    "yaml.undefined_alias": {"en": 'invalid YAML: found undefined alias "{anchor}"',
                             "zh": "YAML格式错误：别名“{anchor}”未定义"},
    "yaml.too_deep": {"en": "nesting deeper than {depth} levels; refusing to read it",
                      "zh": "嵌套超过{depth}层，不予读取"},
    "yaml.too_many_values": {"en": "document expands to more than {n} values (an alias bomb?); "
                                   "refusing to read it",
                             "zh": "文档展开后超过{n}个值（别名炸弹？），不予读取"},
    "yaml.too_many_chars": {"en": "document expands to more than {mi} Mi characters (an alias "
                                  "repeated too often?); refusing to read it",
                            "zh": "文档展开后超过{mi} Mi个字符（别名重复过多？），不予读取"},
    "yaml.merge_key": {"en": "merge keys (<<) are not supported in plans",
                       "zh": "方案中不支持合并键（<<）"},
    "yaml.duplicate_key": {"en": 'duplicate key "{key}"', "zh": "键“{key}”重复"},
    "yaml.not_finite": {"en": '"{value}" is not a finite number', "zh": "“{value}”不是有限的数"},
    # -- the file as a whole, keys (Q000, Q006, Q100, Q103, Q104, Q115) ----------
    "plan.not_mapping": {"en": "a plan is a mapping of keys (qcity, id, city, title, stages, "
                               "metrics, ...)",
                         "zh": "方案应为键值映射（qcity、id、city、title、stages、metrics等）"},
    "plan.id_not_file": {"en": 'id "{id}" differs from the file name; name the file {id}.yaml '
                               "or set id: {stem}",
                         "zh": "id“{id}”与文件名不一致；请将文件命名为{id}.yaml，或设置id: {stem}"},
    "plan.more_problems": {"en": "{n} more problems not shown (the first {max} are above)",
                           "zh": "另有{n}个问题未列出（以上为前{max}个）"},
    "plan.hidden": {"en": '"{text}" holds characters that do not show ({chars})',
                    "zh": "“{text}”含有不可见字符（{chars}）"},
    "plan.unknown_key": {"en": 'unknown key "{key}"', "zh": "未知的键“{key}”"},
    "plan.missing_key": {"en": 'missing required key "{key}"', "zh": "缺少必填的键“{key}”"},
    "model.number_bool": {"en": "a number, not yes/no", "zh": "应为数字，而不是是/否"},
    "model.number_text": {"en": 'a number, not text ("{value}")',
                          "zh": "应为数字，而不是文本（“{value}”）"},
    "model.yes_no": {"en": "true or false (yes or no), not {value}",
                     "zh": "应为true或false（yes或no），而不是{value}"},
    "model.stage_or_date": {"en": "a stage id or a date, not {value}",
                            "zh": "应为阶段id或日期，而不是{value}"},
    "model.stage_order": {"en": "stage ends ({end}) before it starts ({start})",
                          "zh": "阶段结束日（{end}）早于开始日（{start}）"},
    "period.length": {"en": '"{value}" is not a period length (use year, half, quarter or month)',
                      "zh": "“{value}”不是期间长度（请用year、half、quarter或month）"},
    "period.age": {"en": '"{value}" is not an age (write e.g. "1 year", "18 months", "90 days", '
                         'or "none" for no limit)',
                   "zh": "“{value}”不是有效期（请写如“1 year”“18 months”“90 days”，不限则写“none”）"},
    "date.forms": {"en": '"{value}" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)',
                   "zh": "“{value}”不是日期（请写作YYYY、YYYY-MM或YYYY-MM-DD）"},
    "date.because": {"en": '"{value}" is not a date ({why})', "zh": "“{value}”不是日期（{why}）"},
    "form.against": {"en": '"{value}" is not a comparison: use previous (上期, 上年: each period '
                           "against the one before) or year-ago (同比: against the same period a "
                           "year earlier)",
                     "zh": "“{value}”不是比较方式：请用previous（上期、上年：每期与上一期比较）"
                           "或year-ago（同比：与上年同期比较）"},
    "form.tolerance_bool": {"en": "a tolerance is an amount such as 3 or 5%, not yes/no",
                            "zh": "允许偏差应为3或5%这样的数量，而不是是/否"},
    "form.tolerance_amount": {"en": 'tolerance "{value}" is not an amount (write e.g. 3 or 5%)',
                              "zh": "允许偏差“{value}”不是数量（请写如3或5%）"},
    "form.tolerance_negative": {"en": "a tolerance is not negative", "zh": "允许偏差不能为负"},
    "form.count_needs": {"en": '{how} needs what each sub-unit must meet: {{{how}: achieved}} or '
                               '{{{how}: ">= 90"}}',
                         "zh": "{how}须写明每个下属单位要达到什么：{{{how}: achieved}}或"
                               '{{{how}: ">= 90"}}'},
    "form.aggregate_word": {"en": '"{value}" is not a way to aggregate sub-units (use mean, min, '
                                  "max, every, {{share: …}} or {{count: …}})",
                            "zh": "“{value}”不是下属单位的汇总方式（请用mean、min、max、every、"
                                  "{{share: …}}或{{count: …}}）"},
    "form.aggregate": {"en": "aggregate is one word (mean, min, max, every) or one of {{share: "
                             "…}}, {{count: …}} with what each sub-unit must meet",
                       "zh": "aggregate应为一个词（mean、min、max、every），或{{share: …}}、"
                             "{{count: …}}之一并写明每个下属单位要达到什么"},
    # pydantic's checks of a field (its English stays as pydantic words it)
    "pydantic.literal_error": {"en": "Input should be {expected}", "zh": "应为以下之一：{expected}"},
    "pydantic.string_pattern_mismatch": {"en": "String should match pattern '{pattern}'",
                                         "zh": "不符合规定的格式（'{pattern}'）"},
    "pydantic.string_too_short": {"en": "String should have at least {min_length} characters",
                                  "zh": "至少应有{min_length}个字符"},
    "pydantic.string_too_long": {"en": "String should have at most {max_length} characters",
                                 "zh": "最多只能有{max_length}个字符"},
    "pydantic.string_type": {"en": "Input should be a valid string", "zh": "应为文本"},
    "pydantic.list_type": {"en": "Input should be a valid list", "zh": "应为列表"},
    "pydantic.dict_type": {"en": "Input should be a valid dictionary", "zh": "应为映射（键值对）"},
    "pydantic.int_type": {"en": "Input should be a valid integer", "zh": "应为整数"},
    "pydantic.int_parsing": {"en": "Input should be a valid integer", "zh": "应为整数"},
    "pydantic.bool_type": {"en": "Input should be a valid boolean", "zh": "应为true或false"},
    "pydantic.bool_parsing": {"en": "Input should be a valid boolean", "zh": "应为true或false"},
    "pydantic.greater_than": {"en": "Input should be greater than {gt}", "zh": "应大于{gt}"},
    "pydantic.greater_than_equal": {"en": "Input should be greater than or equal to {ge}",
                                    "zh": "应大于或等于{ge}"},
    "pydantic.less_than": {"en": "Input should be less than {lt}", "zh": "应小于{lt}"},
    "pydantic.less_than_equal": {"en": "Input should be less than or equal to {le}",
                                 "zh": "应小于或等于{le}"},
    "pydantic.too_short": {"en": "{field_type} should have at least {min_length} items",
                           "zh": "{field_type}至少应有{min_length}项"},
    # -- targets (Q101) -----------------------------------------------------------
    "target.operator": {"en": 'unknown operator "{op}" (use one of >=, >, <=, <, ==)',
                        "zh": "未知的比较符“{op}”（可用>=、>、<=、<、==）"},
    "target.unreadable": {"en": 'cannot read target "{target}": expected e.g. ' + _EXPECTED,
                          "zh": "无法识别目标“{target}”：应写作如" + _EXPECTED_ZH},
    "target.unreadable_all": {"en": 'cannot read target "{target}": expected e.g. '
                                    + _EXPECTED_ALL,
                              "zh": "无法识别目标“{target}”：应写作如" + _EXPECTED_ALL_ZH},
    "target.unreadable_plain": {"en": 'cannot read target "{target}"',
                                "zh": "无法识别目标“{target}”"},
    "target.not_text": {"en": 'target must be a text such as ">= 90", not {value}',
                        "zh": "目标应为“>= 90”这样的文本，而不是{value}"},
    "target.empty": {"en": "empty target", "zh": "目标为空"},
    "target.change_op": {"en": 'change target "{target}" takes >= or > (write "{dir} >= X")',
                         "zh": "变化目标“{target}”只能用>=或>（请写作“{dir} >= X”）"},
    "target.exponent": {"en": 'target "{target}": write the number out in full (no exponent: '
                              '"{number}")',
                        "zh": "目标“{target}”：请完整写出数字（不用指数形式：“{number}”）"},
    "target.because": {"en": 'target "{target}": {why}', "zh": "目标“{target}”：{why}"},
    "target.negative_tolerance": {"en": 'target "{target}": a tolerance is not negative',
                                  "zh": "目标“{target}”：允许偏差不能为负"},
    "target.mapping_key": {"en": "unknown key {key} in target (allowed: op, value, change, "
                                 "relative)",
                           "zh": "目标中有未知的键{key}（可用op、value、change、relative）"},
    "target.mapping_needs": {"en": "a target mapping needs op and value",
                             "zh": "映射形式的目标须有op和value"},
    "target.value_number": {"en": "target value must be a number, not {value}",
                            "zh": "目标的value应为数字，而不是{value}"},
    "target.relative_bool": {"en": "target relative must be true or false",
                             "zh": "目标的relative应为true或false"},
    "target.change_word": {"en": 'target change must be "increase" or "decrease"',
                           "zh": "目标的change应为“increase”或“decrease”"},
    "target.change_takes": {"en": "a change target takes >= or >",
                            "zh": "变化目标只能用>=或>"},
    # -- whole-plan checks (Q110, Q111, Q113, Q114, Q116–Q119) ---------------------
    "check.duplicate_id": {"en": 'duplicate id "{id}" (also {section}[{other}])',
                           "zh": "id“{id}”重复（另见{section}[{other}]）"},
    "check.stage_order": {"en": 'stage "{stage}" starts {start}, on or before "{before}" ends '
                                "({end}); stages must be in order and must not overlap",
                          "zh": "阶段“{stage}”开始于{start}，不晚于阶段“{before}”的结束日（{end}）；"
                                "各阶段须按顺序排列、不得重叠"},
    "check.city_twice": {"en": 'city "{city}" is listed twice', "zh": "城市“{city}”列出了两次"},
    "check.subunit_twice": {"en": 'sub-unit "{name}" is listed twice',
                            "zh": "下属单位“{name}”列出了两次"},
    "check.alias_clash": {"en": 'alias "{alias}" also names metric "{owner}"',
                          "zh": "别名“{alias}”同时是指标“{owner}”的名称"},
    "check.unknown_area": {"en": 'unknown area "{area}"{suggestion}',
                           "zh": "未知领域“{area}”{suggestion}"},
    "check.no_area": {"en": "metric has no area (the plan defines areas)",
                      "zh": "指标未设领域（方案定义了领域）"},
    "check.due": {"en": 'due "{due}" is neither a stage id nor a date{suggestion}',
                  "zh": "due“{due}”既不是阶段id也不是日期{suggestion}"},
    "check.milestone_key": {"en": '"{key}" is neither a stage id nor a period such as "2014" '
                                  'or "2014-Q2"{suggestion}',
                            "zh": "“{key}”既不是阶段id，也不是“2014”“2014-Q2”这样的期间{suggestion}"},
    "check.milestone_kind": {"en": "milestone is a {kind} target but the metric's target is a "
                                   "{target_kind} target",
                             "zh": "阶段目标为{kind}类目标，而指标的目标为{target_kind}类目标"},
    "check.milestones_need_target": {"en": "milestones need a target",
                                     "zh": "设了阶段目标（milestones）就须有目标（target）"},
    "check.change_baseline": {"en": 'change target "{target}" needs a baseline (baseline: '
                                    '{{period: "2015"}})',
                              "zh": "变化目标“{target}”须有基期（baseline: {{period: \"2015\"}}）"},
    "check.zero_baseline": {"en": "a relative change from a zero baseline is undefined",
                            "zh": "基期数值为零，相对变化无从计算"},
    "check.bool_target": {"en": 'a yes/no metric (unit: bool) takes the target "achieved"',
                          "zh": "是/否类指标（unit: bool）的目标应为“achieved”"},
    "check.achieved_unit": {"en": 'target "achieved" needs unit "bool", not "{unit}"',
                            "zh": "目标“achieved”须配unit “bool”，而不是“{unit}”"},
    "check.sustained_target": {"en": "sustained mode needs a target",
                               "zh": "持续达标模式（mode: sustained）须有目标"},
    "check.self_reference": {"en": '"{target}" compares the metric with itself',
                             "zh": "“{target}”是指标与自身比较"},
    "check.unknown_reference": {"en": '"{ref}" in "{target}" is neither a number nor a metric '
                                      "of this plan{suggestion}",
                                "zh": "“{target}”中的“{ref}”既不是数字，也不是本方案的指标"
                                      "{suggestion}"},
    "check.reference_unit": {"en": '"{target}" compares {unit} with "{ref}" in {ref_unit}: the '
                                   "units must agree",
                             "zh": "“{target}”将{unit}与以{ref_unit}计的“{ref}”比较：单位须一致"},
    "check.a_number": {"en": "a number", "zh": "数值"},
    "check.another_unit": {"en": "another unit", "zh": "其他单位"},
    "check.unit_is": {"en": '"{unit}"', "zh": "“{unit}”"},
    "check.unit_unset": {"en": "not set", "zh": "未设"},
    "check.range_backwards": {"en": 'range "{target}" runs backwards: write the lower bound '
                                    "first",
                              "zh": "区间“{target}”上下限颠倒：请先写下限"},
    "check.percent_unit": {"en": 'target "{target}" has a "%" but the metric\'s unit is {unit} '
                                 '(write unit: "%" or drop the "%")',
                           "zh": "目标“{target}”带有“%”，但指标的单位为{unit}"
                                 "（请写unit: \"%\"，或去掉“%”）"},
    "check.tolerance": {"en": 'tolerance ("about", 左右) goes with a level target such as '
                              '"<= 75" or "== 75", given once (the key or "±")',
                        "zh": "允许偏差（about、左右）只用于“<= 75”“== 75”这样的水平目标，"
                              "且只写一次（用键或“±”）"},
    "check.against_change": {"en": 'against: {against} judges a change (target "increase >= '
                                   '5%" or "decrease > 0")',
                             "zh": "against: {against}用于判断变化（目标应如“increase >= 5%”"
                                   "或“decrease > 0”）"},
    "check.against_baseline_previous": {"en": "against: {against} and a baseline contradict "
                                              "each other: each period is compared with the "
                                              "one before",
                                        "zh": "against: {against}与基期相互矛盾：每期都与上一期"
                                              "比较"},
    "check.against_baseline_year": {"en": "against: {against} and a baseline contradict each "
                                          "other: each period is compared with a year earlier",
                                    "zh": "against: {against}与基期相互矛盾：每期都与上年同期"
                                          "比较"},
    "check.against_period": {"en": "against: {against} needs the length of its periods "
                                   "(period: year, quarter or month)",
                             "zh": "against: {against}须指明期间长度（period: year、quarter或"
                                   "month）"},
    "check.count_bool": {"en": '{how} of "{condition}" counts sub-units with yes/no figures '
                               "(unit: bool), but the metric's unit is {unit}",
                         "zh": "{how}“{condition}”按是/否数据（unit: bool）统计下属单位，但指标"
                               "的单位为{unit}"},
    "check.count_numbers": {"en": '{how} of "{condition}" counts sub-units with numbers, but '
                                  "the metric's unit is {unit}",
                            "zh": "{how}“{condition}”按数值统计下属单位，但指标的单位为{unit}"},
    "check.aggregate_level": {"en": 'the {how} of sub-units is a number: its target is a level '
                                    'such as ">= 40"',
                              "zh": "下属单位的{how}是一个数值：其目标应为“>= 40”这样的水平目标"},
    "check.aggregate_bool": {"en": "the {how} of yes/no figures is undefined (use every, "
                                   "{{share: achieved}} or {{count: achieved}})",
                             "zh": "是/否数据的{how}无意义（请用every、{{share: achieved}}或"
                                   "{{count: achieved}}）"},
    "check.every_target": {"en": "every needs a target", "zh": "every须有目标"},
    "check.every_change": {"en": "every judges each {every}'s figure against a level; "
                                 '"{target}" is a change from the baseline',
                           "zh": "every按水平目标逐期（{every}）判断；“{target}”是相对基期的变化"},
    "check.period_every": {"en": "period: {period} contradicts every: {every} (every {every} "
                                 "judges {every}ly figures)",
                           "zh": "period: {period}与every: {every}矛盾（every: {every}逐期判断"
                                 "{every}的数据）"},
    "check.from": {"en": 'from "{start}" is neither a stage id nor a date (YYYY, YYYY-MM or '
                         "YYYY-MM-DD){suggestion}",
                   "zh": "from“{start}”既不是阶段id，也不是日期（YYYY、YYYY-MM或YYYY-MM-DD）"
                         "{suggestion}"},
    "check.from_window": {"en": "from starts the window of a sustained or every-period target "
                                "(add every: year or mode: sustained)",
                          "zh": "from是持续达标或逐期目标的起点（请加every: year或mode: "
                                "sustained）"},
    "check.milestone_period": {"en": 'milestone "{key}" is not a {kind}, but the target is '
                                     "about a {kind}",
                               "zh": "阶段目标“{key}”不是{kind}期间，而目标针对{kind}数据"},
}
