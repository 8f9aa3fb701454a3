"""The record schema: one typed model per record type, the single source of truth.

The same models validate the build, generate the JSON Schema files editors use
in their editor (``python -m hooks.publication schema``), and type the
catalogue the pages and feeds are rendered from. They also say what refers to what:
a field holding an id the record defines is marked ``Defines``, a field naming another
record ``Ref``, a markdown field ``MARKDOWN``; walker.py finds them, and the checks read nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    WithJsonSchema,
)

from .dates import impossible_because
from .problems import shown


class Target(Enum):
    """What a reference field may name."""

    report = "evidence of kind report"
    proposition = "a proposition"
    recommendation_of_proposition = "a recommendation of the proposition named beside it"
    own_recommendation = "a recommendation of this record"


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value is the id of another record, and what it may name."""

    names: Target


@dataclass(frozen=True)
class Defines:
    """Marks a field whose value is an id this record defines: the record's own, or a recommendation's."""

    what: str  # "record" or "recommendation"


@dataclass(frozen=True)
class MarkdownMarker:
    """Marks a markdown field: its text is linted, and its [[references]] may name any record."""


MARKDOWN = MarkdownMarker()

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PARTIAL_DATE_PATTERN = r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"  # days per month: below

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="Lower-case words joined by hyphens, e.g. treorchy-high-street."),
]
EARLIEST_YEAR = 1900  # record dates before this are typing mistakes (and feeds cannot date them)

# Line breaks, however written: raw, as a YAML escape ("\n", "\L", "\N") or by a `|` block.
_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
# Bidirectional embeddings, overrides and isolates: text displays in another order than it is written.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Zero-width spaces, direction marks, word joiners and invisible operators: text holds what it does not show.
# The zero-width joiner and non-joiner (U+200C, U+200D) stay: Persian, Indic scripts and emoji need them.
_INVISIBLE = (
    "\u200b\u200e\u200f\u2060-\u2064\u061c\ufeff"
    # Soft hyphen, combining grapheme joiner, Hangul and Khmer fillers, the Mongolian vowel separator,
    # interlinear annotation marks and the Unicode tag characters (which smuggle text no reader sees).
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0\ufff9-\ufffb\U000e0000-\U000e007f"
)
_NOT_PLAIN_TEXT = re.compile(f"[{_LINE_BREAKS}{_BIDI_CONTROLS}{_INVISIBLE}]")
_NOT_IN_MARKDOWN = re.compile(f"[{_BIDI_CONTROLS}]")
_UNNAMED = {
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\x85": "NEXT LINE",
}


def _character(char: str) -> str:
    """A character as messages name it: 'RIGHT-TO-LEFT OVERRIDE (U+202E)'."""
    return f"{_UNNAMED.get(char) or unicodedata.name(char, 'an unnamed character')} (U+{ord(char):04X})"


def _check_plain_text(value: str) -> str:
    """Plain text is one line, shown exactly as written: no line breaks, nothing invisible."""
    bad = _NOT_PLAIN_TEXT.search(value)
    if bad is None:
        return value
    char = bad.group()
    if char in _LINE_BREAKS:
        raise ValueError(
            f"must be one line, but holds a line break: {_character(char)}; write it on one line, "
            "or use '>-' (which joins lines) instead of '|'"
        )
    raise ValueError(f"holds an invisible {_character(char)}, which hides or reorders text; delete it")


def _check_markdown_text(value: str) -> str:
    """Markdown may span lines, but may not display in another order than it is written."""
    bad = _NOT_IN_MARKDOWN.search(value)
    if bad is not None:
        raise ValueError(
            f"holds an invisible {_character(bad.group())}, which makes text display in "
            "another order than it is written; delete it"
        )
    return value


def _check_year(value: dt.date) -> dt.date:
    """Record dates are when this site published or changed a record: none is before 1900."""
    if value.year < EARLIEST_YEAR:
        raise ValueError(f"{value.isoformat()} is before {EARLIEST_YEAR}; check the year")
    return value


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_check_plain_text),
    Field(description="Plain text on one line."),
]
Markdown = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_check_markdown_text),
    Field(description="Markdown. Link another record with [[its-id]]."),
    MARKDOWN,
]
RecordDate = Annotated[dt.date, AfterValidator(_check_year)]
FormerIds = Annotated[
    list[Annotated[Slug, Defines("former")]],
    Field(
        description="Ids it had before `publication rename`, oldest first: a record's old pages redirect "
        "here and its feed items keep the first; a recommendation's old anchors still lead to it. Reserved: no "
        "other record or recommendation may take them."
    ),
]


def _check_partial_date(value: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD and refuse impossible months and days."""
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        why = impossible_because(value)
        raise ValueError(
            f"expected a date like 2020, 2020-07 or 2020-07-23, got {shown(value)}" + (f": {why}" if why else "")
        ) from None
    return value


def _partial_date_as_text(value: object) -> object:
    """YAML reads 2020 as a number and 2020-07-23 as a date; both are fine here (2020.5 is then refused)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date_as_text),
    StringConstraints(pattern=PARTIAL_DATE_PATTERN),
    AfterValidator(_check_partial_date),
    # As editors' YAML extension reads it: 2020 is a number, 2020-07 and 2020-07-23 are text.
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": PARTIAL_DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        }
    ),
    Field(description="A year, year-month or full date: 2020, 2020-07 or 2020-07-23."),
]


