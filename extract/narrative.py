"""Facts stated in the prose of a 部门决算 report (情况说明): each figure with the words that name it.

Why: the narrative restates the tables' key figures (totals, 三公, 机关运行经费, 政府采购, per-class
spending) and is often edited separately from them, so it carries its own mistakes. Here each figure is
read with the words that name it and kept exactly as printed; juesuan/narrative_checks.py compares them
with the tables and with the narrative itself (parts vs totals, shares and changes vs amounts, repeated
figures), and juesuan/output.py writes them to facts.csv.

Reading model: wrapped PDF lines are joined into sentences (ending at 。；); each number+unit gets a
*label* — the words of its own clause before it. A label either names a metric (RULES) or plays a
role for the sentence's subject (预算为 budget / 支出决算为 actual / 减少… change / 占 share / 完成…预算的
completion). Function-class items ("社会保障和就业支出(类)…(款)…(项)") are keyed by their codes.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Callable

import regex as re

from juesuan.model import Fact
from juesuan.normalize.numerals import Quantity, find_quantities

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


# --- text → sentences ------------------------------------------------------------------------

_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")
_FIGURE = re.compile(r"^图\s*\d+\s*[:：]")
_NARRATIVE_PART = re.compile(r"情况说明|决算说明")
_SKIP_PART = re.compile(r"名词解释|附件|附表|决算表|重点工作|绩效自评")
# Patterns used inline are compiled once through here: regex's module-level functions pay a cache
# lookup of ~10 µs on every call, which the narrative pages make tens of thousands of times.
_rx = lru_cache(maxsize=None)(re.compile)


def pages_from_text(text: str) -> list[tuple[int | None, str]]:
    """A plain-text dump: pages are separated by runs of 3+ blank lines and carry no numbers."""
    return [(None, chunk) for chunk in _rx(r"\n\s*\n\s*\n\s*\n").split(text) if chunk.strip()]


def fold(s: str) -> str:
    """Comparable form of a label: no spaces or quotes, ASCII parentheses and colons."""
    s = _rx(r"\s+").sub("", s).replace("收、支", "收支")
    s = s.translate(str.maketrans("（）：", "():", "“”‘’\"'「」"))
    return s


_PAGE_NUMBER = re.compile(r"^(?:[-—－–]\s*\d{1,3}\s*[-—－–]|\d{1,3}|\d{1,3}\s*/\s*\d{1,3}"
                          r"|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?)$")


def _lines(pages) -> list[tuple[int | None, str]]:
    """Non-empty lines; a page's first or last line that is only its page number ("5", "- 21 -",
    "第3页") is its header or footer, not text: joined into a sentence it would split a label."""
    out = []
    for p, text in pages:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        while lines and _PAGE_NUMBER.match(lines[-1]):
            lines.pop()
        if lines and _PAGE_NUMBER.match(lines[0]):
            lines.pop(0)
        out += [(p, ln) for ln in lines]
    return out


def _scoped_lines(pages):
    """Lines of the narrative part(s): 情况说明 parts if titled so, else all but glossary/annexes."""
    lines, out, titles = _lines(pages), [], []
    i = 0
    while i < len(lines):
        p, ln = lines[i]
        if _PART.match(ln):
            title = ln
            while (i + 1 < len(lines) and not _rx(r"说明|解释|附件|表|情况").search(title)
                   and len(lines[i + 1][1]) <= 30 and not _H1.match(lines[i + 1][1])):
                i += 1
                title += lines[i][1]
            titles.append(title)
            out.append((p, None, fold(title)))
        else:
            out.append((p, ln, None))
        i += 1
    has_narrative_part = any(_NARRATIVE_PART.search(t) and not _SKIP_PART.search(t) for t in titles)
    keep = not has_narrative_part and bool(out)
    for p, ln, title in out:
        if title is not None:
            keep = (bool(_NARRATIVE_PART.search(title)) and not _SKIP_PART.search(title)) \
                if has_narrative_part else not _SKIP_PART.search(title)
            continue
        if keep:
            yield p, ln


def _sentences(pages):
    """(page, section, subsection, sentence): wrapped lines joined, split after 。 and ；."""
    section = subsection = ""
    buf, buf_page = "", None
    for page, ln in _scoped_lines(pages):
        has_amount = any(q.kind == "money" for _, _, q in find_quantities(ln))
        is_item = _rx(r"[(（]类[)）]").search(ln)
        if (_H1.match(ln) or _H2.match(ln)) and not has_amount and not is_item and len(ln) <= 40:
            if buf.strip():
                yield buf_page, section, subsection, buf.strip()
            buf = ""
            title = fold(_rx(r"^\S*?[、)）]\.?").sub("", ln, count=1)).rstrip("。")
            if _H1.match(ln):
                section, subsection = title, ""
            else:
                subsection = title
            yield None, section, subsection, None  # heading marker: resets carried subjects
            continue
        if _FIGURE.match(ln):
            continue
        if not buf:
            buf_page = page
        buf += ln
        while (m := _rx(r"[。；;]").search(buf)):
            sent, buf = buf[: m.end()], buf[m.end():]
            if sent.strip("。；; "):
                yield buf_page, section, subsection, sent.strip()
            buf_page = page
    if buf.strip():
        yield buf_page, section, subsection, buf.strip()


# --- labels → metrics ------------------------------------------------------------------------

_TAIL = r"(?:支出|费用?|经费|金额|总额)*$"
# 人员经费 / 公用经费 of the department's basic spending, not of a project ("信访局临聘人员经费15.56万元"):
# nothing before them, or words ending in 其中 / 中 / 包括 / 支出 / 预算
OWN_PREFIX = r"^(?:.*(?:其中|中|包括|支出|预算))?"
RULES: list[tuple[str, str]] = [  # (metric, pattern on the folded label); first match wins
    # the funds a performance review "covers" ("涉及一般公共预算支出1639.34万元"): no total of the report's
    ("", r"^共?涉及"),
    ("three_public", r"三公"),
    ("overseas_travel", r"因公出国"),
    ("vehicle_purchase_operation", r"公务用车购置及运行"),
    ("vehicle_purchase", r"公务用车购置"),
    ("vehicle_operation", r"公务用车运行"),
    ("foreign_reception", r"外宾接待" + _TAIL),
    ("domestic_reception", r"国内公务接待" + _TAIL),
    ("official_reception", r"公务接待" + _TAIL),
    ("operating_expenses", r"机关运行经费" + _TAIL),
    ("procurement_sme_reserved", r"面向中小企业预留.*金额$"),
    ("procurement_micro_reserved", r"面向小微企业预留.*金额$"),
    ("procurement_sme_amount", r"授予中小企业.*金额$|中小企业合同金额$"),
    ("procurement_goods", r"(?:采购)?货物(?:采购)?" + _TAIL),
    ("procurement_works", r"(?:采购)?工程(?:采购)?" + _TAIL),
    ("procurement_services", r"(?:采购)?服务(?:采购)?" + _TAIL),
    ("procurement_total", r"政府采购" + _TAIL),
    ("personnel_expenditure", OWN_PREFIX + r"人员经费$"),
    ("public_expenditure", OWN_PREFIX + r"(?:日常)?公用经费$"),
    # "财政拨款基本支出" under 六、一般公共预算财政拨款基本支出决算情况说明 (the central report): table 06's figure
    ("general_budget_basic_expenditure", r"(?:一般公共预算)?财政拨款基本支出$"),
    ("basic_expenditure", r"基本支出$"),
    ("project_expenditure", r"项目支出$"),
    ("fiscal_appropriation_total", r"财政拨款收(?:入)?(?:总计)?[、和与及]?支(?:出)?总计$"),
    ("total_income_expenditure", r"收(?:入)?(?:总计)?[、和与及]?支(?:出)?总计$"),  # 收入总计、支出总计
    ("government_fund_income", r"政府性基金.*收入(?:合计)?$"),
    ("government_fund_expenditure", r"政府性基金.*支出(?:合计)?$"),
    ("state_capital_income", r"国有资本经营预算.*收入(?:合计)?$"),
    ("state_capital_expenditure", r"国有资本经营预算.*支出(?:合计)?$"),
    ("general_budget_appropriation_income", r"一般公共预算.*收入$"),
    ("general_budget_appropriation_expenditure", r"一般公共预算.*支出$"),
    ("fiscal_appropriation_income", r"财政拨款收入$"),
    ("superior_subsidy_income", r"上级补助收入$"),
    ("affiliated_income", r"附属单位上缴收入$"),
    ("business_income", r"事业收入$"),
    ("operating_income", r"经营收入$"),
    ("other_income", r"其他收入$"),
    ("total_income", r"收入(?:合计|总计)$"),
    ("total_expenditure", r"支出(?:合计|总计)$"),
]
_PROCUREMENT_ONLY = re.compile(r"procurement_(?:goods|works|services)")  # only in a sentence about 采购
_PROCUREMENT_WORDS = re.compile(r"采购|购买")
COUNT_RULES = [("vehicles_held", r"共有车辆$"), ("official_vehicles_held", r"公务用车保有量为?$"),
               ("vehicles_purchased", r"购置.*公务用车$")]
# parts → the total they are shares of (when "占" names no base)
SHARE_BASE = {
    "basic_expenditure": "total_expenditure", "project_expenditure": "total_expenditure",
    "general_budget_appropriation_expenditure": "total_expenditure",
    "fiscal_appropriation_income": "total_income", "superior_subsidy_income": "total_income",
    "business_income": "total_income", "operating_income": "total_income",
    "other_income": "total_income", "affiliated_income": "total_income",
    "overseas_travel": "three_public_actual", "vehicle_purchase_operation": "three_public_actual",
    "official_reception": "three_public_actual", "procurement_sme_amount": "procurement_total",
}
_SHARE_PHRASES = [("本年收入", "total_income"), ("本年支出", "total_expenditure"),
                  ("政府采购", "procurement_total"), ("三公", "three_public_actual")]
_UP, _DOWN = r"增加|增长|上升|提高", r"减少|下降|降低|下滑"
_ROLE_BUDGET = re.compile(r"(?:年初|全年|调整后)?预算数?为?$")
_ROLE_ACTUAL = re.compile(r"(?:支出)?决算数?为?$")
_MINUS = re.compile(r"(?<![\d.])\s*[-−－]\s*$")  # a sign right before the number, not a range "5-10"
_GENERIC = re.compile(r"^(?:本年)?(?:收入|支出)?(?:合计|总计)?$")


def _clean_label(label: str) -> str:
    s = _rx(r"\((?!类|款|项)[^()]*\)").sub("", label)  # (本级) (境) (以合同签订为准) …
    s = _rx(r"^.*?\d{4}年度?").sub("", s) if _rx(r"\d{4}年").search(s) else s
    s = _rx(r"^[(\d.．、一二三四五六七八九十)]*[、.．)]").sub("", s)  # "1．", "（三）", "2、"
    s = _rx(r"^(?:其中|主要用于以下方面|具体支出情况为|具体情况为)[:,]?").sub("", s)
    return _rx(r"(?:为|各|均|分别|是|共计|[:,])+$").sub("", s)


def _metric_for(key: str, sentence: str, rules) -> str | None:
    for metric, pat in rules:
        if _PROCUREMENT_ONLY.search(metric) and not _PROCUREMENT_WORDS.search(sentence):
            continue
        if _rx(pat).search(key):
            return metric or None  # "": a label the rules read as naming no metric
    return None


# --- function classification ------------------------------------------------------------------

@lru_cache(maxsize=1)
def _codes() -> tuple[dict, dict, dict]:
    """Class name → code, (parent code, folded name) → code, and parent code → its [(folded name, code)]."""
    classes, children = {}, {}
    with open(SCHEMAS / "function_classes_2024.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            classes[r["name"]] = r["code"]
    with open(SCHEMAS / "function_codes.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["level"] == "1":
                classes.setdefault(r["name"], r["code"])
            else:
                children.setdefault((r["parent"], fold(r["name"])), r["code"])
    by_parent: dict[str, list[tuple[str, str]]] = {}
    for (parent, name), code in children.items():
        by_parent.setdefault(parent, []).append((name, code))
    return classes, children, by_parent


_PATH = re.compile(r"([^()\d:;,，；：。、]+?)\(?(类|款|项)\)(支出(?=$|[\d ]))?")


def _function_path(text: str) -> list[tuple[str, str]]:
    """[(name, level)] from "社会保障和就业(类)支出", "…支出(类)…(款)…(项)"; the 款 paren may be lost."""
    out = []
    for m in _PATH.finditer(fold(text)):
        name = m[1].lstrip(".．、 ") + (m[3] or "")
        if name:
            out.append((name, m[2]))
    return out


_LIST_OPENING = re.compile(r"^(?:[(（]?[\d一二三四五六七八九十]+[)）.．、])?(?:按支出功能分类[,，]?)?"
                           r"(?:包括|其中|主要是|分别是|分别为)?[:：]?")


def _class_named(key: str) -> list[tuple[str, str]]:
    """[(name, 类)] for a label that is a function class's name as printed without "(类)"
    ("包括一般公共服务支出", "社会保障和就业支出"): a class item, compared with its class row,
    not a total; anything else before the name (a unit, a purpose) leaves the label alone."""
    name = _LIST_OPENING.sub("", key, count=1)
    classes = _codes()[0]
    return [(name, "类")] if name in classes and name.endswith("支出") else []


def _function_level(path: list[tuple[str, str]]) -> str:
    xiang = [n for n, lv in path if lv == "项"]
    return "项" if len(xiang) == 1 else "款" if any(lv == "款" for _, lv in path) else "类"


def _function_key(path: list[tuple[str, str]], prefix: str) -> str | None:
    """function:208 / function:20802 / function:2080501; unmapped names are kept after the code."""
    classes, children, by_parent = _codes()
    cls = [n for n, lv in path if lv == "类"]
    if not cls:
        return None
    kuan = [n for n, lv in path if lv == "款"]
    xiang = [n for n, lv in path if lv == "项"]
    names = [cls[0]] + kuan[:1] + (xiang if len(xiang) == 1 else [])
    code = classes.get(names[0]) or classes.get(names[0] + "支出")
    if not code:
        return f"{prefix}:{'/'.join(names)}"
    rest = []
    for n in names[1:]:
        child = None if rest else children.get((code, n)) or children.get((code, n.removesuffix("支出")))
        if child is None:  # legacy names like 行政运行（人大）: accept a unique qualified match
            cands = [c for nm, c in by_parent.get(code, ()) if nm.startswith(n + "(")]
            child = cands[0] if len(cands) == 1 and not rest else None
        if child:
            code = child
        else:
            rest.append(n)
    return f"{prefix}:{code}" + (f":{'/'.join(rest)}" if rest else "")


def _function_prefix(section: str) -> str:
    if "政府性基金" in section:
        return "gf_function"
    if "国有资本" in section:
        return "sc_function"
    return "function"


# --- extraction ------------------------------------------------------------------------------

def _direction(text: str) -> int | None:
    up, down = _rx(_UP).search(text), _rx(_DOWN).search(text)
    if up and down:
        return None  # "增加(减少)", "下降(增长)": template wording, sign unknown
    return 1 if up else -1 if down else 0


def _sign(amount: Decimal, direction: int | None) -> Decimal | None:
    if direction is None:
        return amount if amount == 0 else None
    return amount * direction if direction else amount


def extract_facts(doc_id: str, pages, vocabulary: "Vocabulary | None" = None) -> list[Fact]:
    """Facts of the narrative part of one document. pages: [(page_number | None, text)];
    vocabulary: the report kind's (final accounts by default, budgets: narrative_budget.py)."""
    v = vocabulary or FINAL_VOCABULARY
    facts: list[Fact] = []
    carried = None  # a function path stated in a sentence without figures, for the next ones
    klass = None  # the last 类 named, for a list of items naming only their 款 and 项 ("2．法院（款）…（项）")
    for page, section, subsection, sent in _sentences(pages):
        if sent is None:
            carried = klass = None
            continue
        path = _function_path(sent)
        klass = next(((n, lv) for n, lv in path if lv == "类"), klass)
        qs = find_quantities(sent)
        if path and not any(q.kind == "money" for _, _, q in qs):
            carried = path
            continue
        _read_sentence(v, doc_id, page, section, subsection, sent, qs, facts, carried, klass)
    total = next((f for f in facts if f.metric == v.total_metric
                  and f.change_amount_yuan is not None), None)
    if total is not None:
        facts.insert(facts.index(total) + 1, _derived(total, "previous_year_change", None))
    return facts


