"""Input shapes the development texts do not show (issue 15): a county media centre's write-up of a
standing committee report with site chrome, a court report excerpt without a title line, a CPPCC
chair's profile page, a procuratorate report naming its city only inside a document title, a town
government's end-of-term report, a report in traditional characters with full-width digits and
mid-word wraps. Hand-written texts in tests/data/shapes with gold by ../shared/gold/README.md
(metadata and entities; activities are not annotated there). Floors sit just below what extraction
reaches; the unit tests below use short sentences of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import annotate_text

from etl.evaluate import evaluate_corpus

SHAPES = Path(__file__).parent / "data" / "shapes"

FLOORS = {"bodies": 0.85, "people": 0.95, "meetings": 0.95, "places": 0.75, "entities": 0.85}
METADATA = 42  # of 42 fields


@pytest.fixture(scope="module")
def scores() -> dict:
    return evaluate_corpus(SHAPES, SHAPES / "gold")


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_shape_floor(scores: dict, kind: str) -> None:
    assert scores["micro"][kind]["f1"] >= FLOORS[kind], scores["micro"][kind]


def test_shape_metadata(scores: dict) -> None:
    wrong = {name: {f: v for f, v in r["metadata"].items() if not v["ok"]} for name, r in scores["details"].items()}
    assert scores["micro"]["metadata"]["correct"] >= METADATA, {k: v for k, v in wrong.items() if v}


def _metadata(tmp_path: Path, text: str):
    return annotate_text(tmp_path, text).metadata


def test_news_write_up_is_other_with_its_speaker(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "区人大常委会工作报告获通过\n"
                   "3月2日，榕江县第十七届人民代表大会第五次会议举行全体会议，听取了县人大常委会主任蒙德才所作的"
                   "县人大常委会工作报告。报告指出，一年来常委会召开会议9次。\n")
    assert md.genre == "other"
    assert md.author and md.author.name == "蒙德才" and md.author.role == "主任"
    assert md.meeting == "榕江县第十七届人民代表大会第五次会议"


def test_profile_by_its_opening_line(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "王某简历\n王晓东，女，回族，1971年5月生，宁夏吴忠人。现任吴忠市政协副主席。\n")
    assert md.genre == "profile"


def test_excerpt_closing_for_review_is_a_work_report_of_the_body_not_its_overseer(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "全年审结案件3200件。本院主动接受鼓楼区人大及其常委会监督，向区人大常委会报告工作2次。\n"
                   "二、2026年工作安排\n2026年，鼓楼区人民法院将继续公正司法。\n以上报告，请予审议。\n")
    assert md.genre == "work_report"
    assert md.issuing_body and md.issuing_body.endswith("法院")


def test_town_report_region_is_the_town(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "乌镇镇人民政府工作报告\n——2026年1月8日在乌镇镇第十七届人民代表大会第五次会议上\n"
                   "镇长 陆晓明\n各位代表：\n现在，我代表镇人民政府向大会报告工作，请予审议。\n"
                   "2025年，在桐乡市委、市政府的坚强领导下，全镇经济平稳增长。\n")
    assert md.region and md.region.endswith("乌镇镇")
    assert md.issuing_body == "乌镇镇政府"


def test_page_fields_and_column_label_are_no_title(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "【人大动态】\n发布日期：2026-01-12  来源：青田县人大常委会办公室\n青田县人大常委会2025年工作回顾\n"
                   "2025年，青田县人大常委会召开常委会会议9次，听取审议专项工作报告18项。\n")
    assert md.title == "青田县人大常委会2025年工作回顾"
    assert md.genre == "review_article"


def test_cppcc_term_before_its_region(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "本报讯（记者 陈晓）1月10日上午，政协第十一届安吉县委员会第五次会议开幕。"
                   "县政协主席沈志明代表政协第十一届安吉县委员会常务委员会向大会报告工作。\n报告指出，县政协共组织协商活动12次。\n")
    assert md.region == "安吉县"
    assert md.issuing_body == "安吉县政协"
    assert md.author and md.author.name == "沈志明"
    assert md.meeting and "第五次会议" in md.meeting


def test_issuer_from_a_title_whose_body_is_not_marked(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "大兴区人民政府工作报告\n——2026年1月6日在北京市大兴区第十八届人民代表大会第六次会议上\n区长 王磊\n"
                   "各位代表：\n一年来，我们全力推动经济发展。\n")
    assert md.issuing_body == "北京市大兴区政府"


def test_the_body_a_report_is_given_to_is_not_its_issuer(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "关于2025年上半年全市法院工作情况的报告\n"
                   "——2025年8月26日在丽水市第五届人民代表大会常务委员会第二十九次会议上\n丽水市中级人民法院院长 陈海鹰\n"
                   "主任、各位副主任、秘书长、各位委员：\n现将今年上半年全市法院工作情况报告如下。\n今年以来，全市法院共受理案件6万件。\n")
    assert md.issuing_body and "法院" in md.issuing_body


def test_region_from_a_cppcc_session_named_term_first(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "工作报告\n——2026年1月7日在政协第十届遂昌县委员会第五次会议上\n各位委员：\n"
                   "一年来，县政协常委会召开常委会议6次，县政协开展视察4次。\n")
    assert md.region == "遂昌县"
    assert md.issuing_body == "遂昌县政协"


def test_written_report_signed_at_its_end(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "关于2025年度法治政府建设情况的报告\n2025年，我们全面推进依法行政。\n一、主要工作\n"
                   "全年制定行政规范性文件6件。\n特此报告。\n\n庆元县人民政府\n2026年1月20日\n")
    assert md.genre == "work_report"
    assert md.date == "2026-01-20"
    assert md.period == "2025"
    assert md.issuing_body == "庆元县政府"


def test_region_from_a_source_line_only(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "县人民检察院工作报告（摘要）\n各位代表：\n2025年，县检察院在县委领导下，共办理案件900件。\n"
                   "（来源：景宁畲族自治县人民检察院）\n")
    assert md.region == "景宁畲族自治县"
    assert md.issuing_body and md.issuing_body.endswith("检察院")


def test_news_of_a_session_opening_names_the_government_report(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "县十八届人大六次会议隆重开幕\n1月7日上午，云和县第十八届人民代表大会第六次会议隆重开幕。"
                   "县长吴小平作政府工作报告。\n报告回顾了2025年工作，提出了2026年目标任务。报告指出，全县经济增长7%。\n")
    assert md.genre == "other"
    assert md.author and md.author.name == "吴小平"
    assert md.issuing_body == "云和县政府"
    assert md.period == "2025"
    assert md.meeting == "云和县第十八届人民代表大会第六次会议"


def test_region_of_a_title_with_its_year_in_front(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "2026年缙云县政府工作报告\n——2026年1月8日在县第十七届人民代表大会第六次会议上\n县长 李明\n"
                   "各位代表：\n现在，我代表县人民政府向大会报告工作。\n一、2025年工作回顾\n全县经济平稳增长。\n")
    assert md.region == "缙云县"
    assert md.issuing_body == "缙云县政府"


def test_a_titled_review_keeps_its_genre_with_a_bio_or_a_report_told_of(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "履职尽责显担当\n——写在遂昌县第十八届人民代表大会第六次会议召开之际\n"
                   "李某，男，汉族，1975年生，县人大代表。报告指出，一年来县人大常委会召开会议8次。\n")
    assert md.genre == "review_article"


def test_a_town_summary_is_not_issued_by_the_county_it_answers_to(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "大柘镇2025年工作总结\n2025年，在遂昌县委、县政府的坚强领导下，大柘镇党委、镇政府团结带领全镇干部群众，"
                   "新建农村公路12公里。\n")
    assert md.region and md.region.endswith("大柘镇")
    assert md.issuing_body and md.issuing_body.startswith("大柘镇")


def test_a_title_wrapped_inside_a_body_name(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "鳳陽縣人民代表大會常務委員\n會工作報告\n——２０２６年１月１２日在鳳陽縣第十八屆人民代表大會第五次會議上\n"
                   "縣人大常委會主任　李德勝\n各位代表：\n　　現在，我受縣人大常委會委託，向大會報告工作，請予審議。\n")
    assert md.title == "凤阳县人民代表大会常务委员会工作报告"
    assert md.date == "2026-01-12"


def test_region_from_a_source_label_and_its_value_on_two_lines(tmp_path: Path) -> None:
    md = _metadata(tmp_path, "首页 > 工作动态\n来源：\n松阳县人民法院\n法院工作报告\n各位代表：\n"
                   "2025年，县法院共受理案件8000件，审结7900件。\n")
    assert md.region == "松阳县"
    assert md.issuing_body and md.issuing_body.endswith("法院")
