"""HGVS protein changes to one short form (``p.Gly1202Arg`` -> ``G1202R``), original kept.

Annotators write the same change many ways: VEP ``ENSP00000389048.3:p.Gly1202Arg`` (``=``
URL-escaped as ``%3D`` in VCF output), Illumina/Nirvana ``NP_004295.2:p.(Gly1202Arg)``
(predicted, in parentheses), SnpEff ``p.Gly1202Arg``, vcf2maf ``HGVSp_Short`` ``p.G1202R`` /
``p.K224Nfs*19`` / ``p.X168_splice``, OncoKB and cBioPortal ``G1202R`` or ``Gly1202Arg`` without
``p.``, and very old VEP ``c.861A>G(p.=)``. All become the one-letter form the knowledgebase
keys on, with stop as ``*``: ``G1202R``, ``G1202=`` (also for ``S150S``), ``W54*``,
``R1192Pfs*5``, ``E746_A750del``, ``E469delinsDK``, ``A767_V769dup``, ``E604_F605insSP``,
``M1?``, ``*110Qext*17``, ``X168_splice``, ``?``. Grammar: HGVS protein recommendations
(varnomen.hgvs.org/recommendations/protein/), plus the vcf2maf ``_splice`` form. Anything else
is not guessed at: ``protein_change`` returns None and the caller falls back to the c. change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

THREE_TO_ONE = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E",
    "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F",
    "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Ter": "*",
    "Sec": "U", "Pyl": "O", "Xaa": "X",
}  # fmt: skip
_THREE = re.compile("|".join(THREE_TO_ONE))
_AA = r"[A-Z*]"
# After three-letter codes became one-letter ones: residue, position, then what happened.
_CHANGE = re.compile(
    rf"^(?P<ref>{_AA})(?P<pos>\d+)(?P<alt>"
    r"=|\?"  # synonymous; unknown consequence (p.Met1? = start lost)
    rf"|{_AA}"  # substitution, nonsense, stop to amino acid
    rf"|{_AA}?fs(?:\*(?:\d+|\?))?"  # frameshift, new stop given or not
    rf"|{_AA}?ext(?:-\d+|\*(?:\d+|\?))?"  # N- or C-terminal extension
    rf"|del|dup|delins{_AA}+"  # one residue
    rf"|_{_AA}\d+(?:del|dup|delins{_AA}+|ins{_AA}+)"  # a range
    r"|_splice"  # vcf2maf HGVSp_Short for splice-site changes
    r")$"
)
_OLD_FS_STOP = re.compile(r"fsX(\d+|\?)$")  # pre-2016 HGVS: p.R1192PfsX5
_RANGE_KINDS = (
    ("delins", "deletion-insertion"),
    ("del", "deletion"),
    ("dup", "duplication"),
    ("ins", "insertion"),
)
_WHOLE = {"?": "unknown", "=": "synonymous", "0": "no protein", "0?": "no protein"}

# Sequence Ontology consequences that change the protein or its splicing (VEP and SnpEff terms;
# splice_site_variant is the SO parent of donor/acceptor, what a MAF "Splice_Site" row maps to
# when nothing says which side).
PROTEIN_ALTERING = (
    "missense_variant",
    "stop_gained",
    "stop_lost",
    "start_lost",
    "frameshift_variant",
    "inframe_insertion",
    "inframe_deletion",
    "disruptive_inframe",
    "conservative_inframe",
    "protein_altering_variant",
    "splice_acceptor_variant",
    "splice_donor_variant",
    "splice_site_variant",
    "exon_loss_variant",
)


@dataclass(frozen=True, slots=True)
class ProteinChange:
    short: str  # "G1202R", "K224Nfs*19", "T190=", "M1?", "E746_A750del", "?"
    hgvs: str  # as the annotator wrote it
    ref: str  # first reference residue; "" when the change names none (p.?, p.=)
    position: int | None  # first residue; None when the change names none
    alt: str  # what follows the position in ``short``: "R", "=", "Nfs*19", "_A750del"
    kind: str  # "missense", "synonymous", "nonsense", "frameshift", "deletion", ...


def protein_change(hgvsp: str | None) -> ProteinChange | None:
    """Parse any of the forms in the module docstring; None when it is not a protein change."""
    if not hgvsp or not hgvsp.strip():
        return None
    text = _bare(hgvsp)
    if "(" in text or ")" in text or not text:
        return None
    text = _THREE.sub(lambda m: THREE_TO_ONE[m.group(0)], text)
    text = _OLD_FS_STOP.sub(r"fs*\1", text)
    if text in _WHOLE:
        return ProteinChange(text.removesuffix("?") or "?", hgvsp, "", None, text, _WHOLE[text])
    m = _CHANGE.match(text)
    if m is None:
        return None
    ref, position, alt = m.group("ref"), int(m.group("pos")), m.group("alt")
    if alt == ref and ref != "*":
        alt = "="  # cBioPortal writes synonymous changes as S150S
    return ProteinChange(f"{ref}{position}{alt}", hgvsp, ref, position, alt, _kind(ref, alt))


def _bare(hgvsp: str) -> str:
    """The change itself: no URL escapes, sequence prefix, ``p.`` or prediction brackets."""
    text = unquote(hgvsp.strip())
    if "(p." in text and not text.startswith("p."):  # old VEP "c.861A>G(p.=)"
        text = text[text.index("(p.") + 1 :].removesuffix(")")
    if ":" in text:
        text = text.rsplit(":", 1)[1]
    text = text.strip().removeprefix("p.")
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return text.strip()


def _kind(ref: str, alt: str) -> str:
    if alt == "=":
        return "synonymous"
    if alt == "?":
        return "start lost" if ref == "M" else "unknown"
    if alt == "_splice":
        return "splice site"
    if "fs" in alt:
        return "frameshift"
    if "ext" in alt:
        return "stop lost" if ref == "*" else "extension"
    for suffix, kind in _RANGE_KINDS:
        if suffix in alt:
            return kind
    if alt == "*":
        return "nonsense"
    return "stop lost" if ref == "*" else "missense"


def is_protein_altering(consequence: str | None) -> bool:
    if not consequence:
        return False
    return any(term in consequence for term in PROTEIN_ALTERING)
