"""Confusions of the OCR engines in *labels* (row and column names), repaired on OCR text only.

Amounts are never touched here (they go through normalize.amounts.parse_ocr_amount, whose
repairs are named and reported). Each rule below is safe in the vocabulary of 部门决算 tables:
the wrong reading is not a word these reports print, the right one is.
"""
from __future__ import annotations

import regex as re

# (wrong, right): glyph confusions seen with PP-OCR and tesseract on 9-10 pt 宋体 scans
CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("收人", "收入"),      # 入 read as 人
    ("支山", "支出"),
    ("结佘", "结余"),
    ("拔款", "拨款"),      # 拨 read as 拔
    ("拨欵", "拨款"),
    ("经贽", "经费"),
    ("決算", "决算"),
    ("部内决算", "部门决算"),  # cover titles in large type
    ("部内：", "部门："),  # the 部门： label above a table; 部内 is no label these reports print
    ("部内:", "部门:"),
    ("部门決算", "部门决算"),
)

_ORDINAL_HEAD = re.compile(r"^([一二三四五六七八九十]{1,3})(?=\p{Han})")
_LOST_ORDINAL = re.compile(r"^[、，,.．·]+(?=\p{Han})")  # "二、" whose numeral strokes were lost
_LOST_YI = re.compile(r"^般(?=公共|行政|债务|性)")
_PLUS_TEN = re.compile(r"^[+＋](?=[一二三四五六七八九]?、(?:\p{Han}|$))")  # "+、节能环保支出", "+、": 十 read as a plus
_DASH_ONE = re.compile(r"^[-—–−―]、(?=\p{Han})")  # "—、一般公共服务支出": the one stroke of 一 read as a dash
_HAN = re.compile(r"\p{Han}")
_DIGIT = re.compile(r"\d")
_KNOWN_LABELS = {
    "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
    "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入",
    "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
}


# (pattern, replacement, rule), in order, on labels without digits
_ORDINAL_REPAIRS = ((_DASH_ONE, "一、", "一 of an ordinal read as a dash"),
                    (_LOST_ORDINAL, "", "ordinal mark without its numeral"),
                    # the one-stroke 一 of 一般 is easily lost; 般 never starts a word in these tables
                    (_LOST_YI, "一般", "一 of 一般 lost"),
                    (_PLUS_TEN, "十", "十 of an ordinal read as +"))


def fix_label_text(text: str) -> tuple[str, list[str]]:
    """OCR text of a word with known label confusions undone; returns (text, rules applied).
    Words without a Han character (amounts, codes) are returned unchanged."""
    if not text or not (_HAN.search(text) or _PLUS_TEN.match(text)):  # "+、" read apart from its name is a label
        return text, []
    rules = []
    s = text
    for wrong, right in CONFUSIONS:
        if wrong in s:
            s = s.replace(wrong, right)
            rules.append(f"{wrong}→{right}")
    if _DIGIT.search(s):
        return s, rules  # a title such as "2023年度收入支出决算总表": no ordinal rules
    for pattern, right, rule in _ORDINAL_REPAIRS:
        t = pattern.sub(right, s)
        if t != s:
            s = t
            rules.append(rule)
    t = without_bare_ordinal(s)
    if t != s:
        s = t
        rules.append("ordinal without its mark")
    return s, rules


def without_bare_ordinal(name: str) -> str:
    """"八社会保障和就业支出" → "社会保障和就业支出": an ordinal whose 、 was not read (or that was read
    apart and joined to the name again), dropped where what follows is a known name and the whole is not."""
    m = _ORDINAL_HEAD.match(name)
    if not m or _is_known(name):
        return name
    # the shortest head that leaves a known name: "一一般公共预算财政拨款收入" is 一 (its 、 lost) before 一般…
    return next((name[k:] for k in range(1, m.end() + 1) if _is_known(name[k:])), name)


def _is_known(name: str) -> bool:
    if name in _KNOWN_LABELS:
        return True
    from juesuan.normalize.codes import function_catalogue

    return bool(function_catalogue().code_for_name(name))
