"""The reader registry, format detection and iter_postings (folders, options, errors)."""

from __future__ import annotations

import ast
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

import otpath.postings.sources as sources
from otpath.errors import ReaderError, SourceError
from otpath.postings.models import RawPosting
from otpath.postings.sources import (
    CSV_FIELDS,
    JSONL_FIELDS,
    READERS,
    Reader,
    detect,
    format_names,
    get_reader,
    iter_postings,
    register,
)

FIX = Path(__file__).parent.parent / "fixtures" / "postings"
DOCS = Path(__file__).parent.parent.parent / "docs" / "formats.md"


def collect(
    paths: list[Path], **options: object
) -> tuple[list[RawPosting], list[ReaderError], list[str]]:
    errors: list[ReaderError] = []
    notes: list[str] = []
    postings = list(iter_postings(paths, errors=errors, notes=notes, **options))  # type: ignore[arg-type]
    return postings, errors, notes


def test_builtin_formats_in_sniffing_order() -> None:
    assert format_names() == [
        "jobspy-csv", "jobspy-json", "jsonld", "jsonl", "json", "csv", "text"
    ]  # fmt: skip
    for name, reader in READERS.items():
        assert reader.name == name
        assert reader.summary
        assert all(s.startswith(".") and s == s.lower() for s in reader.suffixes)


def test_all_is_sorted_and_complete() -> None:
    assert sources.__all__ == sorted(sources.__all__)
    for name in sources.__all__:
        assert hasattr(sources, name), name


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        ("jobspy/jobs.csv", "jobspy-csv"),
        ("jobspy/jobs_plain.csv", "jobspy-csv"),
        ("jobspy/jobs.json", "jobspy-json"),
        ("jobspy/jobs_lines.jsonl", "jobspy-json"),
        ("jsonld/ur_clinician_remote.html", "jsonld"),
        ("jsonld/posting.json", "jsonld"),
        ("jsonl/postings.jsonl", "jsonl"),
        ("encoding/mixed.jsonl", "jsonl"),
        ("csv/generic.csv", "csv"),
        ("csv/mapped.csv", "csv"),
        ("encoding/cp1252.csv", "csv"),
        ("text/prior_auth_reviewer.txt", "text"),
        ("text/ergonomics_specialist.md", "text"),
    ],
)
def test_detect_fixtures(relpath: str, expected: str) -> None:
    assert detect(FIX / relpath).name == expected


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("jobs", b"id,site,job_url,title\n", "jobspy-csv"),
        ("jobs.txt", b"id,site,job_url,title\n", "jobspy-csv"),
        ("page", b"<!doctype html><html></html>", "jsonld"),
        ("data.json", b'{"title": "a", "description": "b"}\n', "jsonl"),
        ("data.ndjson", b"", "jsonl"),
        ("export.tsv", b"title\tdescription\n", "csv"),
        ("notes.markdown", b"# Title\n", "text"),
    ],
)
def test_detect_by_content_and_suffix(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert detect(path).name == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sheet.xlsx", b"PK\x03\x04"),
        ("data.json", b'{"not": "json lines", '),
        ("data.json", b"[1, 2, 3]"),
        ("noext", b"hello"),
    ],
)
def test_undetectable_file_raises_with_format_hint(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError) as info:
        detect(path)
    assert str(info.value) == f"cannot tell the format of {path}"
    assert info.value.hint is not None
    assert "--format" in info.value.hint
    for fmt in format_names():
        assert fmt in info.value.hint


def test_get_reader_unknown_lists_formats() -> None:
    with pytest.raises(SourceError) as info:
        get_reader("xlsx")
    assert str(info.value) == "unknown format 'xlsx'"
    assert info.value.hint is not None
    assert "jobspy-csv" in info.value.hint and "jsonl" in info.value.hint


def test_iter_postings_unknown_format_raises_before_reading() -> None:
    with pytest.raises(SourceError, match="unknown format 'yaml'"):
        iter_postings([FIX], format="yaml", errors=[])


