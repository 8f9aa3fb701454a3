"""The record schema: one typed model per record type, the single source of truth.

The same models validate the build, generate the JSON Schema files editors use
in their editor (``python -m hooks.publication schema``), and type the
catalogue the pages and feeds are rendered from.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, HttpUrl, StringConstraints, WithJsonSchema

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PARTIAL_DATE_PATTERN = r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"  # days per month: below

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="Lower-case words joined by hyphens, e.g. treorchy-high-street."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Markdown = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    Field(description="Markdown. Link another record with [[its-id]]."),
]


def _check_partial_date(value: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD and refuse impossible months and days."""
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValueError(f"expected a date like 2020, 2020-07 or 2020-07-23, got '{value}'") from None
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
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": PARTIAL_DATE_PATTERN},
                              {"type": "integer", "minimum": 1000, "maximum": 9999}]}),
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

    date: dt.date = Field(description="When the change was made, e.g. 2020-12-02.")
    note: Markdown = Field(description="What changed, in a sentence or two.")
    major: bool = Field(True, description="false for a correction that should not notify subscribers.")
    recommendation: Slug | None = Field(
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

    id: Slug = Field(description="Unique across all records; the anchor on the proposition's page.")
    number: int | None = Field(None, ge=1, description="The number the publication gives it, if any.")
    title: Text
    text: Markdown
    actors: list[Text] = Field(
        default_factory=list,
        description="Who should act, as the source names them, e.g. UK Government, Funders. Leave out if it names none.",
    )
    source: Slug | None = Field(
        None, description="Id of the report record that made it; defaults to the proposition's source."
    )


class Proposition(Record):
    """One of the publication's big claims, with its recommendations."""

    id: Slug = Field(description="Equals the file name without .yml.")
    number: int = Field(ge=1)
    title: Text
    summary: Markdown
    body: Markdown | None = None
    themes: list[Slug] = Field(default_factory=list)
    published: dt.date
    source: Slug = Field(description="Id of the evidence record (kind: report) of the publication.")
    pages: str | None = Field(None, description="Where it stands in the source, e.g. 'p. 8'.")
    recommendations: list[Recommendation] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    status: Status = Status.published
    review_by: dt.date | None = Field(None, description="Check the record again by this date.")


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

    proposition: Slug
    recommendation: Slug | None = None
    how: Text = Field(description="One sentence on what this evidence shows for it.")


class Evidence(Record):
    """A case study, report, statistic or conversation that supports the propositions."""

    id: Slug = Field(description="Equals the file name without .yml.")
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
    published: dt.date
    changes: list[Change] = Field(default_factory=list)
    status: Status = Status.published
    review_by: dt.date | None = Field(None, description="Check the record again by this date.")


RecordModel = Proposition | Evidence
RECORD_TYPES: dict[str, type[Proposition] | type[Evidence]] = {
    "propositions": Proposition,
    "evidence": Evidence,
}
