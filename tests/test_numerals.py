"""etl.numerals reads the common shapes of Chinese numerals exactly as cn2an's smart mode does."""

import random

import cn2an
import pytest

from etl import numerals

ALPHABET = "〇零一二两三四五六七八九十百千万亿"


def _cn2an(span: str):
    try:
        return cn2an.cn2an(span, "smart")
    except Exception as e:  # noqa: BLE001 — cn2an raises several kinds for what it refuses
        return type(e).__name__


def _same(span: str) -> bool:
    try:
        mine = numerals._read(span)
    except ValueError:  # refused here: cn2an must refuse it too
        return _cn2an(span) == "ValueError"
    if mine is None:  # left to cn2an
        return True
    ref = _cn2an(span)
    return ref == mine and type(ref) is type(mine)


@pytest.mark.parametrize("span, value", [("二十七", 27), ("十四", 14), ("一九五四", 1954), ("二〇二六", 2026),
                                         ("两千", 2000), ("一千零五", 1005), ("二十二万零四百六十六", 220466),
                                         ("三百二十五万亿", 325 * 10**12), ("七百六十六亿四千万", 76640000000),
                                         ("四百零六万", 4060000), ("一百十八", 118), ("三百十五万", 3150000)])
def test_common_shapes_are_read_without_cn2an(span, value):
    assert numerals._read(span) == value
    assert numerals.smart(span) == value


@pytest.mark.parametrize("span", ["一百五", "十三万六", "一万二", "三点五", "十〇", "零三百", "五百四十亿一千", "百百一"])
def test_other_shapes_are_left_to_cn2an(span):
    assert numerals._read(span) is None


def test_same_as_cn2an_for_numbers_as_written():
    spans = [cn2an.an2cn(i) for i in [*range(0, 20000), *range(20000, 10**9, 99991), *range(10**8, 10**13, 7 * 10**9 + 13)]]
    spans += [s.replace("二", "两") for s in spans]
    assert [s for s in spans if not _same(s)] == []


def test_same_as_cn2an_for_any_string_of_numeral_characters():
    rng = random.Random(2026)
    spans = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 7))) for _ in range(20000)]
    spans += [a + b + c for a in ALPHABET for b in ALPHABET for c in ALPHABET]
    spans += [s[:i] + "百十" + s[i:] for s in spans[:5000] for i in (0, len(s) // 2, len(s))]
    spans += [s + end for s in spans[:3000] for end in ("万万", "亿万", "亿亿")]
    assert [s for s in spans if not _same(s)] == []


@pytest.mark.parametrize("span", ["万", "千万", "百万", "亿万", "万千", "千亿", "六万万", "四万万", "十亿亿"])
def test_refusals_are_cn2an_s_and_read_here(span):
    with pytest.raises(ValueError):
        numerals._read(span)
    with pytest.raises(ValueError):
        numerals.smart(span)
