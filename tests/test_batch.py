"""``imt-annotator batch`` and ``cohort``: sheets, failures, batch.json, resume, cohort files."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import main
from benchmarks.generate import generate
from tests.conftest import ROOT, SAMPLE_INPUTS

DEMO_SHEET = SAMPLE_INPUTS / "demo_sheet.tsv"


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess: worker processes, exit codes, stderr not a TTY."""
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def _state(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "batch.json").read_text())
    return data


def test_sheet_errors_list_every_bad_row_before_any_work(tmp_path: Path) -> None:
    arriba = SAMPLE_INPUTS / "eims_ranbp2_alk" / "arriba.fusions.tsv"
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text(
        "sample_id\tinputs\tdisease\n"
        f"S1\t{arriba}\tEIMS\n"
        f"\t{arriba}\tIMT\n"
        f"S1\t{arriba}\tIMT\n"
        "S3\tmissing.tsv\tIMT\n"
        f"S4\t{arriba}\tlung\n"
        "S5\t\tIMT\n"
        f"S6\t{arriba}\tIMT\textra\n"
    )
    out = tmp_path / "out"
    proc = _cli("batch", str(sheet), "--out", str(out))
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines[0] == f"imt-annotator: error: {sheet}:3: sample_id is empty (and 5 more problems)"
    details = "\n".join(lines[1:])
    assert f"{sheet}:4: sample_id 'S1' repeats line 2" in details
    assert f"{sheet}:5: input 'missing.tsv' not found ({tmp_path / 'missing.tsv'})" in details
    assert f"{sheet}:6: disease 'lung' is not modelled; expected one of " in details
    assert f"{sheet}:7: inputs is empty" in details
    assert f"{sheet}:8: expected 3 fields (sample_id, inputs, disease), got 4" in details
    assert not out.exists()  # nothing ran, nothing written


def test_sheet_missing_column_names_the_columns_present(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("sample_id,files,disease\nS1,a.tsv,IMT\n")
    proc = _cli("batch", str(sheet), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert f"{sheet}:1: missing column 'inputs'; columns present: sample_id, files, disease" in (
        proc.stderr
    )
    assert f"{sheet}:1: unknown column 'files'" in proc.stderr


def test_demo_sheet_reports_equal_those_of_annotate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch runs the annotate pipeline: each report is what ``annotate`` writes for the
    same inputs and metadata (paths as given, relative to the checkout)."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        main, ["batch", "sample_inputs/demo_sheet.tsv", "--out", str(tmp_path / "b"), "-j", "2"]
    )
    assert result.exit_code == 0, result.stderr
    lines = DEMO_SHEET.read_text().splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=True))
        meta = tmp_path / f"{row['sample_id']}.json"
        fields = ("disease", "age", "sex", "site", "specimen")
        meta.write_text(json.dumps({k: row[k] for k in fields if row[k]}))
        inputs = [f"sample_inputs/{p}" for p in row["inputs"].split(";")]
        result = CliRunner().invoke(
            main,
            [
                "annotate",
                *inputs,
                "--sample-id",
                row["sample_id"],
                "--meta",
                str(meta),
                "--out",
                str(tmp_path / "a"),
            ],
        )
        assert result.exit_code == 0, result.stderr
        for name in ("b", "a"):
            path = tmp_path / name / f"{row['sample_id']}.report.json"
            report = json.loads(path.read_text())
            report.pop("generated_at")
            if name == "b":
                batch_report = report
        assert batch_report == report, row["sample_id"]
        assert report["sample"]["age"] == row["age"]


def test_csv_sheet_with_quotes_and_comments(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a.tsv").write_bytes(
        (SAMPLE_INPUTS / "eims_ranbp2_alk/arriba.fusions.tsv").read_bytes()
    )
    sheet = folder / "sheet.csv"
    sheet.write_text(
        '# lab sheet, exported\nsample_id,inputs,site,age\n\n"S,1",a.tsv,"head, neck",12\n'
    )
    proc = _cli("batch", str(sheet), "--out", str(tmp_path / "out"), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "out" / "S,1.report.json").read_text())
    assert report["sample"]["site"] == "head, neck" and report["sample"]["age"] == "12"
    assert report["inputs"][0]["path"] == str(folder / "a.tsv")  # relative to the sheet


