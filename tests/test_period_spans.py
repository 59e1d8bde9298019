"""Spans of N years (两年来, 近3年), the base year of a change (从2007年的…增加到…), and the plan part a
numbered plan heading opens (二、2026年工作安排 … 三、深化改革开放). Hand-written snippets."""

from __future__ import annotations

from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.period import covered_period
from etl.pipeline import extract_document
from etl.relate.periods import n_years

HEAD = "2026年江南省政府工作报告\n——2026年1月20日在江南省第十四届人民代表大会第五次会议上\n各位代表:\n一、2025年工作回顾\n"


def periods(body: str) -> dict[int, str | None]:
    src = SourceDocument(path="snippet.txt", name="snippet", sha256="0" * 64, source=HEAD + body)
    return {a.count: a.period for a in extract_document(src, default_lexicon()).activities if a.count}


def test_a_span_of_n_years_in_chinese_or_arabic_numerals():
    assert [n_years(t) for t in ("两年来新建", "近三年", "过去3年", "十年间", "五年来", "这两年")] == [2, 3, 3, 10, 5, 2]
    assert [n_years(t) for t in ("二十年来", "2023年来", "五年中国", "三年行动")] == [None] * 4


def test_a_span_of_n_years_runs_up_to_the_reports_year():
    got = periods("两年来,我们新建农村寄宿制学校24所。\n近3年,我们新建城市公园31个。\n")
    assert got == {24: "2024-2025", 31: "2023-2025"}


def test_the_base_year_of_a_change_is_not_the_year_told_of():
    text = ("一、过去五年工作回顾\n补贴从2007年的639亿元增加到2012年的1923亿元。贷款从2007年末的6万亿元增加到"
            "2012年末的17万亿元。研发投入由2007年的1.4%提高到1.97%。2012年,我们全面实现主要目标。\n")
    assert covered_period(text, "", None, "work_report") == "2012"


def test_numbered_headings_after_a_plan_heading_go_on_with_the_plan():
    got = periods("新建学校15所。\n二、2026年工作安排\n新建学校23所。\n三、深化改革开放\n"
                  "在100个城市开展公立医院改革试点,新建医院9个。\n")
    assert got == {15: "2025"}


def test_a_numbered_review_heading_after_the_plan_ends_it():
    got = periods("二、2026年工作安排\n新建学校23所。\n三、过去五年的工作体会\n五年来,我们新建医院9个。\n")
    assert got == {9: "2021-2025"}


def test_a_heading_reviewing_before_it_plans_opens_a_review():
    got = periods("二、2025年工作回顾和2026年工作的总体要求\n新建学校15所。\n2026年,新建医院9个。\n")
    assert got == {15: "2025"}
