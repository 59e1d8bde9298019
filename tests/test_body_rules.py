"""The body rules are read from the lexicon (``body_rules``), not from a copy in code: changing a
list in a lexicon changes what the body finder reads (hand-written sentences)."""

from __future__ import annotations

from etl.lexicon import BodyRuleWords, default_lexicon
from etl.recognize.bodies import BodyFinder
from etl.recognize.common import Boundaries
from etl.recognize.places import find_places

LEX = default_lexicon()


def _cores(text: str, rules: BodyRuleWords | None = None) -> list[str]:
    lex = LEX if rules is None else LEX.model_copy(update={"body_rules": rules})
    bounds = Boundaries(lex.name_boundaries)
    return [m.text for m in BodyFinder(lex, bounds).find(text, find_places(text, lex, bounds))]


def test_body_rules_are_typed_lexicon_data():
    rules = LEX.body_rules
    assert "采购" in rules.not_after["政府"] and "常委会" in rules.own_ok and "人大" in rules.needs_prefix
    assert "走访了" in rules.name_leads and "布局" in rules.not_bureau and "科" in rules.named_not_after


def test_what_may_not_follow_a_core_comes_from_the_lexicon():
    text = "县政府采购中心完成招标。"
    assert "县政府" not in _cores(text)  # 政府采购 is a kind of purchase, not the government
    words = {**LEX.body_rules.not_after, "政府": ()}
    assert "县政府" in _cores(text, LEX.body_rules.model_copy(update={"not_after": words}))


def test_bare_cores_of_the_own_body_come_from_the_lexicon():
    text = "各县（市、区）人大常委会开展执法检查。"
    assert "人大常委会" not in _cores(text)  # each county's standing committee: a class, not the body
    rules = LEX.body_rules.model_copy(update={"own_ok": LEX.body_rules.own_ok - {"人大常委会"}})
    assert "人大常委会" in _cores(text, rules)
