"""Resolve: canonical names within a report, the report's metadata, and the assembly of entities.

- ``region``: the report's own region and levels; qualification of written region names
- ``names``: the canonical name of one mention, per kind (body, place, meeting, law, project)
- ``canonical``: ``canonicalize`` names every mention and folds the forms of one entity together
- ``evidence``: ``EvidenceIndex``, the sentence of a span as Evidence in source offsets
- ``metadata``: ``finish_metadata`` (region, issuing body, meeting) from the resolved mentions
- ``assemble``: the ``resolve_stage``; ``assemble`` (mentions and facts → ReportExtraction with
  aliases, hierarchy and evidence) and ``attach``, run as the ``assemble_stage`` after relate

Cross-report identity follows from the canonical names, which key the IRIs (rdf.py, identity.py).
"""

from __future__ import annotations

from .assemble import assemble, assemble_stage, attach, finish_metadata, resolve_stage
from ..models import Resolution
from .canonical import canonicalize
from .evidence import EvidenceIndex
from .region import Context, context, qualify_region, split_region

__all__ = ["Context", "Resolution", "EvidenceIndex", "canonicalize", "finish_metadata", "assemble", "attach",
           "context", "qualify_region", "split_region", "resolve_stage", "assemble_stage"]
