"""People and posts in hand-written sentences: the name model, the contexts that place a name,
and the posts relate gives them."""

from __future__ import annotations

from etl.clean import clean
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document
from etl.recognize import recognize
from etl.recognize.people import NameModel
from etl.segment import segment

LEX = default_lexicon()


def _people(text: str):
    seg = segment(clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)), LEX)
    return [m for m in recognize(seg, LEX) if m.kind == "person"]


def _names(text: str) -> list[str]:
    return [m.name or m.text for m in _people(text)]


def _posts(text: str) -> dict[str, set[tuple[str, str | None]]]:
    src = SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)
    ex = extract_document(src, LEX)
    return {p.name: {(q.post, q.body) for q in p.posts} for p in ex.people}


# --------------------------------------------------------------------------- the name model


def test_the_lexicon_has_a_broad_surname_table():
    assert len(LEX.surnames) >= 450 and len(set(LEX.surnames)) == len(LEX.surnames)
    assert {"欧阳", "司马", "诸葛", "上官", "端木"} <= set(LEX.double_surnames)
    model = NameModel(LEX)
    assert model.surname_at("欧阳春华", 0) == "欧阳" and model.surname_at("赖小平", 0) == "赖"


def test_one_or_two_given_characters_end_where_a_name_ends():
    assert _names("副主任何文斌带队视察。主任许丹主持会议。") == ["何文斌", "许丹"]
    assert _names("副院长欧阳春华主持会议。") == ["欧阳春华"]
    assert _names("县长罗兵作报告。") == ["罗兵"]  # 作 follows the name: no three-character 罗兵作


def test_after_a_generic_title_only_clear_endings_count():
    assert _names("员额法官严晓红荣获全国审判业务专家称号。") == ["严晓红"]
    assert _names("代表江苏省出席会议。") == []  # 代表 is also a verb
    assert _names("审判员金立新、书记员钟华审理此案。") == ["金立新", "钟华"]
    assert _names("代表江苏、浙江出席。") == []


def test_a_name_spaced_by_layout_and_a_transliterated_name():
    ms = _people("某县人民政府县长 韩 冰\n各位代表:\n")
    assert [(m.text, m.name) for m in ms] == [("韩 冰", "韩冰")]
    assert _names("自治区主席买买提·艾力作政府工作报告。") == ["买买提·艾力"]


def test_a_line_break_of_the_source_ends_a_name():
    assert _names("新某省·某省日报记者 罗晓光\n各位代表:\n现在,我代表省人民政府作报告。\n") == ["罗晓光"]


# --------------------------------------------------------------------------- contexts


def test_names_before_comrade_and_leaders_titles_and_lists_of_them():
    assert _names("在以习近平同志为核心的党中央坚强领导下。") == ["习近平"]
    assert _names("按照叶长青委员长的要求。") == ["叶长青"]
    assert _names("感谢谭志远、贺云、石小兰同志的辛勤工作。") == ["谭志远", "贺云", "石小兰"]
    assert _names("感谢谭志远、贺云和石小兰同志。") == ["谭志远", "贺云", "石小兰"]
    assert _names("党中央和毛泽东同志十分重视。") == ["毛泽东"]


def test_names_listed_before_deng_and_a_word_or_count_for_people():
    assert _names("依法起诉韦国栋、蔡文明等原厅局级干部12人。") == ["韦国栋", "蔡文明"]
    assert _names("对龙海生等5名犯罪嫌疑人提起公诉。") == ["龙海生"]
    assert _names("对吴某等3名犯罪嫌疑人提起公诉。") == []  # an anonymised name is no named person


def test_a_name_found_once_is_found_wherever_it_recurs():
    ms = _people("合作社负责人许春燕,是一名区人大代表。许春燕最大的心愿是带领群众致富。")
    assert [(m.text, m.rule) for m in ms] == [("许春燕", "person.after_post"), ("许春燕", "person.repeated")]


def test_words_are_no_names():
    assert _names("坚持高质量发展,打出王牌,保持张力,激发活力。") == []
    assert _names("全国政协主席出席会议。高举毛主席的旗帜。") == []
    assert _names("请各位委员和列席同志提出意见。委员长宣布:会议开幕。") == []
    assert _names("中共中央总书记、国家主席、中央军委主席出席。") == []
    assert _names("实现毛主席和周总理的遗愿。") == []
    assert _names("村党支部书记和第一书记参加。") == []
    assert _names("推行书记项目,成效明显。") == []  # 项目 is a word of the lexicon
    assert _names("人民才能彻底解放周总理说。") == []  # 解放 is one too


