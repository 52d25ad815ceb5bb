"""Text clean-up shared by every stage: radicals, digits, full-width forms, spacing, ordinals."""
from __future__ import annotations

import unicodedata

import regex as re

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH["\u3000"] = " "
_HALFWIDTH_TABLE = str.maketrans(_FULLWIDTH)

_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)])"
)
HAN_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")  # "一、" opening a row name or a part's title
_SPACE = re.compile(r"\s+")


# Text layers (WPS exports, some Office fonts) map common ideographs to the radical that looks the same:
# 收⼊⽀出 for 收入支出. The Kangxi radicals (U+2F00–U+2FD5) have NFKC decompositions; the CJK radicals
# supplement (U+2E80–U+2EFF) mostly has none, so its equivalents are listed, from Unicode's
# EquivalentUnifiedIdeograph.txt (U+2E81–U+2EF3; U+2E80, U+2E9A and what is unassigned have none).
_SUPPLEMENT = """
2E81:5382 2E82:4E5B 2E83:4E5A 2E84:4E59 2E85:4EBB 2E86:5182 2E87:20628 2E88:5200 2E89:5202 2E8A:535C 2E8B:353E
2E8C:5C0F 2E8D:5C0F 2E8E:5140 2E8F:5C23 2E90:5C22 2E91:21BC2 2E92:5DF3 2E93:5E7A 2E94:5F51 2E95:2B739
2E96:5FC4 2E97:5FC3 2E98:624C 2E99:6535 2E9B:65E1 2E9C:65E5 2E9D:6708 2E9E:6B7A 2E9F:6BCD 2EA0:6C11 2EA1:6C35
2EA2:6C3A 2EA3:706C 2EA4:722B 2EA5:722B 2EA6:4E2C 2EA7:725B 2EA8:72AD 2EA9:738B 2EAA:24D14 2EAB:76EE 2EAC:793A
2EAD:793B 2EAE:25AD7 2EAF:7CF9 2EB0:7E9F 2EB1:7F53 2EB2:7F52 2EB3:34C1 2EB4:5197 2EB5:2626B 2EB6:7F8A
2EB7:2634C 2EB8:2634B 2EB9:8002 2EBA:8080 2EBB:807F 2EBC:8089 2EBD:26951 2EBE:8279 2EBF:8279 2EC0:8279
2EC1:864E 2EC2:8864 2EC3:8980 2EC4:897F 2EC5:89C1 2EC6:89D2 2EC7:278B2 2EC8:8BA0 2EC9:8D1D 2ECA:27FB7
2ECB:8F66 2ECC:8FB6 2ECD:8FB6 2ECE:8FB6 2ECF:9091 2ED0:9485 2ED1:9577 2ED2:9578 2ED3:957F 2ED4:95E8 2ED5:28E0F
2ED6:961D 2ED7:96E8 2ED8:9752 2ED9:97E6 2EDA:9875 2EDB:98CE 2EDC:98DE 2EDD:98DF 2EDE:2967F 2EDF:98E0 2EE0:9963
2EE1:29810 2EE2:9A6C 2EE3:9AA8 2EE4:9B3C 2EE5:9C7C 2EE6:9E1F 2EE7:5364 2EE8:9EA6 2EE9:9EC4 2EEA:9EFE 2EEB:6589
2EEC:9F50 2EED:6B6F 2EEE:9F7F 2EEF:7ADC 2EF0:9F99 2EF1:9F9C 2EF2:4E80 2EF3:9F9F
"""
_RADICALS = {int(a, 16): int(b, 16) for a, b in (pair.split(":") for pair in _SUPPLEMENT.split())}
# the Kangxi radicals, and the CJK compatibility ideographs (金 U+F90A for 金) some fonts map to
_RADICALS.update({c: ord(n) for c in (*range(0x2F00, 0x2FE0), *range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20))
                  if len(n := unicodedata.normalize("NFKC", chr(c))) == 1 and n != chr(c)})
_RADICAL_CHAR = re.compile(r"[\u2E80-\u2FDF\uF900-\uFAFF\U0002F800-\U0002FA1F]")
_NON_ASCII_DIGIT = re.compile(r"(?a:(?!\d))\d")  # a decimal digit of any script but ASCII's


def unify_radicals(text: str) -> str:
    """Radicals (⼊ ⽀ ⼀ ⽣ ⾦, ⻓) and compatibility ideographs as the unified ideographs they stand for
    (入 支 一 生 金, 长): one character for one, so positions and lengths are kept. Applied to every word a
    text layer yields."""
    return text.translate(_RADICALS) if _RADICAL_CHAR.search(text) else text


def ascii_digits(text: str) -> str:
    """Decimal digits of any script (full-width ２０８, Arabic-Indic ٢٠٨, …) as ASCII: codes, years and
    amounts are compared and stored in ASCII."""
    if text.isascii():
        return text
    return _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (１２３，．（）), the ideographic space and digits of any script to their ASCII forms."""
    return ascii_digits(text.translate(_HALFWIDTH_TABLE))


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