def _read_sentence(v: "Vocabulary", doc_id, page, section, subsection, sent, qs, facts, carried, klass=None):
    """Append the facts of one sentence; `carried` is a function path from an earlier sentence,
    `klass` the last (类) named, for items that name only their 款 and 项."""
    folded_sent = fold(sent)
    subject = None  # the label of the last named figure in this sentence, for generic labels
    # the fact the following share/change/completion belong to; a sentence opening with one of
    # those ("完成年初预算的 100%。") continues the previous sentence's last figure
    current = facts[-1] if facts and facts[-1].section == section and v.continues.match(folded_sent) else None
    changed = None  # the fact the last change amount went to
    budget = None
    part = None  # a part of spending (基本支出, 项目支出) the sentence named: its classes are that part's
    prev_end = 0
    for start, end, q in qs:
        raw = sent[prev_end:start]
        if "原因" in raw:  # "增长64.2%，主要原因是…基金收入…增加144.81%": a reason speaks of other things
            current = changed = None
        if (m := _MINUS.search(raw)) and q.kind in ("money", "percent"):  # "其他收入-5.96万元"
            raw = raw[: m.start()]
            q = Quantity(-q.value, q.unit, q.kind, None if q.amount_yuan is None else -q.amount_yuan)
        cut = max(raw.rfind(c) for c in "，,：:；;")
        cut = max(cut, raw.rfind("(含"), raw.rfind("（含"))
        label_raw = raw[cut + 1:] if cut >= 0 else raw
        label = fold(label_raw)
        prev_end = end
        if q.kind in ("percent", "points"):
            if "占" in label and current is not None and q.kind == "percent":
                current.share_percent = q.value
                for phrase, base in v.share_phrases:
                    if phrase in label:
                        current.share_of = base
                if current.metric == "procurement_sme_amount":
                    facts.append(_derived(current, "procurement_sme_share", q.value))
            elif "完成" in label and "预算" in label and current is not None:
                current.completion_percent = q.value
                if current.metric == "general_budget_appropriation_expenditure":
                    facts.append(_derived(current, "budget_completion_rate", q.value))
            elif (d := _direction(label)) != 0 and (changed or current) is not None:
                target = changed or current
                sg = d if d is not None else _pct_sign_from(target)
                val = q.value * sg if sg else None
                if q.kind == "percent":
                    target.change_percent = val
                target.comparison = _join(target.comparison, _stated(label_raw, q, sent[start:end]))
            continue
        if q.kind == "count":
            key = _clean_label(label)
            metric = _metric_for(v.label_filter(key), folded_sent, v.count_rules)
            if metric:
                facts.append(_fact(doc_id, page, section, subsection, sent, metric, q, key))
            continue
        # money
        d = _direction(label)
        if d != 0:
            head = _rx(r"比|较|与|同比|" + _UP + "|" + _DOWN).split(label)[0]
            key = _strip_role(_clean_label(head))
            metric = _resolve(v, key, subject, carried, section, folded_sent, klass, role="change")
            target = current
            if metric and (target is None or target.metric != metric):
                target = next((f for f in reversed(facts) if f.metric == metric
                               and f.change_amount_yuan is None and not f.comparison), None)
            if target is not None:
                target.change_amount_yuan = _sign(q.amount_yuan, d)
                target.comparison = _join(target.comparison, _stated(label_raw, q, sent[start:end]))
                changed = target
            continue
        changed = None
        if _earlier_year(label_raw, sent[:start]):
            current = None  # "2026年…预算数为7.61万元，2025年预算数为9.23万元": the year before's figure
            continue
        if _rx(r"结转|结余").search(label):
            subject = _strip_role(_clean_label(_rx(r"年初结转和?结余|年末结转和?结余|结转和?结余").sub("", label)))
            continue
        key = _clean_label(label)
        if v.ignored and v.ignored.search(v.label_filter(key)):
            continue  # a figure the report kind does not read (a budget's previous-year execution)
        if v.role_budget and v.role_budget.search(key) and not key.endswith("一般公共预算"):
            key = v.role_budget.sub("", key)
            metric = _resolve(v, key, subject, carried, section, folded_sent, klass, role="budget")
            budget = (metric, q)
            if key:
                subject = key
            if metric == "three_public_actual":
                facts.append(_fact(doc_id, page, section, subsection, sent, "three_public_budget", q, key))
            continue
        key = _strip_role(key)
        metric = _resolve(v, key, subject, carried, section, folded_sent, klass, role="value")
        if key and not _GENERIC.match(key):
            subject = key
        restated = None
        if metric is None and v.restates and current is not None and _GENERIC.match(v.label_filter(key)):
            restated, metric = current, current.metric  # "2024年预算安排25.77万元" after the item it restates
        if metric is None or (":" in metric and part is not None and restated is None):
            current = None  # "项目支出417.41万元，…其中：一般公共服务支出417.41万元": a class of that part only
            continue
        named = (
            key or subject or (restated.label if restated else "") or "".join(f"{n}({lv})" for n, lv in (carried or []))
        )
        current = _fact(doc_id, page, section, subsection, sent, metric, q, named)
        if ":" in metric:
            current.level = restated.level if restated else _function_level(
                _function_path(key) or _class_named(key) or _function_path(subject or "") or carried or [])
        if budget and budget[0] == metric:
            current.budget_yuan = budget[1].amount_yuan
        facts.append(current)
        if metric in _PART_METRICS:
            part = metric


