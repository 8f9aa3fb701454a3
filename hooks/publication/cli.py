"""The editors' command line: check the records, start a new one, keep the JSON Schema files current.

Run from the repository root:

    python -m hooks.publication check            # every problem, as the build reports it
    python -m hooks.publication check --strict   # warnings fail too, as in `mkdocs build --strict`
    python -m hooks.publication new evidence "Treorchy high street"
    python -m hooks.publication schema --check   # are docs/schema/*.json up to date with the model?
    python -m hooks.publication status           # every record, drafts and reviews due (--format json)
    python -m hooks.publication rename OLD NEW   # a new id for a record or recommendation, everywhere (--dry-run)
    python -m hooks.publication stage ../staged  # a docs tree and config any engine builds without hooks
    python -m hooks.publication postbuild ../staged/site   # then the feeds, downloads and redirects

`check` exits 1 when a record has an error (or, with --strict, a warning) and 0
otherwise; it never prints a Python traceback for anything in the records.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .load import collector_paused, load_publication
from .problems import Problem, Severity, printable, shown, summary_line
from .registry import BY_NAME, RECORD_TYPES
from .settings import settings_problem
from .sidework import SideWorkError


def find_root(start: Path) -> Path:
    """The project folder: the nearest folder at or above `start` holding mkdocs.yml, else `start`."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


def _root(argument: str | None) -> Path:
    from .stagemark import staged_from

    root = Path(argument).resolve() if argument else find_root(Path.cwd().resolve())
    return staged_from(root) or root  # in a staged tree: the project it was staged from


def check(root: Path, strict: bool = False, include_drafts: bool = False, today: dt.date | None = None) -> int:
    """Print every problem in the records, then a count; return the exit status."""
    if not any((root / folder).is_dir() for folder in RECORD_TYPES):
        print(
            f"error: {printable(str(root))} holds no propositions/ or evidence/ folder; run this in the project "
            "folder or give --root",
            file=sys.stderr,
        )
        return 2
    # The collector stays paused (load.collector_paused) until the records are let go: they need no pass of it.
    with collector_paused():
        problems, files = _problems(root, include_drafts, today)
    for problem in problems:
        print(problem)
    print(f"{summary_line(problems)} ({files} file{'' if files == 1 else 's'} checked)")
    # The build reads the site's settings too; a setting it would refuse fails the check as well.
    config_file = root / "mkdocs.yml"
    settings = settings_problem(config_file) if config_file.is_file() else None
    if settings:
        print(f"error: {printable(settings)}", file=sys.stderr)
    errors = any(p.severity is Severity.error for p in problems)
    warnings = any(p.severity is Severity.warning for p in problems)
    return 1 if errors or (strict and warnings) or settings else 0


def _problems(root: Path, include_drafts: bool, today: dt.date | None) -> tuple[list[Problem], int]:
    """The problems `load_publication` finds, and the number of record files it read (the records let go)."""
    result = load_publication(root, include_drafts=include_drafts, today=today, beside=True)
    return result.problems, result.files


def new(root: Path, kind: str, title: str) -> int:
    """Write a new record's skeleton and say where it is."""
    from .scaffold import ScaffoldError, new_record

    try:
        path = new_record(root, kind, title)
    except ScaffoldError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 1
    try:
        where = path.relative_to(Path.cwd())
    except ValueError:
        where = path
    print(printable(str(where)))
    print(
        "It is a draft: `mkdocs serve` shows it, `mkdocs build` leaves it out until you delete its "
        "`status: draft` line.",
        file=sys.stderr,
    )
    return 0


def schema(root: Path, check_only: bool) -> int:
    """Write docs/schema/*.json from the model, or (with --check) report whether they are out of date."""
    from .schema import schema_paths, schema_text, write_schemas

    if not check_only:
        for path in write_schemas(root):
            print(f"wrote {path.relative_to(root).as_posix()}")
        return 0
    stale = []
    for folder, path in schema_paths(root).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != schema_text(folder):
            stale.append(path.relative_to(root).as_posix())
    for name in stale:
        print(f"{name}: out of date with the record model; run `python -m hooks.publication schema`")
    return 1 if stale else 0


