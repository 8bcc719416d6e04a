"""Copy-number formats other than CNVkit segments, on the real files of the shared samples
folder (``cnv/``), plus hostile hand-written inputs for every parser.

Per file: the parser detect() picks, records read, rows skipped with their reasons, the sample
IDs found and the IMT-relevant gene calls. ``test_cnvkit.py`` covers CNVkit ``.cns``.
"""

from __future__ import annotations

import gzip
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.errors import InputFormatError, UnknownFormatError
from annotator.models import CopyNumberSegment, GeneLevelCopyNumber, ParsedInput, SourceRef
from annotator.normalize.copy_number import (
    GERMLINE_DETAIL,
    CopyNumberRecord,
    CopyNumberThresholds,
    GeneCopyNumber,
    gene_calls,
    tumour_records,
)
from annotator.parsers import (
    cbioportal_cna,
    cnv_vcf,
    cnvkit_cnr,
    detect,
    gatk_cnv,
    oncokb_cna,
    pcgr_cna,
    purple_cnv,
    purple_gene,
    seg,
)
from annotator.reference.genes import Build
from tests.conftest import SAMPLES, shared_samples

CNV = SAMPLES / "cnv"
IMT_CN = ["MDM2", "CDK4", "ALK", "ROS1", "PIK3CA", "NTRK3", "PDGFRB"]

OFF_TARGET = cnvkit_cnr.OFF_TARGET_REASON
NOT_GENE = cnvkit_cnr.NOT_GENE_REASON
ENTREZ_ONLY = cbioportal_cna.NO_SYMBOL
REPEATED = cbioportal_cna.REPEATED
SEVERAL = cbioportal_cna.SEVERAL_GENES

# file (relative to cnv/) -> (parser, records, {skip reason: rows})
READ: dict[str, tuple[str, int, dict[str, int]]] = {
    "cnvkit/amplicon.first300.cnr": ("cnvkit_cnr", 18, {}),
    "cnvkit/p2-9_2.chr12_50-75Mb.cnr": ("cnvkit_cnr", 9, {OFF_TARGET: 111, NOT_GENE: 11}),
    "cnvkit/cw-tr-log2.first300.seg": ("seg", 300, {}),
    "cbioportal-core/data_cna.seg": ("seg", 9, {}),
    "cbioportal-core/segment_data_cna_hg19.seg": ("seg", 10, {}),
    "purecn/example_gatk4_modelfinal.seg": ("gatk_cnv", 23, {}),
    "purecn/example_gatk4_denoised_cr.tsv": ("gatk_cnv", 21, {}),
    "gpgr-purple/purple.cnv.somatic.tsv": ("purple_cnv", 59, {}),
    "gpgr-purple/purple.cnv.germline.tsv": ("purple_cnv", 67, {}),
    "gpgr-purple/purple.cnv.gene.tsv": ("purple_gene", 240, {}),
    "nf-core-test-datasets/HCC1395T_vs_HCC1395N.cnvcall.subset.vcf": ("cnv_vcf", 11, {}),
    "cbioportal-core/data_cna_discrete.txt": ("cbioportal_cna", 27, {ENTREZ_ONLY: 1}),
    "cbioportal-core/data_cna_discrete_long.txt": ("cbioportal_cna", 27, {ENTREZ_ONLY: 3}),
    "cbioportal-core/data_cna_discrete_import_test.txt": (
        "cbioportal_cna",
        14,
        {SEVERAL: 1, REPEATED: 1},
    ),
    "cbioportal-core/panCancerStudySummary_data_CNA.txt": ("cbioportal_cna", 228, {}),
    "oncokb-annotator/example_cna.txt": ("oncokb_cna", 6, {REPEATED: 2}),
    "oncokb-annotator/example_individual_cna.txt": ("oncokb_cna", 6, {REPEATED: 6}),
    "pcgr/T001-BRCA.grch37.cna.tsv": ("pcgr_cna", 252, {}),
    "pcgr/T001-BRCA.grch38.cna.tsv": ("pcgr_cna", 260, {}),
}
# Not copy-number results: cBioPortal study metadata, PURPLE purity/QC/version, and cBioPortal
# driver annotations (sample, Entrez ID, driver tier; no values).
REJECTED = [
    "cbioportal-core/meta_cna_discrete.txt",
    "cbioportal-core/meta_cna_discrete_long.txt",
    "cbioportal-core/meta_cna_seg.txt",
    "cbioportal-core/segment_meta_cna_hg19_seg.txt",
    "cbioportal-core/data_cna_pd_annotations.txt",
    "gpgr-purple/purple.purity.tsv",
    "gpgr-purple/purple.qc",
    "gpgr-purple/purple.version",
]
# CNVkit segments, read by the cnvkit parser (test_cnvkit.py)
CNVKIT_SEGMENTS = ["amplicon.cns", "nv3.cns", "p2-9_2.call.cns", "p2-9_2.cns", "tr95t.cns"]


