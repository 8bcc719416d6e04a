"""Fusion biology and merging: exons joined, frame, kinase domain, one event per fusion."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.annotate import Sample, Settings, annotate
from annotator.errors import UsageError
from annotator.models import Breakpoint, FusionCall, SourceRef
from annotator.normalize.fusions import FusionEvent, FusionSettings, normalize_fusions
from annotator.parsers import detect
from annotator.reference.genes import BUILDS, Build, GeneModel, gene_models
from tests.conftest import shared_samples

KINASES = frozenset({"ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3", "RET", "PDGFRB"})


def _donor(model: GeneModel, number: int) -> int:
    exon = next(e for e in model.exons if e.number == number)
    return exon.end if model.strand == "+" else exon.start


def _acceptor(model: GeneModel, number: int) -> int:
    exon = next(e for e in model.exons if e.number == number)
    return exon.start if model.strand == "+" else exon.end


def _call(
    g5: str,
    g3: str,
    bp5: Breakpoint | None,
    bp3: Breakpoint | None,
    split: int | None = 10,
    discordant: int | None = 5,
    caller: str = "Test",
    line: int = 2,
    **kw: object,
) -> FusionCall:
    return FusionCall(
        caller, g5, g3, bp5, bp3, split, discordant, source=SourceRef("t.tsv", line, ()), **kw
    )  # type: ignore[arg-type]


def _exon_call(build: Build, g5: str, e5: int, g3: str, e3: int, **kw: object) -> FusionCall:
    models = gene_models(build)
    m5, m3 = models[g5], models[g3]
    return _call(
        g5,
        g3,
        Breakpoint(m5.chrom, _donor(m5, e5)),
        Breakpoint(m3.chrom, _acceptor(m3, e3)),
        **kw,  # type: ignore[arg-type]
    )


def _one(calls: list[FusionCall], build: Build = "GRCh38", **kw: int) -> FusionEvent:
    (event,) = normalize_fusions(calls, KINASES, build, FusionSettings(**kw))
    return event


def test_alk_exon20_acceptor_sits_where_the_literature_puts_it() -> None:
    assert _acceptor(gene_models("GRCh38")["ALK"], 20) == 29_223_528
    assert _acceptor(gene_models("GRCh37")["ALK"], 20) == 29_446_394


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize(
    ("g5", "e5", "g3", "e3"),
    [("EML4", 13, "ALK", 20), ("RANBP2", 18, "ALK", 20), ("ETV6", 5, "NTRK3", 15)],
)
def test_known_junctions_on_both_builds(build: Build, g5: str, e5: int, g3: str, e3: int) -> None:
    event = _one([_exon_call(build, g5, e5, g3, e3)], build)
    assert event.label == f"{g5}::{g3}"
    assert (event.join5.exon, event.join3.exon) == (e5, e3)
    assert event.join5.location == event.join3.location == "exon boundary"
    assert event.primary is not None and event.primary.frame == "in-frame"
    assert event.kinase_domain_retained is True


def test_out_of_frame_and_lost_kinase_domain_are_derived() -> None:
    # EML4 exon 13 onto ALK exon 21 shifts the frame (ALK exon 20 is not a multiple of 3 long)
    event = _one([_exon_call("GRCh38", "EML4", 13, "ALK", 21)])
    assert event.primary is not None and event.primary.frame == "out-of-frame"
    # ALK's kinase domain starts in exon 20 (CDD cd05036); joining at exon 26 loses its start
    lost = _one([_exon_call("GRCh38", "EML4", 13, "ALK", 26)])
    assert lost.kinase_domain_retained is False


def test_breakpoint_in_5prime_utr_has_no_derivable_frame() -> None:
    alk = gene_models("GRCh38")["ALK"]
    exon1 = alk.exons[0]
    utr = Breakpoint("2", exon1.end - 5)  # minus strand: exon 1's highest bases are 5' UTR
    event = _one([_call("EML4", "ALK", Breakpoint("2", 42_295_516), utr)])  # EML4 e13 donor
    assert event.primary is not None and event.primary.frame is None
    assert "5' UTR" in event.primary.frame_basis


def test_intronic_dna_breakpoints_give_the_flanking_exons() -> None:
    models = gene_models("GRCh38")
    eml4, alk = models["EML4"], models["ALK"]
    bp5 = Breakpoint("2", _donor(eml4, 13) + 500)  # plus strand: intron 13
    bp3 = Breakpoint("2", _acceptor(alk, 20) + 800)  # minus strand: intron 19
    dna = _call("", "", bp3, bp5, split=0, discordant=12, ordered=False, molecule="DNA")
    event = _one([dna])
    assert event.label == "EML4::ALK"
    assert (event.join5.exon, event.join3.exon) == (13, 20)
    assert event.join5.location == "intron 13" and event.join3.location == "intron 19"
    assert event.primary is not None and event.primary.frame == "in-frame"
    assert "intronic breakpoints splice at the flanking exons" in event.primary.frame_basis
    # the same positions as an RNA junction would carry intronic bases: no frame derived
    rna = _one([_call("EML4", "ALK", bp5, bp3)])
    assert rna.primary is not None and rna.primary.frame is None
    assert rna.primary.frame_basis == "not derived: RNA junction in intron 13, not at a splice site"


def test_window_merges_near_identical_breakpoints_and_keeps_isoforms_apart() -> None:
    a = _call("EML4", "ALK", Breakpoint("2", 42301394), Breakpoint("2", 29223584), caller="A")
    b = _call("EML4", "ALK", Breakpoint("2", 42301391), Breakpoint("2", 29223587), caller="B")
    event = _one([a, b])
    assert len(event.junctions) == 1 and len(event.calls) == 2
    assert _one([a, b], window=2).junctions[1].calls[0].call.caller in {"A", "B"}
    isoform = _exon_call("GRCh38", "EML4", 6, "ALK", 20, caller="C", split=3, discordant=0)
    merged = _one([a, b, isoform])
    # the read set's synthetic EML4 junction lies 2 bp into EML4 intron 14 (exon 13 ends at
    # 42,295,516), so its exon is 14; the exon-6 isoform stays a separate junction
    assert [j.join5.exon for j in merged.junctions] == [14, 6]
    assert any("2 junctions (isoforms)" in n for n in merged.notes)


def test_reciprocal_and_unordered_lists_orient_kinase_3prime() -> None:
    forward = _exon_call("GRCh38", "EML4", 13, "ALK", 20)
    reciprocal = _call("ALK", "EML4", Breakpoint("2", 29223600), Breakpoint("2", 42301500))
    event = _one([forward, reciprocal])
    assert event.label == "EML4::ALK" and event.reoriented == (False, True)
    assert (event.join5.exon, event.join3.exon) == (13, 20)  # from the forward call only
    listed = _one([_call("ALK", "EML4", None, None, split=None, discordant=None, ordered=False)])
    assert listed.label == "EML4::ALK" and listed.reoriented == (False,)
    assert any("does not state 5'/3'" in n for n in listed.notes)


def test_lncrna_named_at_a_kinase_breakpoint_is_read_as_the_kinase() -> None:
    bp5, bp3 = Breakpoint("5", 150404680), Breakpoint("6", 117324415)
    events = normalize_fusions(
        [_call("CD74", "ROS1", bp5, bp3), _call("CD74", "AL132671.2", bp5, bp3, line=3)],
        KINASES,
        "GRCh38",
    )
    assert [e.label for e in events] == ["CD74::ROS1"]
    assert any("lies in ROS1; caller named AL132671.2" in n for n in events[0].notes)


def test_low_support_is_flagged_never_dropped() -> None:
    weak = _exon_call("GRCh38", "EML4", 13, "ALK", 20, split=1, discordant=1)
    event = _one([weak])
    assert event.low_support and any(
        "low support (2 supporting reads < 3)" in n for n in event.notes
    )
    assert not _one([weak], min_total_reads=2).low_support
    assert _one([weak], min_total_reads=0, min_split_reads=2).low_support
    with pytest.raises(UsageError):
        FusionSettings(window=-1)


def test_breakend_without_partner_gene_is_a_kinase_rearrangement() -> None:
    alk = gene_models("GRCh38")["ALK"]
    inside = Breakpoint("2", _acceptor(alk, 20) + 800)
    event = _one([_call("", "", Breakpoint("7", 55_000_000), inside, ordered=False)])
    assert event.kinase == "ALK" and event.label == "ALK rearrangement (partner not identified)"


def test_caller_frame_disagreement_is_noted() -> None:
    call = _exon_call("GRCh38", "EML4", 13, "ALK", 21, frame="in-frame")
    event = _one([call])
    assert any("says in-frame; the gene models give out-of-frame" in n for n in event.notes)


def _write_arriba(path: Path, bp5: str, bp3: str) -> Path:
    header = "#gene1\tgene2\tbreakpoint1\tbreakpoint2\tsplit_reads1\tsplit_reads2\tdiscordant_mates"
    path.write_text(f"{header}\nEML4\tALK\t{bp5}\t{bp3}\t5\t5\t3\n")
    return path


def test_build_is_inferred_from_anchors_and_a_contradicting_option_warns(
    tmp_path: Path, kb: object
) -> None:
    grch37 = _write_arriba(tmp_path / "a.tsv", "2:42522656", "2:29446394")  # EML4 e13 / ALK e20
    sample = Sample("S1")
    result = annotate([grch37], sample, kb, Settings())  # type: ignore[arg-type]
    assert result.genome_build == "GRCh37"
    assert "2:29446394 (ALK exon 20)" in result.genome_basis
    forced = annotate([grch37], sample, kb, Settings(genome="GRCh38"))  # type: ignore[arg-type]
    assert forced.genome_build == "GRCh38"
    assert any(
        "GRCh38 (given with --genome), but 2 fusion breakpoint(s) fall on GRCh37" in w
        for w in forced.warnings
    )


def test_three_callers_on_the_shared_read_set_merge_into_one_finding_each(kb: object) -> None:
    root = shared_samples() / "fusions"
    paths = [
        root / "arriba/fusionreport_test.arriba.fusions.tsv",
        root / "star-fusion/fusionreport_test.star-fusion.fusion_predictions.tsv",
        root / "fusioncatcher/fusionreport_test.final-list_candidate-fusion-genes.txt",
    ]
    assert [detect(p).parser.name for p in paths] == ["arriba", "star_fusion", "fusioncatcher"]
    result = annotate(paths, Sample("FC"), kb, Settings(genome="GRCh38"))  # type: ignore[arg-type]
    fusions = {
        f.alteration.label: f.alteration for f in result.findings if f.alteration.kind == "fusion"
    }
    every = ["Arriba", "FusionCatcher", "STAR-Fusion"]
    for label in ("EML4::ALK", "CD74::ROS1", "ETV6::NTRK3", "HOOK3::RET"):
        assert fusions[label].details["callers"] == every, label
    # the Arriba file has no NPM1::ALK row and STAR-Fusion none for GOPC::ROS1
    assert fusions["NPM1::ALK"].details["callers"] == ["FusionCatcher", "STAR-Fusion"]
    assert fusions["GOPC::ROS1"].details["callers"] == ["Arriba", "FusionCatcher"]
    assert len(fusions) == 6
    eml4 = fusions["EML4::ALK"].details
    # the spike-in is synthetic: on the MANE models it joins 2 bp into EML4 intron 14 and 56 bp
    # upstream of the ALK exon-20 acceptor (2:29,223,528; ALK is on the minus strand)
    assert (eml4["exon_5prime"], eml4["exon_3prime"]) == (14, 20)
    assert (eml4["location_5prime"], eml4["location_3prime"]) == ("intron 14", "intron 19")
    assert eml4["frame_derived"] is None and eml4["frame"] == "in-frame"
    assert len(eml4["junctions"]) == 1  # type: ignore[arg-type]
    gopc = fusions["GOPC::ROS1"].details
    assert len(gopc["junctions"]) == 2  # type: ignore[arg-type]  # two ROS1 acceptors called


def test_cli_support_thresholds_flag_but_keep_the_finding(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from annotator.cli import main
    from tests.conftest import SAMPLE_INPUTS

    arriba = SAMPLE_INPUTS / "eims_ranbp2_alk/arriba.fusions.tsv"
    args = ["annotate", str(arriba), "--sample-id", "E1", "--out", str(tmp_path), "--format"]
    result = CliRunner().invoke(main, [*args, "json", "--min-fusion-reads", "100"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "E1.report.json").read_text())
    (fusion,) = [f for f in report["findings"] if f["kind"] == "fusion"]
    assert fusion["label"] == "RANBP2::ALK" and fusion["details"]["low_support"] is True
    assert any("low support (56 supporting reads < 100)" in n for n in fusion["details"]["notes"])
    bad = CliRunner().invoke(main, [*args, "json", "--fusion-window", "-1"])
    assert bad.exit_code == 2
