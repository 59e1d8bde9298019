"""Counted activities: who acts, what is a statistic, list items and repeats (etl/relate/).
Hand-written snippets; each rule is shown on more than one wording."""

from __future__ import annotations

from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document

COURT_HEAD = """芜湖市镜湖区人民法院工作报告
——2025年1月8日在芜湖市镜湖区第三届人民代表大会第四次会议上
各位代表:
现在,我代表区人民法院向大会报告工作,请予审议。
"""
GOV_HEAD = """2025年湖北省政府工作报告
——2025年1月20日在湖北省第十四届人民代表大会第三次会议上
各位代表:
现在,我代表省人民政府,向大会报告工作,请予审议。
"""
NATIONAL_HEAD = """政府工作报告
各位代表:
现在,我向大会作政府工作报告,请予审议。
"""


def extract(head: str, body: str):
    text = head + body
    src = SourceDocument(path="snippet.txt", name="snippet", sha256="0" * 64, source=text)
    return extract_document(src, default_lexicon())


def counts(ex) -> set[tuple]:
    return {(a.type, a.count, a.unit) for a in ex.activities}


def test_a_national_government_report_acts_as_the_state_council():
    ex = extract(NATIONAL_HEAD, "一、过去一年的工作\n我们三次提高出口退税率,开展安全生产大检查5次。"
                                "国务院自觉接受人大监督。\n")
    assert ex.activities and {a.body for a in ex.activities} == {"国务院"}


def test_a_year_in_the_title_makes_no_pseudo_body():
    ex = extract(GOV_HEAD, "一、2024年工作回顾\n组织专题调研12次,办理人大代表建议292件。\n")
    assert ex.activities
    assert not any(a.body and a.body[:1].isdigit() for a in ex.activities)


def test_statistics_told_with_a_level_or_result_word_are_figures():
    ex = extract(GOV_HEAD, "一、2024年工作回顾\n专精特新企业增至3022家,新增就业17万人,4家企业上榜全国百强,"
                           "全省高等学校由71所增加到80所。组织专题调研12次。\n")
    assert counts(ex) == {("survey", 12, "次")}
    assert {3022, 170000, 4} <= {int(f.value) for f in ex.figures if f.value is not None}


def test_enumerations_in_chinese_numerals_are_no_activities_unless_done():
    ex = extract(GOV_HEAD, "一、2024年工作回顾\n我们坚持和平共处五项原则,报告分为五个部分。"
                           "机关明确四项重点任务。\n")
    assert counts(ex) == {("other", 4, "项")}


def test_cases_and_people_of_one_item_are_two_activities_and_rounded_counts_approximate():
    ex = extract(COURT_HEAD, "一、2024年工作回顾\n审结电信网络诈骗犯罪案件4.1万件8.5万人。"
                             "审结相关案件1.1万件2.2万人。\n")
    got = [(a.count, a.unit, a.approx) for a in ex.activities]
    assert got == [(41000, "件", True), (85000, "人", True), (11000, "件", True), (22000, "人", True)]


def test_a_count_before_a_list_of_kinds_takes_the_kind_of_its_own_item():
    ex = extract(COURT_HEAD, "一、2024年工作回顾\n区人大常委会组织开展2次专题询问、11项专题调研。\n")
    assert {("special_inquiry", 2, "次"), ("survey", 11, "项")} <= counts(ex)


def test_a_repeated_passage_is_one_activity_but_equal_counts_of_different_things_are_two():
    ex = extract(COURT_HEAD, "一、2024年工作回顾\n全年审结涉恶案件36件。\n全年审结涉恶案件36件。\n")
    assert [a.count for a in ex.activities].count(36) == 1
    ex = extract(COURT_HEAD, "一、2024年工作回顾\n审结涉恶案件36件。\n审结电信网络诈骗及其关联犯罪案件36件。\n")
    assert [a.count for a in ex.activities].count(36) == 2
    ex = extract(COURT_HEAD, "一、2024年工作回顾\n审结危害网络安全犯罪案件9326件2.2万人。\n审结非法集资相关案件1.1万件2.2万人。\n")
    assert [a.count for a in ex.activities].count(22000) == 2


def test_a_verb_that_handles_its_object_takes_the_object_kind_and_other_verbs_do_not():
    ex = extract(COURT_HEAD, "一、2024年工作回顾\n全年受理群众来信来访58件次。表彰提案承办先进单位6个。"
                             "批准逮捕犯罪嫌疑人320人,提起公诉410人。\n")
    assert {("petition", 58, "件次"), ("other", 6, "个"), ("other", 320, "人"), ("other", 410, "人")} <= counts(ex)


