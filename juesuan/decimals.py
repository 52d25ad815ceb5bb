"""One form for amounts and rates in every CSV juesuan writes.

Amounts (`*_yuan`, diff's `difference`/`change`) are exact decimals in 元, in plain digits, with the
decimals the printed figure carries (2,758.11 万元 → 27581100.00; 30,734,100 元 → 30734100): what
cells.csv has always written. Files made from cells.parquet or a dataset (execution.csv, the diff
CSV), whose decimal128 column holds 8 decimals for every amount, get the printed decimals back from
the cell's printed `value`; an amount computed from two (a difference) has the more decimals of the
two, as decimal arithmetic gives it. Never rounded, never an exponent.

Rates are percentages, and their column names end in `_percent` (facts.csv's change_percent,
execution.csv's execution_percent, the diff's growth_percent), as the reports print them.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

_DECIMALS = re.compile(r"\.(\d+)\D*$")  # the last group of decimals of a printed figure: "(1,234.50)" → 50
HUNDRED = Decimal(100)


def printed_decimals(value: str) -> int:
    m = _DECIMALS.search(value or "")
    return len(m.group(1)) if m else 0


def as_printed(amount: Decimal | None, value: str) -> Decimal | None:
    """`amount` with the decimals of its printed `value`, where that is exact (else as it is)."""
    if amount is None or not amount.is_finite():
        return amount
    try:
        shown = amount.quantize(Decimal(1).scaleb(-printed_decimals(value)))
    except InvalidOperation:  # more digits than the context holds
        return amount
    return shown if shown == amount else amount


def percent(part: Decimal, whole: Decimal, places: int) -> Decimal | None:
    """100 × part / whole rounded half-up to `places` decimals; None without a base."""
    if not whole:
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        return (part * HUNDRED / whole).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
