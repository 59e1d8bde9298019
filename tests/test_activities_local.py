"""Local reports (district, county and city 人大常委会, 政协, 法院, 检察院, 政府): the shapes their
counts take and the bodies they belong to. Hand-written snippets."""

from __future__ import annotations

from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document


def head(title: str, speaker: str = "现在,我向大会报告工作,请予审议。") -> str:
    return f"{title}\n——2024年1月10日在青阳县第十八届人民代表大会第三次会议上\n各位代表:\n{speaker}\n一、2023年工作回顾\n"


def extract(text: str):
    src = SourceDocument(path="local.txt", name="local", sha256="0" * 64, source=text)
    return extract_document(src, default_lexicon())


def acts(ex) -> set[tuple]:
    return {(a.type, a.body, a.count, a.unit) for a in ex.activities}


def test_a_body_only_the_title_names_keeps_its_activities_with_the_title_as_evidence():
    ex = extract(head("青阳县人民法院工作报告") + "全年共受理各类案件5321件,审结5102件。\n")
    assert {("other", "青阳县法院", 5321, "件"), ("other", "青阳县法院", 5102, "件")} <= acts(ex)
    court = next(b for b in ex.bodies if b.name == "青阳县法院")
    assert court.kind == "court" and court.evidence


def test_a_national_report_that_never_names_the_state_council_still_acts_for_it():
    ex = extract("政府工作报告\n各位代表:\n现在,我向大会作政府工作报告,请予审议。\n一、过去一年的工作\n"
                 "我们开展安全生产大检查5次,组织专项督查12次。\n")
    assert {a.body for a in ex.activities} == {"国务院"}
    assert next(b for b in ex.bodies if b.name == "国务院").kind == "government"


def test_standing_committee_counts_and_the_congress_that_deputies_suggestions_belong_to():
    ex = extract(head("青阳县人民代表大会常务委员会工作报告", "现在,我代表县人大常委会向大会报告工作,请予审议。")
                 + "召开常委会会议8次,审议议案12件,听取和审议专项工作报告15个,开展执法检查3次,组织视察调研11次。"
                 "办理代表建议86件。\n")
    got = acts(ex)
    assert {("meeting_standing_committee", "青阳县人大常委会", 8, "次"), ("suggestion", "青阳县人大", 12, "件"),
            ("hearing_report", "青阳县人大常委会", 15, "个"),
            ("law_enforcement_inspection", "青阳县人大常委会", 3, "次"),
            ("inspection", "青阳县人大常委会", 11, "次"), ("suggestion", "青阳县人大", 86, "件")} <= got
    assert {"青阳县人大", "青阳县人大常委会"} <= {b.name for b in ex.bodies}


def test_cppcc_proposals_consultations_and_inspections_are_the_cppccs():
    ex = extract(head("政协青阳县委员会常务委员会工作报告", "我代表政协青阳县委员会常务委员会,向大会报告工作,请予审议。")
                 + "全年共收到提案215件,立案198件。组织专题协商6次,开展视察调研18次。\n")
    assert {("proposal", "青阳县政协", 215, "件"), ("proposal", "青阳县政协", 198, "件"),
            ("consultation", "青阳县政协", 6, "次"), ("inspection", "青阳县政协", 18, "次")} <= acts(ex)


def test_a_procuratorate_counts_arrests_and_prosecutions():
    ex = extract(head("青阳县人民检察院工作报告") + "批准逮捕犯罪嫌疑人132人,提起公诉298人。办理公益诉讼案件45件。\n")
    assert {("other", "青阳县检察院", 132, "人"), ("other", "青阳县检察院", 298, "人"),
            ("other", "青阳县检察院", 45, "件")} <= acts(ex)


GOV = head("青阳县人民政府工作报告", "现在,我代表县人民政府向大会报告工作,请予审议。")


