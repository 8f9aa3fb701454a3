"""What record markdown may hold: refused when records load (`lint`), neutralised when shown (`guard`).

Record text is written by editors and shown on pages, in feeds and in the print edition. Outside code
(see `codespans`), it may not:

- open an HTML element that is not on the sanitiser's allow-list. `<style>`, `<template>`, `<!--`
  left open, `<plaintext>` and their like would swallow everything after them; `guard` shows them as
  text (a comment closed on its line is left for the sanitiser to drop);
- hold a numeric character reference (`&#1;`, `&#xFFFE`) to a character no page or feed can carry;
- choose ids, classes or attributes (`{: #x }`, `<h2 id="x">`): those come from the site's templates;
- link by a relative address (`../about.md`, `#sources`, `/x`, `//host`): the same text is shown on the
  record's page, the Updates and home pages, the print edition and in feeds, where a relative address
  points somewhere else each time. Records are linked with `[[id]]`, everything else by its full address;
- grow past the sizes Python-Markdown handles in good time: it recurses once per level of nested
  lists, emphasis and `<div markdown>`, and rescans the rest of a text for each unclosed `[`.

Both functions read a text once, front to back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .codespans import CodeSpan, escaped, literal_spans
from .problems import shown
from .registry import RECORD_TYPES
from .richtext import ALLOWED_TAGS, TEMPLATE_CLASS_PREFIX, leaves_the_site

MAX_FIELD_CHARS = 10_000  # the longest field of the publication's own records has 1,266
MAX_NESTING = 20  # list and quote levels on one line (Python-Markdown fails past about 400)
MAX_HTML_NESTING = 20  # open HTML elements at once (<div markdown> fails past about 280)
MAX_BRACKET_NESTING = 10  # [ inside [ (each costs a rescan of the text)
MAX_OPEN_BRACKETS = 20  # '[' with no ']', or link addresses '](' with no ')': each rescans the text
MAX_EMPHASIS = 300  # * and _ markers in one field (nested emphasis fails past about 800 levels)
MAX_BLOCK_LINES = 100  # lines with no blank line between: headings among them are each a rescan
MAX_ADDRESS_FINDINGS = 5  # relative link addresses reported one by one in a text; the rest are counted
MAX_DEFINITIONS = 100  # definition lines (': ...') in one block: Python-Markdown recurses per item

_VOID_TAGS = {"br", "hr", "img", "col"}
_REFUSED_ATTRIBUTES = {"id", "name", "data-toc-label"}
_ATTRIBUTE = r"""([A-Za-z_:][-A-Za-z0-9_:.]*)(?:[ \t\n]*=[ \t\n]*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
# A whole, well-formed tag; anything else starting with '<' is text. Each attempt stops at the first
# character a tag cannot hold, so no input makes this backtrack.
_TAG = re.compile(rf"<(/?)([A-Za-z][A-Za-z0-9]*)((?:[ \t\n]+{_ATTRIBUTE.replace('(', '(?:', 1)})*)[ \t\n]*(/?)>")
_ATTRIBUTES = re.compile(rf"[ \t\n]+{_ATTRIBUTE}")  # one attribute after another, values and all
# Python-Markdown's own autolink patterns (markdown.inlinepatterns AUTOLINK_RE, AUTOMAIL_RE).
_AUTOLINK = re.compile(r"<(?:(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*|[^<> !]+@[^@<> ]+)>")
# A comment closed on its own line with no code in it hides only itself, on every page; any other '<!--'
# could hide the rest of a page, and is text.
_CLOSED_COMMENT = re.compile(r"<!--[^`<\n]*?-->")
_REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]*\]:[ \t]*(?=<)", re.MULTILINE)
# HTML reads a numeric reference with or without its ';'. Digits are taken whole (the value is judged by
# length first), so '&#' followed by ten thousand digits costs one pass.
# A link's address: after '](' (inline links and images), after '[label]:' (reference definitions), or an
# href/src attribute of a raw tag. An address with a scheme (https:, mailto:) is absolute.
_INLINE_ADDRESS = re.compile(r"[ \t]*(<[^>\n]*>|[^\s()]*)")
_DEFINITION_ADDRESS = re.compile(r"^[ ]{0,3}\[[^\]\n]*\]:[ \t]*(<[^>\n]*>|\S*)", re.MULTILINE)
_ATTRIBUTE_VALUE = re.compile(
    r"""[ \t\n]+([A-Za-z_:][-A-Za-z0-9_:.]*)(?:[ \t\n]*=[ \t\n]*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
)
_HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
_SPECIAL = re.compile(r"[<\[\]()*_\\]")  # the characters `_Scan` acts on (braces and lines are read elsewhere)
_ESCAPABLE = set("\\`*_{}[]()>#+-.!")  # what a backslash escapes in Python-Markdown
_CONTAINER = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]?")
_DEFINITION = re.compile(r"[ ]{0,3}:[ \t]+")
_HEADER_LINE = re.compile(r"[ ]{0,3}#")
_SETEXT_UNDERLINE = re.compile(r"[ ]{0,3}(?:=+|-+)[ \t]*$")
_ATTRIBUTE_LIST_MESSAGE = (
    "attribute lists like {} are not allowed in record text; ids, classes and "
    "attributes come from the site's templates (write \\{{ to show a brace)"
)


@dataclass(frozen=True)
class Finding:
    """Something a record's text may not hold: at `offset`, where the text reads `token`."""

    offset: int
    token: str
    message: str


def lint(text: str, spans: Sequence[CodeSpan] | None = None) -> list[Finding]:
    """Everything in a markdown field that would break a page or a feed, or act on the reader.

    `spans` are the text's `literal_spans`, when the caller has them already (the check reads the same
    text's [[references]] next); they are worked out here otherwise."""
    if len(text) > MAX_FIELD_CHARS:
        return [
            Finding(
                0,
                "",
                f"the text is {len(text):,} characters long; a markdown field may hold at most "
                f"{MAX_FIELD_CHARS:,} (split it, or shorten it)",
            )
        ]
    scan = _Scan(text, spans)
    findings = [
        *scan.findings,
        *_lines(text),
        *_charrefs(text, scan.spans),
        *_attribute_lists(text, scan.spans, scan.inline_ends),
    ]
    return sorted(
        findings
        + _at_most(sorted([*scan.addresses, *_definition_addresses(text, scan.spans)], key=lambda f: f.offset)),
        key=lambda f: f.offset,
    )


def _at_most(findings: list[Finding], limit: int = MAX_ADDRESS_FINDINGS) -> list[Finding]:
    """The first `limit` findings, then one that counts the rest: a text full of them needs one fix."""
    if len(findings) <= limit:
        return findings
    rest = findings[limit]
    return findings[:limit] + [
        Finding(
            rest.offset,
            rest.token,
            f"and {len(findings) - limit} more relative link addresses in this text; link records with [[id]]",
        )
    ]


def guard(text: str) -> str:
    """`text` with everything `lint` refuses shown as text instead, ready for Python-Markdown.

    A '<' that does not open an allowed tag (or close one, or start an autolink or a one-line comment)
    becomes '&lt;', so `<style>` or `<!--` never swallows what follows; a bad character reference loses its '&';
    an attribute list's '{' is escaped. Code is left as written: it is already shown literally.

    The text's HTML is balanced within the text: a closing tag that closes nothing the text opened is shown
    as text, and an element the text leaves open (`<a href=...>click`, `<details>`) is closed at its end, so
    no field can wrap the page's own headings and sections in a link, a table or a closed disclosure.
    """
    scan = _Scan(text)
    edits = dict(scan.edits)
    for finding in _charrefs(text, scan.spans):
        edits[finding.offset] = "&amp;"
    for finding in _attribute_lists(text, scan.spans, scan.inline_ends):
        edits[finding.offset] = "\\{"
    closers = "".join(f"</{name}>" for name in reversed(scan.open_elements))
    if not edits:
        return text + closers
    out, last = [], 0
    for offset in sorted(edits):
        out += [text[last:offset], edits[offset]]
        last = offset + 1
    out.append(text[last:])
    return "".join(out) + closers


class _Scan:
    """One pass over the prose of a text: tags, brackets, emphasis markers and escapes."""

    def __init__(self, text: str, spans: Sequence[CodeSpan] | None = None):
        self.text = text
        self.spans = literal_spans(text) if spans is None else spans
        self.findings: list[Finding] = []
        self.addresses: list[Finding] = []  # relative link addresses
        self.edits: dict[int, str] = {}  # offset -> what the character there becomes in `guard`
        self.inline_ends: set[int] = set()  # offsets just after an inline element (tag, autolink)
        self._run()

    def _run(self) -> None:
        text = self.text
        definitions = {m.end() for m in _REFERENCE_DEFINITION.finditer(text)} if "]:" in text else set()
        open_elements: list[str] = []
        brackets: list[int] = []
        parens: list[tuple[int, bool]] = []  # offset, and whether it opens a link address: '](' + '('
        unclosed: list[int] = []  # the '[' and '](' that never close, found as they are given up
        emphasis = 0
        nesting_reported = False
        spans, at, position = self.spans, 0, 0
        while True:
            match = _SPECIAL.search(text, position)
            if match is None:
                break
            i = match.start()
            while at < len(spans) and spans[at].end <= i:
                at += 1
            if at < len(spans) and spans[at].start <= i:  # code: skip it whole
                position = spans[at].end
                continue
            char = text[i]
            position = i + 1
            if char == "\\":
                if i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
                    position = i + 2
            elif char == "<":
                position = self._angle(i, i in definitions, open_elements)
                if len(open_elements) > MAX_HTML_NESTING and not nesting_reported:
                    nesting_reported = True
                    self.findings.append(
                        Finding(
                            i,
                            "<",
                            f"HTML elements are nested more than {MAX_HTML_NESTING} "
                            "deep here; record text needs only a few levels",
                        )
                    )
            elif char == "[":
                brackets.append(i)
                if len(brackets) == MAX_BRACKET_NESTING + 1:
                    self.findings.append(
                        Finding(
                            i,
                            "[",
                            f"brackets are nested more than {MAX_BRACKET_NESTING} "
                            "deep here; write \\[ for a bracket shown as text",
                        )
                    )
            elif char == "]":
                if brackets:
                    brackets.pop()
                    if text.startswith("(", i + 1):
                        parens.append((i + 1, True))
                        position = i + 2
                        address = _INLINE_ADDRESS.match(text, position)
                        self._address(address.start(1), address.group(1))
            elif char == "(":
                parens.append((i, False))
            elif char == ")":
                if parens:
                    parens.pop()
            elif char == "*" or char == "_":
                position, count = self._emphasis(i)
                emphasis += count
                if emphasis > MAX_EMPHASIS and emphasis - count <= MAX_EMPHASIS:
                    self.findings.append(
                        Finding(
                            i,
                            char,
                            f"the text has more than {MAX_EMPHASIS} emphasis markers "
                            "(* and _); write \\* or \\_ for one shown as text",
                        )
                    )
        self.open_elements = tuple(open_elements)  # left open at the end: `guard` closes them
        unclosed = sorted([*brackets, *(offset for offset, address in parens if address)])
        if len(unclosed) > MAX_OPEN_BRACKETS:
            first = unclosed[MAX_OPEN_BRACKETS]
            self.findings.append(
                Finding(
                    first,
                    text[first],
                    f"{len(unclosed)} '[' or '](' are never closed; at "
                    f"most {MAX_OPEN_BRACKETS} may be left open (write "
                    "\\[ for a bracket shown as text)",
                )
            )

    def _angle(self, i: int, link_address: bool, open_elements: list[str]) -> int:
        """Handle a '<' at `i`; return where scanning goes on."""
        text = self.text
        if link_address or self._after_link_opening(i):
            return i + 1
        autolink = _AUTOLINK.match(text, i)
        if autolink:
            self.inline_ends.add(autolink.end())
            return autolink.end()
        comment = _CLOSED_COMMENT.match(text, i)
        if comment:  # a note to other editors: the sanitiser drops it
            return comment.end()
        tag = _TAG.match(text, i)
        if tag is None or tag.group(2).lower() not in ALLOWED_TAGS:
            self.edits[i] = "&lt;"
            return i + 1
        closing, name, attributes, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3), tag.group(4)
        refused = [m.group(1) for m in _ATTRIBUTES.finditer(attributes) if m.group(1).lower() in _REFUSED_ATTRIBUTES]
        for attribute in _ATTRIBUTE_VALUE.finditer(attributes):
            if attribute.group(1).lower() in ("href", "src") and attribute.group(2):
                quoted = attribute.group(2)[:1] in "\"'"
                self._address(tag.start(3) + attribute.start(2) + quoted, attribute.group(2).strip("\"'"))
            elif attribute.group(1).lower() == "class" and not closing:
                self._template_class(tag.start(3) + attribute.start(1), (attribute.group(2) or "").strip("\"'"))
        if refused and not closing:  # refused when records load; on a page the sanitiser has the last word
            self.findings.append(
                Finding(
                    i,
                    "<",
                    f"the HTML attribute {shown(refused[0])} is not allowed in record "
                    "text; ids, names and labels come from the site's templates",
                )
            )
        if "[[" in attributes and not closing:
            self.findings.append(
                Finding(
                    i,
                    "<",
                    "a [[reference]] inside an HTML tag is not a link there and breaks the tag; put it outside the tag",
                )
            )
        if closing:
            if name not in open_elements:  # it would close one of the page's own elements: shown as text
                self.edits[i] = "&lt;"
                return tag.end()
            del open_elements[len(open_elements) - 1 - open_elements[::-1].index(name) :]
        elif name not in _VOID_TAGS and not self_closing and len(open_elements) <= MAX_HTML_NESTING:
            open_elements.append(name)  # past the limit (reported once) the stack stops growing
        self.inline_ends.add(tag.end())
        return tag.end()

    def _template_class(self, offset: int, value: str) -> None:
        """A `class` naming one of the site templates' own classes (the fact box, the map, the strength badge) is
        refused, and on a page the attribute is renamed to a data- attribute, which the sanitiser drops."""
        reserved = [c for c in value.split() if c.lower().startswith(TEMPLATE_CLASS_PREFIX)]
        if not reserved:
            return
        self.findings.append(
            Finding(
                offset,
                self.text[offset],
                f"the class {shown(reserved[0])} belongs to the site's page templates (classes starting "
                f"{TEMPLATE_CLASS_PREFIX!r} mark the fact box, the evidence map and the evidence-strength badge); "
                "record text may not use it",
            )
        )
        self.edits[offset] = "data-template-" + self.text[offset]

    def _address(self, offset: int, address: str) -> None:
        """Refuse a link address that is relative (see `relative_address_problem`)."""
        problem = relative_address_problem(address)
        if problem:
            self.addresses.append(Finding(offset, address[:1], problem))

    def _after_link_opening(self, i: int) -> bool:
        """Whether the '<' at `i` opens a link address: [text](<address>)."""
        j = i - 1
        while j >= 0 and self.text[j] in " \t":
            j -= 1
        return j >= 1 and self.text[j] == "(" and self.text[j - 1] == "]"

    def _emphasis(self, i: int) -> tuple[int, int]:
        """The end of the run of '*' or '_' at `i`, and how many emphasis markers it counts for."""
        text, char = self.text, self.text[i]
        end = i
        while end < len(text) and text[end] == char:
            end += 1
        if char == "*":
            if end - i == 1 and text[end : end + 1] in (" ", "\t"):
                j = i - 1
                while j >= 0 and text[j] in " >":
                    j -= 1
                if j < 0 or text[j] == "\n":
                    return end, 0  # a list bullet
            return end, end - i
        # '_' only opens or closes emphasis in runs of one to three, and not inside a word (snake_case)
        before, after = text[i - 1 : i], text[end : end + 1]
        if end - i > 3 or (before.isalnum() and after.isalnum()):
            return end, 0
        return end, end - i


