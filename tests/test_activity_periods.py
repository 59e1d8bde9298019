"""Which counts of a government's report are its activities of which years: the year's part and
the five years' part, lead lines, the coming year's plan, running totals (etl/relate/layout.py,
periods.py, activities.py). Hand-written snippets."""

from __future__ import annotations

from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document

HEAD = """2026年江南省政府工作报告
——2026年1月20日在江南省第十四届人民代表大会第五次会议上
各位代表:
现在,我代表省人民政府,向大会报告工作,请予审议。
一、2025年和“十四五”时期工作回顾
"""


def periods(body: str) -> dict[int, str | None]:
    text = HEAD + body
    src = SourceDocument(path="snippet.txt", name="snippet", sha256="0" * 64, source=text)
    ex = extract_document(src, default_lexicon())
    return {a.count: a.period for a in ex.activities if a.count}


def test_a_sentence_opening_with_the_five_years_dates_the_rest_of_its_paragraph():
    got = periods("过去一年,我们新建养老机构12个。各位代表!2025年目标任务顺利完成。五年来,我们改造老旧小区345个,"
                  "建成高标准农田示范区27个。\n")
    assert got == {12: "2025", 345: "2021-2025", 27: "2021-2025"}


def test_a_lead_line_naming_the_five_years_dates_the_paragraphs_after_it():
    got = periods("这是城乡面貌焕然一新的五年。\n新建农村公路示范线38条。\n改造农村危房61个村。\n"
                  "（二）2025年主要工作\n刚刚过去的2025年,我们新开工项目74个。\n")
    assert got == {38: "2021-2025", 61: "2021-2025", 74: "2025"}


def test_a_heading_of_the_next_year_starts_the_plan_even_as_its_main_work():
    got = periods("新建学校15所。\n三、2026年主要工作\n新建学校23所,改造医院9个。\n")
    assert got == {15: "2025"}


def test_a_running_total_in_the_year_part_is_no_activity_of_that_year():
    got = periods("深化乡村建设,累计创建示范村42个,新建示范片区22个;全年累计接待来访群众56批次。\n"
                  "五年来,我们累计建成口袋公园318个。\n")
    assert got == {22: "2025", 56: "2025", 318: "2021-2025"}


def kept(body: str) -> set[int]:
    return set(periods(body))


def test_counts_of_firms_holding_a_rank_or_title_are_statistics():
    got = kept("全省灯塔工厂以外,专精特新“小巨人”企业450家,制造业单项冠军59家,国家高新技术企业1.2万家;"
               "认定雏鹰企业358户,新建国家级产业集群21个。\n")
    assert got == {358, 21}


def test_a_count_that_only_qualifies_a_later_count_is_none():
    got = kept("纳入国家36项重大工程的128个项目全部开工,培训来自12个国家的305名法官。\n")
    assert got == {128, 305}


def test_a_sentence_opening_with_this_year_and_what_must_be_done_is_a_plan():
    got = kept("今年,要再开工15项重大水利工程,扫除文盲300万人。新建学校42所。\n")
    assert got == {42}


def test_a_count_in_chinese_numerals_naming_what_modifies_a_noun_is_a_slogan():
    got = kept("我们为建设四个现代化的强国而奋斗,坚持两个确立的决定性意义,建立五项机制,新建学校42所。\n")
    assert got == {5, 42}


def types(body: str) -> dict[int, str]:
    text = HEAD + body
    src = SourceDocument(path="snippet.txt", name="snippet", sha256="0" * 64, source=text)
    return {a.count: a.type for a in extract_document(src, default_lexicon()).activities if a.count}


def test_a_count_right_after_a_law_kind_is_legislation_whatever_meeting_was_named():
    got = types("提请省人大常委会会议审议地方性法规草案7部,推动出台自贸区法规33件,召开常务会议24次。\n")
    assert got[7] == "legislation" and got[33] == "legislation"


def test_approvals_and_awards_received_are_statistics_but_approvals_to_build_are_done():
    got = kept("获批美丽河湖7个,新获批中外合作办学机构13个,11部作品获全国精品工程奖,"
               "获批建设国际联合实验室2家,新建学校42所。\n")
    assert got == {2, 42}


def test_notes_on_terms_after_the_report_hold_no_activities_whatever_lines_break_them():
    got = kept("新建学校42所。\n名词解释\n1.“两重”:是指重大工程。\n揭榜\n2.“六横”:包括都江堰灌区等6个工程。\n")
    assert got == {42}


