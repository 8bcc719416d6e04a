"""Load, validate and hash the knowledgebase. Every problem is collected, not just the first.

Records are validated one at a time, so a malformed record never hides the problems of the
others; cross-references (drugs, biomarkers, sources, diseases, ids) are checked afterwards by
:mod:`annotator.kb.checks`. Messages name file, line and dotted path.

A knowledgebase that loaded cleanly is cached as a pickle in the user's cache folder
(``$XDG_CACHE_HOME/imt-annotator``, else ``~/.cache/imt-annotator``), keyed by the bytes of its
files and of the code that reads them: parsing and validating the YAML is most of the start-up
of a single ``annotate``. A stale, damaged or unreadable entry is never used;
``IMT_ANNOTATOR_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.cache import cache_dir, caching
from annotator.errors import KnowledgebaseError
from annotator.kb import schema as s
from annotator.kb.canonical import content_hash
from annotator.kb.fields import Strict
from annotator.resources import bundled_dir

if TYPE_CHECKING:  # the YAML reader and pydantic are imported only when the cache cannot serve
    from pydantic import TypeAdapter

    from annotator.kb.yamlsource import Problems, YamlDoc

MANIFEST = "knowledgebase.yaml"
CACHE_ENTRIES = 8  # cached knowledgebases kept (one per set of files and code)


@dataclass(frozen=True, slots=True)
class Knowledgebase:
    path: str
    manifest: s.Manifest
    sha256: str
    sources: dict[str, s.Source]
    diseases: dict[str, s.Disease]
    sites: dict[str, s.Site]
    genes: dict[str, s.Gene]
    drugs: dict[str, s.Drug]
    biomarkers: dict[str, s.Biomarker]
    approvals: tuple[s.Approval, ...]
    guidelines: tuple[s.GuidelineListing, ...]
    evidence: tuple[s.Evidence, ...]
    case_tables: dict[str, s.CaseTable]
    cases: tuple[s.PublishedCase, ...]
    trials: tuple[s.Trial, ...]
    corrections: tuple[s.Correction, ...]

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def fusion_kinases(self) -> frozenset[str]:
        return frozenset(g.symbol for g in self.genes.values() if g.fusion_kinase)

    @property
    def fusion_kinase_order(self) -> tuple[str, ...]:
        """Fusion kinases in ``genes.yaml`` order (the order reports list them in)."""
        return tuple(g.symbol for g in self.genes.values() if g.fusion_kinase)


def default_kb_dir() -> Path:
    """The knowledgebase shipped with the package (wheel) or beside it (source checkout)."""
    return bundled_dir("knowledgebase")


@dataclass
class _Loaded:
    """Validated records per file and key, with the index of each in its YAML list."""

    items: dict[tuple[str, str], list[tuple[int, Any]]]
    failed_ids: set[str]


def load_kb(directory: Path | None = None) -> Knowledgebase:
    """Read and validate a knowledgebase directory; raise KnowledgebaseError listing every
    problem (with file, line and dotted path) if there is any.

    A knowledgebase that loaded without problems is kept in a cache (see ``_cache_key``), so
    the next run with the same files and the same code unpickles it instead of parsing and
    validating the YAML again."""
    root = directory or default_kb_dir()
    if not (root / MANIFEST).is_file():
        raise KnowledgebaseError([f"{root}: no {MANIFEST} (is this a knowledgebase directory?)"])
    key = _cache_key(root)
    cached = _cached(key, root) if key else None
    if cached is not None:
        return cached
    kb = _load(root)
    if key:
        _keep(key, kb)
    return kb


def _cache_key(root: Path) -> str | None:
    """SHA-256 over everything the loaded knowledgebase depends on: the bytes of its files (any
    edit, even of a comment, makes a new key), the source of the modules that define and check
    its records, the Python and pydantic versions, and the directory. None: no caching
    (``IMT_ANNOTATOR_NO_CACHE=1``, or a file that cannot be read: the full load reports it)."""
    if not caching():
        return None
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\0{root.resolve()}\0".encode())
    try:
        digest.update(_pydantic_version())
        for name in (MANIFEST, *s.FILE_MODELS):
            digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
        for module in sorted(Path(__file__).parent.glob("*.py")):
            digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def _pydantic_version() -> bytes:
    """The source of ``pydantic/version.py`` (its version and the pydantic-core it requires),
    read without importing pydantic, which a run served from the cache never needs."""
    spec = find_spec("pydantic")
    if spec is None or spec.origin is None:
        raise OSError("pydantic is not installed")
    return Path(spec.origin).with_name("version.py").read_bytes()


def _cached(key: str, root: Path) -> Knowledgebase | None:
    """The cached knowledgebase for ``key``; None when there is none or it cannot be read (a
    damaged or foreign file is ignored, never trusted)."""
    try:
        with (cache_dir() / f"kb-{key}.pickle").open("rb") as fh:
            kb = pickle.load(fh)
    except Exception:  # a missing, partial or stale pickle: load the YAML instead
        return None
    return kb if isinstance(kb, Knowledgebase) and kb.path == str(root) else None


def _keep(key: str, kb: Knowledgebase) -> None:
    """Write the cache entry atomically (a temporary file renamed into place) and keep the
    ``CACHE_ENTRIES`` newest entries; a cache that cannot be written is simply not used."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(kb, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"kb-{key}.pickle")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        entries = sorted(folder.glob("kb-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-CACHE_ENTRIES]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        return


