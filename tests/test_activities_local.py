"""Local reports (district, county and city 人大常委会, 政协, 法院, 检察院, 政府): the shapes their
counts take and the bodies they belong to. Hand-written snippets."""

from __future__ import annotations

from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document


def head(title: str, speaker: str = "现在,我向大会报告工作,请予审议。") -> str:
    return f"{title}\n——2024年1月10日在青阳县第十八届人民代表大会第三次会议上\n各位代表:\n{speaker}\n一、2023年工作回顾\n"


def extract(text: str):
    src = SourceDocument(path="local.txt", name="local", sha256="0" * 64, source=text)
    return extract_document(src, default_lexicon())


def acts(ex) -> set[tuple]:
    return {(a.type, a.body, a.count, a.unit) for a in ex.activities}


def test_a_body_only_the_title_names_keeps_its_activities_with_the_title_as_evidence():
    ex = extract(head("青阳县人民法院工作报告") + "全年共受理各类案件5321件,审结5102件。\n")
    assert {("other", "青阳县法院", 5321, "件"), ("other", "青阳县法院", 5102, "件")} <= acts(ex)
    court = next(b for b in ex.bodies if b.name == "青阳县法院")
    assert court.kind == "court" and court.evidence


def test_a_national_report_that_never_names_the_state_council_still_acts_for_it():
    ex = extract("政府工作报告\n各位代表:\n现在,我向大会作政府工作报告,请予审议。\n一、过去一年的工作\n"
                 "我们开展安全生产大检查5次,组织专项督查12次。\n")
    assert {a.body for a in ex.activities} == {"国务院"}
    assert next(b for b in ex.bodies if b.name == "国务院").kind == "government"


def test_standing_committee_counts_and_the_congress_that_deputies_suggestions_belong_to():
    ex = extract(head("青阳县人民代表大会常务委员会工作报告", "现在,我代表县人大常委会向大会报告工作,请予审议。")
                 + "召开常委会会议8次,审议议案12件,听取和审议专项工作报告15个,开展执法检查3次,组织视察调研11次。"
                 "办理代表建议86件。\n")
    got = acts(ex)
    assert {("meeting_standing_committee", "青阳县人大常委会", 8, "次"), ("suggestion", "青阳县人大", 12, "件"),
            ("hearing_report", "青阳县人大常委会", 15, "个"),
            ("law_enforcement_inspection", "青阳县人大常委会", 3, "次"),
            ("inspection", "青阳县人大常委会", 11, "次"), ("suggestion", "青阳县人大", 86, "件")} <= got
    assert {"青阳县人大", "青阳县人大常委会"} <= {b.name for b in ex.bodies}


def test_cppcc_proposals_consultations_and_inspections_are_the_cppccs():
    ex = extract(head("政协青阳县委员会常务委员会工作报告", "我代表政协青阳县委员会常务委员会,向大会报告工作,请予审议。")
                 + "全年共收到提案215件,立案198件。组织专题协商6次,开展视察调研18次。\n")
    assert {("proposal", "青阳县政协", 215, "件"), ("proposal", "青阳县政协", 198, "件"),
            ("consultation", "青阳县政协", 6, "次"), ("inspection", "青阳县政协", 18, "次")} <= acts(ex)


def test_a_procuratorate_counts_arrests_and_prosecutions():
    ex = extract(head("青阳县人民检察院工作报告") + "批准逮捕犯罪嫌疑人132人,提起公诉298人。办理公益诉讼案件45件。\n")
    assert {("other", "青阳县检察院", 132, "人"), ("other", "青阳县检察院", 298, "人"),
            ("other", "青阳县检察院", 45, "件")} <= acts(ex)
