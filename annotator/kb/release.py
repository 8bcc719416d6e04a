"""``kb stats`` (what a release holds) and ``kb diff OLD NEW`` (release notes between two
releases: records added, removed, changed field by field, and retired).

Records are compared by id over their validated content, so reformatting a file or moving a
record within it is not reported as a change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from annotator.kb import schema as s
from annotator.kb.fields import Strict
from annotator.kb.load import Knowledgebase, record_adapter


def _collections(kb: Knowledgebase) -> dict[str, dict[str, Strict]]:
    def by_id(items: Iterable[Any]) -> dict[str, Strict]:
        return {item.id: item for item in items}

    return {
        "sources": dict(kb.sources),
        "diseases": dict(kb.diseases),
        "sites": dict(kb.sites),
        "genes": dict(kb.genes),
        "drugs": dict(kb.drugs),
        "biomarkers": dict(kb.biomarkers),
        "regulatory": by_id(kb.approvals),
        "guidelines": by_id(kb.guidelines),
        "evidence": by_id(kb.evidence),
        "case tables": dict(kb.case_tables),
        "cases": by_id(kb.cases),
        "trials": by_id(kb.trials),
        "corrections": by_id(kb.corrections),
    }


def _count(values: Iterable[object]) -> str:
    counts = Counter(str(v) for v in values)
    return ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))


def stats(kb: Knowledgebase) -> list[str]:
    """A short inventory of the knowledgebase, one line per concern."""
    evidence = [e for e in kb.evidence if e.active]
    rules = [m.match for m in kb.biomarkers.values()]
    fusions = [r for r in rules if isinstance(r, s.FusionMatch)]
    fusion_kinds = _count(
        "exon junction"
        if r.partner_exon is not None or r.gene_exon is not None
        else "partner"
        if r.partner
        else "any partner"
        for r in fusions
    )
    records = [*kb.approvals, *kb.guidelines, *kb.evidence, *kb.cases, *kb.trials]
    retired = sum(1 for r in [*records, *kb.corrections] if not r.active)
    codes = [c.code for d in kb.diseases.values() for c in d.oncotree]
    return [
        f"{kb.manifest.name} {kb.version} (released {kb.manifest.released}), sha256 {kb.sha256}",
        f"sources: {len(kb.sources)} ({_count(x.kind for x in kb.sources.values())})",
        f"diseases: {len(kb.diseases)} ({_count(d.scope for d in kb.diseases.values())}); "
        f"OncoTree codes {', '.join(codes)}; sites: {len(kb.sites)}",
        f"genes: {len(kb.genes)}; drugs: {len(kb.drugs)}",
        f"biomarkers: {len(kb.biomarkers)} ({_count(r.kind for r in rules)}); "
        f"fusion rules: {fusion_kinds}",
        f"regulatory: {len(kb.approvals)} ({_count(a.agency for a in kb.approvals)}; "
        f"{_count(a.status for a in kb.approvals)})",
        f"guidelines: {len(kb.guidelines)} ({_count(g.action for g in kb.guidelines)})",
        f"evidence: {len(kb.evidence)} ({_count(e.type for e in evidence)}); "
        f"effects: {_count(e.effect for e in evidence)}",
        f"evidence levels: {_count(e.level or 'none' for e in evidence)}; "
        f"certainty: {_count(e.certainty for e in evidence)}",
        f"published cases: {len(kb.cases)} records, "
        f"{sum(c.patients for c in kb.cases)} patients; case tables: {len(kb.case_tables)}",
        f"trials: {len(kb.trials)}; corrections of the seed review: {len(kb.corrections)}",
        f"retired records: {retired}; oldest last_reviewed: "
        f"{min(r.last_reviewed for r in records)}",
    ]


def _dump(item: Strict) -> dict[str, Any]:
    """The record as JSON-ready data (dates as ISO text, tuples as lists)."""
    data: dict[str, Any] = record_adapter(type(item)).dump_python(item, mode="json")
    return data


def _summary(item: Strict) -> str:
    data = _dump(item)
    keys = ("biomarker", "drug", "drugs", "effect", "level", "agency", "date", "action")
    bits = []
    for key in keys:
        value = data.get(key)
        if value in (None, [], ""):
            continue
        bits.append(", ".join(value) if isinstance(value, list) else str(value))
    return f" ({', '.join(bits)})" if bits else ""


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    out = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, list) or isinstance(b, list):
            before = [str(x) for x in (a or [])]
            after = [str(x) for x in (b or [])]
            added = [f"+{x}" for x in after if x not in before]
            removed = [f"-{x}" for x in before if x not in after]
            out.append(f"{key} {' '.join([*added, *removed]) or 'reordered'}")
        elif isinstance(a, str) and isinstance(b, str) and max(len(a), len(b)) > 60:
            out.append(f"{key} reworded")
        else:
            out.append(f"{key} {_short(a)} -> {_short(b)}")
    return out


def diff(old: Knowledgebase, new: Knowledgebase) -> list[str]:
    """Release notes (Markdown) from ``old`` to ``new``."""
    lines = [f"# {new.manifest.name}: {old.version} -> {new.version}", ""]
    if old.sha256 == new.sha256:
        return [*lines, "Identical content (same canonical sha256)."]
    lines.append(f"- sha256: {old.sha256[:16]}... -> {new.sha256[:16]}...")
    if old.manifest.released != new.manifest.released:
        lines.append(f"- released: {old.manifest.released} -> {new.manifest.released}")
    before, after = _collections(old), _collections(new)
    for name, new_items in after.items():
        old_items = before[name]
        entries: list[str] = []
        counts: Counter[str] = Counter()
        for rid, item in new_items.items():
            if rid not in old_items:
                counts["added"] += 1
                entries.append(f"- added {rid}{_summary(item)}")
                continue
            was, now = _dump(old_items[rid]), _dump(item)
            if was == now:
                continue
            if was.get("retired") is None and now.get("retired") is not None:
                counts["retired"] += 1
                why = now["retired"]
                entries.append(f"- retired {rid} ({why['date']}): {why['reason']}")
                continue
            counts["changed"] += 1
            entries.append(f"- changed {rid}: {'; '.join(_changes(was, now))}")
        for rid, item in old_items.items():
            if rid not in new_items:
                counts["removed"] += 1
                entries.append(f"- removed {rid}{_summary(item)}")
        if entries:
            tally = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
            lines += ["", f"## {name} ({tally})", *entries]
    if len(lines) == 3 + (old.manifest.released != new.manifest.released):
        lines += ["", "No record changed (manifest, record order or formatting only)."]
    return lines