_PART_METRICS = {"basic_expenditure", "project_expenditure", "budget_basic", "budget_project"}


def _earlier_year(label_raw: str, before: str) -> bool:
    """The label names a year earlier than one the sentence named before it: a figure of the
    previous year, stated for comparison, not the report's own."""
    years = [int(y) for y in _rx(r"(?<!\d)((?:19|20)\d\d)年").findall(label_raw)]
    earlier = [int(y) for y in _rx(r"(?<!\d)((?:19|20)\d\d)年").findall(before[: len(before) - len(label_raw)])]
    return bool(years and earlier) and years[-1] < max(earlier)


def _strip_role(key: str) -> str:
    return _ROLE_ACTUAL.sub("", key).rstrip("为")


def _resolve(v: "Vocabulary", key, subject, carried, section, folded_sent, klass, role) -> str | None:
    """Metric for a label; generic labels (本年收入, 支出决算为, "") borrow the sentence's subject."""
    path = _function_path(key) or _class_named(v.label_filter(key))
    if path and klass and not any(lv == "类" for _, lv in path) and any(lv == "款" for _, lv in path):
        path = [klass] + path
    key = v.label_filter(key)
    if not path and _GENERIC.match(key) and role != "change":
        if subject:
            return _resolve(v, subject + key, None, None, section, folded_sent, klass, role)
        if carried:
            path = carried
    if path:
        return _function_key(path, _function_prefix(section))
    metric = _metric_for(key, folded_sent, v.rules)
    if metric == "three_public":
        return "three_public_actual"
    return metric


