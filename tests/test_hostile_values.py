"""Values from inputs are data, never markup: a hostile VCF annotation shows as text."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from tests.conftest import SAMPLE_INPUTS

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def _hostile_vcf(tmp_path: Path) -> Path:
    source = SAMPLE_INPUTS / "alk_negative_mdm2" / "somatic.vep.vcf"
    text = source.read_text()
    # VEP writes ';' and '=' URL-escaped inside CSQ, so the hostile text is escaped the same way.
    escaped = HOSTILE.replace("=", "%3D").replace(";", "%3B")
    assert "ENST00000263967.4:c.3140A>G|" in text
    path = tmp_path / "hostile.vep.vcf"
    path.write_text(text.replace("ENST00000263967.4:c.3140A>G|", f"{escaped}|", 1))
    return path


def test_hostile_csq_value_is_text_in_html_and_json(tmp_path: Path) -> None:
    vcf = _hostile_vcf(tmp_path)
    result = CliRunner().invoke(
        main, ["annotate", str(vcf), "--sample-id", "S1", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads((tmp_path / "o" / "S1.report.json").read_text())
    pik3ca = next(f for f in report["findings"] if f["label"] == "PIK3CA p.H1047R")
    assert pik3ca["details"]["hgvsc"] == HOSTILE
    html = (tmp_path / "o" / "S1.report.html").read_text()
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) absent")
def test_hostile_csq_and_meta_values_are_text_in_pdf(tmp_path: Path) -> None:
    vcf = _hostile_vcf(tmp_path)
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"patient_name": "<script>alert(3)</script>"}))
    result = CliRunner().invoke(
        main,
        ["annotate", str(vcf), "--sample-id", "S1", "--out", str(tmp_path / "o"),
         "--format", "pdf", "--meta", str(meta)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "o" / "S1.report.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    flat = "".join(text.split())  # table cells wrap long values across lines
    assert "onerror=alert(1)>" in flat
    assert "<script>alert(3)</script>" in flat