def test_a_government_tells_people_at_a_level_or_as_subjects_as_statistics():
    ex = extract(GOV + "全县1334万人参保,研发人员达159万人,7.6万名儿童享受免费教育。资助困难学生2130名。\n")
    assert acts(ex) == {("other", "青阳县政府", 2130, "名")}
    assert {13340000, 1590000, 76000} <= {int(f.value) for f in ex.figures if f.value is not None}


def test_a_court_counts_the_people_its_work_reached():
    ex = extract(head("青阳县人民法院工作报告") + "审结破产案件9件,400余名职工保住了饭碗。\n")
    assert ("other", "青阳县法院", 400, "名") in acts(ex)


def test_things_at_a_level_are_statistics_but_things_done_or_occasions_held_are_not():
    ex = extract(GOV + "高新技术企业超1500家,上市公司达28家。解决群众急难愁盼问题超1300个,免费送戏下乡超800场。\n")
    assert acts(ex) == {("other", "青阳县政府", 1300, "个"), ("other", "青阳县政府", 800, "场")}


def test_copulas_and_existentials_before_chinese_numerals_state_statistics():
    ex = extract(GOV + "建设项目共有一百二十个,其中工业建设项目是七十六个。这些项目在年内可以建设完工的有四个。"
                       "组织专项检查三次。\n")
    assert acts(ex) == {("other", "青阳县政府", 3, "次")}


def test_a_later_year_in_the_item_or_opening_the_sentence_makes_a_plan():
    ex = extract(GOV + "完成民生实事12件。2024年10件民生实事:提高低保标准。一九九九年计划新建学校八所。\n")
    assert acts(ex) == {("other", "青阳县政府", 12, "件")}


def test_government_rules_made_or_repealed_are_legislation():
    ex = extract(GOV + "提请县人大常委会审议规范性文件3件,制定修改废止政府规章6件。\n")
    assert ("legislation", "青阳县政府", 6, "件") in acts(ex)


def test_numbers_grouped_in_thousands_are_read_whole():
    ex = extract(GOV + "组织专项检查1,200次。\n")
    assert acts(ex) == {("other", "青阳县政府", 1200, "次")}


def test_results_others_grant_and_appendices_are_no_activities():
    ex = extract(GOV + "开展专项督查12次,3项创新成果在全国推广。\n附件\n2024年十件民生实事\n1.新建学校8所。\n")
    assert acts(ex) == {("other", "青阳县政府", 12, "次")}


def test_a_cue_inside_a_bodys_name_and_registrations_and_throughput_are_no_activities():
    ex = extract(GOV + "会议期间同时举行着中国人民政治协商会议的会议。全年新登记各类经营主体946户,"
                       "机场旅客吞吐量近500万人次。出台惠企政策30项,其中5项为全国首创。\n")
    assert acts(ex) == {("other", "青阳县政府", 30, "项")}


def test_ranked_things_counted_without_a_verb_are_statistics_but_a_list_a_verb_heads_is_done():
    ex = extract(GOV + "国家级专精特新企业18家、工业互联网平台46家。新建精品示范村205个、省级中心村816个。\n")
    assert acts(ex) == {("other", "青阳县政府", 205, "个"), ("other", "青阳县政府", 816, "个")}


def test_a_leaders_visits_a_plan_for_this_year_and_firms_others_set_up_are_not_the_bodys():
    ex = extract(GOV + "总书记始终关心青阳,十年来三次亲临青阳考察。今年再解决3200人的饮水问题。"
                       "新设外资企业26家,下岗失业人员再就业440人。组织专项督查12次。\n")
    assert acts(ex) == {("other", "青阳县政府", 12, "次")}


def test_counts_of_all_the_citys_courts_belong_to_the_reporting_court():
    ex = extract("九江市中级人民法院工作报告\n——2024年1月10日在九江市第十六届人民代表大会第三次会议上\n各位代表:\n"
                 "现在,我代表市中级人民法院向大会报告工作,请予审议。\n一、2023年工作回顾\n"
                 "全市法院共受理各类案件12.3万件,审结11.8万件。市中院受理案件8650件。开展巡回审判120次。\n")
    bodies = {a.body for a in ex.activities}
    assert len(bodies) == 1 and next(iter(bodies)).startswith("九江市")
    assert {(123000, "件"), (118000, "件"), (8650, "件"), (120, "次")} <= {(a.count, a.unit) for a in ex.activities}


