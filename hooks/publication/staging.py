"""Publishing with an engine that runs no hooks: a staged docs tree before it, the site files after it.

`publication stage OUT` writes, from the records and the project:

    OUT/mkdocs.yml    the project's config without `hooks:` or `watch:`, pointing at the folders below,
                      with `publication.safe_pages` among its markdown extensions and the generated pages
                      that are not in the nav listed under `not_in_nav`
    OUT/docs/         docs/ as written, every generated page as a markdown file, and the home page with
                      its generated sections
    OUT/overrides/    the theme's custom_dir, without the page templates (they are read at staging)

An engine that reads mkdocs.yml (MkDocs, ProperDocs, Zensical) builds OUT into OUT/site; then
`publication postbuild OUT/site` writes the files that are not pages (feeds, downloads, citation files, the PDF,
redirects) and the search index.
The pages and files come from the same `Production` the MkDocs hooks use, so each road gives the same site.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from .mkdocs_bridge import page_dest, page_url
from .production import LAST_GZIP_DATE, Production
from .registry import RECORD_TYPES
from .safe_pages import with_safe_pages
from .stagemark import PROJECT_LINE as _PROJECT_LINE
from .stagemark import STAGE_MARK, staged_from  # noqa: F401  (staged_from: still importable from here)
from .templating import OVERRIDES_FOLDER

STAGED_CONFIG = "mkdocs.yml"
STAGED_DOCS = "docs"
STAGED_OVERRIDES = "overrides"
STAGED_SITE = "site"
# What MkDocs uses when a config names no markdown extensions; written out, so that an engine with
# other defaults (Zensical's) renders the pages as MkDocs would.
DEFAULT_EXTENSIONS = ["toc", "tables", "fenced_code"]


class StagingError(ValueError):
    """The staged tree or the site cannot be written where asked; the message says why and what to do."""


def check_destination(out: Path, root: Path, protected: list[Path]) -> None:
    """Refuse to stage over the project or into any folder the build reads (records, docs, overrides)."""
    out, root = out.resolve(), root.resolve()
    if out == root or root.is_relative_to(out):
        raise StagingError(f"{out}: this folder holds the project; stage into a folder of its own, e.g. ../staged")
    for folder in protected:
        if out.is_relative_to(folder.resolve()):
            raise StagingError(
                f"{out}: inside {folder.name}/, which the build reads; stage into a folder of its own, e.g. ../staged"
            )
    if out.exists() and not out.is_dir():
        raise StagingError(f"{out}: is a file, not a folder; give a folder to stage into")
    if out.is_dir() and any(out.iterdir()) and not (out / STAGE_MARK).is_file():
        raise StagingError(
            f"{out}: this folder is not empty and was not staged by `publication stage`; "
            "give an empty or new folder (nothing in it was changed)"
        )


def staged_config(raw: dict[str, Any], production: Production, has_overrides: bool) -> dict[str, Any]:
    """The engine config of the staged tree: the project's own, less hooks, pointing at the staged folders."""
    config = {key: value for key, value in raw.items() if key not in ("hooks", "watch", "docs_dir", "site_dir")}
    config["docs_dir"] = STAGED_DOCS
    config["site_dir"] = STAGED_SITE
    theme = raw.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme.pop("custom_dir", None)
    if has_overrides:
        theme["custom_dir"] = STAGED_OVERRIDES
    config["theme"] = theme
    config["markdown_extensions"] = with_safe_pages(list(raw.get("markdown_extensions") or DEFAULT_EXTENSIONS))
    hidden = [f"/{page.src_uri}" for page in production.pages if not page.in_nav]
    config["not_in_nav"] = "\n".join(filter(None, [str(raw.get("not_in_nav") or "").strip(), *hidden])) + "\n"
    return config