def _lines(text: str) -> Iterator[Finding]:
    """Bounds that are read line by line: nesting depth, and the size of blocks and definition lists."""
    block_lines = definitions = 0
    offset = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if not line.strip():
            block_lines = definitions = 0
            continue
        block_lines += 1
        if block_lines == MAX_BLOCK_LINES + 1:
            yield Finding(
                start,
                line.lstrip()[:1],
                f"more than {MAX_BLOCK_LINES} lines follow one another with "
                "no blank line; separate paragraphs, lists and tables with "
                "blank lines",
            )
        if _DEFINITION.match(line):
            definitions += 1
            if definitions == MAX_DEFINITIONS + 1:
                yield Finding(
                    start,
                    ":",
                    f"more than {MAX_DEFINITIONS} definitions (': ...' lines) in one list; "
                    "separate them with blank lines",
                )
        indent = len(line) - len(line.lstrip(" \t"))
        depth, position = len(line[:indent].expandtabs(4)) // 4, indent
        while (marker := _CONTAINER.match(line, position)) is not None:
            depth += 1
            position = marker.end()
            while position < len(line) and line[position] in " \t":
                position += 1
        if depth > MAX_NESTING and position > indent:
            yield Finding(
                start + indent,
                line[indent],
                f"lists and quotes are nested {depth} levels deep here; at most {MAX_NESTING} are allowed",
            )


