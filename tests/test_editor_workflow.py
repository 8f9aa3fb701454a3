"""The editor's workflow: warnings, drafts, the schema in the editor, scaffolding, checking, live preview.

Each test reads as one promise made to editors in the README's editor's guide.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import cbor2
import pytest
import search_index
import yaml
from conftest import FIXTURES, PUBLICATION_LOG_LINE, ROOT, Project, check_in_process, make_project
from search_index import indexed_pages
from test_broken_records import lay_over, run_check, write_expected

from publication import paths
from publication import schema as schema_module
from publication.load import load_publication, record_files
from publication.model import SLUG_PATTERN
from publication.pages import PageRenderer
from publication.registry import RECORD_TYPES
from publication.scaffold import new_record, slugify

WARNINGS = Path(__file__).resolve().parent / "warnings"
WARNING_CASES = sorted(p.name for p in WARNINGS.iterdir() if p.is_dir())


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hooks.publication", *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def expected_warning_lines(case: str) -> list[str]:
    return (WARNINGS / case / "expected.txt").read_text(encoding="utf-8").splitlines()


# -- warnings: fatal only under --strict ------------------------------------------------------------


@pytest.mark.parametrize("case", WARNING_CASES)
def test_a_gap_in_the_content_is_a_warning_that_only_strict_checking_refuses(case, tmp_path, capsys, update_goldens):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    lay_over(WARNINGS / case, project.root)
    relaxed = check_in_process(capsys, project.root)
    if update_goldens:
        write_expected(WARNINGS / case / "expected.txt", relaxed.stdout)
    expected = expected_warning_lines(case)
    assert expected[-1].startswith("0 errors, 1 warning in the records")
    assert (relaxed.returncode, relaxed.stdout.splitlines()) == (0, expected)
    strict = check_in_process(capsys, project.root, "--strict")
    assert (strict.returncode, strict.stdout.splitlines()) == (1, expected)


def test_the_check_command_exits_1_on_a_warning_only_under_strict(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    lay_over(WARNINGS / WARNING_CASES[0], project.root)
    expected = expected_warning_lines(WARNING_CASES[0])
    relaxed, strict = run_check(project.root), run_check(project.root, "--strict")
    assert (relaxed.returncode, relaxed.stdout.splitlines()) == (0, expected)
    assert (strict.returncode, strict.stdout.splitlines()) == (1, expected)
    assert "Traceback" not in relaxed.stderr + strict.stderr


def every_warning_case(project: Project) -> list[str]:
    """Lay every warning case over the project; the warning lines they give together."""
    expected = []
    for case in WARNING_CASES:
        lay_over(WARNINGS / case, project.root)
        expected += expected_warning_lines(case)[:-1]
    return expected


def test_warnings_let_a_build_through_but_stop_a_strict_build(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    expected = every_warning_case(project)
    strict = project.build(strict=True)
    assert sorted(strict.publication_lines()) == sorted(expected)
    assert all(line.startswith("WARNING -  publication: ") for line in strict.log if "publication: " in line)
    assert not strict.ok
    assert strict.aborted == f"Aborted with {len(expected)} warnings in strict mode!"
    relaxed = project.build(strict=False)
    assert relaxed.ok, relaxed.stderr
    assert sorted(relaxed.publication_lines()) == sorted(expected)
    assert (project.site / "propositions" / "national-wellbeing" / "index.html").is_file()


def test_mkdocs_build_on_the_command_line_exits_1_on_warnings_only_under_strict(tmp_path):
    """`mkdocs build` without -q: MkDocs' -q hides warnings from --strict too, so it would pass."""
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    expected = every_warning_case(project)
    strict = project.build_with_cli(strict=True)
    logged = [m.group(1) for line in strict.stderr.splitlines() if (m := PUBLICATION_LOG_LINE.match(line))]
    assert sorted(logged) == sorted(expected)
    assert strict.returncode == 1
    assert f"Aborted with {len(expected)} warnings in strict mode!" in strict.stdout + strict.stderr
    relaxed = project.build_with_cli(strict=False)
    assert relaxed.returncode == 0, relaxed.stderr
    assert sorted(
        m.group(1) for line in relaxed.stderr.splitlines() if (m := PUBLICATION_LOG_LINE.match(line))
    ) == sorted(expected)
    assert (project.site / "propositions" / "national-wellbeing" / "index.html").is_file()
    assert "Traceback" not in strict.stdout + strict.stderr + relaxed.stdout + relaxed.stderr


