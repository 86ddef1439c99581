"""The user's files are sacred: the manifest, the keep list, content/static/, refusals beside the inputs.

Writer-level cases call `write_site`; site-level ones run `sitegen build` on a copy of the golden
fixture site (tests/golden), whose output the user then edits as people do (CNAME, a git checkout).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from sitegen import writer
from sitegen.cli import main
from sitegen.errors import OutputError
from sitegen.manifest import DEFAULT_KEEP, read_manifest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SITE = {"index.html": b"<p>new</p>", "entries/a.html": b"a", "assets/site.css": b"body{}"}


def make_site(tmp_path: Path) -> Path:
    """A copy of the golden site's inputs under tmp_path/site (seeds/, content/)."""
    site = tmp_path / "site"
    shutil.copytree(GOLDEN / "seeds", site / "seeds")
    shutil.copytree(GOLDEN / "content", site / "content")
    return site


def build(site: Path, output: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    """Run `sitegen build` on the site; return (exit code, stderr)."""
    code = main(["build", "-q", "--seeds", str(site / "seeds"), "--content", str(site / "content"),
                 "--templates", str(ROOT / "templates"), "--output", str(output), *extra])
    return code, capsys.readouterr().err


# ------------------------------------------------------------------ manifest


def test_the_marker_lists_every_file_the_build_wrote(tmp_path: Path) -> None:
    out = tmp_path / "public"
    writer.write_site(SITE, out)
    assert read_manifest(out) == frozenset(SITE)
    assert (out / ".sitegen-output").read_bytes().endswith(b"files:\nassets/site.css\nentries/a.html\nindex.html\n")


@pytest.mark.parametrize("name", ["CNAME", ".htaccess", ".nojekyll", ".well-known/security.txt",
                                  ".git/config", "docs/report.pdf"])
def test_files_the_build_did_not_write_are_kept_or_stop_it(tmp_path: Path, name: str) -> None:
    out = tmp_path / "public"
    writer.write_site(SITE, out)
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(b"the user's own")
    if name == "docs/report.pdf":
        with pytest.raises(OutputError) as err:
            writer.write_site({"index.html": b"newer"}, out)
        assert str(err.value) == (
            f"{out}: sitegen did not write docs/report.pdf, and a build replaces the folder: move this file to "
            "content/static/ (copied into the site on every build), or list it under keep: in content/site.yaml")
        assert (out / "index.html").read_bytes() == b"<p>new</p>"  # nothing changed
        writer.write_site({"index.html": b"newer"}, out, keep=["docs/*.pdf"])
    else:
        writer.write_site({"index.html": b"newer"}, out)
    assert (out / name).read_bytes() == b"the user's own"
    assert (out / "index.html").read_bytes() == b"newer"
    assert not (out / "entries").exists()  # sitegen's own old files went
    assert name not in read_manifest(out)  # (the manifest lists only what sitegen wrote)


def test_many_unknown_files_are_counted_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "public"
    writer.write_site(SITE, out)
    for i in range(5):
        (out / f"note{i}.txt").write_text("mine")
    with pytest.raises(OutputError) as err:
        writer.write_site(SITE, out, content_dir=Path("site/content"))
    assert str(err.value) == (
        f"{out}: sitegen did not write note0.txt, note1.txt, note2.txt and 2 more, and a build replaces the folder: "
        "move these files to site/content/static/ (copied into the site on every build), or list them under "
        "keep: in site/content/site.yaml")


def test_kept_entries_are_carried_untouched(tmp_path: Path) -> None:
    out = tmp_path / "public"
    writer.write_site(SITE, out, epoch=1700000000)
    hook = out / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True)
    hook.write_text("#!/bin/sh\n")
    hook.chmod(0o750)
    os.utime(hook, (1, 1))
    (out / ".git" / "HEAD").symlink_to("hooks/pre-commit")
    writer.write_site(SITE, out, epoch=1700000000)
    info = os.lstat(hook)
    assert (stat.S_IMODE(info.st_mode), info.st_mtime) == (0o750, 1)  # modes and times are the user's
    assert os.readlink(out / ".git" / "HEAD") == "hooks/pre-commit"
    assert out.stat().st_mtime == 1700000000  # still deterministic where it is sitegen's
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_folder_written_by_an_older_sitegen_is_all_sitegen_s(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / ".sitegen-output").write_bytes(b"sitegen output folder, format 1\nsitegen made this folder\n")
    (out / "old-page.html").write_text("from the old build")
    (out / "CNAME").write_text("example.org\n")
    writer.write_site(SITE, out)
    assert not (out / "old-page.html").exists()
    assert (out / "CNAME").read_text() == "example.org\n"


def test_an_unmarked_folder_holding_only_kept_entries_is_used(tmp_path: Path) -> None:
    out = tmp_path / "public"
    (out / ".git").mkdir(parents=True)
    (out / "CNAME").write_text("example.org\n")
    writer.write_site(SITE, out)
    assert sorted(p.name for p in out.iterdir()) == [".git", ".sitegen-output", "CNAME", "assets", "entries",
                                                      "index.html"]


def test_a_kept_entry_the_new_site_writes_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "public"
    writer.write_site(SITE, out)
    (out / "CNAME").write_text("mine")
    with pytest.raises(OutputError) as err:
        writer.write_site({**SITE, "CNAME": b"from static"}, out)
    assert str(err.value) == ("CNAME is kept from the previous site but the new site also writes CNAME; "
                              "delete or rename one of the two")