def relative_address_problem(address: str) -> str | None:
    """Why a link address written in record text cannot be used, or None if it can: it must be a full
    address with a scheme (`https://...`, `mailto:...`). A record is linked with `[[id]]`."""
    inner = address[1:-1] if address.startswith("<") and address.endswith(">") else address
    if not inner or _HAS_SCHEME.match(inner):
        return None
    if leaves_the_site(inner):  # `//host`, `/\host`: a browser reads another host into it
        return (
            f"the link address {shown(inner)} names another site without saying how to reach it; "
            "write its full address, like https://example.org/page"
        )
    folder, _, name = inner.split("#", 1)[0].rpartition("/")
    page_folders = {t.page_folder for t in RECORD_TYPES.values()}
    in_records = folder.rsplit("/", 1)[-1] in page_folders and name.endswith(".md") and name != "index.md"
    hint = f" ([[{name[:-3]}]] for that record)" if in_records else ""
    return (
        f"the link address {shown(inner)} is relative, but this text also shows on other pages and in "
        f"feeds, where it would lead elsewhere; link a record with [[its-id]] or [[its-id|link text]]{hint}, "
        "anything else by its full address, like https://example.org/page"
    )


def _definition_addresses(text: str, spans: list[CodeSpan]) -> Iterator[Finding]:
    """Reference definitions (`[label]: address`) whose address is relative."""
    if "]:" not in text:  # what every definition holds: most record text has none
        return
    matches = {m.start(1): m for m in _DEFINITION_ADDRESS.finditer(text)}
    for offset in _outside(spans, iter(sorted(matches))):
        problem = relative_address_problem(matches[offset].group(1))
        if problem:
            yield Finding(offset, text[offset : offset + 1], problem)


