"""Messages about data files (Q2xx), in English and Chinese (see ``qcity.diagtext``)."""

from __future__ import annotations

_KNOWN = "metric/指标, period/期间 and value/数值, or periods as columns"
_KNOWN_ZH = "metric/指标、period/期间和value/数值列，或以期间为列"

TEXTS: dict[str, dict[str, str]] = {
    # -- values (Q203) ----------------------------------------------------------
    "value.not_a_number": {"en": '"{value}" is not a number',
                           "zh": "数值“{value}”无法识别为数字"},
    "value.odd_digits": {"en": '"{value}" is not a number (superscript or circled digits)',
                         "zh": "数值“{value}”无法识别为数字（含上标或带圈数字）"},
    "value.thousands": {"en": '"{value}" is not a number (badly placed thousands separator)',
                        "zh": "数值“{value}”无法识别为数字（千位分隔符位置不对）"},
    "value.percent_sign": {"en": '"{value}" has a "%" but the metric\'s unit is not "%"',
                           "zh": "数值“{value}”带有“%”，但该指标的单位不是“%”"},
    "value.out_of_range": {"en": '"{value}" is out of range (at most {digits} digits before '
                                 "and {digits} after the decimal point)",
                           "zh": "数值“{value}”超出范围（整数部分和小数部分各不超过{digits}位）"},
    "value.not_yes_no": {"en": '"{value}" is not a yes/no value (use yes/no, true/false, 1/0, '
                               "是/否)",
                         "zh": "“{value}”不是是/否值（请填写是/否、yes/no、true/false或1/0）"},
    # -- figures: empty, out of range (Q208, Q215, Q219) -------------------------
    "value.empty": {"en": "empty value for {metric} {period}: no observation",
                    "zh": "{metric} {period}数值为空，不作为观测值"},
    "value.placeholder": {"en": '"{value}" (no figure) for {metric} {period}: no observation',
                          "zh": "{metric} {period}填写为“{value}”（无数值），不作为观测值"},
    "value.percent_range": {"en": "{metric} {period}: {value} is outside 0-100 %",
                            "zh": "{metric} {period}：{value}超出0～100%的范围"},
    "value.fraction": {"en": "{metric} {period}: {value} looks like a fraction (did you mean "
                             "{percent}%?); read as {value}%",
                       "zh": "{metric} {period}：{value}像是小数形式（是否应为{percent}%？），"
                             "按{value}%读取"},
    # -- periods (Q202) -----------------------------------------------------------
    "period.empty": {"en": "empty period", "zh": "期间为空"},
    "period.syntax": {"en": 'invalid period "{period}": use YYYY, YYYY-H1, YYYY-Q2, YYYY-MM, '
                            "YYYY-MM-DD or A/B",
                      "zh": "期间“{period}”无法识别（应写作YYYY、YYYY-H1、YYYY-Q2、YYYY-MM、"
                            "YYYY-MM-DD或A/B）"},
    "period.year_zero": {"en": 'invalid period "{period}": year 0000',
                         "zh": "期间“{period}”无法识别：年份为0000"},
    "period.month": {"en": 'invalid period "{period}": month {month} is not 01-12',
                     "zh": "期间“{period}”无法识别：月份{month}不在01～12之间"},
    "period.day": {"en": 'invalid period "{period}": no such day',
                   "zh": "期间“{period}”无法识别：没有这一天"},
    "period.slashes": {"en": 'invalid period "{period}": more than one "/"',
                       "zh": "期间“{period}”无法识别：含有多个“/”"},
    "period.reversed": {"en": 'invalid period "{period}": {last} is before {first}',
                        "zh": "期间“{period}”无法识别：{last}早于{first}"},
    "period.bare.year_zero": {"en": "year 0000", "zh": "年份为0000"},
    "period.bare.month": {"en": "month {month} is not 01-12", "zh": "月份{month}不在01～12之间"},
    "period.bare.day": {"en": "no such day", "zh": "没有这一天"},
    "period.ambiguous": {"en": "the number {number} is January, or October typed as {number}0 "
                               "(a spreadsheet drops the last 0 of a number); write the period "
                               "as text: {year}-01 or {year}-10",
                         "zh": "数字{number}可能是1月，也可能是{number}0（10月，表格省略了数字"
                               "末尾的0）；请以文本填写期间：{year}-01或{year}-10"},
    # -- metric names, units, cities (Q204, Q207, Q212, Q210, Q006) --------------
    "metric.unknown": {"en": 'unknown metric "{name}" in plan "{plan}"{suggestion}',
                       "zh": "未知指标“{name}”{suggestion}（方案“{plan}”）"},
    "metric.ambiguous": {"en": 'metric name "{name}" is ambiguous in plan "{plan}": it names '
                               "{ids}; write the id",
                         "zh": "指标名称“{name}”在方案“{plan}”中对应多个指标（{ids}），"
                               "请填写指标编号"},
    "unit.differs": {"en": 'unit "{unit}" differs from the plan\'s "{plan_unit}" for {metric}',
                     "zh": "单位“{unit}”与方案中{metric}的单位“{plan_unit}”不一致"},
    "city.empty": {"en": "empty city: the plan applies to several cities",
                   "zh": "城市为空，而该方案适用于多个城市"},
    "city.not_listed": {"en": 'city "{city}" is not among the plan\'s cities{suggestion}',
                        "zh": "城市“{city}”不在方案所列城市之中{suggestion}"},
    "city.not_found": {"en": 'no city "{city}" in plan "{plan}" or its data (cities: {cities})'
                             "{suggestion}",
                       "zh": "方案“{plan}”及其数据中没有城市“{city}”（城市：{cities}）{suggestion}"},
    "city.other": {"en": 'city "{city}" is not this plan\'s city ("{own}")',
                   "zh": "城市“{city}”不是本方案的城市（“{own}”）"},
    "text.mojibake": {"en": '"{text}" reads as UTF-8 "{reading}": this line is UTF-8 in a '
                            "{encoding} file (save the file in one encoding)",
                      "zh": "“{text}”按UTF-8读作“{reading}”：这一行是UTF-8编码，而文件是"
                            "{encoding}编码（请将文件统一保存为一种编码）"},
    "hidden.city": {"en": '"{text}" holds characters that do not show ({chars}): not the '
                          "same city as one written without them",
                    "zh": "“{text}”含有不可见字符（{chars}），与不含这些字符的城市名不是同一城市"},
    "hidden.subunit": {"en": '"{text}" holds characters that do not show ({chars}): not the '
                             "same subunit as one written without them",
                       "zh": "“{text}”含有不可见字符（{chars}），与不含这些字符的下属单位名"
                             "不是同一单位"},
    # -- rows and headers (Q201, Q209, Q211, Q213, Q214, Q220) --------------------
    "header.too_wide": {"en": "the header has {n} columns; at most {max} are read",
                        "zh": "表头有{n}列，最多读取{max}列"},
    "header.twice": {"en": 'column "{column}" appears twice (also column {other})',
                     "zh": "列“{column}”重复出现（另见第{other}列）"},
    "header.bad_period": {"en": 'column "{column}" looks like a period but is not one: {why}',
                          "zh": "列名“{column}”像是期间，但无法识别：{why}"},
    "header.unknown": {"en": 'unknown column "{column}" is ignored (known: {known}, or periods '
                             "as columns)",
                       "zh": "未知列“{column}”，已忽略（可识别的列：{known}，或以期间为列）"},
    "header.lacks": {"en": "header lacks column(s) {absent} (found: {found}); name them "
                           "metric/指标, period/期间, value/数值, or give periods as columns",
                     "zh": "表头缺少{absent}列（现有：{found}）；请命名为metric/指标、period/期间、"
                           "value/数值，或以期间为列"},
    "header.lacks_city": {"en": "header lacks column(s) {absent} (found: {found}); name them "
                                "metric/指标, period/期间, value/数值, or give periods as "
                                "columns; the plan applies to several cities, so a city "
                                "column is needed",
                          "zh": "表头缺少{absent}列（现有：{found}）；请命名为metric/指标、"
                                "period/期间、value/数值，或以期间为列；该方案适用于多个城市，"
                                "须有city/城市列"},
    "row.width": {"en": "row has {n} fields, the header has {width}",
                  "zh": "该行有{n}个字段，而表头有{width}列"},
    "row.nul": {"en": "row holds a NUL byte; is this a binary file?",
                "zh": "该行含有NUL字节，是否为二进制文件？"},
    "row.huge_field": {"en": "a field is longer than {max} characters",
                       "zh": "有字段长度超过{max}个字符"},
    "subunit.no_subunits": {"en": "{n} row(s) give a sub-unit's figure; plan \"{plan}\" has no "
                                  "sub-units, so they are left out (the city's own figures are "
                                  "the rows without a sub-unit)",
                            "zh": "{n}行为下属单位数据，方案“{plan}”未设下属单位，这些行不计入"
                                  "（全市数据为不填下属单位的行）"},
    "subunit.not_listed": {"en": 'sub-unit "{subunit}" is not among the plan\'s sub-units '
                                 "(subunits:){suggestion}",
                           "zh": "下属单位“{subunit}”不在方案所列下属单位（subunits:）之中"
                                 "{suggestion}"},
    "subunit.needed": {"en": "{metric} is a share or count of its sub-units' figures: each "
                             "row needs its sub-unit (a 县区 column); a row for the whole city "
                             "is not read",
                       "zh": "{metric}为达到条件的下属单位比例或个数，每行须填下属单位"
                             "（县区列），全市一行不读取"},
    "subunit.no_aggregate": {"en": "{n} row(s) give a sub-unit's figure; their metric has no "
                                   "aggregate: (mean, share …), so they are left out (the "
                                   "city's own figures are the rows without a sub-unit)",
                             "zh": "{n}行为下属单位数据，其指标未设汇总方式（aggregate: mean、"
                                   "share等），这些行不计入（全市数据为不填下属单位的行）"},
    # -- files (Q200, Q201, Q209, Q210, Q213) --------------------------------------
    "file.cannot_read": {"en": "cannot read: {why}", "zh": "无法读取：{why}"},
    "file.not_encoding": {"en": "the file is not {encoding}: {why}",
                          "zh": "文件不是{encoding}编码：{why}"},
    "file.nul": {"en": "file holds NUL bytes; is it a binary file?",
                 "zh": "文件含有NUL字节，是否为二进制文件？"},
    "file.unknown_encoding": {"en": 'unknown encoding "{encoding}"', "zh": "未知编码“{encoding}”"},
    "file.mixed_encoding": {"en": "bytes that are not valid {encoding} (the file mixes "
                                  "encodings? save it as UTF-8, or pass --encoding)",
                            "zh": "有不符合{encoding}编码的字节（文件混用了多种编码？请另存为"
                                  "UTF-8，或用--encoding指定编码）"},
    "file.line_too_long": {"en": "line longer than {max} characters (no data row is); the "
                                 "rest of the file is not read",
                           "zh": "有一行超过{max}个字符（数据行不会这么长），文件其余部分不再读取"},
    "file.malformed_csv": {"en": "malformed CSV: {why}", "zh": "CSV格式错误：{why}"},
    "file.empty_csv": {"en": "the file is empty (expected a header metric,period,value)",
                       "zh": "文件为空（应有表头metric,period,value）"},
    # -- workbooks (Q200, Q201, Q221, Q222, Q223) ----------------------------------
    "book.empty": {"en": "the file is empty (expected a workbook)",
                   "zh": "文件为空（应为工作簿）"},
    "book.password": {"en": "the workbook is password-protected (encrypted); save a copy "
                            "without a password and read that",
                      "zh": "工作簿设有密码（已加密）；请另存一份不带密码的副本再读取"},
    "book.web_page": {"en": "not a {suffix} workbook: the file is a web page or XML (some "
                            "systems export those with an Excel name); open it and save it as "
                            ".xlsx, or export CSV",
                      "zh": "不是{suffix}工作簿：文件是网页或XML（有些系统导出时使用Excel文件名）；"
                            "请打开后另存为.xlsx，或导出CSV"},
    "book.old_excel": {"en": "not a {suffix} workbook: it is an Excel 97-2003 file; rename it "
                             "to .xls",
                       "zh": "不是{suffix}工作簿：文件是Excel 97-2003格式，请改名为.xls"},
    "book.new_excel": {"en": "not an .xls workbook: it is an Excel 2007+ file; rename it to "
                             ".xlsx",
                       "zh": "不是.xls工作簿：文件是Excel 2007及以后的格式，请改名为.xlsx"},
    "book.text": {"en": "not a {suffix} workbook: the file holds text (a CSV named {suffix}?); "
                        "rename it to .csv",
                  "zh": "不是{suffix}工作簿：文件内容是文本（以{suffix}命名的CSV？），请改名为.csv"},
    "book.damaged": {"en": "cannot read the workbook: the file is damaged or incomplete ({why})",
                     "zh": "无法读取工作簿：文件已损坏或不完整（{why}）"},
    "book.sheet_unreadable": {"en": "the sheet cannot be read ({why})",
                              "zh": "工作表无法读取（{why}）"},
    "book.sheet_not_read": {"en": f"the sheet has no header qcity recognises (columns {_KNOWN}); "
                                  "not read",
                            "zh": f"该工作表没有可识别的表头（需有{_KNOWN_ZH}），未读取"},
    "book.no_sheet": {"en": f"no sheet has a header qcity recognises (columns {_KNOWN}; "
                            "sheets: {names})",
                      "zh": f"没有工作表有可识别的表头（需有{_KNOWN_ZH}；工作表：{{names}}）"},
    "cell.error": {"en": "the cell holds the error {value}", "zh": "单元格为错误值{value}"},
    "cell.error_value": {"en": "the cell holds an error value", "zh": "单元格为错误值"},
    "cell.formula_ods": {"en": "a formula without a saved result (open and save the workbook "
                               "in LibreOffice, Excel or WPS so its values are computed)",
                         "zh": "公式没有保存的计算结果（请在LibreOffice、Excel或WPS中打开并保存"
                               "工作簿，使数值得以计算）"},
    "cell.formula": {"en": "a formula without a saved result (open and save the workbook in "
                           "Excel or WPS so its values are computed)",
                     "zh": "公式没有保存的计算结果（请在Excel或WPS中打开并保存工作簿，使数值得以计算）"},
    "book.zip_bomb": {"en": "{what} is over {mib} MiB uncompressed (a zip bomb?); qcity does "
                            "not read it (save the data as CSV)",
                      "zh": "{what}解压后超过{mib} MiB（压缩炸弹？），qcity不予读取（请将数据另存为CSV）"},
    "book.sheet_xml": {"en": "the sheet's XML is {size} MiB; qcity reads sheets up to {mib} MiB "
                             "(save it as CSV)",
                       "zh": "工作表的XML有{size} MiB，qcity只读取{mib} MiB以内的工作表（请另存为CSV）"},
    "book.sheet_xml_over": {"en": "the sheet's XML is over {mib} MiB uncompressed; qcity reads "
                                  "sheets up to {mib} MiB (save it as CSV)",
                            "zh": "工作表的XML解压后超过{mib} MiB，qcity只读取{mib} MiB以内的"
                                  "工作表（请另存为CSV）"},
    "book.too_many_cells": {"en": "the sheet spans {rows} rows × {cols} columns; qcity reads "
                                  "sheets of up to {cells} cells (save it as CSV, or delete the "
                                  "far cells)",
                            "zh": "工作表范围为{rows}行×{cols}列，qcity只读取不超过{cells}个单元格"
                                  "的工作表（请另存为CSV，或删除远处的单元格）"},
    "book.content_xml": {"en": "content.xml is {size} MiB; qcity reads up to {mib} MiB",
                         "zh": "content.xml有{size} MiB，qcity只读取{mib} MiB以内"},
    "book.table_cells": {"en": "a table spans {rows} rows × {cols} columns; qcity reads sheets "
                               "of up to {cells} cells (save it as CSV)",
                         "zh": "表格范围为{rows}行×{cols}列，qcity只读取不超过{cells}个单元格的"
                               "工作表（请另存为CSV）"},
    "book.repeated_cells": {"en": "a table repeats a marked cell over {cells} cells; qcity "
                                  "reads such cells one by one (save it as CSV)",
                            "zh": "表格将一个带标记的单元格重复了{cells}次，qcity需逐个读取"
                                  "（请另存为CSV）"},
    # -- observations read together (Q205, Q206, Q230, Q231) ----------------------
    "obs.repeats": {"en": "{label} repeats {at} with the same value",
                    "zh": "{label}与{at}重复，数值相同"},
    "obs.conflicts": {"en": "{label} = {value} conflicts with {original} at {at}",
                      "zh": "{label} = {value}，与{at}的{original}不一致"},
    "revision.repeats": {"en": "{label}: revision repeats {at} with the same value",
                         "zh": "{label}：修订数与{at}重复，数值相同"},
    "revision.conflicts": {"en": "{label}: revision {value} conflicts with revision {original} "
                                 "at {at}",
                           "zh": "{label}：修订数{value}与{at}的修订数{original}不一致"},
    "obs.off_period": {"en": "{metric} {period} is not a whole {kind}: the target is about a "
                             "{kind}, so it is shown but not judged",
                       "zh": "{metric} {period}不是完整的{kind}期间：目标针对{kind}数据，"
                             "该数值只显示、不评判"},
    "obs.baseline_differs": {"en": "{label}{metric} {period} = {value} differs from the plan's "
                                   "baseline {baseline} ({where}); the plan's value is used",
                             "zh": "{label}{metric} {period} = {value}，与方案基期数值{baseline}"
                                   "（{where}）不同，按方案数值计算"},
    # -- a project's files together (Q216, Q217, Q218) -----------------------------
    "project.not_checked": {"en": 'not checked: plan "{plan}" has errors',
                            "zh": "未检查：方案“{plan}”有错误"},
    "project.no_plan": {"en": "data file with no plan (expected {where})",
                        "zh": "数据文件没有对应的方案（应有{where}）"},
    "project.no_data": {"en": 'metric "{metric}" has no data in any file',
                        "zh": "指标“{metric}”在所有数据文件中均无数据"},
}