class Record(BaseModel):
    """Settings shared by every model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Status(str, Enum):
    """Whether a record is public. Drafts show under `mkdocs serve` only."""

    published = "published"
    draft = "draft"


class Nation(str, Enum):
    """The UK's four nations, plus records that cover the whole UK."""

    england = "england"
    scotland = "scotland"
    wales = "wales"
    northern_ireland = "northern-ireland"
    uk_wide = "uk-wide"


class Kind(str, Enum):
    """What sort of evidence a record is."""

    case_study = "case-study"
    report = "report"
    statistic = "statistic"
    conversation = "conversation"


class Change(Record):
    """One entry in a record's change log; a major change becomes a feed item."""

    date: RecordDate = Field(description="When the change was made, e.g. 2020-12-02.")
    note: Markdown = Field(description="What changed, in a sentence or two.")
    major: bool = Field(True, description="false for a correction that should not notify subscribers.")
    recommendation: Annotated[Slug, Ref(Target.own_recommendation)] | None = Field(
        None, description="In a proposition: the id of the recommendation the change is about."
    )


class Source(Record):
    """A document a record draws on, cited on its page."""

    title: Text
    publisher: Text
    date: PartialDate | None = None
    url: HttpUrl | None = None
    authors: list[Text] = Field(default_factory=list)


class Recommendation(Record):
    """A practical step a publication recommends, with who should take it."""

    id: Annotated[Slug, Defines("recommendation")] = Field(
        description="Unique across all records; the anchor on the proposition's page."
    )
    former_ids: FormerIds = Field(default_factory=list)
    number: int | None = Field(None, ge=1, description="The number the publication gives it, if any.")
    title: Text
    text: Markdown
    actors: list[Text] = Field(
        default_factory=list,
        description="Who should act, as the source names them, e.g. UK Government, Funders. "
        "Leave out if it names none.",
    )
    source: Annotated[Slug, Ref(Target.report)] | None = Field(
        None, description="Id of the report record that made it; defaults to the proposition's source."
    )


class Proposition(Record):
    """One of the publication's big claims, with its recommendations."""

    id: Annotated[Slug, Defines("record")] = Field(description="Equals the file name without .yml.")
    former_ids: FormerIds = Field(default_factory=list)
    number: int = Field(ge=1)
    title: Text
    summary: Markdown
    body: Markdown | None = None
    themes: list[Slug] = Field(default_factory=list)
    published: RecordDate
    source: Annotated[Slug, Ref(Target.report)] = Field(
        description="Id of the evidence record (kind: report) of the publication."
    )
    pages: Text | None = Field(None, description="Where it stands in the source, e.g. 'p. 8'.")
    recommendations: list[Recommendation] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    status: Status = Status.published
    review_by: RecordDate | None = Field(None, description="Check the record again by this date.")


class Place(Record):
    """Where evidence comes from."""

    name: Text
    area: Text | None = Field(None, description="Council area or region, e.g. Rhondda Cynon Taf.")
    nation: Nation


class Period(Record):
    """When the evidence happened."""

    start: PartialDate
    end: PartialDate | None = None


class Support(Record):
    """What a piece of evidence shows for a proposition or one of its recommendations."""

    proposition: Annotated[Slug, Ref(Target.proposition)]
    recommendation: Annotated[Slug, Ref(Target.recommendation_of_proposition)] | None = None
    how: Text = Field(description="One sentence on what this evidence shows for it.")


class StrengthScale(str, Enum):
    """The named scales a record's evidence strength may be given on."""

    nesta = "nesta"  # Nesta's Standards of Evidence, levels 1 to 5


STRENGTH_LEVELS = 5  # Nesta's Standards of Evidence run from level 1 to level 5
RATIONALE_MAX = 300


class Strength(Record):
    """How strong a piece of evidence is, on a named scale, and why: set it only where a source states it."""

    scale: StrengthScale = Field(
        description="The scale the level is on: nesta (Nesta's Standards of Evidence, levels 1 to 5)."
    )
    level: int = Field(ge=1, le=STRENGTH_LEVELS, description="The level on that scale: 1 to 5 for nesta.")
    rationale: Annotated[Text, StringConstraints(max_length=RATIONALE_MAX)] = Field(
        description="One short sentence on why: which source rates it so, or what the evidence shows."
    )


class Evidence(Record):
    """A case study, report, statistic or conversation that supports the propositions."""

    id: Annotated[Slug, Defines("record")] = Field(description="Equals the file name without .yml.")
    former_ids: FormerIds = Field(default_factory=list)
    kind: Kind
    title: Text
    summary: Markdown
    body: Markdown | None = None
    places: list[Place] = Field(default_factory=list)
    period: Period | None = None
    organisations: list[Text] = Field(default_factory=list)
    themes: list[Slug] = Field(default_factory=list)
    supports: list[Support] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    strength: Strength | None = Field(
        None,
        description="Optional: how strong the evidence is, on a named scale, with a short rationale. "
        "Set it only where a source states it.",
    )
    published: RecordDate
    changes: list[Change] = Field(default_factory=list)
    status: Status = Status.published
    review_by: RecordDate | None = Field(None, description="Check the record again by this date.")


RecordModel = Proposition | Evidence
