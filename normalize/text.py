"""Text clean-up shared by every stage: full-width forms, spacing, ordinals."""
from __future__ import annotations

import regex as re

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH["\u3000"] = " "
_HALFWIDTH_TABLE = str.maketrans(_FULLWIDTH)

_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)])"
)
HAN_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")  # "一、" opening a row name or a part's title
_SPACE = re.compile(r"\s+")


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (１２３，．（）) and the ideographic space to their ASCII forms."""
    return text.translate(_HALFWIDTH_TABLE)


def squeeze(text: str) -> str:
    """Remove all white space: letter-spaced names ("合 计") and wrapped cells read as one."""
    return _SPACE.sub("", text or "")


def clean_label(text: str) -> str:
    """A printed row or column name in its comparable form.

    White space removed, a leading ordinal ("一、", "（一）", "1.") dropped, parentheses full-width,
    quotes unified, so the same name printed in different styles compares equal.
    """
    s = squeeze(text)
    s = s.replace("(", "（").replace(")", "）")
    s = s.replace("“", "\"").replace("”", "\"").replace("＂", "\"")
    prev = None
    while prev != s:  # "一、（一）" style double ordinals
        prev = s
        s = _ORDINAL.sub("", s, count=1)
    return s


def has_ordinal(text: str) -> bool:
    """"一、…", "（二）…", "3.…": a row's name in a list, never a column header."""
    return bool(_ORDINAL.match(squeeze(text)))
