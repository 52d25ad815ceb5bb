"""ASCII85 decoding as pdfminer does it (pdfminer.ascii85.ascii85decode), vectorised.

The stream check decodes every content stream strictly, and reportlab writes them ASCII85 then
Flate: base64.a85decode, a Python loop per character, cost more than parsing the rest of the page.
This decoder accepts and rejects exactly what that one does (the same framing stripped, the same
white space skipped, "z" only between groups, a group above 2³² − 1 an overflow, a last partial
group padded with "u") and returns the same bytes, decoding a million groups at a time so that
memory stays a few times the stream's size.
"""
from __future__ import annotations

from pdfminer.ascii85 import end_re, start_re

_SKIPPED = b" \t\n\r\v"  # base64.a85decode's ignorechars
_DIGITS = bytes(range(ord("!"), ord("u") + 1))
_CHUNK = 5 * 1024 * 1024  # characters decoded at once: a multiple of a group's five


def ascii85decode(data: bytes) -> bytes:
    """pdfminer's ascii85decode(data); ValueError wherever it raises one."""
    data = end_re.sub(b"", start_re.sub(b"", data)).translate(None, _SKIPPED)
    if b"z" in data:
        groups = data.split(b"z")
        if any(len(g) % 5 for g in groups[:-1]):
            raise ValueError("z inside Ascii85 5-tuple")
        data = b"!!!!!".join(groups)  # "z" is shorthand for "!!!!!", four zero bytes
    if data.translate(None, _DIGITS):
        raise ValueError("Non-Ascii85 digit found")
    padding = -len(data) % 5
    data += b"u" * padding
    out = b"".join(_groups(data[i:i + _CHUNK]) for i in range(0, len(data), _CHUNK))
    return out[:len(out) - padding]


def _groups(data: bytes) -> bytes:
    """Whole five-digit groups to their four bytes each, big-endian."""
    import numpy as np  # on first use: a worker reading Flate-only reports never pays numpy's import (~0.1 s, 14 MB)
    digits = np.frombuffer(data, dtype=np.uint8).reshape(-1, 5).astype(np.uint64) - 33
    value = digits[:, 0]
    for k in range(1, 5):
        value = value * 85 + digits[:, k]
    if value.size and value.max() > 0xFFFFFFFF:
        raise ValueError("Ascii85 overflow")
    return value.astype(">u4").tobytes()
