"""The stream check's ASCII85 decoder gives what pdfminer's gives, and fails where it fails."""
import base64
import random

import pytest
from pdfminer.ascii85 import ascii85decode as pdfminer_decode

from juesuan.extract.ascii85 import ascii85decode

_SYMBOLS = [bytes([c]) for c in range(33, 118)] + [b"z", b" ", b"\n", b"\f", b"~", b"<", b">", b"y", b"\x00", b"\xff"]


def _outcome(decode, data: bytes):
    try:
        return decode(data)
    except ValueError:
        return "fails"


def _samples(rng: random.Random):
    for _ in range(3000):
        yield b"".join(rng.choice(_SYMBOLS) for _ in range(rng.randrange(30)))  # mostly invalid
        raw = b"\0" * rng.randrange(9) + bytes(rng.randrange(256) for _ in range(rng.randrange(40)))
        encoded = base64.a85encode(raw, wrapcol=rng.choice([0, 3, 75]), adobe=rng.random() < 0.5)
        yield encoded  # valid, "z" groups, framed or not
        if encoded:
            i = rng.randrange(len(encoded))
            yield encoded[:i] + rng.choice(_SYMBOLS) + encoded[i + 1:]  # one character changed
        yield b"".join(rng.choice([b"u", b"s", b"z", b"!", b" ", b"~"]) for _ in range(rng.randrange(14)))  # overflows


def test_same_bytes_and_failures_as_pdfminer():
    for data in _samples(random.Random(12)):
        assert _outcome(ascii85decode, data) == _outcome(pdfminer_decode, data), data


@pytest.mark.parametrize("data", [b"", b"z", b"u", b"uuuuu", b"s8W-!", b"!!z", b"<~87cURD]i,\"Ebo80~>"])
def test_edges(data):
    assert _outcome(ascii85decode, data) == _outcome(pdfminer_decode, data)


def test_long_stream_decoded_in_chunks():
    block = random.Random(1).randbytes(4000)  # whole groups: the encoding of the repeats is the repeated encoding
    assert ascii85decode(base64.a85encode(block) * 1500) == block * 1500  # 7.5 M characters, two chunks
