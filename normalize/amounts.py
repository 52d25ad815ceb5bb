"""Printed amounts to exact decimals, and units to 元.

A printed number is read, never repaired silently: the text-layer reader is strict; the OCR
reader accepts a few well-defined confusions and says which rule it applied.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache

import regex as re

from juesuan.normalize.text import to_halfwidth

UNIT_FACTORS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}

# What the outputs can hold exactly (Parquet decimal128(38, 8)); a printed amount beyond it is unreadable.
MAX_INTEGER_DIGITS = 30
MAX_DECIMALS = 8
_LIMIT = Decimal(10) ** MAX_INTEGER_DIGITS
_QUANTUM = Decimal(1).scaleb(-MAX_DECIMALS)

EMPTY_MARKS = {"", "-", "--", "—", "——", "－", "–", "/", "\\", "无", "—-", "-—"}

_PLAIN = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_WHOLE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{2})?$")  # an amount complete on its own line
_UNIT_LINE = re.compile(r"(?:金额)?单位\s*[:：]?\s*(千元|万元|亿元|元)")
# compiled once: regex's module-level functions cost a cache lookup of ~10 µs per call
_BLANK = re.compile(r"\s")
_DOTTED_THOUSANDS = re.compile(r"(\d{1,3})((?:[.,]\d{3})+)\.(\d{2})")
_COMMA_DECIMALS = re.compile(r"\d+,\d{2}")
_DECIMALS = re.compile(r"\.(\d+)\D*$")
_DOTS_FOR_DASH = re.compile(r"[.．·。・]{1,3}")
_GROUPED = re.compile(r"(\d[\d,]*\d)(\.\d+)?")


class AmountError(ValueError):
    """The text is neither an amount nor an empty mark; `several` when it holds more than one amount."""

    def __init__(self, message: str, several: bool = False):
        super().__init__(message)
        self.several = several


class AmountRangeError(AmountError):
    """An amount, but beyond what the outputs can hold exactly."""


def _strip(text: str) -> str:
    s = to_halfwidth(text).strip()
    s = s.replace("−", "-").replace("﹣", "-")
    return s


def is_dots_for_dash(text: str) -> bool:
    """One to three dots alone: a dash (zero mark) that OCR read too short, never a number."""
    return bool(_DOTS_FOR_DASH.fullmatch(text))


def is_empty_mark(text: str | None) -> bool:
    return text is None or _strip(text).replace(" ", "") in EMPTY_MARKS


def parse_amount(text: str | None) -> Decimal | None:
    """"1,234.56", "1 234.56", "（12.00）", "-12.00", full-width digits → Decimal; "-", "—", blank → None.

    The scale is kept as printed (Decimal("0.00")); raises AmountError for anything else.
    """
    value, error = _reading(text)
    if error is not None:
        raise AmountError(*error)
    return value


@lru_cache(maxsize=8192)
def _reading(text: str | None) -> tuple[Decimal | None, tuple[str, bool] | None]:
    """parse_amount's value, or its error's message and `several`, kept per text: the stages that
    find a table's rows and columns ask of each cell whether it is an amount (~10 times a text)."""
    try:
        return _parse(text), None
    except AmountError as exc:
        return None, (str(exc), exc.several)


def _parse(text: str | None) -> Decimal | None:
    if is_empty_mark(text):
        return None
    s = _strip(text)
    lines = [ln for ln in s.splitlines() if ln.strip()]
    if len(lines) > 1 and all(_WHOLE.match(re.sub(r"[\s()（）-]", "", ln)) for ln in lines):
        raise AmountError(f"several amounts in one cell: {text!r}", several=True)  # rows run together, never one number
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    s = _BLANK.sub("", s)  # "1 234.56", a value wrapped in its cell
    if s.startswith("-") or s.startswith("+"):
        negative ^= s.startswith("-")
        s = s[1:]
    if not _PLAIN.match(s):
        raise AmountError(f"not an amount: {text!r}")
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern guards this
        raise AmountError(f"not an amount: {text!r}") from exc
    return -value if negative else value


_OCR_LETTERS = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "T": "7", "，": ",", "。": "."}
)


