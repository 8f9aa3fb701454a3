"""The one walker: the ids a record defines, the ids it references and its markdown, found from the model's markers.

It reads a validated record and the raw data of a record that failed validation alike, so the
references of a broken record are checked as those of a valid one. In raw data a value of the
wrong type is passed over, and list entries keep their positions, so a problem points at the
entry it is about.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from .model import Defines, MarkdownMarker, Ref

Marker = Defines | Ref | MarkdownMarker


@dataclass(frozen=True)
class Found:
    """One marked value: where it is in the record, what its field is marked as, and the text."""

    path: tuple
    marker: Marker
    value: str


@dataclass(frozen=True)
class _FieldPlan:
    name: str
    markers: tuple[Marker, ...]
    model: type[BaseModel] | None  # the model of a nested entry, or of each entry of a list
    is_list: bool


def walk(model: type[BaseModel], data: Any, path: tuple = ()) -> Iterator[Found]:
    """Every marked value in `data` (a `model` instance, or what was read of one), in field order."""
    found: list[Found] = []
    _collect(model, data, path, found)
    return iter(found)


def _collect(model: type[BaseModel], data: Any, path: tuple, found: list[Found]) -> None:
    """Append to `found` what `walk` yields, in order (a list filled in place: no generator at each level)."""
    for plan in _marked_plan(model):
        value = _field(data, plan.name)
        here = (*path, plan.name)
        if plan.model is not None:
            if plan.is_list:
                for index, item in enumerate(value if isinstance(value, (list, tuple)) else ()):
                    _collect(plan.model, item, (*here, index), found)
            else:
                _collect(plan.model, value, here, found)
        elif plan.is_list:  # a list of marked values (former_ids): each entry at its own path
            for index, item in enumerate(value if isinstance(value, (list, tuple)) else ()):
                _mark(plan, (*here, index), item, found)
        else:
            _mark(plan, here, value, found)


def _mark(plan: _FieldPlan, path: tuple, value: Any, found: list[Found]) -> None:
    text = value.strip() if isinstance(value, str) else None
    if text:
        found += [Found(path, marker, text) for marker in plan.markers]


def defined_ids(model: type[BaseModel], data: Any) -> Iterator[Found]:
    """The ids `data` defines, with where."""
    return (found for found in walk(model, data) if isinstance(found.marker, Defines))


def references(model: type[BaseModel], data: Any) -> Iterator[Found]:
    """The fields of `data` naming other records."""
    return (found for found in walk(model, data) if isinstance(found.marker, Ref))


def markdown_fields(model: type[BaseModel], data: Any) -> Iterator[Found]:
    """The markdown fields of `data`."""
    return (found for found in walk(model, data) if isinstance(found.marker, MarkdownMarker))


@cache
def can_define(model: type[BaseModel], what: str) -> bool:
    """Whether a record of `model` can define ids of this sort ('record', 'recommendation')."""
    return any(isinstance(m, Defines) and m.what == what for plan in _plan(model) for m in plan.markers) or any(
        plan.model is not None and can_define(plan.model, what) for plan in _plan(model)
    )


def _field(data: Any, name: str) -> Any:
    if isinstance(data, BaseModel):
        return getattr(data, name, None)
    return data.get(name) if isinstance(data, dict) else None


@cache
def _marked_plan(model: type[BaseModel]) -> tuple[_FieldPlan, ...]:
    """The fields of `model` that hold a marked value, themselves or in what they nest: the only ones `walk`
    reads (every record is walked by several rules, and most of its fields are plain text or dates)."""
    return tuple(plan for plan in _plan(model) if plan.markers or (plan.model is not None and _marked_plan(plan.model)))


@cache
def _plan(model: type[BaseModel]) -> tuple[_FieldPlan, ...]:
    """What each field of `model` holds, read once from its annotation."""
    plans = []
    for name, info in model.model_fields.items():
        markers = [m for m in info.metadata if isinstance(m, (Defines, Ref, MarkdownMarker))]
        nested, is_list = None, False
        pending = [info.annotation]
        while pending:
            annotation = pending.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                nested = annotation
            elif typing.get_origin(annotation) is typing.Annotated:
                markers += [m for m in annotation.__metadata__ if isinstance(m, (Defines, Ref, MarkdownMarker))]
                pending.append(annotation.__origin__)
            else:
                is_list = is_list or typing.get_origin(annotation) in (list, tuple)
                pending += typing.get_args(annotation)
        plans.append(_FieldPlan(name, tuple(dict.fromkeys(markers)), nested, is_list))
    return tuple(plans)
