"""Passenger variants read from the VCF text give the same reports as reading every record.

``vcf.parse(genes=...)`` builds records outside those genes from their text (fast); these tests
pin that the report is identical to a full read on every VCF at hand and on the awkward cases:
multi-allelic and indel records, intergenic and unannotated ones, %-escapes, SnpEff ANN, CRLF.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path
from typing import Any

import pysam
import pytest

from annotator.annotate import Sample, Settings, annotate
from annotator.models import PassengerVariant, SmallVariant
from annotator.parsers import PARSERS, vcf
from annotator.report.build import build_report
from tests.conftest import SAMPLE_INPUTS, SAMPLES

WHEN = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
DEMO_VCF = SAMPLE_INPUTS / "alk_negative_mdm2" / "somatic.vep.vcf"


def _report(path: Path, kb: Any, *, light: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    if not light:  # the VCF parser without its fast path: every record read in full
        monkeypatch.setitem(PARSERS, "vcf", dataclasses.replace(vcf.PARSER, parse_genes=None))
    result = annotate([path], Sample("S"), kb, Settings())
    monkeypatch.undo()
    return build_report(result, kb, generated_at=WHEN)


def _vcfs() -> list[Path]:
    found = sorted(SAMPLE_INPUTS.glob("*/*.vcf"))
    if SAMPLES.is_dir():
        found += sorted(p for p in SAMPLES.rglob("*.vcf*") if p.suffix in (".vcf", ".gz"))
    return found


def _edge_cases(tmp_path: Path) -> Path:
    """The demo VCF with records a light read could get wrong."""
    lines = DEMO_VCF.read_text().splitlines()
    header = [line for line in lines if line.startswith("#")]
    record = next(line for line in lines if "CD74" in line).split("\t")

    def rec(pos: int, ref: str, alt: str, csq: str | None) -> str:
        info = record[7].split(";CSQ=")[0] + (f";CSQ={csq}" if csq is not None else "")
        return "\t".join([record[0], str(pos), ".", ref, alt, *record[5:7], info, *record[8:]])

    entry = record[7].split(";CSQ=")[1]
    body = [
        rec(150404700, "C", "A,T", entry + "," + entry.replace("A|", "T|", 1)),  # two ALTs
        rec(150404710, "CA", "C", entry.replace("A|", "-|", 1)),  # deletion, VEP allele '-'
        rec(150404720, "C", "A", "A|intergenic_variant|MODIFIER||||||||||||||||||||||||||"),
        rec(150404730, "C", "A", None),  # no CSQ at all
        rec(150404740, "C", "A", entry.replace("CD74", "CD%37%34")),  # escaped symbol
        rec(150404750, "C", "A", entry + "," + entry.replace("CD74", "GOPC")),  # two genes
        rec(150404760, "C", "A", entry.replace("CD74", "ALKBH5")),  # a target inside a name
        rec(150404770, "C", ".", entry),  # no ALT
        rec(150404780, "C", "*", entry),  # placeholder ALT only
        rec(150404790, "C", "<DEL>", entry),  # symbolic
        rec(150404800, "c", "t", entry.replace("A|", "t|", 1)),  # lower-case bases
    ]
    path = tmp_path / "edge.vcf"
    path.write_text("\n".join([*header, *body]) + "\n")
    return path


@pytest.mark.parametrize("path", _vcfs(), ids=lambda p: p.name)
def test_light_read_gives_the_same_report(
    path: Path, kb: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _report(path, kb, light=True, monkeypatch=monkeypatch) == _report(
        path, kb, light=False, monkeypatch=monkeypatch
    )


def test_light_read_of_edge_cases(tmp_path: Path, kb: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _edge_cases(tmp_path)
    light = _report(path, kb, light=True, monkeypatch=monkeypatch)
    assert light == _report(path, kb, light=False, monkeypatch=monkeypatch)
    crlf = tmp_path / "crlf.vcf"
    crlf.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert _report(crlf, kb, light=True, monkeypatch=monkeypatch) == _report(
        crlf, kb, light=False, monkeypatch=monkeypatch
    )


def test_passengers_are_counted_and_targets_read_in_full() -> None:
    genes = frozenset({"PIK3CA", "TP53"})
    parsed = vcf.parse(DEMO_VCF, genes=genes)
    full = vcf.parse(DEMO_VCF)
    assert len(parsed.records) == len(full.records)
    kinds = {type(r).__name__: 0 for r in parsed.records}
    for r in parsed.records:
        kinds[type(r).__name__] += 1
    assert kinds == {"SmallVariant": 1, "PassengerVariant": len(full.records) - 1}
    target = next(r for r in parsed.records if isinstance(r, SmallVariant))
    assert target.annotation is not None and target.annotation.gene == "PIK3CA"
    assert target.vaf == 0.3105 and target.source.raw  # read in full: VAF (77/248) and raw
    passenger = next(r for r in parsed.records if isinstance(r, PassengerVariant))
    assert passenger.gene == "CD74" and passenger.line == full.records[1].source.line


def _indexed_vcf(tmp_path: Path, csi: bool) -> Path:
    """The demo VCF plus 20,000 unannotated passengers on chr1-chr22 (about 40 BGZF blocks),
    bgzipped and indexed by htslib."""
    lines = DEMO_VCF.read_text().splitlines()
    header = [line for line in lines if line.startswith("#")]
    records = [line for line in lines if not line.startswith("#")]
    rng = random.Random(11)
    fmt = "GT:AD:AF:DP:F1R2:F2R1\t0/1:30,5:0.14:35:15,2:15,3\t0/0:30,0:0.01:30:15,0:15,0"
    for _ in range(20_000):
        chrom, pos = rng.randint(1, 22), rng.randint(1_000_000, 40_000_000)
        ref, alt = rng.sample("ACGT", 2)
        records.append(f"chr{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=65\t{fmt}")
    records.sort(key=lambda r: (int(r.split("\t")[0][3:]), int(r.split("\t")[1])))
    plain = tmp_path / "big.vcf"
    plain.write_text("\n".join([*header, *records]) + "\n")
    return Path(pysam.tabix_index(str(plain), preset="vcf", csi=csi))


@pytest.mark.parametrize("csi", [False, True], ids=["tbi", "csi"])
def test_index_reads_only_target_regions(tmp_path: Path, csi: bool) -> None:
    path = _indexed_vcf(tmp_path, csi)
    index = path.with_name(path.name + (".csi" if csi else ".tbi"))
    assert index.is_file()
    genes = frozenset({"PIK3CA", "TP53"})
    parsed = vcf.parse(path, genes=genes)
    targets = [r for r in parsed.records if isinstance(r, SmallVariant)]
    assert [(r.annotation.gene if r.annotation else None, r.pos) for r in targets] == [
        ("PIK3CA", 179234297)
    ]
    # exact line numbers and values, as a read of the whole file gives them
    index.rename(index.with_name("elsewhere"))
    whole = vcf.parse(path, genes=genes)
    assert targets == [r for r in whole.records if isinstance(r, SmallVariant)]
    (note,) = [s for s in parsed.skipped if "not read" in s.reason]
    assert note.reason == (
        f"record lines outside the target genes' regions: counted, not read (index {index.name})"
    )
    assert note.lines == ()
    assert note.count + len(parsed.records) == len(whole.records) == 20_005
    assert note.count > 18_000  # only the blocks around PIK3CA (chr3) and TP53 (chr17) are read
    read = dict(parsed.details)["read"]
    assert read.startswith(f"target-gene regions only, through the index {index.name} (2 regions")
    assert "PIK3CA chr3:179143357-179245093 (GRCh38)" in read
    assert "read" not in dict(whole.details)
