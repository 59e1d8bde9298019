"""An undated national work report dates itself by the NPC session it reports to."""

from __future__ import annotations

from etl.frontmatter import _national_session_year


def test_the_session_reported_to_gives_the_year():
    assert _national_session_year("现在，我代表国务院，向第十届全国人民代表大会第一次会议报告过去五年的工作") == 2003
    assert _national_session_year("我代表国务院，向十四届全国人大四次会议报告政府工作") == 2026
    assert _national_session_year("向第六届全国人民代表大会第三次会议报告") == 1985


def test_a_session_only_mentioned_or_before_annual_sessions_gives_none():
    assert _national_session_year("第九届全国人民代表大会第一次会议以来的五年") is None  # not reported to
    assert _national_session_year("向第五届全国人民代表大会第三次会议报告") is None  # sessions were irregular then
