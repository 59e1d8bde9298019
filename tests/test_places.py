"""Places (issue 15): divisions from the gazetteer at every level, short forms in scope, and the
rule id of each hit. Hand-written sentences."""

from __future__ import annotations

from etl.clean import clean
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.recognize import finders, find_places, recognize
from etl.segment import segment

LEX = default_lexicon()


def _places(text: str):
    seg = segment(clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)), LEX)
    return [m for m in recognize(seg, LEX) if m.kind == "place"]


def _fulls(text: str) -> list[str]:
    return [m.full for m in _places(text)]


def test_a_province_written_in_full_makes_its_cities_short_forms_count():
    fulls = _fulls("甘肃省今年支持庆阳、酒泉建设算力枢纽。")
    assert fulls == ["甘肃省", "庆阳市", "酒泉市"]


def test_a_city_short_form_does_not_count_without_its_province_written():
    assert "庆阳市" not in _fulls("今年支持庆阳建设算力枢纽。")


def test_a_municipality_written_in_full_makes_its_districts_short_forms_count():
    assert _fulls("北京市推动海淀、昌平科技园区联动。") == ["北京市", "海淀区", "昌平区"]


def test_a_common_word_holding_a_short_form_is_no_place():
    assert _fulls("甘肃省黄金、白银产量增长,保持社会长治久安。") == ["甘肃省"]


def test_a_provinces_city_inside_a_word_is_no_place():
    assert "渝中区" not in _fulls("重庆市加快建设成渝中线高铁。")


def test_the_special_administrative_regions_are_provinces():
    ms = _places("支持香港、澳门融入国家发展大局。")
    assert [(m.full, m.level) for m in ms] == [("香港特别行政区", "province"), ("澳门特别行政区", "province")]


def test_every_place_carries_the_rule_that_found_it():
    rules = {m.text: m.rule for m in _places("长春市朝阳区重庆街道光明社区。朝阳区各街道。光明社区居民。")}
    assert rules["长春市"] == "place.division"
    assert rules["重庆街道"] == "place.lower"
    assert rules["光明社区"] in ("place.lower", "place.lower.repeat")
    assert {m.rule for m in _places("乌当区东风镇。乌当经济发展。")} >= {"place.division", "place.short", "place.lower"}


def test_an_old_town_is_named_after_a_place_the_document_names():
    assert [m.text for m in _places("打响江南古镇旅游品牌。") if m.level == "other"] == []
    assert "南浔古镇" in [m.text for m in _places("南浔区加强南浔古镇保护利用。")]


def test_a_chained_village_name_does_not_start_with_a_verb():
    assert [m.text for m in _places("广东省支持汕头发挥侨乡优势。")] == ["广东省", "汕头"]


def test_residential_compounds_and_partner_cities_are_no_rules_any_more():
    rules = {m.rule for m in _places("代表们察看了东湖社区,金桂华庭小区。与约灵市缔结友好城市。")}
    assert not rules & {"place.estate", "place.partner_city", "place.counted"}


def test_find_places_on_a_written_region():
    hits = find_places("长春市朝阳区", LEX, finders(LEX).bounds)
    assert [(h.full, h.level) for h in hits] == [("长春市", "city"), ("朝阳区", "county")]


def test_a_village_doctor_and_a_celebration_are_no_places():
    assert _places("强化村医队伍建设。隆重庆祝建党节。") == []


def test_a_zone_named_after_a_place_is_a_place_next_to_it():
    ms = _places("甘肃省支持金昌经开区建设,推进中国（甘肃）自由贸易试验区申建,荆门国家高新区。")
    names = {(m.text, m.rule) for m in ms}
    # the zone is the place; a short form that only names it is no mention of its own
    assert ("金昌经开区", "place.zone") in names and ("金昌", "place.short") not in names
    assert any(m.rule == "place.zone" and m.text.startswith("中国") for m in ms)
    assert not any(m.text.endswith("高新区") for m in ms)


def test_an_old_city_after_a_place_the_document_names_is_a_locality():
    ms = _places("新疆维吾尔自治区加强保护,喀什古城焕发新颜,打响古城品牌。")
    assert [(m.text, m.rule) for m in ms if m.level == "other"] == [("喀什古城", "place.old_town")]


