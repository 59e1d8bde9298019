"""Mentions found in hand-written sentences: places, bodies, people, laws, meetings, projects."""

from __future__ import annotations

from etl.clean import clean
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.recognize import recognize
from etl.segment import segment

LEX = default_lexicon()


def _mentions(text: str, kind: str | None = None):
    seg = segment(clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)), LEX)
    return [m for m in recognize(seg, LEX) if kind is None or m.kind == kind]


def _texts(text: str, kind: str) -> list[str]:
    return [m.text for m in _mentions(text, kind)]


# --------------------------------------------------------------------------- places


def test_gazetteer_places_and_chains():
    ms = _mentions("成都市武侯区人大常委会组织代表走进浆洗街街道和簇桥街道锦城社区开展调研。", "place")
    by_text = {m.text: m for m in ms}
    assert set(by_text) == {"成都市", "武侯区", "浆洗街街道", "簇桥街道", "锦城社区"}
    assert by_text["武侯区"].level == "county"
    assert by_text["锦城社区"].chain == ("簇桥街道",)
    assert by_text["浆洗街街道"].level == "town"


def test_village_coordinated_after_a_chained_one_inherits_its_town():
    ms = _mentions("帮助白马镇青山村和绿水村修建道路。", "place")
    village = next(m for m in ms if m.text == "绿水村")
    assert village.chain == ("白马镇",)


def test_common_nouns_ending_in_a_division_suffix_are_not_places():
    assert _texts("推动乡村振兴,改善农村环境,建设美丽社区,帮扶贫困村,深化城乡融合。", "place") == []


def test_short_forms_need_the_full_name_in_the_document():
    assert _texts("岳麓山下风景好,游客很多。", "place") == []
    assert "岳麓" in _texts("长沙市岳麓区召开会议。岳麓发展迅速。", "place")


def test_places_inside_a_hospital_name_are_not_places():
    assert _texts("她走访了雨花区人民医院等医院。", "place") == []


# --------------------------------------------------------------------------- bodies


def test_bodies_with_region_level_and_own_forms():
    ms = _mentions("长沙市岳麓区人大常委会在区委领导下,听取区政府和区法院的报告,常委会党组召开会议。", "body")
    forms = {m.text: m.form for m in ms}
    assert forms["长沙市岳麓区人大常委会"] == "region"
    assert forms["区委"] == "level" and forms["区政府"] == "level" and forms["区法院"] == "level"
    assert forms["常委会党组"] == "own"


def test_not_a_body_after_scope_words_or_before_members():
    assert _texts("全区人大代表和政协委员积极参与,各级人民法院依法审判。", "body") == []


def test_departments_special_committees_and_named_bodies():
    text = ("对区自然资源局开展工作评议,县政协提案委员会召开会议,组织代表赴井冈山干部学院培训,"
            "走访了桃源县人民医院,光明社区代表联络站运行良好。")
    ms = {m.text: m for m in _mentions(text, "body")}
    assert ms["区自然资源局"].body_kind == "government_department"
    assert ms["县政协提案委员会"].body_kind == "special_committee"
    assert ms["井冈山干部学院"].body_kind == "institution"
    assert ms["桃源县人民医院"].body_kind == "institution"
    assert ms["光明社区代表联络站"].body_kind == "representative_station"


def test_national_bodies_and_media():
    ms = {m.text: m for m in _mentions("坚决拥护党中央决策,稿件在《湘江日报》和《人大研究》杂志刊发。", "body")}
    assert ms["党中央"].canonical == "党中央"
    assert ms["湘江日报"].body_kind == "media"
    assert ms["人大研究"].body_kind == "media"


# --------------------------------------------------------------------------- people


def test_names_after_titles_in_lists_and_before_leader_titles():
    text = ("副主任陈建国带队视察,副县长刘芳和县教育局负责人到会,秘书长赵一鸣、钱小红参加。"
            "深入学习习近平总书记重要讲话精神。县人大代表孙丽提出建议。")
    assert _texts(text, "person") == ["陈建国", "刘芳", "赵一鸣", "钱小红", "习近平", "孙丽"]


