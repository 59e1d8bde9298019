"""A news write-up of a session: the session's quorum, its agenda still to come and the targets the
report sets tell no thing done; a 恳谈活动 is a meeting. Hand-written snippets (schema/lexicon.yaml
activity_rules, etl/relate/layout.py)."""

from __future__ import annotations

from test_activities_actors import GOV_HEAD, acts


def test_a_sessions_quorum_is_no_activity():
    got = acts(GOV_HEAD, "会议应到代表500名,实到486名,符合法定人数。全年新建学校12所。")
    assert {a[2] for a in got} == {12}


def test_a_sessions_agenda_still_to_come_is_no_activity():
    got = acts(GOV_HEAD, "本次会议会期4天,共安排3次全体会议,将选举产生省监察委员会主任,审议通过关于政府工作报告的决议等5项决议。"
                         "全年召开省政府常务会议24次。")
    assert {(a[0], a[2]) for a in got} == {("meeting_other", 24)}


def test_targets_the_report_sets_are_planned():
    got = acts(GOV_HEAD, "全年改造老旧小区310个;新建学校12所。"
                         "今年的主要预期目标是:地区生产总值增长6%左右;计划新开工项目不少于400个,完成老旧小区改造250个。")
    assert {a[2] for a in got} == {310, 12}


def test_a_talk_with_firms_is_a_meeting():
    got = acts(GOV_HEAD, "组织政企恳谈活动10场。")
    assert {(a[0], a[2]) for a in got} == {("meeting_other", 10)}