def read(name: str, **options: str) -> ParsedInput:
    path = shared_samples() / "cnv" / name
    parser = detect(path).parser
    parse = {
        "seg": seg.parse,
        "cbioportal_cna": cbioportal_cna.parse,
        "oncokb_cna": oncokb_cna.parse,
    }.get(parser.name, parser.parse)
    return parse(path, **options) if options else parse(path)


def calls(parsed: ParsedInput, build: Build) -> dict[str, GeneCopyNumber]:
    return {c.gene: c for c in gene_calls(tumour_records([parsed]), IMT_CN, build)}


def not_neutral(parsed: ParsedInput, build: Build, genes: list[str]) -> dict[str, str]:
    found = gene_calls(tumour_records([parsed]), genes, build)
    return {c.gene: c.call for c in found if c.call != "neutral"}


# --- every file in cnv/ is read or rejected ------------------------------------------------


def test_every_cnv_sample_is_read_or_rejected() -> None:
    root = shared_samples() / "cnv"
    on_disk = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    listed = set(READ) | set(REJECTED) | {f"cnvkit/{n}" for n in CNVKIT_SEGMENTS}
    assert on_disk - {"cnvkit/tr95t.segmetrics.cns"} == listed


@pytest.mark.parametrize("name", sorted(READ))
def test_file_is_detected_and_read(name: str) -> None:
    parser, records, skipped = READ[name]
    parsed = read(name)
    assert detect(shared_samples() / "cnv" / name).parser.name == parser
    assert parsed.format == parser
    assert len(parsed.records) == records
    assert {s.reason: s.count for s in parsed.skipped} == skipped
    for record in parsed.records:
        assert record.source.line >= 1
        if isinstance(record, CopyNumberSegment | GeneLevelCopyNumber) and record.chrom:
            assert not record.chrom.startswith("chr")


@pytest.mark.parametrize("name", REJECTED)
def test_non_data_files_are_rejected(name: str) -> None:
    with pytest.raises(UnknownFormatError):
        detect(shared_samples() / "cnv" / name)


# --- CNVkit .cnr ---------------------------------------------------------------------------


def test_cnr_gene_value_is_the_weighted_mean_of_its_bins() -> None:
    parsed = read("cnvkit/p2-9_2.chr12_50-75Mb.cnr")
    genes = {r.gene: r for r in parsed.records if isinstance(r, GeneLevelCopyNumber)}
    assert list(genes) == [
        "ATF1", "ATF7", "ERBB3", "BAZ2A", "DDIT3", "CDK4", "SLC16A7", "SRGAP1", "MDM2",
    ]  # fmt: skip
    mdm2 = genes["MDM2"]
    assert (mdm2.chrom, mdm2.start, mdm2.end, mdm2.log2) == ("12", 69202161, 69233701, -0.129591)
    raw = mdm2.source.raw_dict()
    assert (raw["bins"], raw["bin_lines"], raw["log2_median"]) == ("11", "143-153", "-0.169937")
    assert genes["CDK4"].log2 == 0.028902
    # p2-9_2 has no 12q amplicon: both genes neutral
    assert {c.gene: c.call for c in calls(parsed, "GRCh37").values()} == {
        "MDM2": "neutral",
        "CDK4": "neutral",
    }


