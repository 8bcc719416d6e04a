"""PDF reports end to end: each demo case annotated through the CLI, the PDF read back with
poppler-utils (text, page count and size, fonts) and rasterised to check that no page is blank
and that every page of a draft, and no page of a signed-out report, carries the watermark."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.errors import OutputError, UsageError
from tests.conftest import SAMPLE_INPUTS
from tests.test_cli import DEMOS

POPPLER = ("pdftotext", "pdftoppm", "pdfinfo", "pdffonts")
_missing = [tool for tool in POPPLER if shutil.which(tool) is None]
needs_poppler = pytest.mark.skipif(
    bool(_missing),
    reason=f"{', '.join(_missing)} not installed (Debian: apt-get install poppler-utils)",
)

# Pages of each demo report with today's template, print.css and knowledgebase. Any of them
# can move these: look at the PDFs, then update the numbers on purpose (like golden JSON).
PAGES = {
    "EIMS1": {"A4": 7, "Letter": 7},
    "LUNG1": {"A4": 5, "Letter": 6},
    "MDM2AMP1": {"A4": 4, "Letter": 4},
}
PAGE_POINTS = {"A4": (595, 842), "Letter": (612, 792)}

# A page with content has over 600 dark pixels at 30 dpi; one with only the running header, the
# page number and the pale draft watermark has about 15.
MIN_DARK_PIXELS = 300
# The DRAFT watermark covers about 2,000 pixels of every page at 30 dpi.
MIN_WATERMARK_PIXELS = 1000


def _annotate(out: Path, sample_id: str, folder: str, *extra: str) -> Path:
    inputs = sorted(str(p) for p in (SAMPLE_INPUTS / folder).iterdir())
    result = CliRunner().invoke(
        main,
        ["annotate", *inputs, "--sample-id", sample_id, "--out", str(out),
         "--format", "json,pdf", *extra],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return out / f"{sample_id}.report.pdf"


def _tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _text(pdf: Path) -> str:
    """pdftotext output with every run of whitespace (line and column breaks) as one space."""
    return " ".join(_tool("pdftotext", "-enc", "UTF-8", str(pdf), "-").split())


def _info(pdf: Path) -> tuple[int, tuple[int, int]]:
    info = _tool("pdfinfo", str(pdf))
    pages = re.search(r"^Pages:\s+(\d+)$", info, re.M)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert pages is not None and size is not None, info
    return int(pages.group(1)), (round(float(size.group(1))), round(float(size.group(2))))


@pytest.fixture(scope="module")
def demo_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """Each demo case annotated once (A4, the default), shared by the tests of this module."""
    out = tmp_path_factory.mktemp("pdf")
    made = {}
    for sample_id, (folder, disease) in DEMOS.items():
        pdf = _annotate(out, sample_id, folder, "--disease", disease)
        report = json.loads((out / f"{sample_id}.report.json").read_text())
        made[sample_id] = (pdf, report)
    return made


@needs_poppler
@pytest.mark.parametrize("sample_id", DEMOS)
def test_pdf_text_carries_the_report(
    demo_pdfs: dict[str, tuple[Path, dict[str, Any]]], sample_id: str
) -> None:
    pdf, report = demo_pdfs[sample_id]
    text = _text(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert f"Sample {sample_id}" in text  # the running header
    for finding in report["findings"]:
        assert finding["label"] in text
        assert f"Tier {finding['tier']}" in text
    assert report["knowledgebase"]["version"] in text
    assert "Sign-out" in text and "Reviewed by" in text
    assert "Page 1 of" in text
    assert "DRAFT" in text  # status is draft until sign-out
    if sample_id == "EIMS1":
        assert "Tier IA" in text


@needs_poppler
@pytest.mark.parametrize("sample_id", DEMOS)
def test_pdf_pages_are_a4_and_counted(
    demo_pdfs: dict[str, tuple[Path, dict[str, Any]]], sample_id: str
) -> None:
    pdf, _ = demo_pdfs[sample_id]
    pages, size = _info(pdf)
    assert size == PAGE_POINTS["A4"]
    assert pages == PAGES[sample_id]["A4"]
    assert f"Page {pages} of {pages}" in _text(pdf)


@needs_poppler
def test_letter_paper(tmp_path: Path) -> None:
    pdf = _annotate(tmp_path, "LUNG1", "lung_imt_tfg_ros1", "--paper", "Letter")
    pages, size = _info(pdf)
    assert size == PAGE_POINTS["Letter"]
    assert pages == PAGES["LUNG1"]["Letter"]


def _page_images(pdf: Path, folder: Path) -> list[Any]:
    """Every page rasterised at 30 dpi by pdftoppm, as RGB Pillow images."""
    from PIL import Image  # a WeasyPrint dependency

    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(folder / "page")], check=True)
    images = []
    for path in sorted(folder.glob("page-*.png")):
        with Image.open(path) as im:
            images.append(im.convert("RGB"))
    return images


def _dark_pixels(image: Any) -> int:
    return sum(image.convert("L").histogram()[:160])


def _watermark_pixels(image: Any) -> int:
    """Pixels of the pale red of the DRAFT watermark (#f4dede: 13 % of #a00000 on white)."""
    data = image.tobytes()
    return sum(
        1
        for i in range(0, len(data), 3)
        if data[i] >= 236 and 200 <= data[i + 1] <= 232 and 200 <= data[i + 2] <= 232
    )


@needs_poppler
@pytest.mark.parametrize("sample_id", DEMOS)
def test_every_page_renders_none_is_blank_and_each_is_watermarked(
    demo_pdfs: dict[str, tuple[Path, dict[str, Any]]], sample_id: str, tmp_path: Path
) -> None:
    pdf, _ = demo_pdfs[sample_id]
    images = _page_images(pdf, tmp_path)
    assert len(images) == PAGES[sample_id]["A4"]
    for n, image in enumerate(images, start=1):
        assert _dark_pixels(image) >= MIN_DARK_PIXELS, f"page {n} looks blank"
        assert _watermark_pixels(image) >= MIN_WATERMARK_PIXELS, f"page {n}: no DRAFT watermark"


@needs_poppler
def test_signed_out_pdf_has_no_draft_marks(tmp_path: Path) -> None:
    _annotate(tmp_path, "MDM2AMP1", "alk_negative_mdm2")
    result = CliRunner().invoke(
        main,
        ["signout", str(tmp_path / "MDM2AMP1.report.json"), "--reviewer", "A. Pathologist",
         "--format", "json,pdf"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    pdf = tmp_path / "MDM2AMP1.final-v1.report.pdf"
    text = _text(pdf)
    assert "DRAFT" not in text and "Sample MDM2AMP1" in text and "A. Pathologist" in text
    images = _page_images(pdf, tmp_path)
    # a few pale red pixels could come from the anti-aliased edges of red text, never 1,000
    assert images and all(_watermark_pixels(image) < 50 for image in images)


@needs_poppler
@pytest.mark.parametrize("sample_id", DEMOS)
def test_every_font_is_embedded(
    demo_pdfs: dict[str, tuple[Path, dict[str, Any]]], sample_id: str
) -> None:
    pdf, _ = demo_pdfs[sample_id]
    lines = _tool("pdffonts", str(pdf)).splitlines()
    # fixed-width columns ("type" may read "CID TrueType"): spans come from the dashed line
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    header = [lines[0][a:b].strip() for a, b in spans]
    fonts = [
        dict(zip(header, (line[a:b].strip() for a, b in spans), strict=True)) for line in lines[2:]
    ]
    assert fonts, "no fonts in the PDF"
    assert {f["emb"] for f in fonts} == {"yes"}, lines
    assert all("DejaVu" in f["name"] for f in fonts), lines


@needs_poppler
def test_sample_id_with_markup_is_literal_text(tmp_path: Path) -> None:
    sample_id = "<script>alert(1)<script>"
    pdf = _annotate(tmp_path, sample_id, "eims_ranbp2_alk")
    assert f"Sample {sample_id}" in _text(pdf)


def test_render_time_is_printed(
    demo_pdfs: dict[str, tuple[Path, dict[str, Any]]], capsys: pytest.CaptureFixture[str]
) -> None:
    from annotator.report.pdf import render_pdf

    _, report = demo_pdfs["EIMS1"]
    start = time.perf_counter()
    pdf = render_pdf(report)
    elapsed = time.perf_counter() - start
    assert pdf.startswith(b"%PDF-")
    with capsys.disabled():
        print(f"\nPDF render of EIMS1 ({len(pdf) // 1024} KiB): {elapsed:.2f} s")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/logo.png", "https://example.org/x.css", "file:///etc/hostname"]
)
def test_pdf_rendering_fetches_nothing(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    from annotator.report import pdf

    monkeypatch.setattr(pdf, "render_html", lambda report: f'<p>x</p><img src="{url}">')
    with pytest.raises(OutputError, match=r"external resource .*fetches nothing"):
        pdf.render_pdf({})


def test_data_urls_are_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.report import pdf

    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4"
        "DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
    )
    monkeypatch.setattr(pdf, "render_html", lambda report: f'<p>x</p><img src="{pixel}">')
    assert pdf.render_pdf({}, paper="Letter").startswith(b"%PDF-")


def test_missing_weasyprint_is_one_line_naming_the_packages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes `import weasyprint` fail
    inputs = sorted(str(p) for p in (SAMPLE_INPUTS / "eims_ranbp2_alk").iterdir())
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["annotate", *inputs, "--sample-id", "EIMS1", "--out", str(out), "--format",
               "json,pdf"],
    )  # fmt: skip
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("imt-annotator: error: PDF output needs WeasyPrint")
    assert "libpango-1.0-0 libpangoft2-1.0-0" in lines[0]
    assert not out.exists() or not any(out.iterdir())  # not even the JSON


def test_unknown_paper_is_a_usage_error() -> None:
    from annotator.report.pdf import render_pdf

    with pytest.raises(UsageError, match="unknown paper size 'A3'"):
        render_pdf({}, paper="A3")  # type: ignore[arg-type]