def _outside(spans: list[CodeSpan], offsets: Iterator[int]) -> Iterator[int]:
    """The offsets (in increasing order) that are not inside any of `spans`."""
    at = 0
    for offset in offsets:
        while at < len(spans) and spans[at].end <= offset:
            at += 1
        if not (at < len(spans) and spans[at].start <= offset):
            yield offset


def _charrefs(text: str, spans: list[CodeSpan]) -> Iterator[Finding]:
    """Numeric character references to characters that no page or feed may carry."""
    matches = {m.start(): m for m in _CHARREF.finditer(text)}
    for offset in _outside(spans, iter(matches)):
        match = matches[offset]
        digits, base = (match.group(1), 16) if match.group(1) else (match.group(2), 10)
        digits = digits.lstrip("0") or "0"
        value = int(digits, base) if len(digits) <= 8 else None  # int() of huge digit strings is slow
        why = _unpublishable(value)
        if why:
            yield Finding(
                offset,
                "&#",
                f"the character reference {shown(match.group())} stands for {why}, which "
                "cannot be published; delete it",
            )


def _unpublishable(value: int | None) -> str | None:
    """Why the character `value` cannot be published, or None if it can."""
    if value is None or value > 0x10FFFF:
        return "no character (the number is beyond Unicode)"
    name = f"U+{value:04X}"
    if value == 0 or (value < 0x20 and value not in (0x09, 0x0A, 0x0D)) or 0x7F <= value <= 0x9F:
        return f"the control character {name}"
    if 0xD800 <= value <= 0xDFFF:
        return f"{name}, half of a UTF-16 pair and no character on its own"
    if 0xFDD0 <= value <= 0xFDEF or value & 0xFFFE == 0xFFFE:
        return f"{name}, a noncharacter"
    if 0x202A <= value <= 0x202E or 0x2066 <= value <= 0x2069:
        return f"{name}, an invisible control that reverses or reorders the text around it"
    return None