def test_cnr_comma_labels_count_for_each_gene_and_outlier_bins_are_averaged() -> None:
    parsed = read("cnvkit/amplicon.first300.cnr")
    genes = {r.gene: r for r in parsed.records if isinstance(r, GeneLevelCopyNumber)}
    assert genes["FIP1L1"].log2 == genes["PDGFRA"].log2 == -0.889898
    assert genes["ALK"].source.raw_dict()["bins"] == "30"
    found = calls(parsed, "GRCh37")
    assert (found["ALK"].call, found["ALK"].evidence) == ("deletion", "log2 -1.29128")
    assert found["ALK"].how_assigned == "gene-level value"
    assert (found["PIK3CA"].call, found["PIK3CA"].log2) == ("gain", 1.23185)


# --- SEG -----------------------------------------------------------------------------------


def test_seg_single_sample_needs_no_choice() -> None:
    parsed = read("cbioportal-core/data_cna.seg")
    assert parsed.sample_hint == "TCGA-A1-A0SE-01"
    assert parsed.warnings == ()
    first = parsed.records[0]
    assert isinstance(first, CopyNumberSegment)
    assert (first.chrom, first.start, first.end, first.log2, first.probes) == (
        "1", 3218610, 95674710, 0.0055, 53225,
    )  # fmt: skip


def test_seg_multi_sample_reads_all_and_names_them() -> None:
    parsed = read("cbioportal-core/segment_data_cna_hg19.seg")
    assert parsed.sample_hint is None
    (warning,) = parsed.warnings
    assert "holds 3 samples (TCGA-3C-AAAU-01, TCGA-3C-AAAU-10, TCGA-3C-AAUU-01)" in warning
    last = parsed.records[-1]
    assert isinstance(last, CopyNumberSegment)
    assert (last.start, last.end) == (201475220, 201475220)  # a one-base segment is kept


def test_seg_mdm2_amplicon_belongs_to_one_sample() -> None:
    pooled = read("cnvkit/cw-tr-log2.first300.seg")
    assert dict(pooled.details)["samples"] == (
        "TR_01_T, TR_02_T, TR_04_T, TR_05_T, TR_06_T, TR_07_T, TR_101_T"
    )
    mdm2 = calls(pooled, "GRCh37")["MDM2"]
    assert (mdm2.call, mdm2.log2, mdm2.source.line) == ("amplification", 3.5292, 201)
    assert mdm2.source.raw_dict()["ID"] == "TR_06_T"
    chosen = read("cnvkit/cw-tr-log2.first300.seg", sample="TR_06_T")
    assert (chosen.sample_hint, chosen.warnings, len(chosen.records)) == ("TR_06_T", (), 74)
    assert sum(s.count for s in chosen.skipped) == 226
    assert calls(chosen, "GRCh37")["MDM2"].call == "amplification"
    other = read("cnvkit/cw-tr-log2.first300.seg", sample="TR_01_T")
    assert calls(other, "GRCh37")["MDM2"].call == "neutral"
    with pytest.raises(InputFormatError, match="sample 'TR_99_T' is not in the file; samples"):
        read("cnvkit/cw-tr-log2.first300.seg", sample="TR_99_T")


# --- GATK ----------------------------------------------------------------------------------


def test_gatk_model_final_segments_build_and_sample() -> None:
    parsed = read("purecn/example_gatk4_modelfinal.seg")
    assert (parsed.genome_hint, parsed.sample_hint) == ("GRCh38", "Sample1")
    assert parsed.format_label == "GATK ModelSegments modelFinal/modelBegin.seg"
    first = parsed.records[0]
    assert isinstance(first, CopyNumberSegment)
    assert (first.chrom, first.start, first.end, first.log2, first.probes) == (
        "1", 3682750, 243843487, -0.004295, 615,
    )  # fmt: skip
    assert parsed.warnings == ()
    assert not_neutral(parsed, "GRCh38", IMT_CN) == {}


def test_gatk_denoised_bins_are_read_with_a_warning() -> None:
    parsed = read("purecn/example_gatk4_denoised_cr.tsv")
    assert (parsed.genome_hint, parsed.sample_hint) == ("GRCh38", None)
    (warning,) = parsed.warnings
    assert "denoised copy ratios are bins, not segments" in warning
    assert {r.chrom for r in parsed.records if isinstance(r, CopyNumberSegment)} == {"1", "2", "X"}


