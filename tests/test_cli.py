"""The command line end to end: demo cases, report contract, bad input, escaping."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.report.schema import report_schema
from tests.conftest import SAMPLE_INPUTS, shared_samples

DEMOS = {
    "EIMS1": ("eims_ranbp2_alk", "EIMS"),
    "LUNG1": ("lung_imt_tfg_ros1", "IMT"),
    "MDM2AMP1": ("alk_negative_mdm2", "IMT"),
}


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _annotate(tmp_path: Path, sample_id: str, folder: str, *extra: str) -> dict[str, Any]:
    inputs = sorted(str(p) for p in (SAMPLE_INPUTS / folder).iterdir())
    code, _, err = _run(
        "annotate", *inputs, "--sample-id", sample_id, "--out", str(tmp_path), *extra
    )
    assert code == 0, err
    return json.loads((tmp_path / f"{sample_id}.report.json").read_text())


@pytest.mark.parametrize("sample_id", DEMOS)
def test_demo_reports_validate_against_the_shipped_schema(tmp_path: Path, sample_id: str) -> None:
    folder, disease = DEMOS[sample_id]
    report = _annotate(
        tmp_path, sample_id, folder, "--disease", disease, "--format", "json,html,tsv"
    )
    jsonschema.Draft202012Validator(report_schema()).validate(report)
    assert (tmp_path / f"{sample_id}.report.html").stat().st_size > 1000
    tsv = (tmp_path / f"{sample_id}.findings.tsv").read_text().splitlines()
    assert len(tsv) == len(report["findings"]) + 1
    assert not list(tmp_path.glob(".*.tmp"))


def test_eims_case_acceptance(tmp_path: Path) -> None:
    report = _annotate(tmp_path, "EIMS1", "eims_ranbp2_alk")
    fusion = next(f for f in report["findings"] if f["label"] == "RANBP2::ALK")
    assert fusion["kind"] == "fusion" and fusion["tier"] == "IA"
    assert fusion["details"]["exon_5prime"] == 18 and fusion["details"]["exon_3prime"] == 20
    assert fusion["details"]["kinase_domain_retained"] is True
    crizotinib = next(t for t in fusion["therapies"] if t["drug"] == "crizotinib")
    assert crizotinib["effect"] == "sensitivity" and crizotinib["level"] == "A"
    assert "PMID:20979472" in crizotinib["citations"]
    assert "FDA 2022-07-14" in " ".join(crizotinib["regulatory"])
    assert report["genome_build"] == "GRCh38"
    negatives = " ".join(n["statement"] for n in report["negatives"])
    assert "ROS1" in negatives and "ALK" not in negatives.split("No ")[1].split(" fusion")[0]
    assert (tmp_path / "EIMS1.report.html").exists()
    assert not (tmp_path / "EIMS1.findings.tsv").exists()  # default formats: html,json


def test_lung_ros1_case_is_not_given_nsclc_evidence_as_on_label(tmp_path: Path) -> None:
    report = _annotate(tmp_path, "LUNG1", "lung_imt_tfg_ros1")
    ros1 = next(f for f in report["findings"] if f["label"] == "TFG::ROS1")
    assert ros1["tier"] == "IIC"
    for therapy in ros1["therapies"]:
        assert therapy["level"] in ("C", "D")
    assert ros1["details"]["exon_3prime_literature"] == 35


def test_mdm2_case(tmp_path: Path) -> None:
    report = _annotate(tmp_path, "MDM2AMP1", "alk_negative_mdm2")
    by_label = {f["label"]: f for f in report["findings"]}
    assert by_label["MDM2 amplification"]["tier"] == "III"
    assert "liposarcoma" in json.dumps(by_label["MDM2 amplification"]["diagnostic"])
    pik3ca = by_label["PIK3CA p.H1047R"]
    assert pik3ca["tier"] == "IID"
    assert pik3ca["details"]["transcript_choice"] == "MANE_SELECT"
    kinds = {n["kind"] for n in report["negatives"]}
    assert kinds == {"mutation", "copy_number"}


def test_output_is_deterministic_apart_from_generated_at(tmp_path: Path) -> None:
    first = _annotate(tmp_path / "a", "EIMS1", "eims_ranbp2_alk")
    second = _annotate(tmp_path / "b", "EIMS1", "eims_ranbp2_alk")
    first.pop("generated_at"), second.pop("generated_at")
    assert first == second


def test_sample_id_is_escaped_in_html(tmp_path: Path) -> None:
    sample_id = "<script>alert(1)</script>"
    inputs = [str(p) for p in (SAMPLE_INPUTS / "eims_ranbp2_alk").iterdir()]
    code, _, err = _run("annotate", *inputs, "--sample-id", sample_id, "--out", str(tmp_path))
    assert code == 2 and "cannot be used as a file name" in err  # '/' in the id
    sample_id = "<script>alert(1)<script>"
    code, _, err = _run("annotate", *inputs, "--sample-id", sample_id, "--out", str(tmp_path))
    assert code == 0, err
    html = (tmp_path / f"{sample_id}.report.html").read_text()
    assert sample_id not in html
    assert html.count("<script") == 1  # the report's own inlined report.js, nothing else
    assert "&lt;script&gt;alert(1)&lt;script&gt;" in html


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    vcf = shared_samples() / "variants/pvactools/annotated.expression.imt_genes.vcf.gz"
    truncated = tmp_path / "truncated.vcf.gz"
    data = gzip.decompress(vcf.read_bytes())
    truncated.write_bytes(gzip.compress(data)[: len(gzip.compress(data)) * 2 // 3])
    arriba = SAMPLE_INPUTS / "eims_ranbp2_alk" / "arriba.fusions.tsv"
    lines = arriba.read_text().splitlines()
    header = lines[0].split("\t")
    drop = header.index("split_reads2")
    missing = tmp_path / "missing_column.tsv"
    missing.write_text(
        "\n".join(
            "\t".join(f for i, f in enumerate(line.split("\t")) if i != drop) for line in lines
        )
        + "\n"
    )
    binary = tmp_path / "binary.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.tsv"
    empty.write_text("")
    unknown = tmp_path / "notes.txt"
    unknown.write_text("patient notes\nnothing tabular here\n")
    return {
        "truncated vcf.gz": (truncated, r"truncated|corrupt"),
        "arriba missing column": (missing, r":1: missing required column 'split_reads2'"),
        "binary": (binary, r"binary file"),
        "empty": (empty, r"file is empty"),
        "unknown format": (unknown, r"unrecognised format"),
    }


@pytest.mark.parametrize(
    "case", ["truncated vcf.gz", "arriba missing column", "binary", "empty", "unknown format"]
)
def test_bad_input_is_one_line_exit_1_and_no_output(tmp_path: Path, case: str) -> None:
    path, pattern = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "annotate", str(path), "--sample-id", "S1",
         "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"imt-annotator: error: {path}")
    assert re.search(pattern, lines[0]), lines[0]
    assert "Traceback" not in proc.stderr
    assert not out.exists() or not any(out.iterdir())


def test_truncated_vcf_error_names_a_line(tmp_path: Path) -> None:
    path, _ = _bad_inputs(tmp_path)["truncated vcf.gz"]
    code, _, err = _run("annotate", str(path), "--sample-id", "S1", "--out", str(tmp_path / "o"))
    assert code == 1
    assert re.match(rf"imt-annotator: error: {re.escape(str(path))}:\d+: ", err)


def test_unwritable_target_leaves_no_partial_report(tmp_path: Path) -> None:
    (tmp_path / "EIMS1.report.html").mkdir()
    inputs = [str(p) for p in (SAMPLE_INPUTS / "eims_ranbp2_alk").iterdir()]
    code, _, err = _run("annotate", *inputs, "--sample-id", "EIMS1", "--out", str(tmp_path))
    assert code == 1 and "not a regular file" in err
    assert not (tmp_path / "EIMS1.report.json").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    arriba = str(SAMPLE_INPUTS / "eims_ranbp2_alk" / "arriba.fusions.tsv")
    code, _, err = _run("annotate", arriba, "--sample-id", "S", "--format", "pdf,docx,xml")
    assert code == 2 and "unknown format docx, xml; expected some of json, html, pdf" in err
    code, _, err = _run("annotate", arriba, "--sample-id", "S", "--paper", "A3")
    assert code == 2 and "--paper" in err
    code, _, _ = _run("annotate", arriba)
    assert code == 2


@pytest.mark.parametrize(
    "command", [[], ["annotate"], ["formats"], ["detect"], ["kb"], ["kb", "validate"]]
)
def test_every_command_has_help(command: list[str]) -> None:
    code, out, _ = _run(*command, "--help")
    assert code == 0 and "Usage:" in out and len(out.splitlines()) > 3


def test_version_and_formats_and_detect() -> None:
    from annotator import __version__

    code, out, _ = _run("--version")
    assert code == 0 and out.strip() == f"imt-annotator, version {__version__}"
    code, out, _ = _run("formats")
    assert code == 0 and {"arriba", "star_fusion", "vcf", "cnvkit"} <= {
        line.split("\t")[0] for line in out.splitlines() if not line.startswith("\t")
    }
    arriba = SAMPLE_INPUTS / "eims_ranbp2_alk" / "arriba.fusions.tsv"
    code, out, _ = _run("detect", str(arriba))
    assert code == 0 and out.startswith(f"{arriba}: arriba ")


def test_console_script_is_installed() -> None:
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "imt-annotator"), "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("imt-annotator, version ")


def test_reports_are_readable_by_the_group_the_umask_allows(tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        _annotate(tmp_path, "EIMS1", "eims_ranbp2_alk")
    finally:
        os.umask(old)
    mode = (tmp_path / "EIMS1.report.json").stat().st_mode & 0o777
    assert mode == 0o644


def test_vcf_options_choose_backend_and_tumour_column(tmp_path: Path) -> None:
    import json

    lung = sorted(str(p) for p in (SAMPLE_INPUTS / "lung_imt_tfg_ros1").iterdir())
    reports = []
    for backend in ("pysam", "pyvcf3"):
        out = tmp_path / backend
        code, _, err = _run(
            "annotate", *lung, "--sample-id", "L1", "--out", str(out), "--format", "json",
            "--vcf-backend", backend, "--tumor-sample", "IMT-LU-08_T",
        )  # fmt: skip
        assert code == 0, err
        report = json.loads((out / "L1.report.json").read_text())
        report.pop("generated_at")
        reports.append(report)
    assert reports[0] == reports[1]
    code, _, err = _run(
        "annotate", *lung, "--sample-id", "L1", "--out", str(tmp_path / "x"),
        "--tumor-sample", "NOPE",
    )  # fmt: skip
    assert code == 2 and "tumour sample 'NOPE' is not a column" in err
    assert not (tmp_path / "x").exists()