def _fact(doc_id, page, section, subsection, sent, metric, q: Quantity, key: str) -> Fact:
    return Fact(doc_id=doc_id, section=section, metric=metric, value=q.value, unit=q.unit,
                amount_yuan=q.amount_yuan, page=page, sentence=sent, subsection=subsection, label=key)


def _derived(f: Fact, metric: str, percent: Decimal | None) -> Fact:
    """A fact restating part of another (previous_year_change, shares, completion rates)."""
    if percent is None:  # previous_year_change: the signed change, in the total's printed unit
        value = f.change_amount_yuan / UNIT_YUAN.get(f.unit, Decimal(1))
        return Fact(f.doc_id, f.section, metric, value, f.unit, f.change_amount_yuan,
                    f.comparison, f.change_amount_yuan, f.change_percent, f.page, f.sentence,
                    subsection=f.subsection, label=f.label)
    return Fact(f.doc_id, f.section, metric, percent, "%", None, page=f.page, sentence=f.sentence,
                subsection=f.subsection, label=f.label)


def _pct_sign_from(f: Fact) -> int | None:
    if f.change_amount_yuan is None or f.change_amount_yuan == 0:
        return None
    return 1 if f.change_amount_yuan > 0 else -1


def _stated(label_raw: str, q: Quantity, printed: str) -> str:
    m = _rx(r"(比|较|" + _UP + "|" + _DOWN + ").*$").search(fold(label_raw))
    return (m[0] if m else "") + _rx(r"\s+").sub("", printed)


