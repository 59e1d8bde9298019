"""Where entity names start and end: a list item opening with a function word's letter, lists of
kinds of works, branches of a line, adverbs after a post, a law inside another title. Hand-written."""

from __future__ import annotations

from test_projects import _mentions


def _texts(text: str, kind: str = "project") -> list[str]:
    return [m.text for m in _mentions(text, kind)]


def test_a_list_item_opening_with_a_function_words_letter_keeps_it():
    names = _texts("加快推进北港三期、将乐至泰宁铁路、和平至连平高速公路等一批项目建设。")
    assert "将乐至泰宁铁路" in names
    assert "乐至泰宁铁路" not in names


def test_a_list_of_kinds_of_works_counted_is_no_project():
    assert _texts("全市对外铁路、高速公路、水路通道达到12条。") == []
    assert _texts("东西部省际铁路、高速公路、航空航线大幅增加。") == []


def test_a_lines_short_name_with_a_works_verb_keeps_the_verb_last():
    names = [m.name for m in _mentions("加快甬台扩容、金义等5条高速公路建设。")]
    assert "甬台高速公路扩容" in names


def test_a_branch_of_a_line_named_after_its_work_is_no_project():
    names = _texts("引江济淮东线二期工程建成，西线一期配套工程开工。")
    assert not any(n.startswith("西线") for n in names)


def test_a_generic_border_river_bridge_is_no_project():
    assert _texts("推进界河公路大桥建设。") == []


def test_an_adverb_after_a_post_is_no_person():
    assert _texts("工程由项目经理全权负责,主任高度重视。", "person") == []


def test_a_law_inside_the_title_of_its_implementing_rules_is_not_listed():
    assert _texts("认真执行国务院实施民族区域自治法若干规定。", "law") == []
    assert _texts("认真贯彻民族区域自治法。", "law") == ["民族区域自治法"]
