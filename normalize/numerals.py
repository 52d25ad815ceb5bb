"""Exact reading of numbers in Chinese running text: Arabic with 万/亿 units, Chinese and capital numerals.

Why a dedicated reader: report prose mixes "63,349.77万元", "两辆", "壹拾贰万叁仟元整" and PDF-induced
spaces ("4 ,438.94"). Amounts must stay exact (Decimal, never float) and malformed input must fail
loudly (NumberFormatError naming the input) instead of being guessed into a plausible number.

Sign convention: `parse_quantity` applies a leading direction word (增长/增加/上升/提高 +, 下降/减少/降低 −)
to the value. `find_quantities` never does: its spans cover the number and unit only and the values are
unsigned; callers such as the narrative extractor read the direction from the surrounding words.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex as re


class NumberFormatError(ValueError):
    """Malformed number text; the message names the offending input."""


# --- Chinese integers -------------------------------------------------------------------------

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "亿": 10**8}
_CAPITAL = str.maketrans({"壹": "一", "贰": "二", "貳": "二", "叁": "三", "參": "三", "肆": "四",
                          "伍": "五", "陆": "六", "陸": "六", "柒": "七", "捌": "八", "玖": "九",
                          "拾": "十", "佰": "百", "仟": "千", "萬": "万", "億": "亿", "圆": "元",
                          "圓": "元", "零": "零"})
_CN_NUM_CHARS = "零〇○一二两三四五六七八九十百千万亿"


def _err(s: str, why: str) -> NumberFormatError:
    return NumberFormatError(f"malformed number {s!r}: {why}")


def _parse_section(sec: str, whole: str, after_big: bool) -> tuple[int, bool]:
    """Value (< 10000) of a run without 万/亿; returns (value, started_with_zero)."""
    total, pending, last_unit = 0, None, 10**4
    zero_gap = started_zero = False
    for i, ch in enumerate(sec):
        if ch in _DIGITS:
            d = _DIGITS[ch]
            if pending is not None:
                raise _err(whole, f"two digits in a row at {sec!r}")
            if d == 0:
                if zero_gap:
                    raise _err(whole, "repeated 零")
                if i == 0:
                    if not after_big:
                        raise _err(whole, "leading 零")
                    started_zero = True
                elif total == 0:
                    raise _err(whole, "misplaced 零")
                zero_gap = True
                continue
            pending = d
        elif ch in _SMALL:
            u = _SMALL[ch]
            if u >= last_unit:
                raise _err(whole, f"unit {ch} out of order")
            if pending is None:
                if u == 10 and total == 0 and not started_zero and not after_big:
                    pending = 1  # 十二 = 12
                else:
                    raise _err(whole, f"unit {ch} without a digit")
            if total and last_unit // u > 10 and not zero_gap:
                raise _err(whole, f"missing 零 before {pending}{ch}")
            total += pending * u
            pending, last_unit, zero_gap = None, u, False
        else:
            raise _err(whole, f"unexpected character {ch!r}")
    if zero_gap and pending is None:
        raise _err(whole, "trailing 零")
    if pending is not None:
        if last_unit in (10, 10**4) or zero_gap:
            total += pending
        else:  # 一千五: colloquially 1500, but the unit is implied; do not guess
            raise _err(whole, f"abbreviated form (digit after {last_unit} without unit)")
    return total, started_zero


def parse_chinese_integer(s: str) -> int:
    """三千四百五十六 → 3456; 二〇二三 → 2023; 两 → 2; 三亿零五百万 → 305000000.

    Digit-by-digit reading (years, codes) only for runs of 3+ digits or runs containing 〇,
    so "三三" or "五零" are errors rather than guesses.
    """
    t = s.strip()
    if not t:
        raise _err(s, "empty")
    if t in ("零", "〇", "○"):
        return 0
    digit_run = all(ch in _DIGITS and ch != "两" for ch in t)
    if digit_run and _DIGITS[t[0]] and (len(t) >= 3 or "〇" in t or "○" in t):  # years, codes
        return int("".join(str(_DIGITS[ch]) for ch in t))
    total, section, last_big, after_big = 0, "", 10**13, False
    for ch in t:
        if ch in _BIG:
            u = _BIG[ch]
            if u >= last_big:
                raise _err(s, f"unit {ch} out of order")
            val, zero = _parse_section(section, s, after_big)
            if val == 0:
                raise _err(s, f"unit {ch} without a number")
            if after_big and not zero and val < 1000:
                raise _err(s, f"missing 零 before {section}{ch}")
            total += val * u
            section, last_big, after_big = "", u, True
        else:
            section += ch
    if section:
        val, zero = _parse_section(section, s, after_big)
        if after_big and not zero and val < 1000:
            raise _err(s, f"ambiguous tail {section!r} after {'亿' if last_big == 10**8 else '万'}")
        total += val
    return total


# --- capital amounts --------------------------------------------------------------------------

_CAPITAL_RE = re.compile(
    r"(?:(?P<yuan>[^元角分整正]+)元)?(?P<zero>零)?(?:(?P<jiao>[一二三四五六七八九])角)?"
    r"(?:(?P<fen>[一二三四五六七八九])分)?(?P<zheng>[整正])?")


def parse_capital_amount(s: str) -> Decimal:
    """壹拾贰万叁仟元整 → 123000; 叁佰元伍角陆分 → 300.56; accepts a 人民币 prefix."""
    t = _BLANKS.sub("", s)
    t = _CURRENCY_PREFIX.sub("", t)
    t = t.translate(_CAPITAL)
    m = _CAPITAL_RE.fullmatch(t)
    if not t or not m or not (m["yuan"] or m["jiao"] or m["fen"]):
        raise _err(s, "not a capital amount (…元[角][分][整])")
    if m["zheng"] and m["fen"]:
        raise _err(s, "整 after 分")
    if m["zero"] and not (m["yuan"] and m["fen"] and not m["jiao"]):
        raise _err(s, "misplaced 零")
    yuan = Decimal(0)
    if m["yuan"]:
        if len(m["yuan"]) >= 2 and all(ch in _DIGITS for ch in m["yuan"]):
            raise _err(s, "digit-by-digit numeral in an amount")
        yuan = Decimal(parse_chinese_integer(m["yuan"]))
    jiao = _DIGITS[m["jiao"]] if m["jiao"] else 0
    fen = _DIGITS[m["fen"]] if m["fen"] else 0
    return yuan + Decimal(jiao) / 10 + Decimal(fen) / 100


# --- quantities -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Quantity:
    """A number with its unit as printed. value is in the printed unit (63349.77 for "63,349.77万元");
    amount_yuan is set for money only. kind: money / count / percent / points."""

    value: Decimal
    unit: str
    kind: str
    amount_yuan: Decimal | None = None


_MULT = {"": 1, "千": 1000, "万": 10**4, "亿": 10**8}
_COUNT_UNITS = ["人次", "批次", "人", "辆", "个", "家", "项", "次", "名", "户", "台", "套"]
_UP = ("增长", "增加", "上升", "提高", "增")
_DOWN = ("下降", "减少", "降低", "下滑", "减")
# 1:1 character folding so that spans found on the folded text index the original text
# (the CJK comma ， is kept: in prose it separates clauses, never thousands)
_FOLD = str.maketrans("０１２３４５６７８９％．　", "0123456789%. ")

_AR = r"(?<![\d.,])(?:\d{1,3}(?:[ \t]*,[ \t]*\d{3})+|\d+)(?:[ \t]*\.\d+)?(?![\d])"
_CN = rf"(?<![{_CN_NUM_CHARS}])[{_CN_NUM_CHARS}]+?"

def _unit(mults: str) -> str:
    return (r"(?P<pct>[ \t]*%)|(?P<pts>[ \t]*个?[ \t]*百分点)"
            rf"|[ \t]*(?P<mult>[{mults}]?)[ \t]*(?:(?P<money>元)|(?P<count>" + "|".join(_COUNT_UNITS) + "))")


# Chinese numerals take no 千 multiplier: "三千元" is 3000 元, not 3 千元 (regex allows repeated group names)
_QTY_RE = re.compile(rf"(?:(?P<ar>{_AR})(?:{_unit('千万亿')})|(?P<cn>{_CN})(?:{_unit('万亿')}))")
_AR_FULL = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_BLANKS = re.compile(r"\s+")
_CURRENCY_PREFIX = re.compile(r"^(人民币|RMB|¥|￥)[(（]?(大写)?[)）]?[:：]?")


def _arabic(num: str, whole: str) -> Decimal:
    t = _BLANKS.sub("", num).replace("−", "-")
    if not _AR_FULL.fullmatch(t):
        raise _err(whole, f"bad Arabic number {num!r}")
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation as e:  # pragma: no cover - regex already validated
        raise _err(whole, str(e)) from e


def _build(m: re.Match, whole: str) -> Quantity:
    if m["ar"] is not None:
        value = _arabic(m["ar"], whole)
    else:
        if m["mult"] == "千":
            raise _err(whole, "Chinese numeral before 千元")
        value = Decimal(parse_chinese_integer(m["cn"]))
    if m["pct"] is not None:
        return Quantity(value, "%", "percent")
    if m["pts"] is not None:
        return Quantity(value, "个百分点", "points")
    mult = m["mult"] or ""
    if m["money"]:
        return Quantity(value, mult + "元", "money", value * _MULT[mult])
    return Quantity(value, mult + m["count"], "count")


def parse_quantity(s: str) -> Quantity:
    """One quantity, the whole string: "63,349.77万元", "两辆", "下降17.23%" (sign applied), "0.5个百分点"."""
    t = s.strip().translate(_FOLD)
    sign = 1
    for words, sg in ((_UP, 1), (_DOWN, -1)):
        w = next((w for w in words if t.startswith(w)), None)
        if w:
            t, sign = t[len(w):].lstrip(), sg
            break
    if t[:1] in "-−":
        t, sign = t[1:], -sign
    m = _QTY_RE.fullmatch(t)
    if not m:
        raise _err(s, "not a number followed by a known unit")
    try:
        q = _build(m, s)
    except NumberFormatError as e:
        raise NumberFormatError(f"malformed quantity {s!r}: {e}") from e
    if sign < 0:
        q = Quantity(-q.value, q.unit, q.kind, None if q.amount_yuan is None else -q.amount_yuan)
    return q


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """(start, end, Quantity) for every number+unit in running text; values unsigned.

    Tolerates PDF spaces around thousands commas, before the decimal point and before the unit
    ("4 ,438.94", "63,349.77万 元"). Chinese-numeral candidates that do not parse are skipped
    (prose like "一门受理" is not a number); malformed Arabic runs never match.
    """
    folded = text.translate(_FOLD)
    out = []
    for m in _QTY_RE.finditer(folded):
        try:
            q = _build(m, m[0])
        except NumberFormatError:
            continue
        out.append((m.start(), m.end(), q))
    return out