def test_no_names_from_nouns_after_generic_titles():
    text = "公示代表信息,委员关注的问题,代表满意率达百分之九十八,代表向选民报告工作,加强代表管理。"
    assert _texts(text, "person") == []


def test_profile_name_after_a_title_and_de():
    assert _texts("现任街道人大工委主任的周晓梅,是一名连任多年的代表。", "person") == ["周晓梅"]


# --------------------------------------------------------------------------- laws


def test_titles_in_guillemets_with_kinds_books_and_media():
    text = ("制定《岳麓区人大常委会讨论决定重大事项的规定》,修订《湖南省物业管理条例(修订草案)》,"
            "学习《党的建设读本》,在《岳麓日报》发表。")
    laws = {m.text: m.law_kind for m in _mentions(text, "law")}
    assert laws == {"岳麓区人大常委会讨论决定重大事项的规定": "rules", "湖南省物业管理条例(修订草案)": "regulation"}


def test_laws_named_without_guillemets():
    text = "履行宪法赋予的职责,开展食品安全法、水污染防治“一法一条例”等执法检查,组织宪法宣誓。"
    laws = _texts(text, "law")
    assert "宪法" in laws and "食品安全法" in laws and "水污染防治“一法一条例”" in laws
    assert laws.count("宪法") == 1  # 宪法宣誓 is a ceremony


def test_back_reference_is_marked():
    ms = _mentions("制定《某某市科技创新条例》。《条例》突出政府作用。", "law")
    assert [m.back for m in ms] == [False, True]


# --------------------------------------------------------------------------- meetings, projects


def test_meeting_forms():
    text = ("在区十八届人大三次会议上,县政协十届二次会议以来,区九届人大常委会第十四次会议通过,"
            "学习党的二十大精神,贯彻中央人大工作会议和省委人大工作会议精神,召开区委十一届四次全会。")
    rules = {m.text: m.shape for m in _mentions(text, "meeting")}
    assert rules == {
        "区十八届人大三次会议": "short", "县政协十届二次会议": "short", "区九届人大常委会第十四次会议": "standing",
        "党的二十大": "party_congress", "中央人大工作会议": "work_conference", "省委人大工作会议": "work_conference",
        "区委十一届四次全会": "plenum",
    }


def test_named_events_and_projects():
    text = ("举行“奋进新时代”文艺汇演。视察城东智能制造产业园项目和滨江快速路工程,"
            "推进“千村美丽”工程,对华兴科技、顺达物流等项目进行视察。")
    assert _texts(text, "meeting") == ["“奋进新时代”文艺汇演"]
    projects = {m.name for m in _mentions(text, "project")}
    assert projects == {"城东智能制造产业园项目", "滨江快速路工程", "千村美丽工程", "华兴科技", "顺达物流"}


def test_every_rule_fired_on_the_examples_has_a_rationale():
    """Each rule id a mention or a fact carries is registered with a one-line rationale
    (``rules`` in schema/lexicon.yaml; bench/rule_hits.py prints its hits per corpus)."""
    from pathlib import Path

    from etl.lexicon import rationale
    from etl.pipeline import extract_report

    seen = set()
    for path in sorted((Path(__file__).resolve().parent.parent / "examples" / "reports").glob("*.txt")):
        ex = extract_report(path, LEX)
        seen |= {e.rule for group in (ex.bodies, ex.people, ex.laws, ex.projects, ex.places, ex.meetings,
                                      ex.activities, ex.figures) for item in group for e in item.evidence}
        seen |= {e.rule for p in ex.people for post in p.posts for e in post.evidence}
        seen |= {e.rule for law in ex.laws for a in law.actions for e in a.evidence}
    assert seen
    assert not sorted(r for r in seen if not rationale(LEX, r))
