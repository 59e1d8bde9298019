"""Evidence for facts and entities: the sentence around a span, with source offsets."""

from __future__ import annotations

from bisect import bisect_right

from ..models import Evidence, Segmented


class EvidenceIndex:
    """Sentence lookup for a position, and evidence records in source offsets."""

    def __init__(self, seg: Segmented) -> None:
        self.seg = seg
        self.starts = [s.start for s in seg.sentences]

    def sentence(self, pos: int):
        i = bisect_right(self.starts, pos) - 1
        if i < 0:
            return None
        s = self.seg.sentences[i]
        return s if s.start <= pos < max(s.end, s.start + 1) else None

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        s = self.sentence(start)
        a, b = (s.start, s.end) if s and s.end >= end else (start, end)
        doc = self.seg.document
        sa, sb = doc.offsets.span_to_source(a, b)
        if sb < sa:  # the sentence was put together from column fragments: quote the first one
            sa, sb = doc.offsets.span_to_source(start, end)
            sb = max(sb, sa)
        return Evidence(start=sa, end=sb, quote=doc.source[sa:sb], rule=rule)


# --------------------------------------------------------------------------- metadata