def stage(
    out: Path, root: Path, raw_config: dict[str, Any], docs_dir: Path, custom_dir: Path | None, production: Production
) -> list[Path]:
    """Write the staged tree into `out` (see the module's docstring); return the generated files written.

    `raw_config` is mkdocs.yml as YAML reads it; `docs_dir` and `custom_dir` are the project's folders.
    """
    protected = [root / folder for folder in RECORD_TYPES] + [docs_dir, root / "hooks"]
    if custom_dir:
        protected.append(custom_dir)
    check_destination(out, root, protected)
    generated: dict[str, str | bytes] = {page.src_uri: page.content for page in production.pages}
    # The site files too: an engine rewrites and checks a page's links only to files it knows of.
    generated.update(production.site_files())
    clashes = sorted(uri for uri in generated if (docs_dir / uri).exists())
    if clashes:
        raise StagingError(
            f"docs/{clashes[0]}: this hand-written file has the path of a generated page; "
            f"rename or remove it ({len(clashes)} clash(es): {', '.join(clashes)})"
        )
    if out.is_dir():
        shutil.rmtree(out)
    shutil.copytree(docs_dir, out / STAGED_DOCS)
    home = docs_dir / "index.md"
    generated["index.md"] = production.home_page(home.read_text(encoding="utf-8") if home.is_file() else "")
    written = []
    for uri, content in sorted(generated.items()):
        target = out / STAGED_DOCS / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(target)
    if custom_dir and custom_dir.is_dir():
        shutil.copytree(custom_dir, out / STAGED_OVERRIDES, ignore=_page_templates(custom_dir))
    config = staged_config(raw_config, production, has_overrides=bool(custom_dir and custom_dir.is_dir()))
    try:
        text = yaml.dump(config, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True, width=100)
    except yaml.representer.RepresenterError as exc:
        raise StagingError(
            f"mkdocs.yml: holds a value the staged config cannot carry ({type(exc.args[1]).__name__}, "
            "from a !tag); write it as plain YAML"
        ) from None
    header = "# Staged by `publication stage` from the project's mkdocs.yml: build it, do not edit it.\n"
    (out / STAGED_CONFIG).write_text(header + text, encoding="utf-8")
    (out / STAGE_MARK).write_text(
        "This folder was written by `publication stage`; it is replaced on the next run.\n"
        f"{_PROJECT_LINE}{root.resolve()}\n",
        encoding="utf-8",
    )
    return written


class _ConfigDumper(yaml.SafeDumper):
    """Plain YAML, with text of several lines (`not_in_nav`) as a block a person can read."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_ConfigDumper.add_representer(str, _text)


def _page_templates(custom_dir: Path):
    """A copytree filter leaving out the publisher's page templates (`<custom_dir>/publication/`)."""

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [OVERRIDES_FOLDER] if Path(folder) == custom_dir and OVERRIDES_FOLDER in names else []

    return ignore


def postbuild(site: Path, production: Production, docs_pages: list[str]) -> list[str]:
    """Finish a site an engine built from a staged tree; return the paths of the files written.

    Every page the records and `docs_pages` (the hand-written pages' source paths) make must be there: a
    missing one fails loudly, naming it, rather than publishing a site with holes. Then the site files are
    written as the core made them, and the sitemap is dated from the records (an engine dates it with the
    build day).
    """
    if not (site / "index.html").is_file():
        raise StagingError(f"{site}: holds no index.html; build the staged tree first, then give its site folder")
    directory_urls = production.options.use_directory_urls
    sources = sorted({*docs_pages, *(page.src_uri for page in production.pages)})
    missing = [uri for uri in sources if not (site / page_dest(uri, directory_urls)).is_file()]
    if missing:
        raise StagingError(
            f"{site}: {len(missing)} page(s) the records make are not in the built site, e.g. "
            f"{page_dest(missing[0], directory_urls)} (from {missing[0]}); the engine left them out: "
            "was it given the staged mkdocs.yml?"
        )
    files = production.site_files()
    for name, content in files.items():
        target = site / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    dated = date_sitemap(site, production, sources)
    return sorted([*files, *dated])


_SITEMAP_ENTRY = re.compile(r"(<loc>)([^<]*)(</loc>\s*<lastmod>)([^<]*)(</lastmod>)")


def date_sitemap(site: Path, production: Production, sources: list[str]) -> list[str]:
    """Date each page of the site's sitemap.xml from the records, as the hook build does; rewrite its
    sitemap.xml.gz to match, stamped with the newest record date. Returns the files rewritten."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file() or production.newest_date is None:
        return []
    base = (production.options.site_url or "").rstrip("/") + "/"
    dates = {base + page_url(uri, production.options.use_directory_urls): production.page_date(uri) for uri in sources}

    def dated(entry: re.Match) -> str:
        date = dates.get(html.unescape(entry.group(2)), production.page_date(""))
        return f"{entry.group(1)}{entry.group(2)}{entry.group(3)}{date.isoformat()}{entry.group(5)}"

    text = _SITEMAP_ENTRY.sub(dated, sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    newest = min(production.newest_date, LAST_GZIP_DATE)
    stamp = dt.datetime.combine(newest, dt.time(), dt.UTC).timestamp()
    with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=stamp) as packed:
        packed.write(text.encode("utf-8"))
    return ["sitemap.xml", "sitemap.xml.gz"]