# --- PURPLE --------------------------------------------------------------------------------


def test_purple_somatic_copies_are_rounded_and_build_comes_from_telomeres() -> None:
    parsed = read("gpgr-purple/purple.cnv.somatic.tsv")
    assert parsed.genome_hint == "GRCh38"
    segments = [r for r in parsed.records if isinstance(r, CopyNumberSegment)]
    assert (segments[0].copies, segments[0].source.raw_dict()["copyNumber"]) == (1, "1.0249")
    sv = next(s for s in segments if s.start == 200044315)
    assert (sv.copies, sv.end, sv.log2) == (3, 200044570, None)
    assert GERMLINE_DETAIL not in parsed.details


def test_purple_germline_file_is_marked_and_never_called() -> None:
    parsed = read("gpgr-purple/purple.cnv.germline.tsv")
    assert GERMLINE_DETAIL in parsed.details
    assert "PURPLE germline deletions" in parsed.warnings[0]
    assert parsed.format_label.startswith("PURPLE copy-number germline deletions")
    assert tumour_records([parsed]) == []


def test_purple_gene_table() -> None:
    parsed = read("gpgr-purple/purple.cnv.gene.tsv")
    first = parsed.records[0]
    assert isinstance(first, GeneLevelCopyNumber)
    assert (first.gene, first.chrom, first.start, first.end, first.copies) == (
        "DDX11L1", "1", 11869, 14409, 1.0249,
    )  # fmt: skip
    found = gene_calls(tumour_records([parsed]), ["DDX11L1"], "GRCh38")
    assert (found[0].call, found[0].evidence) == ("loss", "copies 1.0249")
    assert not_neutral(parsed, "GRCh38", IMT_CN) == {}  # no IMT gene in this trimmed table


# --- CNV VCF -------------------------------------------------------------------------------


def test_cnvkit_vcf_records() -> None:
    parsed = read("nf-core-test-datasets/HCC1395T_vs_HCC1395N.cnvcall.subset.vcf")
    assert (parsed.sample_hint, parsed.genome_hint) == ("HCC1395T.sorted.somatic.call", None)
    assert dict(parsed.details)["source"] == "CNVkit v0.9.10"
    segments = [r for r in parsed.records if isinstance(r, CopyNumberSegment)]
    first = segments[0]
    assert (first.chrom, first.start, first.end, first.log2, first.copies, first.probes) == (
        "1", 146017353, 146121003, -0.302287, None, 50,
    )  # fmt: skip
    amplified = next(s for s in segments if s.chrom == "2" and s.copies == 9)
    assert (amplified.start, amplified.end, amplified.log2) == (88978268, 89268080, 2.16678)
    deep = next(s for s in segments if s.chrom == "3")
    assert deep.log2 == -27.6463


# --- cBioPortal / OncoKB discrete ----------------------------------------------------------


def test_cbioportal_wide_rules_of_the_importer() -> None:
    parsed = read("cbioportal-core/data_cna_discrete.txt")
    assert (
        "holds 3 samples (TCGA-XX-0800-01, TCGA-AB-CDEF-10-BLOOD_DERIVED_NORMAL, "
        in (parsed.warnings[0])
    )
    values = {
        (r.gene, r.source.raw_dict()["sample"]): r
        for r in parsed.records
        if isinstance(r, GeneLevelCopyNumber)
    }
    assert values[("AKT2", "TCGA-XX-0800-01")].discrete == -2  # "AKT2|TEST"
    brca2 = values[("BRCA2", "TCGA-XX-0800-01")]
    assert (brca2.discrete, brca2.caller_call) == (-2, "-1.5")
    assert values[("BRCA1", "TCGA-XX-0800-01")].discrete == 2  # symbol without Entrez ID
    (entrez_only,) = parsed.skipped
    assert entrez_only.lines == (11,)