def test_missing_path_raises_at_call_time(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(SourceError) as info:
        iter_postings([missing], errors=[])
    assert str(info.value) == f"no such file or folder: {missing}"
    assert info.value.hint is not None and "formats:" in info.value.hint


def test_explicit_undetectable_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(SourceError, match="cannot tell the format"):
        iter_postings([path], errors=[])


def test_whole_fixture_folder() -> None:
    postings, errors, notes = collect([FIX])
    files = {Path(p.origin_file or "").relative_to(FIX).as_posix() for p in postings}
    assert files == {
        "csv/generic.csv",
        "encoding/cp1252.csv",
        "encoding/mixed.jsonl",
        "jobspy/jobs.csv",
        "jobspy/jobs.json",
        "jobspy/jobs_lines.jsonl",
        "jobspy/jobs_plain.csv",
        "jsonl/postings.jsonl",
        "jsonld/care_coordinator_mixed.html",
        "jsonld/ergonomics_graph.html",
        "jsonld/posting.json",
        "jsonld/ur_clinician_remote.html",
        "text/ergonomics_specialist.md",
        "text/prior_auth_reviewer.txt",
    }
    assert len(postings) == 28
    # files are read in sorted order
    order = [p.origin_file for p in postings]
    assert order == sorted(order, key=lambda f: Path(f or "").relative_to(FIX).as_posix())
    assert len(errors) == 13
    assert all(isinstance(e, ReaderError) and e.file.startswith(str(FIX)) for e in errors)
    assert sorted(notes) == [
        f"{FIX / 'empty' / 'empty.csv'}: empty file, no postings",
        f"{FIX / 'empty' / 'empty.jsonl'}: empty file, no postings",
    ]


def test_folder_is_recursive_sorted_and_skips_hidden_and_other_suffixes(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    line = json.dumps({"title": "T", "description": "D"})
    for rel in ("b/2.jsonl", "a/1.jsonl", "0.jsonl", ".git/x.jsonl", ".hidden.jsonl", "a/x.pdf"):
        (tmp_path / rel).write_text(line, encoding="utf-8")
    postings, errors, _ = collect([tmp_path])
    assert errors == []
    assert [Path(p.origin_file or "").relative_to(tmp_path).as_posix() for p in postings] == [
        "0.jsonl",
        "a/1.jsonl",
        "b/2.jsonl",
    ]


def test_folder_with_undetectable_json_reports_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("[1, 2]", encoding="utf-8")
    shutil.copy(FIX / "jsonl" / "postings.jsonl", tmp_path / "b.jsonl")
    postings, errors, _ = collect([tmp_path])
    assert len(postings) == 3
    assert errors[0].file == str(tmp_path / "a.json")
    assert errors[0].line is None
    assert errors[0].reason == f"cannot tell the format of {tmp_path / 'a.json'}; file skipped"


def test_empty_folder_note(tmp_path: Path) -> None:
    postings, errors, notes = collect([tmp_path])
    assert postings == [] and errors == []
    assert notes and notes[0].startswith(f"{tmp_path}: no files with .html")


def test_format_overrides_detection_and_folder_suffixes(tmp_path: Path) -> None:
    shutil.copy(FIX / "jobspy" / "jobs_plain.csv", tmp_path / "a.csv")
    (tmp_path / "b.txt").write_text("Title\nBody", encoding="utf-8")
    postings, errors, _ = collect([tmp_path], format="csv")
    assert errors == []
    assert [p.title for p in postings] == [
        "Pre-Service Review Specialist (Therapy)",
        "Assistive Technology Specialist",
    ]
    assert all(p.origin_file == str(tmp_path / "a.csv") for p in postings)  # b.txt not read


def test_format_applies_to_an_explicit_file_with_any_suffix(tmp_path: Path) -> None:
    path = tmp_path / "export.dat"
    path.write_text(json.dumps({"title": "Care Navigator", "description": "x"}), encoding="utf-8")
    postings, errors, _ = collect([path], format="jsonl")
    assert [p.title for p in postings] == ["Care Navigator"]


def test_mapping_only_with_csv_or_json_format() -> None:
    with pytest.raises(SourceError) as info:
        iter_postings([FIX], format="jsonl", errors=[], mapping={"title": "Job"})
    assert "only applies to the 'csv' and 'json' formats" in str(info.value)


def test_mapping_field_names_checked_before_reading() -> None:
    with pytest.raises(SourceError) as info:
        iter_postings([FIX / "csv"], errors=[], mapping={"salary": "Pay"})
    assert str(info.value) == "unknown field in column mapping: salary"
    assert info.value.hint == "fields: " + ", ".join(CSV_FIELDS)


def test_mapping_applies_to_csv_files_in_folders(tmp_path: Path) -> None:
    shutil.copy(FIX / "csv" / "mapped.csv", tmp_path / "m.csv")
    shutil.copy(FIX / "text" / "prior_auth_reviewer.txt", tmp_path / "t.txt")
    postings, errors, _ = collect([tmp_path], mapping={"title": "Posting Name"})
    assert errors == []
    assert [p.title for p in postings] == [
        "Prior Authorization Reviewer",
        "Home Modification Consultant",
        "Prior Authorization Reviewer (OT/PT)",
    ]


def test_with_options_rejected_by_readers_without_options() -> None:
    with pytest.raises(SourceError, match="format 'jsonl' takes no options"):
        get_reader("jsonl").with_options(mapping={"title": "x"})
    assert get_reader("jsonl").with_options() is get_reader("jsonl")


def test_unreadable_file_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text("{}", encoding="utf-8")

    class Broken(Reader):
        name: ClassVar[str] = "broken-test"
        suffixes: ClassVar[tuple[str, ...]] = (".jsonl",)

        def read(self, path: Path, *, errors: list[ReaderError]) -> Iterator[RawPosting]:
            raise PermissionError(13, "Permission denied")
            yield  # pragma: no cover

    register(Broken())
    try:
        with pytest.raises(SourceError) as info:
            list(iter_postings([path], format="broken-test", errors=[]))
        assert str(info.value) == f"cannot read {path}: Permission denied"
    finally:
        del READERS["broken-test"]


def test_register_refuses_duplicates_unless_replace() -> None:
    reader = READERS["text"]
    with pytest.raises(ValueError, match="already registered"):
        register(reader)
    assert register(reader, replace=True) is reader
    assert format_names()[-1] == "text"


def test_read_is_lazy_streaming(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        "\n".join(json.dumps({"title": f"T{i}", "description": "d"}) for i in range(5)),
        encoding="utf-8",
    )
    stream = iter_postings([path], errors=[])
    assert next(stream).title == "T0"  # a generator, not a list


# -- documentation -------------------------------------------------------------


def test_every_format_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name in format_names():
        assert re.search(rf"^## `{re.escape(name)}`", text, re.M), f"no section for {name}"
        assert f"| `{name}`" in text, f"{name} missing from the formats table"


def test_every_jsonl_field_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for field in JSONL_FIELDS:
        assert f"| `{field}`" in text, field


def test_documented_header_guesses_match_the_code() -> None:
    from otpath.postings.sources.csv_generic import HEADER_GUESSES

    text = DOCS.read_text(encoding="utf-8").split("| headers recognised", 1)[1]
    for field, names in HEADER_GUESSES.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{field}` "))
        documented = [n.strip() for n in row.split("|")[2].split(",")]
        assert documented == list(names), field


def test_jsonl_example_in_docs_reads_cleanly(tmp_path: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("Example (`my-postings.jsonl`):", 1)[1].split("```json\n", 1)[1]
    block = block.split("```", 1)[0]
    path = tmp_path / "my-postings.jsonl"
    path.write_text(block, encoding="utf-8")
    postings, errors, _ = collect([path])
    assert errors == []
    assert [p.title for p in postings] == [
        "Utilization Review Specialist - Therapy",
        "Ergonomics Evaluator",
    ]


def test_sources_import_only_downward() -> None:
    # readers may use errors, models and each other -- never store, pipeline, cli or web
    forbidden = ("otpath.store", "otpath.cli", "otpath.web", "otpath.postings.pipeline")
    for module in Path(sources.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                target = node.module
                if node.level:
                    base = "otpath.postings.sources".split(".")[: 3 - (node.level - 1)]
                    target = ".".join([*base, node.module])
                assert not target.startswith(forbidden), f"{module.name} imports {target}"


@pytest.mark.parametrize(
    "module",
    ["_values", "base", "csv_generic", "jobspy", "jsonl", "jsonld", "text"],
)
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    mod = importlib.import_module(f"otpath.postings.sources.{module}")
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_a_single_path_may_be_passed_bare() -> None:
    errors: list[ReaderError] = []
    postings = list(iter_postings(FIX / "jsonl" / "postings.jsonl", errors=errors))
    assert len(postings) == 3
    as_text = list(iter_postings(str(FIX / "jsonl" / "postings.jsonl"), errors=[]))
    assert len(as_text) == 3


def test_folder_suffixes_are_documented() -> None:
    from otpath.postings.sources import FOLDER_SUFFIXES

    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    for suffix in FOLDER_SUFFIXES:
        assert f"`{suffix}`" in text.split("In a folder, otpath reads files ending in", 1)[1][:200]
