"""Error classes: each has a code and a one-line message that names the file and the fix.

The CLI prints ``str(error)`` to stderr and exits with ``error.exit_code``; no traceback
reaches a user unless ``--debug`` is given.
"""

from __future__ import annotations

import os
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
        where = f"{printable(self.path)}: " if self.path else ""
        return f"error[{self.code}]: {where}{one_line(self.message)}"


# C0 and C1 controls, line and paragraph separators, and the lone surrogates by which Python
# carries file-name bytes that are not UTF-8 (U+DC80..U+DCFF, "surrogateescape")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


_UNDECODED = re.compile(r"[\udc80-\udcff]")


def _escape(ch: str) -> str:
    return repr(ch)[1:-1]  # \n, \t, \x1b, \u2028


def _bytes_shown(part: str) -> str:
    """A name part with undecodable bytes, all its non-ASCII bytes as ``\\xNN``: a name is
    either text or bytes, never the bits of it that happen to be UTF-8 (GBK 空 is UTF-8 ձ)."""
    try:
        return part.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        return part


def printable(text: str | Path) -> str:
    """``text`` with control characters and undecodable file-name bytes escaped (``\\n``,
    ``\\x1b``, ``\\xba``), so that a file name never splits or garbles a one-line message."""
    text = str(text)
    if _UNDECODED.search(text):
        text = os.sep.join(_bytes_shown(p) if _UNDECODED.search(p) else p for p in text.split(os.sep))
    return _UNPRINTABLE.sub(lambda m: _escape(m.group()), text)


def warning(message: str, *, path: str | Path | None = None) -> str:
    """A one-line warning, shaped like an error: ``warning: PATH: message``."""
    where = f"{printable(path)}: " if path is not None else ""
    return f"warning: {where}{one_line(message)}"


def one_line(message: str) -> str:
    """A message on one line, even when a library's text is not, and printable."""
    return printable(re.sub(r"\s*\n\s*", " ", message))


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
