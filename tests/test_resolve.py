"""Canonical names and report metadata, on a hand-written report (invented people and works)."""

from __future__ import annotations

import pytest

from etl.clean import clean
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.recognize import recognize
from etl.resolve import canonicalize, finish_metadata, qualify_region
from etl.segment import segment

LEX = default_lexicon()

REPORT = """长沙市岳麓区人民代表大会常务委员会工作报告
——2024年1月9日在长沙市岳麓区第十八届人民代表大会第四次会议上
长沙市岳麓区人大常委会主任 张明华
各位代表：
2023年，岳麓区人大常委会在中共长沙市岳麓区委领导下依法履职。区人大常委会全年召开常委会会议八次，常委会党组召开会议十二次。区十八届人大三次会议确定的任务全面完成。
认真贯彻中央人大工作会议和省委、市委人大工作会议精神，向区委请示报告重要事项。听取审议区政府、区法院和区检察院的报告，对区自然资源局开展工作评议。
对《中华人民共和国消防法》开展执法检查，督促落实消防法。制定《岳麓区人大常委会规范性文件备案审查办法》，《办法》明确了审查程序。
组织代表走进桔子洲街道和望岳街道银杉社区调研，帮助银杉社区解决停车难题。市人大常委会在岳麓区召开立法座谈会。
副主任陈建国带队视察岳麓智能制造产业园项目。区人大代表孙丽提出的建议已办结。
"""


@pytest.fixture(scope="module")
def resolved():
    seg = segment(clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=REPORT)), LEX)
    mentions = recognize(seg, LEX)
    res = canonicalize(seg, mentions, LEX)
    names: dict[str, set[str]] = {}
    for i, m in enumerate(mentions):
        if i in res.names:
            names.setdefault(m.kind, set()).add(res.names[i][0])
    return seg, mentions, res, names


def test_context_region_and_levels(resolved):
    _seg, _m, res, _n = resolved
    ctx = res.ctx
    assert ctx.region == "长沙市岳麓区"  # as the report writes it, city included
    assert ctx.levels["city"] == "长沙市" and ctx.levels["province"] == "湖南省"
    assert ctx.own_kind == "standing_committee"
    assert qualify_region("岳麓区", ctx, LEX) == "长沙市岳麓区"
    assert qualify_region("岳麓", ctx, LEX) == "长沙市岳麓区"


def test_body_names_are_region_qualified(resolved):
    names = resolved[3]["body"]
    assert {"长沙市岳麓区人大常委会", "长沙市岳麓区人大常委会党组", "长沙市岳麓区委", "长沙市岳麓区政府",
            "长沙市岳麓区法院", "长沙市岳麓区检察院", "长沙市岳麓区自然资源局", "长沙市人大常委会"} <= names
    assert not any(n.startswith(("区", "市")) for n in names)


def test_body_hierarchy(resolved):
    res = resolved[2]
    assert res.parents["长沙市岳麓区人大常委会党组"] == "长沙市岳麓区人大常委会"
    assert res.parents["长沙市岳麓区自然资源局"] == "长沙市岳麓区政府"


def test_meetings_are_expanded_and_merged(resolved):
    names = resolved[3]["meeting"]
    assert "长沙市岳麓区第十八届人民代表大会第三次会议" in names  # from 区十八届人大三次会议
    assert "长沙市岳麓区第十八届人民代表大会第四次会议" in names
    assert "中央人大工作会议" in names and "长沙市委人大工作会议" in names


def test_laws_fold_back_references_and_short_citations(resolved):
    names = resolved[3]["law"]
    assert names == {"中华人民共和国消防法", "岳麓区人大常委会规范性文件备案审查办法"}


def test_places_take_the_longest_chain(resolved):
    names = resolved[3]["place"]
    assert "长沙市岳麓区望岳街道银杉社区" in names  # the bare 银杉社区 joins it
    assert "长沙市岳麓区桔子洲街道" in names
    assert {"长沙市", "长沙市岳麓区"} <= names


def test_metadata(resolved):
    seg, mentions, res, _ = resolved
    md = finish_metadata(seg, mentions, res, LEX)
    assert md.region == "长沙市岳麓区"
    assert md.issuing_body == "长沙市岳麓区人大常委会"
    assert md.meeting == "长沙市岳麓区第十八届人民代表大会第四次会议"
    assert md.author.body == "长沙市岳麓区人大常委会"
    assert md.period == "2023"


def test_region_written_without_its_city_stays_short():
    text = "以实干践初心\n——雨花区人大常委会2023年工作综述\n雨花区人大常委会在区委领导下工作,长沙发展很快。\n"
    seg = segment(clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)), LEX)
    mentions = recognize(seg, LEX)
    res = canonicalize(seg, mentions, LEX)
    assert res.ctx.region == "雨花区"
    assert res.ctx.full_region == "长沙市雨花区"  # the metadata completes the city the text names
    bodies = {res.names[i][0] for i, m in enumerate(mentions) if m.kind == "body" and i in res.names}
    assert bodies == {"雨花区人大常委会", "雨花区委"}
