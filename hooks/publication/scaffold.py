"""Start a new record: a valid skeleton with today's date and a unique id, ready to fill in.

The skeleton is a draft (shown by `mkdocs serve`, left out of `mkdocs build`) whose
placeholder text says what to write; it passes `check` without errors as written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from .consistency import RESERVED_IDS
from .load import UnreadableRecord, read_record_bytes
from .model import SLUG_PATTERN, Text
from .problems import shown
from .registry import BY_NAME, RECORD_TYPES
from .walker import defined_ids
from .yamlfile import parse_yaml_file

SLUG_BASE_LENGTH = 60  # leaves room for a -2, -3 ... suffix under the 80-character limit


class ScaffoldError(Exception):
    """The record cannot be created; the message says why and what to do."""


def slugify(title: str) -> str:
    """An id from a title: 'Fear & Loaning: 2020!' becomes 'fear-loaning-2020'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_BASE_LENGTH:
            break
        slug = candidate
    return slug or (words[0][:SLUG_BASE_LENGTH] if words else "untitled")


def _data_of(path: Path) -> dict:
    try:  # never through a link, a pipe or a device: check reports those
        data = parse_yaml_file(path.name, read_record_bytes(path)).data
    except UnreadableRecord:
        return {}
    return data if isinstance(data, dict) else {}


def _taken_ids(root: Path) -> tuple[set[str], list[dict], list[dict]]:
    """Every id in use (file names, record ids, recommendation ids), with the propositions and evidence data."""
    taken: set[str] = set()
    propositions, evidence = [], []
    for folder, record_type in RECORD_TYPES.items():
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            taken.add(path.name.split(".", 1)[0])
            if path.suffix.lower() not in (".yml", ".yaml"):
                continue
            data = _data_of(path)
            (propositions if record_type.name == "proposition" else evidence).append(data)
            taken.update(found.value for found in defined_ids(record_type.model, data))
    return taken, propositions, evidence


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3` ... whichever is neither taken yet nor reserved (like `index`)."""
    slug, n = base, 1
    while slug in taken or slug in RESERVED_IDS:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are YAML's too)."""
    return json.dumps(text, ensure_ascii=False)


def _published_ids(records: list[dict]) -> list[str]:
    return [
        r["id"]
        for r in records
        if isinstance(r.get("id"), str)
        and re.match(SLUG_PATTERN, r["id"])
        and r.get("status", "published") == "published"
    ]


_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
_PLAIN_TEXT = TypeAdapter(Text)


def _check_title(title: str) -> None:
    """A title the record could not be published with is refused before anything is written."""
    if _CONTROL_CHARACTERS.search(title):
        raise ScaffoldError(f"the title {shown(title)} holds a control character; type it again without it")
    try:
        _PLAIN_TEXT.validate_python(title)
    except ValidationError as exc:
        raise ScaffoldError(f"the title {shown(title)} {exc.errors()[0]['ctx']['error']}") from None


def new_record(root: Path, kind: str, title: str, today: dt.date | None = None) -> Path:
    """Write the skeleton of a new `kind` ('proposition' or 'evidence') record; return its path."""
    if kind not in BY_NAME:
        raise ScaffoldError(f"unknown record type '{kind}'; expected proposition or evidence")
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError('give the new record a title, e.g. "Treorchy high street"')
    _check_title(title)
    today = today or dt.date.today()
    folder = BY_NAME[kind].folder
    taken, propositions, evidence = _taken_ids(root)
    slug = unique_slug(slugify(title), taken)
    schema = f"../docs/{BY_NAME[kind].schema_file}"
    if kind == "evidence":
        text = _evidence_skeleton(slug, title, today, schema, propositions)
    else:
        text = _proposition_skeleton(slug, title, today, schema, propositions, evidence)
    path = root / folder / f"{slug}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:  # never overwrite
            out.write(text)
    except FileExistsError:  # pragma: no cover - only if another process wins the race
        raise ScaffoldError(f"{path} already exists; nothing was written") from None
    return path


def _evidence_skeleton(slug: str, title: str, today: dt.date, schema: str, propositions: list[dict]) -> str:
    ordered = sorted(
        propositions, key=lambda p: (p.get("number") if isinstance(p.get("number"), int) else 999, str(p.get("id")))
    )
    proposition_ids = _published_ids(ordered)
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"id: {slug}",
        "kind: case-study   # case-study, report, statistic or conversation",
        f"title: {_quoted(title)}",
        "summary: >-",
        "  TODO: one paragraph saying what this evidence is and what it shows.",
        "places:",
        "  - name: TODO the place's name",
        "    nation: uk-wide   # england, scotland, wales, northern-ireland or uk-wide",
        "period:",
        f"  start: {today.year}   # a year, year-month or date: 2020, 2020-07 or 2020-07-23",
        "organisations: []",
        "themes: []",
    ]
    if proposition_ids:
        lines += [
            "supports:",
            f"  - proposition: {proposition_ids[0]}   # one of: {', '.join(proposition_ids)}",
            '    how: "TODO: one sentence on what this evidence shows for it."',
        ]
    else:
        lines += ["supports: []   # add: - {proposition: <its id>, how: what this evidence shows for it}"]
    lines += [
        "sources:",
        "  - title: TODO the title of the document this record draws on",
        "    publisher: TODO who published it",
        f"published: {today.isoformat()}",
        "status: draft   # shown by mkdocs serve only; delete this line to publish",
        "",
    ]
    return "\n".join(lines)


def _proposition_skeleton(
    slug: str, title: str, today: dt.date, schema: str, propositions: list[dict], evidence: list[dict]
) -> str:
    reports = _published_ids([e for e in evidence if e.get("kind") == "report"])
    if not reports:
        raise ScaffoldError(
            "a proposition needs the report it comes from as its source, and there is no "
            "evidence of kind report yet: create one first with `new evidence`, kind: report"
        )
    numbers = [p["number"] for p in propositions if isinstance(p.get("number"), int)]
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"id: {slug}",
        f"number: {max(numbers, default=0) + 1}",
        f"title: {_quoted(title)}",
        "summary: >-",
        "  TODO: one paragraph stating the proposition.",
        "themes: []",
        f"published: {today.isoformat()}",
        f"source: {reports[0]}   # the report it comes from; one of: {', '.join(reports)}",
        "recommendations: []",
        "status: draft   # shown by mkdocs serve only; delete this line to publish",
        "",
    ]
    return "\n".join(lines)