def _join(a: str, b: str) -> str:
    return f"{a}, {b}" if a else b


UNIT_YUAN = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10**4), "亿元": Decimal(10**8)}


# --- where the figures are checked (juesuan/narrative_checks.py reads these through the Vocabulary) ----

SUMS = [  # (total metric, part metrics): the narrative's own "其中" arithmetic
    ("total_expenditure", ["basic_expenditure", "project_expenditure"]),
    ("general_budget_basic_expenditure", ["personnel_expenditure", "public_expenditure"]),
    ("procurement_total", ["procurement_goods", "procurement_works", "procurement_services"]),
    ("total_income", ["fiscal_appropriation_income", "superior_subsidy_income", "business_income",
                      "operating_income", "affiliated_income", "other_income"]),
    ("three_public_actual", ["overseas_travel", "vehicle_purchase_operation", "official_reception"]),
    ("vehicle_purchase_operation", ["vehicle_purchase", "vehicle_operation"]),
]

AMOUNT_COLUMN = r"^(?:本年)?(?:决算数?|金额|决算金额)$"
_GB_TOTAL = r"^(?:本年支出)?/?合计$"
TABLE_RULES: dict[str, tuple[str, tuple[str, ...], str]] = {
    # metric: (table_key, row labels (folded; "" = the only row), column pattern on folded key)
    "total_income_expenditure": ("income_expenditure_summary", ("总计",), AMOUNT_COLUMN),
    "total_income": ("income_expenditure_summary", ("本年收入合计",), AMOUNT_COLUMN),
    "total_expenditure": ("income_expenditure_summary", ("本年支出合计",), AMOUNT_COLUMN),
    "fiscal_appropriation_total": ("fiscal_appropriation_summary", ("总计",), AMOUNT_COLUMN),
    "basic_expenditure": ("expenditure", ("合计",), r"(?:^|/)基本支出$"),
    "project_expenditure": ("expenditure", ("合计",), r"(?:^|/)项目支出$"),
    "general_budget_appropriation_expenditure": ("general_budget_expenditure", ("合计",), _GB_TOTAL),
    "personnel_expenditure": ("general_budget_basic_expenditure", ("人员经费合计",), AMOUNT_COLUMN),
    "public_expenditure": ("general_budget_basic_expenditure", ("公用经费合计",), AMOUNT_COLUMN),
    "three_public_budget": ("three_public", ("合计", ""), r"^预算数?/合计$"),
    "three_public_actual": ("three_public", ("合计", ""), r"^决算数?/合计$"),
    "overseas_travel": ("three_public", ("合计", ""), r"^决算数?/因公出国"),
    "vehicle_purchase_operation": ("three_public", ("合计", ""),
                                   r"^决算数?/公务用车购置及运行(?:维护)?费(?:/小计)?$"),
    "vehicle_purchase": ("three_public", ("合计", ""), r"^决算数?/公务用车购置及运行(?:维护)?费/公务用车购置费$"),
    "vehicle_operation": ("three_public", ("合计", ""), r"^决算数?/.*公务用车运行(?:维护)?费$"),
    "official_reception": ("three_public", ("合计", ""), r"^决算数?/公务接待费$"),
    "government_fund_income": ("government_fund", ("合计",), r"^本年收入(?:/?合计)?$"),
    "government_fund_expenditure": ("government_fund", ("合计",), r"^本年支出(?:/?合计)?$"),
}
FUNCTION_TABLES = {  # a class item is compared with its row in the table of the funds its section speaks of:
    # 收入支出决算总体情况 and 支出决算情况 all funds (支出决算表 05), the 财政拨款 sections the general budget's (07)
    "function": [(r"财政拨款|一般公共预算", [("general_budget_expenditure", _GB_TOTAL)]),
                 (r"^(?:收入支出|收支)决算总体|^支出决算", [("expenditure", _GB_TOTAL),
                                                 ("income_expenditure_summary", AMOUNT_COLUMN)]),
                 ("", [("general_budget_expenditure", _GB_TOTAL)])],
    "gf_function": ("government_fund", r"^本年支出(?:/?合计)?$")}


