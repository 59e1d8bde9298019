"""Bodies: where a body name starts, national reports, normalised party committees, generic
names, and assembly that lists only recognised bodies (hand-written sentences, invented facts)."""

from __future__ import annotations

from etl.identity import is_unqualified
from etl.lexicon import default_lexicon
from etl.models import Activity, Body, Evidence, Facts, Metadata, Person, Post, ReportContext, ReportExtraction, SourceDocument
from etl.pipeline import extract_document
from etl.resolve.assemble import attach
from etl.resolve.names import surface_body_name

LEX = default_lexicon()
CORES = sorted(LEX.bodies, key=len, reverse=True)


def _extract(text: str) -> ReportExtraction:
    return extract_document(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text), LEX)


def _bodies(text: str) -> set[str]:
    return {b.name for b in _extract(text).bodies}


def test_a_body_name_starts_at_a_region_or_level_never_a_year_or_person():
    ctx = ReportContext(region="湖南省", levels={"province": "湖南省"})
    assert surface_body_name("湖南省政府", ctx, LEX, CORES) == "湖南省政府"
    assert surface_body_name("省政府", ctx, LEX, CORES) == "湖南省政府"
    assert surface_body_name("政府", ctx, LEX, CORES) == "湖南省政府"
    assert surface_body_name("2026年湖南省政府", ctx, LEX, CORES) is None
    assert surface_body_name("省长张某作政府", ctx, LEX, CORES) is None
    assert surface_body_name("托国家计委", ctx, LEX, CORES) is None
    assert surface_body_name("全国人大常委会", ctx, LEX, CORES) == "全国人大常委会"
    # no region of its own: a bare core names nothing
    assert surface_body_name("政府", ReportContext(), LEX, CORES) is None


def test_an_autonomous_regions_party_committee_is_its_dangwei():
    names = _bodies("广西壮族自治区人民政府工作报告\n各位代表：\n一年来，在自治区党委领导下，自治区人民政府依法履职。"
                    "我们按照自治区党委部署推进改革。\n")
    assert "广西壮族自治区党委" in names
    assert "广西壮族自治区委" not in names


def test_a_national_report_gives_no_region_to_bare_or_short_bodies():
    ex = _extract("最高人民法院工作报告\n各位代表：\n一年来，在全国人大及其常委会监督下，最高人民法院依法履职。"
                  "四川法院审理某合同纠纷案，重庆法院调解某物业纠纷。河南省长垣市法院审理某案。"
                  "各级法院坚持公正司法，人民法院依法办案，法院干警廉洁自律。\n")
    names = {b.name for b in ex.bodies}
    assert {"最高人民法院", "四川法院", "重庆法院"} <= names  # written regions kept as written
    assert not any(n in ("河南省法院", "长垣市法院") or n.endswith("省人大常委会") for n in names)
    assert ex.metadata.region is None


def test_a_local_report_keeps_its_region():
    names = _bodies("长春市朝阳区人民法院工作报告\n各位代表：\n一年来，在区委领导下，本院依法履职，区人大常委会监督支持。\n")
    assert {"长春市朝阳区委", "长春市朝阳区法院", "长春市朝阳区人大常委会"} <= names


def test_kinds_and_statistics_are_no_named_institutions():
    names = _bodies("某市政府工作报告\n人均博物馆拥有量居全国前列。提升博物馆、图书馆服务质量。"
                    "海南大学进入软科中国大学排名百强。北京大学口腔医院三亚医院投入使用。43所高校与北京市学校结对。\n")
    assert not any(n in names for n in ("人均博物馆", "提升博物馆", "海南大学进入软科中国大学", "北京市学校"))
    assert "北京大学口腔医院三亚医院" in names  # a branch named by its place


def test_central_committee_plenums_are_one_node_across_reports():
    assert not is_unqualified("二十届四中全会")
    assert not is_unqualified("十一届三中全会")
    assert is_unqualified("政协十届二次会议")
    assert not is_unqualified("公安部") and not is_unqualified("海关总署")  # national bodies of the lexicon


def test_assembly_lists_only_recognised_bodies():
    ev = Evidence(start=0, end=2, quote="某某", rule="body.core.level")
    ex = ReportExtraction(
        document="t", sha256="0" * 64, path="t.txt", metadata=Metadata(),
        bodies=(Body(name="甲县人大常委会", kind="standing_committee", evidence=(ev,)),),
        people=(Person(name="张某", posts=(Post(post="主任", body="甲县人大常委会", evidence=(ev,)),
                                          Post(post="县长", body="2026年甲县政府", evidence=(ev,))), evidence=(ev,)),),
        activities=(Activity(type="inspection", body="甲县人大常委会", count=3, evidence=(ev,)),
                    Activity(type="other", body="2026年甲县政府", count=2, evidence=(ev,))))
    out = attach(ex, Facts())  # 2026年甲县政府: a body only facts name
    assert [b.name for b in out.bodies] == ["甲县人大常委会"]
    assert [a.body for a in out.activities] == ["甲县人大常委会"]
    assert [p.body for p in out.people[0].posts] == ["甲县人大常委会", None]


