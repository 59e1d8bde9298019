"""A body's written region is read through the place mentions recognize found, not by running
the place finder again in resolve (issue 16: a stage decides once). Hand-written sentences."""

from __future__ import annotations

from etl.clean import clean
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document
from etl.recognize import recognize
from etl.resolve import canonicalize, region
from etl.segment import segment

LEX = default_lexicon()
TEXT = ("关于长春市朝阳区2025年工作情况的报告\n"
        "一年来，长春市朝阳区人大常委会听取审议专项工作报告5个，开展执法检查3次。\n")


def _extract(text: str):
    return extract_document(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=text), LEX)


def test_a_bodys_region_is_read_from_the_place_mentions(monkeypatch):
    read_again = []
    find = region.find_places

    def spy(text, lex, bounds):
        read_again.append(text)
        return find(text, lex, bounds)

    monkeypatch.setattr(region, "find_places", spy)
    ex = _extract(TEXT)
    assert "长春市朝阳区人大常委会" in {b.name for b in ex.bodies}
    assert "长春市朝阳区" not in read_again  # the body's region: recognize's place mentions, not a second run


def test_the_context_holds_the_reports_place_mentions():
    seg = segment(clean(SourceDocument(path="t.txt", name="t", sha256="0" * 64, source=TEXT)), LEX)
    mentions = recognize(seg, LEX)
    ctx = canonicalize(seg, mentions, LEX).ctx
    assert {p.full for p in ctx.places} >= {"长春市", "朝阳区"}