# --- vocabularies: what a kind of report calls its figures ------------------------------------

@dataclass(frozen=True)
class Vocabulary:
    """The words of one kind of report (final accounts here, budgets in narrative_budget.py):
    label rules, the sums the narrative states, and where the tables print each figure."""

    rules: list[tuple[str, str]]
    count_rules: list[tuple[str, str]]
    role_budget: re.Pattern | None  # a label naming the budget of the next figure ("年初预算为")
    label_filter: Callable[[str], str]  # words dropped from a label before the rules see it
    continues: re.Pattern  # a sentence opening so continues the previous sentence's last figure
    ignored: re.Pattern | None  # labels whose figures are not read
    restates: bool  # a generic label restates the figure the sentence continues
    sums: list[tuple[str, list[str]]]
    share_base: dict[str, str]
    share_phrases: list[tuple[str, str]]
    table_rules: dict[str, tuple[str, tuple[str, ...], str] | list[tuple[str, tuple[str, ...], str]]]
    # function-item prefix → (table, column pattern), or [(section pattern, [(table, column pattern)])]
    # by the scope of funds the section names ("" = any other section)
    function_tables: dict[str, tuple[str, str] | list[tuple[str, list[tuple[str, str]]]]]
    function_totals: tuple[
        tuple[str, str | tuple[str, ...]], ...
    ]  # function-item prefix → the total(s) its items add to
    total_metric: str  # the total whose change is restated as previous_year_change
    # the first table of a class item's scope → the total its share is of, where that is not function_totals' (a
    # final account's class of all funds, "教育支出180.03万元，占比1.24%", is a share of 本年支出合计)
    scope_totals: dict[str, str] = field(default_factory=dict)


FINAL_VOCABULARY = Vocabulary(
    RULES,
    COUNT_RULES,
    _ROLE_BUDGET,
    lambda key: key,
    re.compile(r"(?:完成|占|比|较|增长|下降|增加|减少)"),
    None,
    False,
    SUMS,
    SHARE_BASE,
    _SHARE_PHRASES,
    TABLE_RULES,
    FUNCTION_TABLES,
    (
        ("function", "general_budget_appropriation_expenditure"),
        ("gf_function", "government_fund_expenditure"),
        ("sc_function", "state_capital_expenditure"),
    ),
    "total_income_expenditure",
    {"expenditure": "total_expenditure"},
)
