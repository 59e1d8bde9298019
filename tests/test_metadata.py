"""Report metadata from the text itself, on hand-written snippets of every shape: full title
blocks, delivery lines in brackets, web chrome, excerpts without a title, news write-ups."""

from __future__ import annotations

import pytest

from etl.clean import clean
from etl.frontmatter import cn_date, speaker
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document
from etl.segment import segment

LEX = default_lexicon()


def _doc(text: str):
    return clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text))


def _md(text: str):
    return segment(_doc(text), LEX).metadata


def _final(text: str):
    return extract_document(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text), LEX).metadata


@pytest.mark.parametrize("sentence, body", [
    ("现在,我代表县人民政府,向大会报告工作,请予审议。", "县人民政府"),
    ("我受市人大常委会委托,向大会报告工作。", "市人大常委会"),
    ("我受中共中央和国务院的委托,向大会作关于农业发展的报告。", "中共中央和国务院"),
    ("主席李某某5日在政协某某市第九届委员会第三次会议开幕会上代表政协某某市委员会常务委员会向大会报告工作时说", "政协某某市委员会常务委员会"),
    ("关于一年来的政府工作,国务院决定由我向大会作报告。", "国务院"),
])
def test_speaker_clause_names_the_body_reported_for(sentence, body):
    assert speaker(sentence).body == body


def test_no_speaker_in_other_uses_of_daibiao():
    assert speaker("各代表团向大会提出议案12件,人大代表依法提出建议。") is None
    assert speaker("我代表县人民政府,向全县人民表示感谢。") is None


def test_dates_in_chinese_numerals():
    assert cn_date("二〇二五年一月十九日在") == "2025-01-19"
    assert cn_date("二〇二五年十三月一日") is None


def test_delivery_line_in_brackets_with_the_speaker_after_it():
    md = _md("首页\n分享:\n2025年某县政府工作报告\n(2025年1月12日在某县第十八届人民代表大会第五次会议上)\n"
             "县长 周立新\n各位代表:\n现在,我代表县人民政府向大会报告工作。\n一、2024年工作回顾\n")
    assert md.title == "2025年某县政府工作报告"
    assert md.subtitle == "2025年1月12日在某县第十八届人民代表大会第五次会议上"
    assert md.author.name == "周立新" and md.author.role == "县长"
    assert md.date == "2025-01-12" and md.genre == "work_report" and md.period == "2024"


def test_bare_name_under_the_title_takes_its_post_from_a_caption():
    md = _md("2025年某市政府工作报告\n——2025年1月9日在某市第九届人民代表大会第四次会议上\n来源:某市日报\n"
             "吴海平\n市长吴海平作政府工作报告。\n各位代表:\n")
    assert md.author.name == "吴海平" and md.author.role == "市长"


def test_title_broken_before_its_last_character():
    md = _md("政府工作报\n告\n——2024年1月5日在某县第十八届人民代表大会第四次会议上\n各位代表:\n")
    assert md.title == "政府工作报告" and md.genre == "work_report"


def test_excerpt_without_title_is_a_work_report_by_its_speaker():
    md = _md("各位代表:\n现在,我就此向大会作政府工作报告,请予审议。\n(一)关于经济形势\n"
             "2019年,全县经济平稳运行。\n")
    assert md.title is None and md.genre == "work_report" and md.period == "2019"


def test_news_write_up_is_other_with_its_speaker_as_author():
    md = _md("政协常委会工作报告摘要\n某某社某市1月8日电 某市政协主席郑为民8日在政协某市第九届委员会第四次会议开幕会上"
             "代表政协某市委员会常务委员会向大会报告工作时说,一年来履职成效明显。\n")
    assert md.genre == "other"
    assert md.author.name == "郑为民" and md.author.role == "主席"


@pytest.mark.parametrize("text, period", [
    ("政府工作报告\n——2026年1月9日在某县第十八届人民代表大会第五次会议上\n一、“十四五”时期工作回顾\n五年来全县发展。\n", "2021-2025"),
    ("政府工作报告\n——2025年1月9日在某县第十八届人民代表大会第五次会议上\n一、2024年和“十四五”时期工作回顾\n", "2024"),
    ("2025年某县政府工作报告\n各位代表:\n过去一年,全县经济平稳。\n", "2024"),
    ("人大常委会工作报告\n一年来,审查批准2023年县级决算,听取2023年度审计工作报告。\n", "2024"),
    ("工作综述\n2024年是重要的一年,常委会依法履职。\n2030年远景目标将全面实现。\n", "2024"),
])
def test_period_is_never_later_than_the_report(text, period):
    assert _md(text).period == period


def test_national_excerpt_is_the_state_councils_and_has_no_region():
    md = _final("各位代表:\n现在,我代表国务院,向大会报告政府工作,请予审议。\n一、2024年工作回顾\n"
                "2024年,经济运行总体平稳,某省和某市发展较快,长沙市经济增长。\n")
    assert md.issuing_body == "国务院" and md.region is None and md.period == "2024"


def test_municipal_government_is_its_issuing_body():
    md = _final("2025年天津市政府工作报告\n——2025年1月10日在天津市第十八届人民代表大会第三次会议上\n"
                "各位代表:\n现在,我代表市人民政府向大会报告工作,请予审议。\n")
    assert md.region == "天津市" and md.issuing_body == "天津市政府"
    assert md.meeting == "天津市第十八届人民代表大会第三次会议"


def test_cppcc_speaker_entrusted_by_its_standing_committee():
    sp = speaker("受政协某县第九届委员会常务委员会委托,我向全体会议报告工作,请予审议。")
    assert sp.body == "政协某县第九届委员会常务委员会"