def test_the_report_s_own_body_is_listed_even_when_only_the_opening_names_it():
    ex = extract("各位代表:\n现在,我向大会作政府工作报告,请予审议。\n一、过去一年的工作\n我国经济稳步发展。\n")
    state = next(b for b in ex.bodies if b.name == "国务院")
    assert state.kind == "government" and [e.rule for e in state.evidence] == ["body.acting"]


def test_a_count_of_laws_is_legislation_and_one_of_several_pilots_is_no_count():
    ex = extract(GOV + "《青阳县物业管理条例》等3件地方性法规提请人大审议通过。成为全省5个试点县之一。\n")
    assert acts(ex) == {("legislation", "青阳县政府", 3, "件")}


def test_results_formed_deposits_proven_and_beneficiaries_are_statistics_but_reports_written_are_surveys():
    ex = extract(GOV + "新探明大中型矿产地35处,形成3条完整产业链,让1307户群众搬进新居。获批建设2家联合实验室。\n")
    assert acts(ex) == {("other", "青阳县政府", 2, "家")}
    ex = extract(head("青阳县人民代表大会常务委员会工作报告", "现在,我代表县人大常委会向大会报告工作,请予审议。")
                 + "深入调查研究,形成26份专题调研报告。\n")
    assert ("survey", "青阳县人大常委会", 26, "份") in acts(ex)


def test_another_organ_named_bare_at_the_head_of_its_clause_acts_for_itself():
    ex = extract(head("青阳县人民检察院工作报告") + "对确有错误的刑事裁判提出抗诉58件,法院审结47件。\n")
    assert acts(ex) == {("other", "青阳县检察院", 58, "件")}


def test_a_part_of_a_statistic_awards_and_subsidies_are_no_activities():
    ex = extract(GOV + "新登记经营主体3200户,总量达20377户,其中企业9298户。获全国性文艺评奖8项。"
                       "实施留工培训补助政策。组织专项督查12次。\n")
    assert acts(ex) == {("other", "青阳县政府", 12, "次")}


def test_a_chinese_numeral_after_a_modifier_is_an_enumeration():
    ex = extract(GOV + "我们坚持推动两岸关系发展的八项主张,制定了对外援助的八项原则。开展专项督查五次。\n")
    assert acts(ex) == {("other", "青阳县政府", 5, "次")}


def test_level_words_make_statistics_of_chinese_numerals_too_and_what_a_task_involves_is_no_count():
    ex = extract(GOV + "建交国家增加到近百个,涉及1050人的保交房任务全部完成,监管事项从39个拓展到91个。开展专项督查五次。\n")
    assert acts(ex) == {("other", "青阳县政府", 5, "次")}


def test_a_count_of_aspects_is_a_texts_structure_and_market_entities_are_statistics():
    ex = extract(GOV + "一年来,主要做了6个方面工作。经营主体11605户,园区整合优化为12个。组织专项督查12次。\n")
    assert acts(ex) == {("other", "青阳县政府", 12, "次")}


def test_a_governments_count_told_of_this_year_is_planned_and_administrative_regulations_are_legislation():
    ex = extract(GOV + "今年高校毕业生7490人,今年要淘汰燃煤小锅炉50台。制定了32件行政法规。\n")
    assert acts(ex) == {("legislation", "青阳县政府", 32, "件")}


def test_bills_submitted_are_legislation_and_finds_and_reach_are_statistics():
    ex = extract(GOV + "提请县人大常委会审议8件法律议案。文物普查新发现文物点76处,物流通道辐射全国75个城市。\n")
    assert acts(ex) == {("legislation", "青阳县政府", 8, "件")}


