"""The report's region as its own text names it, the genre of a signed write-up, a term report's
period, and people named in running text after a member's or a head's title. Hand-written sentences."""

from __future__ import annotations

from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document
from etl.segment import segment
from etl.clean import clean

LEX = default_lexicon()


def _ex(text: str):
    return extract_document(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text), LEX)


def _md(text: str):
    return segment(clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)), LEX).metadata


def _posts(text: str) -> dict[str, set[tuple[str, str | None]]]:
    return {p.name: {(q.post, q.body) for q in p.posts} for p in _ex(text).people}


COUNTY = "南漳县人民政府工作报告\n——2025年1月8日在南漳县第十九届人民代表大会第五次会议上\n各位代表:\n"


def test_a_city_named_only_in_a_law_title_is_no_prefix_of_the_region():
    md = _ex(COUNTY + "过去一年,全县贯彻《襄阳市文明行为促进条例》,南漳县经济平稳增长。\n").metadata
    assert md.region == "南漳县"


def test_a_city_named_in_running_text_prefixes_the_region():
    md = _ex(COUNTY + "过去一年,在襄阳市委的领导下,南漳县经济平稳增长。\n").metadata
    assert md.region == "襄阳市南漳县"


def test_a_short_form_that_stands_for_the_county_itself_names_no_city():
    text = ("衡阳县人民政府工作报告\n——2025年1月8日在衡阳县第十八届人民代表大会第五次会议上\n各位代表:\n"
            "过去一年,衡阳县经济平稳增长,建设美丽衡阳,县城面貌一新。\n")
    assert _ex(text).metadata.region == "衡阳县"


def test_a_write_up_signed_by_a_reporter_under_its_title_is_a_review_article():
    md = _md("某县十八届人大三次会议开幕 张建华作政府工作报告\n本报记者 王小芳\n"
             "1月6日,会议开幕。报告指出,一年来全县经济平稳。\n")
    assert md.genre == "review_article" and md.author.name == "王小芳" and md.author.role == "记者"
    unsigned = _md("县政府工作报告提请大会审议\n1月6日,会议开幕。报告指出,一年来全县经济平稳。\n")
    assert unsigned.genre == "other"


def test_a_term_report_covers_its_five_years():
    head = "人民代表大会常务委员会工作报告\n——2026年1月10日在某市第十六届人民代表大会第一次会议上\n各位代表:\n"
    assert _md(head + "过去五年工作回顾\n五年来,常委会依法履职。\n").period == "2021-2025"
    assert _md(head + "我受常务委员会委托,向大会报告过去五年的工作。\n常委会依法履职。\n").period == "2021-2025"
    assert _md(head + "过去一年工作回顾\n常委会依法履职。\n").period == "2025"


def test_a_deputy_with_the_level_of_the_title_is_named_in_running_text():
    text = COUNTY + "县人大代表孙晓燕在联络站接待群众,市人大代表何建明对此提出建议。\n"
    posts = _posts(text)
    assert ("人大代表", "南漳县人大") in posts["孙晓燕"]
    assert ("人大代表", "襄阳市人大") in posts["何建明"]


def test_a_function_word_after_a_deputys_title_starts_no_name():
    text = COUNTY + "请县人大代表和列席同志提出意见,县政协委员和有关方面参加。\n"
    assert not [p.name for p in _ex(text).people]


def test_a_head_who_reports_for_the_body_is_named_before_daibiao():
    posts = _posts(COUNTY + "县长赵卫东代表县人民政府作政府工作报告。\n")
    assert ("县长", "南漳县政府") in posts["赵卫东"]


def test_a_date_alone_under_the_title_is_the_reports_date():
    md = _ex("樊城区人大常委会工作报告\n(2024年1月10日)\n各位代表:\n一年来,常委会依法履职。\n").metadata
    assert md.date == "2024-01-10" and md.period == "2023"


