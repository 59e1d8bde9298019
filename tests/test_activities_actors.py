"""Counted things that are no activity of the reporting body: states of things, people taking
part, where a thing happens, results of a change, another region acting, and a body that passed
what is counted (经…审议通过). Hand-written snippets (etl/relate/items.py)."""

from __future__ import annotations

from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document

GOV_HEAD = """2025年湖北省政府工作报告
——2025年1月20日在湖北省第十四届人民代表大会第三次会议上
各位代表:
现在,我代表省人民政府,向大会报告工作,请予审议。
一、2024年工作回顾
"""
NATIONAL_HEAD = """政府工作报告
各位代表:
现在,我向大会作政府工作报告,请予审议。
一、过去一年的工作
"""


def acts(head: str, body: str) -> set[tuple]:
    src = SourceDocument(path="snippet.txt", name="snippet", sha256="0" * 64, source=head + body + "\n")
    return {(a.type, a.body, a.count, a.unit) for a in extract_document(src, default_lexicon()).activities}


def test_things_in_operation_are_a_state_but_things_put_online_are_done():
    got = acts(GOV_HEAD, "运行集装箱班轮航线75条、国际客运航线30条。开通航线48条、通航城市16个。"
                         "上线运行政务服务事项70个。")
    assert {c for _t, _b, c, _u in got} == {48, 70}


def test_people_taking_part_in_a_region_are_a_statistic():
    got = acts(GOV_HEAD, "外省居民在鄂参加医保4万人次,参加养老保险3万人次。新建学校42所。")
    assert {c for _t, _b, c, _u in got} == {42}


def test_places_where_a_named_thing_happens_are_no_count_of_things_done():
    got = acts(NATIONAL_HEAD, "对外合作在60多个国家和地区展开。农村改革在8个省试点。在16家医院设置病房。")
    assert {c for _t, _b, c, _u in got} == {8, 16}


def test_the_result_of_a_change_is_a_statistic():
    got = acts(NATIONAL_HEAD, "机构由85个减为26个,编制由120个压缩为90个。召开座谈会5次。")
    assert {c for _t, _b, c, _u in got} == {5}


def test_another_region_opening_a_clause_or_its_sentence_acts_for_itself():
    got = acts(GOV_HEAD, "江苏省投入帮扶资金3亿元、实施帮扶项目78个。"
                         "五年来,上海、浙江对口协作,累计实施项目500个。"
                         "武汉市实施城市更新项目30个。我们实施民生项目12个。")
    assert {c for _t, _b, c, _u in got} == {30, 12}


def test_a_body_after_jing_that_passed_the_laws_made_them():
    got = acts(NATIONAL_HEAD, "去年经全国人大常委会审议通过了11项法律,国务院制定了59项行政法规。")
    assert got == {("legislation", "全国人大常委会", 11, "项"), ("legislation", "国务院", 59, "项")}