def test_cbioportal_sample_choice_gives_that_patient_calls() -> None:
    parsed = read("cbioportal-core/data_cna_discrete.txt", sample="TCGA-A1-A0SO-01")
    assert (parsed.sample_hint, parsed.warnings, len(parsed.records)) == (
        "TCGA-A1-A0SO-01", (), 9,
    )  # fmt: skip
    assert not_neutral(parsed, "GRCh37", ["KRAS", "BRAF", "AKT3", "CDK1"]) == {
        "KRAS": "amplification",
        "BRAF": "deletion",
        "AKT3": "deletion",
        "CDK1": "amplification",
    }


def test_cbioportal_long_tables() -> None:
    long = read("cbioportal-core/data_cna_discrete_long.txt", sample="TCGA-A1-A0SO-01")
    assert len(long.records) == 9
    akt2 = next(r for r in long.records if isinstance(r, GeneLevelCopyNumber) and r.gene == "AKT2")
    assert akt2.source.raw_dict()["cbp_driver"] == "Putative_Driver"
    test = read("cbioportal-core/data_cna_discrete_import_test.txt")
    skipped = {s.reason: s.lines for s in test.skipped}
    assert skipped == {SEVERAL: (23,), REPEATED: (26,)}
    kiaa = [r for r in test.records if isinstance(r, GeneLevelCopyNumber) and r.gene == "KIAA1549"]
    assert [r.discrete for r in kiaa] == [2, -2]  # the repeat (2, line 26) does not override


def test_pan_cancer_summary_crlf_wide_table() -> None:
    parsed = read("cbioportal-core/panCancerStudySummary_data_CNA.txt")
    assert len(dict(parsed.details)["samples"].split(", ")) == 19
    assert {r.gene for r in parsed.records if isinstance(r, GeneLevelCopyNumber)} >= {"TESTA1CF"}


def test_oncokb_gistic_table_cdk4() -> None:
    pooled = read("oncokb-annotator/example_cna.txt")
    assert "holds 2 samples (TCGA-05-4417-01, TCGA-02-0033-01)" in pooled.warnings[0]
    first = read("oncokb-annotator/example_cna.txt", sample="TCGA-05-4417-01")
    second = read("oncokb-annotator/example_cna.txt", sample="TCGA-02-0033-01")
    assert calls(first, "GRCh37")["CDK4"].call == "deletion"
    cdk4 = calls(second, "GRCh37")["CDK4"]
    assert (cdk4.call, cdk4.basis, cdk4.evidence) == (
        "amplification", "discrete", "discrete +2 (GISTIC-style -2..2)",
    )  # fmt: skip


def test_oncokb_individual_words_and_repeats() -> None:
    parsed = read("oncokb-annotator/example_individual_cna.txt", sample="TCGA-05-4417-01")
    values = {r.gene: r.discrete for r in parsed.records if isinstance(r, GeneLevelCopyNumber)}
    assert values == {"MET": 2, "ERBB2": 2, "CDK4": -2}
    repeats = {s.reason: s.lines for s in parsed.skipped}[REPEATED]
    # CDK4 -1 (line 5), the other sample's second CDK4 (9), then the four word rows
    assert repeats == (5, 9, 10, 11, 12, 13)


# --- PCGR ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "build"), [("grch37", "GRCh37"), ("grch38", "GRCh38")])
def test_pcgr_copies_are_major_plus_minor(name: str, build: Build) -> None:
    parsed = read(f"pcgr/T001-BRCA.{name}.cna.tsv")
    first = parsed.records[0]
    assert isinstance(first, CopyNumberSegment)
    assert first.copies == 1 and first.source.raw_dict()["nMinor"] == "0"
    assert not_neutral(parsed, build, IMT_CN) == {
        "ALK": "loss", "ROS1": "loss", "PIK3CA": "gain", "NTRK3": "gain", "PDGFRB": "loss",
    }  # fmt: skip


# --- hostile inputs (no samples folder needed) ---------------------------------------------


def write(tmp_path: Path, text: str, name: str = "input.txt", *, crlf_bom: bool = False) -> Path:
    path = tmp_path / name
    if crlf_bom:
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    else:
        path.write_text(text)
    return path