# --------------------------------------------------------------------------- posts


def test_national_posts_take_the_body_written_before_them():
    posts = _posts("全国人民代表大会常务委员会工作报告\n全国人大常委会委员长赵明德主持会议。\n")
    assert posts["赵明德"] == {("委员长", "全国人大常委会")}


def test_a_title_after_a_person_in_a_list_keeps_that_persons_body():
    posts = _posts("全国人民代表大会常务委员会工作报告\n全国人大常委会委员长赵明德、副委员长钱光辉、孙立新出席会议。\n")
    assert posts["钱光辉"] == posts["孙立新"] == {("副委员长", "全国人大常委会")}


def test_a_list_ending_in_a_members_title_gives_each_name_that_post():
    ms = _people("王建军、刘晓燕等5名区人大代表参加调研。孙立等5名干部参加代表培训。")
    assert [(m.text, m.post) for m in ms] == [("王建军", "人大代表"), ("刘晓燕", "人大代表"), ("孙立", None)]


def test_a_representative_of_a_congress_holds_the_post_of_deputy():
    text = ("芜湖市镜湖区人民代表大会常务委员会工作报告\n芜湖市镜湖区人大常委会主任 周明远\n各位代表:\n"
            "区人大代表韩小梅提出建议。代表张晓丽参加视察。常委会委员赵明参加。\n")
    posts = _posts(text)
    assert posts["张晓丽"] == posts["韩小梅"] == {("人大代表", "芜湖市镜湖区人大")}
    assert posts["赵明"] == {("委员", "芜湖市镜湖区人大常委会")}


def test_a_chain_of_titles_shares_its_body_only_with_titles_of_its_kind():
    text = ("芜湖市镜湖区人民代表大会常务委员会工作报告\n芜湖市镜湖区人大常委会主任 周明远\n各位代表:\n"
            "区委副书记、代区长李明华作报告。常务副区长钱红出席。区政府。\n")
    posts = _posts(text)
    assert posts["李明华"] == {("副书记", "芜湖市镜湖区委"), ("代区长", "芜湖市镜湖区政府")}
    assert posts["钱红"] == {("常务副区长", "芜湖市镜湖区政府")}


def test_a_profiles_apposition_gives_a_members_post():
    text = ("芜湖市镜湖区人民代表大会常务委员会工作报告\n芜湖市镜湖区人大常委会主任 周明远\n各位代表:\n"
            "区人大代表接待站。合作社负责人赵美兰,是区第十八届人大代表。\n")
    assert ("人大代表", "芜湖市镜湖区人大") in _posts(text)["赵美兰"]


def test_a_unit_word_before_a_title_is_part_of_the_post():
    ms = _people("黔东国际医院副院长、护理部主任林小梅作为一名人大代表。")
    assert [(m.text, m.post) for m in ms] == [("林小梅", "护理部主任")]


def test_the_committee_written_before_a_title_is_the_posts_body():
    text = "某市某区人民代表大会常务委员会工作报告\n某市某区人大常委会主任 周明远\n各位代表:\n区人大常委会主任周明远带队调研。\n"
    seg = segment(clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)), LEX)
    ms = recognize(seg, LEX)
    person = next(m for m in ms if m.kind == "person" and m.post == "主任" and m.start > 40)
    assert any(m.kind == "body" and m.end == person.post_start for m in ms)


def test_a_name_hard_wrapped_across_full_lines_is_one_name():
    # a report wrapped every 20 characters: the wrap falls inside the name, which is still found
    lines = ["区人大常委会全年召开主任会议十二次，听取", "审议专项工作报告八项。常委会副主任王", "建国带队开展执法检查三次，推动问题整改", "落实，群众满意度持续提升，工作成效明显。", "全年共办理代表建议一百二十件，办结率百", "分之百，代表满意率进一步提高，成效显著。"]
    assert "王建国" in _names("\n".join(lines))


def test_a_short_line_still_ends_a_name():
    text = "本报记者 盛学军\n区人大常委会召开会议，听取审议区政府关于全区民生实事项目完成情况的报告，提出意见建议。\n" * 1
    assert "盛学军" in _names(text)
