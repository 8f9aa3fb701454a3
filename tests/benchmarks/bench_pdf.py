"""Benchmark: how long the PDF edition takes, and how big it gets, as the records grow.

Run from the repository root:  .venv/bin/python tests/benchmarks/bench_pdf.py [N ...]
With no N it times the default content. For each N it writes bench_build's clones of the default
evidence (`clone_records`: N evidence records beside the six default propositions) into a temp folder, then
times what `mkdocs build` does for the PDF: `edition_html` (the template) and `render_pdf` (WeasyPrint),
and prints pages and size. Past `print_evidence_up_to` evidence records (default 150) the edition counts
each proposition's evidence instead of printing every record.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import clone_records  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from publication.load import load_publication  # noqa: E402
from publication.pdf import PdfSettings, edition_html, file_size  # noqa: E402
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
        + ("" if len(catalogue.evidence) <= SETTINGS.print_evidence_up_to else " (counted)")
    )


def main(counts: list[int]) -> None:
    measure("default content", ROOT)
    for count in counts:
        with tempfile.TemporaryDirectory() as temp:
            folder = Path(temp)
            clone_records(folder, count, ROOT)
            measure(f"{count} records", folder)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]])