# -- drafts: shown by `mkdocs serve`, left out of `mkdocs build` ----------------------------------------


def test_a_draft_is_left_out_of_everything_mkdocs_build_writes(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    new_record(project.root, "evidence", "Zebra crossing café")
    new_record(project.root, "proposition", "Quiet streets")
    result = project.build()
    assert result.returncode == 0, result.stderr
    site_files = [p for p in project.site.rglob("*") if p.is_file()]
    assert not (project.site / "evidence" / "zebra-crossing-cafe").exists()
    assert not (project.site / "propositions" / "quiet-streets").exists()
    for path in site_files:  # pages, indexes, browse pages, feeds, search index, sitemap, downloads
        content = path.read_bytes()
        for trace in (b"zebra-crossing-cafe", b"Zebra crossing", b"quiet-streets", b"Quiet streets"):
            assert trace not in content, f"{trace!r} in {path.relative_to(project.site)}"
    index = json.dumps(indexed_pages(project.site), ensure_ascii=False)  # the search index, unpacked
    for trace in ("zebra-crossing-cafe", "Zebra crossing", "quiet-streets", "Quiet streets"):
        assert trace not in index, f"{trace!r} in the search index"
    assert "treorchy-high-street" in index  # the published record is there: the checks above can see


def test_a_draft_page_carries_a_visible_draft_banner_when_drafts_are_shown(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    new_record(project.root, "evidence", "Zebra crossing café")
    shown = load_publication(project.root, include_drafts=True).catalogue
    hidden = load_publication(project.root, include_drafts=False).catalogue
    assert "zebra-crossing-cafe" in shown.records and "zebra-crossing-cafe" not in hidden.records
    renderer = PageRenderer(shown, "Site")
    draft_page = renderer.evidence_page(shown.records["zebra-crossing-cafe"])
    assert '!!! warning "Draft"' in draft_page
    assert "Draft" not in renderer.evidence_page(shown.records["treorchy-high-street"])


def test_the_preview_marks_drafts_in_its_lists_and_the_published_site_has_none(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    new_record(project.root, "evidence", "Zebra crossing café")
    new_record(project.root, "proposition", "Quiet streets")
    preview = PageRenderer(load_publication(project.root, include_drafts=True).catalogue, "Site")
    published = PageRenderer(load_publication(project.root, include_drafts=False).catalogue, "Site")

    assert "[Zebra crossing café](zebra-crossing-cafe.md) *(draft)* (case study" in preview.evidence_index()
    assert "[Treorchy high street](treorchy-high-street.md) (case study" in preview.evidence_index()
    assert "[Quiet streets](quiet-streets.md) *(draft)*" in preview.propositions_index()
    assert "### [4. Quiet streets](propositions/quiet-streets.md) *(draft)* {#quiet-streets}" in preview.home_sections()
    for page in (published.evidence_index(), published.propositions_index(), published.home_sections()):
        assert "(draft)" not in page


# -- the schema in the editor ------------------------------------------------------------------------


def test_the_committed_json_schemas_match_the_record_model():
    """If this fails, run `python -m hooks.publication schema` and commit docs/schema/."""
    for folder, path in schema_module.schema_paths(ROOT).items():
        assert path.read_text(encoding="utf-8") == schema_module.schema_text(folder), path
    assert cli("schema", "--check").returncode == 0


def test_schema_check_names_a_stale_schema_file(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    stale = project.root / "docs" / "schema" / "evidence.schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    result = cli("schema", "--check", "--root", str(project.root))
    assert result.returncode == 1
    assert result.stdout.startswith("docs/schema/evidence.schema.json: out of date with the record model")
    assert cli("schema", "--root", str(project.root)).stdout == "wrote docs/schema/evidence.schema.json\n"
    assert cli("schema", "--check", "--root", str(project.root)).returncode == 0


def test_the_schemas_are_published_with_the_site(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    assert project.build().returncode == 0
    for folder, relative in paths.SCHEMA_FILES.items():
        assert (project.site / relative).read_text(encoding="utf-8") == schema_module.schema_text(folder)


def test_every_record_in_the_repository_names_its_schema_on_its_first_line():
    for path, folder in record_files(ROOT):
        first = path.read_text(encoding="utf-8-sig").split("\n", 1)[0]
        assert first == f"# yaml-language-server: $schema=../docs/{paths.SCHEMA_FILES[folder]}", path


def test_the_editor_schema_agrees_with_the_build_on_valid_and_broken_records():
    """What VS Code's YAML extension checks with the schema, the build checks too (the build checks more)."""
    jsonschema = pytest.importorskip("jsonschema")
    validators = {
        folder: jsonschema.Draft7Validator(json.loads(schema_module.schema_text(folder))) for folder in RECORD_TYPES
    }

    def as_the_editor_reads_it(path: Path):  # YAML 1.2, as the extension reads it: dates stay text
        text = path.read_text(encoding="utf-8-sig")
        return yaml.load(text, Loader=_NoDates)

    for path, folder in record_files(ROOT) + record_files(FIXTURES / "minimal"):
        errors = list(validators[folder].iter_errors(as_the_editor_reads_it(path)))
        assert not errors, f"{path}: {errors[0].message}"
    broken = Path(__file__).resolve().parent / "broken"
    for case in (
        "unknown-field",
        "unknown-choice",
        "missing-field",
        "text-expected-list",
        "id-not-a-slug",
        "unknown-nested-field",
        "impossible-partial-date",
    ):
        path = broken / case / "evidence" / "pop-up-shop.yml"
        assert list(validators["evidence"].iter_errors(as_the_editor_reads_it(path))), case


class _NoDates(yaml.SafeLoader):
    pass


_NoDates.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# -- scaffolding ---------------------------------------------------------------------------------------


def test_new_writes_a_draft_skeleton_that_passes_check(tmp_path, capsys):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    result = cli("new", "evidence", "Treorchy: the café that stayed open", "--root", str(project.root))
    assert result.returncode == 0, result.stderr
    path = project.root / "evidence" / "treorchy-the-cafe-that-stayed-open.yml"
    assert Path(result.stdout.strip()) == path
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../docs/schema/evidence.schema.json\n")
    assert f"published: {dt.date.today().isoformat()}\n" in text
    assert "status: draft" in text
    for args in ([], ["--strict", "--drafts"]):  # no error; and no warning even as `mkdocs serve` sees it
        checked = check_in_process(capsys, project.root, *args)
        assert (checked.returncode, checked.stdout) == (0, "0 errors, 0 warnings in the records (4 files checked)\n")


def test_new_proposition_takes_the_next_number_and_a_report_as_its_source(tmp_path, capsys):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    path = new_record(project.root, "proposition", "Quiet streets", today=dt.date(2021, 3, 4))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../docs/schema/proposition.schema.json\n")
    assert "\nnumber: 4\n" in text and "\nsource: the-paper " in text and "\npublished: 2021-03-04\n" in text
    assert check_in_process(capsys, project.root).returncode == 0


def test_new_never_overwrites_and_picks_a_free_id(tmp_path, capsys):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    existing = (project.root / "evidence" / "treorchy-high-street.yml").read_bytes()
    second = new_record(project.root, "evidence", "Treorchy High Street")
    third = new_record(project.root, "evidence", "Treorchy high street!")
    taken_by_a_recommendation = new_record(project.root, "evidence", "Invest in the hyperlocal")
    assert [second.name, third.name, taken_by_a_recommendation.name] == [
        "treorchy-high-street-2.yml",
        "treorchy-high-street-3.yml",
        "invest-in-the-hyperlocal-2.yml",
    ]
    assert (project.root / "evidence" / "treorchy-high-street.yml").read_bytes() == existing
    assert check_in_process(capsys, project.root).returncode == 0


@pytest.mark.parametrize(
    "kind, title, written",
    [
        ("evidence", "Index", "evidence/index-2.yml"),
        ("evidence", "  INDEX!  ", "evidence/index-2.yml"),
        ("evidence", "Índex", "evidence/index-2.yml"),
        ("proposition", "index", "propositions/index-2.yml"),
    ],
)
def test_new_never_writes_a_reserved_id_and_what_it_writes_passes_check(kind, title, written, tmp_path, capsys):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")

    result = cli("new", kind, title, "--root", str(project.root))

    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == project.root / written
    assert f"\nid: {Path(written).stem}\n" in (project.root / written).read_text(encoding="utf-8")
    # (not --strict --drafts: a new proposition has no evidence yet, which that warns of)
    checked = check_in_process(capsys, project.root)
    assert (checked.returncode, checked.stdout) == (0, "0 errors, 0 warnings in the records (4 files checked)\n")


@pytest.mark.parametrize(
    "title, message",
    [
        ("a\x1b[2Jb", "error: the title 'a\\x1b[2Jb' holds a control character; type it again without it"),
        (
            "x\u202ey",
            "error: the title 'x\\u202ey' holds an invisible RIGHT-TO-LEFT OVERRIDE (U+202E), which hides "
            "or reorders text; delete it",
        ),
        (
            "tag\U000e0041",
            "error: the title 'tag\\U000e0041' holds an invisible TAG LATIN CAPITAL LETTER A "
            "(U+E0041), which hides or reorders text; delete it",
        ),
    ],
)
def test_new_refuses_a_title_the_record_could_not_be_published_with(title, message, tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    before = sorted(p.name for p in (project.root / "evidence").iterdir())

    result = cli("new", "evidence", title, "--root", str(project.root))

    assert (result.returncode, result.stdout, result.stderr) == (1, "", message + "\n")
    assert sorted(p.name for p in (project.root / "evidence").iterdir()) == before


def test_every_reserved_id_is_passed_over_and_so_is_a_taken_one(tmp_path):
    from publication.consistency import RESERVED_IDS

    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    project.write("evidence/index-2.yml", "")  # taken, even though it is not a valid record yet

    names = [new_record(project.root, "evidence", reserved.title()).name for reserved in sorted(RESERVED_IDS)]

    assert not {Path(n).stem for n in names} & RESERVED_IDS
    assert "index-3.yml" in names


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Fear & Loaning: 2020!", "fear-loaning-2020"),
        ("Ysgol Gymraeg Pont Siôn Norton", "ysgol-gymraeg-pont-sion-norton"),
        ("???", "untitled"),
        ("a " * 60, "-".join(["a"] * 30)),  # short enough to leave room for -2, -3 ...
    ],
)
def test_a_title_becomes_a_short_lower_case_id(title, slug):
    assert slugify(title) == slug
    assert re.match(SLUG_PATTERN, slug)


def test_new_explains_what_it_cannot_do(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    blank = cli("new", "evidence", "   ", "--root", str(project.root))
    assert blank.returncode == 1 and blank.stderr.startswith("error: give the new record a title")
    (project.root / "evidence" / "the-paper.yml").unlink()  # no report left to be a proposition's source
    orphan = cli("new", "proposition", "Quiet streets", "--root", str(project.root))
    assert orphan.returncode == 1 and "no evidence of kind report yet" in orphan.stderr
    assert "Traceback" not in blank.stderr + orphan.stderr


# -- checking without building ---------------------------------------------------------------------


def test_check_on_the_default_content_is_clean():
    """(How long it takes is measured by a script, not a test: README, "Speed".)"""
    result = cli("check", "--strict")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("0 errors, 0 warnings in the records (") and result.stderr == ""


def test_check_finds_the_project_from_a_sub_folder_and_explains_a_wrong_root(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    inside = cli("check", cwd=project.root)  # the project's hooks/ is linked in, as in a clone
    assert (inside.returncode, inside.stdout) == (0, "0 errors, 0 warnings in the records (3 files checked)\n")
    nowhere = cli("check", "--root", str(tmp_path / "nowhere"))
    assert nowhere.returncode == 2 and "holds no propositions/ or evidence/ folder" in nowhere.stderr


def test_the_pre_commit_hook_runs_the_check(tmp_path):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "publication-check" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "evidence/treorchy-high-street.yml")
    argv = shlex.split(hook["entry"])
    assert argv[:2] == ["publication", "check"] and hook["language"] == "python"
    command = [str(Path(sys.executable).with_name("publication")), *argv[1:]]  # the installed console script
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    ok = subprocess.run(command, cwd=project.root, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stdout
    project.write("evidence/the-paper.yml", "id: the-paper\nkind: reprot\n")
    broken = subprocess.run(command, cwd=project.root, capture_output=True, text=True, timeout=60)
    assert broken.returncode == 1
    assert (
        "evidence/the-paper.yml:2:7: kind: expected one of case-study, report, statistic, conversation, got "
        "'reprot' (did you mean 'report'?)" in broken.stdout
    )


# -- the build never writes to what editors wrote ---------------------------------------------------------


def _snapshot(root: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(root).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for folder in ("propositions", "evidence", "docs")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def test_checking_and_building_never_modify_records_or_docs(tmp_path, capsys):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    new_record(project.root, "evidence", "Zebra crossing café")  # a draft, too
    before = _snapshot(project.root)
    assert check_in_process(capsys, project.root, "--strict", "--drafts").returncode == 0
    assert project.build().returncode == 0
    assert project.build(strict=False).returncode == 0
    assert _snapshot(project.root) == before


# -- live preview --------------------------------------------------------------------------------------


class _Serve:
    """`mkdocs serve` on a free local port, its log collected as it comes."""

    def __init__(self, project: Project):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.log.append(line.rstrip("\n"))

    def wait_for_log(self, pattern: str, after: int = 0, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log[after:]:
                if re.search(pattern, line):
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"no log line like {pattern!r}:\n" + "\n".join(self.log))

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as response:
            return response.read().decode("utf-8")

    def wait_for_page(self, path: str, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                page = self.get(path)
                if text in page:
                    return page
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.2)
        raise AssertionError(f"{path} never showed {text!r}:\n" + "\n".join(self.log))

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def test_live_preview_shows_a_new_draft_reports_a_broken_record_and_recovers_when_it_is_fixed(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    path = new_record(project.root, "evidence", "Zebra crossing café")
    page = "evidence/zebra-crossing-cafe/"
    serve = _Serve(project)
    try:
        serve.wait_for_log(r"Serving on")
        shown = serve.wait_for_page(page, "Zebra crossing café")
        assert "This record is a draft" in shown

        good = path.read_text(encoding="utf-8")
        mark = len(serve.log)
        path.write_text(good.replace('title: "Zebra crossing café"', 'title: "Zebra crossing café'), encoding="utf-8")
        error = serve.wait_for_log(r"publication: evidence/zebra-crossing-cafe\.yml:", after=mark)
        assert error == (
            "ERROR   -  publication: evidence/zebra-crossing-cafe.yml:4:8: YAML syntax error: "
            "the quotes that open here run on to line 16; add the closing quote where the text ends"
        )
        serve.wait_for_log(r"1 error, 0 warnings in the records", after=mark)
        assert serve.process.poll() is None  # the server keeps running, on the last good records
        for any_page in (page, "", "about/"):  # every page, hand-written ones too, says what is wrong
            broken = serve.wait_for_page(any_page, "1 error, 0 warnings in the records: this preview shows")
            assert "evidence/zebra-crossing-cafe.yml:4:8: YAML syntax error: the quotes that open here" in broken
            assert 'role="status"' in broken

        path.write_text(good.replace("Zebra crossing café", "Zebra crossing café, fixed"), encoding="utf-8")
        fixed = serve.wait_for_page(page, "Zebra crossing café, fixed")  # back without a restart
        assert "this preview shows the last good version" not in fixed
        assert "this preview shows the last good version" not in serve.get("about/")
        assert serve.process.poll() is None
        assert not any("Traceback" in line for line in serve.log)
    finally:
        serve.stop()


def _served_index(serve: _Serve) -> list[dict]:
    """The search index a browser gets from the preview: the entry file, the meta file it names, and every
    page's fragment (Pagefind's files; see tests/search_index.py)."""

    def fetch(path: str) -> bytes:
        with urllib.request.urlopen(f"http://127.0.0.1:{serve.port}/pagefind/{path}", timeout=10) as response:
            return response.read()

    def unpacked(data: bytes) -> bytes:
        data = gzip.decompress(data)
        assert data.startswith(search_index.MARKER)
        return data[len(search_index.MARKER) :]

    entry = json.loads(fetch("pagefind-entry.json"))
    meta = cbor2.loads(unpacked(fetch(f"pagefind.{entry['languages']['en']['hash']}.pf_meta")))
    return [json.loads(unpacked(fetch(f"fragment/{page[0]}.pf_fragment"))) for page in meta[1]]


def _served_index_once_written(serve: _Serve, seconds: float = 60) -> list[dict]:
    """`_served_index`, asked again while the preview has not written it yet: Pagefind indexes in the
    background after the pages are served, so a quick first page can come before any index."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return _served_index(serve)
        except urllib.error.HTTPError as exc:
            if exc.code != 404 or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_search_works_in_the_preview_and_follows_an_edit(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    record = project.root / "evidence" / "treorchy-high-street.yml"
    serve = _Serve(project)
    try:
        serve.wait_for_log(r"Serving on")
        assert 'data-pagefind="../pagefind/pagefind.js"' in serve.wait_for_page("search/", "Words to search for")
        pages = {page["url"]: page for page in _served_index_once_written(serve)}
        assert pages["/evidence/treorchy-high-street/"]["meta"]["kind"] == "Case study"
        assert "/print/" not in pages
        record.write_text(record.read_text(encoding="utf-8").replace("high street", "quokka street"), encoding="utf-8")
        serve.wait_for_page("evidence/treorchy-high-street/", "quokka street")
        deadline = time.monotonic() + 60  # the index is written after the pages
        while "quokka" not in json.dumps(_served_index_once_written(serve)).lower():
            assert time.monotonic() < deadline, "the preview's search index never showed the edit"
            time.sleep(0.5)
        assert not any("Traceback" in line for line in serve.log)
    finally:
        serve.stop()


# -- site_url: an address a page's path can be added to ---------------------------------------------------


@pytest.mark.parametrize(
    "site_url, message",
    [
        (
            "https://example.org/?utm_source=feed",
            "mkdocs.yml: site_url: the query '?utm_source=feed' would stand before the page's path in every feed "
            "link; write the address alone, like https://example.org/",
        ),
        (
            "https://example.org/news/#top",
            "mkdocs.yml: site_url: the fragment '#top' would stand before the page's path in every feed link; "
            "write the address alone, like https://example.org/",
        ),
        (
            "https://example.org/#section?x=1",
            "mkdocs.yml: site_url: the fragment '#section?x=1' would stand before the page's path in every feed link; "
            "write the address alone, like https://example.org/",
        ),
        (
            "https://editor:s3cret@example.org/",
            "mkdocs.yml: site_url: holds a user name or password (the part before '@'), which every feed and page "
            "link would publish; write the address alone, like https://example.org/",
        ),
        (
            "https://example.org:99999/",
            "mkdocs.yml: site_url: expected the site's public address like https://example.org/, "
            "got 'https://example.org:99999/'",
        ),
        (
            "ftp://example.org/",
            "mkdocs.yml: site_url: expected the site's public address like https://example.org/, got 'ftp://example.org/'",
        ),
    ],
)
def test_a_site_url_that_feed_links_cannot_be_built_on_stops_check_and_build_with_one_clear_line(
    site_url, message, tmp_path, capsys
):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    config = project.root / "mkdocs.yml"
    text, count = re.subn(r"(?m)^site_url:.*$", f"site_url: '{site_url}'", config.read_text(encoding="utf-8"))
    assert count == 1
    config.write_text(text, encoding="utf-8")

    checked = check_in_process(capsys, project.root, "--strict")
    assert (checked.returncode, checked.stderr) == (1, f"error: {message}\n")
    assert checked.stdout.splitlines() == ["0 errors, 0 warnings in the records (3 files checked)"]

    result = project.build()

    assert result.returncode == 1
    assert [line.split("-  ", 1)[1] for line in result.stderr.splitlines() if line.startswith("ERROR")] == [message]
    assert "s3cret" not in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.site / "index.html").exists()
