"""Second looks: numbers, codes and missed text read again from their crops (stretched, at the
recognizer's full height); a reading replaces another only when it is better formed or surer.
Text stays what the engine read — nothing is inferred."""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np
import regex as re

from juesuan.extract.ocr.engines import FULL_HEIGHT, TextLine
from juesuan.extract.ocr.grid import Line

REREAD_MIN_CONF = 0.6  # a well-formed re-reading below this is not trusted over a malformed one


def _well_formed(text: str) -> bool:
    """A printed amount or code as tables print them: strict thousands grouping, 0 or 2 decimals."""
    from juesuan.normalize.amounts import AmountError, parse_amount, printed_decimals

    try:
        parse_amount(text)
    except AmountError:
        return False
    return printed_decimals(text) in (0, 2)


def _stretched(crop: np.ndarray, factor: float) -> np.ndarray:
    """The crop widened `factor` times: more recognizer time steps per glyph, so that CTC does not
    merge a repeated narrow digit ("7,876,550" → "7,876,50") — how every second reading is made."""
    return cv2.resize(crop, (int(crop.shape[1] * factor), crop.shape[0]))


REREAD_BELOW = 0.97  # numeric words read with less confidence are read again from a wider crop
_NUMERIC = re.compile(r"^[\d,.，。()（）\-—]+$")


SURE_AT_1_5 = 0.9  # a well-formed re-reading of the 1.5× crop this sure is not read again at 2×


def _keep_better(best: dict, boxes: list, readings: list[tuple[str, float]]) -> None:
    """A reading that is a well-formed amount (separators every three digits, 0 or 2 decimals) beats a
    malformed one; among readings equally formed, the surer one wins (over the original and the best so far)."""
    for (p, x0, x1, _), (text, conf) in zip(boxes, readings):
        text = text.strip()
        if not text or not _NUMERIC.match(text):
            continue
        rank = (_well_formed(text), conf)
        if rank[0] and conf < REREAD_MIN_CONF:
            continue
        orig = (_well_formed(p.text.strip()), p.conf + 0.02)
        if rank > orig and rank > best.get(id(p), ((False, 0.0),))[0]:
            best[id(p)] = (rank, text, x0, x1)


def reread_numbers(eng, clean: np.ndarray, pieces: list[TextLine], verticals: Sequence[Line]) -> None:
    """Read numeric words of low confidence again from a crop widened up to the neighbouring
    word or ruling (detection boxes at the reduced detection resolution sometimes clip the
    first or last digit: "1,110,377." for "1,110,377.00"); keep whichever reading the
    recognizer is surer of. Text stays what the engine read — nothing is inferred."""
    cands = [p for p in pieces if _NUMERIC.match(p.text.strip()) and re.search(r"\d", p.text)
             and (p.conf < REREAD_BELOW or not _well_formed(p.text.strip()))]
    if not cands:
        return
    H, W = clean.shape
    boxes = []
    for p in cands:
        h = p.y1 - p.y0
        yc = (p.y0 + p.y1) / 2
        left, right = 0.0, float(W)
        for q in pieces:
            if q is p or not (q.y0 < yc < q.y1):
                continue
            if q.x1 <= p.x0 + 1:
                left = max(left, q.x1 + 1)
            elif q.x0 >= p.x1 - 1:
                right = min(right, q.x0 - 1)
        for v in verticals:
            if v.y0 - 2 <= yc <= v.y1 + 2:
                if v.x0 <= p.x0 + 2:
                    left = max(left, v.x0 + 2)
                elif v.x0 >= p.x1 - 2:
                    right = min(right, v.x0 - 2)
        # a margin of 0.3 line heights (a character's width more fixed 1 more reading of 407
        # on the scanned fixtures, for twice the work)
        y0, y1 = int(max(0, p.y0)), int(min(H, p.y1))
        x0 = int(max(0, min(p.x0, max(left, p.x0 - 0.3 * h))))
        x1 = int(min(W, max(p.x1, min(right, p.x1 + 0.3 * h))))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        boxes.append((p, x0, x1, clean[y0:y1, x0:x1]))
    # stretched: more recognizer time steps per glyph, fewer dropped digits (CTC merges a repeated digit,
    # "7,876,550" → "7,876,50", when the glyphs are narrow). A reading of the crop 1.5 times as wide that is a
    # well-formed amount of confidence >= SURE_AT_1_5 is not read again twice as wide: on the scanned fixtures
    # 176 of 198 numbers re-read were, and the wider reading never won for them (it cost 4/7 of the re-reads).
    best: dict[int, tuple[tuple[bool, float], str, int, int]] = {}
    first = eng.recognize([_stretched(b[3], 1.5) for b in boxes], FULL_HEIGHT)
    _keep_better(best, boxes, first)
    again = [b for b, (text, conf) in zip(boxes, first) if not (_well_formed(text.strip()) and conf >= SURE_AT_1_5)]
    _keep_better(best, again, eng.recognize([_stretched(b[3], 2.0) for b in again], FULL_HEIGHT))
    for p in cands:
        if id(p) in best:
            (_, conf), text, x0, x1 = best[id(p)]
            p.text, p.conf, p.tokens = text, conf, [(text, float(x0), float(x1), conf)]
            p.x0, p.x1 = float(x0), float(x1)  # the ink span is taken later


