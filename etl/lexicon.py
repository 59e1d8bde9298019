"""Loads ``schema/lexicon.yaml`` once into a frozen ``Lexicon`` that rules read."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from . import gazetteer, lawbook, lexicon_cache
from .errors import SchemaError

#: The repository's schema/ folder; LIANGHUI_SCHEMA points elsewhere.
SCHEMA_DIR = Path(os.environ.get("LIANGHUI_SCHEMA", Path(__file__).resolve().parent.parent / "schema"))


class ActivityRuleWords(BaseModel):
    """``activity_rules``: the words relate/ uses to tell activities from figures and plans."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    statistic_markers: list[str] = []  # a clause with one reports a statistic (人均, 同比)
    statistic_predicates: list[str] = []  # before an uncued count: a level or a change (增至, 新增)
    statistic_just_before: list[str] = []  # right before an uncued count: a level (达, 至)
    statistic_results: list[str] = []  # after an uncued count in its item: a result (入选, 上榜)
    doing_verbs: list[str] = []  # before an uncued count in Chinese numerals: a thing done (建立, 明确)
    occasion_units: list[str] = []  # units that count occasions, things done (次, 轮)
    object_kind_verbs: list[str] = []  # cues of `other` that take the kind of a cue after them (受理)
    speech_markers: list[str] = []  # after a cue: it names a speech (考察…重要讲话), no activity
    thing_level_before: list[str] = []  # right before an uncued count of things: a level (达288家)
    acting_people: list[str] = []  # people counted doing something for the body (代表, 委员), not a statistic
    structure_nouns: list[str] = []  # a count of them is a text's structure, not a thing done (方面)
    coming_year_words: list[str] = []  # in a government's count item: the coming year, a plan (今年)
    rank_prefixes: list[str] = []  # an uncued count's item opening so is a noun phrase of ranked things (国家级…企业18家)
    leader_titles: list[str] = []  # in a count's item: the leader, not the body, acts (总书记)
    not_cue_words: list[str] = []  # words that hold a cue but are none (行政复议 holds 议案)
    year_count_markers: list[str] = []  # before N年: a count of years of an activity (连续)
    not_count_before: list[str] = []  # before a number: not a count (第, 每, 届)
    person_units: list[str] = []  # units that count people (人, 名, 人次)
    person_types: list[str] = []  # activity types that may count people
    organised_person_types: list[str] = []  # … and these when a body organises the people (组织)
    organiser_verbs: list[str] = []  # the body organises people who act (组织, 邀请)
    representative_compounds: list[str] = []  # 代表… words that are no representatives (代表团)
    continuation_markers: list[str] = []  # a list item continues the previous count (其中)
    plan_openers: list[str] = []  # a paragraph opening a plan (新的一年, 下一步)
    future_markers: list[str] = []  # a sentence about the future (将继续)
    planned_markers: list[str] = []  # in a count's item: the count is planned, not done (也要, 计划)
    running_total_markers: list[str] = []  # in a count's item: a running total, not one year's doing (累计)
    within_year_markers: list[str] = []  # in its sentence: a running total within the year (全年累计)
    law_objects: list[str] = []  # right before a count: laws counted, legislation (法规草案8部)
    received_markers: list[str] = []  # before an uncued count: an approval received (获批), a statistic
    title_earning_verbs: list[str] = []  # in an uncued count's item: a title earned (创建…示范), with title_words
    title_words: list[str] = []  # a title or rank (全国, 示范, 千亿级) earned, with title_earning_verbs
    certified_titles: list[str] = []  # a title a thing is certified with (绿色工厂): a count of them is a result
    population_words: list[str] = []  # a count of people that makes one with its unit (13亿人口): a figure
    instruction_subjects: list[str] = []  # a sentence's subject ending so, then a modal (各级政府要): an instruction
    instruction_modals: list[str] = []  # after a sentence's subject or opening it (要, 必须, 应当): an instruction
    state_verbs: list[str] = []  # in an uncued count's clause before it: what things are doing (运行, 通航), a statistic
    participation_verbs: list[str] = []  # in an uncued count of people: they take part (参加医保), a statistic
    passive_agent_verbs: list[str] = []  # after 经+body before a count: that body passed it (审议通过)
    unit_subject_suffixes: list[str] = []  # a zone or laboratory opening a clause as its subject acts (先导区)
    assisting_verbs: list[str] = []  # before a body and the counted laws: that body made them (配合市人大出台)
    proposing_verbs: list[str] = []  # members put forward proposals (提出, 提交): the CPPCC's count
    handling_verbs: list[str] = []  # a body handles proposals (办理, 办结): its own count
    appendix_headings: list[str] = []  # a plan heading whose section runs to the end (名词解释)
    caption_markers: list[str] = []  # a photo caption (摄影, 供图)
    caption_position_markers: list[str] = []  # (左 …) in a caption
    light_verbs: list[str] = []  # verbs whose object names the activity (开展, 进行)
    noun_after: list[str] = []  # after a cue: the cue is a modifier (机制, 制度)
    sub_unit_suffixes: list[str] = []  # units of the acting body (法庭, 党组)
    named_other: list[str] = []  # cue phrases of type other still named (专项监督)
    named_exclude: list[str] = []  # cue phrases never a named activity (走访)
    named_types: list[str] = []  # activity types that are named without a count
    report_title_suffixes: list[str] = []  # a report title line ends so (工作报告)
    title_body_breaks: list[str] = []  # words that make a title line's head no body name (作, 向)
    speaker_markers: list[str] = []  # before the body the speaker stands for (我代表)
    own_report_phrases: dict[str, list[str]] = {}  # body kind → the report it gives (政府工作报告)


