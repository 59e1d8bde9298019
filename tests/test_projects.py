"""Projects (issue 15): a project has a proper name, quoted or with a specific head; phrases
for a kind of work (大中型项目, 农村供水工程) are none. Hand-written sentences."""

from __future__ import annotations

from etl.clean import clean
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.recognize import finders, recognize
from etl.segment import segment

LEX = default_lexicon()


def _mentions(text: str, kind: str = "project"):
    seg = segment(clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text)), LEX)
    return [m for m in recognize(seg, LEX) if m.kind == kind]


def _names(text: str) -> list[str]:
    return [m.name for m in _mentions(text)]


def test_a_phrase_for_a_kind_of_work_is_no_project():
    text = ("新开工大中型项目一百个。实施农村供水工程。建设特色产业园。开展对外承包工程。"
            "推进国际产能合作项目。严格控制新开工项目。强化产业园区管理。")
    assert _names(text) == []


def test_a_named_work_after_a_verb_is_a_project():
    assert _names("推进黔电入粤工程,建成青龙峡水库。") == ["黔电入粤工程", "青龙峡水库"]


def test_the_name_starts_after_a_lead_verb():
    assert _names("布局青山湖数字产业园。") == ["青山湖数字产业园"]


def test_a_name_after_another_project_word_starts_there():
    assert _names("国家重点工程青兰高铁全线开通。") == ["青兰高铁"]


def test_a_building_verb_inside_a_name_is_kept():
    assert _names("东岭机场改扩建主体工程全面完工。") == ["东岭机场改扩建主体工程"]


def test_a_count_before_the_suffix_is_no_name():
    assert _names("4条高速公路建成通车,第一期工程投产。") == []


def test_quoted_names_in_a_row_share_the_project_word():
    assert _names("开展“春风送岗”“助企纾困”行动。") == ["春风送岗行动", "助企纾困行动"]


def test_a_quoted_class_of_projects_and_an_award_are_no_projects():
    assert _names("遏制“两高”项目盲目发展,三部作品获“五个一工程”奖。") == []


def test_listed_items_each_led_by_a_place_are_projects_and_hold_no_place():
    text = "湖南省推动长沙智造、岳阳石化等一批项目开工建设。"
    assert _names(text) == ["长沙智造", "岳阳石化"]
    assert [m.full for m in _mentions(text, "place")] == ["湖南省"]


def test_the_short_names_of_counted_lines_are_projects():
    assert _names("青龙、白马等3条高速公路建成通车。") == ["青龙高速公路", "白马高速公路"]


def test_listed_items_after_a_verb_are_projects():
    assert _names("并对华兴科技、顺达物流等项目进行视察。") == ["华兴科技", "顺达物流"]


def test_generic_heads_from_the_lexicon():
    pf = finders(LEX).projects
    assert pf.generic_head("农村供水")
    assert pf.generic_head("外承包", cut=True)
    assert not pf.generic_head("黔电入粤")


def test_a_quoted_count_of_works_is_a_project_only_as_a_places_own():
    assert _names("实施文明建设“六大工程”,深入实施“三大行动”。") == []
    assert _names("长春市朝阳区全力推进朝阳区“十大工程”。") == ["十大工程"]


def test_a_suffix_counted_after_it_is_a_class_of_works():
    assert _names("建成协作产业园12个。") == []


def test_a_suffix_after_a_verb_is_its_object():
    assert _names("将专项债券用作项目资本金。") == []


def test_a_quoted_name_with_its_own_project_word_takes_no_shared_one():
    assert _names("开展“河源探源工程”和“考古寻根”项目。") == ["河源探源工程", "考古寻根项目"]


def test_descriptive_heads_of_works_are_no_projects():
    assert _names("实施燃煤电厂脱硫工程,推进国省干道提质升级工程,开展打击非法集资专项行动。") == []


def test_a_quoted_count_of_projects_is_none_but_a_count_of_counts_is_a_name():
    assert _names("推进“十大产业项目”建设。") == []
    assert _names("实施“四个十大”项目。") == ["四个十大项目"]


def test_a_name_cut_inside_a_word_of_kinds_is_none():
    assert _names("一批跨江跨海大桥相继建成,实施停车便利化工程。") == []


def test_a_named_railway_is_a_project_a_railway_bridge_is_not_the_railway():
    assert _names("建成黄桶至百色铁路,加快城际铁路建设。") == ["黄桶至百色铁路"]
    assert "同安铁路" not in _names("同安铁路大桥开通运营。")


def test_works_named_by_their_aim_are_a_class():
    text = "实施中小学校园餐质量提升工程,推进乡镇综合文化站工程,建设国家医学中心项目。"
    assert _names(text) == []


def test_a_name_cut_inside_a_word_of_kinds_with_its_letter_is_none():
    assert _names("实施新就业促进工程。") == []


def test_listed_fields_of_industry_are_no_projects():
    assert _names("推进新型运载火箭、集成电路封装测试等项目。") == []


def test_quoted_classes_counted_or_before_a_noun_are_no_projects():
    text = ("建设“安居乐”项目50个,把“两个高地”作为方向,“道路与桥梁工程”专业群入选,"
            "实施民生“十大工程”,推进“十大基础设施项目”。")
    assert _names(text) == []


def test_a_railway_transport_court_is_no_railway():
    assert _names("理顺跨省铁路运输检察院业务管理关系。") == []


