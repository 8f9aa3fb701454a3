"""VS Code's YAML language server reads a record's schema line: it completes field names and allowed
values and flags unknown fields as the editor types (README: "Completion and checking as you type").

The server is the one Red Hat's YAML extension runs, `yaml-language-server` from npm, at the version
.ci/node/package-lock.json pins (`bash .ci/run` installs it into .ci/node/node_modules). The tests
drive it as the editor does, over its stdio protocol (LSP: JSON-RPC messages framed by
Content-Length headers), through pygls' language client. The record is the one `publication new`
writes, in a copy of the project with the committed schema files, so the schema line is read exactly
as an editor's copy carries it.

Where the server is not installed (no node, or `npm ci --prefix .ci/node` not run yet) the tests are
skipped and say how to install it, as the browser tests are without Chromium; under CI=true, where
.ci/run has installed it, they fail instead.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from conftest import ROOT
from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

from publication.scaffold import new_record

NODE_TOOLS = ROOT / ".ci" / "node"
SERVER = NODE_TOOLS / "node_modules" / ".bin" / "yaml-language-server"
SCHEMA_LINE = "# yaml-language-server: $schema=../docs/schema/{type}.schema.json"
TIMEOUT = 30  # seconds for any one answer; the server answers in well under one
EVIDENCE_KINDS = ["case-study", "report", "statistic", "conversation"]


def server_command() -> list[str]:
    """How to start the pinned server over stdio; without it, skip (or fail under CI=true) saying how to
    install it."""
    if SERVER.exists():
        return [str(SERVER), "--stdio"]
    if shutil.which("node") is None:
        missing = "node is not installed (Debian packages nodejs and npm), nor yaml-language-server"
    else:
        missing = f"yaml-language-server is not installed in {NODE_TOOLS.relative_to(ROOT)}"
    how = f"{missing}: run `npm ci --prefix .ci/node` (`bash .ci/run` installs both)"
    (pytest.fail if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else pytest.skip)(how)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's records and committed schema files, where `new` can write a record."""
    for folder in ("propositions", "evidence", "docs/schema"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


class Editor:
    """The editor's side of the conversation: open a file, type into it, ask for completions, and
    read the problems the server publishes for it."""

    def __init__(self, client: LanguageClient):
        self.client = client
        self.published: dict[str, asyncio.Queue] = {}
        self.versions: dict[str, int] = {}

    def queue(self, uri: str) -> asyncio.Queue:
        return self.published.setdefault(uri, asyncio.Queue())

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        self.versions[uri] = 1
        item = lsp.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=item))
        return uri

    def type_whole(self, uri: str, text: str) -> None:
        """Replace the file's text, as the editor reports every keystroke."""
        self.versions[uri] += 1
        document = lsp.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri])
        change = lsp.TextDocumentContentChangeWholeDocument(text=text)
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(text_document=document, content_changes=[change])
        )

    async def problems(self, uri: str, until=lambda diagnostics: True) -> list[tuple[int, str]]:
        """The (line, message) pairs of the first set of problems published for `uri` meeting `until`."""
        while True:
            published = await asyncio.wait_for(self.queue(uri).get(), TIMEOUT)
            found = [(d.range.start.line, d.message) for d in published.diagnostics]
            if until(found):
                return found

    async def completions(self, uri: str, line: int, character: int) -> list[str]:
        """The labels the server offers at a place in the file (what Ctrl+Space lists)."""
        params = lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line, character)
        )
        answer = await asyncio.wait_for(self.client.text_document_completion_async(params), TIMEOUT)
        items = answer.items if isinstance(answer, lsp.CompletionList) else answer or []
        return [item.label for item in items]


@asynccontextmanager
async def yaml_language_server(workspace: Path):
    """A running server, initialised as VS Code's YAML extension does (validation and completion on)."""
    client = LanguageClient("publication-tests", "1")
    editor = Editor(client)
    settings = {"validate": True, "completion": True, "hover": True}

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        editor.queue(params.uri).put_nowait(params)

    @client.feature(lsp.WORKSPACE_CONFIGURATION)
    def configuration(params: lsp.ConfigurationParams) -> list:
        return [settings if item.section == "yaml" else None for item in params.items]

    await client.start_io(*server_command())
    try:
        capabilities = lsp.ClientCapabilities(workspace=lsp.WorkspaceClientCapabilities(configuration=True))
        params = lsp.InitializeParams(capabilities=capabilities, root_uri=workspace.as_uri(), process_id=os.getpid())
        await asyncio.wait_for(client.initialize_async(params), TIMEOUT)
        client.initialized(lsp.InitializedParams())
        client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings={"yaml": settings}))
        yield editor
    finally:  # a failed assertion too ends the server, which stays up until asked to exit
        try:
            await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
            client.exit(None)
        finally:
            await asyncio.wait_for(client.stop(), TIMEOUT)


