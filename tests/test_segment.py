"""Headings, sentences and the report's title block, on hand-written snippets."""

from __future__ import annotations

from etl.clean import clean
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.segment import cn_date, is_heading, segment, split_sentences


def _seg(text: str):
    doc = clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text))
    return segment(doc, default_lexicon())


WORK_REPORT = """长沙市岳麓区人民代表大会常务委员会工作报告
——2024年1月9日在长沙市岳麓区第十八届人民代表大会第四次会议上
长沙市岳麓区人大常委会主任 张明华
各位代表：
现在，我代表区人大常委会向大会报告工作，请予审议。
一、坚持党的领导
（一）强化理论武装。全年召开常委会会议八次。听取审议报告十项！
2024年工作安排
2024年，常委会将继续依法履职。
"""


def test_work_report_title_block():
    md = _seg(WORK_REPORT).metadata
    assert md.title == "长沙市岳麓区人民代表大会常务委员会工作报告"
    assert md.subtitle == "2024年1月9日在长沙市岳麓区第十八届人民代表大会第四次会议上"
    assert md.author.name == "张明华" and md.author.role == "主任"
    assert md.author.body == "长沙市岳麓区人大常委会"
    assert md.date == "2024-01-09"
    assert md.genre == "work_report"
    assert md.period == "2023"  # the year before a dated work report


def test_headings_and_sentences():
    seg = _seg(WORK_REPORT)
    headings = [(s.level, s.heading) for s in seg.sections]
    assert (1, "一、坚持党的领导") in headings
    assert any(level == 2 and h.startswith("(一)强化理论武装") for level, h in headings)
    texts = [s.text for s in seg.sentences]
    assert "全年召开常委会会议八次。" in texts
    assert "听取审议报告十项!" in texts


def test_title_block_set_after_the_text_and_captions():
    text = ("县政协委员在田间调研。\n\n2023年，县政协围绕中心工作协商议政，成效明显。\n\n"
            "2024年，县政协将继续努力。\n\n同心同行 共谱新篇\n\n——写在政协松阳县第十届委员会第三次会议召开之际\n\n本报记者 李文静\n")
    md = _seg(text).metadata
    assert md.title == "同心同行 共谱新篇"
    assert md.subtitle == "写在政协松阳县第十届委员会第三次会议召开之际"
    assert md.author.name == "李文静" and md.author.role == "记者"
    assert md.date is None  # no date in the title block
    assert md.genre == "review_article"
    assert md.period == "2023"  # the year before the one the text looks ahead to


def test_year_in_the_subtitle_is_the_period():
    md = _seg("以实干践初心\n——城关区人大常委会2022年工作综述\n2022年，常委会依法履职。\n").metadata
    assert md.period == "2022" and md.genre == "review_article"


def test_chinese_dates():
    assert cn_date("2023年1月8日在") == "2023-01-08"
    assert cn_date("2023年13月8日") is None
    assert cn_date("没有日期") is None


def test_is_heading_and_split_sentences():
    assert is_heading("三、加强自身建设") == 1
    assert is_heading("(二)依法开展监督") == 2
    assert is_heading("全年召开会议八次,听取报告十项,开展执法检查三次,推动问题整改落实到位。") is None
    text = "第一句。第二句!第三句"
    assert [text[a:b] for a, b in split_sentences(text, 0, len(text))] == ["第一句。", "第二句!", "第三句"]