def test_employment_and_foreign_firm_counts_are_statistics():
    got = kept("以工代赈吸纳就业36万人,新设外商投资企业673家,在省投资世界500强企业325家,新建学校42所。\n")
    assert got == {42}


def test_a_paragraph_opening_with_the_five_years_dates_the_bullets_after_it():
    got = periods("过去五年极不寻常。我们攻坚克难。\n——民生改善。新建学校42所。\n区域合作协定\n"
                  "——生态改善。新建保护地37处。\n五是城乡统筹。新建公园18个。\n")
    assert got == {42: "2021-2025", 37: "2021-2025", 18: "2021-2025"}  # no turn back to the year


def test_weather_events_coped_with_are_no_activities():
    got = kept("科学应对19轮强降雨,成功抗御台风5个,提前转移群众1200人次。\n")
    assert got == {1200}


def test_a_sentence_telling_what_a_total_will_reach_is_a_plan():
    got = kept("五年内新建大型矿井二十八个,建设总规模将达二亿吨。新建学校42所。\n")
    assert got == {42}


def test_a_paragraph_opening_with_the_past_year_in_a_five_year_review_dates_the_paragraphs_after_it():
    got = periods("——这五年,综合实力跃升。新建高速公路12条。\n刚刚过去的2025年,我们迎难而上。新建学校42所。\n"
                  "深化改革。年度36项重点改革任务扎实推进。\n（二）五年来的体会\n")
    assert got == {12: "2021-2025", 42: "2025", 36: "2025"}


def test_labour_moved_into_work_is_a_statistic():
    assert kept("农村劳动力转移就业66万人,实现高校毕业生就业280万人,新建学校42所。\n") == {42}


def test_a_five_year_lead_of_two_sentences_dates_its_sub_headed_paragraphs_up_to_the_year():
    got = periods("五年来,我们坚定不移推动发展。综合实力显著提升。\n产业结构持续优化。\n建成示范园区38个。\n"
                  "（二）民生改善\n新建学校61所。\n刚刚过去的2025年很不平凡。\n（三）改革开放\n新建公园74个。\n")
    assert got == {38: "2021-2025", 61: "2021-2025", 74: "2025"}


def test_a_plan_named_as_five_years_and_a_turn_inside_a_year_paragraph_date_what_follows():
    got = periods("“十四五”时期是极不平凡的五年。\n——发展提速。新建口岸12个。\n"
                  "各位代表,刚刚过去的2025年,我们迎难而上。\n——动能增强。新建学校42所。\n"
                  "各位代表!2025年主要目标任务顺利完成。回望过去五年,我们攻坚克难。\n（一）城乡统筹。新建公园18个。\n")
    assert got == {12: "2021-2025", 42: "2025", 18: "2021-2025"}


def test_a_year_lead_inside_a_five_year_paragraph_turns_nothing():
    got = periods("这五年,产业升级。新建园区15个。2025年,工业投资增长8%。\n新建基地27个。\n")
    assert got == {15: "2021-2025", 27: "2021-2025"}


def test_a_year_only_review_keeps_its_year_after_a_five_year_sentence():
    text = HEAD.replace("一、2025年和“十四五”时期工作回顾", "一、2025年工作回顾")
    src = SourceDocument(path="s.txt", name="s", sha256="0" * 64,
                         source=text + "五年来,我们接续奋斗。综合实力提升。\n新建学校42所。\n")
    got = {a.count: a.period for a in extract_document(src, default_lexicon()).activities if a.count}
    assert got == {42: "2025"}


def test_a_year_typeset_with_spaced_digits_is_read():
    from etl.period import arabic_years

    assert arabic_years("从1 9 9 3 年3 月就职") == "从    1993年3 月就职"  # same length: offsets hold
    assert arabic_years("共1 2 3 4 5 人") == "共1 2 3 4 5 人"  # no year


def test_a_plan_heading_with_a_spaced_year_opens_a_plan():
    from etl.lexicon import default_lexicon
    from etl.relate.layout import _is_plan_heading

    assert _is_plan_heading("二、关于1 9 9 8 年政府工作的建议", 1997, default_lexicon())
    assert not _is_plan_heading("一、1 9 9 7 年工作回顾", 1996, default_lexicon())
