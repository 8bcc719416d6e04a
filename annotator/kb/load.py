"""Load, validate and hash the knowledgebase. Every problem is collected, not just the first."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from annotator.errors import KnowledgebaseError
from annotator.kb import schema as s
from annotator.resources import bundled_dir

MANIFEST = "knowledgebase.yaml"


@dataclass(frozen=True, slots=True)
class Knowledgebase:
    path: str
    manifest: s.Manifest
    sha256: str
    sources: dict[str, s.Source]
    diseases: dict[str, s.Disease]
    genes: dict[str, s.Gene]
    drugs: dict[str, s.Drug]
    biomarkers: dict[str, s.Biomarker]
    approvals: tuple[s.Approval, ...]
    evidence: tuple[s.Evidence, ...]
    cases: tuple[s.PublishedCase, ...]
    trials: tuple[s.Trial, ...]

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def fusion_kinases(self) -> frozenset[str]:
        return frozenset(g.symbol for g in self.genes.values() if g.fusion_kinase)


def default_kb_dir() -> Path:
    """The knowledgebase shipped with the package (wheel) or beside it (source checkout)."""
    return bundled_dir("knowledgebase")


def load_kb(directory: Path | None = None) -> Knowledgebase:
    root = directory or default_kb_dir()
    problems: list[str] = []
    if not (root / MANIFEST).is_file():
        raise KnowledgebaseError([f"{root}: no {MANIFEST} (is this a knowledgebase directory?)"])
    names = [MANIFEST, *s.FILE_MODELS]
    digest = hashlib.sha256()
    loaded: dict[str, Any] = {}
    for name in names:
        path = root / name
        try:
            data = path.read_bytes()
        except OSError as e:
            problems.append(f"{path}: cannot read ({e.strerror})")
            continue
        digest.update(name.encode() + b"\0" + data + b"\0")
        model: type[BaseModel] = s.Manifest if name == MANIFEST else s.FILE_MODELS[name]
        loaded[name] = _validate(path, data, model, problems)
    manifest = loaded.get(MANIFEST)
    if manifest is not None and sorted(manifest.files) != sorted(s.FILE_MODELS):
        problems.append(
            f"{root / MANIFEST}: files: expected exactly {', '.join(s.FILE_MODELS)}, "
            f"got {', '.join(manifest.files)}"
        )
    if problems:
        raise KnowledgebaseError(problems)
    kb = Knowledgebase(
        path=str(root),
        manifest=loaded[MANIFEST],
        sha256=digest.hexdigest(),
        sources=_index(root / "sources.yaml", loaded["sources.yaml"].sources, "id", problems),
        diseases=_index(root / "diseases.yaml", loaded["diseases.yaml"].diseases, "id", problems),
        genes=_index(root / "genes.yaml", loaded["genes.yaml"].genes, "symbol", problems),
        drugs=_index(root / "drugs.yaml", loaded["drugs.yaml"].drugs, "id", problems),
        biomarkers=_index(
            root / "biomarkers.yaml", loaded["biomarkers.yaml"].biomarkers, "id", problems
        ),
        approvals=tuple(loaded["regulatory.yaml"].approvals),
        evidence=tuple(loaded["evidence.yaml"].evidence),
        cases=tuple(loaded["cases.yaml"].cases),
        trials=tuple(loaded["trials.yaml"].trials),
    )
    _check_references(root, kb, problems)
    if problems:
        raise KnowledgebaseError(problems)
    return kb


def _validate(path: Path, data: bytes, model: type[BaseModel], problems: list[str]) -> Any:
    try:
        raw = yaml.safe_load(data)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problems.append(f"{path}{line}: not valid YAML ({getattr(e, 'problem', e)})")
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        for err in e.errors():
            dotted = ".".join(str(p) for p in err["loc"])
            problems.append(f"{path}: {dotted}: {err['msg']}")
        return None


def _index(path: Path, items: list[Any], key: str, problems: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i, item in enumerate(items):
        k = getattr(item, key)
        if k in out:
            problems.append(f"{path}: {i}.{key}: duplicate id {k!r}")
        out[k] = item
    return out


def _check_references(root: Path, kb: Knowledgebase, problems: list[str]) -> None:
    def need(table: dict[str, Any], ref: str | None, where: str, what: str) -> None:
        if ref is not None and ref not in table:
            problems.append(f"{where}: unknown {what} {ref!r}")

    for name, disease in kb.diseases.items():
        need(kb.diseases, disease.parent, f"{root / 'diseases.yaml'}: {name}.parent", "disease")
    for bid, marker in kb.biomarkers.items():
        where = f"{root / 'biomarkers.yaml'}: {bid}.match"
        rule = marker.match
        if isinstance(rule, s.ProfileMatch):
            for part in rule.all_of:
                need(kb.biomarkers, part, where + ".all_of", "biomarker")
        else:
            need(kb.genes, rule.gene, where + ".gene", "gene")
    seen: set[str] = set()
    groups: tuple[tuple[str, tuple[s.Approval | s.Evidence | s.PublishedCase, ...]], ...] = (
        ("regulatory.yaml", kb.approvals),
        ("evidence.yaml", kb.evidence),
        ("cases.yaml", kb.cases),
    )
    for i, trial in enumerate(kb.trials):
        where = f"{root / 'trials.yaml'}: {i} ({trial.id})"
        if trial.id in seen:
            problems.append(f"{where}: duplicate id {trial.id!r}")
        seen.add(trial.id)
        for marker_id in trial.biomarkers:
            need(kb.biomarkers, marker_id, where + ".biomarkers", "biomarker")
        for cite in (*trial.citations, *trial.identifiers):
            need(kb.sources, cite, where + ".citations", "source")
    for file, items in groups:
        for i, item in enumerate(items):
            where = f"{root / file}: {i} ({item.id})"
            if item.id in seen:
                problems.append(f"{where}: duplicate id {item.id!r}")
            seen.add(item.id)
            need(kb.biomarkers, item.biomarker, where + ".biomarker", "biomarker")
            need(kb.diseases, item.disease, where + ".disease", "disease")
            for cite in item.citations:
                need(kb.sources, cite, where + ".citations", "source")
            drugs = [item.drug] if isinstance(item, s.Approval) else getattr(item, "drugs", [])
            for drug in drugs:
                need(kb.drugs, drug, where + ".drugs", "drug")
        for item in items:
            if isinstance(item, s.Evidence):
                if item.type == "predictive" and not item.drugs:
                    problems.append(f"{root / file}: {item.id}: predictive evidence names no drug")
                if item.counts_for_tier and item.level is None:
                    problems.append(f"{root / file}: {item.id}: counts_for_tier needs a level")
