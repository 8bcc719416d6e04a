"""The Snakemake workflow (workflow/Snakefile): a real local run on the demo sheet.

Skipped cleanly where Snakemake is not installed (it is in the ``test`` extra).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SAMPLE_INPUTS

pytest.importorskip("snakemake")
SNAKEMAKE = shutil.which("snakemake", path=str(Path(sys.executable).parent)) or shutil.which(
    "snakemake"
)
SNAKEFILE = ROOT / "workflow" / "Snakefile"
DEMO_SHEET = SAMPLE_INPUTS / "demo_sheet.tsv"
SAMPLES = ("EIMS1", "LUNG1", "MDM2AMP1")


def _snakemake(work: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    if SNAKEMAKE is None:
        pytest.skip("the snakemake command is not installed")
    return subprocess.run(
        [
            SNAKEMAKE,
            "--snakefile",
            str(SNAKEFILE),
            "--directory",
            str(work),
            *extra,
            "--config",
            f"sheet={DEMO_SHEET}",
            f"out={work / 'out'}",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _report(path: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(path.read_text())
    report.pop("generated_at")
    return report


def test_workflow_reports_equal_batch_reports(tmp_path: Path) -> None:
    """Same per-sample JSON as ``batch`` (apart from ``generated_at``). Input paths in the
    reports are the same too, because both read the sheet by the same absolute path and
    resolve its relative inputs against the sheet's folder."""
    work = tmp_path / "smk"
    proc = _snakemake(work, "--cores", "2")
    assert proc.returncode == 0, proc.stderr[-3000:]
    batch = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator.cli",
            "batch",
            str(DEMO_SHEET),
            "--out",
            str(tmp_path / "batch"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert batch.returncode == 0, batch.stderr
    for sample in SAMPLES:
        from_workflow = _report(work / "out" / f"{sample}.report.json")
        assert from_workflow == _report(tmp_path / "batch" / f"{sample}.report.json"), sample
        assert (work / "out" / f"{sample}.report.html").is_file()
        state = json.loads((work / "out" / "logs" / f"{sample}.batch.json").read_text())
        assert state["counts"]["ok"] == 1
    for name in ("cohort.tsv", "cohort.html"):
        assert (work / "out" / name).read_bytes() == (tmp_path / "batch" / name).read_bytes()


def test_slurm_profile_plans_one_job_per_sample(tmp_path: Path) -> None:
    """The documented SLURM profile parses and schedules a job per sample (dry run: no
    cluster is needed to plan)."""
    profile = ROOT / "workflow" / "profiles" / "slurm"
    proc = _snakemake(tmp_path, "--dry-run", "--profile", str(profile))
    if proc.returncode != 0 and "slurm" in proc.stderr.lower() and "plugin" in proc.stderr:
        pytest.skip("snakemake-executor-plugin-slurm is not installed")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "annotate        3" in proc.stdout
