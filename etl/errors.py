"""Error classes: each has a code and a one-line message that names the file and the fix.

The CLI prints ``str(error)`` to stderr and exits with ``error.exit_code``; no traceback
reaches a user unless ``--debug`` is given.
"""

from __future__ import annotations

import re
from pathlib import Path


class LianghuiError(Exception):
    """Base class: ``code`` is stable (for scripts), the message is for people."""

    code = "LH000"
    exit_code = 1

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        message = re.sub(r"\s*\n\s*", " ", self.message)  # one line, even when a library's text is not
        return f"error[{self.code}]: {where}{message}"


class InputError(LianghuiError):
    """A report cannot be read: missing, empty, binary, badly encoded, too large."""

    code = "LH100"


class UnsupportedFormatError(InputError):
    code = "LH101"


class SchemaError(LianghuiError):
    """schema/ (lexicon, ontology, shapes) is missing or broken."""

    code = "LH200"


class TemplateError(LianghuiError):
    """A query template has a bad header or body."""

    code = "LH300"


class ParameterError(LianghuiError):
    """A template parameter is missing, unknown or of the wrong type (a usage error)."""

    code = "LH301"
    exit_code = 2


class StoreError(LianghuiError):
    """The store is missing, locked, unreachable or holds no graph yet."""

    code = "LH400"


class ValidationError(LianghuiError):
    """SHACL validation failed: the graph is not published."""

    code = "LH500"


class ExportError(LianghuiError):
    code = "LH600"


class UsageError(LianghuiError):
    code = "LH700"
    exit_code = 2
