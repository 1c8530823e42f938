"""The fast constructor must build exactly what pydantic's validation builds."""

from datetime import date
from decimal import Decimal

from qcity.evaluation.construct import construct
from qcity.evaluation.outlook import Outlook
from qcity.evaluation.report import MetricResult, Remark


def test_construct_equals_validation():
    fields = dict(id="m", name="合格率", due=date(2020, 12, 31), status="fail", standing="fail",
                  actual=Decimal("93.1"), period="2020", margin=Decimal("-0.9"))
    built, validated = construct(MetricResult, **fields), MetricResult(**fields)
    assert built == validated
    assert built.model_dump_json() == validated.model_dump_json()
    assert built.remarks == [] and built.remarks is not construct(MetricResult, **fields).remarks


def test_construct_fills_defaults_and_factories():
    outlook = construct(Outlook, status="met")
    assert outlook == Outlook(status="met")
    assert outlook.reason_args == {} and outlook.ratio is None
    remark = construct(Remark, code="later_not_counted", args={"n": "1", "date": "2020-12-31"})
    assert remark.text("en") == "1 observation(s) after 2020-12-31 not counted"


def test_preset_equals_construct_and_validation():
    from qcity.evaluation.construct import Preset

    fixed = dict(id="m", name="合格率", due=date(2020, 12, 31), unit="%")
    varying = dict(status="pass", standing="pass", actual=Decimal("93.1"), period="2020")
    preset = Preset(MetricResult, **fixed)
    built, validated = preset(**varying), MetricResult(**fixed, **varying)
    assert built == validated == construct(MetricResult, **fixed, **varying)
    assert built.model_dump_json() == validated.model_dump_json()
    assert built.model_fields_set == validated.model_fields_set
    # each result its own mutable parts, and copies that update still work
    assert preset(**varying).remarks is not built.remarks
    assert built.model_copy(update={"status": "fail"}).status == "fail"