def test_national_ministries_and_the_congress_standing_committee():
    names = _bodies("最高人民检察院工作报告\n一年来，在全国人大及其常委会监督下，会同公安部、海关总署打击走私，"
                    "联合国家税务总局治理偷税。各地公安部门和财政部门密切配合。\n")
    assert {"全国人大", "全国人大常委会", "公安部", "海关总署", "税务总局"} <= names
    assert "财政部" not in names  # 财政部门 is a sector


def test_the_cppcc_members_a_government_report_addresses_name_its_cppcc():
    names = _bodies("湖南省人民政府工作报告\n现在，我代表省人民政府向大会报告工作，请予审议，并请各位政协委员提出意见。\n")
    assert "湖南省政协" in names
    assert "湖南省政协" not in _bodies("湖南省人民政府工作报告\n全省人大代表和政协委员积极参与。\n")


def test_a_national_reports_own_bare_bodies_are_the_national_ones():
    ex = _extract("全国人民代表大会常务委员会工作报告\n一年来，常委会依法履职，常委会党组加强领导。各省人大常委会积极配合。\n")
    names = {b.name for b in ex.bodies}
    assert {"全国人大常委会", "全国人大常委会党组"} <= names
    assert ex.metadata.region is None


def test_units_of_the_reports_own_court_are_named_under_it():
    names = _bodies("长春市朝阳区人民法院工作报告\n一年来，刑事审判庭审结案件百余件，本院执行局开展集中执行。"
                    "区法院执行局配合。\n")
    assert {"长春市朝阳区法院刑事审判庭", "长春市朝阳区法院执行局"} <= names


def test_benyuan_is_the_reporting_procuratorate_in_its_report():
    ex = _extract("长春市朝阳区人民检察院工作报告\n一年来，本院依法履职，区人大常委会视察本院工作。\n")
    body = next(b for b in ex.bodies if "本院" in b.aliases)
    assert (body.name, body.kind) == ("长春市朝阳区检察院", "procuratorate")


def test_a_standing_committees_working_committees_are_special_committees():
    names = _bodies("芜湖市镜湖区人民代表大会常务委员会工作报告\n区人大常委会财经工委开展调研，赭山街道人大工委组织代表活动。\n")
    assert {"芜湖市镜湖区人大常委会财经工委", "芜湖市镜湖区人大常委会赭山街道人大工委"} <= names
    assert "赭山街道人大工委" not in names


def test_departments_of_the_party_committee_belong_to_it():
    ex = _extract("宁海县人民政府工作报告\n在县委领导下，县政府依法履职。县委统战部、县委办公室和县政府办公室协同推进。\n")
    parents = {b.name: b.parent for b in ex.bodies}
    assert parents.get("宁海县委统战部") == parents.get("宁海县委办公室") == "宁海县委"
    assert parents.get("宁海县政府办公室") == "宁海县政府"
    ex = _extract("宁夏回族自治区人民政府工作报告\n自治区党委统战部给予指导。\n")
    assert "宁夏回族自治区党委统战部" in {b.name for b in ex.bodies}


def test_the_youth_leagues_committee_is_no_party_committee():
    assert "宁海县委" not in _bodies("宁海县人民政府工作报告\n团县委组织青年志愿者开展服务。\n")


def test_a_named_body_listed_after_another_is_a_name_too():
    names = _bodies("九江市濂溪区人民法院工作报告\n姑塘人民法庭、威家人民法庭开展巡回审判。\n")
    assert {"姑塘人民法庭", "威家人民法庭"} <= names


def test_city_government_departments():
    names = _bodies("丽水市人民代表大会常务委员会工作报告\n市政府、市政府办公室、市发展改革委和市财政局落实审议意见，市政设施改造完成。\n")
    assert {"丽水市政府办公室", "丽水市发展改革委", "丽水市财政局"} <= names


def test_a_bare_core_after_a_parenthesised_level_list_is_a_class():
    ex = _extract("丽水市人民代表大会常务委员会工作报告\n市人大常委会指导各县（市、区）人大常委会开展工作。\n")
    body = next(b for b in ex.bodies if b.name == "丽水市人大常委会")
    assert "人大常委会" not in body.aliases


def test_a_national_deputy_in_a_title_does_not_make_the_report_national():
    ex = _extract("全国人大代表王某某：为乡村振兴鼓与呼\n长春市朝阳区人大常委会\n王某某在区委领导下履职，区人大常委会予以支持。\n")
    assert "长春市朝阳区委" in {b.name for b in ex.bodies}


