"""`publication status`: records in, one line per record and the counts out (README: "See every record at once").

The records below make one of each thing the listing points out: a draft, a review date passed, a review
due within 30 days, a proposition no published evidence supports (its only support is a draft), a
recommendation no evidence mentions, and a file too broken to load.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from publication.cli import main, status
from publication.load import load_publication
from publication.status import publication_status, review_state

TODAY = dt.date(2026, 12, 1)

RECORDS = {
    "propositions/local.yml": """\
id: local
number: 1
title: The future can be local
summary: Local places matter.
published: 2020-07-23
source: the-paper
recommendations:
  - {id: fund-local, title: Fund local groups, text: Fund them.}
  - {id: listen-local, title: Listen to local groups, text: Listen to them.}
changes:
  - {date: 2021-03-04, note: A correction., major: false}
review_by: 2026-11-30
""",
    "propositions/work.yml": """\
id: work
number: 2
title: Work matters
summary: Good work matters.
published: 2020-07-23
source: the-paper
""",
    "evidence/the-paper.yml": """\
id: the-paper
kind: report
title: The paper
summary: The publication itself.
supports:
  - {proposition: local, recommendation: fund-local, how: It makes the recommendation.}
sources:
  - {title: The paper, publisher: Example Trust}
published: 2020-07-23
review_by: 2026-12-31
""",
    "evidence/pop-up-shop.yml": """\
id: pop-up-shop
kind: case-study
title: A pop-up shop
summary: TODO
supports:
  - {proposition: work, how: TODO}
published: 2026-11-20
status: draft
""",
    "evidence/broken.yml": "id: broken\nkind: [\n",
}


@pytest.fixture
def publication(tmp_path: Path) -> Path:
    """A project folder holding RECORDS."""
    for relative, text in RECORDS.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_table_lists_every_record_then_the_gaps_and_counts(publication, capsys):
    assert status(publication, today=TODAY) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "ID           KIND         STATUS     LAST CHANGE  REVIEW BY   NOTES",
        "local        proposition  published  2021-03-04   2026-11-30  review date passed",
        "work         proposition  published  2020-07-23   -           no evidence",
        "pop-up-shop  case-study   draft      2026-11-20   -",
        "the-paper    report       published  2020-07-23   2026-12-31  review due within 30 days",
        "",
        "Recommendations no published evidence mentions (1):",
        "  listen-local (proposition local)",
        "",
        "4 records (2 propositions, 2 evidence), 1 draft",
        "reviews: 1 past, 1 due within 30 days (today is 2026-12-01)",
        "without evidence: 1 proposition, 1 recommendation",
        "problems: 1 error, 3 warnings (`publication check --drafts` lists them)",
        "not listed: 1 file with errors that stop it loading",
    ]
    assert err == ""


def test_json_parses_and_holds_every_record_with_documented_keys(publication, capsys):
    assert main(["status", "--root", str(publication), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1
    assert document["review_due_days"] == 30
    assert [r["id"] for r in document["records"]] == ["local", "work", "pop-up-shop", "the-paper"]
    assert document["records"][2] == {
        "id": "pop-up-shop",
        "type": "evidence",
        "kind": "case-study",
        "status": "draft",
        "last_change": "2026-11-20",
        "review_by": None,
        "review": None,
        "without_evidence": False,
    }
    assert document["recommendations_without_evidence"] == [{"id": "listen-local", "proposition": "local"}]
    assert set(document["counts"]) == {
        "records",
        "propositions",
        "evidence",
        "drafts",
        "reviews_past",
        "reviews_due",
        "propositions_without_evidence",
        "recommendations_without_evidence",
        "files_not_loaded",
        "errors",
        "warnings",
    }


def test_json_counts_match_the_table(publication):
    report = publication_status(load_publication(publication, include_drafts=True, today=TODAY), TODAY, files=5)
    assert report.counts == {
        "records": 4,
        "propositions": 2,
        "evidence": 2,
        "drafts": 1,
        "reviews_past": 1,
        "reviews_due": 1,
        "propositions_without_evidence": 1,
        "recommendations_without_evidence": 1,
        "files_not_loaded": 1,
        "errors": 1,
        "warnings": 3,
    }


@pytest.mark.parametrize(
    ("review_by", "state"),
    [
        (None, None),
        (dt.date(2026, 11, 30), "past"),
        (TODAY, "due"),
        (dt.date(2026, 12, 31), "due"),  # 30 days ahead
        (dt.date(2027, 1, 1), None),  # 31 days ahead
    ],
)
def test_a_review_is_due_within_30_days_and_past_before_today(review_by, state):
    assert review_state(review_by, TODAY) == state


def test_a_file_that_fails_to_load_is_counted_and_its_name_never_printed_raw(tmp_path, capsys):
    (tmp_path / "evidence").mkdir()
    # Its name holds a terminal escape sequence, and its id differs from its name.
    (tmp_path / "evidence" / "bad\x1b[31m.yml").write_text("id: x\n", encoding="utf-8")
    assert status(tmp_path, today=TODAY) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "not listed: 1 file with errors that stop it loading" in out


def test_status_of_a_folder_without_records_says_so(tmp_path, capsys):
    assert main(["status", "--root", str(tmp_path)]) == 2
    assert "holds no propositions/ or evidence/ folder" in capsys.readouterr().err


def test_the_default_content_has_every_record_listed(capsys):
    root = Path(__file__).resolve().parent.parent
    assert main(["status", "--root", str(root), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    files = sorted(p.stem for folder in ("propositions", "evidence") for p in (root / folder).glob("*.yml"))
    assert sorted(r["id"] for r in document["records"]) == files
