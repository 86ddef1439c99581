"""The search index step: which pages Pagefind is told to read, and that telling it changes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.site.search import MARKER, post_process, search_available, searchable_glob

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


def test_a_glob_too_long_for_a_command_line_falls_back_to_every_page(tmp_path: Path) -> None:
    write(tmp_path, {f"a/{i:05d}-{'x' * 40}.html": BODY if i % 2 else PLAIN for i in range(2000)})
    assert searchable_glob(tmp_path) is None


def test_the_index_is_the_same_with_the_glob_as_without(tmp_path: Path) -> None:
    if not search_available():
        pytest.skip("pagefind is not installed")
    pages = {"index.html": BODY.replace("Geneva", "Geneva on Monday"),
             "years/2024/index.html": BODY.replace("Geneva", "Vienna"),
             "years/index.html": BODY.replace("Geneva", "Doha"),
             "articles/one/index.html": PLAIN, "sources/x/index.html": PLAIN.replace("same", "Vienna")}
    indexes = []
    for name, use_glob in (("with", True), ("without", False)):
        site = tmp_path / name
        write(site, pages)
        if use_glob:
            post_process(site)
        else:
            subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], check=True)
        indexes.append({p.relative_to(site).as_posix(): p.read_bytes()
                        for p in sorted((site / "pagefind").rglob("*")) if p.is_file()})
    assert indexes[0] == indexes[1]
    assert sum(name.startswith("pagefind/fragment/") for name in indexes[0]) == 3  # the three marked pages
