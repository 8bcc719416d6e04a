"""VCF meta-information lines read as the VCF 4.3 specification (section 1.4) writes them.

``##key=value`` lines are *generic*; ``##key=<ID=x,Number=1,Description="...">`` lines are
*structured*, their values unquoted (``\\"`` and ``\\\\`` unescaped) as htslib does. Both
backends use this one reading, so the facts taken from the header (tumour sample, genome build,
caller, annotation field lists, FORMAT types) cannot differ between them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldDef:
    """An INFO or FORMAT definition: ``Number`` and ``Type`` as written, and the description."""

    number: str
    type: str
    description: str


@dataclass(frozen=True, slots=True)
class HeaderInfo:
    generic: dict[str, list[str]]  # ##key=value, values in file order
    structured: list[tuple[str, dict[str, str]]]  # other ##key=<...> lines, in file order
    infos: dict[str, FieldDef]
    formats: dict[str, FieldDef]
    contigs: dict[str, int | None]  # name -> length
    samples: tuple[str, ...]
    lines: tuple[str, ...]  # the header as read, ``#CHROM`` line last


def structured_items(text: str) -> dict[str, str]:
    """``ID=x,Description="a, \\"b\\""`` -> {"ID": "x", "Description": 'a, "b"'}."""
    items: dict[str, str] = {}
    i, n = 0, len(text)
    while i < n:
        eq = text.find("=", i)
        if eq < 0:
            break
        key = text[i:eq].strip()
        i = eq + 1
        if i < n and text[i] == '"':
            value, i = _quoted(text, i + 1)
            comma = text.find(",", i)
            i = n if comma < 0 else comma + 1
        else:
            comma = text.find(",", i)
            end = n if comma < 0 else comma
            value, i = text[i:end], end + 1
        items.setdefault(key, value)
    return items


def _quoted(text: str, i: int) -> tuple[str, int]:
    """The quoted value starting after the opening quote at ``i - 1``; index after its end."""
    out: list[str] = []
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in '"\\':
            out.append(text[i + 1])
            i += 2
            continue
        if c == '"':
            return "".join(out), i + 1
        out.append(c)
        i += 1
    return "".join(out), n


def _definition(items: dict[str, str]) -> FieldDef:
    return FieldDef(
        items.get("Number", "."), items.get("Type", "String"), items.get("Description", "")
    )


def read_header(lines: tuple[str, ...], samples: tuple[str, ...]) -> HeaderInfo:
    generic: dict[str, list[str]] = {}
    structured: list[tuple[str, dict[str, str]]] = []
    infos: dict[str, FieldDef] = {}
    formats: dict[str, FieldDef] = {}
    contigs: dict[str, int | None] = {}
    for line in lines:
        if not line.startswith("##") or "=" not in line:
            continue
        key, value = line[2:].split("=", 1)
        if not (value.startswith("<") and value.rstrip().endswith(">")):
            generic.setdefault(key, []).append(value)
            continue
        items = structured_items(value.rstrip()[1:-1])
        ident = items.get("ID", "")
        if key == "INFO":
            infos.setdefault(ident, _definition(items))
        elif key == "FORMAT":
            formats.setdefault(ident, _definition(items))
        elif key == "contig":
            length = items.get("length", "")
            contigs.setdefault(ident, int(length) if length.isdigit() else None)
        elif key not in ("FILTER", "ALT"):
            structured.append((key, items))
    return HeaderInfo(generic, structured, infos, formats, contigs, samples, lines)
