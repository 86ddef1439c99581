"""The search index step: which pages Pagefind is told to read, and that telling it changes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.site.search import (
    MARKER,
    MAX_PARTS,
    PART_UNUSED,
    Bundle,
    inner_bundles,
    marked_pages,
    pagefind_command,
    pages_by_folder,
    plan_bundles,
    post_process,
    search_available,
    searchable_glob,
)

BODY = f"<html><body><main {MARKER.decode()}><p>Talks resumed in Geneva.</p></main></body></html>"
PLAIN = "<html><body><main><p>An article page listing the same sentence again.</p></main></body></html>"


def write(root: Path, pages: dict[str, str]) -> None:
    for rel, text in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")


@pytest.mark.parametrize(
    ("pages", "glob"),
    [
        ({"index.html": PLAIN, "a/index.html": PLAIN}, None),  # nothing marked: Pagefind reads every page
        ({"index.html": BODY, "a/index.html": BODY}, None),  # everything marked: its default is the same
        ({"index.html": BODY, "years/2023/index.html": BODY, "years/2024/index.html": BODY,
          "articles/x/index.html": PLAIN}, "{index.html,years/**/*.html}"),
        ({"index.html": PLAIN, "years/2023/index.html": BODY, "years/2024/index.html": PLAIN},
         "years/2023/**/*.html"),
        ({"index.html": PLAIN, "a/b/one.html": BODY, "a/b/two.html": BODY, "a/c.html": PLAIN,
          "a-z/x.html": BODY}, "{a-z/**/*.html,a/b/**/*.html}"),
        ({"index.html": PLAIN, "pagefind/ui.html": PLAIN, "y/index.html": BODY}, "y/**/*.html"),  # its own folder
        ({"index.html": PLAIN, "odd {name}.html": BODY}, None),  # a name a glob cannot hold plainly
    ],
)
def test_the_glob_names_only_the_marked_pages(tmp_path: Path, pages: dict[str, str], glob: str | None) -> None:
    write(tmp_path, pages)
    assert searchable_glob(tmp_path) == glob


@pytest.mark.parametrize("known", [{}, {"years/2023/index.html": True}, {"index.html": False, "a/x.html": True}])
def test_pages_named_are_what_a_walk_of_the_folder_finds(tmp_path: Path, known: dict[str, bool]) -> None:
    pages = {"index.html": PLAIN, "years/2023/index.html": BODY, "a/x.html": BODY, "pagefind/ui.html": BODY,
             "assets/site.css": "body{}", ".sitegen-output": "marker"}
    write(tmp_path, pages)
    walked = marked_pages(tmp_path, known)
    assert walked == {"index.html": False, "years/2023/index.html": True, "a/x.html": True}
    assert marked_pages(tmp_path, known, list(pages)) == walked
    assert list(marked_pages(tmp_path, known, reversed(list(pages)))) == sorted(walked)


def test_a_glob_too_long_for_a_command_line_falls_back_to_every_page(tmp_path: Path) -> None:
    write(tmp_path, {f"a/{i:05d}-{'x' * 40}.html": BODY if i % 2 else PLAIN for i in range(2000)})
    assert searchable_glob(tmp_path) is None


def _index(site: Path, folder: str = "pagefind") -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / folder).rglob("*")) if p.is_file()}


def test_an_unsplit_index_is_the_same_with_the_glob_as_without(tmp_path: Path) -> None:
    if not search_available():
        pytest.skip("pagefind is not installed")
    pages = {"index.html": PLAIN, "years/2024/index.html": BODY.replace("Geneva", "Vienna"),
             "years/index.html": BODY.replace("Geneva", "Doha"), "years/2023/index.html": BODY,
             "articles/one/index.html": PLAIN, "sources/x/index.html": PLAIN.replace("same", "Vienna")}
    indexes = []
    for name, use_glob in (("with", True), ("without", False)):
        site = tmp_path / name
        write(site, pages)
        if use_glob:
            assert post_process(site) == (1, 1)
        else:
            subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], check=True)
        indexes.append({k: v for k, v in _index(site).items() if k != "pagefind/parts.json"})
    assert indexes[0] == indexes[1]
    assert sum(name.startswith("pagefind/fragment/") for name in indexes[0]) == 3  # the three marked pages
    assert (tmp_path / "with" / "pagefind" / "parts.json").read_text("utf-8") == "[]\n"


def test_the_indexer_runs_as_the_binary_python_m_pagefind_would_exec(monkeypatch: pytest.MonkeyPatch) -> None:
    if not search_available():
        pytest.skip("pagefind is not installed")
    pagefind_command.cache_clear()
    command = pagefind_command()
    assert len(command) == 1 and Path(command[0]).is_file()  # no interpreter started per bundle
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, check=True).stdout
    by_module = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True,
                               check=True).stdout
    assert version == by_module
    # a lookup that finds nothing leaves it to `python -m pagefind`, which says what is missing
    import pagefind.service
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)
    pagefind_command.cache_clear()
    try:
        assert pagefind_command() == (sys.executable, "-m", "pagefind")
    finally:
        pagefind_command.cache_clear()


MARKED = {"index.html": True, "years/2023/index.html": True, "years/2024/index.html": True,
          "years/2024/extra.html": True, "articles/x/index.html": False}


@pytest.mark.parametrize(
    ("marked", "bundles"),
    [
        ({"index.html": False, "a/index.html": False}, [Bundle("pagefind", None, None)]),
        ({"index.html": True, "a/index.html": True}, [Bundle("pagefind", "", "index.html"),
                                                     Bundle("pagefind/parts/a", "a", "a/index.html")]),
        (MARKED, [Bundle("pagefind", "", "index.html"),
                  Bundle("pagefind/parts/years/2023", "years/2023", "years/2023/index.html"),
                  Bundle("pagefind/parts/years/2024", "years/2024", "{years/2024/extra.html,years/2024/index.html}")]),
        ({"index.html": False, "years/2023/index.html": True, "years/2024/index.html": True},  # no page at the root
         [Bundle("pagefind", None, "years/**/*.html")]),
        ({"index.html": True, **{f"f{i:03d}/index.html": True for i in range(MAX_PARTS + 1)}},  # too many parts
         [Bundle("pagefind", None, None)]),
        ({"index.html": True, "odd {name}/index.html": True}, [Bundle("pagefind", None, None)]),
    ],
)
def test_folders_of_marked_pages_beside_the_root_make_parts(marked: dict[str, bool], bundles: list[Bundle]) -> None:
    assert plan_bundles(marked) == bundles


def test_a_bundle_covers_the_pages_of_its_own_folder() -> None:
    main, part, whole = Bundle("pagefind", "", "x"), Bundle("pagefind/parts/y/1", "y/1", "x"), Bundle("pagefind", None, None)
    assert [main.covers(p) for p in ("index.html", "y/1/index.html")] == [True, False]
    assert [part.covers(p) for p in ("index.html", "y/1/index.html", "y/1/z/index.html", "y/10/a.html")] == \
        [False, True, False, False]
    assert whole.covers("y/1/z/index.html")


def test_a_split_index_has_a_part_per_folder_and_kept_parts_are_not_indexed(tmp_path: Path) -> None:
    if not search_available():
        pytest.skip("pagefind is not installed")
    write(tmp_path, {rel: BODY.replace("Geneva", rel.split("/")[-2] if "/" in rel else "Geneva") if flag else PLAIN
                     for rel, flag in MARKED.items()})
    asked: list[tuple[str, bytes]] = []

    def keep(bundle: Bundle, parts: bytes) -> bool:
        asked.append((bundle.folder, parts))
        return bundle.scope == "years/2023"

    assert post_process(tmp_path, keep) == (2, 3)
    listed = (tmp_path / "pagefind" / "parts.json").read_bytes()
    assert json.loads(listed) == ["parts/years/2023/", "parts/years/2024/"]
    assert asked == [("pagefind", listed), ("pagefind/parts/years/2023", listed), ("pagefind/parts/years/2024", listed)]
    assert not (tmp_path / "pagefind" / "parts" / "years" / "2023").exists()  # kept: the caller places it
    main, part = _index(tmp_path), _index(tmp_path, "pagefind/parts/years/2024")
    assert sum(n.startswith("pagefind/fragment/") for n in main) == 1  # the root's page only
    assert sum("/fragment/" in n for n in part) == 2  # the folder's two pages
    assert (tmp_path / "pagefind" / "pagefind-ui.js").is_file()
    assert (tmp_path / "pagefind" / "parts" / "years" / "2024" / "pagefind-entry.json").is_file()
    part_files = {p.name for p in (tmp_path / "pagefind" / "parts" / "years" / "2024").iterdir() if p.is_file()}
    assert part_files.isdisjoint(PART_UNUSED)  # the search UI loads scripts from the main bundle only
    assert {"pagefind.js", "pagefind-ui.js", "pagefind-ui.css"} <= {p.name for p in (tmp_path / "pagefind").iterdir()}


@pytest.mark.parametrize(("folder", "parts", "inner"), [
    ("pagefind", [], ("pagefind/parts", "pagefind/parts.json")),
    ("pagefind", ["parts/years/2024/"], ("pagefind/parts", "pagefind/parts.json")),
    ("pagefind/parts/years/2024", ["parts/years/2024/", "parts/years/2024/05/", "parts/years/2024/06/",
                                   "parts/years/2025/05/"],
     ("pagefind/parts/years/2024/05", "pagefind/parts/years/2024/06")),
    ("pagefind/parts/years/2024/05", ["parts/years/2024/", "parts/years/2024/05/"], ()),
    ("pagefind/parts/years/2", ["parts/years/2/", "parts/years/2024/"], ()),  # a name's prefix is not a folder's
])
def test_a_bundle_kept_whole_leaves_out_the_bundles_inside_it(folder: str, parts: list[str],
                                                             inner: tuple[str, ...]) -> None:
    bundle = Bundle(folder, folder.removeprefix("pagefind/parts/"), None)
    unused = () if folder == "pagefind" else tuple(f"{folder}/{name}" for name in PART_UNUSED)
    assert inner_bundles(bundle, json.dumps(parts).encode()) == (*inner, *unused)


def test_pages_are_grouped_by_the_folder_a_bundle_reads() -> None:
    names = ["index.html", "feed.xml", "years/2024/index.html", "years/2024/05/index.html", "years/2024/05/a.html",
             "pagefind/x.html", "static/style.css"]
    assert pages_by_folder(names) == {"": frozenset({"index.html"}), "years/2024": frozenset({"years/2024/index.html"}),
                                      "years/2024/05": frozenset({"years/2024/05/index.html", "years/2024/05/a.html"})}
    for folder, pages in pages_by_folder(names).items():
        assert all(Bundle("pagefind/parts", folder, None).covers(p) for p in pages)