def test_an_industrial_park_district_is_a_place_not_a_project():
    assert _names("建设临港产业园区,苏州工业园区开放创新。") == ["临港产业园区"]


def test_a_name_cut_inside_a_zone_starts_at_the_zone_place():
    names = _names("确保西湾经济开发区光伏组件产业园项目开工。")
    assert names == ["西湾经济开发区光伏组件产业园项目"]


def test_a_listed_site_after_a_visit_verb_starts_after_the_verb():
    assert "北岭科创新城" in _names("组织代表视察北岭科创新城、南港物流园项目等重点工程。")


def test_short_names_of_lines_take_the_line_kind():
    names = _names("加快青平、丰华等高速公路建设,推进安岭、白川等3条高铁。")
    assert {"青平高速公路", "丰华高速公路", "安岭高铁", "白川高铁"} <= set(names)


def test_an_item_with_a_kind_of_work_after_及_stays_whole():
    assert "星航动力电池及储能" in _names("加快推进星航动力电池及储能等项目。")


def test_a_count_of_lists_is_no_project():
    assert _names("滚动实施“五张清单”项目。") == []


def test_a_named_park_and_port_area_are_projects():
    assert _names("青溪湖公园建成开放,推进白沙港区建设。") == ["青溪湖公园", "白沙港区"]
    assert _names("新建口袋公园20个。") == []


def test_short_names_of_plants_take_the_plant_kind():
    assert {"青岭煤电", "云栖煤电"} <= set(_names("建成投产青岭、云栖等煤电项目。"))


def test_a_quoted_short_name_keeps_its_field_not_a_verb_or_scope():
    assert _names("深入实施绿电“三进”工程。") == ["绿电三进工程"]
    assert _names("落实国家“三北”工程。") == ["三北工程"]


def test_a_park_whose_name_goes_on_into_a_road_is_no_project_there():
    assert "环热带雨林国家公园" not in _names("建设环热带雨林国家公园旅游公路。")


def test_rivers_and_lakes_listed_before_a_kind_of_works_are_no_projects():
    assert not {"苦水河", "沙湖"} & set(_names("实施清水河、苦水河、沙湖等综合治理工程150多个。"))
    assert "钱阳山煤矿" in _names("争取后安、公婆泉、钱阳山等煤矿项目核准。")  # a plant's short name


def test_a_quoted_name_keeps_the_river_it_is_on_and_a_short_one_its_field():
    assert _names("加快引江调蓄工程、清漳河“港城联通”项目建设。") == ["引江调蓄工程", "清漳河港城联通项目"]
    assert _names("实施汉白江“清水北送”行动。") == ["汉白江清水北送行动"]
    assert _names("开展河湖“清五乱”专项行动。") == ["清五乱专项行动"]  # a field word before a name of its own
    assert _names("深入实施我市“双清三治”行动。") == ["双清三治行动"]  # a scope word, no qualifier


def test_a_quoted_name_counted_before_is_a_class_of_works():
    text = "组织实施一批“青山四库”项目,建设300个乡村“水窖子”项目,新开工12个“两通”项目。"
    assert _names(text) == []


def test_an_unquoted_campaign_opening_with_a_verb_of_enforcement_is_no_name():
    assert _names("开展打击非法捕捞野生鱼类专项行动,深入开展规范涉企收费专项行动。") == []
    assert _names("深入实施提振消费专项行动。") == ["提振消费专项行动"]


def test_a_line_cited_for_the_cities_along_it_is_no_project():
    assert _names("提升京沪铁路沿线城市功能,建设沪宁高速公路沿线产业带。") == []


def test_a_kind_of_utility_tunnel_is_no_project():
    assert _names("谋划地下综合管廊、海底综合管廊等重大工程。") == []


def test_a_phase_whose_name_goes_on_takes_the_lists_kind():
    text = "引滦二期骨干及城乡配套、清河三期提质增效、白水县人饮等工程建成通水,新城机场三期建成投运。"
    names = _names(text)
    assert {"引滦二期骨干工程", "清河三期提质增效工程", "新城机场三期"} <= set(names)
    assert "清河三期" not in names
    assert "纳入南水北调西线一期" not in _names("争取河西调水工程纳入南水北调西线一期范围。")


def test_a_work_of_listed_places_is_named_after_all_of_them():
    assert _names("推进太原市、晋中市地质灾害避险搬迁工程。") == ["太原市、晋中市地质灾害避险搬迁工程"]


def test_a_work_of_two_kinds_joined_after_its_place_is_one_name():
    assert _names("实施青铜峡灌区续建配套与节水改造工程。") == ["青铜峡灌区续建配套与节水改造工程"]
    assert _names("加快重大交通干线与枢纽工程建设。") == []


def test_a_name_goes_on_before_a_word_ending_in_a_boundary_letter():
    assert "滨江国际数据中心二期" in _names("新开工12个,滨江国际数据中心二期、临港物流园等重大项目加快建设。")


def test_listed_lines_from_place_to_place_and_plants_take_the_tails_kind():
    names = set(_names("新建兰州至西宁、银川至包头等铁路干线,加快黑石、白鹤等水电站项目建设。"))
    assert {"兰州至西宁铁路", "银川至包头铁路", "黑石水电站", "白鹤水电站"} <= names and "水电站项目" not in names
    names = set(_names("推进合肥至武汉(六安至武汉段)、南昌至长沙等高速公路项目。"))
    assert "合肥至武汉高速公路(六安至武汉段)" in names
