"""Where a finding in a markdown field's value stands in the record file: its line and column."""

from __future__ import annotations

import bisect

from .yamlfile import ParsedFile


class Places:
    """Where the characters of a file's markdown fields stand in the file, found front to back.

    A field's value is not its source: block scalars lose their indentation, folded and quoted ones
    their line breaks and escapes. A finding is placed by its token (`<`, `&#`, `[[`...): the n-th
    occurrence of the token in the value, counted from the last placed one, is taken to be the n-th
    in the file from the last place found, within the field's own lines. Each field is read once.
    """

    def __init__(self, parsed: ParsedFile):
        self.parsed = parsed

    def field(self, path, text: str):
        """A function placing `(offset, token)` of this field's value at (line, column) in the file,
        or None (the field's own position is used) where the token cannot be found."""
        parsed = self.parsed
        if not parsed.text or path not in parsed.positions:
            return lambda offset, token: None
        state: dict = {"value": 0, "source": None, "lost": False}  # the field's own place: found when first asked

        def place(offset: int, token: str):
            if not token or state["lost"] or offset < state["value"]:
                return None
            if state["source"] is None:
                own = parsed.positions[path]
                state["source"] = parsed.offset(*own)
                # The field's text ends where the next value of the file starts (offsets grow with line, column).
                following = min((at for at in parsed.positions.values() if at > own), default=None)
                state["limit"] = parsed.offset(*following) if following else len(parsed.text)
            limit = state["limit"]
            skip = text.count(token, state["value"], offset)
            found = state["source"]
            for _ in range(skip + 1):
                found = parsed.text.find(token, found, limit)
                if found < 0:
                    state["lost"] = True  # written with escapes: the rest of the field is placed at its start
                    return None
                found += 1
            found -= 1
            state["value"], state["source"] = offset + 1, found + 1
            line_starts = parsed.line_starts
            line = bisect.bisect_right(line_starts, found)
            return line, found - line_starts[line - 1] + 1

        return place
