"""Cross-report identity: merges that need the corpus, homonyms kept apart, decisions recorded."""

from __future__ import annotations

import pyoxigraph as ox

from etl import identity, rdf
from etl.models import Body, Law, Meeting, Metadata, Person, Post, ReportExtraction


def report(sha: str, region: str, **kw) -> ReportExtraction:
    return ReportExtraction(document=sha, sha256=sha * 8, path=f"{sha}.txt", metadata=Metadata(region=region), **kw)


def test_tail_form_merges_into_the_one_fuller_form():
    a = report("a" * 8, "乙县", bodies=(Body(name="乙县人大常委会", kind="standing_committee"),))
    b = report("b" * 8, "甲市乙县", bodies=(Body(name="甲市乙县人大常委会", kind="standing_committee"),))
    m = identity.resolve_corpus([a, b])
    short, full = rdf.entity_iri("body", "乙县人大常委会").value, rdf.entity_iri("body", "甲市乙县人大常委会").value
    assert m(short) == full
    assert any("tail" in d[3] for d in m.decisions)


def test_homonyms_of_different_regions_stay_apart():
    a = report("a" * 8, "甲市乙区", bodies=(Body(name="甲市乙区人大常委会", kind="standing_committee"),))
    b = report("b" * 8, "丙市乙区", bodies=(Body(name="丙市乙区人大常委会", kind="standing_committee"),))
    c = report("c" * 8, "乙区", bodies=(Body(name="乙区人大常委会", kind="standing_committee"),))
    m = identity.resolve_corpus([a, b, c])
    # 乙区人大常委会 is the tail of two fuller names: ambiguous, so no merge
    assert m.target == {}


def test_law_titles_with_and_without_state_prefix_merge():
    a = report("a" * 8, "甲市", laws=(Law(name="中华人民共和国环境保护法", kind="law"),))
    b = report("b" * 8, "乙市", laws=(Law(name="环境保护法", kind="law"),))
    m = identity.resolve_corpus([a, b])
    assert m(rdf.entity_iri("law", "环境保护法").value) == rdf.entity_iri("law", "中华人民共和国环境保护法").value


def test_people_merge_only_within_the_same_body():
    body = "甲市人大常委会"
    a = report("a" * 8, "甲市", people=(Person(name="王某某", posts=(Post(post="主任", body=body),)),))
    b = report("b" * 8, "甲市", people=(Person(name="王某某", posts=(Post(post="主任", body=body),)),))
    c = report("c" * 8, "乙市", people=(Person(name="王某某", posts=(Post(post="院长", body="乙市法院"),)),))
    m = identity.resolve_corpus([a, b, c])
    assert rdf.person_iri("王某某", body) == rdf.person_iri("王某某", body)
    assert rdf.person_iri("王某某", body).value not in m.target
    assert m(rdf.person_iri("王某某", "乙市法院").value) != rdf.person_iri("王某某", body).value


def test_unqualified_names_are_local_to_their_report_region():
    a = report("a" * 8, "甲市", meetings=(Meeting(name="政协三届二次会议"),))
    b = report("b" * 8, "乙市", meetings=(Meeting(name="政协三届二次会议"),))
    old = rdf.entity_iri("meeting", "政协三届二次会议").value
    assert identity.local_keys(a)[old] != identity.local_keys(b)[old]
    assert old not in identity.emit(a) and identity.local_keys(a)[old] in identity.emit(a)


def test_rewrite_turns_merged_label_into_alt_label_and_keeps_a_label():
    a = report("a" * 8, "乙县", bodies=(Body(name="乙县人大常委会", kind="standing_committee"),))
    b = report("b" * 8, "甲市乙县", bodies=(Body(name="甲市乙县人大常委会", kind="standing_committee"),))
    m = identity.resolve_corpus([a, b])
    out = identity.rewrite(identity.emit(a), m)
    full = rdf.entity_iri("body", "甲市乙县人大常委会").value
    assert f"<{full}> <{rdf.SKOS}altLabel> \"乙县人大常委会\"" in out
    assert f"<{full}> <{rdf.RDFS}label> \"甲市乙县人大常委会\"" in out  # never left without its label
    graph = identity.resolution_graph([a, b], m)
    assert "IdentityDecision" in graph and "tail" in graph


def test_merges_apply_to_terms_and_keep_label_type_and_title():
    a = report("a" * 8, "甲市", laws=(Law(name="中华人民共和国青藏高原生态保护法", kind="law"),))
    b = report("b" * 8, "乙市", laws=(Law(name="青藏高原生态保护法", kind="law"),))
    m = identity.resolve_corpus([a, b])
    kept = ox.NamedNode(rdf.entity_iri("law", "中华人民共和国青藏高原生态保护法").value)
    quads = set(ox.parse(identity.emit(b).encode(), ox.RdfFormat.N_QUADS))
    merged = identity.merge_quads(quads, m)
    assert merged is not None
    about = {(q.predicate.value, q.object.value) for q in merged if q.subject == kept}
    assert (rdf.RDFS + "label", "中华人民共和国青藏高原生态保护法") in about
    assert (rdf.SKOS + "altLabel", "青藏高原生态保护法") in about
    assert (rdf.ELI + "title", "中华人民共和国青藏高原生态保护法") in about
    assert (rdf.RDF + "type", rdf.ELI + "LegalResource") in about
    old = rdf.entity_iri("law", "青藏高原生态保护法").value
    assert old not in {t.value for q in merged for t in (q.subject, q.object)}
    assert identity.merge_quads(set(ox.parse(identity.emit(a).encode(), ox.RdfFormat.N_QUADS)), m) is None
    assert identity.rewrite(identity.emit(a), m) == identity.emit(a)  # untouched graphs keep their bytes


def test_merge_chains_end_at_the_last_iri():
    m = identity.Mapping(target={"x:a": "x:b", "x:b": "x:c"})
    assert identity._follow(m.target, "x:a") == "x:c"


def test_a_merge_change_is_the_difference_between_the_graph_and_its_merged_quads():
    a = report("a" * 8, "乙县", bodies=(Body(name="乙县人大常委会", kind="standing_committee"),))
    b = report("b" * 8, "甲市乙县", bodies=(Body(name="甲市乙县人大常委会", kind="standing_committee"),))
    m = identity.resolve_corpus([a, b])
    quads = set(ox.parse(identity.emit(a).encode(), ox.RdfFormat.N_QUADS))
    full = ox.NamedNode(rdf.entity_iri("body", "甲市乙县人大常委会").value)
    graph = next(iter(quads)).graph_name
    stale = ox.Quad(full, ox.NamedNode(rdf.SKOS + "altLabel"), ox.Literal("甲市乙县人大常委会", language="zh"), graph)
    quads.add(stale)  # the kept name already an alternative label here: the label replaces it
    removed, added = identity.merge_change(quads, m)
    assert removed <= quads and stale in removed and not added & removed
    assert (quads - removed) | added == identity.merge_quads(quads, m)
    assert identity.merge_change(set(ox.parse(identity.emit(b).encode(), ox.RdfFormat.N_QUADS)), m) is None
