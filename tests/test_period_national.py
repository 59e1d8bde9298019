"""An undated national work report dates itself by the NPC session it reports to."""

from __future__ import annotations

from etl.period import _national_session_year


def test_the_session_reported_to_gives_the_year():
    assert _national_session_year("现在，我代表国务院，向第十届全国人民代表大会第一次会议报告过去五年的工作") == 2003
    assert _national_session_year("我代表国务院，向十四届全国人大四次会议报告政府工作") == 2026
    assert _national_session_year("向第六届全国人民代表大会第三次会议报告") == 1985


def test_a_session_only_mentioned_or_before_annual_sessions_gives_none():
    assert _national_session_year("第九届全国人民代表大会第一次会议以来的五年") is None  # not reported to
    assert _national_session_year("向第五届全国人民代表大会第三次会议报告") is None  # sessions were irregular then


def test_a_paragraph_opening_with_the_past_five_years_dates_all_its_facts():
    from etl.lexicon import default_lexicon
    from etl.models import SourceDocument
    from etl.pipeline import extract_document

    text = ("某某省政府工作报告\n——2026年1月20日在某某省第十四届人民代表大会第四次会议上\n"
            "一、2025年和“十四五”时期工作回顾\n"
            "2025年，省政府召开常务会议24次，开展专项督查5次。\n"
            "五年来，我们坚持创新驱动发展。实施省级科技重大专项132项，建成区域医疗中心8个。\n")
    ex = extract_document(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text), default_lexicon())
    periods = {a.count: a.period for a in ex.activities}
    assert periods.get(132) == "2021-2025" and periods.get(8) == "2021-2025", periods
    assert periods.get(24) == "2025", periods