_SHORT_CODE = re.compile(r"(\d{2}|\d{4}|\d{6})(\p{Han}.*)")  # a code one digit short, then its name
# what no code and name is: a year ("2023年度…", "2024年8月"), an amount in words' units ("62万元，占…"), a
# sentence (no function or economic name holds ，。；：). Prose on a page read by detection matched
# _SHORT_CODE on nearly every line and its two stretched re-reads of lines 600–900 px wide cost 12% of
# the OCR of the scanned fixtures, without ever changing a reading.
_NOT_A_CODE = re.compile(r"(?:19|20)\d\d年.*|\d+[万亿元].*|.*[，,。；;：:].*")
_CODE_AND_NAME = re.compile(r"(\d{3}|\d{5}|\d{7})(\p{Han}.*)")
_DOUBLED = re.compile(r"(\d)\1+")


def _collapsed(digits: str) -> str:
    return _DOUBLED.sub(r"\1", digits)


def reread_short_codes(eng, clean: np.ndarray, pieces: list[TextLine]) -> None:
    """A code and its name read with the code one digit short ("21住房保障支出" for 221): the
    recognizer's CTC merged a doubled digit. Read such words again stretched (more time steps per
    glyph); a reading whose code has a code's length and differs only by that doubled digit, with
    the same name, replaces it. Text stays what the engine read — nothing is inferred."""
    cands = [(p, m) for p in pieces
             if (m := _SHORT_CODE.fullmatch(p.text.strip())) and not _NOT_A_CODE.fullmatch(p.text.strip())]
    if not cands:
        return
    H, W = clean.shape
    crops = []
    for p, _ in cands:
        pad = 0.2 * (p.y1 - p.y0)
        y0, y1 = int(max(0, p.y0)), int(min(H, p.y1))
        x0, x1 = int(max(0, p.x0 - pad)), int(min(W, p.x1 + pad))
        for stretch in (1.5, 2.0):
            crops.append(_stretched(clean[y0:y1, x0:x1], stretch))
    readings = eng.recognize(crops, FULL_HEIGHT)
    for i, (p, m) in enumerate(cands):
        for text, conf in readings[2 * i:2 * i + 2]:
            again = _CODE_AND_NAME.fullmatch(text.strip())
            if again and again.group(2) == m.group(2) and _collapsed(again.group(1)) == _collapsed(m.group(1)) \
                    and len(again.group(1)) == len(m.group(1)) + 1 and conf >= REREAD_MIN_CONF:
                p.text, p.conf = text.strip(), min(p.conf, conf)
                break


