"""A Document as JSON data and back, for the result cache: data that is read, never code that is run.

Only the record types listed in RECORDS are built on reading, from fields they declare, each value
of its field's declared type; Decimals, tuples, sets and mappings are spelled out so a round trip
gives back equal values. Anything else in an entry (an unknown type, a field the record lacks, text
where a number belongs) is a `RecordError`, so a damaged or planted entry is refused instead of
trusted, and never reaches the writers to crash them.
"""
from __future__ import annotations

import numbers
import types
from dataclasses import fields, is_dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from juesuan.model import Cell, Document, Fact, Finding, Table

RECORDS = {cls.__name__: cls for cls in (Document, Table, Cell, Finding, Fact)}


class RecordError(ValueError):
    """The data is not a Document as `to_data` writes one."""


def to_data(value):
    """`value` as JSON-compatible data: records, Decimals, tuples, sets and mappings tagged."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, numbers.Integral):  # numpy's integers and floats, as Python's
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if is_dataclass(value) and type(value).__name__ in RECORDS:
        body = {f.name: to_data(getattr(value, f.name)) for f in fields(value)}
        return {"$record": type(value).__name__, "fields": body}
    if isinstance(value, list):
        return [to_data(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [to_data(v) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"$set": sorted((to_data(v) for v in value), key=repr)}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"$map": {k: to_data(v) for k, v in value.items()}}
    raise RecordError(f"cannot store a {type(value).__name__}")


def from_data(data):
    """The value `to_data` made `data` from; a RecordError for anything it could not have made."""
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [from_data(v) for v in data]
    if not isinstance(data, dict):
        raise RecordError(f"unexpected {type(data).__name__}")
    if "$record" in data:
        return _record(data)
    if len(data) != 1:
        raise RecordError("unexpected mapping")
    (tag, body), = data.items()
    if tag == "$decimal" and isinstance(body, str):
        try:
            return Decimal(body)
        except InvalidOperation:
            raise RecordError(f"not a number: {body[:40]!r}") from None
    if tag in ("$tuple", "$set") and isinstance(body, list):
        items = [from_data(v) for v in body]
        try:
            return tuple(items) if tag == "$tuple" else set(items)
        except TypeError:  # an unhashable member of a set
            raise RecordError("a set of unhashable values") from None
    if tag == "$map" and isinstance(body, dict):
        return {k: from_data(v) for k, v in body.items()}
    raise RecordError(f"unexpected tag {tag[:40]!r}")


def _record(data: dict):
    cls = RECORDS.get(data.get("$record")) if isinstance(data.get("$record"), str) else None
    body = data.get("fields")
    if cls is None or not isinstance(body, dict) or len(data) != 2:
        raise RecordError(f"unknown record {str(data.get('$record'))[:40]!r}")
    names = {f.name for f in fields(cls) if f.init}
    if not set(body) <= names:
        raise RecordError(f"{cls.__name__} has no field {sorted(set(body) - names)[0][:40]!r}")
    values = {k: from_data(v) for k, v in body.items()}
    hints = _hints(cls)
    wrong = next((k for k, v in values.items() if not _conforms(v, hints[k])), None)
    if wrong is not None:
        raise RecordError(f"{cls.__name__}.{wrong} is not a {hints[wrong]}")
    try:
        return cls(**values)
    except TypeError as exc:  # a required field missing
        raise RecordError(f"{cls.__name__}: {exc}") from None


@cache
def _hints(cls) -> dict[str, Any]:
    return get_type_hints(cls)


def _conforms(value, hint) -> bool:
    """`value` is of the declared type `hint` (the forms model.py uses: unions, lists, tuples, sets, dicts)."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return True
    if origin in (Union, types.UnionType):
        return any(_conforms(value, h) for h in args)
    if hint is type(None):
        return value is None
    if hint is float:
        return type(value) in (int, float)
    if hint is int:
        return type(value) is int
    if origin is None:
        return isinstance(value, hint)
    if not isinstance(value, origin):
        return False
    if origin in (list, set) and args:
        return all(_conforms(v, args[0]) for v in value)
    if origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_conforms(v, args[0]) for v in value)
        return len(value) == len(args) and all(_conforms(v, h) for v, h in zip(value, args))
    if origin is dict and args:
        return all(_conforms(k, args[0]) and _conforms(v, args[1]) for k, v in value.items())
    return True


def document_from_data(data) -> Document:
    """A Document, or a RecordError when the data holds anything else."""
    doc = from_data(data)
    if not isinstance(doc, Document):
        raise RecordError(f"a {type(doc).__name__}, not a Document")
    if not all(isinstance(f, Fact) for f in doc.facts):  # checked by _record too (list[Fact]); kept as a guard
        raise RecordError("a Document whose facts are not Facts")
    return doc
