"""Entities that are only part of another word or name: a works suffix inside 工程师 or 工程技术
(no project ends there), a place that starts a sports team's name (no place). Hand-written sentences."""

from __future__ import annotations

from etl.clean import clean
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.recognize import recognize
from etl.segment import segment

LEX = default_lexicon()


def _mentions(text: str, kind: str):
    seg = segment(clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)), LEX)
    return [m for m in recognize(seg, LEX) if m.kind == kind]


def test_an_engineer_or_engineering_technology_ends_no_project():
    text = "湖南大学国家卓越工程师学院培养学生三千人。组建光谷先进制造工程技术研究中心。"
    assert [m.name for m in _mentions(text, "project")] == []


def test_a_works_suffix_still_ends_a_named_project():
    names = [m.name for m in _mentions("加快建设引江补汉工程。", "project")]
    assert names == ["引江补汉工程"]


def test_a_place_that_starts_a_teams_name_is_no_place():
    text = "江苏省支持体育事业，苏州东吴足球队升入中超，南京凤凰篮球俱乐部成绩提升。"
    assert [m.full for m in _mentions(text, "place")] == ["江苏省"]


def test_a_place_before_other_words_stays_a_place():
    text = "江苏省支持苏州、南京建设体育中心城市。"
    assert [m.full for m in _mentions(text, "place")] == ["江苏省", "苏州市", "南京市"]