def test_a_committee_named_bare_is_the_reporting_bodys():
    names = _bodies("全国人民代表大会常务委员会工作报告\n审议通过代表资格审查委员会的报告，更好发挥预算工委基层联系点作用。\n")
    assert {"全国人大常委会代表资格审查委员会", "全国人大常委会预算工委"} <= names
    names = _bodies("长春市朝阳区人民政府工作报告\n区农业农村委员会开展调研，法制委员会审议草案。\n")
    assert not any(n.endswith("法制委员会") for n in names)  # a government has no such committee


def test_the_party_by_its_short_name_but_not_its_members():
    assert "中国共产党" in _bodies("甘肃省人民政府工作报告\n老百姓的幸福就是共产党的事业。\n")
    assert "中国共产党" not in _bodies("甘肃省人民政府工作报告\n广大共产党员冲锋在前。\n")


def test_a_court_set_up_in_a_town_is_no_named_body():
    names = _bodies("某县人民法院工作报告\n各位代表：\n一年来，县法院在东山镇、西山镇设立人民法庭，依托南湖人民法庭巡回审判20次。\n")
    assert not any("设立" in n for n in names)
    assert "南湖人民法庭" in names


def test_a_party_group_of_a_court_or_government_holds_its_secretary():
    ex = _extract("桐庐县人民法院工作报告\n——在桐庐县第十八届人民代表大会第六次会议上\n各位代表：\n"
                  "一年来，县法院党组书记、院长张建华带头办案。县政府党组书记、县长李明辉出席会议。\n")
    posts = {(q.post, q.body) for p in ex.people for q in p.posts}
    names = {b.name for b in ex.bodies}
    assert {"桐庐县法院党组", "桐庐县政府党组"} <= names
    assert ("党组书记", "桐庐县法院党组") in posts and ("院长", "桐庐县法院") in posts
    assert ("党组书记", "桐庐县政府党组") in posts


def test_troops_and_the_centre_and_localities_are_no_ministry_or_party_centre():
    assert _bodies("各位代表：\n一年来，我们合理划分中央和地方财政事权，保证国防部队的需要。\n") == set()
    assert _bodies("各位代表：\n一年来，我们认真落实中央决策部署。\n") == {"党中央"}


def test_a_count_of_a_kind_or_one_in_every_unit_is_no_named_institution():
    names = _bodies("各位代表：\n一年来，基本上做到市市有博物馆，县县有图书馆。新建省重点实验室、省工程研究中心各20家，"
                    "建成桐庐县博物馆新馆。\n")
    assert not any(n.startswith(("市市", "县县")) or n.endswith("工程研究中心") for n in names)


def test_a_department_word_followed_by_a_count_of_its_kind_is_no_department():
    names = _bodies("浙江省人民政府工作报告\n各位代表：\n一年来，新建省重点实验室、省技术创新中心、省工程研究中心各15家，"
                    "省司法局办理复议案件300件。\n")
    assert not any(n.endswith("中心") for n in names)


def test_the_bare_party_group_of_a_court_or_procuratorate_is_the_report_bodys():
    ex = _extract("桐庐县人民检察院工作报告\n——在桐庐县第十八届人民代表大会第六次会议上\n各位代表：\n"
                  "一年来，院党组书记、检察长罗建国带头办案。县医院党组书记王明参加。\n")
    posts = {(q.post, q.body) for p in ex.people for q in p.posts}
    assert ("党组书记", "桐庐县检察院党组") in posts
    assert {b.name for b in ex.bodies} == {"桐庐县检察院", "桐庐县检察院党组"}


def test_a_towns_party_committee_is_its_dangwei():
    ctx = ReportContext(region="桐乡市濮院镇", levels={"town": "桐乡市濮院镇"})
    assert surface_body_name("镇党委", ctx, LEX, CORES) == "桐乡市濮院镇党委"


def test_a_party_group_member_listed_before_another_title_keeps_the_post():
    ex = _extract("桐庐县人民法院工作报告\n——在桐庐县第十八届人民代表大会第六次会议上\n各位代表：\n"
                  "一年来，县法院党组成员、副院长周建平主持会议。\n")
    posts = {(q.post, q.body) for p in ex.people for q in p.posts}
    assert {("党组成员", "桐庐县法院党组"), ("副院长", "桐庐县法院")} <= posts


def test_a_places_children_before_an_institution_word_are_no_name_and_the_news_agency_is_a_body():
    names = _bodies("各位代表：\n一年来，为桐庐孩子圆梦大学提供了更多机会。\n（新华社杭州1月5日电）\n")
    assert not any(n.endswith("大学") for n in names)
    assert "新华社" in names


def test_a_ministry_of_a_foreign_state_is_no_chinese_body_and_its_government_is_a_body():
    names = _bodies("据报道,法国政府外交部发表声明。我们同德国政府进行了友好协商。")
    assert "外交部" not in names
    assert {"法国政府", "德国政府"} <= names


def test_a_named_institution_after_a_level_word_opening_a_list_item_is_a_body():
    names = _bodies("汝城县政协委员、县人民医院副院长张明牵头撰写信息。")
    assert "汝城县人民医院" in names
