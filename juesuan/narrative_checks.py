"""The checks of a report's narrative (情况说明): its figures against the tables and against itself.

Why apart from the reading (extract/narrative.py): the narrative restates the tables' key figures and is often
edited separately from them, so it carries its own mistakes; finding them is checking, like the tables' sums
(validate.py), and reads only Facts and the tables' amounts. What a kind of report calls its figures and where
its tables print them stays with the reading, in its Vocabulary. Checks: the same metric stated twice
(narrative_repeat), parts against their stated total (narrative_sum), shares, changes and completion rates
against their amounts (narrative_share / _change / _completion), figures against the tables' cells
(narrative_vs_table). Findings report printed numbers; none is altered.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import regex as re

from juesuan.errors import Severity
from juesuan.extract.narrative import AMOUNT_COLUMN, FINAL_VOCABULARY, UNIT_YUAN, Vocabulary, fold
from juesuan.model import Fact, Finding

_rx = lru_cache(maxsize=None)(re.compile)  # patterns used inline, compiled once (regex's own cache costs ~10 µs)

_CENT = Decimal("0.01")


def _tolerance(f: Fact, items: int = 1) -> Decimal:
    """Rounding allowance: 0.01 of the printed unit per summed item (100 yuan for 万元)."""
    return _CENT * UNIT_YUAN.get(f.unit, Decimal(1)) * items


def _money_severity(diff: Decimal, tol: Decimal) -> Severity:
    return Severity.OK if diff == 0 else Severity.ROUNDING if abs(diff) <= tol else Severity.ERROR


def _pct_severity(stated: Decimal, computed: Decimal) -> Severity:
    """ok when the stated percent is the computed one rounded as printed; rounding when it is
    off by at most one unit of its last printed digit; error otherwise."""
    step = Decimal(1).scaleb(min(stated.as_tuple().exponent, 0))
    if computed.quantize(step) == stated.quantize(step) or abs(computed - stated) * 2 <= step:
        return Severity.OK
    return Severity.ROUNDING if abs(computed - stated) <= step else Severity.ERROR


def _fmt(f: Fact) -> str:
    v = f"{f.value:,}" if f.unit != "%" else str(f.value)
    return f"{v}{f.unit}"


def _short(text: str, n: int = 60) -> str:
    t = _rx(r"\s+").sub("", text)
    return t if len(t) <= n else t[: n - 1] + "…"


def _where(f: Fact) -> str:
    page = f"p.{f.page}" if f.page else "page ?"
    return f"{_short(f.label or f.metric, 30)} {_fmt(f)} ({page}, “{_short(f.sentence)}”)"


def _finding(f: Fact, rule, expected, found, severity, message, table="narrative", row=None,
             column="", unit="元") -> Finding:
    diff = None if expected is None or found is None else found - expected
    return Finding.new(f.doc_id, rule, severity, message, table=table, row=row if row is not None else f.metric,
                       column=column, expected=expected, found=found, difference=diff, page=f.page, unit=unit)


def _money(facts):
    return [f for f in facts if f.amount_yuan is not None and f.metric != "previous_year_change"]


def _scope(f: Fact, v: Vocabulary) -> tuple[str, ...]:
    """The tables a function-class item speaks of (all funds or one budget's: _function_scope); () for others."""
    prefix = f.metric.partition(":")[0]
    if ":" not in f.metric or prefix not in v.function_tables:
        return ()
    return tuple(key for key, _ in _function_scope(f, v.function_tables[prefix]))


def _check_repeats(
    facts: list[Fact], slips: set[int] = frozenset(), v: Vocabulary = FINAL_VOCABULARY
) -> list[Finding]:
    """The same metric stated more than once must carry the same amount; `slips` are the figures
    whose digits agree but whose printed unit does not (said so in the message). A function class stated of all
    funds and again of the 财政拨款 alone (一般公共服务支出 10685.56 and 9846.82 万元) is two figures, not one."""
    out, groups = [], {}
    for f in facts:
        if f.metric not in ("previous_year_change",):
            groups.setdefault((f.metric, _scope(f, v)), []).append(f)
    for (metric, _), fs in groups.items():
        if len(fs) < 2:
            continue
        first = fs[0]
        base = first.amount_yuan if first.amount_yuan is not None else first.value
        odd = [f for f in fs[1:] if (f.amount_yuan if f.amount_yuan is not None else f.value) != base]
        if not odd:
            out.append(_finding(first, "narrative_repeat", base, base, Severity.OK,
                                f"{metric} stated {len(fs)} times as {_fmt(first)}", column="repeat"))
        for f in odd:
            got = f.amount_yuan if f.amount_yuan is not None else f.value
            sev = _money_severity(got - base, _tolerance(f)) if f.amount_yuan is not None else Severity.ERROR
            slip = next((x for x in (f, first) if id(x) in slips), None)
            why = f"; the same digits in {slip.unit}: a misprinted unit" if slip is not None else ""
            out.append(_finding(f, "narrative_repeat", base, got, sev,
                                f"{metric} stated differently: {_where(first)} vs {_where(f)}{why}",
                                column="repeat"))
    return out


def _nearest(facts: list[Fact], metric: str | tuple[str, ...], before: int) -> Fact | None:
    """The statement of `metric` (of any of them) closest before position `before` (else the first after it)."""
    metrics = (metric,) if isinstance(metric, str) else metric
    idx = [i for i, f in enumerate(facts) if f.metric in metrics]
    prior = [i for i in idx if i < before]
    return facts[prior[-1]] if prior else facts[idx[0]] if idx else None


def _sum_finding(total: Fact, parts: list[Fact], rule: str, what: str) -> Finding:
    found = sum((p.amount_yuan for p in parts), Decimal(0))
    sev = _money_severity(found - total.amount_yuan, _tolerance(total, len(parts)))
    unit = UNIT_YUAN.get(total.unit, Decimal(1))
    msg = (f"{what}: {len(parts)} parts add up to {found / unit:,}{total.unit}; "
           f"stated total {_where(total)}")
    return _finding(total, rule, total.amount_yuan, found, sev, msg, column="sum of parts")


def _check_sums(facts: list[Fact], v: Vocabulary) -> list[Finding]:
    out = []
    for total_metric, part_metrics in v.sums:
        parts = {}
        for i, f in enumerate(facts):
            if f.metric in part_metrics and f.metric not in parts:
                parts[f.metric] = (i, f)
        if len(parts) < 2:
            continue  # one part is an example, not a breakdown that must add up to the total
        total = _nearest(facts, total_metric, min(i for i, _ in parts.values()))
        if total is not None and total.amount_yuan is not None:
            out.append(_sum_finding(total, [f for _, f in parts.values()], "narrative_sum",
                                    "+".join(parts)))
    return out + _check_function_sums(facts, v)


def _check_function_sums(facts: list[Fact], v: Vocabulary) -> list[Finding]:
    """Per-class lists vs the stated budget total, and detailed 款/项 items vs classes and total.
    An item stated twice counts once (the repeat is checked by _check_repeats)."""
    out = []
    for prefix, total_metric in v.function_totals:
        first: dict[str, int] = {}
        for i, f in enumerate(facts):
            first.setdefault(f.metric, i)
        fs = [(i, f) for i, f in enumerate(facts) if f.metric.startswith(prefix + ":") and first[f.metric] == i]
        for level_set, what in (({"类"}, "class list"), ({"款", "项"}, "款/项 items")):
            run = [(i, f) for i, f in fs if f.level in level_set]
            if len(run) < 2:
                continue  # one item is an example, not a list that must add up
            total = _nearest(facts, total_metric, run[0][0])
            if total is not None:
                out.append(_sum_finding(total, [f for _, f in run], f"narrative_sum:{prefix}",
                                        f"{prefix} {what}"))
            if level_set == {"款", "项"}:
                out += _items_vs_classes(facts, prefix, [f for _, f in run], total_metric)
    return out


def _class_of(metric: str) -> str:
    code = metric.split(":")[1]
    return code[:3] if code[:3].isdigit() else code.split("/")[0]


def _items_vs_classes(facts, prefix, items, total_metric) -> list[Finding]:
    """Items vs their class, where both lists add up to the same total (a class of all spending is
    not the sum of its items' 财政拨款)."""
    out = []
    classes = {_class_of(f.metric): f for f in facts
               if f.metric.startswith(prefix + ":") and f.level == "类"}
    index = {id(f): i for i, f in enumerate(facts)}
    over_items = _nearest(facts, total_metric, index[id(items[0])])
    over_classes = _nearest(facts, total_metric, min(index[id(f)] for f in classes.values())) if classes else None
    if over_items is not None and over_classes is not None and over_items.amount_yuan != over_classes.amount_yuan:
        return out
    groups = {}
    for f in items:
        groups.setdefault(_class_of(f.metric), []).append(f)
    for cls, parts in groups.items():
        if cls in classes and len(parts) > 1:
            out.append(_sum_finding(classes[cls], parts, f"narrative_sum:{prefix}",
                                    f"{prefix} items of class {cls}"))
    return out


def _share_base(f: Fact, v: Vocabulary) -> str | tuple[str, ...] | None:
    if f.share_of:
        return f.share_of
    if f.level == "类" and ":" in f.metric:
        scope = _scope(f, v)
        return v.scope_totals.get(scope[0] if scope else "") or dict(v.function_totals).get(f.metric.split(":")[0])
    return v.share_base.get(f.metric)


def _check_percents(facts: list[Fact], v: Vocabulary) -> list[Finding]:
    """Stated shares, changes and completion rates against the amounts they come from."""
    out = []
    for i, f in enumerate(facts):
        if f.amount_yuan is None or f.metric == "previous_year_change":
            continue
        base = _share_base(f, v)
        total = _nearest(facts, base, i) if base and f.share_percent is not None else None
        half = _half(f)
        if total is not None and total.amount_yuan:
            computed = f.amount_yuan * 100 / total.amount_yuan
            bounds = _ratio_bounds(f.amount_yuan, half, total.amount_yuan, _half(total))
            out.append(_pct_finding(f, "narrative_share", f.share_percent, computed,
                                    f"share 占{f.share_percent}% of {_where(f)} vs {_where(total)}", bounds))
        if f.change_amount_yuan is not None and f.change_percent is not None:
            previous = f.amount_yuan - f.change_amount_yuan
            if previous:
                computed = f.change_amount_yuan * 100 / previous
                msg = f"change {f.comparison} of {_where(f)}; previous {previous:,} yuan"
                # the change is printed in the amount's unit: both carry the same rounding
                bounds = _ratio_bounds(f.change_amount_yuan, half, previous, 2 * half)
                out.append(_pct_finding(f, "narrative_change", f.change_percent, computed, msg, bounds))
        if f.completion_percent is not None and f.budget_yuan:
            computed = f.amount_yuan * 100 / f.budget_yuan
            msg = f"completion {f.completion_percent}% of {_where(f)}; budget {f.budget_yuan:,} yuan"
            bounds = _ratio_bounds(f.amount_yuan, half, f.budget_yuan, half)
            out.append(_pct_finding(f, "narrative_completion", f.completion_percent, computed, msg, bounds))
    return out


def _half(f: Fact) -> Decimal:
    """Half a unit of the last printed digit of f's amount, in yuan: how far the exact figure
    behind a rounded print ("4.62万元") can be from it."""
    return Decimal(5).scaleb(min(f.value.as_tuple().exponent, 0) - 1) * UNIT_YUAN.get(f.unit, Decimal(1))


def _ratio_bounds(a: Decimal, ha: Decimal, b: Decimal, hb: Decimal) -> tuple[Decimal, Decimal] | None:
    """Range of 100·a/b over the exact figures behind two rounded prints (None if b may be 0)."""
    if abs(b) <= hb:
        return None
    corners = [(a + da) * 100 / (b + db) for da in (-ha, ha) for db in (-hb, hb)]
    return min(corners), max(corners)


def _pct_finding(f, rule, stated, computed, msg, bounds=None) -> Finding:
    """A percent that misses the one computed from the printed amounts but lies within what the
    amounts' own rounding allows (shares of small amounts printed in 万元) is rounding, not error."""
    computed = computed.quantize(Decimal("0.0001"))
    sev = _pct_severity(stated, computed)
    msg = f"{msg}: computed {computed}%"
    if sev == Severity.ERROR and bounds is not None:
        step = Decimal(1).scaleb(min(stated.as_tuple().exponent, 0))
        if bounds[0] - step / 2 <= stated <= bounds[1] + step / 2:
            sev = Severity.ROUNDING
            msg += f", {bounds[0]:.4f}–{bounds[1]:.4f}% within the rounding of the printed amounts"
    return _finding(f, rule, computed, stated, sev, msg, column=rule.split("_")[1], unit="%")


# --- narrative vs tables ---------------------------------------------------------------------

_META = {"side", "code", "row_label"}


def _amount_cell(row: dict, pattern: str) -> tuple[str, Decimal] | None:
    """The (column, amount) of a row whose folded column key matches; a row with a single
    amount column is accepted for the generic 决算数/金额 pattern."""
    cols = [(k, v) for k, v in row.items() if k not in _META and isinstance(v, Decimal)]
    hits = [(k, v) for k, v in cols if _rx(pattern).search(fold(k))]
    if hits:
        return hits[0]
    return cols[0] if pattern == AMOUNT_COLUMN and len(cols) == 1 else None


def _table_rows(f: Fact, tables: dict, v: Vocabulary):
    """(table_key, row, column pattern) candidates for a fact; a metric with several rules (a list)
    takes the first whose table prints its row."""
    if f.metric in v.table_rules:
        rules = v.table_rules[f.metric]
        for key, labels, pattern in rules if isinstance(rules, list) else [rules]:
            rows = tables.get(key) or []
            # a label "收入:总计" names that side's row
            picked = [r for r in rows if fold(str(r.get("row_label", ""))) in labels
                      or f"{r.get('side', '')}:{fold(str(r.get('row_label', '')))}" in labels]
            if not picked and "" in labels and len(rows) == 1:
                picked = rows
            if picked:
                return [(key, r, pattern) for r in picked]
        return []
    prefix, _, rest = f.metric.partition(":")
    if prefix not in v.function_tables:
        return []
    code, _, names = rest.partition(":")
    for key, pattern in _function_scope(f, v.function_tables[prefix]):
        rows = [r for r in tables.get(key) or [] if r.get("side") != "收入"]
        if not names and code.isdigit():
            picked = [r for r in rows if str(r.get("code", "")) == code]
        else:
            last = names.split("/")[-1] if names else code
            picked = [r for r in rows if fold(str(r.get("row_label", ""))) == last
                      and (not code.isdigit() or str(r.get("code", "")).startswith(code))]
            picked = picked if len(picked) == 1 else []
        if picked:
            return [(key, r, pattern) for r in picked]
    return []


def _function_scope(f: Fact, spec) -> list[tuple[str, str]]:
    """The tables (key, column pattern) a function-class item is compared with, in order: the
    funds its section speaks of (a budget's 支出预算 all funds, its 一般公共预算 section that
    budget only), so that a class is compared with its class row in the table of the same scope."""
    if isinstance(spec, tuple):
        return [spec]
    for text in (f.subsection, f.section):
        for pattern, tables in spec:
            if pattern and _rx(pattern).search(text):
                return tables
    return next((tables for pattern, tables in spec if not pattern), [])


def _check_tables(facts: list[Fact], tables: dict, v: Vocabulary) -> list[Finding]:
    out, seen = [], set()
    for f in _money(facts):
        candidates = _table_rows(f, tables, v)
        scope = tuple(key for key, _, _ in candidates)
        if (f.metric, f.amount_yuan, scope) in seen:
            continue
        seen.add((f.metric, f.amount_yuan, scope))
        for key, row, pattern in candidates:
            cell = _amount_cell(row, pattern)
            if cell is None:
                continue
            column, amount = cell
            sev = _money_severity(f.amount_yuan - amount, _tolerance(f))
            where = "/".join(x for x in (str(row.get("side") or ""), str(row.get("code") or ""),
                                         str(row.get("row_label") or "")) if x)
            msg = f"narrative {_where(f)} vs table {key} {where} [{column}] = {amount:,} yuan"
            out.append(_finding(f, "narrative_vs_table", amount, f.amount_yuan, sev, msg,
                                table=key, row=where, column=column))
    return out


def reconcile(facts: list[Fact], tables: dict, vocabulary: Vocabulary | None = None) -> list[Finding]:
    """All checks: narrative vs tables (Finding.table = table_key) and the narrative's own
    arithmetic (Finding.table = "narrative"). tables: table_key → rows, each a dict with side,
    code, row_label and column_key → Decimal amount in yuan."""
    v = vocabulary or FINAL_VOCABULARY
    slips = _unit_slips(facts)
    usable = [f for f in facts if id(f) not in slips]
    return (_check_tables(usable, tables or {}, v) + _check_repeats(facts, slips, v) + _check_sums(usable, v)
            + _check_percents(usable, v))


def _unit_slips(facts: list[Fact]) -> set[int]:
    """Figures printed with a unit unlike the narrative's own where the same metric is stated
    elsewhere with the same digits in that unit ("预算支出1682.76元" beside "支出总计1682.76万元"):
    one misprint, reported once by the repeat check, and not taken as a total or base besides."""
    units: dict[str, int] = {}
    for f in _money(facts):
        units[f.unit] = units.get(f.unit, 0) + 1
    if not units:
        return set()
    usual = max(units, key=units.get)
    stated = {(f.metric, f.value) for f in _money(facts) if f.unit == usual}
    return {id(f) for f in _money(facts) if f.unit != usual and (f.metric, f.value) in stated}