def status(root: Path, output: str = "table", today: dt.date | None = None) -> int:
    """List every record (drafts included) with its kind, status, last change and review date, then the
    gaps and counts; as an aligned table, or (output="json") one JSON document."""
    from .status import publication_status, status_json, status_table

    if not any((root / folder).is_dir() for folder in RECORD_TYPES):
        print(f"error: {printable(str(root))} holds no propositions/ or evidence/ folder; give --root", file=sys.stderr)
        return 2
    today = today or dt.date.today()
    result = load_publication(root, include_drafts=True, today=today, beside=True)
    report = publication_status(result, today, files=result.files)
    print(status_json(report) if output == "json" else "\n".join(status_table(report)))
    return 0


def rename(root: Path, old: str, new: str, dry_run: bool = False) -> int:
    """Rename record or recommendation `old` to `new` in every file (or, dry, only print what would change)."""
    from .rename import RenameError, apply, describe, plan_rename

    try:
        plan = plan_rename(root, old, new)
    except RenameError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 1
    changes = plan.changes
    for line in describe(changes, root):
        print(printable(line))
    if dry_run:
        print(f"dry run: nothing changed ({len(changes)} file(s) would change)")
        return 0
    apply(changes)
    kept = (
        "its old address redirects to the new page"
        if plan.what == "record"
        else "its old anchor stays on its proposition's page"
    )
    print(f"renamed {plan.what} {old} to {new} in {len(changes)} file(s); {kept}")
    return 0


def _production(root: Path):
    """The records and mkdocs.yml made into pages and site files, as the build makes them; or the exit
    status, after printing why not (the check's lines for broken records)."""
    from mkdocs.exceptions import MkDocsException

    from .mkdocs_bridge import load_site_config
    from .production import SiteOptions, produce
    from .settings import SettingsError
    from .templating import TemplateFailure

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        print(
            f"error: {printable(str(root))} holds no mkdocs.yml; run this in the project folder or give --root",
            file=sys.stderr,
        )
        return 2
    result = load_publication(root, beside=True)
    for problem in result.problems:
        print(problem)
    if result.errors:
        print(f"{summary_line(result.problems)}: fix them, then run this again", file=sys.stderr)
        return 1
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "true")  # Material's end-of-life notice, once per build
    try:
        config, raw = load_site_config(config_file)
        return produce(result.catalogue, SiteOptions.of_mkdocs(config), beside=True), config, raw
    except (SettingsError, TemplateFailure, SideWorkError) as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
    except MkDocsException as exc:
        print(f"error: mkdocs.yml: {printable(str(exc))}", file=sys.stderr)
    return 1


def stage(root: Path, out: Path) -> int:
    """Write the staged docs tree and engine config into `out`."""
    from .staging import StagingError
    from .staging import stage as write_stage

    made = _production(root)
    if isinstance(made, int):
        return made
    production, config, raw = made
    custom_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    try:
        written = write_stage(out, root, raw, Path(config.docs_dir), custom_dir, production)
    except (StagingError, SideWorkError) as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 1
    print(f"staged {len(written)} generated pages and docs/ into {printable(str(out))}")
    print(
        f"next: build {printable(str(out / 'mkdocs.yml'))} with your engine (e.g. `zensical build`, run in that "
        f"folder), then `publication postbuild {printable(str(out / 'site'))}`"
    )
    return 0


