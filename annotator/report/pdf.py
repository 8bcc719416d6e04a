"""PDF report: the HTML report laid out on paper by WeasyPrint with ``templates/print.css``.

One template serves screen and paper, so the PDF cannot drift from the HTML: ``render_pdf``
takes ``render_html``'s output as it is and adds the print stylesheet (page box and margins,
running header with the sample id and DRAFT, "Page N of M", draft watermark, pagination rules)
and the paper size. WeasyPrint, and the Pango libraries under it, are imported only when a PDF
is asked for, so every other format works on a machine without them.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any, Literal

from annotator.errors import OutputError, UsageError
from annotator.report.render import render_html
from annotator.resources import bundled_dir

Paper = Literal["A4", "Letter"]

# CSS `size` keyword for each paper the CLI offers (A4 210x297 mm; US Letter 8.5x11 in).
PAPER_SIZES: dict[str, str] = {"A4": "A4", "Letter": "letter"}

# What a Debian/Ubuntu machine needs besides `pip install weasyprint` (wheels): Pango and its
# FreeType backend, HarfBuzz subsetting (font embedding), and the DejaVu fonts print.css names.
SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"


def render_pdf(report: dict[str, Any], paper: Paper = "A4") -> bytes:
    """The report as PDF bytes on A4 or US Letter paper.

    Nothing is fetched: the HTML is self-contained, and the URL fetcher accepts ``data:`` URLs
    only, failing the render (rather than silently leaving something out) on any other.
    """
    if paper not in PAPER_SIZES:
        raise UsageError(f"unknown paper size {paper!r}; expected one of {', '.join(PAPER_SIZES)}")
    weasyprint = _import_weasyprint()
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    print_css = (bundled_dir("templates") / "print.css").read_text("utf-8")
    stylesheets = [
        weasyprint.CSS(string=print_css, url_fetcher=fetcher),
        weasyprint.CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }}", url_fetcher=fetcher),
    ]
    document = weasyprint.HTML(string=render_html(report), url_fetcher=fetcher)
    try:
        pdf: bytes = document.write_pdf(stylesheets=stylesheets)
    except weasyprint.urls.FatalURLFetchingError as e:  # a BaseException, not an Exception
        raise OutputError(
            f"PDF: the report refers to an external resource ({e.__cause__ or e}); "
            "PDF rendering fetches nothing"
        ) from e
    except Exception as e:
        raise OutputError(f"PDF rendering failed: {type(e).__name__}: {e}") from e
    return pdf


def _import_weasyprint() -> Any:
    """Import WeasyPrint, or explain in one line what to install when it or Pango is missing."""
    try:
        # On a missing system library WeasyPrint prints a multi-line hint to stdout before it
        # raises; the error below says what to do instead, on one line of stderr.
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except (ImportError, OSError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise OutputError(
            f"PDF output needs WeasyPrint and the Pango libraries ({reason}): "
            f"pip install weasyprint; on Debian/Ubuntu apt-get install {SYSTEM_PACKAGES}"
        ) from e
    return weasyprint