@pytest.mark.parametrize(("entry", "problem"), [
    ("../secrets", "it has an empty, '.' or '..' segment; name a path inside the output folder"),
    ("/etc", "name it relative to the output folder, with / between folders"),
    (".sitegen-output", ".sitegen-output is sitegen's own marker"),
    ("/", "it is empty; name a file or folder inside the output folder"),
])
def test_keep_entries_in_site_yaml_are_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: str, problem: str
) -> None:
    site = make_site(tmp_path)
    yaml = site / "content" / "site.yaml"
    yaml.write_text(yaml.read_text() + f"keep:\n  - CNAME\n  - '{entry}'\n")
    code, err = build(site, tmp_path / "public", capsys)
    line = len(yaml.read_text().splitlines())
    assert (code, err) == (1, f"error: {yaml}:{line}: keep[1]: {entry!r} cannot be kept: {problem}\n")


def test_a_misspelt_keep_key_gets_a_did_you_mean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path)
    yaml = site / "content" / "site.yaml"
    yaml.write_text(yaml.read_text() + "kepe: [notes.txt]\n")
    code, err = build(site, tmp_path / "public", capsys)
    assert code == 1
    assert "kepe" in err and "did you mean keep?" in err


def test_default_keep_list_is_pelican_s_output_retention() -> None:
    assert DEFAULT_KEEP == (".git", "CNAME", ".nojekyll", ".well-known/", ".htaccess")


# ------------------------------------------------------------ whole builds


def test_a_rebuild_keeps_cname_git_and_listed_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path)
    out = tmp_path / "public"
    yaml = site / "content" / "site.yaml"
    yaml.write_text(yaml.read_text() + "keep: [drafts]\n")
    assert build(site, out, capsys) == (0, "")
    (out / "CNAME").write_text("timeline.example.org\n")
    (out / "drafts").mkdir()
    (out / "drafts" / "next.html").write_text("soon")
    git = shutil.which("git")
    if git is not None:
        env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "site"]):
            subprocess.run([git, *args], cwd=out, check=True, env=env)
    assert build(site, out, capsys) == (0, "")
    assert (out / "CNAME").read_text() == "timeline.example.org\n"
    assert (out / "drafts" / "next.html").read_text() == "soon"
    if git is not None:  # the checkout still works, and sees an unchanged site
        status = subprocess.run([git, "status", "--porcelain"], cwd=out, check=True, capture_output=True,
                                text=True)
        assert status.stdout == ""
    assert (site / "seeds").is_dir() and (site / "content" / "site.yaml").is_file()


def test_a_fresh_git_clone_as_output_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path)
    out = tmp_path / "public"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    assert build(site, out, capsys) == (0, "")
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (out / "index.html").is_file()


def test_static_files_are_copied_verbatim(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path)
    static = site / "content" / "static"
    (static / "docs").mkdir(parents=True)
    (static / "docs" / "report.pdf").write_bytes(b"%PDF-1.4 \x00\xff binary")
    (static / ".well-known").mkdir()
    (static / ".well-known" / "security.txt").write_text("Contact: mailto:a@example.org\n")
    out = tmp_path / "public"
    assert build(site, out, capsys) == (0, "")
    assert (out / "docs" / "report.pdf").read_bytes() == b"%PDF-1.4 \x00\xff binary"
    assert (out / ".well-known" / "security.txt").read_text() == "Contact: mailto:a@example.org\n"
    assert "docs/report.pdf" in read_manifest(out)
    (static / "docs" / "report.pdf").unlink()
    assert build(site, out, capsys) == (0, "")  # it was sitegen's: the next build takes it away
    assert not (out / "docs").exists()


def test_a_static_file_may_not_replace_a_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path)
    (site / "content" / "static").mkdir()
    (site / "content" / "static" / "index.html").write_text("mine")
    code, err = build(site, tmp_path / "public", capsys)
    assert (code, err) == (1, (f"error: {site / 'content' / 'static' / 'index.html'}: the site already has "
                               "index.html (sitegen makes it); rename or remove this file\n"))
    assert not (tmp_path / "public").exists()


@pytest.mark.parametrize(("output", "relation", "flag", "folder"), [
    ("site", "contains", "--seeds", "site/seeds"),
    ("site/seeds", "is", "--seeds", "site/seeds"),
    ("site/content/public", "sits inside", "--content", "site/content"),
    ("tpl", "is", "--templates", "tpl"),
])
def test_an_output_overlapping_an_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    output: str, relation: str, flag: str, folder: str,
) -> None:
    make_site(tmp_path)
    shutil.copytree(ROOT / "templates", tmp_path / "tpl")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "-q", "--output", "public", "--seeds", "site/seeds", "--content", "site/content",
                 "--templates", "tpl"]) == 0
    shutil.copytree("public", "site", dirs_exist_ok=True)  # as if site/ came from an earlier build
    before = sorted(str(p) for p in Path("site").rglob("*"))
    code = main(["build", "-q", "--output", output, "--seeds", "site/seeds", "--content", "site/content",
                 "--templates", "tpl"])
    err = capsys.readouterr().err
    assert (code, err) == (1, (f"error: refusing to build: --output {output} {relation} {flag} {folder}, and a "
                               "build replaces its output folder; pick an output folder outside your inputs, "
                               "such as public/\n"))
    assert sorted(str(p) for p in Path("site").rglob("*")) == before


def test_a_missing_templates_folder_is_refused_before_any_article_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = make_site(tmp_path)
    read: list[Path] = []
    monkeypatch.setattr("sitegen.reader.read_seeds", lambda folder, *args: read.append(folder))
    monkeypatch.chdir(tmp_path)
    code = main(["build", "-q", "--seeds", str(site / "seeds"), "--content", str(site / "content"),
                 "--templates", "nowhere"])
    assert (code, capsys.readouterr().err) == (
        1, "error: nowhere: templates/ not found: run sitegen from the site folder or pass --templates DIR\n")
    assert read == [] and not (tmp_path / "public").exists() and not (site / ".sitegen-cache").exists()