class BodyRuleWords(BaseModel):
    """``body_rules``: how recognize/bodies.py reads a body's core and a proper name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    needs_prefix: frozenset[str] = frozenset()  # cores that need a written region or level in front (人大)
    not_after: dict[str, tuple[str, ...]] = {}  # core → what may not follow it (委|员, 政府|工作报告)
    own_ok: frozenset[str] = frozenset()  # bare cores that stand for the report's own body (常委会, 本院)
    place_words: frozenset[str] = frozenset()  # generic heads that may stand inside a proper name (社区)
    not_bureau: tuple[str, ...] = ()  # words ending in 局 that are no bureau (布局)
    named_not_after: str = ""  # characters after an institution word that extend it (大学|科技园)
    name_leads: tuple[str, ...] = ()  # verbs after which a proper name stands (赴, 走访了)
    place_led_only: tuple[str, ...] = ()  # institution words that make a name only after a place (集团, 学校)
    case_verbs: tuple[str, ...] = ()  # a court's verbs before a bankruptcy case's debtor (受理)
    bankruptcy_kinds: tuple[str, ...] = ()  # 破产重整, 破产清算 …
    not_debtor_words: tuple[str, ...] = ()  # a debtor holding one is a class (企业破产)
    not_debtor_chars: str = ""  # … or holding one of these characters (一批破产案件)
    founding_verbs: tuple[str, ...] = ()  # a place, then one of these: a body being set up, no name (在某镇设立人民法庭)
    people_words: tuple[str, ...] = ()  # a place, then one of these before an institution word: its people, no name (孩子)
    foreign_states: tuple[str, ...] = ()  # foreign states (苏联, 美国): a ministry named after one is no Chinese body


class WebChromeWords(BaseModel):
    """``web_chrome``: a web page's chrome around a report (clean.py drops it, rule clean.chrome)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nav_words: frozenset[str] = frozenset()  # a line of only one of these is a page tool or link (打印, 首页)
    nav_patterns: tuple[str, ...] = ()  # regexes a whole chrome line matches (a link id, 点击…进入…)
    labels: tuple[str, ...] = ()  # a line 'label: value' of these is page metadata (来源, 责任编辑)
    breadcrumb_marks: frozenset[str] = frozenset()  # a breadcrumb's separator line (>)
    related_headers: tuple[str, ...] = ()  # a header of the related links at a page's end (相关报道)
    licence_openers: tuple[str, ...] = ()  # a licence notice starts so (本作品, 版权所有)
    licence_markers: tuple[str, ...] = ()  # … and holds one of these (公有领域, 著作权法)


