"""Fusion names split into their two genes: ``EML4::ALK``, ``EML4--ALK``, ``ALK-EML4``.

Callers write a fusion as one string with different separators: ``::`` (HGNC, PCGR), ``--``
(STAR-Fusion, FusionCatcher, DRAGEN, fusion-report, PCGR), ``/`` (reports), ``:`` (JAFFA,
SQUID, Archer) and a single ``-`` (OncoKB, Oncomine ids, cBioPortal ``Event_Info``). Gene
symbols themselves contain ``-`` and ``.`` (``STX16-NPEPL1``, ``HLA-A``, ``MT-CO1``,
``RP11-96H19.1``), so ``::``, ``--`` and ``/`` are tried first and a single ``-`` only as a
last resort: every hyphen is tried as the split point and the one where both sides are known
gene names wins. A string that is itself a current symbol is one gene, not a fusion.

``:`` is used only when the caller asks for it (``separator=":"``): outside JAFFA-style names
a colon is a breakpoint (``2:29223528``), never a gene separator. No input format seen joins
genes with ``_`` or a spaced `` - ``, so neither is a separator (and a name with spaces is
rejected rather than guessed at).

The split keeps the written order: ``gene5`` is the gene written first, ``gene3`` the one
written second. OncoKB writes ``ALK-EML4`` (3' partner first); putting the kinase 3' is done
later, in fusion normalisation, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.reference.symbols import is_current_symbol, previous_symbols

# Separators tried in order when the caller does not name one; ":" only on request.
AUTO_SEPARATORS = ("::", "--", "/")
SEPARATORS = (*AUTO_SEPARATORS, "-", ":")

# A side of a hyphen split must look like a gene name: starts with a letter, ends with a letter
# or digit (so "BRD4-1" is not BRD4 fused to "1").
_GENE_LIKE = re.compile(r"^[A-Za-z](?:[A-Za-z0-9._@-]*[A-Za-z0-9@])?$")
# Ensembl/GENCODE clone-based names: RP11-96H19.1, CTD-2328D6.1, XXbac-B461K10.4, and
# accession-based AC090627.1, AL132671.2. They are not NCBI symbols but are gene names.
_CLONE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9]*-[A-Za-z]?\d+[A-Za-z]\d+|[A-Z]{1,2}\d{5,6})\.\d+$")


@dataclass(frozen=True, slots=True)
class FusionName:
    """A fusion name split into its genes, in the order written.

    ``separator`` is None when the text names one gene (``STX16-NPEPL1``, ``HLA-A``): then
    ``gene5`` is that gene and ``gene3`` is None. For a fusion a side may be None when the
    name leaves it empty (PCGR's ``--ALK``, ``FGFR2::``). ``ambiguous`` is a sentence saying
    why the reading is uncertain, or None.
    """

    text: str
    gene5: str | None
    gene3: str | None
    separator: str | None
    ambiguous: str | None = None

    @property
    def is_fusion(self) -> bool:
        return self.separator is not None


class FusionNameError(ValueError):
    """The text cannot be a fusion name; ``span`` is (offset, length) of the bad part."""

    def __init__(self, problem: str, span: tuple[int, int]) -> None:
        super().__init__(problem)
        self.problem = problem
        self.span = span


def is_known_gene(name: str) -> bool:
    """A current symbol, an allow-listed previous symbol or an Ensembl clone-based name."""
    return is_current_symbol(name) or name in previous_symbols() or bool(_CLONE.match(name))


def split_fusion_name(name: str, *, separator: str | None = None) -> FusionName:
    """Split a fusion name into its two genes (see the module docstring for the rules).

    ``separator`` restricts the split to that one separator (``":"`` for JAFFA-style names,
    ``"-"`` for OncoKB-style ones); by default ``::``, ``--``, ``/`` are tried in turn, then a
    single ``-``. Raises ``FusionNameError`` for an empty name, a name with both sides empty,
    whitespace inside a gene, or more than two genes.
    """
    if separator is not None and separator not in SEPARATORS:
        raise ValueError(f"unknown fusion separator {separator!r}; expected one of {SEPARATORS}")
    lead = len(name) - len(name.lstrip())
    text = name.strip()
    if not text:
        raise FusionNameError("expected a fusion name, got nothing", (0, max(len(name), 1)))
    blank = re.search(r"\s+", text)
    if blank:
        raise FusionNameError(
            f"expected a fusion name without spaces, got {text!r}",
            (lead + blank.start(), len(blank.group())),
        )
    candidates = AUTO_SEPARATORS if separator is None else (separator,)
    for sep in candidates:
        if sep != "-" and sep in text:
            return _split_on(text, sep, lead)
    if separator in (None, "-") and "-" in text:
        return _split_hyphen(text)
    note = None
    if separator is None and ":" in text:
        note = f"{text!r} contains ':', which separates genes only in JAFFA-style names"
    return FusionName(text, text, None, None, note)


def _split_on(text: str, sep: str, lead: int) -> FusionName:
    parts = text.split(sep)
    if len(parts) > 2:
        second = text.index(sep, text.index(sep) + len(sep))
        raise FusionNameError(
            f"expected two genes joined by {sep!r}, got {len(parts)} parts in {text!r}",
            (lead + second, len(sep)),
        )
    five, three = parts
    if not five and not three:
        raise FusionNameError(f"expected gene names around {sep!r}, got none", (lead, len(text)))
    return FusionName(text, five or None, three or None, sep)


def _split_hyphen(text: str) -> FusionName:
    readings = [
        (text[:i], text[i + 1 :])
        for i, ch in enumerate(text)
        if ch == "-" and _GENE_LIKE.match(text[:i]) and _GENE_LIKE.match(text[i + 1 :])
    ]
    if is_known_gene(text):
        both = [f"{a}::{b}" for a, b in readings if is_known_gene(a) and is_known_gene(b)]
        note = None
        if both:
            note = f"{text!r} is one gene symbol; it could also be read as the fusion {both[0]}"
        return FusionName(text, text, None, None, note)
    if not readings:
        return FusionName(text, text, None, None)
    scored = [(is_known_gene(a) + is_known_gene(b), a, b) for a, b in readings]
    best = max(score for score, _, _ in scored)
    top = [(a, b) for score, a, b in scored if score == best]
    five, three = top[0]
    note = None
    if len(top) > 1:
        shown = " or ".join(f"{a}::{b}" for a, b in top)
        note = f"{text!r} can be split as {shown}; read as {five}::{three}"
    elif best == 0:
        note = (
            f"neither {five!r} nor {three!r} is a known gene symbol; {text!r} may be one gene "
            f"rather than the fusion {five}::{three}"
        )
    return FusionName(text, five, three, "-", note)