def test_a_short_form_starting_the_name_of_a_facility_or_event_is_no_place():
    fulls = _fulls("北京市成功举办北京冬奥会,上海市建成上海长风国际机场。")
    assert fulls == ["北京市", "上海市"]


def test_a_short_form_before_a_region_or_a_chain_stays_a_place():
    assert _fulls("甘肃省建设甘肃祁连湖地区生态屏障。") == ["甘肃省", "甘肃省"]


def test_a_short_form_in_a_factory_or_an_organisation_is_no_place():
    assert _fulls("辽宁省建成沈阳重型机器厂,推动上海合作组织发展。") == ["辽宁省"]


def test_a_common_phrase_holding_a_short_form_is_no_place():
    assert _fulls("上海市坚持绿水青山就是金山银山。") == ["上海市"]


def test_a_featured_small_town_is_no_town():
    assert _fulls("青海省建成图灵小镇。") == ["青海省"]


def test_a_village_word_or_a_verb_before_a_village_suffix_is_no_village():
    assert _fulls("做靓村歌、村超,筑基村小。开工大村至遵义铁路。") == []


def test_a_city_short_form_is_the_city_not_the_new_area_of_its_name():
    assert _fulls("福建省调整福州新区管理体制,福州入选试点。") == ["福建省", "福州新区", "福州市"]


def test_a_short_form_in_a_metro_line_or_a_lab_is_no_place():
    assert _fulls("陕西省西安地铁15号线通车,江苏省苏州实验室建设。") == ["陕西省", "江苏省"]


def test_a_metropolitan_ring_holds_no_city_and_a_count_of_plants_keeps_its_place():
    assert _fulls("江西省推进南昌都市圈建设。") == ["江西省"]
    assert _fulls("辽宁省建成沈阳第一机床厂,四川省建成四川三大化纤厂。") == ["辽宁省", "四川省", "四川省"]


def test_a_town_or_village_starting_a_park_or_mine_name_is_no_place_but_one_before_another_place_is():
    assert _fulls("河北省建设中关村科技城。") == ["河北省"]
    assert "南湖街道" in [m.text for m in _places("长春市朝阳区在南湖街道湖东社区、永昌街道建站。")]


def test_a_full_name_that_is_a_common_word_needs_its_city():
    assert _fulls("总结解放区的经验。") == []
    assert _fulls("焦作市解放区建成公园。") == ["焦作市", "解放区"]


def test_a_place_named_only_in_a_demonym_is_no_place():
    assert _places("向香港特别行政区同胞、澳门同胞和台湾同胞表示感谢。") == []
    assert _places("向香港、澳门同胞问好。") == []
    assert [m.text for m in _places("组织香港、澳门代表视察。")] == ["香港", "澳门"]


def test_a_one_letter_county_counts_when_its_city_is_named():
    assert [m.text for m in _places("徐州市代表在沛县、丰县开展视察。")] == ["徐州市", "沛县", "丰县"]
    assert _places("代表在沛县开展视察。") == []
    assert [m.text for m in _places("徐州市加快新县城建设。")] == ["徐州市"]


def test_a_county_after_the_party_or_cppcc_that_names_it_is_written_clean():
    assert [m.text for m in _places("政协缙云县委员会召开会议。")] == ["缙云县"]


def test_a_short_form_starting_a_long_facility_name_is_no_place():
    text = "广东省推进建设。惠州强流重离子加速器建成运行。"
    assert [m.text for m in _places(text)] == ["广东省"]


def test_counties_listed_short_under_a_city_written_short():
    text = "湖北省推进发展。襄阳经济总量增长。枣阳、宜城等县市实力提升,枣阳河治理推进。"
    names = [m.text for m in _places(text)]
    assert names.count("枣阳") == 1 and "宜城" in names


def test_a_place_joined_by_a_dash_to_one_that_starts_a_name_is_part_of_the_name():
    fulls = _fulls("新疆维吾尔自治区创建伊犁—吐鲁番国家植物园。吐鲁番、哈密深化合作。")
    assert fulls.count("吐鲁番市") == 1  # the second sentence's, not the garden's
    text = "新疆维吾尔自治区创建伊犁—吐鲁番国家植物园。"
    assert [m.text for m in _places(text)] == ["新疆维吾尔自治区"]


