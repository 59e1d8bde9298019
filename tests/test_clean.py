"""Layout clean-up on small hand-written snippets, and its offset guarantees (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.clean import clean, normalize_chars, undouble_spans
from etl.models import SourceDocument


def _clean(text: str):
    return clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text))


def _paras(text: str) -> list[str]:
    return _clean(text).text.split("\n")


def _assert_maps_back(doc) -> None:
    norm = normalize_chars(doc.source.replace("\r\n", " \n").replace("\r", "\n"))
    for i, ch in enumerate(doc.text):
        if ch != "\n":
            assert norm[doc.offsets.to_source(i)] == ch


# --------------------------------------------------------------------------- hard wraps

WRAPPED = (
    "过去一年，县人大常委会坚持党的领导，\n\n依法履行监督职责，全年召开常委会会议\n\n"
    "九次，听取审议专项工作报告十五项，开\n\n展执法检查三次，视察调研十二次，任免\n\n"
    "国家机关工作人员三十人次。\n\n"
) * 5 + "二、加强代表工作\n\n县人大常委会组织代表开展活动，密切联系\n\n群众，收集意见建议八十条。\n"


def test_hard_wrapped_lines_are_joined_into_paragraphs():
    paras = _paras(WRAPPED)
    assert paras[0].startswith("过去一年,县人大常委会坚持党的领导,依法履行监督职责,全年召开常委会会议九次")
    assert paras[0].endswith("任免国家机关工作人员三十人次。")
    assert "二、加强代表工作" in paras  # a numbered heading stands alone
    assert paras[-1] == "县人大常委会组织代表开展活动,密切联系群众,收集意见建议八十条。"


def test_joined_text_maps_back_to_the_source():
    _assert_maps_back(_clean(WRAPPED))


# --------------------------------------------------------------------------- doubled headings


def test_undouble_side_by_side_and_with_space():
    assert undouble_spans("依法履职显担当依法履职显担当") == [(0, 7)]
    assert undouble_spans("依法履职 显担当依法履职 显担当") is not None
    assert undouble_spans("依法履职显担当") is None


def test_undouble_one_copy_inside_the_other():
    # H[:k] + H + H[k:]: the copy in the middle is kept
    line = "同心协力" + "同心协力共创未来" + "共创未来"
    a, b = undouble_spans(line)[0]
    assert line[a:b] == "同心协力共创未来"


def test_undouble_word_by_word():
    line = "春风化雨春风化雨 砥砺前行砥砺前行"
    kept = "".join(line[a:b] for a, b in undouble_spans(line))
    assert kept == "春风化雨 砥砺前行"


def test_doubled_headings_are_read_once():
    text = "稳中求进稳中求进\n\n全年完成各项任务。\n\n——写在县第五届人民代表大会第三次会议召开之际写在县第五届人民代表大会第三次会议召开之际\n"
    doc = _clean(text)
    paras = doc.text.split("\n")
    assert paras[0] == "稳中求进"
    assert paras[2].endswith("写在县第五届人民代表大会第三次会议召开之际")
    assert paras[2].count("写在") == 1
    assert {r for _, _, r in doc.dropped} == {"doubled heading"}
    _assert_maps_back(doc)


# --------------------------------------------------------------------------- captions, repeats, debris


def test_caption_marker_is_dropped_and_caption_stands_alone():
    text = "县人大常委会视察城南污水处理厂。（资料图片）\n县人大常委会听取审议报告。\n"
    doc = _clean(text)
    assert doc.text.split("\n") == ["县人大常委会视察城南污水处理厂。", "县人大常委会听取审议报告。"]
    assert any(r == "caption marker" for _, _, r in doc.dropped)


def test_repeated_paragraphs_and_sentences_are_read_once():
    para = "县人大常委会全年召开常委会会议八次,听取审议专项工作报告十二项。"
    text = f"{para}\n\n另起一段,开展执法检查四次,收集意见建议三十条。\n\n{para}\n\n{para}县政府积极落实审议意见,整改到位。\n"
    doc = _clean(text)
    assert doc.text.count("听取审议专项工作报告十二项") == 1
    assert "县政府积极落实审议意见,整改到位。" in doc.text
    assert sum(1 for _, _, r in doc.dropped if r == "repeated sentence") == 2


def test_stray_latin_words_are_dropped_but_acronyms_kept():
    doc = _clean("县人大常委会and持续加强GDP统计监督。\n")
    assert doc.text == "县人大常委会持续加强GDP统计监督。"


def test_paragraph_broken_by_the_layout_is_joined_across_a_caption():
    text = ("县人大常委会组织代表深入基层开展调研,走访群众三百余户,收集到群众反映的意见建议五十条,交县政府有关部门\n\n\n\n"
            "县人大代表在田间调研。\n\n"
            "办理,目前已全部办结。\n\n下一段落另起一行。\n")
    doc = _clean(text)
    paras = doc.text.split("\n")
    assert paras[0].endswith("交县政府有关部门办理,目前已全部办结。")
    assert "县人大代表在田间调研。" in paras
    _assert_maps_back(doc)


def test_interleaved_column_fragments_are_put_back_in_reading_order():
    # two broken paragraphs whose continuations are swapped by the layout
    words = "县政协组织委员开展专题协商议政活动,围绕乡村振兴提出建议,推动解决群众关心的实际问题。" * 3
    text = (
        f"{words}\n\n第一段讲述协商工作,委员们深入调研,形成调研报告,提交县委县政\n\n\n\n图片说明一。\n\n"
        "验,取得良好效果。\n\n"
        f"第二段讲述提案工作,委员们积极建言,总结经\n\n\n\n图片说明二。\n\n"
        "府参考,得到批示。\n\n"
        f"第三段讲述监督工作,持续跟踪落实,督促有关部门整改,推动县委县政\n\n\n\n图片说明三。\n\n"
        "府工作落实。\n\n"
        f"第四段讲述联谊工作,走访委员,交流经\n\n\n\n图片说明四。\n\n"
        "验做法。\n\n" + "县委县政府高度重视。经验交流很重要,经验共享有益。县委县政府支持。\n"
    )
    doc = _clean(text)
    assert "提交县委县政府参考,得到批示。" in doc.text
    assert "总结经验,取得良好效果。" in doc.text
    _assert_maps_back(doc)


# --------------------------------------------------------------------------- properties

PIECES = st.sampled_from(["县人大常委会", "召开会议", "听取审议", "八次", "。", ",", "、", "“", "”", "\n", "\n\n",
                          "\n\n\n\n", "（资料图片）", "稳中求进稳中求进", "GDP", "and", "　", " ", "區人大常委會",
                          "法院", "第二次会议", "——", "一、", "（一）"])
SOURCE = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SOURCE)
def test_every_cleaned_character_maps_to_an_equal_source_character(src):
    doc = _clean(src)
    norm = normalize_chars(src.replace("\r\n", " \n").replace("\r", "\n"))
    seen = set()
    for i, ch in enumerate(doc.text):
        j = doc.offsets.to_source(i)
        assert 0 <= j < len(src)
        if ch == "\n":
            continue  # a paragraph break maps to the whitespace (or the character) where it stands
        assert norm[j] == ch
        assert j not in seen
        seen.add(j)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SOURCE)
def test_no_character_is_lost_except_listed_artefacts(src):
    doc = _clean(src)
    norm = normalize_chars(src.replace("\r\n", " \n").replace("\r", "\n"))
    kept = {doc.offsets.to_source(i) for i, ch in enumerate(doc.text) if ch != "\n"}
    for j, ch in enumerate(norm):
        if ch.isspace() or j in kept:
            continue
        assert any(a <= j < b for a, b, _ in doc.dropped), (j, ch)


# --------------------------------------------------------------------------- web chrome

PAGE = (
    "下载\n打印\n【字号：\n加大\n减小\n】\n当前位置：\n首页\n>\n本地新闻\n"
    "2025年某县政府工作报告\n——2025年1月10日在某县第十八届人民代表大会第五次会议上\n来源：\n某县日报\n"
    "各位代表：\n现在，我代表县人民政府向大会报告工作，请予审议，并请县政协委员提出意见。\n"
    "过去一年，县政府认真贯彻县委决策部署，全年新建学校三所，改造道路四十公里，完成了既定目标。\n"
    "各位代表！让我们团结奋斗，为全面建设现代化新县城而努力！\n"
    "责任编辑：\n王某某\n扫一扫在手机打开当前页\n【\n打印本页\n】\n相关报道：\n"
    "某县召开第十八届人大五次会议\n0123456789abcdef0123456789abcdef:\n代表热议政府工作报告\n"
)
LICENCE = (
    "各位代表：\n\n　　过去一年，我们依照宪法和法律的规定，完成了各项任务，人民生活继续得到改善。\n\n"
    "本作品是中华人民共和国的\n法律\n、\n法规\n，根据《\n中华人民共和国著作权法\n》第五条第一项，"
    "本作品不适用于该法，属于\n公有领域\n。\n\nPublic domain\nfalse\n"
)


def test_page_chrome_at_the_top_and_end_is_dropped():
    doc = _clean(PAGE)
    paras = doc.text.split("\n")
    assert paras[0] == "2025年某县政府工作报告"
    assert paras[-1] == "各位代表!让我们团结奋斗,为全面建设现代化新县城而努力!"
    for chrome in ("打印", "首页", "本地新闻", "某县日报", "王某某", "相关报道", "代表热议"):
        assert chrome not in doc.text
    assert {r for *_, r in doc.dropped} >= {"clean.chrome", "clean.chrome.related"}
    _assert_maps_back(doc)


def test_a_licence_notice_at_the_end_is_dropped_and_words_inside_the_report_are_kept():
    doc = _clean(LICENCE)
    assert "著作权法" not in doc.text and "Public domain" not in doc.text
    assert doc.text.endswith("人民生活继续得到改善。")
    assert any(r == "clean.chrome.licence" for *_, r in doc.dropped)
    _assert_maps_back(doc)
    body = _clean("各位代表：\n过去一年，县政府依法办理建议八十件，来源于群众的问题全部办结，收藏了一批文物。\n收藏\n"
                  "今年，我们将继续努力，把各项工作做得更好，向人民交出满意答卷。\n")
    assert "收藏\n今年" in body.text  # a tool word between two prose lines is the report's own line
