"""Counted things another body did or that are no doing at all: laws the congress made with the
reporting body's help (配合…出台), proposals members put forward, ratios, stocks, results and
listed ordinals. Hand-written snippets (etl/relate/items.py, etl/relate/activities.py)."""

from __future__ import annotations

from test_activities_actors import GOV_HEAD, acts


def test_laws_made_with_the_bodys_help_are_the_congresss():
    got = acts(GOV_HEAD, "配合省人大常委会制定地方性法规12件，制定政府规章9件。")
    assert ("legislation", "湖北省政府", 12, "件") not in got
    assert ("legislation", "湖北省政府", 9, "件") in got


def test_proposals_members_put_forward_are_not_the_governments_but_handled_ones_are():
    got = acts(GOV_HEAD, "政协委员积极建言，提出提案812件。办理省政协提案655件。")
    assert not any(a[2] == 812 for a in got)
    assert ("proposal", "湖北省政府", 655, "件") in got


def test_ratios_stocks_and_results_are_no_doing():
    got = acts(GOV_HEAD, "每万名老人配备护理员35名。已设综合保税区11个。实现90多场大型展会零事故。新建公园36个。")
    assert {a[2] for a in got} == {36}


def test_listed_ordinals_count_nothing():
    got = acts(GOV_HEAD, "第三、四批巡视反馈问题全部整改到位。")
    assert not any(a[2] == 4 for a in got)
