"""Meetings in hand-written sentences: national sessions named in full, local sessions with their
term written with or without 第, CPPCC deliberation meetings."""

from __future__ import annotations

from etl.clean import clean
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.recognize import recognize
from etl.resolve import canonicalize
from etl.segment import segment

LEX = default_lexicon()


def _meetings(text: str) -> dict[str, str]:
    seg = segment(clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)), LEX)
    mentions = recognize(seg, LEX)
    res = canonicalize(seg, mentions, LEX)
    return {m.text: res.names[i][0] for i, m in enumerate(mentions) if m.kind == "meeting" and i in res.names}


def test_national_sessions_are_named_in_full():
    found = _meetings("认真落实十三届全国人大五次会议决议。委员在全国政协十三届五次会议期间提交提案。"
                      "第十三届全国人民代表大会第一次会议选举产生新一届领导人。政协第十三届全国委员会第二次会议闭幕。")
    assert found == {
        "十三届全国人大五次会议": "第十三届全国人民代表大会第五次会议",
        "全国政协十三届五次会议": "中国人民政治协商会议第十三届全国委员会第五次会议",
        "第十三届全国人民代表大会第一次会议": "第十三届全国人民代表大会第一次会议",
        "政协第十三届全国委员会第二次会议": "中国人民政治协商会议第十三届全国委员会第二次会议",
    }


def test_central_committee_plenums_short_and_full():
    found = _meetings("深入学习中共十九届六中全会精神,党的十一届三中全会以来,"
                      "中国共产党第十九届中央委员会第五次全体会议审议通过建议。县委十四届五次全会召开。")
    assert found["中共十九届六中全会"] == "中国共产党第十九届中央委员会第六次全体会议"
    assert found["党的十一届三中全会"] == "中国共产党第十一届中央委员会第三次全体会议"
    assert found["中国共产党第十九届中央委员会第五次全体会议"] == "中国共产党第十九届中央委员会第五次全体会议"
    assert not any(v.startswith("中国共产党第十四届中央") for v in found.values())  # a county's plenum


def test_local_session_term_written_without_di():
    found = _meetings("政府工作报告\n——2024年1月20日在某某省十三届人民代表大会第二次会议上\n"
                      "某某省人大常委会依法履职。在湖北省十四届人民代表大会第三次会议上作报告。\n")
    assert found["湖北省十四届人民代表大会第三次会议"] == "湖北省第十四届人民代表大会第三次会议"


def test_cppcc_deliberation_meeting_with_a_quoted_topic():
    found = _meetings("召开“推进城乡融合发展”专题议政性常委会会议,形成一批成果。")
    assert "推进城乡融合发展专题议政性常委会会议" in found.values()


def test_autonomous_region_plenum_is_its_party_committees():
    found = _meetings("2025年广西壮族自治区政府工作报告\n按照自治区党委十二届十次全会部署,全面落实各项任务。\n")
    assert found["自治区党委十二届十次全会"] == "中共广西壮族自治区党委十二届十次全会"


def test_cppcc_standing_sessions_and_local_party_congresses():
    found = _meetings("政协南漳县第十届委员会常务委员会工作报告\n一年来,县政协召开十届常委会第五次会议,"
                      "在中共南漳县第十四次代表大会精神指引下,县政协常委会第六次会议协商议政。\n")
    assert found["十届常委会第五次会议"].endswith("第十届政协常委会第五次会议")
    assert found["县政协常委会第六次会议"].endswith("政协常委会第六次会议")
    assert found["中共南漳县第十四次代表大会"] == "中国共产党南漳县第十四次代表大会"


def test_national_standing_session_is_no_local_one():
    found = _meetings("长沙市岳麓区人民代表大会常务委员会工作报告\n该条例经十四届全国人大常委会第十次会议通过。"
                      "第十次代表大会后,各项工作有序推进。\n")
    assert found == {}


def test_a_unions_national_committee_is_no_cppcc_session():
    assert _meetings("中华全国总工会第十八届全国委员会第二次会议召开。") == {}


def test_a_forums_session_written_after_it_is_the_meeting():
    found = _meetings("成功举办中拉合作论坛上海峰会,举行东亚合作论坛年会。")
    assert set(found.values()) == {"中拉合作论坛上海峰会", "东亚合作论坛年会"}
