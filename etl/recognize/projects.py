"""Projects: named works, parks, campaigns and lines, quoted (“X”工程) or by their suffix.

A project mention (``ProjectMention``) carries its name as written; resolve drops the quotes
and folds the forms of one project together (X项目, X).
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..models import ProjectMention
from .common import HAN, STOP, Boundaries, alt

CAMPAIGN = re.compile(rf"(?:实施|开展|启动|推进)([{HAN}]{{2,10}}?行动)(?!计划|方案)")
FACILITIES = ("中心", "园", "馆", "基地", "大桥", "机场", "港", "站", "城")


class ProjectFinder:
    """Compiled project patterns for one lexicon."""

    def __init__(self, lex: Lexicon, bounds: Boundaries) -> None:
        self.lex = lex
        self.bounds = bounds
        proj = alt(lex.project_suffixes)
        self.quoted_project_rx = re.compile(rf"“([^“”\n]{{2,20}})”(专项行动|行动计划|行动|工程|项目|协商平台|平台)?")
        self.project_rx = re.compile(rf"(?:{proj})(?!库|化|管理|资金|用地|审批)")
        self.not_heads = tuple(lex.project_not_heads)
        self.strategy_rx = re.compile(rf"“([^“”\n]{{2,20}})”(?:{alt(lex.strategy_markers)})") if lex.strategy_markers else None
        self.not_head_rx = re.compile(alt(w for w in lex.project_not_heads if len(w) >= 2))
        self.project_words = tuple(lex.project_suffixes)
        self.quoted_words = (*self.project_words, "实事", "讲堂", "行动")

    # ------------------------------------------------------------------ projects

    def find(self, text: str, region_stems: tuple[str, ...]) -> list[ProjectMention]:
        out: list[ProjectMention] = []
        quoted: list[tuple[int, int]] = []
        strategies = {m.group(1) for m in self.strategy_rx.finditer(text)} if self.strategy_rx else set()
        for m in self.quoted_project_rx.finditer(text):
            inner, kind = m.group(1), m.group(2) or ""
            if inner in strategies:
                quoted.append((m.start(), m.end()))  # “强龙头”行动 of a “强龙头”战略: a strategy
                continue
            tail = text[m.end() : m.end() + 12]
            named = kind in ("专项行动", "行动计划", "行动", "工程", "项目", "协商平台") \
                or inner.endswith(self.quoted_words) or tail.startswith("作为") \
                or re.match(r"等[^,。;]{0,8}(?:项目|工程)", tail)
            if not named or re.search(r"[,、;。]", inner):
                continue
            if not kind and not inner.endswith(self.quoted_words) and m.start() > 0 and re.match(rf"[{HAN}·]", text[m.start() - 1]) \
                    and not tail.startswith("作为"):
                continue  # “保交楼” describing the name before it
            out.append(ProjectMention(text=m.group(), start=m.start(), end=m.end(), rule="project.quoted",
                               name=inner + kind))
            quoted.append((m.start(), m.end()))
        for m in self.project_rx.finditer(text):
            s = m.start()
            start = self.bounds.name_start(text, s, 2, 22, allow="·0123456789")
            if start is None or any(a <= start < b for a, b in quoted):
                continue
            head = text[start:s]
            if head.startswith(self.not_heads) or self.not_head_rx.search(head) \
                    or any(c in STOP for c in head) or len(head) < (3 if m.group() in ("项目", "工程") else 2) \
                    or head[-1] in "大小多上新好":
                continue
            out.append(ProjectMention(text=text[start : m.end()], start=start, end=m.end(),
                               rule="project.suffix", name=text[start : m.end()]))
        out += self._listed_projects(text)
        for m in CAMPAIGN.finditer(text):  # 实施健康朝阳行动: a campaign named after a place
            if any(st in m.group(1) for st in region_stems):
                out.append(ProjectMention(text=m.group(1), start=m.start(1), end=m.end(1), rule="project.campaign",
                                          name=m.group(1)))
        for m in re.finditer(rf"(?:轨道交通|地铁|城际铁路)\d+号线(?:[{HAN}]{{1,4}}段)?", text):
            out.append(ProjectMention(text=m.group(), start=m.start(), end=m.end(), rule="project.line",
                                      name=m.group()))
        return out

    def _listed_projects(self, text: str) -> list[ProjectMention]:
        """Items listed before 等…项目: 对蓝贝斯特、鑫方盛等项目进行视察."""
        out = []
        for m in re.finditer(rf"等(?:\d+个)?[{HAN}]{{0,8}}(?:项目|工程)", text):
            lo = max(0, m.start() - 60)
            seg = text[lo : m.start()]
            cut = max(seg.rfind(c) for c in ",。;:")
            seg_start = lo + cut + 1
            seg = text[seg_start : m.start()]
            lead = re.match(r"^(?:并?对|视察|参加|服务|推进|围绕|加强对|督促)", seg)
            pos = seg_start + (lead.end() if lead else 0)
            items = re.split(r"[、和]", text[pos : m.start()])
            if not lead:  # no verb in front: only a facility right before 等 (东北亚国家博览中心)
                if not items[-1].endswith(FACILITIES):
                    continue
                pos = m.start() - len(items[-1])
                items = items[-1:]
            for item in items:
                a = text.find(item, pos)
                pos = a + len(item)
                name = re.sub(r"“[^”]*”$", "", re.sub(r"^\d{4}年", "", item)).strip("“”")
                if not (2 <= len(name) <= 16) or any(c in STOP for c in name) or name.endswith(self.project_words):
                    continue
                if re.search(r"[a-z0-9]", name) or self.not_head_rx.search(name):
                    continue
                out.append(ProjectMention(text=name, start=a, end=a + len(name), rule="project.listed", name=name))
        return out
