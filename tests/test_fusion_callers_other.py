"""Fusion callers beyond the mainstream RNA set, read from their real outputs: CICERO, deFuse,
InFusion, PRADA, FusionMap, ChimeraScan, Oncofuse, SOAPfuse, Trans-ABySS and LINX.

None of these sample files holds a call on an IMT kinase (ALK, ROS1, NTRK1-3, RET, PDGFRB);
that is asserted, so a change that made one appear would be noticed. Each file's calls are
pinned by line with genes, breakpoints and support; the caller-specific mappings (gene order
from strands, 0-based BEDPE starts, frame codes, exon and domain columns) get their own tests.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.errors import InputFormatError, UnknownFormatError
from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.normalize.genes import parse_gene_field
from annotator.parsers import (
    chimerascan,
    cicero,
    defuse,
    detect,
    fusionmap,
    oncofuse,
    prada,
    transabyss,
)
from tests.conftest import shared_samples

KINASES = frozenset({"ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3", "RET", "PDGFRB"})
Support = tuple[int | None, int | None, int | None]
Pinned = tuple[int, str, str, str | None, str | None, Support]
Skips = tuple[tuple[str, int, tuple[int, ...]], ...]

CICERO = "fusions/cicero/cicero_repo_test"
FUSIONMAP = (
    "fusions/fusionmap/chimeraviz_extdata.FusionMap_01_TestDataset_InputFastq.FusionReport.txt"
)
PRADA = "fusions/prada/chimeraviz_extdata.PRADA.acc.fusion.fq.TAF.tsv"
SOAPFUSE = "fusions/soapfuse/chimeraviz_extdata.soapfuse_833ke_final.Fusion.specific.for.genes"
DEFUSE_833KE = "fusions/defuse/chimeraviz_extdata.defuse_833ke_results.filtered.tsv"
DEFUSE_MAVIS = "fusions/defuse/mavis_tests.defuse_output.tsv"
CHIMERASCAN = "fusions/chimerascan/mavis_tests.chimerascan_output.bedpe"
TRANSABYSS = "fusions/transabyss/mavis_tests.transabyss_events.tab"
ONCOFUSE = "fusions/oncofuse/chimeraviz_extdata.oncofuse.outfile"
INFUSION = "fusions/infusion/chimeraviz_extdata.infusion_fusions.txt"
LINX = "variants/gpgr-umccrise/linx.fusion.tsv"

# file (under ../shared/samples), parser, calls, skipped (reason, count, lines)
SAMPLES: tuple[tuple[str, str, int, Skips], ...] = (
    (f"{CICERO}.final_fusions.txt", "cicero", 1, ()),
    (f"{CICERO}.annotated.fusion.txt", "cicero", 1, ()),
    (f"{CICERO}.final_internal.txt", "cicero", 0, ()),
    (f"{CICERO}.unfiltered.fusion.txt", "cicero", 2, ()),
    (DEFUSE_833KE, "defuse", 17, ()),
    (DEFUSE_MAVIS, "defuse", 19, ()),
    (INFUSION, "infusion", 19, ()),
    (PRADA, "prada", 10, ()),
    (FUSIONMAP, "fusionmap", 36, ()),
    (CHIMERASCAN, "chimerascan", 17, (("repeats an earlier row exactly", 2, (9, 11)),)),
    (ONCOFUSE, "oncofuse", 6, ()),
    (SOAPFUSE, "soapfuse", 41, ()),
    (TRANSABYSS, "transabyss", 12, ()),
    (LINX, "linx", 91, ()),
)  # fmt: skip

PINNED: dict[str, tuple[Pinned, ...]] = {
    f"{CICERO}.final_fusions.txt": (
        (2, "TCF3", "PBX1", "19:1619111:-", "1:164792494:+", (140, None, 140)),
    ),
    f"{CICERO}.annotated.fusion.txt": (
        (2, "TCF3", "PBX1", "19:1619111:-", "1:164792493:+", (140, None, 140)),
    ),
    f"{CICERO}.unfiltered.fusion.txt": (
        (1, "PBX1", "TCF3", "1:164792493", "19:1619111", (168, None, 168)),
        (2, "TCF3", "PBX1", "19:1619111", "1:164792493", (87, None, 87)),
    ),
    DEFUSE_833KE: (
        (2, "RCC1", "HENMT1", "1:28834672:+", "1:109202584:-", (6, 4, 10)),
        (4, "IFITM1", "IFITM3", "11:314356:+", "11:320248:-", (48, 4, 52)),
        (15, "ANAPC1", "AC125232.1", "2:112561025:-", "2:87258030:-", (70, 20, 90)),
    ),
    DEFUSE_MAVIS: (
        (2, "AC007040.8", "RP11-599J14.2", "2:71249661:-", "12:9555152:-", (74, 21, 95)),
        (6, "UBC", "UBB", "12:125398090:-", "17:16285678:+", (192, 7, 199)),
    ),
    INFUSION: (
        (2, "TMPRSS2", "ERG", "21:42880008", "21:39817544", (85, 2, 87)),
        (8, "FLRT1;RP11-21A7A.3", "MACROD1", "11:63886249", "11:63918711", (6, 0, 6)),
    ),
    PRADA: (
        (2, "TBCD", "GLIPR2", "17:80842078:+", "9:36147783:+", (5, 8, 13)),
        (8, "PRLR", "CLPTM1L", "5:35230370:-", "5:1318568:-", (44, 88, 132)),
    ),
    FUSIONMAP: (
        (2, "FADS3", "MTOR", "11:61646784:-", "1:11184690:-", (38, None, 38)),
        (11, "HRASLS5", "ADCK2", "11:63257715:-", "7:140386790:+", (11, None, 11)),
        (17, "BSG", "COX6A1", "19:580461:+", "12:120876182:+", (737, None, 737)),
    ),
    CHIMERASCAN: (
        (2, "LOC389906", "AK000470", "X:3746547:-", "X:3779036:-", (6, None, 37)),
        (3, "HIATL1", "LOC100132077", "9:97200809:+", "9:97101118:+", (7, None, 9)),
        (6, "VIM", "SYCP1", "10:17279591:+", "1:115520178:+", (0, None, 143)),
        (19, "UCN2", "PFKFB4", "3:48599151:-", "3:48587666:-", (0, None, 435)),
    ),
    ONCOFUSE: (
        (2, "PGC", "CLTC", "6:41712527", "17:57724876", (4, 0, 4)),
        (4, "IL1R1", "MET", "2:102791131", "7:116411686", (4, 0, 4)),
    ),
    SOAPFUSE: (
        (2, "APLP2", "HMGB2", "11:129991686:+", "4:174253292:-", (2, 2, 4)),
        (11, "EEF1A1P5", "PABPC1", "9:135896516:+", "8:101721724:-", (21, 2, 23)),
        (42, "ZNF91", "FNDC3B", "19:23541234:-", "3:172118567:+", (4, 3, 7)),
    ),
    TRANSABYSS: (
        (4, "PTEN", "PTEN", "10:89700299:+", "10:89712341:+", (43, 64, 107)),
        (13, "DMD", "DMD", "X:31216211:-", "X:31196943:-", (20, 36, 56)),
    ),
    LINX: (
        (2, "DMD", "DMD", None, None, (None, None, None)),
        (90, "PTEN", "VMP1", None, None, (None, None, None)),
    ),
}


def _read(relative: str) -> ParsedInput:
    path = shared_samples() / relative
    return detect(path).parser.parse(path)


def _calls(parsed: ParsedInput) -> list[FusionCall]:
    calls = [r for r in parsed.records if isinstance(r, FusionCall)]
    assert len(calls) == len(parsed.records)
    return calls


def _line(parsed: ParsedInput, line: int) -> FusionCall:
    (call,) = [c for c in _calls(parsed) if c.source.line == line]
    return call


def _pin(call: FusionCall) -> Pinned:
    bp5, bp3 = (str(b) if b else None for b in (call.bp5, call.bp3))
    return call.source.line, call.gene5_field, call.gene3_field, bp5, bp3, call.support


@pytest.mark.parametrize(("relative", "parser", "count", "skips"), SAMPLES, ids=lambda v: str(v))
def test_sample_detected_counted_skips_and_calls_pinned(
    relative: str, parser: str, count: int, skips: Skips
) -> None:
    path = shared_samples() / relative
    assert detect(path).parser.name == parser
    parsed = _read(relative)
    assert parsed.format == parser
    assert len(_calls(parsed)) == count
    assert tuple((s.reason, s.count, s.lines) for s in parsed.skipped) == skips
    pinned = PINNED.get(relative, ())
    assert tuple(_pin(_line(parsed, p[0])) for p in pinned) == pinned
    assert all(c.source.path == str(path) for c in _calls(parsed))


@pytest.mark.parametrize("relative", [s[0] for s in SAMPLES], ids=lambda v: v.rsplit("/", 1)[-1])
def test_no_imt_kinase_call_in_these_samples(relative: str) -> None:
    calls = _calls(_read(relative))
    genes = {
        symbol
        for call in calls
        for field in (call.gene5_field, call.gene3_field)
        for symbol in parse_gene_field(field).symbols
    }
    assert bool(genes) == bool(calls)  # the check looked at real gene names
    assert sorted(genes & KINASES) == []


def test_cicero_final_frame_exons_rating_and_medal() -> None:
    call = _line(_read(f"{CICERO}.final_fusions.txt"), 2)
    assert call.caller == "CICERO"
    assert call.ordered
    assert (call.frame, call.confidence, call.fusion_type) == ("in-frame", "HQ", "CTX")
    # first RefSeq isoform pair with the reported frame code
    assert (call.transcript5, call.exon5, call.transcript3, call.exon3) == (
        "NM_001136139",
        15,
        "NM_001204961",
        3,
    )
    assert (call.site5, call.site3) == ("coding", "coding")
    assert call.caller_notes == ("medal: 4", "score: 5802.00", "functional effect: Fusion")
    raw = call.source.raw_dict()
    assert "contig" not in raw and "sv_AA" not in raw
    assert raw["readsA"] == "62" and raw["readsB"] == "78"


def test_cicero_annotated_has_no_frame_and_internal_is_header_only() -> None:
    annotated = _read(f"{CICERO}.annotated.fusion.txt")
    assert annotated.format_label == "CICERO annotated.fusion table (28 columns)"
    call = _line(annotated, 2)
    assert (call.frame, call.confidence, call.exon5, call.transcript5) == (None, None, None, None)
    internal = _read(f"{CICERO}.final_internal.txt")
    assert internal.format_label == "CICERO final_fusions table (55 columns)"
    assert internal.records == () and internal.skipped == () and internal.warnings == ()


def test_cicero_unfiltered_is_headerless_unordered_and_warned() -> None:
    parsed = _read(f"{CICERO}.unfiltered.fusion.txt")
    assert parsed.format_label == "CICERO unfiltered candidates (no header, 30 columns)"
    assert parsed.sample_hint == "test"
    assert len(parsed.warnings) == 1 and "unfiltered CICERO candidates" in parsed.warnings[0]
    first, second = _calls(parsed)
    # the same junction seen from each side: listed in both gene orders, neither is 5'->3'
    assert (first.gene5_field, second.gene5_field) == ("PBX1", "TCF3")
    assert not first.ordered and not second.ordered
    assert first.source.raw_dict()["same_gene"] == "0" and "qseq" not in first.source.raw_dict()
    assert first.caller_notes[0].startswith("unfiltered CICERO candidate")


def test_cicero_unoriented_event_keeps_file_order(tmp_path: Path) -> None:
    text = _cicero_text().replace("\tcoding\t>\t62", "\tcoding\t?\t62")
    path = tmp_path / "final_fusions.txt"
    path.write_text(text)
    call = _calls(cicero.parse(path))[0]
    assert not call.ordered
    assert call.bp5 is not None and call.bp5.strand is None
    assert "could not orient" in call.caller_notes[-1]


def test_defuse_gene_order_from_genomic_and_gene_strands() -> None:
    mavis = _read(DEFUSE_MAVIS)
    swapped = _line(mavis, 2)  # file: RP11-599J14.2 (gene1), AC007040.8 (gene2)
    assert swapped.ordered
    assert swapped.source.raw_dict()["gene_name1"] == "RP11-599J14.2"
    assert "gene 2 keeps its 5' part" in swapped.caller_notes[0]
    three_three = _line(mavis, 3)  # both genes keep their 3' part: not a sense fusion
    assert (three_three.gene5_field, three_three.gene3_field) == ("HDHD1", "STS")
    assert not three_three.ordered
    assert sum(not c.ordered for c in _calls(mavis)) == 8
    filtered = _read(DEFUSE_833KE)
    assert sum(not c.ordered for c in _calls(filtered)) == 2
    ifitm = _line(filtered, 4)
    assert (ifitm.frame, ifitm.fusion_type) == ("in-frame", "inversion,altsplice")
    assert (ifitm.transcript5, ifitm.transcript3) == ("ENST00000328221", "ENST00000531688")
    assert ifitm.caller_notes == ("probability: 0.871258873257802",)
    assert "splitr_sequence" not in ifitm.source.raw_dict()
    assert filtered.format_label == "deFuse results (classified) (71 columns)"


def test_infusion_does_not_state_gene_order() -> None:
    parsed = _read(INFUSION)
    assert all(not c.ordered for c in _calls(parsed))
    call = _line(parsed, 2)
    assert call.fusion_type == "intra-chromosomal"
    assert call.caller_notes == ("InFusion does not state which gene is 5'; genes in file order",)


def test_prada_best_junction_other_junctions_and_sample() -> None:
    parsed = _read(PRADA)
    assert parsed.sample_hint == "TCGA-OR-A5J1-01A-11R-A29S-07"
    tbcd = _line(parsed, 2)
    assert tbcd.caller_notes == (
        "Position_Consist: PARTIALLY",
        "other junction: TBCD 17:80842078 - GLIPR2 9:36162359 (2 reads)",
    )
    mll = _line(parsed, 7)  # old symbol kept as written; the 6-read junction wins over 1 read
    assert (mll.gene5_field, str(mll.bp5), str(mll.bp3)) == (
        "MLL",
        "11:118353210:+",
        "11:118301739:+",
    )


def test_fusionmap_counts_strands_transcripts_and_frame() -> None:
    parsed = _read(FUSIONMAP)
    assert parsed.sample_hint == "DatasetP2_SimulatedReads"
    fads3 = _line(parsed, 2)
    raw = fads3.source.raw_dict()
    assert (
        raw["DatasetP2_SimulatedReads.SeedCount"],
        raw["DatasetP2_SimulatedReads.RescuedCount"],
    ) == ("32", "6")
    assert "FusionJunctionSequence" not in raw
    assert (fads3.name_field, fads3.frame) == ("FADS3->MTOR", "out-of-frame")
    assert (fads3.transcript5, fads3.exon5, fads3.transcript3, fads3.exon3) == (
        "NM_021727",
        3,
        "NM_004958",
        47,
    )
    tbck = _line(parsed, 3)  # four TBCK transcripts, strands "----"
    assert tbck.bp3 is not None and tbck.bp3.strand == "-"
    assert tbck.transcript3 == "NM_001163436" and tbck.exon3 == 18
    assert _line(parsed, 8).frame == "in-frame"
    frames = [c.frame for c in _calls(parsed)]
    assert (frames.count("in-frame"), frames.count("out-of-frame")) == (10, 26)


def test_fusionmap_several_datasets_one_call_each_and_unsupported_row_skipped(
    tmp_path: Path,
) -> None:
    header = (
        "FusionID\tA.UniqueCuttingPositionCount\tA.SeedCount\tA.RescuedCount\t"
        "B.UniqueCuttingPositionCount\tB.SeedCount\tB.RescuedCount\tStrand\tChromosome1\t"
        "Position1\tChromosome2\tPosition2\tKnownGene1\tKnownGene2\tFusionGene\tFilter\n"
    )
    rows = (
        "FUS_1\t2\t3\t1\t0\t0\t0\t++\t1\t100\t2\t200\tG1\tG2\tG1->G2\t\n"
        "FUS_2\t1\t2\t0\t1\t4\t0\t+-\t3\t300\t4\t400\tG3\tG4\tG3->G4\tSameGene\n"
        "FUS_3\t0\t0\t0\t0\t0\t0\t++\t5\t500\t6\t600\tG5\tG6\tG5->G6\t\n"
    )
    path = tmp_path / "report.txt"
    path.write_text(header + rows)
    parsed = fusionmap.parse(path)
    assert [(c.source.line, c.caller_notes[0], c.split_reads) for c in _calls(parsed)] == [
        (2, "dataset: A", 4),
        (3, "dataset: A", 2),
        (3, "dataset: B", 4),
    ]
    assert _calls(parsed)[1].filters == ("SameGene",)
    assert parsed.sample_hint is None
    (skip,) = parsed.skipped
    assert (skip.reason, skip.lines, skip.examples) == (
        "no dataset has reads for this fusion",
        (4,),
        ("FUS_3",),
    )


def test_chimerascan_bedpe_starts_are_0_based_and_repeats_skipped() -> None:
    parsed = _read(CHIMERASCAN)
    first = _line(parsed, 2)  # 5' on '-': junction at start5p + 1; 3' on '-': at end3p
    raw = first.source.raw_dict()
    assert (raw["start5p"], raw["end3p"]) == ("3746546", "3779036")
    assert "breakpoint_spanning_reads" not in raw
    assert (first.transcript5, first.transcript3) == ("uc004crk.3", "uc004crl.3")
    assert first.fusion_type == "Adjacent_Complex"
    (skip,) = parsed.skipped
    assert skip.examples == ("CLUSTER193 (as line 8)", "CLUSTER71 (as line 7)")


def test_oncofuse_exons_frame_and_retained_kinase_domain() -> None:
    parsed = _read(ONCOFUSE)
    assert parsed.sample_hint == "referenceSampleChimeric.out.junction.hg19"
    assert parsed.genome_hint is None  # a sample name, not a statement of the build
    met = _line(parsed, 4)
    assert (met.exon5, met.exon3, met.frame, met.site3) == (10, 13, "out-of-frame", "Exon")
    assert met.retained_domains3 is not None and "Protein kinase domain" in met.retained_domains3
    assert met.caller_notes[0] == "driver probability: 0.999972477448317"
    assert _line(parsed, 5).frame == "in-frame"
    assert _line(parsed, 7).retained_domains3 == ()


def test_soapfuse_frame_vocabulary_and_types() -> None:
    parsed = _read(SOAPFUSE)
    frames = [c.frame for c in _calls(parsed)]
    assert (frames.count("in-frame"), frames.count("out-of-frame"), frames.count(None)) == (
        12,
        8,
        21,
    )
    npm1 = [c for c in _calls(parsed) if c.gene5_field == "NPM1"]
    assert [c.bp3.pos for c in npm1 if c.bp3] == [31035521, 31035527, 31035563, 31035536]
    assert _line(parsed, 4).fusion_type == "INTRACHR-SS-OGO-0GAP"


def test_transabyss_orders_breakends_by_gene_strand_and_orientation() -> None:
    parsed = _read(TRANSABYSS)
    dmd = _line(parsed, 13)  # minus-strand gene: the right-kept breakend is 5'
    assert (dmd.site5, dmd.site3, dmd.exon5, dmd.exon3, dmd.frame) == (
        "intron67",
        "intron69",
        67,
        70,
        "in-frame",
    )
    grm8 = _line(parsed, 9)  # one gene: its role decides, the other side has no gene
    assert (grm8.gene5_field, grm8.gene3_field, str(grm8.bp5)) == ("GRM8", "", "7:126166901:-")
    assert grm8.ordered
    nothing = _line(parsed, 3)
    assert (nothing.gene5_field, nothing.gene3_field, nothing.ordered) == ("", "", False)
    assert [c.source.line for c in _calls(parsed) if not c.ordered] == [3, 8]
    assert "probe" not in dmd.source.raw_dict()
    assert dmd.caller_notes == ("descriptor: delXp21.2",)


def test_linx_fusions_have_genes_exons_phase_and_no_coordinates() -> None:
    parsed = _read(LINX)
    calls = _calls(parsed)
    assert all(c.bp5 is None and c.bp3 is None for c in calls)
    phases = [c.frame for c in calls]
    assert (phases.count("in-frame"), phases.count("out-of-frame")) == (46, 33)
    assert phases.count("in-frame after exon skipping") == 12
    pten = _line(parsed, 90)
    assert (pten.exon5, pten.exon3, pten.transcript5, pten.transcript3) == (
        1,
        8,
        "ENST00000371953",
        "ENST00000262291",
    )
    assert (pten.name_field, pten.site5, pten.site3) == ("PTEN_VMP1", "Exon 1", "Exon 8")
    assert pten.caller_notes == ("LINX reported: no", "junction copy number: 2.1837")
    smap1 = _line(parsed, 56)
    assert "chained over 1 links, 116156 bases (terminated)" in smap1.caller_notes
    assert smap1.site3 == "Promoter Region"
    assert not any(c.fusion_type for c in calls)  # every reportedType is NONE here


@pytest.mark.parametrize("name", ["linx.breakend.tsv", "linx.driver.catalog.tsv"])
def test_linx_breakend_and_driver_tables_are_not_fusion_lists(name: str) -> None:
    path = shared_samples() / "variants/gpgr-umccrise" / name
    with pytest.raises(UnknownFormatError):
        detect(path)


# --- hostile input -------------------------------------------------------------------------


def _cicero_text() -> str:
    return (shared_samples() / f"{CICERO}.final_fusions.txt").read_text()


def _hostile(tmp_path: Path, text: str, name: str = "hostile.txt") -> Path:
    """The same table with a BOM, CRLF line ends and no final newline."""
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + text.rstrip("\n").replace("\n", "\r\n").encode())
    return path


def _pathless(parsed: ParsedInput) -> list[FusionCall]:
    return [
        dataclasses.replace(c, source=SourceRef("", c.source.line, c.source.raw))
        for c in _calls(parsed)
    ]


@pytest.mark.parametrize(
    "relative",
    [f"{CICERO}.final_fusions.txt", f"{CICERO}.unfiltered.fusion.txt", PRADA, CHIMERASCAN],
    ids=lambda v: v.rsplit("/", 1)[-1],
)
def test_crlf_bom_no_final_newline_parse_identically(tmp_path: Path, relative: str) -> None:
    original = shared_samples() / relative
    text = original.read_bytes().decode().replace("\r\n", "\n")
    hostile = _hostile(tmp_path, text)
    found = detect(hostile)
    assert found.parser.name == detect(original).parser.name
    expected, got = found.parser.parse(original), found.parser.parse(hostile)
    assert _pathless(got) == _pathless(expected)
    assert [(s.reason, s.lines) for s in got.skipped] == [
        (s.reason, s.lines) for s in expected.skipped
    ]


def _error(tmp_path: Path, text: str, parse: Callable[[Path], ParsedInput]) -> InputFormatError:
    path = tmp_path / "bad.txt"
    path.write_text(text)
    with pytest.raises(InputFormatError) as err:
        parse(path)
    return err.value


def _under_caret(err: InputFormatError) -> str:
    assert err.excerpt is not None and err.caret is not None
    start, length = err.caret
    assert err.detail_lines()[1] == "    " + " " * start + "^" * length
    return err.excerpt[start : start + length]


def test_cicero_malformed_position(tmp_path: Path) -> None:
    err = _error(tmp_path, _cicero_text().replace("\t1619111\t", "\t1619x11\t", 1), cicero.parse)
    assert (err.line, err.column) == (2, "posA")
    assert err.problem == "expected an integer, got '1619x11'"
    assert _under_caret(err) == "1619x11"


def test_cicero_malformed_frame_code_points_at_the_code(tmp_path: Path) -> None:
    text = _cicero_text().replace("\tFusion\t1,1,1,", "\tFusion\t1,7,1,", 1)
    err = _error(tmp_path, text, cicero.parse)
    assert (err.line, err.column) == (2, "frame")
    assert err.problem == "expected CICERO frame codes 0-3, got '7'"
    assert _under_caret(err) == "7"


def test_defuse_position_must_be_1_based(tmp_path: Path) -> None:
    text = (shared_samples() / DEFUSE_MAVIS).read_text().replace("\t9555152\t", "\t0\t", 1)
    err = _error(tmp_path, text, defuse.parse)
    assert (err.line, err.column) == (2, "genomic_break_pos1")
    assert err.problem == "expected a 1-based position, got 0"
    assert _under_caret(err) == "0"


def test_prada_malformed_second_junction(tmp_path: Path) -> None:
    text = (
        (shared_samples() / PRADA)
        .read_text()
        .replace("|TBCD:17:80842078_GLIPR2:9:36162359,2", "|TBCD:17:80842078_GLIPR2:9,2", 1)
    )
    err = _error(tmp_path, text, prada.parse)
    assert (err.line, err.column) == (2, "Junction")
    assert err.problem.startswith("expected junctions like 'GENE:CHR:POS_GENE:CHR:POS,READS'")
    assert _under_caret(err) == "TBCD:17:80842078_GLIPR2:9,2"


def test_chimerascan_negative_start_and_bad_strand(tmp_path: Path) -> None:
    text = (shared_samples() / CHIMERASCAN).read_text()
    err = _error(tmp_path, text.replace("\t97101117\t", "\t-3\t", 1), chimerascan.parse)
    assert (err.line, err.column, err.problem) == (
        3,
        "start3p",
        "expected a 0-based BEDPE coordinate, got -3",
    )
    assert _under_caret(err) == "-3"
    bad_strand = text.replace("CLUSTER242\t9\t+\t+", "CLUSTER242\t9\t*\t+", 1)
    err = _error(tmp_path, bad_strand, chimerascan.parse)
    assert (err.line, err.column) == (3, "strand5p")
    assert _under_caret(err) == "*"


def test_oncofuse_malformed_genomic_points_at_the_3prime_side(tmp_path: Path) -> None:
    text = (shared_samples() / ONCOFUSE).read_text()
    err = _error(tmp_path, text.replace(">chr17:57724876", ">chr17:5772487six", 1), oncofuse.parse)
    assert (err.line, err.column) == (2, "GENOMIC")
    assert _under_caret(err) == "chr17:5772487six"


def test_transabyss_malformed_breakpoint(tmp_path: Path) -> None:
    text = (shared_samples() / TRANSABYSS).read_text()
    err = _error(
        tmp_path, text.replace("10:89700299|10:89712341", "10:89700299|10-89712341", 1),
        transabyss.parse,
    )  # fmt: skip
    assert (err.line, err.column) == (4, "breakpoint")
    assert _under_caret(err) == "10-89712341"


def test_headerless_cicero_sniff_is_not_fooled_by_a_30_column_table(tmp_path: Path) -> None:
    path = tmp_path / "table.tsv"
    path.write_text("\t".join(f"c{i}" for i in range(30)) + "\n" + "\t".join("1" * 30) + "\n")
    with pytest.raises(UnknownFormatError):
        detect(path)
