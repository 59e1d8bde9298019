"""Places inside other names (recognize/place_names.py), new areas' short forms, and canonical
names that follow the report's year. Hand-written sentences."""

from __future__ import annotations

from etl import pipeline
from etl.clean import clean
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.recognize import finders, find_places, recognize
from etl.resolve.names import place_in_its_time, report_year
from etl.segment import segment

LEX = default_lexicon()


def _doc(text: str) -> SourceDocument:
    return SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)


def _places(text: str) -> list[str]:
    seg = segment(clean(_doc(text)), LEX)
    return [m.text for m in recognize(seg, LEX) if m.kind == "place"]


def test_a_place_starting_an_institutions_or_companys_name_is_no_place():
    assert "长春" not in _places("吉林省支持长春地质学院扩建校舍。")
    assert "上海" not in _places("吉林省今年引进上海电气等企业。")
    assert "青海" not in _places("前年完工的青海西藏公路将实行改建。")


def test_the_body_finder_still_reads_a_place_inside_a_name():
    text = "吉林省支持长春地质学院扩建校舍。"
    hits = find_places(text, LEX, finders(LEX).bounds)
    assert [(h.name, h.in_name) for h in hits if h.name == "长春"] == [("长春", "place.in_name.head")]


def test_a_place_also_written_on_its_own_stays():
    assert "长春" in _places("吉林省支持长春地质学院扩建校舍。长春加快建设现代化都市圈。")


def test_a_produce_brand_named_after_a_place_is_no_place():
    ps = _places("重庆市涪陵榨菜、潼南柠檬等品牌价值提升,陕西省延安苹果入选产业集群。")
    assert ps == ["重庆市", "陕西省"]


def test_a_place_inside_an_item_of_a_list_of_projects_is_no_place():
    assert _places("吉林省推进国电投大安、华电榆树等项目建设。") == ["吉林省"]
    assert _places("甘肃省推进引洮济合、西和县礼县西汉水人饮等工程建成通水。") == ["甘肃省"]


def test_a_list_item_that_is_a_place_stays():
    assert _places("山东省支持济南、青岛等项目落地。") == ["山东省", "济南", "青岛"]


def test_a_place_inside_a_short_quoted_name_is_no_place():
    assert _places("浙江省打响“信用浙江”品牌。") == ["浙江省"]
    assert "喀什" not in _places("新疆维吾尔自治区举办“喀什杯”足球邀请赛。")


def test_a_list_item_sharing_a_zones_suffix_only_names_the_zone():
    assert "喀什" not in _places("新疆维吾尔自治区推进喀什、霍尔果斯经济开发区建设。")


def test_a_new_areas_short_form_counts_only_after_its_city_or_with_the_area_named():
    assert _places("云南省加快滇中城市群建设。") == ["云南省"]
    assert "贵安" in _places("贵州省支持贵阳贵安高质量发展。")
    assert "滇中" in _places("云南省推动滇中新区发展,滇中加快建设。")
    assert "湘江" in _places("湖南省围绕湘江流域生态保护开展视察。")  # a word of its own (a river's basin)


def test_a_unit_founded_after_the_reports_years_keeps_its_short_name():
    assert report_year("1981-1985", None) == 1985 and report_year(None, "1997-06-01") == 1997
    assert place_in_its_time("香港特别行政区", "香港", 1985, set(), LEX) == "香港"
    assert place_in_its_time("香港特别行政区", "香港", 1997, set(), LEX) == "香港特别行政区"
    assert place_in_its_time("澳门特别行政区", "澳门", 1998, {"澳门特别行政区"}, LEX) == "澳门特别行政区"


def test_a_report_of_1986_names_hong_kong_as_written():
    text = ("政府工作报告\n\n一九八六年三月二十五日在第六届全国人民代表大会第四次会议上\n\n"
            "过去的一年,我们同英国政府就香港问题进行了协商。一九八五年国民经济稳定增长。\n")
    assert [p.name for p in pipeline.extract_document(_doc(text), LEX).places] == ["香港"]
