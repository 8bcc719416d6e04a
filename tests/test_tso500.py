"""The TSO500 CombinedVariantOutput reader on fixtures written from the documented layout (no
public file with calls and a licence exists): Local App 2.2 and DRAGEN TSO 500 2.6 shapes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.annotate import Sample, Settings, annotate
from annotator.errors import InputFormatError
from annotator.models import FusionCall, GeneLevelCopyNumber, ParsedInput, SmallVariant
from annotator.parsers import detect, tso500
from annotator.parsers.textio import read_head

WIDTH = 11  # Local App pads every line with tabs to its widest section


def _padded(lines: list[str]) -> list[str]:
    return [line + "\t" * (WIDTH - 1 - line.count("\t")) if line else line for line in lines]


LOCAL_APP = [
    "TruSight Oncology 500 - Combined Variant Output",
    "For Research Use Only. Not for use in diagnostic procedures.",
    "",
    "[Analysis Details]",
    "Pair ID\tIMT-0042",
    "DNA Sample ID\tIMT-0042-D",
    "RNA Sample ID\tIMT-0042-R",
    "Output Date\t2024-03-05",
    "Output Time\t10:12:44",
    "Module Version\tNA",
    "Pipeline Version\truo-2.2.0.12",
    "",
    "[Sequencing Run Details]",
    "NA",
    "",
    "[TMB]",
    "Total TMB\t3.15",
    "Coding Region Size in Megabases\t1.27",
    "Number of Passing Eligible Variants\t4",
    "",
    "[MSI]",
    "Usable MSI Sites\t112",
    "Total MSI Sites Unstable\t2",
    "Percent Unstable MSI Sites\t1.79",
    "",
    "[Gene Amplifications]",
    "Gene\tFold Change",
    "MDM2\t3.412",
    "CDK4\t2.871",
    "",
    "[Splice Variants]",
    "Gene\tAffected Exon\tBreakpoint 1\tBreakpoint 2\tSplice Supporting Reads\t"
    "Reference Reads Transcript",
    "MET\t14\tchr7:116411708\tchr7:116414935\t52\t310",
    "",
    "[Fusions]",
    "Gene Pair\tBreakpoint 1\tBreakpoint 2\tFusion Supporting Reads\tGene 1 Reference Reads\t"
    "Gene 2 Reference Reads",
    "EML4-ALK\tchr2:42522656\tchr2:29446394\t87\t1240\t35",
    "CD74-ROS1;GOPC\tchr5:149784243\tchr6:117645578\t12\t3310\t8",
    "RP11-123A4.1-ALK\tchr2:42000000\tchr2:29446394\t5\t0\t35",
    "",
    "[Small Variants]",
    "Gene\tChromosome\tGenomic Position\tReference Call\tAlternative Call\tAllele Frequency\t"
    "Depth\tP-Dot Notation\tC-Dot Notation\tConsequence(s)\tAffected Exon(s)",
    "ALK\tchr2\t29443613\tC\tT\t0.2134\t862\tNP_004295.2:p.(Gly1202Arg)\t"
    "NM_004304.4:c.3604G>A\tmissense_variant\t23/29",
    "TP53\tchr17\t7578406\tC\tT\t0.4768\t1010\tNP_000537.3:p.(Arg175His)\tNM_000546.5:c.524G>A\t"
    "missense_variant,splice_region_variant\t5/11",
    "\tchr1\t4367323\tG\tA\t0.051\t640\t\t\t\t",
]

DRAGEN = [
    "DRAGEN TruSight Oncology 500 v2.6.2 Analysis Software - Combined Variant Output",
    "",
    "[Analysis Details]",
    "Pair ID\tIMT-0051",
    "DNA Sample ID\tIMT-0051-D",
    "RNA Sample ID\tNA",
    "Library Prep Kit\tTSO500_v2",
    "Pipeline Version\t2.6.2.4",
    "",
    "[TMB]",
    "Total TMB\t1.0",
    "",
    "[MSI]",
    "Percent Unstable MSI Sites\t0.0",
    "",
    "[GIS]",
    "Genomic Instability Score\t12",
    "Tumor Fraction\t0.46",
    "Ploidy\t2.1",
    "",
    "[Copy Number Variants]",
    "Gene\tFold Change\tCopy Number Variant\tAbsolute Copy Number",
    "MDM2\t4.2\t<DUP>\t11",
    "CDKN2A\t0.41\t<DEL>\t0",
    "",
    "[Splice Variants]",
    "Gene\tAffected Exon\tBreakpoint 1\tBreakpoint 2\tSplice Supporting Reads\t"
    "Reference Reads Transcript",
    "",
    "[Fusions]",
    "Gene Pair\tBreakpoint 1\tBreakpoint 2\tFusion Supporting Reads\tGene 1 Reference Reads\t"
    "Gene 2 Reference Reads",
    "",
    "[Large Rearrangements]",
    "Gene\tChromosome\tStart\tStop\tAffected Exon(s)\tFold Change\tCNV Type",
    "BRCA1\tchr17\t41196312\t41277500\t1-24\t0.48\t<LOSS>",
    "",
    "[Gene-level Loss of Heterozygosity]",
    "Gene\tAbsolute Copy Number\tMinor Copy Number",
    "TP53\t1\t0",
    "",
    "[Small Variants]",
    "Gene\tChromosome\tGenomic Position\tReference Call\tAlternative Call\tAllele Frequency\t"
    "Depth\tP-Dot Notation\tC-Dot Notation\tConsequence(s)\tAffected Exon(s)",
    "NA",
]


def write(path: Path, lines: list[str], *, newline: str = "\n", bom: bool = False) -> Path:
    data = newline.join(lines) + newline
    path.write_bytes(("\ufeff" if bom else "").encode() + data.encode())
    return path


def of_type(parsed: ParsedInput, kind: type[Any]) -> list[Any]:
    return [r for r in parsed.records if isinstance(r, kind)]


@pytest.fixture
def local_app(tmp_path: Path) -> Path:
    return write(tmp_path / "IMT-0042_CombinedVariantOutput.tsv", _padded(LOCAL_APP))


def test_local_app_every_section(local_app: Path) -> None:
    assert detect(local_app).parser.name == "tso500"
    parsed = tso500.parse(local_app)
    assert (parsed.kind, parsed.also) == ("variant", ("fusion", "copy_number"))
    assert parsed.sample_hint == "IMT-0042" and parsed.genome_hint is None
    details = dict(parsed.details)
    assert details["title"] == "TruSight Oncology 500 - Combined Variant Output"
    assert details["TMB: Total TMB"] == "3.15"
    assert details["MSI: Percent Unstable MSI Sites"] == "1.79"
    assert details["Pipeline Version"] == "ruo-2.2.0.12" and "Module Version" not in details
    assert parsed.warnings == ()
    assert len(parsed.records) == 2 + 3 + 3


def test_local_app_small_variants(local_app: Path) -> None:
    alk, tp53, blank = of_type(tso500.parse(local_app), SmallVariant)
    assert (alk.chrom, alk.pos, alk.ref, alk.alt) == ("2", 29443613, "C", "T")
    assert (alk.vaf, alk.depth, alk.filters, alk.tumor_sample) == (0.2134, 862, (), "IMT-0042")
    assert alk.annotation_source == "TSO500"
    ann = alk.annotation
    assert (ann.gene, ann.transcript, ann.exon) == ("ALK", "NM_004304.4", "23/29")
    assert (ann.hgvsp, ann.hgvsc) == ("NP_004295.2:p.(Gly1202Arg)", "NM_004304.4:c.3604G>A")
    assert tp53.annotation.consequence == "missense_variant&splice_region_variant"
    assert blank.annotation.gene is None and blank.annotation.hgvsp is None  # no annotation
    assert alk.source.line == 43 and ("Gene", "ALK") in alk.source.raw


def test_local_app_fusions(local_app: Path) -> None:
    eml4, cd74, ambiguous = of_type(tso500.parse(local_app), FusionCall)
    assert (eml4.gene5_field, eml4.gene3_field) == ("EML4", "ALK")
    assert (str(eml4.bp5), str(eml4.bp3)) == ("2:42522656", "2:29446394")
    assert eml4.support == (None, None, 87)
    assert eml4.caller_notes == ("gene 1 reference reads: 1240", "gene 2 reference reads: 35")
    assert (cd74.gene5_field, cd74.gene3_field) == ("CD74", "ROS1;GOPC")
    assert (ambiguous.gene5_field, ambiguous.gene3_field) == ("", "")
    assert ambiguous.name_field == "RP11-123A4.1-ALK"
    assert "cannot be split" in ambiguous.caller_notes[0]


def test_local_app_amplifications_and_splice_variants(local_app: Path) -> None:
    parsed = tso500.parse(local_app)
    mdm2, cdk4 = of_type(parsed, GeneLevelCopyNumber)
    assert (mdm2.gene, mdm2.fold_change, mdm2.caller_call, mdm2.copies) == (
        "MDM2", 3.412, "Amplification", None,
    )  # fmt: skip
    assert (cdk4.gene, cdk4.source.line) == ("CDK4", 29)
    (splice,) = parsed.skipped
    assert splice.reason.startswith("splice variant (exon skipping within one gene")
    assert (splice.lines, splice.examples) == ((33,), ("MET exon 14",))


def test_dragen_layout_crlf_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "cvo.tsv", DRAGEN, newline="\r\n", bom=True)
    assert tso500.sniff(read_head(path))
    parsed = tso500.parse(path)
    assert parsed.also == ("copy_number",)  # no RNA sample: fusions not assessed
    assert parsed.warnings == ("no RNA sample in this TSO500 run: fusions were not assessed",)
    assert dict(parsed.details)["GIS: Genomic Instability Score"] == "12"
    mdm2, cdkn2a = of_type(parsed, GeneLevelCopyNumber)
    assert (mdm2.fold_change, mdm2.copies, mdm2.caller_call) == (4.2, 11.0, "<DUP>")
    assert (cdkn2a.fold_change, cdkn2a.copies, cdkn2a.caller_call) == (0.41, 0.0, "<DEL>")
    assert of_type(parsed, SmallVariant) == [] and of_type(parsed, FusionCall) == []
    assert {s.reason: s.lines for s in parsed.skipped} == {
        "section [Large Rearrangements] is not read (not a small-variant, fusion or gene "
        "copy-number list)": (34,),
        "section [Gene-level Loss of Heterozygosity] is not read (not a small-variant, fusion "
        "or gene copy-number list)": (38,),
    }


def test_header_section_and_missing_small_variants(tmp_path: Path) -> None:
    lines = ["[Header]", "Pair ID\tTST-1", "", "[Gene Amplifications]", "Gene\tFold Change", "NA"]
    parsed = tso500.parse(write(tmp_path / "cvo.tsv", lines))
    assert parsed.sample_hint == "TST-1" and parsed.records == ()
    assert parsed.also == ("copy_number",)
    assert parsed.warnings == (
        "no [Small Variants] section: small variants were not reported here",
    )


def test_malformed_allele_frequency_points_at_the_cell(tmp_path: Path) -> None:
    lines = [line.replace("\t0.2134\t", "\t0,2134\t") for line in LOCAL_APP]
    path = write(tmp_path / "cvo.tsv", _padded(lines))
    with pytest.raises(InputFormatError) as err:
        tso500.parse(path)
    e = err.value
    assert (e.line, e.column) == (43, "Allele Frequency")
    assert str(e).endswith(":43: column 'Allele Frequency': expected a number, got '0,2134'")
    excerpt, caret = e.detail_lines()
    assert excerpt[caret.index("^") :].startswith("0,2134")
    assert caret.strip() == "^^^^^^"


def test_fold_change_and_breakpoint_errors(tmp_path: Path) -> None:
    lines = [line.replace("MDM2\t3.412", "MDM2\tamp") for line in LOCAL_APP]
    with pytest.raises(InputFormatError, match=r":28: column 'Fold Change': expected a number"):
        tso500.parse(write(tmp_path / "a.tsv", lines))
    lines = [line.replace("chr2:42522656", "chr2:4252265x") for line in LOCAL_APP]
    with pytest.raises(InputFormatError, match=r":37: column 'Breakpoint 1': expected a break"):
        tso500.parse(write(tmp_path / "b.tsv", lines))


def test_missing_column_and_extra_cells(tmp_path: Path) -> None:
    lines = [line.replace("\tDepth\t", "\tReads\t") for line in LOCAL_APP]
    with pytest.raises(InputFormatError, match=r":42: section \[Small Variants\]: missing column"):
        tso500.parse(write(tmp_path / "a.tsv", lines))
    lines = [line + "\tsurplus" if line.startswith("CDK4") else line for line in LOCAL_APP]
    with pytest.raises(InputFormatError, match=r":29: section \[Gene Amplifications\]: expected 2"):
        tso500.parse(write(tmp_path / "b.tsv", lines))


def test_sniff_needs_a_details_section_and_a_call_section(tmp_path: Path) -> None:
    only_details = write(tmp_path / "a.tsv", ["[Analysis Details]", "Pair ID\tX"])
    sample_sheet = write(tmp_path / "b.csv", ["[Header],,", "[Data],,", "Sample_ID,Index"])
    assert not tso500.sniff(read_head(only_details))
    assert not tso500.sniff(read_head(sample_sheet))


def test_annotate_reads_the_fusion_and_the_variant(local_app: Path, kb: Any) -> None:
    result = annotate([local_app], Sample("IMT-0042"), kb, Settings(genome="GRCh37"))
    labels = {f.alteration.label for f in result.findings}
    assert {"EML4::ALK", "ALK p.G1202R"} <= labels
