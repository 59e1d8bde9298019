"""Bodies in local reports: courts' short names, a bare 法院 in another body's report, schools,
a registered company, a post title before a name, a standing committee before 委员, and a
party committee's work conference in an autonomous region (hand-written sentences, invented facts)."""

from __future__ import annotations

from etl.lexicon import default_lexicon
from etl.models import ReportExtraction, SourceDocument
from etl.pipeline import extract_document

LEX = default_lexicon()


def _extract(text: str) -> ReportExtraction:
    return extract_document(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text), LEX)


def _bodies(text: str) -> dict[str, str]:
    return {b.name: b.kind for b in _extract(text).bodies}


def test_a_courts_short_name_and_its_party_group():
    names = _bodies("柳州市中级人民法院工作报告\n\n市中院党组召开党组会议22次。市中院受理案件14218件。\n")
    assert names.get("柳州市中级人民法院党组") == "party_committee"
    assert names.get("柳州市中级人民法院") == "court"


def test_a_bare_court_in_a_procuratorates_report_is_courts_in_general():
    names = _bodies("宾川县人民检察院工作报告\n\n对民事审判提出检察建议14件，法院已采纳12件。本院党组召开会议3次。\n")
    assert "宾川县法院" not in names
    assert "宾川县检察院党组" in names
    # carried by a list after a qualified body, it is still that region's
    names = _bodies("济阳区人民代表大会常务委员会工作报告\n\n推动法律实施在区法院、检察院落实。\n")
    assert "济阳区检察院" in names


def test_a_school_after_its_place_and_a_kind_of_school():
    names = _bodies("宾川县人民检察院工作报告\n\n副检察长李振华担任宾川县第一中学法治副校长。推进中小学建设，新建小学3所。\n")
    assert names.get("宾川县第一中学") == "institution"
    assert not any(n.endswith(("小学", "中小学")) for n in names)


def test_a_registered_companys_name_needs_no_verb_before_it():
    names = _bodies("柳州市中级人民法院工作报告\n\n审结涉上汽通用五菱、东风柳州汽车有限公司等企业案件326件。"
                    "支持平煤神马、洛轴等龙头企业发展。\n")
    assert names.get("东风柳州汽车有限公司") == "enterprise"
    assert "平煤神马" not in names and "洛轴" not in names


def test_a_post_title_is_no_level_word_and_a_standing_committee_before_its_members():
    names = _bodies("宾川县人民政府工作报告\n\n县长李明华兼任县人民医院医共体管理委员会主任。县人大常委会委员张三参加调研。\n")
    assert names.get("宾川县人民医院") == "institution"
    assert names.get("宾川县人大常委会") == "standing_committee"
    assert not any("李明华" in n for n in names)


def test_an_autonomous_regions_work_conference_is_its_dangweis():
    ex = _extract("新疆维吾尔自治区人民政府工作报告\n\n按照自治区党委经济工作会议部署要求推进工作。\n")
    assert "新疆维吾尔自治区党委经济工作会议" in {m.name for m in ex.meetings}
