"""Counts and cues that tell no thing done: a population (近13亿人口) and a sentence that tells what
should be done (各级政府要…开展…). Hand-written snippets (etl/relate/items.py, etl/relate/cues.py)."""

from __future__ import annotations

from test_activities_actors import GOV_HEAD, acts


def test_a_population_is_a_figure():
    got = acts(GOV_HEAD, "作为一个近6000万人口的省份,任务繁重。全省人口5800万人。全省户籍人口达到5900万人。"
                         "培训农民工12万人。")
    assert {a[2] for a in got} == {120000}


def test_people_counted_before_other_words_are_kept():
    got = acts(GOV_HEAD, "新建养老机构12所,培训护理人员3000人。")
    assert {a[2] for a in got} == {12, 3000}


def test_a_sentence_telling_what_to_do_is_no_activity():
    got = acts(GOV_HEAD, "各级政府要充分发挥媒体在开展专题调研和社会协商中的作用。我们必须组织培训班20期。"
                         "要加强对基层干部的培训。各地应当举办座谈会3次。")
    assert not got


def test_a_requirement_or_an_insight_still_reports_what_was_done():
    got = acts(GOV_HEAD, "省政府要求各地开展专项检查,共检查企业300家。主要领导带队开展专题调研5次。"
                         "我们应当看到,全年举办培训班20期。")
    assert {a[2] for a in got} == {300, 5, 20}


def test_certified_titles_are_a_stock_of_designations():
    got = acts(GOV_HEAD, "建成省级以上绿色工厂51个、绿色园区3个,国家级绿色工业园区2个。新建污水处理厂6座。")
    assert {a[2] for a in got} == {6}