def test_delivery_line_without_a_date_in_brackets():
    md = _md("关于区人民代表大会常务委员会工作的报告\n(在某区第十八届人民代表大会第五次会议上)\n各位代表:\n")
    assert md.subtitle == "在某区第十八届人民代表大会第五次会议上" and md.genre == "work_report"


def test_month_only_delivery_date_is_left_out():
    md = _md("2024年某县政府工作报告\n2024年1月在某县第十八届人民代表大会第四次会议上\n县长 方立\n")
    assert md.subtitle == "2024年1月在某县第十八届人民代表大会第四次会议上" and md.date is None
    assert md.author.name == "方立" and md.period == "2023"


def test_a_secretary_in_a_title_makes_no_profile():
    assert _md("区委书记带队调研重点项目\n区委书记一行来到项目现场。\n").genre == "other"


def test_excerpt_region_from_the_speakers_body():
    md = _final("各位代表:\n我受长沙市岳麓区人民代表大会常务委员会委托,向大会报告工作,请予审议。\n"
                "一年来,区人大常委会召开常委会会议8次,开福区、望城区也有交流。\n")
    assert md.region == "长沙市岳麓区" and md.issuing_body == "长沙市岳麓区人大常委会"


def test_county_level_citys_own_government():
    md = _final("各位代表:\n现在,我代表宜都市人民政府,向大会报告工作。\n过去一年,宜昌市给予支持,枝江市协同发展。\n")
    assert md.issuing_body == "宜都市政府"


def test_profile_and_review_shapes():
    md = _md("把群众的事放在心上\n——记县人大代表周红梅\n■本报记者 李文\n周红梅是一名村医。\n")
    assert md.genre == "profile" and md.author.name == "李文"
    assert _md("某区人大常委会2024年工作回顾\n2024年,常委会依法履职。\n").genre == "review_article"


def test_author_names_spaced_or_transliterated():
    assert _md("2025年某市政府工作报告\n上海市市长 龚 正\n各位代表:\n").author.name == "龚正"
    assert _md("2025年某区政府工作报告\n自治区主席 艾尔肯·吐尼亚孜\n各位代表:\n").author.name == "艾尔肯·吐尼亚孜"


def test_title_after_a_photo_caption_on_its_line():
    md = _md("政府工作报告。 某某日报记者 李森 摄政府工作报告\n——2025年1月20日在贵州省第十四届人民代表大会第三次会议上\n省长 王某某\n各位代表：\n")
    assert md.title == "政府工作报告"


def test_news_write_up_names_the_session_the_report_was_given_at():
    md = _final("区人大常委会工作报告摘要\n本报讯(记者 王静)1月10日,区人大常委会主任张明在岳阳楼区第十届人民代表大会"
                "第四次会议上作常委会工作报告。报告指出,一年来常委会依法履职。\n")
    assert md.genre == "other" and md.meeting == "岳阳楼区第十届人民代表大会第四次会议"
    assert md.author.name == "张明" and md.issuing_body == "岳阳楼区人大常委会"


def test_excerpt_speaker_level_picks_the_unit_of_that_level():
    md = _final("各位代表:\n现在,我代表区人民政府,向大会报告工作。\n过去一年,岳阳楼区经济运行稳中有进,岳阳市委给予支持。\n")
    assert md.issuing_body == "岳阳楼区政府"


def test_target_years_are_not_the_period():
    text = ("各位代表:\n过去一年,全区经济平稳,2023年地区生产总值增长5%。到2035年基本实现现代化,"
            "力争2030年前碳达峰。2023年民生投入持续加大。\n")
    assert _md(text).period == "2023"


def test_region_from_the_session_named_in_the_opening():
    md = _final("一年来,常委会依法履职。1月8日,在长沙市岳麓区第十八届人民代表大会第四次会议上,"
                "区人大常委会作工作报告。开福区、雨花区、开福区也派员列席,开福区政府支持。\n")
    assert md.region == "长沙市岳麓区"


def test_title_set_on_two_lines():
    md = _md("长沙市岳麓区人民代表大会\n常务委员会工作报告\n——2024年1月9日在长沙市岳麓区第十八届人民代表大会第四次会议上\n")
    assert md.title == "长沙市岳麓区人民代表大会常务委员会工作报告"
    assert _md("两会报告\n济南市济阳区人民代表大会常务委员会工作报告\n——2023年1月8日在济南市济阳区第十九届人民代表大会"
               "第二次会议上\n").title == "济南市济阳区人民代表大会常务委员会工作报告"


def test_malformed_numerals_never_raise():
    assert cn_date("二〇二六年十十月三日") is None
    assert _md("工作综述\n一、“十十五”时期工作回顾\n").period is None


def test_web_page_title_without_the_site_name():
    md = _md("2024年宜都市政府工作报告_宜都市人民政府网\n2024年1月10日在宜都市第十届人民代表大会第四次会议上\n各位代表:\n")
    assert md.title == "2024年宜都市政府工作报告"


def test_title_naming_the_year_covered():
    assert _md("某县人民法院2023年度工作报告\n各位代表:\n").period == "2023"
    assert _md("关于2023年工作情况的报告\n各位代表:\n").period == "2023"


def test_years_in_chinese_numerals():
    assert _md("二〇二四年某县政府工作报告\n各位代表:\n").period == "2023"
    assert _md("工作综述\n刚刚过去的二〇二三年,常委会依法履职。\n").period == "2023"


def test_a_dashed_list_item_is_no_subtitle_and_five_year_review():
    text = ("各位代表:\n现在,我代表县人民政府,向大会报告工作。\n一、过去五年工作回顾\n"
            "——全县粮食连续四年增产,2022年产量创新高。\n比2017年增长一倍。\n二、2023年主要任务\n")
    md = _md(text)
    assert md.subtitle is None and md.period == "2018-2022"
