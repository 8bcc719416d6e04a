"""Tables that name a sample on each row (OncoKB and cBioPortal lists, MAF, CICERO, JAFFA,
PRADA, Oncofuse): the report's sample or ``--input-sample`` is read, every other row is
accounted for under one skipped entry, and with no choice all rows are pooled with a warning."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.errors import InputFormatError
from annotator.models import FusionCall, ParsedInput, SmallVariant
from annotator.parsers import PARSERS, jaffa, maf, oncokb_fusion
from annotator.parsers.base import ReadOptions, SampleChoice
from tests.conftest import shared_samples

ONCOKB_FUSIONS = "fusions/oncokb-annotator/example_fusions.txt"
CBIOPORTAL_SV = "fusions/cbioportal/cbioportal_core_study_es_0.data_structural_variants.txt"
ROW_SAMPLE_PARSERS = ("cbioportal_sv", "cicero", "jaffa", "maf", "oncofuse", "oncokb_fusion",
                      "oncokb_sv", "prada")  # fmt: skip


def _lines(parsed: ParsedInput) -> list[int]:
    return [r.source.line for r in parsed.records if isinstance(r, FusionCall | SmallVariant)]


def _accounted(parsed: ParsedInput) -> list[int]:
    """Every data line once: a record's, or a skipped row's."""
    return sorted({*_lines(parsed)} | {n for s in parsed.skipped for n in s.lines})


def test_every_row_sample_parser_reads_the_chosen_sample() -> None:
    assert all(PARSERS[name].read is not None for name in ROW_SAMPLE_PARSERS)


def test_the_given_sample_is_read_and_every_other_row_is_listed_once() -> None:
    path = shared_samples() / ONCOKB_FUSIONS
    everything = oncokb_fusion.parse(path)
    parsed = oncokb_fusion.parse(path, SampleChoice(explicit="TCGA-06-0155-01"))
    assert _lines(parsed) == [5]  # TMPRSS2-ERG
    assert [(s.reason, s.lines, s.count) for s in parsed.skipped] == [
        (
            "intragenic rearrangement of one gene (GENE-intragenic), not a fusion of two genes",
            (4, 7),
            2,
        ),
        (
            "rows of other samples (TCGA-02-0033-01, TCGA-05-4417-01): this report reads "
            "TCGA-06-0155-01",
            (2, 3, 6, 8),
            4,
        ),
    ]
    assert sum(s.count for s in parsed.skipped) + len(parsed.records) == 7  # data rows
    assert _accounted(parsed) == _accounted(everything) == list(range(2, 9))
    assert parsed.sample_hint == "TCGA-06-0155-01"
    assert not any("holds 3 samples" in w for w in parsed.warnings)
    assert ("sample read", "TCGA-06-0155-01") in parsed.details


def test_the_reports_own_sample_id_is_read_when_the_file_has_it() -> None:
    path = shared_samples() / ONCOKB_FUSIONS
    parsed = oncokb_fusion.parse(path, SampleChoice(report="TCGA-05-4417-01"))
    assert _lines(parsed) == [3, 6]  # ALK-EML4, TMPRSS2-ERG
    absent = oncokb_fusion.parse(path, SampleChoice(report="IMT-1"))  # not in the file: pooled
    assert (
        _lines(absent) == [3, 5, 6, 8] and "choose one with --input-sample" in absent.warnings[-1]
    )


def test_a_given_sample_the_file_lacks_is_an_error_naming_the_samples_present() -> None:
    path = shared_samples() / ONCOKB_FUSIONS
    with pytest.raises(InputFormatError) as err:
        oncokb_fusion.parse(path, SampleChoice(explicit="TCGA-XX"))
    assert str(err.value) == (
        f"{path}: sample 'TCGA-XX' is not in the file; samples present: TCGA-02-0033-01, "
        "TCGA-05-4417-01, TCGA-06-0155-01"
    )


def test_rows_naming_no_sample_are_left_out_once_a_sample_is_chosen(tmp_path: Path) -> None:
    path = tmp_path / "fusions.txt"
    path.write_text(
        "Tumor_Sample_Barcode\tFusion\nS1\tRANBP2-ALK\nS2\tEML4-ALK\n\tTFG-ROS1\nS1\tETV6-NTRK3\n"
    )
    chosen = oncokb_fusion.parse(path, SampleChoice(explicit="S1"))
    assert _lines(chosen) == [2, 5]
    (moved,) = chosen.skipped
    assert moved.reason == "rows of other samples (S2; rows naming no sample): this report reads S1"
    assert (moved.lines, moved.examples) == ((3, 4), ("S2",))
    pooled = oncokb_fusion.parse(path)
    assert _lines(pooled) == [2, 3, 4, 5] and pooled.skipped == ()
    assert pooled.sample_hint is None and "holds 2 samples (S1, S2)" in pooled.warnings[-1]


def test_a_maf_keeps_the_chosen_samples_rows_and_its_own_warnings_only() -> None:
    path = shared_samples() / "variants/oncokb-annotator/example_maf.txt"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    barcode = "TCGA-02-0033-01"
    mine = [n for n, row in enumerate(rows, 2) if row["Tumor_Sample_Barcode"] == barcode]
    parsed = maf.parse(path, samples=SampleChoice(explicit=barcode))
    variants = [r for r in parsed.records if isinstance(r, SmallVariant)]
    assert [v.source.line for v in variants] == mine
    assert {v.tumor_sample for v in variants} == {barcode}
    (moved,) = parsed.skipped
    assert moved.count == len(rows) - len(mine) and moved.reason.endswith(f"reads {barcode}")
    assert parsed.sample_hint == barcode
    protein_only = sum(not rows[n - 2]["Start_Position"] for n in mine)
    warnings = " | ".join(parsed.warnings)
    assert f"{protein_only} row{'s' if protein_only > 1 else ''} give a protein change" in warnings
    assert ("line 8 FGFR2" in warnings) == (8 in mine)  # HGVSp disagreement on line 8


def test_read_hook_passes_the_choice(tmp_path: Path) -> None:
    path = shared_samples() / ONCOKB_FUSIONS
    read = PARSERS["oncokb_fusion"].read
    assert read is not None
    parsed = read(path, ReadOptions(samples=SampleChoice("TCGA-02-0033-01", "S")))
    assert parsed.sample_hint == "TCGA-02-0033-01" and _lines(parsed) == [8]


@pytest.mark.parametrize("how", [["--input-sample", "TCGA-A1-A0SB-01"], []])
def test_annotate_reads_one_sample_of_a_cbioportal_study(tmp_path: Path, how: list[str]) -> None:
    path = shared_samples() / CBIOPORTAL_SV
    out = tmp_path / "out"
    sample_id = "IMT-7" if how else "TCGA-A1-A0SB-01"  # else: the report's own id picks it
    result = CliRunner().invoke(
        main,
        ["annotate", str(path), "--sample-id", sample_id, "--format", "json", "--out", str(out),
         *how],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "pooled" not in result.output
    report = json.loads((out / f"{sample_id}.report.json").read_text())
    assert [f["label"] for f in report["findings"]] == ["EML4::ALK"]  # not the other samples'
    assert [c["line"] for c in report["findings"][0]["details"]["calls"]] == [9]
    (other,) = [s for s in report["skipped"] if s["reason"].startswith("rows of other samples")]
    with path.open(encoding="utf-8") as fh:
        samples = [row["Sample_Id"] for row in csv.DictReader(fh, delimiter="\t")]
    assert other["count"] == sum(s != "TCGA-A1-A0SB-01" for s in samples) == len(samples) - 2


def test_a_jaffa_run_over_two_samples_reads_either() -> None:
    path = shared_samples() / "fusions/jaffa/chimeraviz_extdata.jaffa_results.csv"
    pooled = jaffa.parse(path)
    by_sample = {
        name: jaffa.parse(path, SampleChoice(explicit=name)) for name in ("MCF7-demo", "BT474-demo")
    }
    assert sorted(_lines(by_sample["MCF7-demo"]) + _lines(by_sample["BT474-demo"])) == sorted(
        _lines(pooled)
    )
    for name, parsed in by_sample.items():
        assert parsed.sample_hint == name
        calls = [r for r in parsed.records if isinstance(r, FusionCall)]
        assert {c.source.raw_dict()["sample"] for c in calls} == {name}
        assert _accounted(parsed) == _accounted(pooled)


def test_a_large_cohort_lists_the_first_1000_lines_of_other_samples(tmp_path: Path) -> None:
    path = tmp_path / "cohort.txt"
    rows = [f"P-{n:04d}\tEML4-ALK" for n in range(1500)] + ["S1\tRANBP2-ALK"]
    path.write_text("Tumor_Sample_Barcode\tFusion\n" + "\n".join(rows) + "\n")
    parsed = oncokb_fusion.parse(path, SampleChoice(explicit="S1"))
    assert _lines(parsed) == [1502]
    (moved,) = parsed.skipped
    assert moved.count == 1500 and moved.lines == tuple(range(2, 1002))
    assert moved.reason.startswith("rows of other samples (P-0000, P-0001, P-0002, P-0003, P-0004")
    assert "and 1495 more" in moved.reason and moved.examples[0] == "P-0000"
