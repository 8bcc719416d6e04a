"""HGVS protein changes to one short form (``p.Gly1202Arg`` -> ``G1202R``), original kept."""

from __future__ import annotations

import re
from dataclasses import dataclass

THREE_TO_ONE = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E",
    "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F",
    "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Ter": "*",
    "Sec": "U", "Pyl": "O", "Xaa": "X",
}  # fmt: skip
_THREE = re.compile("|".join(THREE_TO_ONE))
_SIMPLE = re.compile(r"^(?P<ref>[A-Z*])(?P<pos>\d+)(?P<alt>[A-Z*=]|fs.*|del.*|ins.*|dup.*|\?)?")

# Sequence Ontology consequences that change the protein or its splicing (VEP and SnpEff terms)
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
    "exon_loss_variant",
)


@dataclass(frozen=True, slots=True)
class ProteinChange:
    short: str  # "G1202R", "K224Nfs*19", "T190="
    hgvs: str  # as the annotator wrote it
    ref: str
    position: int
    alt: str


def protein_change(hgvsp: str | None) -> ProteinChange | None:
    """Parse ``ENSP…:p.Gly1202Arg``, ``NP_…:p.(Gly1202Arg)``, ``p.G1202R``, ``G1202R``."""
    if not hgvsp:
        return None
    text = hgvsp.strip()
    if ":" in text:
        text = text.rsplit(":", 1)[1]
    text = text.removeprefix("p.").strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    short = _THREE.sub(lambda m: THREE_TO_ONE[m.group(0)], text)
    m = _SIMPLE.match(short)
    if m is None:
        return None
    alt = m.group("alt") or ""
    if alt == "=":
        alt = m.group("ref")
        short = f"{m.group('ref')}{m.group('pos')}="
    return ProteinChange(short, hgvsp, m.group("ref"), int(m.group("pos")), alt)


def is_protein_altering(consequence: str | None) -> bool:
    if not consequence:
        return False
    return any(term in consequence for term in PROTEIN_ALTERING)
