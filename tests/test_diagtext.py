"""Diagnostics in Chinese and English: every message has both, the same arguments,
and the command line prints the language asked for with the same place and code."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from qcity.cli import cli
from qcity.diagtext import FRAGMENTS, TEXTS, message, placeholders, say
from qcity.errors import Diagnostic, Location
from qcity.render import diagnostics

PLAN = """\
qcity: 1
id: demo
city: 测试市
title: 示范方案
stages:
  - {id: s1, name: 第一阶段, start: 2015-01-01, end: 2016-12-31}
metrics:
  - {id: rate, name: 优良天数比例, unit: "%", target: ">= 80", baseline: {period: 2012, value: 70}}
"""

@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    texts = TEXTS[key]
    assert set(texts) == {"en", "zh"}
    assert placeholders(texts["en"]) == placeholders(texts["zh"]), key
    assert "\n" not in texts["zh"] and "\n" not in texts["en"]  # one line each
    # a Chinese message is Chinese, not an English one copied over (unless it has no words)
    words = re.sub(r"\{\w*\}", "", texts["en"])
    assert re.search(r"[\u4e00-\u9fff]", texts["zh"]) or not re.search("[a-z]", words), key


@pytest.mark.parametrize("name", sorted(FRAGMENTS))
def test_every_fragment_has_both_languages(name):
    assert set(FRAGMENTS[name]) == {"en", "zh"}


def test_a_message_is_its_english_text_and_keeps_key_and_args():
    made = message("value.not_a_number", value="9O")
    assert made == '"9O" is not a number'
    assert (made.key, made.args) == ("value.not_a_number", {"value": "9O"})
    d = Diagnostic(Location("data/x.csv", 2, 3, "value"), made, "Q203")
    assert d.message == '"9O" is not a number' and type(d.message) is str
    assert (d.message_key, d.args) == ("value.not_a_number", {"value": "9O"})
    assert d.text("zh") == "数值“9O”无法识别为数字"
    assert d.text("en") == d.message
    assert diagnostics.line(d, "zh") == "data/x.csv:2:3: error Q203: value: 数值“9O”无法识别为数字"


def test_an_unconverted_message_prints_its_english_text_in_every_language():
    d = Diagnostic(Location("targets/x.yaml", 3, 1), "something plain", "Q100")
    assert d.text("zh") == "something plain"
    assert diagnostics.line(d, "zh") == "targets/x.yaml:3:1: error Q100: something plain"


def test_suggestions_and_quoted_values_stay_as_written():
    made = message("metric.unknown", name="优良天数比列", plan="demo", suggestion="优良天数比例")
    assert say(made.key, made.args, "zh") == "未知指标“优良天数比列”（是否为“优良天数比例”？）（方案“demo”）"
    assert made == 'unknown metric "优良天数比列" in plan "demo" (did you mean "优良天数比例"?)'
    plain = message("metric.unknown", name="x", plan="demo", suggestion=None)
    assert say(plain.key, plain.args, "zh") == "未知指标“x”（方案“demo”）"


def test_a_hostile_value_stays_inert_in_chinese_too():
    d = Diagnostic(Location("d.csv", 2, 3), message("value.not_a_number", value="\x1b[31m9"),
                   "Q203")
    assert "\x1b" not in d.text("zh") and "\\x1b" in d.text("zh")


def _project(tmp_path, monkeypatch, data: str):
    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "targets" / "demo.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "data" / "demo.csv").write_text(data, encoding="utf-8")
    monkeypatch.chdir(tmp_path)


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_validate_is_english_by_default_and_chinese_with_lang_zh(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch, "metric,period,value\n优良天数比列,2015,90\nrate,2015.13,90\n"
                                    "rate,2016,9O\nrate,2014,—\nrate,2013,0.5\n")
    english = run("validate").stdout.splitlines()
    chinese = run("validate", "--lang", "zh").stdout.splitlines()
    assert english[:5] == [
        'data/demo.csv:2:1: error Q204: metric: unknown metric "优良天数比列" in plan "demo" '
        '(did you mean "优良天数比例"?)',
        'data/demo.csv:3:2: error Q202: period: invalid period "2015-13": month 13 is not 01-12'
        ' (written "2015.13")',
        'data/demo.csv:4:3: error Q203: value: "9O" is not a number',
        'data/demo.csv:5:3: warning Q208: value: "—" (no figure) for rate 2014: no observation',
        "data/demo.csv:6:3: warning Q219: value: rate 2013: 0.5 looks like a fraction (did you "
        "mean 50%?); read as 0.5%",
    ]
    assert chinese[:5] == [
        "data/demo.csv:2:1: error Q204: metric: 未知指标“优良天数比列”（是否为“优良天数比例”？）"
        "（方案“demo”）",
        "data/demo.csv:3:2: error Q202: period: 期间“2015-13”无法识别：月份13不在01～12之间"
        "（原文为“2015.13”）",
        "data/demo.csv:4:3: error Q203: value: 数值“9O”无法识别为数字",
        "data/demo.csv:5:3: warning Q208: value: rate 2014填写为“—”（无数值），不作为观测值",
        "data/demo.csv:6:3: warning Q219: value: rate 2013：0.5像是小数形式（是否应为50%？），"
        "按0.5%读取",
    ]
    assert english[-1] == "3 errors, 2 warnings in 2 files"
    assert chinese[-1] == "共3个错误、2个警告，涉及2个文件"
    # the place, the severity and the code are the same in both: CI filters keep working
    def head(line):
        return line.split(": ", 3)[:3]
    assert [head(x) for x in english[:5]] == [head(x) for x in chinese[:5]]


def test_check_speaks_the_report_language(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch, "metric,period,value\nrate,2015,9O\n")
    zh = run("check", "demo", "--as-of", "2016-01-01")  # the plan's language: zh
    en = run("check", "demo", "--as-of", "2016-01-01", "--lang", "en")
    assert zh.exit_code == en.exit_code == 2
    assert zh.stderr == "data/demo.csv:2:3: error Q203: value: 数值“9O”无法识别为数字\n"
    assert en.stderr == 'data/demo.csv:2:3: error Q203: value: "9O" is not a number\n'


def test_json_keeps_key_and_args_and_says_the_message_in_the_language(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch, "metric,period,value\nrate,2015,9O\n")
    for lang, said in (("en", '"9O" is not a number'), ("zh", "数值“9O”无法识别为数字")):
        item = json.loads(run("validate", "--format", "json", "--lang", lang).stdout)[0]
        assert item["code"] == "Q203" and item["key"] == "value"
        assert item["message_key"] == "value.not_a_number"
        assert item["args"] == {"value": "9O"}
        assert item["message"] == said


def test_a_header_period_typed_wrong_nests_its_reason(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch, "指标,2015-13,2016\nrate,90,91\n")
    english = run("validate").stdout.splitlines()[0]
    chinese = run("validate", "--lang", "zh").stdout.splitlines()[0]
    assert english == ('data/demo.csv:1:2: error Q202: period: column "2015-13" looks like a '
                       "period but is not one: month 13 is not 01-12")
    assert chinese == ("data/demo.csv:1:2: error Q202: period: 列名“2015-13”像是期间，但无法识别："
                       "月份13不在01～12之间")
    item = json.loads(run("validate", "--format", "json").stdout)[0]
    assert item["args"]["why"] == {"message_key": "period.bare.month", "args": {"month": 13}}


def test_plan_problems_in_chinese_keep_their_place_and_code(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch, "metric,period,value\nrate,2015,90\n")
    (tmp_path / "targets" / "demo.yaml").write_text(PLAN.replace(
        'target: ">= 80"', 'target: "=> 80", wieght: 2, area: quality'), encoding="utf-8")
    english = run("validate").stdout.splitlines()[1:]  # after data/…: Q218 not checked
    chinese = run("validate", "--lang", "zh").stdout.splitlines()[1:]
    assert english[:2] == [
        'targets/demo.yaml:8:49: error Q101: metrics[0].target: unknown operator "=>" (use one '
        "of >=, >, <=, <, ==)",
        'targets/demo.yaml:8:58: error Q103: metrics[0].wieght: unknown key "wieght" (did you '
        'mean "weight"?)']
    assert chinese[:2] == [
        "targets/demo.yaml:8:49: error Q101: metrics[0].target: 未知的比较符“=>”（可用>=、>、<=、<、==）",
        "targets/demo.yaml:8:58: error Q103: metrics[0].wieght: 未知的键“wieght”（是否为“weight”？）"]
    (tmp_path / "targets" / "demo.yaml").write_text(PLAN.replace(
        "baseline:", "area: qualty, baseline:") + "areas:\n  - {id: quality, name: 质量}\n",
        encoding="utf-8")
    said = run("validate", "--lang", "zh").stdout.splitlines()[1]
    assert said == ("targets/demo.yaml:8:64: error Q114: metrics[0].area: "
                    "未知领域“qualty”（是否为“quality”？）")


def test_pydantic_field_errors_keep_their_english_and_gain_chinese(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch, "metric,period,value\nrate,2015,90\n")
    (tmp_path / "targets" / "demo.yaml").write_text(
        PLAN.replace("qcity: 1\n", "qcity: 1\nlang: fr\n"), encoding="utf-8")
    english = run("validate").stdout.splitlines()[1]
    chinese = run("validate", "--lang", "zh").stdout.splitlines()[1]
    assert english == """targets/demo.yaml:2:7: error Q100: lang: Input should be 'zh' or 'en' (got "fr")"""
    assert chinese == "targets/demo.yaml:2:7: error Q100: lang: 应为以下之一：'zh'、'en'（实际为“fr”）"
