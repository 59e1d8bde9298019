"""Facts from hand-written report snippets: counted and named activities, figures, law actions,
posts and meeting bodies (etl/relate/)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document
from etl.relate.numbers import QuantityFinder, parse_numeral, to_int

HEAD = """芜湖市镜湖区人民代表大会常务委员会工作报告
——2024年1月10日在芜湖市镜湖区第五届人民代表大会第三次会议上
芜湖市镜湖区人大常委会主任 周明远
各位代表:
"""
COMMITTEE = "芜湖市镜湖区人大常委会"
CONGRESS = "芜湖市镜湖区人大"


def extract(body: str, head: str = HEAD):
    text = head + body
    src = SourceDocument(path="snippet.txt", name="snippet", sha256="0" * 64, source=text)
    return extract_document(src, default_lexicon())


def acts(ex, **match):
    return [a for a in ex.activities if all(getattr(a, k) == v for k, v in match.items())]


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "span, value",
    [("12", 12), ("1.2万", 12000), ("两千", 2000), ("十二", 12), ("万", 10000), ("一百二十", 120), ("4万", 40000)],
)
def test_numerals_convert_without_touching_words(span, value):
    assert parse_numeral(span) == Decimal(value)
    assert to_int(span) == value


def test_quantities_split_markers_ranges_and_units():
    finder = QuantityFinder(default_lexicon())
    text = "集中学习30余次,参训万余人次,近千人次,两轮,3至5次,超过200件,捐款530余万元,办结率95.8%"
    got = [(q.value, q.unit, q.approx, q.high) for q in finder.find(text)]
    assert (Decimal(30), "次", True, None) in got
    assert (Decimal(10000), "人次", True, None) in got
    assert (Decimal(1000), "人次", True, None) in got
    assert (Decimal(2), "轮", False, None) in got
    assert (Decimal(3), "次", True, Decimal(5)) in got
    assert (Decimal(200), "件", True, None) in got
    assert (Decimal(530), "万元", True, None) in got
    assert (Decimal("95.8"), "%", False, None) in got


# --------------------------------------------------------------------------- counted activities


def test_a_list_of_counts_gives_one_activity_each_typed_by_its_cue():
    ex = extract("2023年,区人大常委会全年召开常委会会议8次、主任会议12次,听取审议专项工作报告20项,"
                 "作出决议决定6项,任免国家机关工作人员40人次。\n")
    got = {(a.type, a.count, a.unit) for a in ex.activities}
    assert got >= {("meeting_standing_committee", 8, "次"), ("meeting_chair", 12, "次"),
                   ("hearing_report", 20, "项"), ("resolution", 6, "项"), ("appointment", 40, "人次")}
    assert all(a.body == COMMITTEE and a.period == "2023" for a in ex.activities)


def test_a_combined_total_is_one_activity_of_the_first_kind_named():
    ex = extract("全年组织视察、调研和执法检查27次,开展执法检查5次、专题调研18次。\n")
    assert [(a.type, a.count) for a in ex.activities] == [
        ("inspection", 27), ("law_enforcement_inspection", 5), ("survey", 18)]


def test_approximate_counts_and_ten_thousands():
    ex = extract("常委会党组理论学习中心组集体学习30余次。参训代表1.2万人次,接待群众来信来访近千人次。"
                 "开展了两轮集中视察。\n")
    assert acts(ex, type="training", count=30, approx=True)
    assert acts(ex, type="training", count=12000, unit="人次")
    assert acts(ex, type="petition", count=1000, approx=True)
    assert acts(ex, type="inspection", count=2, unit="轮")


def test_a_count_before_its_noun_takes_the_noun_as_cue():
    ex = extract("围绕乡村振兴,召开5次专题协商会,组织开展了4次协商活动。\n")
    assert {(a.type, a.count) for a in ex.activities} == {("consultation", 5), ("consultation", 4)}


def test_money_rates_and_statistics_are_figures_not_activities():
    ex = extract("全区代表捐款捐物530余万元,代表建议办复率达100%,法官人均办结案件286件。\n")
    assert ex.activities == ()
    figures = {(f.value, f.unit) for f in ex.figures}
    assert {(Decimal(530), "万元"), (Decimal(100), "%"), (Decimal(286), "件")} <= figures
    money = next(f for f in ex.figures if f.unit == "万元")
    assert money.approx and "捐款" in money.measures


def test_ordinals_sessions_and_slogans_are_not_counts():
    ex = extract("区第五届人大三次会议以来,常委会第十四次会议围绕“两个确立”“四个意识”开展学习。\n")
    assert ex.activities == ()


def test_representatives_acting_are_the_congress_not_the_committee():
    ex = extract("区人大代表200人走访辖区企业,邀请代表列席常委会会议60人次。\n")
    assert acts(ex, count=200)[0].body == CONGRESS
    assert acts(ex, count=60)[0].body == COMMITTEE
    assert any(b.name == CONGRESS for b in ex.bodies)  # the congress is named (区人大代表), so listed


def test_plans_for_the_coming_year_are_not_activities():
    ex = extract("全年召开常委会会议8次。\n2024年工作安排\n常委会将重点做好以下工作:召开常委会会议6次,开展执法检查3次。\n")
    assert [(a.type, a.count) for a in ex.activities] == [("meeting_standing_committee", 8)]


def test_a_layout_repeated_passage_counts_once():
    ex = extract("一年来,常委会召开常委会会议8次,制定地方性法规15件。\n坚持科学立法,制定地方性法规15件,为发展提供保障。\n")
    assert len(acts(ex, type="legislation", count=15)) == 1


def test_photo_captions_are_skipped():
    ex = extract("区人大常委会视察城市防洪工程建设情况。(资料图片)\n全年召开主任会议12次。\n")
    assert [(a.type, a.count) for a in ex.activities] == [("meeting_chair", 12)]


# --------------------------------------------------------------------------- named activities


def test_each_report_heard_is_one_hearing():
    ex = extract("听取审议区政府关于生态环境保护工作情况的报告和区法院关于执行工作情况的报告。"
                 "听取审议了关于全区统计工作情况的报告,关于国有资产管理情况的报告,推动了工作。\n")
    topics = [a.topic for a in acts(ex, type="hearing_report")]
    assert len(topics) == 4 and all(a.count is None for a in acts(ex, type="hearing_report"))
    assert "区政府关于生态环境保护工作情况的报告" in topics


def test_named_inspections_surveys_and_one_law_inspection_per_law():
    ex = extract("开展农村供水工程建设情况专项视察。对全区养老服务工作进行专题调研。"
                 "开展《中华人民共和国土地管理法》和《安徽省河道管理条例》执法检查。\n")
    assert [a.topic for a in acts(ex, type="inspection")] == ["农村供水工程建设情况"]
    assert len(acts(ex, type="survey")) == 1
    laws = [a.topic for a in acts(ex, type="law_enforcement_inspection")]
    assert laws == ["《中华人民共和国土地管理法》", "《安徽省河道管理条例》"]


def test_nouns_and_means_are_not_named_activities():
    ex = extract("得到省、市人大调研检查组的高度肯定。坚持把调查研究作为履职的必经程序。通过培训提高履职能力。\n")
    assert ex.activities == ()


# --------------------------------------------------------------------------- law actions


def test_a_verb_group_acts_on_every_title_in_the_run():
    ex = extract("先后制定、修订了《芜湖市甲乙条例》《芜湖市丙丁条例》。废止《镜湖区人大常委会代表建议办理暂行办法》。"
                 "出台《镜湖区人大常委会联系代表办法》。\n")
    actions = {law.name: {(a.action, a.body) for a in law.actions} for law in ex.laws}
    assert actions["芜湖市甲乙条例"] == {("enacted", COMMITTEE), ("revised", COMMITTEE)}
    assert actions["芜湖市丙丁条例"] == {("enacted", COMMITTEE), ("revised", COMMITTEE)}
    assert actions["镜湖区人大常委会代表建议办理暂行办法"] == {("repealed", COMMITTEE)}
    assert actions["镜湖区人大常委会联系代表办法"] == {("made", COMMITTEE)}  # not a law: made


def test_an_assisted_body_acts_too_and_a_reference_is_other():
    ex = extract("协助市人大常委会完成《芜湖市古城保护条例(草案)》的征求意见工作。认真贯彻《中华人民共和国监察法》。\n")
    actions = {law.name: {(a.action, a.body) for a in law.actions} for law in ex.laws}
    assert actions["芜湖市古城保护条例(草案)"] == {("consulted", "芜湖市人大常委会"), ("consulted", COMMITTEE)}
    assert actions["中华人民共和国监察法"] == {("implemented", COMMITTEE)}  # 贯彻: other in the gold's vocabulary


# --------------------------------------------------------------------------- posts and meetings


def test_a_chain_of_titles_shares_its_body_and_a_title_alone_names_one():
    ex = extract("区人大常委会党组书记、主任周明远带队调研。副区长李文杰到会报告工作,区政府予以配合。\n")
    posts = {p.name: {(q.post, q.body) for q in p.posts} for p in ex.people}
    assert ("党组书记", COMMITTEE + "党组") in posts["周明远"]
    assert ("主任", COMMITTEE) in posts["周明远"]
    assert posts["李文杰"] == {("副区长", "芜湖市镜湖区政府")}


def test_a_session_belongs_to_its_congress_and_carries_its_date():
    ex = extract("全年召开常委会会议8次，向区人大报告工作。\n")  # a fact names listed bodies only (issue 16)
    meeting = next(m for m in ex.meetings if "第五届人民代表大会第三次会议" in m.name)
    assert meeting.body == CONGRESS and meeting.date == "2024-01-10"
    assert any(f.date == "2024-01-10" for f in ex.figures)


def test_a_report_printed_inside_a_report_acts_for_its_own_body():
    ex = extract("全年召开常委会会议8次。\n"
                 "芜湖市镜湖区人民法院工作报告(摘要)\n"
                 "一、依法履职\n全年审结刑事案件279件,判处罪犯342人。\n")
    assert acts(ex, count=8)[0].body == COMMITTEE
    assert {a.body for a in acts(ex, type="other")} == {"芜湖市镜湖区法院"}


def test_every_fact_has_evidence_quoting_its_sentence():
    ex = extract("全年召开常委会会议8次。先后制定《芜湖市甲乙条例》。\n")
    source = HEAD + "全年召开常委会会议8次。先后制定《芜湖市甲乙条例》。\n"
    evidence = [e for a in ex.activities for e in a.evidence] + [e for f in ex.figures for e in f.evidence] \
        + [e for law in ex.laws for x in law.actions for e in x.evidence]
    assert evidence and all(source[e.start:e.end] == e.quote for e in evidence)
    assert any(e.quote == "全年召开常委会会议8次。" for e in evidence)


def test_figures_are_typed_values_in_rdf():
    from etl.rdf import LH, XSD, to_nquads

    ex = extract("全区代表捐款捐物530余万元,代表建议办复率达95.8%。2023年5月8日召开主任会议。\n")
    nq = to_nquads(ex)
    assert f"<{LH}Figure>" in nq
    assert f'"530"^^<{XSD}decimal>' in nq and f'"95.8"^^<{XSD}decimal>' in nq
    assert f'"2023-05-08"^^<{XSD}date>' in nq
    assert f'<{LH}measures> "全区代表捐款捐物"' in nq
