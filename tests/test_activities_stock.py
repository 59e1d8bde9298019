"""Counted things that are a stock or an outcome, not a count done by the reporting body: a list
going on after a statistic, a part of a figure after 其中, what there is (有…的), things lifted out of
poverty, a park or platform as the clause's subject, a count inside an anniversary's name; and the
plan parts a plan paragraph announces. Hand-written snippets (etl/relate/items.py, activities.py,
layout.py)."""

from __future__ import annotations

from test_activities_actors import GOV_HEAD, NATIONAL_HEAD, acts

from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document


def counts(body: str, head: str = GOV_HEAD) -> set[int]:
    return {c for _t, _b, c, _u in acts(head, body)}


def test_a_list_going_on_after_a_statistic_is_part_of_it():
    assert counts("创新平台不断壮大,12个国家工程中心、7个省级技术中心、31个重点实验室在鄂布局。新建学校9所。") == {9}
    assert counts("科技人才、乡村人才分别增加45万人和38万人。培训农民2万人次。") == {20000}


def test_occasions_after_a_statistic_are_still_done():
    assert {2} <= counts("货币政策有力,三次降低贷款利率、两次下调准备金率。")


def test_a_part_after_a_figure_opens_with_其中_across_a_comma():
    assert counts("进城务工人员总量3.1亿人,比上年增长2.1%,其中,跨省务工人员1.2亿人。新建学校9所。") == {9}


def test_what_there_is_is_a_stock():
    assert counts("同我省建立友好关系的城市达到85个,有经贸往来的国家和地区160个。有效化解矛盾纠纷320件。") == {320}


def test_places_lifted_out_of_poverty_are_an_outcome():
    assert counts("剩余的12万贫困人口全部脱贫、9个贫困县全部摘帽,126个贫困村出列。新建学校9所。") == {9}


def test_a_park_or_platform_as_subject_is_its_outcome_but_one_the_body_relies_on_is_not():
    got = counts("鄂湘合作共建产业园落地项目27个。政务数据平台服务企业超80万次。依托人民调解平台化解纠纷3.2万件。")
    assert got == {32000}


def test_a_count_inside_an_anniversary_is_no_count():
    assert not counts("隆重举办中欧论坛、和平共处五项原则发表70周年纪念大会等主场外交活动。", NATIONAL_HEAD)


PLAN_ANNOUNCED = """政府工作报告
各位代表:
现在,我代表国务院向大会作政府工作报告,请予审议。
首先报告2024年的工作
一年来,举办培训班12期。
2025年是十分重要的一年。
按照这个总体要求,今年要着重做好以下三个方面工作。
一、扩大国内需求
一是
分期分批对干部进行普遍培训,培训干部3万人次。
二、加强社会建设
新建学校20所。
"""


def test_the_parts_a_plan_paragraph_announces_are_the_plan():
    assert counts("", PLAN_ANNOUNCED) == {12}


NPC_HEAD = """青阳县人民代表大会常务委员会工作报告
——2024年1月10日在青阳县第十八届人民代表大会第三次会议上
各位代表:
现在,我代表县人大常委会向大会报告工作,请予审议。
一、2023年工作回顾
"""


def test_a_cue_inside_a_noun_types_no_count():
    got = acts(NPC_HEAD, "新设立基层立法联系点9个,审议通过地方性法规3件。")
    assert {(t, c) for t, _b, c, _u in got} == {("other", 9), ("legislation", 3)}


def test_occasions_opening_a_clause_tell_how_often_the_body_acted():
    got = counts("两次下调存贷款基准利率,三次提高出口退税率。三次产业结构调整为7∶40∶53。", NATIONAL_HEAD)
    assert got == {2, 3}


def test_a_clause_opening_with_its_count_goes_on_the_leaders_visits():
    assert counts("总书记三次亲临湖北考察,两次参加全国人代会湖北代表团审议。新建学校9所。") == {9}


def test_a_count_opening_a_list_item_is_named_by_its_own_words():
    src = SourceDocument(path="snippet.txt", name="snippet", sha256="0" * 64,
                         source=GOV_HEAD + "连续3年提高企业退休人员养老金、2次提高城乡居民基础养老金。\n")
    topics = {a.count: a.topic for a in extract_document(src, default_lexicon()).activities}
    assert topics[2] == "提高城乡居民基础养老金"