def test_an_authors_post_is_in_the_body_its_title_belongs_to_not_the_party_group():
    md = _ex("襄阳市人民代表大会常务委员会工作报告\n——2024年1月10日在襄阳市第十八届人民代表大会第四次会议上\n"
             "襄阳市人大常委会党组书记、主任 陈志强\n各位代表:\n一年来,常委会依法履职。\n").metadata
    assert md.author.name == "陈志强" and md.author.role == "主任" and md.author.body == "襄阳市人大常委会"


def test_an_autonomous_regions_chair_heads_its_government():
    text = ("政府工作报告\n——2026年1月20日在新疆维吾尔自治区第十四届人民代表大会第四次会议上\n自治区主席 吐尔逊·买买提\n"
            "各位代表:\n现在,我代表自治区人民政府,向大会报告工作。自治区政协副主席马建新出席。\n")
    posts = _posts(text)
    assert ("主席", "新疆维吾尔自治区政府") in posts["吐尔逊·买买提"]
    assert ("副主席", "新疆维吾尔自治区政协") in posts["马建新"]


def test_a_national_deputy_is_named_in_running_text():
    posts = _posts(COUNTY + "全国人大代表钱卫红在调研中提出建议。\n")
    assert ("人大代表", "全国人大") in posts["钱卫红"]


def test_a_profiles_current_posts_are_its_subjects():
    text = ("赵海涛同志简历\n赵海涛,男,汉族,1970年5月生,研究生学历。\n现任襄阳市人大常委会党组书记、主任。\n"
            "主要经历:\n2015.06—2020.09 南漳县委书记\n2020.09— 襄阳市人大常委会副主任\n")
    posts = _posts(text)
    assert {("党组书记", "襄阳市人大常委会党组"), ("主任", "襄阳市人大常委会")} <= posts["赵海涛"]
    text = "区人大代表王某某在会上发言。\n现任区人大常委会主任的刘某某,带队调研。\n"
    assert ("主任", "区人大常委会") not in _posts(text).get("王某某", set())


def test_a_post_a_person_takes_on_besides_is_the_persons():
    posts = _posts(COUNTY + "过去一年,县长李明华兼任县委副书记,县法院副院长陈卫国担任县第二中学法治副校长。\n")
    assert {("县长", "南漳县政府"), ("副书记", "南漳县委")} <= posts["李明华"]
    assert ("副院长", "南漳县法院") in posts["陈卫国"]
    assert "李明" in _posts(COUNTY + "过去一年,县长李明兼任县人民医院理事长。\n")  # 兼, 担 stand in no given name


def test_a_body_after_a_level_word_is_no_name_before_its_heads_title():
    text = ("政协襄阳市樊城区委员会常务委员会工作报告\n——在政协襄阳市樊城区第十届委员会第三次会议上\n区政协主席 张建新\n"
            "各位委员:\n一年来,区政协认真履职。\n")
    assert [p.name for p in _ex(text).people] == ["张建新"]


def test_a_delivery_month_without_its_day_still_gives_the_reports_year():
    md = _md("南漳县人民法院工作报告\n——2024年1月在南漳县第十九届人民代表大会第四次会议上\n县人民法院院长 李国华\n"
             "各位代表:\n一年来,全院依法履职。\n")
    assert md.date is None and md.period == "2023"


def test_members_named_after_their_bodys_generic_title_are_people():
    head = "南漳县人民代表大会常务委员会工作报告\n——2025年1月8日在南漳县第十九届人民代表大会第五次会议上\n各位代表:\n"
    posts = _posts(head + "县人大常委会委员胡兵、何军参加视察,委员意见建议得到落实。\n")
    assert posts.get("胡兵") == {("委员", "南漳县人大常委会")} and posts.get("何军") == {("委员", "南漳县人大常委会")}


def test_a_dashed_author_line_is_the_author_not_a_subtitle():
    md = _md("南漳县人民法院工作报告(摘要)\n——南漳县人民法院院长 李国华\n各位代表:\n一年来,全院依法履职。\n")
    assert md.subtitle is None and md.author.name == "李国华" and md.author.role == "院长"
    profile = _md("把群众的事放在心上\n——记县人民医院院长 周红梅\n本报记者 李文\n周红梅是一名医生。\n")
    assert profile.genre == "profile" and profile.subtitle.startswith("记")