def _load(root: Path) -> Knowledgebase:
    """Parse and validate the YAML files (every problem collected)."""
    from annotator.kb.checks import check_references
    from annotator.kb.yamlsource import Problems, read_yaml

    problems = Problems()
    raw: dict[str, Any] = {}
    for name in (MANIFEST, *s.FILE_MODELS):
        doc = read_yaml(root / name, problems)
        if doc is not None:
            problems.docs[name] = doc
            raw[name] = doc.data
    manifest = _manifest(root, problems.docs.get(MANIFEST), problems)
    loaded = _Loaded({}, set())
    for name, keys in s.FILE_MODELS.items():
        doc = problems.docs.get(name)
        if doc is not None:
            _validate_file(doc, keys, loaded, problems)
    if manifest is None:
        raise KnowledgebaseError(problems.messages)

    def items(file: str, key: str) -> list[tuple[int, Any]]:
        return loaded.items.get((file, key), [])

    def index(file: str, key: str, attr: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for i, item in items(file, key):
            k = getattr(item, attr)
            if k in out:
                problems.add(root / file, (key, i, attr), f"duplicate id {k!r}")
            out[k] = item
        return out

    kb = Knowledgebase(
        path=str(root),
        manifest=manifest,
        sha256=content_hash(_file_order_free(raw)),
        sources=index("sources.yaml", "sources", "id"),
        diseases=index("diseases.yaml", "diseases", "id"),
        sites=index("diseases.yaml", "sites", "id"),
        genes=index("genes.yaml", "genes", "symbol"),
        drugs=index("drugs.yaml", "drugs", "id"),
        biomarkers=index("biomarkers.yaml", "biomarkers", "id"),
        approvals=tuple(x for _, x in items("regulatory.yaml", "approvals")),
        guidelines=tuple(x for _, x in items("guidelines.yaml", "guidelines")),
        evidence=tuple(x for _, x in items("evidence.yaml", "evidence")),
        case_tables=index("cases.yaml", "tables", "id"),
        cases=tuple(x for _, x in items("cases.yaml", "cases")),
        trials=tuple(x for _, x in items("trials.yaml", "trials")),
        corrections=tuple(x for _, x in items("corrections.yaml", "corrections")),
    )
    check_references(root, kb, loaded.items, loaded.failed_ids, problems)
    if problems:
        raise KnowledgebaseError(problems.messages)
    return kb


def _file_order_free(raw: dict[str, Any]) -> dict[str, Any]:
    """The manifest's file list is a set: its order must not change the content hash."""
    manifest = raw.get(MANIFEST)
    if isinstance(manifest, dict) and isinstance(manifest.get("files"), list):
        return {**raw, MANIFEST: {**manifest, "files": sorted(map(str, manifest["files"]))}}
    return raw


def _manifest(root: Path, doc: YamlDoc | None, problems: Problems) -> s.Manifest | None:
    if doc is None:
        return None
    manifest: s.Manifest | None = _validate(doc, (), doc.data, s.Manifest, problems)
    if manifest is not None and sorted(manifest.files) != sorted(s.FILE_MODELS):
        problems.add(
            root / MANIFEST,
            ("files",),
            f"expected exactly {', '.join(s.FILE_MODELS)}, got {', '.join(manifest.files)}",
        )
    return manifest


def _validate_file(
    doc: YamlDoc, keys: dict[str, type[Strict]], loaded: _Loaded, problems: Problems
) -> None:
    data = doc.data
    if not isinstance(data, dict):
        problems.add(doc.path, (), f"expected a mapping with {', '.join(keys)}")
        return
    for key in data:
        if key not in keys:
            problems.add(doc.path, (key,), f"unknown top-level key (expected {', '.join(keys)})")
    for key, model in keys.items():
        if key not in data:
            if key in s.REQUIRED_KEYS[doc.path.name]:
                problems.add(doc.path, (), f"missing top-level key {key!r}")
            continue
        values = data[key]
        if not isinstance(values, list):
            problems.add(doc.path, (key,), "expected a list")
            continue
        good = loaded.items.setdefault((doc.path.name, key), [])
        for i, value in enumerate(values):
            record = _validate(doc, (key, i), value, model, problems)
            if record is not None:
                good.append((i, record))
            elif isinstance(value, dict) and isinstance(value.get("id"), str):
                loaded.failed_ids.add(value["id"])


# pydantic's words for a record that is not a mapping or has a field the schema lacks, as a
# curator reads them
_MESSAGES = {
    "unexpected_keyword_argument": "unknown field (not in the schema: misspelt?)",
    "dataclass_type": "expected a mapping of fields",
    "dataclass_args_type": "expected a mapping of fields",
}


_ADAPTERS: dict[type[Strict], TypeAdapter[Any]] = {}


def record_adapter(model: type[Strict]) -> TypeAdapter[Any]:
    """One validator per record type, built on first use."""
    from pydantic import TypeAdapter

    if model not in _ADAPTERS:
        _ADAPTERS[model] = TypeAdapter(model)
    return _ADAPTERS[model]


def _validate(
    doc: YamlDoc, loc: tuple[str | int, ...], value: Any, model: type[Strict], problems: Problems
) -> Any:
    from pydantic import ValidationError

    try:
        return record_adapter(model).validate_python(value)
    except ValidationError as e:
        for err in e.errors():
            where = (*loc, *err["loc"])
            error = err.get("ctx", {}).get("error")
            message = str(error) if err["type"] == "value_error" and error else err["msg"]
            problems.add(doc.path, where, _MESSAGES.get(err["type"], message))
        return None
