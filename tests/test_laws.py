"""Laws and law actions on hand-written sentences: the national law list (etl/lawbook.py), bare
law names and their short forms, bare objects of law-making verbs, list shapes and verbs."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import lawbook
from etl.clean import clean
from etl.lexicon import default_lexicon, load_lexicon
from etl.annotation import gold_law_actions
from etl.models import LawAction, SourceDocument
from etl.pipeline import extract_document
from etl.recognize import recognize
from etl.segment import segment

LEX = default_lexicon()
#: A lexicon whose national law list is a few made-up titles: the tests do not need ../shared.
LISTED = ["青山保护法", "中华人民共和国青山保护法", "绿水条例"]
BOOK = LEX.model_copy(update={"national_laws": LISTED, "digest": "test-laws-" + LEX.digest})
HEAD = """芜湖市镜湖区人民代表大会常务委员会工作报告
——2024年1月10日在芜湖市镜湖区第五届人民代表大会第三次会议上
各位代表:
"""
COMMITTEE = "芜湖市镜湖区人大常委会"
TSV = "title\tlevel\tcategory\tpublished\texpired\n"


def _source(text: str) -> SourceDocument:
    return SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)


def _laws(text: str, lex=BOOK) -> dict[str, str]:
    """Law mentions: text → rule."""
    seg = segment(clean(_source(text)), lex)
    return {m.text: m.rule for m in recognize(seg, lex) if m.kind == "law"}


def _actions(body: str, lex=BOOK) -> dict[str, set[tuple[str, str | None]]]:
    ex = extract_document(_source(HEAD + body), lex)
    return {law.name: {(a.action, a.body) for a in law.actions} for law in ex.laws}


# --------------------------------------------------------------------------- the law list


def _write(tmp_path: Path, rows: str, name: str = "laws.tsv") -> Path:
    p = tmp_path / name
    p.write_text(TSV + rows, encoding="utf-8")
    return p


def test_the_list_gives_titles_full_forms_and_codes(tmp_path, monkeypatch):
    p = _write(tmp_path, "海岛保护法\t法律\t行政法\t2020-01-01\t0\n民法典 物权编\t法律\t民法商法\t2020-05-28\t0\n"
                         "港口条例（试行）\t行政法规\t行政法规\t2001-01-01\t1\n办案攻略\t其他\t其他\t\t0\n")
    monkeypatch.setenv(lawbook.ENV, str(p))
    forms = lawbook.written_forms()
    assert "海岛保护法" in forms and "中华人民共和国海岛保护法" in forms
    assert "民法典" in forms and "民法典 物权编" not in forms  # a part of the code is cited as the code
    assert "港口条例(试行)" in forms and "中华人民共和国港口条例(试行)" in forms  # NFKC; regulations too
    assert "办案攻略" not in forms and "中华人民共和国办案攻略" not in forms  # level 其他 is no normative document


def test_the_list_digest_enters_the_lexicon_digest(tmp_path, monkeypatch):
    monkeypatch.setenv(lawbook.ENV, str(_write(tmp_path, "海岛保护法\t法律\t行政法\t\t0\n", "a.tsv")))
    first = load_lexicon()
    monkeypatch.setenv(lawbook.ENV, str(_write(tmp_path, "港口管理法\t法律\t行政法\t\t0\n", "b.tsv")))
    second = load_lexicon()
    assert first.digest != second.digest
    assert "海岛保护法" in first.national_laws and "港口管理法" in second.national_laws


def test_without_a_list_the_lexicon_known_laws_still_work(tmp_path, monkeypatch):
    monkeypatch.setenv(lawbook.ENV, str(tmp_path / "missing.tsv"))
    monkeypatch.setattr(lawbook, "DEFAULT", tmp_path / "also-missing.tsv")
    assert lawbook.list_path() is None and lawbook.national_laws() == () and lawbook.digest() == "absent"
    lex = load_lexicon()
    assert lex.national_laws == []
    laws = _laws("认真贯彻实施宪法和监督法。", lex.model_copy(update={"digest": "test-nolist"}))
    assert laws == {"宪法": "law.known", "监督法": "law.known"}


@pytest.mark.skipif(lawbook.list_path() is None, reason="the national law list (../shared/data) is absent")
def test_the_shared_list_reads_and_finds_laws_bare():
    titles = dict(lawbook.national_laws())
    assert len(titles) > 1000 and titles.get("立法法") == "法律"
    assert "中华人民共和国立法法" in LEX.national_laws and "民法典" in LEX.national_laws
    laws = _laws("认真落实招标投标法,依照中华人民共和国立法法开展工作。", LEX)
    assert laws == {"招标投标法": "law.listed", "中华人民共和国立法法": "law.listed"}


# --------------------------------------------------------------------------- bare names


def test_listed_names_are_found_bare_after_a_lead_word():
    laws = _laws("学习宣传青山保护法,贯彻绿水条例,依照中华人民共和国青山保护法办事。")
    assert laws == {"青山保护法": "law.listed", "绿水条例": "law.listed", "中华人民共和国青山保护法": "law.listed"}


def test_a_listed_short_name_inside_a_longer_word_is_no_law():
    assert _laws("宣传城乡青山保护法规。") == {}  # 法规 follows: not the law
    assert "青山保护法" not in _laws("开展城乡青山保护法治宣传,学习乡村青山保护法。")


# --------------------------------------------------------------------------- bare objects of law-making verbs


def test_bare_objects_of_law_making_verbs_are_titles():
    laws = _laws("常委会修改海岛保护法、港口管理法,审议湿地修复法草案和河道管理法修订草案并提请大会审议。"
                 "编纂生态环境法典。作出关于开展法治宣传教育的决议。")
    assert laws == {"海岛保护法": "law.object", "港口管理法": "law.object", "湿地修复法草案": "law.object",
                    "河道管理法修订草案": "law.object", "生态环境法典": "law.object",
                    "关于开展法治宣传教育的决议": "law.object"}


@pytest.mark.parametrize("text", ["制定相关办法。", "制定了对接合作实施方案。", "贯彻修订后的港口管理法。",
                                  "修改完善立法。", "制定一些规章条例。", "作出重要规定。"])
def test_generic_objects_are_no_titles(text):
    assert not any(rule == "law.object" for rule in _laws(text).values())


def test_an_opinion_is_a_title_when_it_names_its_topic():
    assert _laws("制定发挥委员界别作用的意见。") == {"发挥委员界别作用的意见": "law.object"}


# --------------------------------------------------------------------------- actions


def test_a_verb_governs_a_run_of_bare_titles():
    acts = _actions("常委会修改海岛保护法、港口管理法,审议湿地修复法草案并提请大会审议。审议通过绿水条例。\n")
    assert acts["海岛保护法"] == acts["港口管理法"] == {("amended", COMMITTEE)}
    assert acts["湿地修复法草案"] == {("deliberated", COMMITTEE)}
    assert acts["绿水条例"] == {("passed", COMMITTEE)}


def test_a_counted_list_before_a_colon_gives_its_verb_to_the_titles():
    acts = _actions("常委会共制定地方性法规2件:《芜湖市古城保护条例》《芜湖市养犬管理条例》。"
                    "审议通过决定决议2项:《关于A事项的决定》、《关于B事项的决议》。\n")
    assert acts["芜湖市古城保护条例"] == acts["芜湖市养犬管理条例"] == {("enacted", COMMITTEE)}
    assert acts["关于A事项的决定"] == acts["关于B事项的决议"] == {("passed", COMMITTEE)}


@pytest.mark.parametrize("verb, action", [("贯彻实施", "implemented"), ("依照", "based_on"), ("宣传", "publicised"),
                                          ("推动", "promoted"), ("维护", "upheld"), ("适用", "applied")])
def test_verbs_beyond_making_have_their_own_kind(verb, action):
    assert _actions(f"常委会{verb}《芜湖市古城保护条例》。\n")["芜湖市古城保护条例"] == {(action, COMMITTEE)}


def test_a_law_named_without_a_verb_is_cited_and_a_new_amendment_is_an_attribute():
    acts = _actions("《芜湖市古城保护条例》施行一年来成效明显。全面贯彻新修改的青山保护法。\n")
    assert acts["芜湖市古城保护条例"] == {("cited", COMMITTEE)}
    assert acts["青山保护法"] == {("implemented", COMMITTEE)}


def test_the_gold_view_folds_narrower_kinds_into_other():
    acts = (LawAction(action="implemented", body="A"), LawAction(action="publicised", body="A"),
            LawAction(action="cited", body="B"), LawAction(action="enacted", body="C"),
            LawAction(action="implemented", body="C"))
    assert {(a.action, a.body) for a in gold_law_actions(acts)} == {("other", "A"), ("other", "B"), ("enacted", "C")}


def test_a_law_in_the_stock_phrase_of_powers_is_named_without_an_action():
    acts = _actions("常委会切实履行宪法和法律赋予的职责。\n")
    assert acts["宪法"] == set()


def test_an_action_in_the_plan_is_planned():
    acts = _actions("2024年工作安排\n常委会将制定《芜湖市古城保护条例》。\n")
    assert acts["芜湖市古城保护条例"] == {("planned", COMMITTEE)}


def test_a_title_split_by_a_layout_line_break_is_one_title():
    assert _laws("认真贯彻《\n芜湖市古城保护条例\n》,依法办事。") == {"芜湖市古城保护条例": "law.guillemets"}


def test_an_inspection_of_bare_laws_in_a_list():
    acts = _actions("常委会检查海岛保护法、港口管理法等2件法律的实施情况。检查河道管理法实施情况。\n")
    assert acts["海岛保护法"] == acts["港口管理法"] == acts["河道管理法"] == {("inspected", COMMITTEE)}


def test_a_run_of_titles_goes_through_a_book_title():
    acts = _actions("常委会修订《芜湖市古城保护条例》、《古城保护读本》和《芜湖市养犬管理条例》。\n")
    assert acts["芜湖市养犬管理条例"] == {("revised", COMMITTEE)}


def test_of_verbs_written_together_the_last_acts_and_listed_verbs_each_act():
    acts = _actions("常委会学习贯彻《芜湖市古城保护条例》。先后制定、修订了《芜湖市养犬管理条例》。\n")
    assert acts["芜湖市古城保护条例"] == {("implemented", COMMITTEE)}
    assert acts["芜湖市养犬管理条例"] == {("enacted", COMMITTEE), ("revised", COMMITTEE)}


def test_a_law_before_its_implementation_and_an_inspection_is_inspected():
    acts = _actions("常委会对养犬管理条例实施情况执法检查。\n")
    assert acts["养犬管理条例"] == {("inspected", COMMITTEE)}


def test_made_and_put_in_force_is_made():
    acts = _actions("区政府制定实施《芜湖市镜湖区养老服务行动方案》。\n")
    assert {a for a, _ in acts["芜湖市镜湖区养老服务行动方案"]} == {"made"}


def test_a_promoting_verb_governs_the_verb_after_it():
    acts = _actions("区政府推动修订《芜湖市古城保护条例》。\n")
    assert {a for a, _ in acts["芜湖市古城保护条例"]} == {"promoted"}


def test_a_motto_named_by_its_number_of_characters_is_no_law():
    assert "宪法" not in _laws(HEAD + "全面贯彻农业“八字宪法”，推广农业八字宪法的经验。\n")
    assert _laws(HEAD + "认真学习宣传宪法，维护宪法权威。\n").get("宪法") == "law.known"


def test_a_licence_notice_after_the_report_names_no_law():
    laws = _laws(HEAD + "认真学习宣传宪法。\n\n本作品属于公有领域，根据《中华人民共和国著作权法》第五条不适用于该法。\nPublic domain\n")
    assert "中华人民共和国著作权法" not in laws and "宪法" in laws


def test_a_law_making_verb_inside_a_list_of_objects_starts_its_own_object():
    laws = _laws(HEAD + "提请常委会修订市文明行为促进条例、制定市养老服务条例。\n")
    assert "市养老服务条例" in laws and not any(t.startswith("制定") for t in laws)


def test_a_second_verb_with_its_particle_is_not_part_of_the_title():
    laws = _laws(HEAD + "常委会修订公布了市文明行为促进条例。\n")
    assert "市文明行为促进条例" in laws and not any("了" in t for t in laws)


def test_a_plan_described_by_its_topic_is_no_title_but_a_titled_one_is():
    laws = _laws(HEAD + "抓紧制定经济体制改革的总体方案，制定关于推进城市更新的实施方案。\n")
    assert "经济体制改革的总体方案" not in laws
    assert "关于推进城市更新的实施方案" in laws


def test_a_proposal_in_guillemets_is_no_normative_document_a_motion_stays():
    from etl.recognize import finders
    found, _ = finders(LEX).titles.find("委员提交的《关于加快发展乡村物流的提案》获办复,代表提出《关于加强湿地保护的议案》。")
    assert [m.text for m in found] == ["关于加强湿地保护的议案"]


def test_rules_listed_before_a_count_of_their_kind_are_no_titles():
    from etl.recognize import finders
    found, _ = finders(LEX).titles.find("制定修订常委会议事规则、代表工作等制度规范30项。制定青山保护条例。")
    assert [m.text for m in found] == ["青山保护条例"]
