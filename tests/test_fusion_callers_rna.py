"""RNA fusion callers beyond Arriba/STAR-Fusion, read from their real outputs: FusionInspector,
FusionCatcher (table and summary), CTAT-LR-Fusion, DRAGEN, EricScript, JAFFA, pizzly, SQUID.

Most fixtures share the FusionCatcher test read set (EML4-ALK, NPM1-ALK, GOPC-ROS1, CD74-ROS1,
ETV6-NTRK3, HOOK3-RET spike-ins), so each file's IMT-kinase calls are pinned with the
breakpoints and support the file states.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.errors import InputFormatError
from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.normalize.genes import parse_gene_field
from annotator.parsers import (
    detect,
    dragen_fusion,
    ericscript,
    fusioncatcher,
    fusioncatcher_summary,
    jaffa,
    squid,
)
from tests.conftest import shared_samples

KINASES = frozenset({"ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3", "RET", "PDGFRB"})
Pinned = tuple[int, str, str, str, str, tuple[int | None, int | None, int | None]]

# file (under fusions/), parser, calls; nothing in these files is skipped.
SAMPLES: tuple[tuple[str, str, int], ...] = (
    ("fusioninspector/fi_repo_ex2.finspector.fusion_predictions.final.abridged.FFPM",
     "fusioninspector", 20),
    ("fusioninspector/nfcore_testdatasets_rnafusion.test.FusionInspector.fusions.abridged"
     ".rows3-5.tsv", "fusioninspector", 3),
    ("fusioncatcher/chimeraviz_extdata.fusioncatcher_833ke_final-list-candidate-fusion-genes.txt",
     "fusioncatcher", 7),
    ("fusioncatcher/fusioncatcher_repo_test.final-list_candidate-fusion-genes.txt",
     "fusioncatcher", 25),
    ("fusioncatcher/fusionreport_test.final-list_candidate-fusion-genes.txt", "fusioncatcher", 22),
    ("fusioncatcher/fusioncatcher_repo_test.summary_candidate_fusions.txt",
     "fusioncatcher_summary", 17),
    ("ctat-lr-fusion/fusionreport_test.ctat_lr_fusion.tsv", "ctat_lr_fusion", 12),
    ("dragen/fusionreport_test.dragen.fusion_candidates.final.tsv", "dragen_fusion", 5),
    ("dragen/rnasum_test_sample_WTS.fusion_candidates.final", "dragen_fusion", 2),
    ("ericscript/chimeraviz_extdata.ericscript_SRR1657556.results.total.tsv", "ericscript", 10),
    ("ericscript/fusionreport_test.ericscript.results.tsv", "ericscript", 12),
    ("jaffa/chimeraviz_extdata.jaffa_results.csv", "jaffa", 24),
    ("jaffa/fusionreport_test.jaffa_results.csv", "jaffa", 12),
    ("pizzly/fusionreport_test.pizzly_flat.tsv", "pizzly", 8),
    ("squid/chimeraviz_extdata.squid_hcc1954_sv.txt", "squid", 98),
    ("squid/fusionreport_test.squid_annotated.txt", "squid", 9),
)  # fmt: skip

FC_REPO_IMT: tuple[Pinned, ...] = (
    (5, "GOPC", "ROS1", "6:117566854:-", "6:117321394:-", (22, 73, 95)),
    (6, "GOPC", "ROS1", "6:117566854:-", "6:117320030:-", (2, 73, 75)),
    (13, "HOOK3", "RET", "8:42968214:+", "10:43116584:+", (10, 10, 20)),
    (17, "ETV6", "NTRK3", "12:11869969:+", "15:87940753:-", (8, 6, 14)),
    (23, "EML4", "ALK", "2:42301391:+", "2:29223587:-", (4, 4, 8)),
    (24, "CD74", "ROS1", "5:150404680:-", "6:117324415:-", (7, 3, 10)),
    (26, "NPM1", "ALK", "5:171391799:+", "2:29223528:-", (3, 3, 6)),
)
FC_REPORT_IMT: tuple[Pinned, ...] = (
    (4, "GOPC", "ROS1", "6:117566854:-", "6:117321394:-", (22, 73, 95)),
    (5, "GOPC", "ROS1", "6:117566854:-", "6:117320030:-", (2, 73, 75)),
    (12, "HOOK3", "RET", "8:42968214:+", "10:43116584:+", (10, 10, 20)),
    (15, "ETV6", "NTRK3", "12:11869969:+", "15:87940753:-", (8, 6, 14)),
    (20, "EML4", "ALK", "2:42301391:+", "2:29223587:-", (4, 4, 8)),
    (21, "CD74", "ROS1", "5:150404680:-", "6:117324415:-", (7, 3, 10)),
    (23, "NPM1", "ALK", "5:171391799:+", "2:29223528:-", (3, 3, 6)),
)
CTAT_LR_IMT: tuple[Pinned, ...] = (
    (3, "HOOK3^ENSG00000168172", "RET^ENSG00000165731", "8:42968214:+", "10:43116584:+",
     (None, None, 11)),
    (4, "ETV6^ENSG00000139083", "NTRK3^ENSG00000140538", "12:11869969:+", "15:87940753:-",
     (None, None, 10)),
    (8, "CD74^ENSG00000019582", "ROS1^ENSG00000047936", "5:150404680:-", "6:117324415:-",
     (None, None, 7)),
    (10, "EML4^ENSG00000143924", "ALK^ENSG00000171094", "2:42301394:+", "2:29223584:-",
     (None, None, 4)),
    (13, "NPM1^ENSG00000181163", "ALK^ENSG00000171094", "5:171391799:+", "2:29223528:-",
     (None, None, 1)),
)  # fmt: skip
IMT_CALLS: dict[str, tuple[Pinned, ...]] = {
    "fusioncatcher/fusioncatcher_repo_test.final-list_candidate-fusion-genes.txt": FC_REPO_IMT,
    "fusioncatcher/fusionreport_test.final-list_candidate-fusion-genes.txt": FC_REPORT_IMT,
    "fusioncatcher/fusioncatcher_repo_test.summary_candidate_fusions.txt": (
        (7, "GOPC", "ROS1", "None", "None", (None, None, None)),
        (9, "HOOK3", "RET", "None", "None", (None, None, None)),
        (14, "ETV6", "NTRK3", "None", "None", (None, None, None)),
        (16, "CD74", "ROS1", "None", "None", (None, None, None)),
        (19, "EML4", "ALK", "None", "None", (None, None, None)),
        (21, "NPM1", "ALK", "None", "None", (None, None, None)),
    ),
    "ctat-lr-fusion/fusionreport_test.ctat_lr_fusion.tsv": CTAT_LR_IMT,
    "ericscript/fusionreport_test.ericscript.results.tsv": (
        (3, "GOPC", "ROS1", "6:117566854:-", "6:117321394:-", (73, 140, 213)),
        (7, "HOOK3", "RET", "8:42968214:+", "10:43116584:+", (21, 12, 33)),
        (9, "CD74", "ROS1", "5:150404680:-", "6:117324415:-", (14, 3, 17)),
        (12, "ETV6", "NTRK3", "12:11869970:+", "15:87940752:-", (24, 7, 31)),
    ),
    "jaffa/fusionreport_test.jaffa_results.csv": (
        (2, "GOPC", "ROS1", "6:117566854:-", "6:117321394:-", (11, 65, 76)),
        (3, "GOPC", "ROS1", "6:117566854:-", "6:117320030:-", (1, 65, 66)),
        (5, "ETV6", "NTRK3", "12:11869969:+", "15:87940753:-", (6, 6, 12)),
        (9, "CD74", "ROS1", "5:150404680:-", "6:117324415:-", (2, 1, 3)),
    ),
    "pizzly/fusionreport_test.pizzly_flat.tsv": (
        (3, "CD74", "ROS1", "None", "None", (2, 0, 2)),
        (8, "HOOK3", "RET", "None", "None", (8, 2, 10)),
        (9, "ETV6", "NTRK3", "None", "None", (8, 2, 10)),
    ),
    "squid/fusionreport_test.squid_annotated.txt": (
        (5, "HOOK3", "RET", "8:42968214", "10:43116584", (None, None, 11)),
        (7, "ETV6", "NTRK3", "12:11869969", "15:87940753", (None, None, 10)),
    ),
}


def _read(relative: str) -> ParsedInput:
    path = shared_samples() / "fusions" / relative
    return detect(path).parser.parse(path)


def _calls(parsed: ParsedInput) -> list[FusionCall]:
    calls = [r for r in parsed.records if isinstance(r, FusionCall)]
    assert len(calls) == len(parsed.records)
    return calls


def _line(parsed: ParsedInput, line: int) -> FusionCall:
    return next(c for c in _calls(parsed) if c.source.line == line)


def _imt(parsed: ParsedInput) -> tuple[Pinned, ...]:
    out = []
    for c in _calls(parsed):
        genes = parse_gene_field(c.gene5_field).symbols + parse_gene_field(c.gene3_field).symbols
        if KINASES & set(genes):
            out.append(
                (c.source.line, c.gene5_field, c.gene3_field, str(c.bp5), str(c.bp3), c.support)
            )
    return tuple(out)


@pytest.mark.parametrize(("relative", "parser", "calls"), SAMPLES, ids=lambda v: str(v)[-50:])
def test_sample_detected_counted_and_imt_calls_pinned(
    relative: str, parser: str, calls: int
) -> None:
    path = shared_samples() / "fusions" / relative
    assert detect(path).parser.name == parser
    parsed = detect(path).parser.parse(path)
    assert (parsed.format, len(parsed.records), parsed.skipped) == (parser, calls, ())
    assert _imt(parsed) == IMT_CALLS.get(relative, ())


def test_fusioncatcher_keeps_predicted_effect_and_false_positive_labels() -> None:
    parsed = _read("fusioncatcher/fusionreport_test.final-list_candidate-fusion-genes.txt")
    assert parsed.format_label == "FusionCatcher final-list_candidate-fusion-genes.txt (16 columns)"
    eml4 = _line(parsed, 20)
    # Arriba calls this junction in-frame; FusionCatcher's own effect must survive as a note.
    assert eml4.frame is None
    assert "Predicted_effect: CDS(truncated)/UTR" in eml4.caller_notes
    npm1 = _line(parsed, 23)
    assert npm1.frame == "in-frame" and npm1.exon5 is None
    gopc = _line(parsed, 4)
    assert gopc.filters == ()  # 'cacg' is a context label, not a false-positive flag
    assert "cacg" in gopc.caller_notes[0] and "Fusion_finding_method: BOWTIE;BOWTIE+STAR" in (
        gopc.caller_notes
    )
    igh = _line(parsed, 9)
    assert (igh.gene5_field, igh.frame) == ("IGH@", None)
    assert "Predicted_effect: ---/intergenic" in igh.caller_notes


def test_fusioncatcher_18_columns_flags_readthrough_paralogs() -> None:
    parsed = _read(
        "fusioncatcher/chimeraviz_extdata.fusioncatcher_833ke_final-list-candidate-fusion-genes.txt"
    )
    first = _line(parsed, 2)
    assert (first.gene5_field, first.gene3_field, first.frame) == (
        "CLEC6A",
        "CLEC4D",
        "out-of-frame",
    )
    assert first.filters == ("paralogs", "readthrough")
    assert "Predicted_fused_proteins" in first.source.raw_dict()


def test_fusioncatcher_summary_names_and_labels() -> None:
    parsed = _read("fusioncatcher/fusioncatcher_repo_test.summary_candidate_fusions.txt")
    assert parsed.warnings == ()
    assert ("fusion transcripts stated", "22") in parsed.details
    igh = _line(parsed, 8)
    assert (igh.name_field, igh.gene5_field, igh.gene3_field) == ("IGH@--CRLF2", "IGH@", "CRLF2")
    assert _line(parsed, 7).caller_notes == ("already known fusion", "exon-exon fusion junction")


def test_fusioninspector_modern_and_old_layouts() -> None:
    modern = _read(
        "fusioninspector/nfcore_testdatasets_rnafusion.test.FusionInspector.fusions.abridged"
        ".rows3-5.tsv"
    )
    assert modern.format_label == "FusionInspector fusions.abridged (modern layout, 35 columns)"
    fgfr3 = _line(modern, 2)
    assert fgfr3.fusion_type == "NO_JUNCTION_READS_IDENTIFIED" and fgfr3.frame is None
    assert fgfr3.support == (0, 105, 105) and fgfr3.caller_notes[0].startswith(
        "LargeAnchorSupport: NO"
    )
    pdgfra = _line(modern, 3)
    assert (pdgfra.gene5_field, pdgfra.gene3_field) == (
        "FIP1L1^ENSG00000145216.17",
        "PDGFRA^ENSG00000134853.12",
    )
    assert (str(pdgfra.bp5), str(pdgfra.bp3), pdgfra.frame) == (
        "4:53425965:+",
        "4:54274925:+",
        "in-frame",
    )
    assert (pdgfra.transcript5, pdgfra.transcript3) == ("ENST00000703489.1", "ENST00000257290.10")
    old = _read("fusioninspector/fi_repo_ex2.finspector.fusion_predictions.final.abridged.FFPM")
    first = _line(old, 2)
    assert (first.name_field, str(first.bp5), first.support) == (
        "MICAL1--TMEM198B",
        "6:109767899:-",
        (159, 1582, 1741),
    )


def test_ctat_lr_fusion_long_reads_are_a_total_and_read_names_dropped() -> None:
    parsed = _read("ctat-lr-fusion/fusionreport_test.ctat_lr_fusion.tsv")
    fgfr3 = _line(parsed, 2)
    assert fgfr3.support == (None, None, 261) and fgfr3.fusion_type == "INCL_NON_REF_SPLICE"
    raw = fgfr3.source.raw_dict()
    assert "LR_accessions" not in raw
    assert raw["annots"].startswith('["Cosmic","ChimerPub"')  # CSV quotes undone


def test_dragen_old_layout_counts_read_names() -> None:
    parsed = _read("dragen/fusionreport_test.dragen.fusion_candidates.final.tsv")
    assert "read names only" in parsed.format_label
    mt = _line(parsed, 4)  # ReadNames ends with ';'
    assert (mt.gene5_field, mt.gene3_field, str(mt.bp5), mt.support) == (
        "MT-ATP8",
        "MT-ATP6",
        "MT:8427:+",
        (None, None, 12),
    )
    assert "ReadNames" not in mt.source.raw_dict()
    ewsr1 = _line(parsed, 3)
    assert (str(ewsr1.bp5), str(ewsr1.bp3), ewsr1.support[2]) == (
        "22:29287134:+",
        "11:128807180:+",
        21,
    )


def test_dragen_new_layout_split_paired_and_gene_lists() -> None:
    parsed = _read("dragen/rnasum_test_sample_WTS.fusion_candidates.final")
    atad2 = _line(parsed, 2)
    assert atad2.support == (10, 1, 11) and atad2.site5 == "IntactExon"
    assert atad2.caller_notes == ("Score: 0.966183", "NumSoftClippedReads: 4")
    nrip1 = _line(parsed, 3)
    assert (nrip1.name_field, nrip1.gene3_field, nrip1.site3) == (
        "NRIP1--AF127577.4;LINC02246",
        "AF127577.4;LINC02246",
        "IntactExon;IntactExon",
    )
    assert (str(nrip1.bp5), str(nrip1.bp3)) == ("21:15064745:-", "21:14857708:-")


def test_ericscript_inverted_read_names_and_blacklist() -> None:
    parsed = _read("ericscript/chimeraviz_extdata.ericscript_SRR1657556.results.total.tsv")
    npm1 = _line(parsed, 5)
    # spanningreads (68) are junction reads, crossingreads (2459) read pairs
    assert (npm1.gene5_field, npm1.split_reads, npm1.discordant_reads) == ("NPM1", 68, 2459)
    assert npm1.filters == ("Blacklist: Frequency: 0.032",)
    assert _line(parsed, 6).fusion_type == "Read-Through"


def test_jaffa_old_quoted_layout_missing_pairs_and_samples() -> None:
    parsed = _read("jaffa/chimeraviz_extdata.jaffa_results.csv")
    assert parsed.format_label == "JAFFA jaffa_results.csv (layout without strands)"
    assert parsed.sample_hint is None and "2 samples (MCF7-demo, BT474-demo)" in parsed.warnings[0]
    bcas4 = _line(parsed, 2)  # gap Inf (different chromosomes)
    assert (bcas4.gene5_field, bcas4.gene3_field, str(bcas4.bp5), str(bcas4.bp3)) == (
        "BCAS4",
        "BCAS3",
        "20:49411710",
        "17:59445688",
    )
    assert (bcas4.support, bcas4.frame, bcas4.confidence) == (
        (263, 381, 644),
        "out-of-frame",
        "HighConfidence",
    )
    med1 = _line(parsed, 20)  # spanning pairs '-'
    assert med1.support == (30, None, 30) and med1.confidence == "MediumConfidence"
    assert _line(parsed, 24).frame is None  # NA


def test_jaffa_2x_strands_and_frame() -> None:
    parsed = _read("jaffa/fusionreport_test.jaffa_results.csv")
    assert parsed.sample_hint == "reads"
    fgfr3 = _line(parsed, 10)
    assert (fgfr3.frame, fgfr3.confidence, fgfr3.name_field) == (
        None,
        "LowConfidence",
        "FGFR3:TACC3",
    )
    assert _line(parsed, 5).caller_notes == ("known: Yes", "rearrangement: TRUE")


def test_squid_segment_strands_are_not_gene_strands() -> None:
    parsed = _read("squid/fusionreport_test.squid_annotated.txt")
    calls = _calls(parsed)
    assert all(bp is None or bp.strand is None for c in calls for bp in (c.bp5, c.bp3))
    hook3 = _line(parsed, 5)  # segment 1 is RET (chr10): the 5' HOOK3 segment is the second
    assert (str(hook3.bp5), str(hook3.bp3), hook3.fusion_type) == (
        "8:42968214",
        "10:43116584",
        "fusion-gene",
    )
    brd4 = _line(parsed, 8)  # neither gene modelled: breakpoints not guessed
    assert (brd4.gene5_field, brd4.gene3_field, brd4.bp5, brd4.bp3) == (
        "BRD4,BRD4-1",
        "NUTM1",
        None,
        None,
    )
    assert brd4.caller_notes == (
        "segment breakpoints 15:34347969 and 19:15254152; which gene each belongs to is not stated",
    )
    other = _line(parsed, 10)
    assert (other.gene5_field, other.ordered, other.fusion_type) == ("", False, "non-fusion-gene")


def test_squid_raw_sv_file_keeps_segments_in_file_order() -> None:
    parsed = _read("squid/chimeraviz_extdata.squid_hcc1954_sv.txt")
    first = _line(parsed, 2)  # 17 38135885 38136308 + / 17 38137195 38137773 +
    assert (str(first.bp5), str(first.bp3), first.support, first.ordered) == (
        "17:38136308",
        "17:38137773",
        (None, None, 685),
        False,
    )
    mt = _line(parsed, 3)  # MT 0 408 '-': 0-based start 0 is base 1
    assert (str(mt.bp5), str(mt.bp3)) == ("MT:1", "MT:16569")


def test_pizzly_has_no_breakpoints() -> None:
    parsed = _read("pizzly/fusionreport_test.pizzly_flat.tsv")
    etv6 = _line(parsed, 9)
    assert (etv6.bp5, etv6.bp3) == (None, None)
    assert etv6.caller_notes == ("9 transcript pairs; no genomic breakpoints",)


# --- hostile input, built in tmp_path (runs without the shared samples) ---------------------

FC_HEADER = (
    "Gene_1_symbol(5end_fusion_partner)\tGene_2_symbol(3end_fusion_partner)\tFusion_description\t"
    "Counts_of_common_mapping_reads\tSpanning_pairs\tSpanning_unique_reads\tLongest_anchor_found\t"
    "Fusion_finding_method\tFusion_point_for_gene_1(5end_fusion_partner)\t"
    "Fusion_point_for_gene_2(3end_fusion_partner)\tGene_1_id(5end_fusion_partner)\t"
    "Gene_2_id(3end_fusion_partner)\tExon_1_id(5end_fusion_partner)\t"
    "Exon_2_id(3end_fusion_partner)\tFusion_sequence\tPredicted_effect"
)
FC_ROWS = (
    "EML4\tALK\tknown,oncogene\t0\t4\t4\t33\tBOWTIE+STAR\t2:42301391:+\t2:29223587:-\t"
    "ENSG00000143924\tENSG00000171094\t\t\tACGT*TTGA\tCDS(truncated)/UTR",
    "NPM1\tALK\tknown,readthrough\t0\t3\t3\t30\tBOWTIE\t5:171391799:+\t2:29223528:-\t"
    "ENSG00000181163\tENSG00000171094\tENSE00003625205\tENSE00001154407\tACGT*TTGA\tin-frame",
)
JAFFA_TEXT = (
    '"sample","fusion genes","chrom1","base1","chrom2","base2","gap (kb)","spanning pairs",'
    '"spanning reads","inframe","aligns","rearrangement","contig","contig break",'
    '"classification","known"\n'
    '"S1","EML4:ALK","chr2",42301394,"chr2",29223584,Inf,"-",7,TRUE,TRUE,TRUE,"c1",10,'
    '"HighConfidence","Yes"\n'
    '"S1","ETV6:NTRK3","chr12",11869969,"chr15",87940753,Inf,"2",5,NA,TRUE,TRUE,"c2",12,'
    '"LowConfidence","-"\n'
)


def _hostile(tmp_path: Path, text: str) -> Path:
    """The same table with a BOM, CRLF line ends and no final newline."""
    path = tmp_path / "hostile.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.rstrip("\n").replace("\n", "\r\n").encode())
    return path


def _pathless(parsed: ParsedInput) -> list[FusionCall]:
    return [
        dataclasses.replace(c, source=SourceRef("", c.source.line, c.source.raw))
        for c in _calls(parsed)
    ]


def test_fusioncatcher_crlf_bom_no_final_newline_parse_identically(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("\n".join((FC_HEADER, *FC_ROWS)) + "\n")
    hostile = _hostile(tmp_path, clean.read_text())
    assert detect(hostile).parser.name == "fusioncatcher"
    calls = _pathless(fusioncatcher.parse(clean))
    assert calls == _pathless(fusioncatcher.parse(hostile))
    assert [c.filters for c in calls] == [(), ("readthrough",)]
    assert calls[1].support == (3, 3, 6)
    assert calls[1].source.raw_dict()["Exon_1_id(5end_fusion_partner)"] == "ENSE00003625205"
    assert calls[0].caller_notes[1] == "Predicted_effect: CDS(truncated)/UTR"


def test_jaffa_crlf_bom_no_final_newline_parse_identically(tmp_path: Path) -> None:
    clean = tmp_path / "clean.csv"
    clean.write_text(JAFFA_TEXT)
    hostile = _hostile(tmp_path, JAFFA_TEXT)
    assert detect(hostile).parser.name == "jaffa"
    calls = _pathless(jaffa.parse(clean))
    assert calls == _pathless(jaffa.parse(hostile))
    assert jaffa.parse(hostile).sample_hint == "S1"
    assert [(c.support, c.frame) for c in calls] == [((7, None, 7), "in-frame"), ((5, 2, 7), None)]


def _error(tmp_path: Path, text: str, parse: Callable[[Path], ParsedInput]) -> InputFormatError:
    path = tmp_path / "bad.txt"
    path.write_text(text)
    with pytest.raises(InputFormatError) as err:
        parse(path)
    return err.value


def _under_caret(err: InputFormatError) -> str:
    assert err.excerpt is not None and err.caret is not None
    start, length = err.caret
    return err.excerpt[start : start + length]


def test_fusioncatcher_malformed_breakpoint_points_at_position(tmp_path: Path) -> None:
    bad = FC_ROWS[1].replace("2:29223528:-", "2:292O3528:-")
    err = _error(tmp_path, f"{FC_HEADER}\n{FC_ROWS[0]}\n{bad}\n", fusioncatcher.parse)
    assert (err.line, err.column) == (3, "Fusion_point_for_gene_2(3end_fusion_partner)")
    assert "expected a breakpoint like 'chr2:29223528[:+|-]', got '2:292O3528:-'" in str(err)
    assert _under_caret(err) == "O3528"


def test_fusioncatcher_malformed_count(tmp_path: Path) -> None:
    bad = FC_ROWS[0].replace("\t4\t4\t33\t", "\t4\tfour\t33\t")
    err = _error(tmp_path, f"{FC_HEADER}\n{bad}\n", fusioncatcher.parse)
    assert (err.line, err.column) == (2, "Spanning_unique_reads")
    assert str(err).endswith("column 'Spanning_unique_reads': expected an integer, got 'four'")
    assert _under_caret(err) == "four"


def test_jaffa_malformed_count_and_frame(tmp_path: Path) -> None:
    err = _error(tmp_path, JAFFA_TEXT.replace(",7,TRUE,", ",7x,TRUE,"), jaffa.parse)
    assert (err.line, err.column, _under_caret(err)) == (2, "spanning reads", "7x")
    err = _error(tmp_path, JAFFA_TEXT.replace(",NA,", ",MAYBE,"), jaffa.parse)
    assert (err.line, err.column, err.problem) == (
        3,
        "inframe",
        "expected TRUE, FALSE or NA, got 'MAYBE'",
    )


def test_ericscript_malformed_position(tmp_path: Path) -> None:
    text = (
        "GeneName1\tGeneName2\tchr1\tBreakpoint1\tstrand1\tchr2\tBreakpoint2\tstrand2\t"
        "crossingreads\tspanningreads\tEricScore\n"
        "ETV6\tNTRK3\t12\t11869970\t+\t15\t8794O752\t-\t7\t24\t0.85\n"
    )
    err = _error(tmp_path, text, ericscript.parse)
    assert (err.line, err.column, _under_caret(err)) == (2, "Breakpoint2", "8794O752")


def test_dragen_name_without_separator(tmp_path: Path) -> None:
    text = (
        "#FusionGene\tScore\tLeftBreakpoint\tRightBreakpoint\tReadNames\n"
        "EML4-ALK\t3\tchr2:42301394:+\tchr2:29223584:-\tr1;r2;r3\n"
    )
    err = _error(tmp_path, text, dragen_fusion.parse)
    assert (err.line, err.column, _under_caret(err)) == (2, "FusionGene", "EML4-ALK")


def test_squid_bad_segment_strand(tmp_path: Path) -> None:
    text = (
        "# chrom1\tstart1\tend1\tchrom2\tstart2\tend2\tname\tscore\tstrand1\tstrand2\tType\t"
        "FusedGenes\n10\t43116583\t43116731\t8\t42968010\t42968214\t.\t11\t-\t?\tfusion-gene\t"
        "HOOK3:RET\n"
    )
    err = _error(tmp_path, text, squid.parse)
    assert (err.line, err.column, err.problem) == (
        2,
        "strand2",
        "expected a segment strand '+' or '-', got '?'",
    )


def test_fusioncatcher_summary_count_mismatch_and_bad_item(tmp_path: Path) -> None:
    text = (
        "Very short summary of found candidate fusion genes\n"
        "==================================================\n\n"
        "Found 2 fusion gene(s), which are as follows:\n"
        "  * EML4--ALK  (already known fusion)\n"
    )
    path = tmp_path / "summary.txt"
    path.write_text(text)
    parsed = fusioncatcher_summary.parse(path)
    assert parsed.warnings == (f"{path}:4: the summary states 2 fusion gene(s) but lists 1",)
    err = _error(tmp_path, text + "  * EML4-ALK\n", fusioncatcher_summary.parse)
    assert (err.line, err.problem) == (6, "expected a fusion name 'GENE1--GENE2', got 'EML4-ALK'")
    assert _under_caret(err) == "* EML4-ALK"
