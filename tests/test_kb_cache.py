"""The knowledgebase cache: used only for the very files and code it was made from; an edited,
damaged or foreign entry is never used, and it can be turned off."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cache import NO_CACHE_ENV, cache_dir
from annotator.errors import KnowledgebaseError
from annotator.kb import load as kb_load
from annotator.kb import yamlsource
from annotator.kb.load import default_kb_dir, load_kb


@pytest.fixture
def kb_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped knowledgebase, and a cache folder of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    copy = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), copy)
    return copy


@pytest.fixture
def yaml_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the YAML files parsed from now on."""
    reads: list[str] = []
    real = yamlsource.read_yaml

    def spy(path: Path, problems: yamlsource.Problems) -> yamlsource.YamlDoc | None:
        reads.append(path.name)
        return real(path, problems)

    monkeypatch.setattr(yamlsource, "read_yaml", spy)
    return reads


def test_second_load_comes_from_the_cache(kb_copy: Path, yaml_reads: list[str]) -> None:
    first = load_kb(kb_copy)
    assert "genes.yaml" in yaml_reads
    (entry,) = cache_dir().glob("kb-*.pickle")
    assert cache_dir() == kb_copy.parent / "cache" / "imt-annotator"
    yaml_reads.clear()
    second = load_kb(kb_copy)
    assert yaml_reads == []  # nothing parsed
    assert second == first and second.sha256 == first.sha256
    assert list(cache_dir().glob("kb-*.pickle")) == [entry]
    assert not list(cache_dir().glob(".kb-*"))  # no temporary file left behind


def test_an_edited_file_is_never_served_from_the_cache(
    kb_copy: Path, yaml_reads: list[str]
) -> None:
    before = load_kb(kb_copy)
    genes = kb_copy / "genes.yaml"
    genes.write_text(genes.read_text().replace("symbol: BRAF", "symbol: BRAF\n    # edited", 1))
    yaml_reads.clear()
    after_comment = load_kb(kb_copy)
    assert "genes.yaml" in yaml_reads  # any byte changed: read again
    assert after_comment.sha256 == before.sha256  # a comment does not change the content hash
    text = genes.read_text()
    assert "report_mutations: true" in text
    genes.write_text(text.replace("report_mutations: true", "report_mutations: false", 1))
    yaml_reads.clear()
    edited = load_kb(kb_copy)
    assert "genes.yaml" in yaml_reads
    assert edited.sha256 != before.sha256
    changed = [g for g in edited.genes if edited.genes[g] != before.genes[g]]
    assert len(changed) == 1 and not edited.genes[changed[0]].report_mutations


def test_a_broken_knowledgebase_is_not_cached(kb_copy: Path) -> None:
    (kb_copy / "drugs.yaml").write_text("drugs: [")
    with pytest.raises(KnowledgebaseError, match="not valid YAML"):
        load_kb(kb_copy)
    assert not cache_dir().exists() or not list(cache_dir().glob("kb-*"))
    with pytest.raises(KnowledgebaseError, match="not valid YAML"):
        load_kb(kb_copy)  # and the error is still reported


def test_damaged_or_foreign_entries_are_ignored(kb_copy: Path, yaml_reads: list[str]) -> None:
    kb = load_kb(kb_copy)
    (entry,) = cache_dir().glob("kb-*.pickle")
    for content in (b"not a pickle", pickle.dumps({"genes": {}}), entry.read_bytes()[:100]):
        entry.write_bytes(content)
        yaml_reads.clear()
        assert load_kb(kb_copy) == kb
        assert "genes.yaml" in yaml_reads
    # an entry of the same files in another folder: not this folder's knowledgebase
    other = kb_copy.parent / "other"
    shutil.copytree(kb_copy, other)
    assert load_kb(other).path == str(other)


def test_the_cache_can_be_turned_off_or_be_unwritable(
    kb_copy: Path, yaml_reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    load_kb(kb_copy)
    load_kb(kb_copy)
    assert yaml_reads.count("genes.yaml") == 2
    assert not cache_dir().exists()
    monkeypatch.delenv(NO_CACHE_ENV)
    cache_dir().parent.mkdir(parents=True)
    cache_dir().write_text("a file where the folder should be")
    assert load_kb(kb_copy).genes  # loads, without a cache
    assert yaml_reads.count("genes.yaml") == 3


def test_old_entries_are_pruned(kb_copy: Path) -> None:
    folder = cache_dir()
    folder.mkdir(parents=True)
    for i in range(kb_load.CACHE_ENTRIES + 3):
        (folder / f"kb-{i:064x}.pickle").write_bytes(b"old")
    load_kb(kb_copy)
    assert len(list(folder.glob("kb-*.pickle"))) == kb_load.CACHE_ENTRIES


def test_a_knowledgebase_from_the_cache_needs_neither_pydantic_nor_yaml(kb_copy: Path) -> None:
    """The records are plain dataclasses: a run served by the cache imports neither library
    (together about 0.1 s of start-up)."""
    script = (
        "import sys; from pathlib import Path; from annotator.kb.load import load_kb; "
        "kb = load_kb(Path(sys.argv[1])); "
        "print(len(kb.evidence), 'pydantic' in sys.modules, 'yaml' in sys.modules)"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(kb_copy.parent / "cache")}
    env.pop(NO_CACHE_ENV, None)

    def run() -> list[str]:
        return subprocess.run(
            [sys.executable, "-c", script, str(kb_copy)],
            capture_output=True, text=True, check=True, env=env,
        ).stdout.split()  # fmt: skip

    first, second = run(), run()
    assert first[1:] == ["True", "True"]  # validated: the cache entry is written
    assert second == [first[0], "False", "False"]
    assert int(first[0]) > 100


def test_a_misspelt_field_or_a_record_that_is_not_a_mapping_is_named(kb_copy: Path) -> None:
    genes = kb_copy / "genes.yaml"
    text = genes.read_text()
    genes.write_text(text.replace("report_mutations: true", "report_mutation: true", 1))
    drugs = kb_copy / "drugs.yaml"
    drugs.write_text(drugs.read_text().replace("drugs:\n", "drugs:\n  - just a name\n", 1))
    with pytest.raises(KnowledgebaseError) as err:
        load_kb(kb_copy)
    problems = err.value.problems
    line = next(
        n for n, x in enumerate(genes.read_text().splitlines(), 1) if "report_mutation:" in x
    )
    index = text[: text.index("report_mutations: true")].count("- symbol:") - 1
    assert (
        f"{genes}:{line}: genes.{index}.report_mutation: unknown field (not in the schema: "
        "misspelt?)"
    ) in problems
    assert any(p.endswith("drugs.0: expected a mapping of fields") for p in problems), problems
