"""The record models as JSON Schema, for editors' YAML extension and for the site's downloads."""

from __future__ import annotations

import json
from pathlib import Path

from .registry import RECORD_TYPES

# Draft-07: the dialect VS Code's YAML extension fully supports.
SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"


def schema_text(folder: str) -> str:
    """The JSON Schema of the records kept in `folder` ('propositions' or 'evidence'), as stable text."""
    model = RECORD_TYPES[folder].model
    schema = {"$schema": SCHEMA_DIALECT, **model.model_json_schema(mode="validation")}
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_paths(root: Path) -> dict[str, Path]:
    """Where each record type's schema file is committed: docs/schema/<type>.schema.json."""
    return {folder: root / "docs" / t.schema_file for folder, t in RECORD_TYPES.items()}


def write_schemas(root: Path) -> list[Path]:
    """Write the schema files from the models; return the ones whose content changed."""
    changed = []
    for folder, path in schema_paths(root).items():
        text = schema_text(folder)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