SEG_TEXT = "ID\tchrom\tloc.start\tloc.end\tnum.mark\tseg.mean\nS1\t12\t100\t200\t5\t2.5\n"
GATK_TEXT = (
    "@HD\tVN:1.6\n@SQ\tSN:chr1\tLN:249250621\n@SQ\tSN:chr12\tLN:133851895\n@RG\tID:x\tSM:T1\n"
    "CONTIG\tSTART\tEND\tNUM_POINTS_COPY_RATIO\tMEAN_LOG2_COPY_RATIO\tCALL\n"
    "chr12\t69200000\t69250000\t6\t2.9\t+\n"
)
PURPLE_TEXT = (
    "chromosome\tstart\tend\tcopyNumber\tbafCount\tobservedBAF\tbaf\tsegmentStartSupport\t"
    "segmentEndSupport\tmethod\n"
    "chr12\t1\t133275309\t5.6\t10\t0.5\t0.5\tTELOMERE\tTELOMERE\tBAF_WEIGHTED\n"
)
GENE_TEXT = (
    "chromosome\tstart\tend\tgene\tminCopyNumber\tmaxCopyNumber\n"
    "chr12\t68808177\t68850686\tMDM2\t1.9\t14.2\n"
    "chr12\t57747727\t57752310\tCDK4\t0.3\t2.4\n"
)
VCF_TEXT = (
    "##fileformat=VCFv4.2\n##source=DRAGEN_CNV\n##contig=<ID=chr12,length=133275309>\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT1\n"
    "chr12\t68800000\tDRAGEN:GAIN:chr12:68800001-68900000\tN\t<DUP>\t50\tPASS\t"
    "SVTYPE=CNV;END=68900000\tGT:SM:CN:BC\t./1:4.1:8:12\n"
    "chr12\t1000\tDRAGEN:REF:chr12:1001-5000000\tN\t.\t50\tPASS\tEND=5000000\tGT:SM:CN:BC\t"
    "0/0:1.01:2:90\n"
    "chr12\t9000000\tDRAGEN:LOSS:chr12:9000001-9100000\tN\t<DEL>\t3\tcnvQual\tSVTYPE=CNV;"
    "END=9100000\tGT:SM:CN:BC\t0/1:0.5:1:4\n"
)
CBIO_TEXT = "Hugo_Symbol\tEntrez_Gene_Id\tP1\nMDM2\t4193\t2\nCDK4\t1019\t0\n"
ONCOKB_TEXT = "Tumor_Sample_Barcode\tHugo_Symbol\tCopy_Number_Alteration\nP1\tMDM2\tAmplification\n"
PCGR_TEXT = "Chromosome\tStart\tEnd\tnMajor\tnMinor\n12\t68000000\t70000000\t7\t1\n"
CNR_TEXT = (
    "chromosome\tstart\tend\tgene\tlog2\tdepth\tweight\n"
    "chr12\t69202160\t69202400\tMDM2\t3.1\t900\t0.9\n"
    "chr12\t69230000\t69230200\tMDM2\t2.9\t850\t0.8\n"
    "chr12\t69300000\t69500000\tAntitarget\t0.0\t1\t0.5\n"
)