class Lexicon(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    provinces: dict[str, str]
    bodies: dict[str, tuple[str, str]]
    national_bodies: dict[str, tuple[str, list[str]]]
    department_suffixes: dict[str, list[str]]
    levels: dict[str, str]
    posts: dict[str, list[str]]
    surnames: str
    double_surnames: list[str]
    law_kinds: dict[str, list[str]]
    non_law_titles: dict[str, list[str]]
    law_actions: dict[str, list[str]]
    activity_types: dict[str, list[str]]
    units: list[str]
    not_activity_units: list[str]
    approx_markers: dict[str, list[str]]
    genres: dict[str, list[str]]
    plan_headings: list[str]
    activity_rules: ActivityRuleWords = ActivityRuleWords()  # statistic markers, plan openers … (relate)
    # entity recognition (etl/recognize/): general vocabulary, all optional
    regions: dict[str, dict[str, str]] = {}  # filled from the division codes (gazetteer.py)
    new_areas: dict[str, list[str]] = {}
    name_boundaries: list[str] = []
    place_not_names: list[str] = []
    zone_suffixes: list[str] = []  # development and trade zones named after a place (经开区, 自由贸易试验区)
    place_short_words: list[str] = []  # common words holding a unit's short form (白银, 长治久安)
    place_name_heads: list[str] = []  # what after a short form makes it part of a name (北京|奥运会, 亳州|机场)
    place_proper_heads: list[str] = []  # heads of proper names a place starts (长春|地质学院): marked in_name
    place_named_lists: list[str] = []  # what ends a list of named things (等…项目, 等…品牌): its items are names
    division_founded: dict[str, int] = {}  # a unit's founding year: before it, its short form is the name
    place_demonyms: list[str] = []  # words for a place's people (台湾|同胞): the place inside is no mention
    place_body_leads: list[str] = []  # words before a place that start a body's name (中共|X县委, 政协|X县委员会)
    special_committees: list[str] = []
    body_rules: BodyRuleWords = BodyRuleWords()  # core and proper-name rules of recognize/bodies.py
    web_chrome: WebChromeWords = WebChromeWords()  # page chrome clean.py drops (nav words, labels, licence)
    named_body_suffixes: dict[str, list[str]] = {}
    named_body_not_heads: list[str] = []
    body_units: dict[str, list[str]] = {}  # a body's core → its units named bare (法院: 刑事审判庭)
    known_laws: dict[str, list[str]] = {}
    national_laws: list[str] = []  # filled from the national law list (lawbook.py): titles found bare
    law_name_leads: list[str] = []  # words a bare law name may follow (贯彻, 修改, 宣传)
    book_titles: list[str] = []
    name_followers: list[str] = []
    given_name_bad: str = ""
    person_not_names: list[str] = []  # adverbs led by a surname's letter (全权负责, 高度重视): no name
    project_suffixes: list[str] = []
    project_not_heads: list[str] = []
    project_scopes: list[str] = []  # scope words before a quoted short name (国家|“三北”工程): no part of it
    project_suffix_not_before: list[str] = []  # what after a project suffix makes it another word (高铁网)
    project_name_verbs: list[str] = []  # verbs of building a project's name may hold (改扩建)
    project_lead_words: list[str] = []  # verbs and counts written in front of a project's name (新开工, 布局)
    project_generic_words: list[str] = []  # words for a kind of work: a head of only these is no proper name
    project_campaign_verbs: list[str] = []  # verbs of enforcement opening an unquoted campaign (打击X专项行动): no name
    strategy_markers: list[str] = []  # “X”战略: X is a strategy, its “X”行动 no project
    event_suffixes: list[str] = []
    event_sessions: list[str] = []  # a session of a named forum written after it (中非合作论坛|北京峰会): the event
    work_conference_topics: list[str] = []  # 中央X工作会议, 市委X工作会议: the topics X of work conferences
    person_titles: list[str] = []
    generic_titles: list[str] = []
    rules: dict[str, str] = {}  # rule id (or id prefix) → its one-line rationale
    name_titles: list[str] = []  # titles written after a name (同志, 总书记, 委员长)
    led_name_titles: list[str] = []  # such titles that also follow a body (政协主席): the name needs a lead
    name_leads: list[str] = []  # words a name may follow, besides name_boundaries (按照, 惩处)
    list_tails: list[str] = []  # words for people after 等 that end a list of names (干部, 被告人)
    post_units: list[str] = []  # last characters of a unit word joined before a title (护理部主任)
    apposition_verbs: list[str] = []  # after a name, before the member post it holds (高某,是…人大代表)
    digest: str = ""  # sha256 of the file: part of the rule version (pipeline.rule_version)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Parse and check the lexicon; a broken file raises SchemaError naming it."""
    p = Path(path) if path else SCHEMA_DIR / "lexicon.yaml"
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise SchemaError(f"cannot read the lexicon ({e.strerror}); restore schema/lexicon.yaml", path=p) from None
    laws = lawbook.list_path()
    try:
        law_bytes = laws.read_bytes() if laws else b""
    except OSError:
        law_bytes = b""
    digest = lexicon_cache.key([raw, str(laws).encode(), law_bytes, gazetteer.version().encode()],
                               [__file__, lawbook.__file__, gazetteer.__file__])
    return lexicon_cache.cached("lexicon", digest, lambda: _parse_lexicon(p, raw), Lexicon)


def _parse_lexicon(p: Path, raw: bytes) -> Lexicon:
    import yaml  # here: the lexicon is parsed once, then read from its pickle (lexicon_cache)

    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise SchemaError(f"lexicon is not valid YAML{where}: {getattr(e, 'problem', e)}", path=p) from None
    if not isinstance(data, dict):
        raise SchemaError("lexicon must be a YAML mapping of sections", path=p)
    try:
        lex = Lexicon(**data, digest=hashlib.sha256(raw + gazetteer.version().encode()
                                                      + lawbook.digest().encode()).hexdigest())
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise SchemaError(f"lexicon section '{loc}': {err['msg']}", path=p) from None
    if not lex.national_laws:
        lex = lex.model_copy(update={"national_laws": lawbook.written_forms()})
    if lex.regions:
        return lex
    regions = {prov: dict(cities) for prov, cities in gazetteer.divisions().items()}
    for prov, areas in lex.new_areas.items():
        for area in areas:
            regions.setdefault(prov, {}).setdefault(area, "")
    return lex.model_copy(update={"regions": regions})


def rationale(lex: Lexicon, rule: str) -> str | None:
    """The rationale of a rule id: of its longest registered prefix (activity.counted.x → activity.counted)."""
    parts = rule.split(".")
    for n in range(len(parts), 0, -1):
        found = lex.rules.get(".".join(parts[:n]))
        if found:
            return found
    return None


@cache
def default_lexicon() -> Lexicon:
    return load_lexicon()