def postbuild(root: Path, site: Path) -> int:
    """Write the feeds, downloads and redirect pages into a site an engine built from a staged tree, then
    its search index."""
    from .search import SEARCH_FOLDER, SearchIndexError, index_site
    from .staging import StagingError
    from .staging import postbuild as write_site_files

    made = _production(root)
    if isinstance(made, int):
        return made
    production, config, _ = made
    docs = Path(config.docs_dir)
    docs_pages = [path.relative_to(docs).as_posix() for path in docs.rglob("*.md") if path.is_file()]
    try:
        written = write_site_files(site, production, docs_pages)
        index_site(site, config.theme.get("language") or "en")  # last: it reads the finished pages
    except (StagingError, SearchIndexError, SideWorkError) as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 1
    print(
        f"wrote {len(written)} files that are not pages (feeds, downloads, citations, redirects) "
        f"into {printable(str(site))}"
    )
    print(f"indexed its pages for search into {printable(str(site / SEARCH_FOLDER))}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publication",
        description="Check, start, list and rename the records; stage the site for an engine without hooks.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check_cmd = commands.add_parser("check", help="report every problem in the records, as the build would")
    check_cmd.add_argument(
        "--strict", action="store_true", help="fail on warnings too, as `mkdocs build --strict` does"
    )
    check_cmd.add_argument(
        "--drafts", action="store_true", help="check as `mkdocs serve` sees the records: drafts included"
    )
    new_cmd = commands.add_parser("new", help="create a new record (a draft) with today's date and a unique id")
    new_cmd.add_argument("kind", choices=list(BY_NAME), help="the type of record")
    new_cmd.add_argument("title", help="its title, in quotes")
    schema_cmd = commands.add_parser("schema", help="write docs/schema/*.json from the record model")
    schema_cmd.add_argument(
        "--check", action="store_true", help="write nothing; fail if the files differ from the model"
    )
    status_cmd = commands.add_parser(
        "status", help="list every record (drafts too) with its status, last change and review date"
    )
    status_cmd.add_argument(
        "--format", choices=("table", "json"), default="table", help="a table for people, or JSON for scripts"
    )
    rename_cmd = commands.add_parser(
        "rename",
        help="give a record or recommendation a new id: its id, every reference to it (and a record's file); "
        "the old address or anchor keeps working",
    )
    rename_cmd.add_argument("old", help="the record's or recommendation's id now")
    rename_cmd.add_argument("new", help="its new id")
    rename_cmd.add_argument("--dry-run", action="store_true", help="change nothing; print what would change")
    stage_cmd = commands.add_parser(
        "stage", help="write the site's docs tree and a config without hooks, for an engine that runs no hooks"
    )
    stage_cmd.add_argument("out", help="an empty or new folder outside the project's records, e.g. ../staged")
    postbuild_cmd = commands.add_parser(
        "postbuild", help="add the feeds, downloads and redirects to a site built from a staged tree"
    )
    postbuild_cmd.add_argument("site", help="the built site, e.g. ../staged/site")
    for sub in (check_cmd, new_cmd, schema_cmd, status_cmd, rename_cmd, stage_cmd, postbuild_cmd):
        sub.add_argument(
            "--root", metavar="DIR", help="the project folder (default: the nearest folder holding mkdocs.yml)"
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit status (0 fine, 1 problems found, 2 usage error)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = _parser().parse_args(argv)
    root = _root(args.root)
    try:
        if args.command == "check":
            return check(root, strict=args.strict, include_drafts=args.drafts)
        if args.command == "status":
            return status(root, args.format)
        if args.command == "rename":
            return rename(root, args.old, args.new, args.dry_run)
        if args.command == "stage":
            return stage(root, Path(args.out).resolve())
        if args.command == "postbuild":
            return postbuild(root, Path(args.site).resolve())
        if args.command == "new":
            return new(root, args.kind, args.title)
        return schema(root, args.check)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader of our output went away (`publication check | head`): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # a bug, not a record problem: one line, unless asked for the details
        if os.environ.get("PUBLICATION_DEBUG"):
            raise
        print(
            f"error: {args.command} stopped unexpectedly ({type(exc).__name__}: {shown(exc, 200)}); "
            "set PUBLICATION_DEBUG=1 to see the details, and please report it",
            file=sys.stderr,
        )
        return 2