def test_200_samples_one_corrupt(tmp_path: Path) -> None:
    """Acceptance: every other sample finishes, exit 3, batch.json names file and line."""
    sheet = generate(tmp_path / "in", 200, arriba_rows=6, vcf_records=40, segments=30, corrupt=[57])
    out = tmp_path / "out"
    proc = _cli("batch", str(sheet), "--out", str(out), "--jobs", "2")
    assert proc.returncode == 3, proc.stderr
    state = _state(out)
    assert state["counts"] == {"ok": 199, "failed": 1, "pending": 0}
    failed = [s for s in state["samples"] if s["status"] == "failed"]
    assert [s["id"] for s in failed] == ["SYN0057"]
    error = failed[0]["error"]
    corrupt = tmp_path / "in" / "SYN0057" / "arriba.fusions.tsv"
    assert error["file"] == str(corrupt) and error["line"] == 5 and error["kind"] == "input"
    assert error["message"] == (
        f"{corrupt}:5: column 'split_reads1': expected an integer, got 'twelve'"
    )
    for sample in state["samples"]:
        if sample["status"] == "ok":
            assert all(Path(p).is_file() for p in sample["outputs"]) and sample["attempts"] == 1
    assert not (out / "SYN0057.report.json").exists()
    # progress: stderr is not a terminal, so one plain line per sample, then the failure
    progress = [line for line in proc.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 200
    assert all(re.match(r"\[\d+/200\] SYN\d{4} (ok|FAILED)", line) for line in progress)
    assert f"imt-annotator: error: sample SYN0057: {corrupt}:5:" in proc.stderr
    assert "200 sample(s): 199 done, 1 failed" in proc.stdout
    tsv = (out / "cohort.tsv").read_text().splitlines()
    assert len(tsv) == 201 and "\tfailed\t" in tsv[57]


def test_resume_after_kill_redoes_nothing_finished(tmp_path: Path) -> None:
    """Acceptance: a batch killed mid-run, resumed, completes without redoing finished
    samples and without partial outputs or temporary files."""
    sheet = generate(tmp_path / "in", 40, arriba_rows=10, vcf_records=800, segments=60)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "annotator.cli",
        "batch",
        str(sheet),
        "--out",
        str(out),
        "--jobs",
        "1",
    ]
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 60
    finished: list[str] = []
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "batch.json").exists():  # written atomically: never seen half-written
            finished = [s["id"] for s in _state(out)["samples"] if s["status"] == "ok"]
        if len(finished) >= 3:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole process tree, as a scheduler would
    proc.wait()
    assert 3 <= len(finished) < 40
    mtimes = {s: (out / f"{s}.report.json").stat().st_mtime_ns for s in finished}

    resumed = _cli("batch", str(sheet), "--out", str(out), "--jobs", "2", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    state = _state(out)
    assert state["counts"] == {"ok": 40, "failed": 0, "pending": 0}
    by_id = {s["id"]: s for s in state["samples"]}
    for sample_id in finished:
        assert by_id[sample_id]["resumed"] is True and by_id[sample_id]["attempts"] == 1
        assert (out / f"{sample_id}.report.json").stat().st_mtime_ns == mtimes[sample_id]
    assert sum(s["resumed"] for s in state["samples"]) >= len(finished)
    for sample_id in by_id:
        assert (out / f"{sample_id}.report.json").is_file()
        assert (out / f"{sample_id}.report.html").is_file()
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_resume_redoes_a_sample_whose_input_changed(tmp_path: Path) -> None:
    sheet = generate(tmp_path / "in", 3, arriba_rows=5, vcf_records=20, segments=30)
    out = tmp_path / "out"
    assert _cli("batch", str(sheet), "--out", str(out)).returncode == 0
    vcf = tmp_path / "in" / "SYN0002" / "somatic.vep.vcf"
    vcf.write_text(vcf.read_text().replace("\tPASS\t", "\tweak_evidence\t", 1))
    (out / "SYN0003.report.html").unlink()  # an output gone: redone as well
    proc = _cli("batch", str(sheet), "--out", str(out), "--resume")
    assert proc.returncode == 0, proc.stderr
    attempts = {s["id"]: (s["attempts"], s["resumed"]) for s in _state(out)["samples"]}
    assert attempts == {"SYN0001": (1, True), "SYN0002": (2, False), "SYN0003": (2, False)}
    assert "[1/3] SYN0001 kept: unchanged since an earlier run" in proc.stderr


def test_cohort_command_rebuilds_what_batch_wrote(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(DEMO_SHEET), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    again = tmp_path / "again"
    result = CliRunner().invoke(main, ["cohort", str(out), "--out", str(again)])
    assert result.exit_code == 0, result.stderr
    assert "3 sample(s) in the cohort" in result.stdout
    for name in ("cohort.tsv", "cohort.html"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
    rows = [line.split("\t") for line in (out / "cohort.tsv").read_text().splitlines()]
    table = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert table["EIMS1"]["key_alterations"] == "RANBP2::ALK"
    assert table["EIMS1"]["highest_tier"] == "IA"
    assert table["EIMS1"]["top_therapy"] == "crizotinib (A)"
    assert table["LUNG1"]["fusions"] == "TFG::ROS1" and table["LUNG1"]["highest_tier"] == "IIC"
    assert table["MDM2AMP1"]["key_alterations"] == "PIK3CA p.H1047R; chromosome 19 loss"
    assert table["MDM2AMP1"]["other_alterations"] == "MDM2 amplification"
    html = (out / "cohort.html").read_text()
    assert "<svg" in html and "RANBP2::ALK" in html and 'id="samples"' in html
    assert "ALK fusion" in html and "RANBP2 partner" in html and "http" not in html.lower()


def test_cohort_html_escapes_sample_data(tmp_path: Path) -> None:
    arriba = SAMPLE_INPUTS / "eims_ranbp2_alk" / "arriba.fusions.tsv"
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text(f"sample_id\tinputs\tsite\n<b>X<b>\t{arriba}\t<script>x</script>\n")
    result = CliRunner().invoke(main, ["batch", str(sheet), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.stderr
    html = (tmp_path / "o" / "cohort.html").read_text()
    assert "<b>X" not in html and "&lt;b&gt;X&lt;b&gt;" in html
    assert "<script>x" not in html


def test_only_one_sample_and_unknown_sample(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", str(DEMO_SHEET), "--out", str(out), "--sample", "LUNG1", "--no-cohort"]
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "LUNG1.report.html",
        "LUNG1.report.json",
        "batch.json",
    ]
    result = CliRunner().invoke(main, ["batch", str(DEMO_SHEET), "--sample", "NOPE"])
    assert result.exit_code == 2 and "sample(s) not in" in result.stderr


@pytest.mark.parametrize("command", [["batch"], ["cohort"]])
def test_batch_commands_have_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.stdout


def test_sheet_metadata_is_checked_as_annotate_checks_it(tmp_path: Path) -> None:
    arriba = SAMPLE_INPUTS / "eims_ranbp2_alk" / "arriba.fusions.tsv"
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text(
        f"sample_id\tinputs\tdisease\tage\nA\t{arriba}\tIMTL\t8\nB\t{arriba}\tIMT\tforty\n"
    )
    proc = _cli("batch", str(sheet), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert f"{sheet}:3: age 'forty' not understood" in proc.stderr
    assert f"{sheet}:2:" not in proc.stderr  # an OncoTree code is a disease annotate accepts


def test_pdf_in_a_batch(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = [
        "batch",
        str(DEMO_SHEET),
        "--out",
        str(out),
        "--sample",
        "EIMS1",
        "--format",
        "json,pdf",
        "--paper",
        "Letter",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    assert (out / "EIMS1.report.pdf").read_bytes().startswith(b"%PDF")
    result = CliRunner().invoke(main, [*args, "--resume"])
    assert result.exit_code == 0 and "kept: unchanged" in result.stderr
    result = CliRunner().invoke(main, [*args[:-1], "A4", "--resume"])  # paper changed: redone
    assert result.exit_code == 0 and "kept" not in result.stderr


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """stderr a terminal: one line redrawn with carriage returns, no per-sample log lines."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "annotator.cli",
            "batch",
            str(DEMO_SHEET),
            "--out",
            str(tmp_path / "out"),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the batch closed its end
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait() == 0
    text = b"".join(chunks).decode()
    assert "\r" in text and re.search(r"\[#{28}\] 3/3 +[\d.]+/s +ETA 0:00", text), text
    assert "[1/3]" not in text


def test_a_crashing_worker_fails_only_its_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that dies (a segfault, the OOM killer) breaks the pool; the batch reruns the
    samples it left one worker each, so only the sample that kills its worker is failed."""
    import annotator.batch as batch_module

    real = batch_module.annotate_row

    def crash_on_lung1(row: Any, worker: Any) -> Any:
        if row.sample.id == "LUNG1":
            os._exit(139)  # as a crash in a C library would end the process
        return real(row, worker)

    monkeypatch.setattr(batch_module, "annotate_row", crash_on_lung1)  # forked workers see it
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(DEMO_SHEET), "--out", str(out), "-j", "2"])
    assert result.exit_code == 3, result.stderr
    by_id = {s["id"]: s for s in _state(out)["samples"]}
    assert by_id["LUNG1"]["status"] == "failed" and by_id["LUNG1"]["error"]["kind"] == "crash"
    assert by_id["EIMS1"]["status"] == by_id["MDM2AMP1"]["status"] == "ok"


def test_sheet_columns_choose_the_sample_of_a_cohort_file_and_the_tumour_column(
    tmp_path: Path,
) -> None:
    """``input_sample`` and ``tumor_sample`` are the per-row --input-sample and --tumor-sample:
    two rows read their own sample of one cohort table; a wrong tumour column fails its row
    only; changing a row's choice redoes that row on --resume."""
    cohort = tmp_path / "cohort_fusions.txt"
    cohort.write_text(
        "Tumor_Sample_Barcode\tFusion\nP-0001-T01\tRANBP2-ALK\nP-0002-T01\tTFG-ROS1\n"
        "P-0002-T01\tETV6-NTRK3\n"
    )
    vcf = SAMPLE_INPUTS / "alk_negative_mdm2" / "somatic.vep.vcf"
    sheet = tmp_path / "sheet.tsv"
    rows = [
        "sample_id\tinputs\tinput_sample\ttumor_sample",
        f"IMT-A\t{cohort.name}\tP-0001-T01\t",
        f"IMT-B\t{cohort.name};{vcf}\tP-0002-T01\tIMT-AB-52_tumour",
        f"IMT-C\t{vcf}\t\tIMT-AB-52_blood",
    ]
    sheet.write_text("\n".join(rows) + "\n")
    out = tmp_path / "out"
    proc = _cli("batch", str(sheet), "--out", str(out), "--format", "json")
    assert proc.returncode == 3, proc.stderr  # IMT-C failed
    labels = {
        sample: [f["label"] for f in json.loads((out / f"{sample}.report.json").read_text())[
            "findings"]]
        for sample in ("IMT-A", "IMT-B")
    }  # fmt: skip
    assert labels["IMT-A"] == ["RANBP2::ALK"]
    assert {"TFG::ROS1", "ETV6::NTRK3"} <= set(labels["IMT-B"])
    assert "RANBP2::ALK" not in labels["IMT-B"]
    states = {s["id"]: s for s in _state(out)["samples"]}
    assert states["IMT-C"]["status"] == "failed"
    assert "tumour sample 'IMT-AB-52_blood' is not a column" in states["IMT-C"]["error"]["message"]
    sheet.write_text("\n".join([*rows[:2], rows[2].replace("P-0002-T01", "P-0001-T01"), rows[3]]))
    proc = _cli("batch", str(sheet), "--out", str(out), "--format", "json", "--resume")
    attempts = {s["id"]: s["attempts"] for s in _state(out)["samples"]}
    assert attempts == {"IMT-A": 1, "IMT-B": 2, "IMT-C": 2}
    report_b = json.loads((out / "IMT-B.report.json").read_text())
    assert "RANBP2::ALK" in [f["label"] for f in report_b["findings"]]
