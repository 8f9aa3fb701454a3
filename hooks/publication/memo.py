"""Results kept from one preview rebuild to the next: the pure steps of a build, remembered by value.

Under `mkdocs serve` every saved file rebuilds the whole publication, though an edit to one record changes
the input of a few steps only. A function marked `@remembered` is a pure function of arguments compared by
value (strings, numbers, frozen dataclasses); once `keep_between_builds()` is called (the hooks do it
under `mkdocs serve`, nothing else does), it answers arguments it has seen from what it answered then.
An answer not asked for during a whole build is forgotten at the next (`next_build`), so what is kept
never outgrows two builds' worth. In a `mkdocs build`, `publication check` or any other command the
functions run as they are, keeping nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

Result = TypeVar("Result")

_active = False
_memories: list[_Memory] = []


class _Memory:
    """One function's answers: those of this build and those of the build before."""

    def __init__(self) -> None:
        self.current: dict = {}
        self.previous: dict = {}

    def answer(self, key, compute: Callable[[], Result]) -> Result:
        if key in self.current:
            return self.current[key]
        value = self.previous.pop(key) if key in self.previous else compute()
        self.current[key] = value
        return value

    def next_build(self) -> None:
        self.previous, self.current = self.current, {}


def keep_between_builds() -> None:
    """From now on (for the rest of the process), remembered functions keep their answers."""
    global _active
    _active = True


def stop_keeping() -> None:
    """Back to computing every answer (the preview has ended), and forget every answer kept."""
    global _active
    _active = False
    for memory in _memories:
        memory.current, memory.previous = {}, {}


def next_build() -> None:
    """A new build starts: forget every answer the last whole build did not ask for."""
    for memory in _memories:
        memory.next_build()


def remembered(function: Callable[..., Result] | None = None, *, key: Callable[..., object] | None = None):
    """`function`, answering from memory while `keep_between_builds` is on. Its arguments (or what `key`
    makes of them) must be hashable values that say everything the answer depends on; a call that gives
    no hashable key is simply computed. Use as `@remembered` or `@remembered(key=...)`."""

    def decorate(function: Callable[..., Result]) -> Callable[..., Result]:
        memory = _Memory()
        _memories.append(memory)

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if not _active:
                return function(*args, **kwargs)
            found = key(*args, **kwargs) if key else (args, tuple(kwargs.items()))
            try:
                hash(found)
            except TypeError:  # an unhashable argument: nothing to remember it by
                return function(*args, **kwargs)
            return memory.answer(found, lambda: function(*args, **kwargs))

        return wrapper

    return decorate(function) if function is not None else decorate