def test_a_short_form_that_only_names_a_zone_is_no_place_of_its_own():
    # 衢州|综保区: the zone is the place; 衢州 written on its own elsewhere stays
    assert _fulls("浙江省衢州综保区封关运行。") == ["浙江省", "衢州综保区"]
    assert "衢州市" in _fulls("浙江省衢州综保区封关运行,衢州经济增长较快。")
    # items of a list share its zone suffix (衢州、金华经济开发区)
    assert "衢州市" not in _fulls("浙江省推进衢州、金华经济开发区规划实施。")


def test_a_bracketed_place_locating_a_zone_stays():
    assert "新疆维吾尔自治区" in _fulls("推进中国（新疆）自由贸易试验区建设。")


def test_a_place_starting_the_name_of_a_production_and_construction_corps_is_no_place():
    assert _fulls("支持新疆生产建设兵团发展壮大。") == []


def test_a_short_form_in_a_list_of_cities_is_the_city_not_the_prefecture():
    fulls = _fulls("新疆维吾尔自治区加快乌鲁木齐、阿克苏、喀什等城市建设。")
    assert "喀什市" in fulls and "阿克苏市" in fulls and "喀什地区" not in fulls


def _names(text: str) -> list[str]:
    return [m.text for m in _places(text)]


def test_a_town_after_a_verb_of_working_on_its_matters_is_a_place():
    assert "易俗河镇" in _names("湘潭县政协协商解决易俗河镇集贸市场扩建问题。")


def test_a_list_of_town_names_after_a_preposition_is_a_list_of_places():
    # 州城镇 alone reads 州|城镇 (the prefecture's towns); its list sibling 金牛镇 makes it a name
    names = _names("宾川县检察院在州城镇、金牛镇设立工作站2个。")
    assert "州城镇" in names and "金牛镇" in names


def test_a_list_of_village_names_after_any_verb_names_places_but_not_after_a_verb_of_making():
    assert {"永越村", "新联村"} <= set(_names("桐乡市濮院镇完成永越村、新联村农房改造。"))
    assert not {"开源社区", "创业社区"} & set(_names("重庆市加快建设开源社区、创业社区等产业空间。"))


def test_a_town_chained_after_a_district_may_open_with_a_stop_letter():
    assert "将军墓镇" in _names("邢台市人大代表在信都区将军墓镇领办养老服务项目。")


def test_common_nouns_stay_out_of_lists_of_towns():
    assert _names("推进乡镇、城镇、社区建设。") == []


def test_a_new_area_named_by_its_citys_first_letter_is_a_place_only_with_that_city_named():
    assert "柳东新区" in _names("柳州市中级人民法院在柳东新区设立巡回审判点。")
    assert "柳东新区" not in _names("在柳东新区设立巡回审判点。")


def test_an_old_town_named_after_a_town_the_report_names_is_a_place():
    assert "濮院古镇" in _names("濮院镇人民政府工作报告。推进濮院古镇保护开发。")


def test_a_village_after_a_verb_of_working_in_it_that_is_no_name_boundary_is_a_place():
    assert "石门村" in _names("县领导慰问石门村困难群众。")
    assert "车站村" in _names("县直单位帮扶车站村发展产业。")
    assert _names("县直单位帮扶薄弱村发展产业。") == []


def test_a_town_after_a_verb_of_going_with_its_aspect_particle_or_after_a_word_of_passing_is_a_place():
    assert {"白沙镇", "青山镇"} <= set(_names("县人大常委会调研了白沙镇、青山镇。"))
    assert "花桥镇" in _names("规划线路途经花桥镇。")


def test_a_river_or_lake_before_a_word_for_its_basin_or_in_a_list_of_waters_is_a_place():
    assert "湘江" in _names("围绕湘江流域生态保护开展协商。")
    assert {"濠河", "通吕运河"} <= set(_names("对濠河、通吕运河等河道开展整治。"))
    assert _names("推行海岸线占补指标交易。") == []
    assert "今年长江" not in _names("今年长江流域发生洪水。")
    assert "洞庭湖" in _names("围绕洞庭湖生态保护立案办理公益诉讼案件。")


def test_a_citys_short_form_listed_with_places_before_a_word_for_places_is_that_city():
    assert "深圳市" in _fulls("南通市崇川区组织赴深圳、上海等地开展专题招商。")
    assert "深圳市" not in _fulls("组织赴深圳、长沙等地开展专题招商。")