def missed_text(eng, clean: np.ndarray, ink: np.ndarray, found: Sequence[TextLine]) -> list[TextLine]:
    """Text the detector did not box: a short isolated code ("03" between two read cells) is
    sometimes missed at the reduced detection resolution. Ink left after blanking every detected
    box is grouped into word-sized blobs, well clear of any detected box on their line, and
    recognized; a blob kept is read text, never inferred."""
    if not found:
        return []
    heights = sorted(t.y1 - t.y0 for t in found)
    lh = heights[len(heights) // 2]  # detection box height (glyphs plus padding)
    rest = ink.copy()
    H, W = rest.shape
    for t in found:
        rows = slice(max(0, int(t.y0) - 1), min(H, int(np.ceil(t.y1)) + 1))
        rest[rows, max(0, int(t.x0) - 1):min(W, int(np.ceil(t.x1)) + 1)] = 0
    n, _, stats, _ = cv2.connectedComponentsWithStats(rest.astype(np.uint8), connectivity=8)
    keep = np.zeros_like(rest, dtype=np.uint8)
    glyph = 0.7 * lh
    for i in range(1, n):
        x, y, w, h, a = stats[i]
        if a >= 6 and 0.25 * glyph <= h <= 1.5 * glyph and w <= 3 * glyph:
            keep[y:y + h, x:x + w] = 1
    if not keep.any():
        return []
    k = max(3, int(0.6 * glyph))
    merged = cv2.dilate(keep, cv2.getStructuringElement(cv2.MORPH_RECT, (k, max(1, int(0.3 * glyph)))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(merged, connectivity=8)
    boxes, crops = [], []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        # undo the dilation
        sub = keep[y:y + h, x:x + w]
        ys, xs = np.flatnonzero(sub.any(axis=1)), np.flatnonzero(sub.any(axis=0))
        if len(ys) == 0:
            continue
        x0, x1, y0, y1 = x + xs[0], x + xs[-1] + 1, y + ys[0], y + ys[-1] + 1
        if not (0.5 * glyph <= y1 - y0 <= 1.6 * glyph) or x1 - x0 < 0.3 * glyph or x1 - x0 > 30 * glyph:
            continue
        yc = (y0 + y1) / 2
        if any(t.y0 < yc < t.y1 and t.x0 - 0.3 * glyph < x1 and x0 < t.x1 + 0.3 * glyph for t in found):
            continue  # the rest of a detected word (a clipped digit): the re-read handles those
        pad = int(0.25 * (y1 - y0)) + 2
        cy0, cy1 = max(0, y0 - pad), min(H, y1 + pad)
        cx0, cx1 = max(0, x0 - 2 * pad), min(W, x1 + 2 * pad)
        crops.append(clean[cy0:cy1, cx0:cx1])
        boxes.append((float(x0), float(cy0), float(x1), float(cy1)))
    out = []
    for (x0, y0, x1, y1), (text, conf) in zip(boxes, eng.recognize(crops, FULL_HEIGHT)):
        text = text.strip()
        if text and conf >= MISSED_MIN_CONF and re.search(r"[\d\p{Han}]", text):
            out.append(TextLine(text, conf, x0, y0, x1, y1, []))
    return out


MISSED_MIN_CONF = 0.5  # kept with its confidence: a low one is flagged downstream


def is_doubtful(text: str, conf: float, digit_like: bool) -> bool:
    """A number that fails the form check, a bare run of digits (a code, a 栏次 number) read with
    less than REREAD_BELOW confidence, or digit-like ink read as no number at all: a split 款
    column's "11" — two bare strokes — came back "1" (0.52), "" or "Ⅱ" (0.41) at REC_HEIGHT, and
    keyed its row 20101 instead of 20111, where no sum could tell; stretched it reads "11" (0.88–0.95)."""
    if _NUMERIC.match(text):
        return not _well_formed(text) or (text.isdigit() and conf < REREAD_BELOW)
    return digit_like


def reread_doubtful(eng, found: list[tuple[TextLine, np.ndarray]]) -> None:
    """Doubtful numbers (is_doubtful) read once more from the same ink, at the recognizer's full height
    and stretched (more time steps per glyph: CTC merges a repeated narrow digit, "7,876,550" →
    "7,876,50"); a reading that passes the form check replaces a malformed one, or a well-formed
    one it is surer of. Text stays what the engine read — nothing is inferred."""
    if not found:
        return
    crops = [_stretched(c, 1.5) for _, c in found]
    for (p, _), (text, conf) in zip(found, eng.recognize(crops, FULL_HEIGHT)):
        text = text.strip()
        if _NUMERIC.match(text) and _well_formed(text) and conf >= REREAD_MIN_CONF and \
                (not _well_formed(p.text.strip()) or conf > p.conf + 0.02):
            p.text, p.conf = text, conf