def run(scenario) -> None:
    """Run one conversation to its end, in a thread of its own: its own event loop, whatever else the test
    process runs (Playwright's sync API, in the browser tests, keeps a loop running in the main thread)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, asyncio.wait_for(scenario, 4 * TIMEOUT)).result()


def test_the_server_installed_is_the_version_the_lock_file_pins():
    """So a stale install in .ci/node cannot pass for the pinned one."""
    server_command()
    lock = json.loads((NODE_TOOLS / "package-lock.json").read_text(encoding="utf-8"))
    installed = json.loads((NODE_TOOLS / "node_modules" / "yaml-language-server" / "package.json").read_text())
    assert installed["version"] == lock["packages"]["node_modules/yaml-language-server"]["version"]


@pytest.mark.parametrize("record_type", ["evidence", "proposition"])
def test_a_new_record_carries_the_schema_line_and_the_server_finds_nothing_wrong_with_it(project, record_type):
    path = new_record(project, record_type, "Pop-up shop")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE.format(type=record_type)

    async def scenario():
        async with yaml_language_server(project) as editor:
            uri = editor.open(path, text)
            assert await editor.problems(uri) == []
            # Typing an unknown field is flagged at its line, so the schema was read.
            editor.type_whole(uri, text + "colour: red\n")
            problems = await editor.problems(uri, until=bool)
            assert problems == [(len(text.splitlines()), "Property colour is not allowed.")]

    run(scenario())


def test_completion_offers_the_field_names_a_record_has_not_used_yet(project):
    path = new_record(project, "evidence", "Pop-up shop")
    text = f"{SCHEMA_LINE.format(type='evidence')}\nid: pop-up-shop\n\n"

    async def scenario():
        async with yaml_language_server(project) as editor:
            uri = editor.open(path, text)
            offered = await editor.completions(uri, 2, 0)
            for field in ("kind", "title", "summary", "places", "supports", "sources", "published", "review_by"):
                assert field in offered
            assert "id" not in offered  # already there
            assert "colour" not in offered

    run(scenario())


def test_completion_offers_the_allowed_values_of_kind_and_nation(project):
    path = new_record(project, "evidence", "Pop-up shop")
    text = (
        f"{SCHEMA_LINE.format(type='evidence')}\nid: pop-up-shop\nkind: \nplaces:\n  - name: Treorchy\n    nation: \n"
    )

    async def scenario():
        async with yaml_language_server(project) as editor:
            uri = editor.open(path, text)
            assert await editor.completions(uri, 2, len("kind: ")) == EVIDENCE_KINDS
            nations = await editor.completions(uri, 5, len("    nation: "))
            assert nations == ["england", "scotland", "wales", "northern-ireland", "uk-wide"]

    run(scenario())


def test_unknown_fields_and_values_are_flagged_where_they_are(project):
    path = new_record(project, "evidence", "Pop-up shop")
    lines = path.read_text(encoding="utf-8").splitlines()
    kind_line = next(n for n, line in enumerate(lines) if line.startswith("kind:"))
    lines[kind_line] = "kind: case-studdy"
    lines.insert(kind_line + 1, "colour: red")
    lines.insert(kind_line + 2, "places_visited: []")

    async def scenario():
        async with yaml_language_server(project) as editor:
            uri = editor.open(path, "\n".join(lines) + "\n")
            problems = await editor.problems(uri, until=bool)
            valid = ", ".join(f'"{kind}"' for kind in EVIDENCE_KINDS)
            assert sorted(problems) == [
                (kind_line, f"Value is not accepted. Valid values: {valid}."),
                (kind_line + 1, "Property colour is not allowed."),
                (kind_line + 2, "Property places_visited is not allowed."),
            ]

    run(scenario())