def test_law_making_counts_are_legislation_wherever_they_occur():
    ex = extract(COURT_HEAD, "一、2024年工作回顾\n区人大常委会共审议法律、法律解释、决定草案40件,通过其中24件,"
                             "包括制定法律6件。决定批准条约、重要协定9项。\n")
    got = counts(ex)
    assert {("legislation", 40, "件"), ("legislation", 24, "件"), ("legislation", 6, "件")} <= got
    assert ("resolution", 9, "项") in got


def test_periods_follow_the_years_a_section_reviews_and_never_pass_the_report():
    body = ("一、过去五年工作回顾\n五年来,组织专题调研60次。\n二、2024年工作回顾\n组织专题调研12次。"
            "2023年以来,开展执法检查9次。本届以来,召开座谈会20次。\n")
    ex = extract(COURT_HEAD, body)
    period = {a.count: a.period for a in ex.activities}
    assert period[60] == "2020-2024" and period[12] == "2024" and period[9] == "2023-2024"
    assert period[20] is None
    assert all(a.period is None or a.period[-4:] <= "2024" for a in ex.activities)


def test_a_leaders_speech_title_is_no_visit_and_a_statistic_keeps_its_rule():
    ex = extract(GOV_HEAD, "一、2024年工作回顾\n深入贯彻习近平总书记考察湖北重要讲话精神。专精特新企业增至3022家。\n")
    assert not [a for a in ex.activities if a.type == "inspection"]
    assert any(f.evidence[0].rule == "figure.statistic" for f in ex.figures)


def test_levels_of_things_and_a_leaders_visits_are_not_the_bodys_activities():
    ex = extract(GOV_HEAD, "一、2024年工作回顾\n上市公司达288家,高等学校达66所。习近平总书记两次莅临湖北考察。"
                           "建成乡村振兴示范村300个。\n")
    assert counts(ex) == {("other", 300, "个")}
    ex = extract(COURT_HEAD, "一、2024年工作回顾\n参加活动的人大代表达460余人。\n")
    assert [a.count for a in ex.activities] == [460]


def test_people_a_body_organises_to_inspect_count_the_inspection_and_a_prepositions_object_does_not_act():
    ex = extract(COURT_HEAD, "一、2024年工作回顾\n区人大常委会组织156人次代表开展集中视察、193人次代表进行专题调研。"
                             "全区人大代表97人走访辖区企业。常委会组成人员与39名区人大代表保持经常性联系。\n")
    got = {(a.type, a.count): a.body for a in ex.activities}
    assert ("inspection", 156) in got and ("survey", 193) in got and ("other", 97) in got
    assert got.get(("other", 39)) != "芜湖市镜湖区人大"  # the committee's members act, not the congress


def test_things_that_act_thresholds_and_words_holding_a_cue_are_no_activities_of_the_body():
    ex = extract(GOV_HEAD, "一、2024年工作回顾\n36个市县隐性债务提前清零。行政村和20户以上自然村全部通硬化路。"
                           "办理省人大代表建议1401件,全省办结行政复议案件3291件。\n")
    assert ("suggestion", 1401, "件") in counts(ex)
    assert not {c for c in counts(ex) if c[1] in (36, 20)}
    assert ("suggestion", 3291, "件") not in counts(ex)
    ex = extract(COURT_HEAD, "一、2024年工作回顾\n全年形成调研报告9篇,其中3篇获区委主要领导批示。\n")
    assert {a.count for a in ex.activities} >= {9, 3}


def test_each_bare_law_changed_and_each_draft_deliberated_is_one_legislation_but_a_run_of_titles_one():
    ex = extract(COURT_HEAD, "一、2024年工作回顾\n区人大常委会修改海商法、仲裁法、对外贸易法,体现中国特色。"
                             "审议国有资产法草案、企业破产法修订草案,推动建设法治经济。重点审议法规草案的必要性。"
                             "制定、修订了《某市安全生产条例》《某市物业管理条例》。\n")
    laws = [a.topic for a in ex.activities if a.type == "legislation"]
    assert len(laws) == 6, laws


def test_a_change_word_counts_only_right_before_the_number():
    ex = extract(COURT_HEAD, "一、2024年工作回顾\n依法从严惩处电信诈骗犯罪分子120人。\n"
                             "中职学校由71所优化整合为47所。\n")
    assert {a.count for a in ex.activities} == {120}


def test_a_planned_count_is_no_activity_and_a_look_ahead_word_is_whole():
    ex = extract(GOV_HEAD, "一、2024年工作回顾\n今年也要再减少农村贫困人口100万人以上。计划建成投产大中型项目118个,"
                           "实际建成128个。起诉利用虚拟货币实施洗钱犯罪3259人。\n")
    assert {a.count for a in ex.activities} == {128, 3259}
