"""Benchmark: how long the PDF edition takes, and how big it gets, as the records grow.

Run from the repository root:  .venv/bin/python tests/benchmarks/bench_pdf.py [N ...]
With no N it times the default content. For each N it writes bench_build's synthetic records (one
proposition per 50 evidence records) into a temp folder, then times what `mkdocs build` does for the PDF:
`edition_html` (the template) and `render_pdf` (WeasyPrint), and prints pages and size. Past
pdf.SUMMARIES_UP_TO evidence records the edition lists evidence without summaries.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import synthetic_records  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from publication.load import load_publication  # noqa: E402
from publication.pdf import SUMMARIES_UP_TO, PdfSettings, edition_html, file_size  # noqa: E402
from publication.pdf_render import render_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = PdfSettings("Building Back for the Better", "https://building-back-better.example.org/")


def measure(label: str, folder: Path) -> None:
    catalogue = load_publication(folder).catalogue
    started, cpu = time.perf_counter(), time.process_time()
    html = edition_html(catalogue, SETTINGS)
    templated, templated_cpu = time.perf_counter(), time.process_time()
    pdf = render_pdf(html)
    rendered, rendered_cpu = time.perf_counter(), time.process_time()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"{label:>16}: {len(catalogue.evidence):>5} evidence, template {templated - started:5.2f} s "
        f"({templated_cpu - cpu:.2f} s CPU), WeasyPrint {rendered - templated:6.2f} s "
        f"({rendered_cpu - templated_cpu:.2f} s CPU), {file_size(len(pdf)):>8}, {pages} pages"
        + ("" if len(catalogue.evidence) <= SUMMARIES_UP_TO else " (no summaries)")
    )


def main(counts: list[int]) -> None:
    measure("default content", ROOT)
    for count in counts:
        with tempfile.TemporaryDirectory() as temp:
            folder = Path(temp)
            (folder / "propositions").mkdir()
            (folder / "evidence").mkdir()
            synthetic_records(folder, count)
            measure(f"{count} synthetic", folder)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]])
