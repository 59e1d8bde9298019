"""Counted results that are no doing of the reporting body: titles places earn, graduates, records,
thresholds crossed, what the counted things did, measures of a survey, and a zone or laboratory
acting as the clause's subject. Hand-written snippets (etl/relate/items.py, etl/relate/activities.py)."""

from __future__ import annotations

from test_activities_actors import GOV_HEAD, acts

from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document


def test_titles_earned_are_results_but_building_is_done():
    got = acts(GOV_HEAD, "新创建全国文明城镇7个。成功创建4个国家级示范基地。创建2个百亿级产业集群。"
                         "获批建设联合实验室5家。新建口袋公园28个。")
    assert {a[2] for a in got} == {5, 28}


def test_graduates_records_and_thresholds_are_statistics():
    got = acts(GOV_HEAD, "全省高校毕业生41万人。运动员创造世界纪录6次。经济总量跨过2个千亿级台阶。改造老旧小区870个。")
    assert {a[2] for a in got} == {870}


def test_what_counted_things_did_is_no_doing():
    got = acts(GOV_HEAD, "安全监测等5个平台试运行，42项关键部件实现国产化替代，150个重点项目完成投资900亿元，新建学校12所。")
    assert {a[2] for a in got} == {12}


def test_a_surveys_measures_are_no_survey():
    got = acts(GOV_HEAD, "营商环境调查38项指标中有30项进入前列。")
    assert not got


def test_a_zone_or_laboratory_as_subject_acts_for_itself():
    got = acts(GOV_HEAD, "东湖示范区引进重大项目64个。光谷实验室突破关键技术9项。引进重大项目37个。")
    assert {a[2] for a in got} == {37}


def test_an_honour_got_and_an_unemployment_rate_are_no_doing():
    got = acts(GOV_HEAD, "扶贫协作连续4次获全国先进。城镇新增就业52万人、城镇调查失业率为5.2%。新建村卫生室48个。")
    assert {(a[0], a[2]) for a in got} == {("other", 48)}


def test_a_zone_named_with_brackets_acts_for_itself():
    got = acts(GOV_HEAD, "中国（湖北）自贸试验区推出制度创新成果31项。")
    assert not got


def test_a_list_of_counts_before_their_nouns_names_each_item_by_its_own_noun():
    src = SourceDocument(path="snippet.txt", name="snippet", sha256="0" * 64,
                         source=GOV_HEAD + "建成6个街心公园、9个口袋公园、14个社区书屋。\n")
    topics = {a.count: a.topic for a in extract_document(src, default_lexicon()).activities}
    assert topics[9] == "口袋公园" and topics[14] == "社区书屋"


def test_awards_won_are_results_and_a_list_joined_by_and_names_its_own_noun():
    got = acts(GOV_HEAD, "优秀剧目获文华奖2项、群星奖5项。建成9个街心公园和14个社区书屋。")
    assert {a[2] for a in got} == {9, 14}
    src = SourceDocument(path="snippet.txt", name="snippet", sha256="0" * 64,
                         source=GOV_HEAD + "建成9个街心公园和14个社区书屋。\n")
    assert {a.count: a.topic for a in extract_document(src, default_lexicon()).activities}[14] == "社区书屋"


def test_pilots_joined_margins_and_people_gathered_are_results():
    got = acts(GOV_HEAD, "3个园区纳入国家试点。关停小煤矿52处、超计划7处。新集聚青年人才6万人。新建养老驿站31个。")
    assert {a[2] for a in got} == {52, 31}