def is_amount_in_ocr_letters(text: str) -> bool:
    """An amount written partly in the letters OCR confuses with digits ("o" for a zero, "1o5.2O"):
    it counts as one where a column's cells are told apart (the reading itself is parse_ocr_amount's)."""
    t = text.translate(_OCR_LETTERS)
    if t == text:
        return False
    try:
        return parse_amount(t) is not None
    except AmountError:
        return False


def parse_ocr_amount(text: str | None) -> tuple[Decimal | None, str]:
    """Read an OCR'd amount; returns (value, rule) where rule names any repair applied ("" for none).

    Repairs, each unambiguous on its own: one to three dots alone are a dash (a zero mark) read
    too short, never a number; letters that OCR confuses with digits (O→0, l→1);
    several dots where the last one ends a two-digit fraction ("7.597.09" → 7597.09, all but the
    last dot were thousands separators); a comma used as the decimal point before two digits
    ("597,09" → 597.09 only when no other separator exists); a thousands separator not read
    ("2574,712.99" → 2574712.99, when every separator read stands where one belongs).
    """
    try:
        return parse_amount(text), ""
    except AmountError:
        pass
    s = _BLANK.sub("", _strip(text or ""))
    if is_dots_for_dash(s):
        return None, "dots read for a dash: an empty mark"
    rules = []
    t = s.translate(_OCR_LETTERS)
    if t != s:
        rules.append("letters read as digits")
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1]
    if t.startswith("-"):
        negative, t = True, t[1:]
    m = _DOTTED_THOUSANDS.fullmatch(t)
    if m and "." in m.group(2):
        t = m.group(1) + m.group(2).replace(".", "").replace(",", "") + "." + m.group(3)
        rules.append("dots as thousands separators")
    elif _COMMA_DECIMALS.fullmatch(t):
        t = t.replace(",", ".")
        rules.append("comma as decimal point")
    elif _separators_subset(t):
        # "2574,712.99": a thousands separator was not read; every separator that was read sits
        # where one belongs, so the digits are as printed
        t = t.replace(",", "")
        rules.append("thousands separator missing")
    if not _PLAIN.match(t):
        raise AmountError(f"not an amount: {text!r}")
    value = Decimal(t.replace(",", ""))
    return (-value if negative else value), "; ".join(rules)


def printed_decimals(text: str) -> int:
    """How many decimals a printed amount shows ("1,234.50" → 2, "1,234" → 0)."""
    m = _DECIMALS.search(text.strip())
    return len(m.group(1)) if m else 0


def _separators_subset(t: str) -> bool:
    """Digits with some, not all, thousands separators, each where one belongs ("2574,712.99")."""
    m = _GROUPED.fullmatch(t)
    if not m or "," not in m.group(1) or ",," in m.group(1):
        return False
    whole = m.group(1)
    digits_right = [len(whole[i + 1:].replace(",", "")) for i, ch in enumerate(whole) if ch == ","]
    return all(n % 3 == 0 for n in digits_right) and not _PLAIN.match(t)


def to_yuan(amount: Decimal, unit: str) -> Decimal:
    """Exact conversion from the printed unit to 元 (never rounded to the context's 28 digits)."""
    try:
        factor = UNIT_FACTORS[unit]
    except KeyError:
        raise ValueError(f"unknown unit {unit!r}; expected one of {', '.join(UNIT_FACTORS)}") from None
    with localcontext() as ctx:
        ctx.prec = len(amount.as_tuple().digits) + 9
        return amount * factor


def check_storable(amount: Decimal, text: str) -> None:
    """AmountError unless `amount` fits the outputs exactly: at most 30 integer digits and 8 decimals."""
    with localcontext() as ctx:
        ctx.prec = 2 * (MAX_INTEGER_DIGITS + MAX_DECIMALS)
        if abs(amount) < _LIMIT and amount == amount.quantize(_QUANTUM):
            return
    raise AmountRangeError(f"amount {text!r} is beyond what the outputs hold exactly "
                      f"({MAX_INTEGER_DIGITS} integer digits, {MAX_DECIMALS} decimals)")


def find_unit(text: str) -> str | None:
    """The unit named in a line such as "单位：万元" or "（金额单位：元）"."""
    m = _UNIT_LINE.search(to_halfwidth(text).replace(" ", ""))
    return m.group(1) if m else None
