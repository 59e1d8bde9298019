"""Plain text decoding: the text of a .txt file and the name of its encoding.

A BOM decides (UTF-8, UTF-16, UTF-32); zero bytes mean UTF-16 without a BOM (or a binary
file); else strict UTF-8; else charset-normalizer, limited to the encodings Chinese reports come
in (GB18030 ⊇ GBK ⊇ GB2312, Big5/CP950). Short texts are ambiguous (GBK 审议 is Big5 机祜, GBK 一
is UTF-8 һ), so the library's candidates and every Chinese encoding that decodes the bytes
strictly are weighed by how ordinary their characters are (``common_share``: GB2312 level 1, the
3,755 most used characters, counts most), and the most ordinary reading wins; a tie goes to
GB18030. Used by ``ingest`` for .txt files and by ``formats`` for HTML without a usable charset.
"""

from __future__ import annotations

import codecs
import re
from functools import cache
from pathlib import Path

from .errors import InputError

# charset-normalizer names of the encodings Chinese text files come in besides UTF-8, the
# first preferred on a tie (simplified text is the usual case). UTF-16 without a BOM is told
# by its zero bytes instead: as a candidate it reads any even number of bytes as Han.
CHINESE_ENCODINGS = ["gb18030", "big5", "cp950"]
MIN_COMMON_SHARE = 0.6  # below this a decoding is mojibake, not Chinese text
ENCODING_NAMES = {"utf_8": "utf-8"}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """The text of a .txt file and the name of its encoding; InputError when it is none."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), path), encoding
            except UnicodeDecodeError as e:
                raise InputError(_bad_bytes(encoding.upper().replace("-SIG", ""), e, len(data)), path=path) from None
    if b"\x00" in data:
        text, encoding = _utf16_without_bom(data, path)
        return _checked(text, path), encoding
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    else:
        # A few GBK characters can be valid UTF-8 (GBK 一 is UTF-8 һ): when the UTF-8 reading
        # is a handful of foreign letters and nothing else, weigh the Chinese readings too.
        odd = not _CJK.search(text) and not re.search("[A-Za-z]", text)
        if odd and 0 < sum(ord(c) > 0x7F for c in text) <= 4:
            best = _best_decoding(data, include_utf8=True)
            if best is not None:
                return _checked(best[0], path), best[1]
        return _checked(text, path), "utf-8"
    if _mostly_utf8(data):
        raise InputError(_bad_bytes("UTF-8", utf8_error, len(data)), path=path)
    best = _best_decoding(data)
    if best is not None:
        return _checked(best[0], path), best[1]
    for encoding in ("gb18030", "big5"):
        for cut in (1, 2, 3):
            try:
                head = data[:-cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            if common_share(head, simplify=encoding != "gb18030") >= MIN_COMMON_SHARE:
                raise InputError(
                    f"truncated {encoding.upper()} text: the file ends inside a character (was it cut short?)",
                    path=path,
                )
    raise InputError(
        f"not text in any encoding Chinese reports use (UTF-8, GB18030/GBK, Big5, UTF-16): "
        f"first bad UTF-8 byte at {utf8_error.start}; save the file as UTF-8",
        path=path,
    )


def _bad_bytes(encoding: str, e: UnicodeDecodeError, size: int) -> str:
    if e.end >= size and ("end of data" in e.reason or "truncated" in e.reason):
        return f"truncated {encoding} text: the file ends inside a character at byte {e.start} (was it cut short?)"
    return f"invalid {encoding} text at byte {e.start} ({e.reason}: {e.object[e.start:e.end + 1].hex(' ')})"


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 with a few bad bytes, not text in another encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if ord(c) > 0x7F) - bad
    return good >= 20 * bad


def _utf16_without_bom(data: bytes, path: Path) -> tuple[str, str]:
    """NUL bytes in a text file mean UTF-16 (ASCII characters have a zero byte) or binary."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    # ASCII puts its zero byte on one side (a few Han characters, 一 is U+4E00, on the other)
    for encoding in ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.isascii() or common_share(text) >= MIN_COMMON_SHARE:
            return text, encoding
    raise InputError("binary file (NUL bytes): not a text report", path=path)


_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # category Cc but the white space


def _checked(text: str, path: Path) -> str:
    """Refuse decoded text that is mostly control characters: a binary file by another road."""
    controls = len(_CONTROLS.findall(text, 0, 100_000))
    if controls > 8 and controls > 0.01 * min(len(text), 100_000):
        raise InputError("binary file (control characters): not a text report", path=path)
    return text


def _best_decoding(data: bytes, include_utf8: bool = False) -> tuple[str, str] | None:
    """The most plausibly Chinese of the decodings charset-normalizer proposes, or None.

    Short texts are ambiguous (the library keeps one reading of a two-character GBK word, or
    none), so every Chinese encoding that decodes the bytes strictly is weighed as well.
    """
    isolation = CHINESE_ENCODINGS + (["utf_8"] if include_utf8 else [])
    from charset_normalizer import from_bytes  # here: UTF-8 reports never need it

    candidates = {m.encoding: str(m) for m in from_bytes(data, cp_isolation=isolation)}
    for encoding in CHINESE_ENCODINGS:
        if encoding not in candidates:
            try:
                candidates[encoding] = data.decode(encoding)
            except UnicodeDecodeError:
                pass
    return _most_chinese(candidates)


def _most_chinese(candidates: dict[str, str]) -> tuple[str, str] | None:
    """The decoding that reads most like Chinese; on a tie the encoding first in CHINESE_ENCODINGS."""
    scored = []
    for encoding, text in candidates.items():
        rank = CHINESE_ENCODINGS.index(encoding) if encoding in CHINESE_ENCODINGS else len(CHINESE_ENCODINGS)
        # GB text is simplified: its traditional characters are rare ones, not converted
        scored.append((common_share(text, simplify=encoding != "gb18030"), -rank, text,
                       ENCODING_NAMES.get(encoding, encoding)))
    if not scored:
        return None
    share, _, text, encoding = max(scored)
    return (text, encoding) if share >= MIN_COMMON_SHARE else None


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _weight(ch: str) -> float:
    """How ordinary a character is in Chinese text, by its place in the GB2312 area of GBK:
    punctuation (rows 1-3) and level 1 (the 3,755 most used characters) 1, level 2 ½, kana,
    Greek, box drawing and GBK's extra characters ¼, other Han ¼, anything else 0."""
    han = "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
    try:
        b = ch.encode("gbk")
    except UnicodeEncodeError:
        return 0.25 if han else 0.0
    if len(b) != 2:
        return 0.0
    lead, trail = b
    if trail < 0xA1:
        return 0.25  # GBK's additions to GB2312: rare characters
    return 1.0 if 0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xD7 else 0.5 if 0xD8 <= lead <= 0xF7 else 0.25


def common_share(text: str, sample: int = 20_000, simplify: bool = True) -> float:
    """How much the non-ASCII characters of ``text`` read like ordinary Chinese, from 0 to 1
    (the mean ``_weight``, after traditional → simplified unless told not to); 0 for text
    without any."""
    chars = "".join(c for c in text[:sample] if ord(c) > 0x7F)
    if not chars:
        return 0.0
    simplified = _t2s().convert(chars) if simplify else chars
    if len(simplified) != len(chars):
        simplified = chars
    return sum(_weight(c) for c in simplified) / len(chars)
