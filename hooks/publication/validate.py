"""Check one parsed file against its model, turning pydantic's errors into editor-friendly problems."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ValidationError

from .dates import impossible_because
from .model import SLUG_PATTERN, RecordModel
from .problems import QUOTE_LIMIT, Problem, did_you_mean, shown
from .yamlfile import ParsedFile, dotted

_EXPECTED = {
    "date": "a date like 2020-07-23",
    "int": "a whole number",
    "bool": "true or false",
    "list": "a list (lines starting with '- ')",
    "dict": "fields (name: value lines)",
    "model": "fields (name: value lines)",
    "string": "text",
    "url": "a web address like https://example.org/page",
}


def validate_record(parsed: ParsedFile, model: type[RecordModel]) -> RecordModel | None:
    """Validate `parsed.data` with `model`; add problems to `parsed` and return the record if valid."""
    try:
        record = model.model_validate(parsed.data)
    except ValidationError as exc:
        already = {p.field for p in parsed.problems}
        errors = exc.errors(include_url=False)
        # A typo'd field is reported once, as unknown with a suggestion, not also as a missing field.
        suggested = set()
        for error in errors:
            if error["type"] == "extra_forbidden":
                close = _closest(str(error["loc"][-1]), _fields_at(model, tuple(error["loc"][:-1])))
                if close:
                    suggested.add(tuple(error["loc"][:-1]) + (close,))
        for error in errors:
            if error["type"] == "missing" and (
                tuple(error["loc"]) in suggested or tuple(error["loc"][:-1]) in parsed.incomplete
            ):
                continue  # explained by the unknown field, or by the refused << merge
            problem = _problem_for(parsed, model, error)
            if problem.field not in already:  # the parser has already explained this value
                parsed.problems.append(problem)
        return None
    stem = parsed.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if record.id != stem:
        parsed.problems.append(
            parsed.problem(
                ("id",),
                f"the id {shown(record.id)} must equal the file name {shown(stem)}; rename the file or change the id",
            )
        )
        return None
    return record


def _closest(value: str, choices: list[str]) -> str | None:
    hint = did_you_mean(value, choices)
    return hint.split("'")[1] if hint else None


def _problem_for(parsed: ParsedFile, model: type[BaseModel], error: dict[str, Any]) -> Problem:
    path = tuple(error["loc"])
    kind: str = error["type"]
    value = error.get("input")
    if kind == "missing":
        line, column = parsed.position(path[:-1])
        return Problem(parsed.path, line, column, dotted(path), "this required field is missing")
    if kind == "extra_forbidden":
        allowed = _fields_at(model, path[:-1])
        hint = did_you_mean(str(path[-1]), allowed)
        return parsed.problem(path, f"unknown field {shown(path[-1])}{hint}", key_position=True)
    return parsed.problem(path, _message(kind, error, value, parsed.source_text.get(path)))


def _message(kind: str, error: dict[str, Any], value: Any, source: str | None = None) -> str:
    """What was expected and what was found, in the editor's terms; `source` is the value as written."""
    if value is None:
        got = "nothing"
    elif isinstance(value, (dict, list)):
        got = "a list" if isinstance(value, list) else "fields"
    else:
        got = shown(source if source is not None else value)
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == SLUG_PATTERN:
        return f"expected an id of lower-case letters, digits and hyphens, like treorchy-high-street, got {got}"
    if kind == "string_pattern_mismatch":
        why = impossible_because(str(source if source is not None else value))
        return f"expected a date like 2020, 2020-07 or 2020-07-23, got {got}" + (f": {why}" if why else "")
    if kind == "enum":
        choices = [c.strip(" '") for c in error["ctx"]["expected"].replace(" or ", ", ").split(",")]
        written = source if source is not None else str(value)
        return f"expected one of {', '.join(choices)}, got {got}{did_you_mean(written, choices)}"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind in ("too_short", "string_too_short"):
        return "must not be empty" if not isinstance(value, list) else "needs at least one entry"
    if kind == "string_too_long":
        return f"is too long: at most {error['ctx']['max_length']} characters"
    if kind in ("greater_than_equal", "greater_than"):
        return f"expected a number of at least {error['ctx'].get('ge', error['ctx'].get('gt'))}, got {got}"
    if kind in ("less_than_equal", "less_than"):
        return f"expected a number of at most {error['ctx'].get('le', error['ctx'].get('lt'))}, got {got}"
    if kind == "string_type" and isinstance(value, (bool, int, float, dt.date)) and source is not None:
        # YAML read `yes`, `12` or `2020-07-23` as something other than text.
        # A number or date is short and plain unless hostile; the example is left out if it is not.
        example = f' ("{source}")' if len(source) <= QUOTE_LIMIT and source.isprintable() else ""
        return f"expected text, got {got}; put it in quotes{example} to use it as text"
    for prefix, expected in _EXPECTED.items():
        if kind.startswith(prefix):
            return f"expected {expected}, got {got}"
    return error["msg"][0].lower() + error["msg"][1:]


def _fields_at(model: type[BaseModel], path: tuple) -> list[str]:
    """The field names allowed at `path` inside `model`, for did-you-mean hints."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
        if current is None:
            return []
    return list(current.model_fields)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
