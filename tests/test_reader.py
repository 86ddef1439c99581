"""Tests for sitegen.reader: seed folders full of hostile files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitegen import reader
from sitegen.errors import InputError
from sitegen.models import SourceFile

FIXTURES = Path(__file__).parent / "fixtures" / "hostile_seeds"
SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def hostile() -> reader.ReadResult:
    return reader.read_seeds(FIXTURES)


def by_id(result: reader.ReadResult) -> dict[str, SourceFile]:
    return {f.id: f for f in result.files}


def problem_map(result: reader.ReadResult) -> dict[str, str]:
    return {p.path: p.message for p in result.problems}


# ------------------------------------------------------------- the hostile fixture folder


def test_hostile_folder_reads_exactly_the_good_files(hostile: reader.ReadResult) -> None:
    assert set(by_id(hostile)) == {
        "bom-crlf", "cafe-report", "cafe-report-2", "copy-a", "cp1252-article", "latin1",
        "nul-bytes", "rm-rf-x-echo", "utf16", reader.assign_ids(["Київ новини"])["Київ новини"],
    }
    assert [f.id for f in hostile.files] == sorted(f.id for f in hostile.files)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "skipped: the file is empty; there is no article to read"),
        ("blank.txt", "skipped: the file is only whitespace; there is no article to read"),
        ("image.txt", "skipped: binary file (a PNG image), not text; save the article as plain text (.txt)"),
        ("noise.txt", ("skipped: binary content (many NUL or control bytes), not text; "
                      "save the article as plain text (.txt)")),
        ("copy-b.txt", ("skipped: the same text as hostile_seeds/copy-a.txt (article copy-a); "
                       "delete one of the two copies")),
        ("page.xml", "skipped: not a text article (.xml); save articles as .txt, .text, .md, .html, .htm files"),
        ("sub", ("skipped: a folder (sitegen reads only the files directly inside the seeds folder; "
                "move its articles up to include them)")),
    ],
)
def test_bad_files_are_skipped_with_a_reason(hostile: reader.ReadResult, name: str, message: str) -> None:
    assert problem_map(hostile)[f"hostile_seeds/{name}"] == message


def test_every_problem_is_expected(hostile: reader.ReadResult) -> None:
    names = sorted(p.path.split("/", 1)[1] for p in hostile.problems)
    assert names == sorted(["empty.txt", "blank.txt", "image.txt", "noise.txt", "copy-b.txt", "page.xml", "sub"])


@pytest.mark.parametrize(
    ("file_id", "text", "encoding", "notes"),
    [
        ("cp1252-article", "Café “quoted” – news in Kyiv on Monday.\n", "cp1252",
         ("decoded as cp1252 (not valid UTF-8: byte 0xe9 at offset 3)",
          "file name 'cp1252 article.txt' is not a safe URL slug; its id is 'cp1252-article'")),
        ("latin1", "Straße in Köln über 2022.\n  odd byte\n", "latin-1",  # its C1 control byte 0x81: a space
         ("decoded as Latin-1 (neither valid UTF-8 nor cp1252: byte 0xdf at offset 4)",
          "turned 1 line separator or control character (U+2028, U+2029, U+0085, ...) into spaces")),
        ("bom-crlf", "Headline here\n\nBody line one.\nBody line two.\n", "utf-8",
         ("removed a UTF-8 byte-order mark",)),
        ("nul-bytes", "Stray NUL bytes in a text file.\n", "utf-8", ("removed 1 NUL byte",)),
        ("utf16", "Bonjour, Kiev.\n", "utf-16", ("decoded as UTF-16 (byte-order mark)",)),
        ("cafe-report", "The real cafe report.\n", "utf-8", ()),
        ("cafe-report-2", "A report from the café.\n", "utf-8",
         ("file name 'Café report.txt' is not a safe URL slug; its id is 'cafe-report-2'",)),
        ("rm-rf-x-echo", "Shell characters in the name.\n", "utf-8",
         ("file name '$(rm -rf x); `echo`.txt' is not a safe URL slug; its id is 'rm-rf-x-echo'",)),
    ],
)
def test_good_files_are_decoded_and_noted(
    hostile: reader.ReadResult, file_id: str, text: str, encoding: str, notes: tuple[str, ...]
) -> None:
    source = by_id(hostile)[file_id]
    assert (source.text, source.encoding, source.notes) == (text, encoding, notes)


def test_non_latin_name_gets_a_stable_ascii_id(hostile: reader.ReadResult) -> None:
    ids = [f.id for f in hostile.files if f.text == "Новини з Києва.\n"]
    assert len(ids) == 1
    assert ids[0].startswith("article-") and len(ids[0]) == len("article-") + 8
    assert ids == [f.id for f in reader.read_seeds(FIXTURES).files if f.text == "Новини з Києва.\n"]


def test_paths_are_relative_to_the_seeds_parent(hostile: reader.ReadResult) -> None:
    assert by_id(hostile)["copy-a"].path == Path("hostile_seeds/copy-a.txt")


# ------------------------------------------------------------- folders built in tmp_path


def test_missing_seeds_folder_names_it_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        reader.read_seeds(tmp_path / "nope")
    assert err.value.render() == f"{tmp_path / 'nope'}: the seeds folder does not exist; create it or pass --seeds DIR"


def test_seeds_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "seeds").write_text("x")
    with pytest.raises(InputError) as err:
        reader.read_seeds(tmp_path / "seeds")
    assert err.value.message == "the seeds folder is not a folder; create it or pass --seeds DIR"


def test_empty_folder_is_not_an_error(tmp_path: Path) -> None:
    assert reader.read_seeds(tmp_path) == reader.ReadResult(files=(), problems=())


def test_symlink_leaving_the_folder_is_refused(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret text that must not be published.\n")
    (seeds / "leak.txt").symlink_to(outside)
    (seeds / "ok.txt").write_text("An article.\n")
    (seeds / "alias.txt").symlink_to(seeds / "ok.txt")
    (seeds / "broken.txt").symlink_to(tmp_path / "gone.txt")
    result = reader.read_seeds(seeds)
    assert [f.id for f in result.files] == ["alias"]  # the alias sorts first; ok.txt is its duplicate
    assert problem_map(result) == {
        "seeds/broken.txt": "skipped: a broken symbolic link; remove it or fix its target",
        "seeds/leak.txt": f"refused: a symbolic link to {outside.resolve()}, outside the seeds folder; "
                          "copy the article into the seeds folder instead",
        "seeds/ok.txt": "skipped: the same text as seeds/alias.txt (article alias); delete one of the two copies",
    }
    assert result.copies == {"ok": "alias"}


def test_result_does_not_depend_on_listing_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURES, seeds)
    first = reader.read_seeds(seeds)
    real_iterdir = Path.iterdir
    monkeypatch.setattr(Path, "iterdir", lambda self: reversed(list(real_iterdir(self))))
    assert reader.read_seeds(seeds) == first


def test_oversize_file_is_skipped_with_the_limit(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    line = b"Officials said on 12 May 2024 that 20 MB of text is too much for one article.\n"
    (seeds / "huge.txt").write_bytes(line * (20 * 1024 * 1024 // len(line) + 1))
    (seeds / "small.txt").write_text("Fine.\n")
    result = reader.read_seeds(seeds)
    assert [f.id for f in result.files] == ["small"]
    assert problem_map(result) == {
        "seeds/huge.txt": "skipped: 20.0 MB is over the 5 MB limit for one article; split it into one file per article"
    }


def test_long_files_within_the_limit_are_read(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "lines.txt").write_text("".join(f"Line {i}.\n" for i in range(100_000)))
    (seeds / "dates.txt").write_text(" ".join(f"On {d} May 2024 it rained." for d in range(1, 29)) * 200)
    result = reader.read_seeds(seeds)
    assert [f.id for f in result.files] == ["dates", "lines"]
    assert by_id(result)["lines"].text.count("\n") == 100_000


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads anything")
def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "locked.txt").write_text("x")
    (tmp_path / "locked.txt").chmod(0)
    result = reader.read_seeds(tmp_path)
    assert problem_map(result)[f"{tmp_path.name}/locked.txt"] == "skipped: cannot read it (Permission denied)"


def test_seed_folder_reads_cleanly() -> None:
    result = reader.read_seeds(SEEDS)
    assert result.problems == ()
    assert [f.id for f in result.files] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert all(f.notes == () and f.encoding == "utf-8" for f in result.files)


# ------------------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    ("stems", "expected"),
    [
        (["a", "b"], {"a": "a", "b": "b"}),
        (["My Article", "my-article"], {"my-article": "my-article", "My Article": "my-article-2"}),
        (["Ölpreis", "Olpreis"], {"Olpreis": "Olpreis", "Ölpreis": "olpreis-2"}),
        (["x y", "x  y", "x_y"], {"x_y": "x_y", "x  y": "x-y", "x y": "x-y-2"}),
        (["News", "news"], {"News": "News", "news": "news-2"}),
        (["-lead", "a.b"], {"-lead": "lead", "a.b": "a-b"}),
    ],
)
def test_assign_ids(stems: list[str], expected: dict[str, str]) -> None:
    assert reader.assign_ids(stems) == expected


@pytest.mark.parametrize(
    ("data", "text", "encoding", "notes"),
    [
        (b"plain\n", "plain\n", "utf-8", ()),
        (b"a\r\nb\rc\n", "a\nb\nc\n", "utf-8", ()),
        (b"tab\tok\x0cform\x1bfeed\n", "tab\tok formfeed\n", "utf-8",
         ("removed 1 control character", "turned 1 line separator or control character (U+2028, U+2029, U+0085, ...) into spaces")),
        ("one\u2028two\u2029three\u0085four\x0bfive\x9fsix\n".encode(), "one two three four five six\n", "utf-8",
         ("turned 5 line separators or control characters (U+2028, U+2029, U+0085, ...) into spaces",)),
        (b"e\xcc\x81", "\u00e9", "utf-8", ()),  # NFC
        ("\ufeffx".encode("utf-32"), "x", "utf-32", ("decoded as UTF-32 (byte-order mark)",)),
        (b"\x93smart\x94", "\u201csmart\u201d", "cp1252",
         ("decoded as cp1252 (not valid UTF-8: byte 0x93 at offset 0)",)),
    ],
)
def test_decode_bytes(data: bytes, text: str, encoding: str, notes: tuple[str, ...]) -> None:
    assert reader.decode_bytes(data) == (text, encoding, notes)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n...", "binary file (a PDF document), not text; save the article as plain text (.txt)"),
        (b"PK\x03\x04rest", ("binary file (a ZIP archive (or a .docx/.odt document)), not text; "
                            "save the article as plain text (.txt)")),
        (b"a\x00" * 50, "binary content (many NUL or control bytes), not text; save the article as plain text (.txt)"),
    ],
)
def test_decode_bytes_refuses_binary(data: bytes, reason: str) -> None:
    with pytest.raises(ValueError) as err:
        reader.decode_bytes(data)
    assert str(err.value) == reason


def test_content_key_ignores_whitespace_and_line_ends() -> None:
    assert reader.content_key("A  b\r\nc\n") == reader.content_key("A b c")
    assert reader.content_key("A b c") != reader.content_key("A b d")


# ------------------------------------------------------------------- read_text_file


def test_read_text_file_reads_one_file(tmp_path: Path) -> None:
    path = tmp_path / "My notes.txt"
    path.write_bytes(b"caf\xe9\r\n")
    source = reader.read_text_file(path)
    assert (source.id, source.path, source.text, source.encoding) == ("my-notes", path, "café\n", "cp1252")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "no such file; check the path"),
        (lambda p: p.mkdir(), "is a folder, not a text file"),
        (lambda p: p.write_bytes(b"\x7fELF\x02\x01"),
         "cannot read it: binary file (a program (ELF)), not text; save the article as plain text (.txt)"),
    ],
)
def test_read_text_file_errors(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "f.txt"
    make(path)  # type: ignore[operator]
    with pytest.raises(InputError) as err:
        reader.read_text_file(path)
    assert (err.value.path, err.value.message) == (str(path), message)


def test_undecodable_and_control_characters_in_names(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    raw = os.fsencode(seeds)
    (Path(os.fsdecode(raw + b"/caf\xe9 news.txt"))).write_bytes(b"News from Kyiv.\n")
    (Path(os.fsdecode(raw + b"/line\nbreak.txt"))).write_bytes(b"")
    result = reader.read_seeds(seeds)
    assert [(f.id, str(f.path), f.notes) for f in result.files] == [
        ("caf-news", "seeds/caf\ufffd news.txt",
         ("file name 'caf\ufffd news.txt' is not a safe URL slug; its id is 'caf-news'",)),
    ]
    assert [p.render() for p in result.problems] == [
        "seeds/line\\nbreak.txt: skipped: the file is empty; there is no article to read"
    ]
    for text in [str(f.path) for f in result.files] + [p.render() for p in result.problems]:
        text.encode("utf-8")  # printable and writable as UTF-8
        assert "\n" not in text


@pytest.mark.parametrize(
    ("name", "shown"),
    [("plain.txt", "plain.txt"), ("caf\udce9.txt", "caf\ufffd.txt"), ("a\tb\n.txt", "a\\tb\\n.txt")],
)
def test_display_name(name: str, shown: str) -> None:
    assert reader.display_name(name) == shown


def test_unlistable_seeds_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(folder: object) -> list[Path]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reader.os, "scandir", refuse)
    with pytest.raises(InputError) as err:
        reader.read_seeds(tmp_path)
    assert err.value.render() == f"{tmp_path}: cannot list the seeds folder (Permission denied); check its permissions"


class Known:
    """A dict-backed reader.KnownFiles."""

    def __init__(self) -> None:
        self.kept: dict[str, reader.Loaded] = {}

    def get(self, key: str) -> reader.Loaded | None:
        return self.kept.get(key)

    def note(self, key: str, loaded: reader.Loaded) -> None:
        self.kept[key] = loaded


@pytest.mark.parametrize(("recent_ns", "reads"), [(0, [2, 0, 1]), (10**15, [2, 2, 2])],
                         ids=["settled-files", "files-changed-just-now"])
def test_a_file_whose_status_is_unchanged_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            recent_ns: int, reads: list[int]) -> None:
    """Files changed within RECENT_NS are read every time (a same-size write in the same clock tick keeps the
    status); settled ones are read again only when their status changes."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Officials said on 3 May 2023 that the bridge reopened.\n", encoding="utf-8")
    (seeds / "b.md").write_text("---\ntitle: Talks\n---\nTalks resumed on 4 May 2023.\n", encoding="utf-8")
    monkeypatch.setattr(reader, "RECENT_NS", recent_ns)
    calls: list[Path] = []
    real = reader._read_and_decode

    def counting(path: Path, *args: object, **kw: object) -> tuple[str, str, tuple[str, ...]]:
        calls.append(path)
        return real(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "_read_and_decode", counting)
    known = Known()
    seen: list[int] = []

    def read() -> reader.ReadResult:
        before = len(calls)
        result = reader.read_seeds(seeds, known=known)
        seen.append(len(calls) - before)
        return result

    first, again = read(), read()
    (seeds / "a.txt").write_text("Officials said on 3 May 2023 that the bridge had reopened.\n", encoding="utf-8")
    edited = read()
    assert seen == reads
    assert again == first and "had reopened" in edited.files[0].text and edited.files[1] == first.files[1]
