"""Jinja templates compiled once per process, for every environment that loads them again.

Each build (and each `mkdocs serve` rebuild) makes new Jinja environments: MkDocs the theme's, the core
the pages' (templating.py). A new environment compiles every template it loads again, about a quarter
of a second per preview rebuild for Material's and the core's. `COMPILED` is a Jinja bytecode cache
(Jinja's own extension point) kept in memory: Jinja keys each template on its name and file and checks
the source's checksum on load, so a template edited under `mkdocs serve` is compiled again; the key
here also holds the environment's settings that change the compiled code.
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket


class CompiledTemplates(jinja2.BytecodeCache):
    """A bytecode cache in this process's memory."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        """Jinja's bucket for a template, keyed on the environment's settings too."""
        key = self.get_cache_key(f"{_settings(environment, name)}\0{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self._kept.get(bucket.key)
        if kept is not None:
            bucket.bytecode_from_string(kept)  # Jinja drops it if the source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._kept[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._kept.clear()


def _settings(env: jinja2.Environment, name: str) -> str:
    """What an environment's compiled code depends on besides the template's source."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    finalize = getattr(env.finalize, "jinja_pass_arg", None) if env.finalize is not None else "none"
    return repr(
        (
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            sorted(env.extensions),
            env.optimized,
            env.is_async,
            bool(autoescape),
            str(finalize),
        )
    )


COMPILED = CompiledTemplates()
