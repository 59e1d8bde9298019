"""Targets listed over sentences that end in ； and a law word inside a noun (立法联系点).
Hand-written snippets (etl/relate/layout.py, etl/relate/cues.py)."""

from __future__ import annotations

from test_activities_actors import GOV_HEAD, acts


def test_targets_listed_after_a_semicolon_are_planned():
    got = acts(GOV_HEAD, "全年改造老旧小区310个;新建学校12所。"
                         "力争地区生产总值增长6%左右;计划新开工项目不少于400个,完成老旧小区改造250个。")
    assert {a[2] for a in got} == {310, 12}


def test_a_law_word_that_makes_a_noun_keeps_no_count_legislation():
    got = acts(GOV_HEAD, "坚持开门立法,设立基层立法联系点12个。")
    assert {(a[0], a[2]) for a in got} == {("other", 12)}
