"""The seeds folder with every kind of input, and hostile HTML: each ends in a clear skip or a normal article."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from sitegen import reader
from sitegen.cli import main
from sitegen.errors import SitegenError

LEDE = ("A drone strike damaged a thermal power plant in Kharkiv early on Tuesday, regional officials said, "
        "leaving parts of the city without electricity for several hours.")
PAGE = (f"<html><head><meta charset='utf-8'><title>Strike on the Kharkiv plant</title></head><body>"
        f"<h1>Strike on the Kharkiv plant</h1><p>{LEDE}</p></body></html>")


def _seeds(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, data in files.items():
        (seeds / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return seeds


def test_every_kind_is_read_with_its_sidecar(tmp_path: Path) -> None:
    seeds = _seeds(tmp_path, {
        "pasted.txt": f"Strike on the plant\n{LEDE}\n",
        "note.md": f"---\noutlet: Reuters\n---\n{LEDE}\n",
        "saved.html": PAGE,
        "saved.source.yaml": 'url: "https://www.example.com/2024/05/14/strike"\nfetched: "2024-05-14T10:00:00Z"\n',
        "old.htm": PAGE.replace("Kharkiv plant", "Kharkiv plant again").replace("Tuesday", "Monday"),
        "orphan.source.yaml": 'url: "https://www.example.com/x"\n',
    })
    result = reader.read_seeds(seeds)
    kinds = {f.id: (f.kind, f.stated.url.value if f.stated.url else None) for f in result.files}
    assert kinds == {"note": ("markdown", None), "old": ("html", None), "pasted": ("text", None),
                     "saved": ("html", "https://www.example.com/2024/05/14/strike")}
    assert [p.render() for p in result.problems] == [
        ("seeds/orphan.source.yaml: skipped: a sidecar without its article (no seed file named orphan.*); delete it "
        "or restore the article")]
    saved = next(f for f in result.files if f.id == "saved")
    assert saved.text == f"Strike on the Kharkiv plant\n\n{LEDE}\n"
    assert (saved.stated.published, saved.stated.published_evidence) == (
        date(2024, 5, 14), 'date in the URL: "2024/05/14"')


def test_a_bad_sidecar_fails_naming_its_line(tmp_path: Path) -> None:
    seeds = _seeds(tmp_path, {"saved.html": PAGE, "saved.source.yaml": 'url: "https://x.example/a"\nfetchd: "x"\n'})
    with pytest.raises(SitegenError) as err:
        reader.read_seeds(seeds)
    assert "saved.source.yaml:2" in err.value.render() and "did you mean fetched?" in err.value.render()


def _bomb() -> str:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    return f'<?xml version="1.0"?><!DOCTYPE html [{entities}]><html><body><h1>Bomb</h1><p>&a9;</p><p>{LEDE}</p>' \
           "</body></html>"


HOSTILE = [
    # (name, bytes, "read" with a fragment of its text, or "skip" with the reason)
    ("bomb.html", _bomb().encode(), ("read", LEDE)),
    ("deep.html", ("<html><body>" + "<div>" * 100_000 + f"<p>{LEDE}</p>" + "</div>" * 100_000
                   + "</body></html>").encode(), ("skip", ("skipped: no article text found in the page; save the "
                                                          "article's text as a .txt file instead"))),
    ("huge.html", b"<html><body>" + f"<p>{LEDE}</p>".encode() * 126_000 + b"</body></html>",
     ("skip", "skipped: 20.4 MB is over the 10 MB limit for one article; split it into one file per article")),
    ("wrong-charset.html", PAGE.replace("charset='utf-8'", "charset='utf-16'").replace("plant", "plant – café")
     .encode("utf-8"), ("read", "Strike on the Kharkiv plant – café")),
    ("cp1251.html", PAGE.replace("utf-8", "windows-1251").replace("Strike", "Удар").encode("cp1251"),
     ("read", "Удар on the Kharkiv plant")),
    ("binary.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, ("skip", ("skipped: binary file (a PNG image), not text; "
                                                                   "save the article as plain text (.txt)"))),
    ("menu.html", b"<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>",
     ("skip", ("skipped: no article text found in the page (only 2 words); save the article's text as a .txt file "
              "instead"))),
]


@pytest.mark.parametrize(("name", "data", "outcome"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_pages_end_in_a_skip_or_an_article(tmp_path: Path, name: str, data: bytes,
                                                    outcome: tuple[str, str]) -> None:
    seeds = _seeds(tmp_path, {name: data})
    started = time.monotonic()
    result = reader.read_seeds(seeds)
    assert time.monotonic() - started < 60  # a generous bound against a hang, not a speed test
    if outcome[0] == "read":
        [source] = result.files
        assert outcome[1] in source.text
        assert "lol" * 100 not in source.text  # entities are never expanded
    else:
        assert [p.message for p in result.problems] == [outcome[1]]


def test_a_wrong_charset_is_noted(tmp_path: Path) -> None:
    seeds = _seeds(tmp_path, {"p.html": PAGE.replace("charset='utf-8'", "charset='utf-16'")})
    [source] = reader.read_seeds(seeds).files
    assert source.notes == ("the page declares charset utf-16, but its bytes are UTF-8; read as UTF-8",)


def test_extract_prints_one_json_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = _seeds(tmp_path, {"note.md": f"---\ntitle: Plant hit\ndate: 2024-05-14\noutlet: Reuters\n---\n"
                                         f"Share this article\n{LEDE}\n\nThe governor said no one was hurt in the "
                                         "attack on the plant, which was repaired by Friday.\n"})
    assert main(["extract", str(seeds / "note.md"), "--content", str(tmp_path / "none")]) == 0
    got = json.loads(capsys.readouterr().out)
    assert {k: got[k] for k in ("title", "published", "published_evidence", "outlet", "url", "text", "removed")} == {
        "title": "Plant hit", "published": "2024-05-14", "published_evidence": "front matter line 3 (date:)",
        "outlet": "Reuters", "url": None,
        "text": f"{LEDE}\n\nThe governor said no one was hurt in the attack on the plant, which was repaired by "
                "Friday.",
        "removed": [{"line": 6, "text": "Share this article", "pattern": "share-strip"}],
    }


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.txt", "error: {path}: no such file; check the path\n"),
        ("x.source.yaml", "error: {path}: is a sidecar (where a page was fetched from); give the page itself\n"),
    ],
)
def test_extract_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str) -> None:
    if name.endswith(".yaml"):
        (tmp_path / name).write_text('url: "https://x.example/"\n')
    assert main(["extract", str(tmp_path / name)]) == 1
    assert capsys.readouterr().err == message.format(path=tmp_path / name)
