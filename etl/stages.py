"""The stages of one report, in order: clean → segment, then recognize → resolve → relate →
assemble, each enriching the report's ``ReportState`` (docs/architecture.md).

A module of its own so that only a process that extracts imports the stages and their compiled
rules: ``pipeline.extract_document`` loads it on first use, and a build with nothing to extract
(or ``lianghui query``) never does.
"""

from __future__ import annotations

from .clean import clean
from .lexicon import Lexicon
from .models import ReportExtraction, ReportState
from .recognize import recognize_stage
from .relate import relate_stage
from .resolve import assemble_stage, resolve_stage
from .segment import segment

STAGES = (recognize_stage, resolve_stage, relate_stage, assemble_stage)


def extract_document(source, lex: Lexicon) -> ReportExtraction:
    """clean → segment, then the stages that each enrich the report's state."""
    state = ReportState(segmented=segment(clean(source), lex))
    for stage in STAGES:
        state = stage(state, lex)
    return state.extraction
