"""Scoring extraction against gold annotations (../shared/gold/README.md).

An extracted entity matches a gold one when its name equals the gold name or any gold alias
after NFKC and whitespace removal; each gold entity is matched at most once. Posts, law
actions and activities are matched as tuples whose people, laws and bodies are first mapped
onto the gold entities they matched. Micro scores add up counts over all reports.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

from .errors import InputError
from .ingest import find_reports
from .lexicon import default_lexicon
from .annotation import Annotation, to_annotation
from .pipeline import extract_report
from .tables import write_table

ENTITY_TYPES = ("bodies", "people", "laws", "projects", "places", "meetings")
FACT_TYPES = ("posts", "law_actions", "activities")
METADATA_FIELDS = ("title", "subtitle", "author", "date", "region", "issuing_body", "period", "genre", "meeting")


def norm(s: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def load_gold(path: str | Path) -> Annotation:
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise InputError(f"cannot read gold annotation: {e}", path=p) from None
    try:
        return Annotation.model_validate(data)
    except Exception as e:
        raise InputError(f"gold annotation does not fit the schema: {str(e).splitlines()[0]}", path=p) from None


class _Matcher:
    """Maps predicted names onto gold entities of one type (by name or alias)."""

    def __init__(self, gold_items) -> None:
        self.lookup: dict[str, str] = {}
        self.gold = [norm(g.name) for g in gold_items]
        for g in gold_items:
            for form in [g.name, *(getattr(g, "aliases", None) or [])]:
                self.lookup.setdefault(norm(form), norm(g.name))

    def canonical(self, name: str | None) -> str | None:
        if name is None:
            return None
        n = norm(name)
        return self.lookup.get(n, n)

    def score(self, predicted_names) -> tuple[int, int, int, list[str], list[str]]:
        remaining = Counter(self.gold)
        tp, fps = 0, []
        for name in predicted_names:
            c = self.lookup.get(norm(name))
            if c is not None and remaining[c] > 0:
                remaining[c] -= 1
                tp += 1
            else:
                fps.append(name)
        fns = sorted(remaining.elements())
        return tp, len(fps), len(fns), fps, fns


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _multiset(pred: list[tuple], gold: list[tuple]) -> tuple[int, int, int, list, list]:
    g = Counter(gold)
    tp, fps = 0, []
    for t in pred:
        if g[t] > 0:
            g[t] -= 1
            tp += 1
        else:
            fps.append(t)
    return tp, len(fps), sum(g.values()), fps, sorted(g.elements(), key=str)


def score_report(pred: Annotation, gold: Annotation) -> dict:
    """Counts and errors per entity type and fact kind for one report."""
    out: dict[str, dict] = {}
    matchers = {t: _Matcher(getattr(gold, t)) for t in ENTITY_TYPES}
    for t in ENTITY_TYPES:
        tp, fp, fn, fps, fns = matchers[t].score([x.name for x in getattr(pred, t)])
        out[t] = {"tp": tp, "fp": fp, "fn": fn, "false_positives": fps, "false_negatives": fns}
    bodies, people, laws = matchers["bodies"], matchers["people"], matchers["laws"]

    def posts(a: Annotation, mapped: bool) -> list[tuple]:
        rows = []
        for p in a.people:
            person = people.canonical(p.name) if mapped else norm(p.name)
            for q in p.posts:
                rows.append((person, norm(q.post), bodies.canonical(q.body) if mapped else norm(q.body) or None))
        return rows

    def law_actions(a: Annotation, mapped: bool) -> list[tuple]:
        rows = []
        for law in a.laws:
            name = laws.canonical(law.name) if mapped else norm(law.name)
            for act in law.actions:
                rows.append((name, act.action, bodies.canonical(act.body) if mapped else norm(act.body) or None))
        return rows

    def activities(a: Annotation, mapped: bool) -> list[tuple]:
        return [
            (x.type, bodies.canonical(x.body) if mapped else norm(x.body) or None, x.count, x.unit)
            for x in a.activities
        ]

    for name, fn_ in (("posts", posts), ("law_actions", law_actions), ("activities", activities)):
        tp, fp, fn, fps, fns = _multiset(fn_(pred, True), fn_(gold, False))
        out[name] = {"tp": tp, "fp": fp, "fn": fn, "false_positives": [list(x) for x in fps],
                     "false_negatives": [list(x) for x in fns]}
    out["activities"].update(_activity_details(pred, gold, bodies))
    out["metadata"] = _metadata(pred, gold, bodies)
    return out


def _topic_chars(topic: str | None) -> set[str]:
    return set(re.sub(r"[\W_]", "", norm(topic)))


def _topic_similarity(a: str | None, b: str | None) -> float:
    """Jaccard overlap of the characters of two topics (1.0 when both are empty)."""
    x, y = _topic_chars(a), _topic_chars(b)
    return len(x & y) / len(x | y) if x | y else 1.0


def _activity_details(pred: Annotation, gold: Annotation, bodies: _Matcher) -> dict:
    """Among activities matched on (type, body, count, unit): period and topic agreement.

    Within one key (e.g. the ten uncounted hearings of a report) predictions are paired with
    gold activities by topic overlap, best pairs first, so that agreement does not depend on
    the order the activities were listed in."""
    gold_by: dict[tuple, list] = {}
    pred_by: dict[tuple, list] = {}
    for g in gold.activities:
        gold_by.setdefault((g.type, norm(g.body) or None, g.count, g.unit), []).append(g)
    for p in pred.activities:
        pred_by.setdefault((p.type, bodies.canonical(p.body), p.count, p.unit), []).append(p)
    period_ok = topic_ok = matched = 0
    for key, preds in pred_by.items():
        golds = gold_by.get(key, [])
        pairs = sorted(((_topic_similarity(p.topic, g.topic), i, j) for i, p in enumerate(preds)
                        for j, g in enumerate(golds)), key=lambda x: (-x[0], x[1], x[2]))
        used_p, used_g = set(), set()
        for sim, i, j in pairs:
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            matched += 1
            period_ok += (preds[i].period or None) == (golds[j].period or None)
            topic_ok += sim >= 0.5
    return {"matched": matched, "period_agree": period_ok, "topic_agree": topic_ok}


def _metadata(pred: Annotation, gold: Annotation, bodies: _Matcher) -> dict:
    res = {}
    for f in METADATA_FIELDS:
        g, p = getattr(gold.metadata, f), getattr(pred.metadata, f)
        if f == "author":
            g, p = (g.name if g else None), (p.name if p else None)
        elif f == "issuing_body":
            g, p = norm(g) or None, bodies.canonical(p)
        if g is None and p is None:
            continue
        res[f] = {"ok": norm(str(g)) == norm(str(p)) if g and p else False, "gold": g, "predicted": p}
    return res


def evaluate_corpus(corpus: str | Path, gold_dir: str | Path) -> dict:
    """Extract every report that has a gold file and score it; micro and per report."""
    gold_files = {p.stem: p for p in Path(gold_dir).glob("*.yaml")}
    if not gold_files:
        raise InputError("no gold *.yaml files found", path=gold_dir)
    lex = default_lexicon()
    reports: dict[str, dict] = {}
    for f in find_reports([corpus]):
        if f.stem not in gold_files:
            continue
        pred = to_annotation(extract_report(f, lex))
        reports[f.stem] = score_report(pred, load_gold(gold_files[f.stem]))
    if not reports:
        raise InputError(f"no report in {corpus} has a gold file in {gold_dir}", path=corpus)
    micro = {}
    for t in (*ENTITY_TYPES, *FACT_TYPES):
        tp = sum(r[t]["tp"] for r in reports.values())
        fp = sum(r[t]["fp"] for r in reports.values())
        fn = sum(r[t]["fn"] for r in reports.values())
        micro[t] = _prf(tp, fp, fn)
    ent = [micro[t] for t in ENTITY_TYPES]
    micro["entities"] = _prf(sum(x["tp"] for x in ent), sum(x["fp"] for x in ent), sum(x["fn"] for x in ent))
    matched = sum(r["activities"]["matched"] for r in reports.values())
    micro["activities"]["period_agree"] = round(sum(r["activities"]["period_agree"] for r in reports.values()) / matched, 4) if matched else None
    micro["activities"]["topic_agree"] = round(sum(r["activities"]["topic_agree"] for r in reports.values()) / matched, 4) if matched else None
    md_total = sum(len(r["metadata"]) for r in reports.values())
    md_ok = sum(v["ok"] for r in reports.values() for v in r["metadata"].values())
    micro["metadata"] = {"fields": md_total, "correct": md_ok, "accuracy": round(md_ok / md_total, 4) if md_total else None}
    per_report = {
        stem: {t: _prf(r[t]["tp"], r[t]["fp"], r[t]["fn"]) for t in (*ENTITY_TYPES, *FACT_TYPES)} for stem, r in reports.items()
    }
    return {"micro": micro, "per_report": per_report, "details": reports}


def format_scores(scores: dict, per_report: bool = False) -> str:
    """The micro scores as a table (and each report's, with ``per_report``), then the activity
    and metadata agreement lines."""
    out = io.StringIO()
    head = ("type", "P", "R", "F1", "tp", "fp", "fn")
    rows = [(t, *(f"{scores['micro'][t][k]:.3f}" for k in ("precision", "recall", "f1")),
             *(str(scores["micro"][t][k]) for k in ("tp", "fp", "fn"))) for t in (*ENTITY_TYPES, "entities", *FACT_TYPES)]
    write_table(head, rows, out, right=head[1:])
    a = scores["micro"]["activities"]
    out.write(f"activities matched: period agrees {a['period_agree']}, topic agrees {a['topic_agree']}\n")
    md = scores["micro"]["metadata"]
    out.write(f"metadata fields correct: {md['correct']}/{md['fields']}\n")
    for stem, r in scores["per_report"].items() if per_report else ():
        out.write(f"\n{stem}\n")
        write_table(("type", "P", "R", "F1"), [(t, *(f"{s[k]:.3f}" for k in ("precision", "recall", "f1")))
                                               for t, s in r.items()], out, right=("P", "R", "F1"))
    return out.getvalue().rstrip("\n")