def _attribute_lists(text: str, spans: list[CodeSpan], inline_ends: set[int]) -> Iterator[Finding]:
    """Braces that Python-Markdown's attr_list would read as attributes, on any page the text is shown on.

    attr_list reads `{...}` (from '{' to the last '}' on the line) right after an inline element, on a
    line of its own at the end of a block, and at the end of a heading, term or table cell after a space.
    """
    if "{" not in text:  # most record text: no brace, nothing to find
        return
    lines = text.split("\n")
    line_starts, offset = [], 0
    for line in lines:
        line_starts.append(offset)
        offset += len(line) + 1
    facts: dict[int, tuple[int, int, bool]] = {}  # per line, worked out once: last '}', where prose starts, kind
    braces = (m.start() for m in re.finditer(r"\{", text))
    number = 0
    for offset in _outside(spans, braces):
        while number + 1 < len(line_starts) and line_starts[number + 1] <= offset:
            number += 1
        line, column = lines[number], offset - line_starts[number]
        if escaped(text, offset):
            continue
        if number not in facts:
            following = lines[number + 1] if number + 1 < len(lines) else ""
            facts[number] = (
                line.rfind("}"),
                _prose_start(line),
                bool(_SETEXT_UNDERLINE.match(following) or _DEFINITION.match(following)),
            )
        close, prose_start, term = facts[number]
        j = column + 1
        if line.startswith(":", j):
            j += 1
        while line.startswith(" ", j):
            j += 1
        if j >= len(line) or line[j] in "} " or close <= j:
            continue
        at_end = line[close + 1 :].strip(" ") == ""
        previous = line[column - 1] if column else ""
        inline = (
            offset in inline_ends
            or (previous != "" and previous in "*_`])>")
            or offset == 0
            or (column <= prose_start and number > 0 and lines[number - 1].endswith("  "))
        )
        own_line = at_end and column <= prose_start
        spaced_end = previous == " " and (
            (_HEADER_LINE.match(line) and line[close + 1 :].strip(" #") == "") or (at_end and term) or "|" in line
        )
        if inline or own_line or spaced_end:
            yield Finding(offset, "{", _ATTRIBUTE_LIST_MESSAGE.format(shown(line[column : line.index("}", j) + 1])))


def _prose_start(line: str) -> int:
    """Where a line's text starts, after its indentation and any list or quote markers."""
    position = len(line) - len(line.lstrip(" \t"))
    while (marker := _CONTAINER.match(line, position)) is not None:
        position = marker.end()
        while position < len(line) and line[position] in " \t":
            position += 1
    return position
