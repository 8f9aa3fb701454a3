"""What can be read of a record that failed validation: each field validated on its own.

A record with one wrong field is not a record (validation refuses it whole), but the rules across
fields (a change dated before publication, a number used twice) should still see the fields that
are right, so that an editor is told everything in one pass. `readable(model, data)` gives an object
with the model's attributes: each field's value as the model would hold it when that field alone is
valid, its default when it is left out, and `BROKEN` when it is wrong or a required field is
missing. Nested records and list entries are read the same way, each entry at its own index, so a
rule's problem still points at the entry it is about. A rule skips what it needs and finds `BROKEN`.
"""

from __future__ import annotations

import typing
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo


class _Broken:
    """The value of a field that could not be read; false, so `if record.field` passes it over."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "BROKEN"


BROKEN: Any = _Broken()


class Readable:
    """The readable fields of one record (or nested entry) that failed validation, as attributes."""

    def __init__(self, model: type[BaseModel], values: dict[str, Any]):
        self.model = model
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None


def readable(model: type[BaseModel], data: Any) -> Readable | Any:
    """The fields of `data` (what was read of a `model` record) that are valid on their own."""
    if not isinstance(data, dict):
        return BROKEN
    values = {}
    for name, info in model.model_fields.items():
        values[name] = _field(info, data[name]) if name in data else _default(info)
    return Readable(model, values)


def _default(info: FieldInfo) -> Any:
    return BROKEN if info.is_required() else info.get_default(call_default_factory=True)


def _field(info: FieldInfo, value: Any) -> Any:
    nested = _nested(info.annotation)
    if nested is not None:
        model, is_list = nested
        if value is None and not info.is_required():
            return None
        if not is_list:
            return readable(model, value)
        return [readable(model, item) for item in value] if isinstance(value, list) else BROKEN
    try:
        return _adapter(info).validate_python(value)
    except ValidationError:
        return BROKEN


@cache
def _adapter(info: FieldInfo) -> TypeAdapter:
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation, config=ConfigDict(str_strip_whitespace=True))


def _nested(annotation: Any) -> tuple[type[BaseModel], bool] | None:
    """(model, is_list) when the field holds a nested record or a list of them (optional or not)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = typing.get_origin(annotation)
    for arg in typing.get_args(annotation):
        found = _nested(arg)
        if found is not None:
            return found[0], found[1] or origin in (list, tuple)
    return None
