"""Rules for entity quality (issue 4), one test each on hand-written sentences: generic
compounds that are no places, strategies that are no project, generic
compound works, debtors of bankruptcy cases, deputies' liaison groups, and survey reports cited
in two forms."""

from __future__ import annotations

from etl.clean import clean
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.recognize import recognize
from etl.segment import segment

LEX = default_lexicon()


def _mentions(text: str, kind: str):
    seg = segment(clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)), LEX)
    return [m for m in recognize(seg, LEX) if m.kind == kind]


def _texts(text: str, kind: str) -> list[str]:
    return [m.text for m in _mentions(text, kind)]


# --------------------------------------------------------------------------- places


def test_generic_compounds_are_no_places():
    text = "加快改造城镇老旧小区,视察老旧小区,整治无物业小区,新增住宅小区充电桩,缩小区域差距,在300个小区推行垃圾分类。"
    assert _texts(text, "place") == []


# --------------------------------------------------------------------------- projects


def test_a_campaign_of_a_strategy_is_no_project():
    text = "今年是全市“强龙头”行动的攻坚之年。我们聚焦“强龙头”战略,实施“百企升级”行动。"
    names = [m.name for m in _mentions(text, "project")]
    assert names == ["百企升级行动"]


def test_works_on_a_class_of_compounds_are_no_named_project():
    text = "视察滨江区雨污分流小区改造工程和滨江区西湖路旧城改造项目。"
    names = [m.name for m in _mentions(text, "project")]
    assert names == ["滨江区西湖路旧城改造项目"]


# --------------------------------------------------------------------------- bodies


def test_the_debtor_of_a_bankruptcy_case_is_an_enterprise():
    ms = _mentions("法院依法受理华信泰达破产重整案件,审结一批破产清算案件,受理企业破产和解案。", "body")
    debtors = [(m.text, m.body_kind) for m in ms if m.rule == "body.debtor"]
    assert debtors == [("华信泰达", "enterprise")]


def test_a_deputies_liaison_group_is_a_body():
    ms = _mentions("组织杭州市人大代表西湖联系组赴企业调研,根据内在联系组织学习。", "body")
    assert [m.text for m in ms if m.name and m.name.endswith("联系组")] == ["杭州市人大代表西湖联系组"]


# --------------------------------------------------------------------------- laws (resolve)


def test_a_survey_report_cited_two_ways_is_one_report():
    from etl.resolve.names import law_key

    long = law_key("关于加快发展智慧农业情况的调研报告")
    assert long == law_key("加快发展智慧农业调查报告")
    assert long != law_key("加快发展智慧旅游调查报告")
    assert law_key("关于加强消防安全工作的决定") == "关于加强消防安全工作的决定"