HOSTILE = {
    "seg": (SEG_TEXT, seg.parse),
    "gatk_cnv": (GATK_TEXT, gatk_cnv.parse),
    "purple_cnv": (PURPLE_TEXT, purple_cnv.parse),
    "purple_gene": (GENE_TEXT, purple_gene.parse),
    "cnv_vcf": (VCF_TEXT, cnv_vcf.parse),
    "cbioportal_cna": (CBIO_TEXT, cbioportal_cna.parse),
    "oncokb_cna": (ONCOKB_TEXT, oncokb_cna.parse),
    "pcgr_cna": (PCGR_TEXT, pcgr_cna.parse),
    "cnvkit_cnr": (CNR_TEXT, cnvkit_cnr.parse),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_crlf_bom_gzip_and_no_final_newline(tmp_path: Path, name: str) -> None:
    text, parse = HOSTILE[name]
    plain = parse(write(tmp_path, text, "plain.txt"))
    crlf = write(tmp_path, text.rstrip("\n"), "crlf.txt", crlf_bom=True)
    assert detect(crlf).parser.name == name
    # CRLF, a byte-order mark and a missing final newline change nothing
    assert _without_path(parse(crlf)) == _without_path(plain)
    zipped = tmp_path / "zipped.gz"
    zipped.write_bytes(gzip.compress(text.encode()))
    assert detect(zipped).parser.name == name
    assert len(parse(zipped).records) == len(plain.records)


def _without_path(parsed: ParsedInput) -> list[CopyNumberRecord]:
    return [
        replace(r, source=SourceRef("", r.source.line, r.source.raw))
        for r in tumour_records([parsed])
    ]


def test_hostile_values_are_what_the_formats_mean(tmp_path: Path) -> None:
    gatk = gatk_cnv.parse(write(tmp_path, GATK_TEXT, "g.seg"))
    assert (gatk.genome_hint, gatk.sample_hint) == ("GRCh37", "T1")
    assert gatk.format_label == "GATK CallCopyRatioSegments .called.seg"
    purple = purple_cnv.parse(write(tmp_path, PURPLE_TEXT, "p.tsv"))
    (segment,) = purple.records
    assert isinstance(segment, CopyNumberSegment) and segment.copies == 6  # 5.6 rounds to 6
    genes = purple_gene.parse(write(tmp_path, GENE_TEXT, "g.tsv"))
    # MDM2: max 14.2 is further from 2 than min 1.9; CDK4: min 0.3 is further than max 2.4
    assert [(r.gene, r.copies) for r in genes.records if isinstance(r, GeneLevelCopyNumber)] == [
        ("MDM2", 14.2), ("CDK4", 0.3),
    ]  # fmt: skip
    found = {
        c.gene: c.call for c in gene_calls(tumour_records([genes]), ["MDM2", "CDK4"], "GRCh38")
    }
    assert found == {"MDM2": "amplification", "CDK4": "deletion"}
    vcf = cnv_vcf.parse(write(tmp_path, VCF_TEXT, "d.vcf"))
    assert (vcf.genome_hint, vcf.sample_hint) == ("GRCh38", "T1")
    dup, ref = vcf.records
    assert isinstance(dup, CopyNumberSegment) and isinstance(ref, CopyNumberSegment)
    assert (dup.start, dup.end, dup.copies, dup.probes) == (68800001, 68900000, 8, 12)
    assert dup.log2 is not None and round(dup.log2, 4) == 2.0356  # log2 of SM 4.1
    assert (ref.copies, ref.start) == (2, 1001)
    (filtered,) = vcf.skipped
    assert (filtered.reason, filtered.lines) == ("FILTER not PASS (cnvQual)", (7,))
    cnr = cnvkit_cnr.parse(write(tmp_path, CNR_TEXT, "s.cnr"))
    (mdm2,) = cnr.records
    assert isinstance(mdm2, GeneLevelCopyNumber)
    assert mdm2.log2 == round((3.1 * 0.9 + 2.9 * 0.8) / 1.7, 6)
    assert (mdm2.start, mdm2.end) == (69202161, 69230200)


BAD_NUMBER = [
    ("seg", SEG_TEXT.replace("2.5\n", "2.5x\n"), "seg.mean", "expected a number, got '2.5x'"),
    ("gatk_cnv", GATK_TEXT.replace("\t2.9\t", "\t2,9\t"), "MEAN_LOG2_COPY_RATIO", "'2,9'"),
    ("purple_cnv", PURPLE_TEXT.replace("\t5.6\t", "\tfive\t"), "copyNumber", "'five'"),
    ("purple_gene", GENE_TEXT.replace("14.2", "14.2.1"), "maxCopyNumber", "'14.2.1'"),
    ("cbioportal_cna", CBIO_TEXT.replace("\t2\n", "\t2.5\n"), "P1", "got '2.5'"),
    ("oncokb_cna", ONCOKB_TEXT.replace("Amplification", "Amplified"), "Copy_Number_Alteration",
     "Amplification/Gain/Loss/Deletion, got 'Amplified'"),
    ("pcgr_cna", PCGR_TEXT.replace("\t7\t", "\t7a\t"), "nMajor", "expected an integer, got '7a'"),
    ("cnvkit_cnr", CNR_TEXT.replace("3.1", "3.1e"), "log2", "expected a number, got '3.1e'"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "column", "message"), BAD_NUMBER, ids=lambda v: v[:12])
def test_malformed_number_names_line_column_and_caret(
    tmp_path: Path, name: str, text: str, column: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputFormatError) as err:
        HOSTILE[name][1](path)
    e = err.value
    assert e.column == column and message in str(e)
    assert e.excerpt is not None and e.caret is not None
    offset, length = e.caret
    assert e.excerpt[offset : offset + length] in text


def test_vcf_info_number_caret_points_at_the_value(tmp_path: Path) -> None:
    path = write(tmp_path, VCF_TEXT.replace("END=68900000", "END=68.9M"), "bad.vcf")
    with pytest.raises(InputFormatError) as err:
        cnv_vcf.parse(path)
    e = err.value
    assert (e.line, e.column) == (5, "INFO")
    assert "expected a number for END, got '68.9M'" in str(e)
    assert e.excerpt is not None and e.caret is not None
    assert e.excerpt[e.caret[0] : e.caret[0] + e.caret[1]] == "68.9M"


@pytest.mark.parametrize(
    ("name", "text", "missing"),
    [
        ("gatk_cnv", GATK_TEXT.replace("START\t", "BEGIN\t"), "'START'"),
        ("purple_gene", GENE_TEXT.replace("maxCopyNumber", "max"), "'maxCopyNumber'"),
        ("pcgr_cna", PCGR_TEXT.replace("nMinor", "minor"), "'nMinor'"),
        ("oncokb_cna", ONCOKB_TEXT.replace("Hugo_Symbol", "Gene"), "'Hugo_Symbol'"),
    ],
)
def test_missing_column_is_named(tmp_path: Path, name: str, text: str, missing: str) -> None:
    with pytest.raises(InputFormatError, match=f"missing required column.*{missing}"):
        HOSTILE[name][1](write(tmp_path, text))


def test_seg_leading_warning_line_and_quoted_header(tmp_path: Path) -> None:
    text = 'WARNING: something from R\n"ID"\t"chrom"\t"loc.start"\t"loc.end"\t"seg.mean"\n'
    text += "S1\t23\t1\t100\t-0.6\n"
    path = write(tmp_path, text)
    assert detect(path).parser.name == "seg"
    (segment,) = seg.parse(path).records
    assert isinstance(segment, CopyNumberSegment)
    assert (segment.chrom, segment.probes, segment.log2) == ("X", None, -0.6)


def test_discrete_thresholds_are_fixed_but_ratio_thresholds_are_settings(tmp_path: Path) -> None:
    table = cbioportal_cna.parse(write(tmp_path, CBIO_TEXT))
    strict = CopyNumberThresholds(amplification_copies=20, amplification_log2=4.0)
    found = gene_calls(tumour_records([table]), ["MDM2"], "GRCh38", strict)
    assert found[0].call == "amplification"  # GISTIC 2 means amplified whatever the settings


def test_multi_sample_seg_reads_the_report_sample_or_the_chosen_one(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from annotator.cli import main

    seg = shared_samples() / "cnv/cnvkit/cw-tr-log2.first300.seg"

    def run(*extra: str) -> tuple[int, str, dict[str, object] | None]:
        out = tmp_path / "out"
        result = CliRunner().invoke(
            main, ["annotate", str(seg), "--out", str(out), "--format", "json", *extra]
        )
        reports = list(out.glob("*.report.json")) if out.is_dir() else []
        report = json.loads(reports[0].read_text()) if reports else None
        for p in reports:
            p.unlink()
        return result.exit_code, result.output, report

    code, output, report = run("--sample-id", "TR_06_T", "--genome", "GRCh37")  # hg19 file
    assert code == 0, output
    assert report is not None and "holds 7 samples" not in output
    labels = [f["label"] for f in report["findings"]]  # type: ignore[index]
    assert "MDM2 amplification" in labels
    code, output, _ = run("--sample-id", "OTHER")
    assert code == 0 and "holds 7 samples" in output and "--input-sample" in output
    code, output, _ = run("--sample-id", "OTHER", "--input-sample", "NOPE")
    assert code == 1 and "sample 'NOPE' is not in the file" in output
