"""Local genres the development texts barely cover (issue 15): district procuratorates, a county
court, a district government, a city and a county CPPCC, as hand-written excerpts in tests/data/local with
gold by ../shared/gold/README.md. Floors sit just below what extraction reaches; the unit tests
below use short sentences of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import annotate_text

from etl.evaluate import evaluate_corpus

LOCAL = Path(__file__).parent / "data" / "local"

FLOORS = {"bodies": 0.95, "people": 0.95, "laws": 0.95, "projects": 0.6, "places": 0.85, "meetings": 0.95,
          "posts": 0.95, "law_actions": 0.95, "activities": 0.95}
METADATA = 52


@pytest.fixture(scope="module")
def scores() -> dict:
    return evaluate_corpus(LOCAL, LOCAL / "gold")


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_local_genre_floor(scores: dict, kind: str) -> None:
    assert scores["micro"][kind]["f1"] >= FLOORS[kind], scores["micro"][kind]


def test_local_genre_metadata(scores: dict) -> None:
    assert scores["micro"]["metadata"]["correct"] >= METADATA, scores["micro"]["metadata"]


_extract = annotate_text


HEAD = "{title}\n——2026年1月8日在{at}第五届人民代表大会第三次会议上\n{speaker}\n各位代表：\n现在，我代表{own}向大会报告工作，请予审议。\n"


def test_session_resolution_is_a_law(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="平江县人民法院工作报告", at="平江县", speaker="平江县人民法院院长 钟国庆",
                                       own="县人民法院") + "全年认真落实县五届人大二次会议决议，审结案件300件。\n")
    laws = {x.name: x for x in a.laws}
    assert "县五届人大二次会议决议" in laws
    assert laws["县五届人大二次会议决议"].kind == "resolution"


def test_session_deciding_is_no_law(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="平江县人民法院工作报告", at="平江县", speaker="平江县人民法院院长 钟国庆",
                                       own="县人民法院") + "经县五届人大常委会第九次会议决定，任命审判员3名。\n")
    assert not [x for x in a.laws if "会议决定" in x.name]


def test_counted_event_is_no_meeting(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="政协平江县委员会常务委员会工作报告", at="政协平江县", speaker="政协平江县委员会主席 钟国庆",
                                       own="常务委员会") + "召开党外人士座谈会5次，组织“同心助企”恳谈会3场，举办“乡村振兴”专题协商会。\n")
    names = {m.name for m in a.meetings}
    assert not any("座谈会" in n or "恳谈会" in n for n in names)
    assert any("专题协商会" in n for n in names)


def test_people_of_local_courts(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="平江县人民法院工作报告", at="平江县", speaker="平江县人民法院代院长 钟国庆",
                                       own="县人民法院")
                 + "邀请相关部门负责同志座谈。县人民检察院检察长邓文辉列席审判委员会会议2次。\n")
    people = {p.name: {(q.post, q.body) for q in p.posts} for p in a.people}
    assert ("代院长", "平江县法院") in people["钟国庆"]
    assert ("检察长", "平江县检察院") in people["邓文辉"]
    assert not [n for n in people if "负责" in n]
    assert a.metadata.author is not None and a.metadata.author.role == "代院长"


def test_municipal_district_keeps_its_city(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="渝中区人民检察院工作报告", at="重庆市渝中区", speaker="重庆市渝中区人民检察院检察长 钟国庆",
                                       own="区人民检察院") + "全年批准逮捕犯罪嫌疑人120人。\n")
    assert a.metadata.region == "重庆市渝中区"
    assert a.metadata.issuing_body == "重庆市渝中区检察院"
    assert a.metadata.meeting == "重庆市渝中区第五届人民代表大会第三次会议"


def test_one_character_county_is_the_region(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="政府工作报告", at="沛县", speaker="县长 钟国庆", own="县人民政府")
                 + "过去一年，在县委坚强领导下，新建学校5所。\n")
    assert a.metadata.region == "沛县"
    assert a.metadata.issuing_body == "沛县政府"
    assert a.metadata.meeting == "沛县第五届人民代表大会第三次会议"


def test_local_history_series_is_media(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="政协平江县委员会常务委员会工作报告", at="政协平江县", speaker="政协平江县委员会主席 钟国庆",
                                       own="常务委员会") + "编辑出版《平江文史资料》第十二辑。\n")
    assert [b.kind for b in a.bodies if b.name == "平江文史资料"] == ["media"]
    assert not [x for x in a.laws if "文史" in x.name]


def test_delivery_line_broken_inside_the_session(tmp_path: Path) -> None:
    a = _extract(tmp_path, "平江县人民检察院工作报告\n——2026年1月8日在平江县第五届\n人民代表大会第三次会议上\n"
                           "平江县人民检察院检察长 钟国庆\n各位代表：\n现在，我代表县人民检察院向大会报告工作，请予审议。\n"
                           "全年批准逮捕犯罪嫌疑人120人。\n")
    assert a.metadata.meeting == "平江县第五届人民代表大会第三次会议"
    assert [m.date for m in a.meetings if m.name == a.metadata.meeting] == ["2026-01-08"]


def test_court_staff_titles_lead_names(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="平江县人民法院工作报告", at="平江县", speaker="平江县人民法院院长 钟国庆",
                                       own="县人民法院") + "法官助理陈浩被评为全省优秀法官助理，人民陪审员邓文辉参与审理案件86件。\n")
    names = {p.name for p in a.people}
    assert {"陈浩", "邓文辉"} <= names


def test_cppcc_session_with_the_term_first(tmp_path: Path) -> None:
    a = _extract(tmp_path, "政协第十一届平江县委员会常务委员会工作报告\n——2026年1月7日在政协第十一届平江县委员会第五次会议上\n"
                           "政协平江县委员会主席 钟国庆\n各位委员：\n我受常务委员会委托，向大会报告工作，请予审议。\n"
                           "一年来，召开常委会会议4次。\n")
    assert a.metadata.meeting == "政协第十一届平江县委员会第五次会议"
    assert [m.date for m in a.meetings if m.name == a.metadata.meeting] == ["2026-01-07"]


def test_speaker_title_with_a_note(tmp_path: Path) -> None:
    a = _extract(tmp_path, "平江县人民代表大会常务委员会工作报告\n——在平江县第五届人民代表大会第三次会议上\n（2026年1月6日）\n"
                           "平江县人大常委会副主任（主持工作）  钟国庆\n各位代表：\n"
                           "受县人民代表大会常务委员会委托，我向大会报告工作，请予审议。\n一年来，召开常委会会议8次。\n")
    assert a.metadata.author is not None
    assert (a.metadata.author.name, a.metadata.author.role) == ("钟国庆", "副主任")
    assert {(q.post, q.body) for p in a.people if p.name == "钟国庆" for q in p.posts} == {("副主任", "平江县人大常委会")}


@pytest.mark.parametrize("speaker_line,role", [("平江县人民检察院党组书记、检察长  钟国庆", "检察长"),
                                               ("县人民检察院检察长 钟 国 庆", "检察长")])
def test_speaker_line_shapes(tmp_path: Path, speaker_line: str, role: str) -> None:
    a = _extract(tmp_path, HEAD.format(title="平江县人民检察院工作报告", at="平江县", speaker=speaker_line,
                                       own="县人民检察院") + "全年批准逮捕犯罪嫌疑人120人。记者 王 明 摄\n")
    assert a.metadata.author is not None
    assert (a.metadata.author.name, a.metadata.author.role) == ("钟国庆", role)
    assert {p.name for p in a.people} == {"钟国庆", "王明"}


def test_work_conferences(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="平江县人民政府工作报告", at="平江县", speaker="县长 钟国庆", own="县人民政府")
                 + "全面贯彻中央经济工作会议和县委经济工作会议精神，学习中央人大工作会议精神。\n")
    names = {m.name for m in a.meetings}
    assert {"中央经济工作会议", "中央人大工作会议"} <= names
    assert any(n.endswith("县委经济工作会议") for n in names)


def test_banner_government(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="政府工作报告", at="准格尔旗", speaker="准格尔旗人民政府旗长 钟国庆",
                                       own="旗人民政府") + "全年新建学校5所。副旗长邓文辉带队调研。\n")
    assert (a.metadata.author.name, a.metadata.author.role) == ("钟国庆", "旗长")
    assert {(q.post, q.body) for p in a.people if p.name == "邓文辉" for q in p.posts} == {("副旗长", "准格尔旗政府")}


def test_names_listed_after_a_staff_title(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="平江县人民法院工作报告", at="平江县", speaker="平江县人民法院院长 钟国庆",
                                       own="县人民法院") + "干警邓文辉、易小兰、彭志坚等3人受到省高级人民法院表彰。\n")
    assert {"邓文辉", "易小兰", "彭志坚"} <= {p.name for p in a.people}


@pytest.mark.parametrize("heading,body", [("一、2021年以来的主要工作", "五年来，批准逮捕犯罪嫌疑人1200人。"),
                                          ("一、县五届人大一次会议以来的工作回顾", "全县检察机关批准逮捕犯罪嫌疑人1200人。")])
def test_term_review_covers_the_term(tmp_path: Path, heading: str, body: str) -> None:
    a = _extract(tmp_path, HEAD.format(title="平江县人民检察院工作报告", at="平江县", speaker="平江县人民检察院检察长 钟国庆",
                                       own="县人民检察院") + f"{heading}\n{body}\n二、今后五年工作建议\n")
    assert a.metadata.period == "2021-2025"


def test_a_later_title_of_another_body_shares_no_body(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="政协平江县委员会常务委员会工作报告", at="政协平江县", speaker="政协平江县委员会主席 钟国庆",
                                       own="常务委员会") + "县政协委员、民建平江县支部主委邓文辉提出提案。\n")
    posts = {(q.post, q.body) for p in a.people if p.name == "邓文辉" for q in p.posts}
    assert ("政协委员", "平江县政协") in posts
    assert ("主委", "平江县政协") not in posts


def test_one_character_county_opening_the_title(tmp_path: Path) -> None:
    a = _extract(tmp_path, "沛县人民法院工作报告\n——在县第十八届人民代表大会第五次会议上\n院长 钟国庆\n各位代表：\n"
                           "现在，我代表县人民法院，向大会报告工作，请予审议。\n过去一年，在县委领导下，审结案件5000件。\n")
    assert (a.metadata.region, a.metadata.issuing_body) == ("沛县", "沛县法院")
    assert a.metadata.meeting == "沛县第十八届人民代表大会第五次会议"


def test_document_signed_with_a_partner_is_the_reporters(tmp_path: Path) -> None:
    a = _extract(tmp_path, HEAD.format(title="平江县人民检察院工作报告", at="平江县", speaker="平江县人民检察院检察长 钟国庆",
                                       own="县人民检察院") + "与县公安局会签《关于建立侦查监督与协作配合机制的实施意见》。\n")
    law = next(x for x in a.laws if x.name.startswith("关于建立侦查监督"))
    assert [(x.action, x.body) for x in law.actions] == [("made", "平江县检察院")]