# ---------------------------------------------------------------- types by verb and object (issue 15)
PROCURATORATE = "青阳县人民检察院工作报告"
CPPCC = ("政协青阳县委员会常务委员会工作报告", "我代表政协青阳县委员会常务委员会,向大会报告工作,请予审议。")


def types(ex) -> set[tuple]:
    return {(a.type, a.count, a.unit) for a in ex.activities}


def test_visits_are_other_but_visits_to_survey_and_reception_days_are_typed():
    ex = extract(head(PROCURATORATE) + "院领导深入园区走访民营企业45家,收集司法需求30条。开展走访调研企业18家。"
                 "开展检察长接待日活动16次,接待来访群众120人次。\n")
    assert {("other", 45, "家"), ("survey", 18, "家"), ("petition", 16, "次")} <= types(ex)


def test_a_time_limit_is_no_count_and_dispute_cases_are_no_motions():
    ex = extract(head(PROCURATORATE) + "受理群众信访87件,均在7日内回复、2个月内答复办理结果。审结劳动争议案件52件。\n")
    got = types(ex)
    assert {("petition", 87, "件"), ("other", 52, "件")} <= got
    assert not [a for a in got if a[2] == "个"]


def test_executive_and_dialogue_meetings_are_meetings():
    ex = extract(head("政府工作报告", "现在,我代表县人民政府向大会报告工作,请予审议。")
                 + "召开县政府常务会议20次,举办“银企对接”恳谈会6场。\n")
    assert {("meeting_other", 20, "次"), ("meeting_other", 6, "场")} <= types(ex)


def test_consultations_are_typed_by_their_head_word_even_in_quotes():
    ex = extract(head(*CPPCC) + "开展提案办理协商5次,组织“有事好商量·请你来协商”活动9场,开展“委员进企业”活动11次。\n")
    assert {("consultation", 5, "次"), ("consultation", 9, "场"), ("other", 11, "次")} <= types(ex)


def test_heads_office_meetings_are_meetings_and_appraisals_break_a_list():
    ex = extract(head("青阳县人民法院工作报告") + "召开院长办公会8次,召开审判委员会会议22次。\n")
    assert {("meeting_other", 8, "次"), ("meeting_other", 22, "次")} <= types(ex)
    ex = extract(head("青阳县人民代表大会常务委员会工作报告", "现在,我代表县人大常委会向大会报告工作,请予审议。")
                 + "开展专题询问1次、满意度测评2次。\n")
    assert {("special_inquiry", 1, "次"), ("other", 2, "次")} <= types(ex)


def test_a_meeting_convened_is_typed_by_its_name_and_only_a_counted_one_is_an_activity():
    ex = extract(head("青阳县人民代表大会常务委员会工作报告", "现在,我代表县人大常委会向大会报告工作,请予审议。")
                 + "召开专委会会议12次,召开常委会会议9次,常委会党组书记主持召开常委会会议研究重要事项。"
                 "认真贯彻召开的全县经济工作会议精神。\n")
    got = types(ex)
    assert {("meeting_other", 12, "次"), ("meeting_standing_committee", 9, "次")} <= got
    assert not [a for a in ex.activities if a.type == "meeting_other" and a.count is None]
    ex = extract(head("青阳县人民代表大会常务委员会工作报告", "现在,我代表县人大常委会向大会报告工作,请予审议。")
                 + "常委会党组书记主持召开常委会会议研究重要事项2次,党组召开会议3次。\n")
    assert {("meeting_standing_committee", 2, "次"), ("meeting_party_group", 3, "次")} <= types(ex)


def test_checking_laws_is_a_law_enforcement_inspection_wherever_it_occurs():
    ex = extract(head("青阳县人民代表大会常务委员会工作报告", "现在,我代表县人大常委会向大会报告工作,请予审议。")
                 + "组织检查3部法律法规,检查2件法律实施情况。\n")
    assert {("law_enforcement_inspection", 3, "部"), ("law_enforcement_inspection", 2, "件")} <= types(ex)
