"""Strict YAML loading: syntax errors, duplicates, bombs, types, and the validation helpers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import sitegen.yamlload
from sitegen.errors import ConfigError
from sitegen.yamlcompose import MAX_NODES
from sitegen.yamlload import libyaml_available, load_yaml, load_yaml_text
from sitegen.ynode import YNode

PARSERS = [pytest.param(True, id="libyaml", marks=pytest.mark.skipif(not libyaml_available(),
                                                                     reason="PyYAML built without libyaml")),
           pytest.param(False, id="pure-python")]


@pytest.fixture(params=PARSERS, autouse=True)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run every test with libyaml and with PyYAML's pure-Python parser: same checks, same words."""
    use_libyaml: bool = request.param
    monkeypatch.setattr(sitegen.yamlload, "USE_LIBYAML", use_libyaml)
    return use_libyaml

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")
)


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "3: a: duplicate key (first on line 1); YAML keeps only one of them, so merge the two"),
        ("x:\n  y: 1\n  z: 2\n  y: 3\n", ("4: x.y: duplicate key (first on line 2); YAML keeps only one of them, "
                                        "so merge the two")),
        ("a:\n\tb: 1\n", "2:1: a tab character; indent with spaces, not tabs"),
        ("a: b: c\n", "1:5: a ': ' where a value was expected; put text containing ': ' in quotes"),
        ("a:\n  b: 1\n c: 2\n", "3:2: this line's indentation does not match the lines above"),
        ('a: "open\n', "2:1: the file ends inside a quoted or bracketed value; close it"),
        ("a: 1\n---\nb: 2\n", "2:1: more than one YAML document ('---') in one file; keep one document per file"),
        ("a: *nope\n", "1:4: an alias (*name) that no anchor (&name) defines"),
        ("d: 2024-02-30\n", "1: d: impossible date 2024-02-30: day is out of range for month"),
        ("x: !!python/object/apply:os.system [ls]\n", ("1: x: the tag !!python/object/apply:os.system is not "
                                                      "allowed; only text, numbers, true/false, dates, lists and "
                                                      "mappings are")),
        ("x: !!binary aGk=\n", ("1: x: the tag !!binary is not allowed; only text, numbers, true/false, dates, "
                               "lists and mappings are")),
        ("a: &a [*a]\n", "1: an alias refers to the value that contains it"),
        (BOMB, "6: too many values (more than 200000, counting each use of an alias); is this an alias bomb?"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", "1:67: nested too deeply (the limit is 64 levels)"),
        ("[a, b]: 1\n", "1: a key must be plain text, not a list, a mapping or a tagged value"),
        ("base: &b 3\nitem:\n  <<: *b\n", "3: item: '<<' must name a mapping (<<: *anchor)"),
        # wordings libyaml and PyYAML say differently, in the same plain words
        ("a: @x\n", "1:4: '@' cannot start a value; put the value in quotes"),
        ("a: `x\n", "1:4: '`' cannot start a value; put the value in quotes"),
        ("\tfoo: 1\n", "1:1: a tab character; indent with spaces, not tabs"),
        ("key\nfoo: 1\n", "2:4: a ': ' where a value was expected; put text containing ': ' in quotes"),
        ("a: - b\n", "1:4: a '- ' list item where a value was expected; start the list on the next line"),
        ("a:\n  - b\n  c: 1\n", "3:3: this line's indentation does not match the lines above"),
        ("a: [b\n", "2:1: a [bracketed] list is not closed, or lacks a ',' between its items"),
        ("a: {b: 1\n", "2:1: a {braced} mapping is not closed, or lacks a ',' between its items"),
        ("a: *\n", "1:5: an anchor (&name) or alias (*name) needs a name made of letters and digits"),
        ("a: b\x07c\n", "1: the character #x0007 is not allowed in YAML; remove it"),
        ("a: é\nb: \x07\n", "2: the character #x0007 is not allowed in YAML; remove it"),
    ],
)
def test_bad_yaml_is_refused_with_file_line_and_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      text: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as err:
        write(tmp_path, text)
        load_yaml(Path("a.yaml"))
    assert str(err.value) == f"a.yaml:{message}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("[" * 100_000 + "]" * 100_000 + "\n", "1:65: nested too deeply (the limit is 64 levels)",
                     id="100000-brackets"),
        # libyaml (PyYAML >= 6.0.4) stops at 1,000 flow levels with its own words at column 1001:
        # the limit is checked before it looks that far, so the place and the words stay ours
        pytest.param("{" * 100_000 + "\n", "1:65: nested too deeply (the limit is 64 levels)", id="100000-braces"),
        pytest.param("a: " + "[" * 5000 + "\n", "1:67: nested too deeply (the limit is 64 levels)",
                     id="5000-brackets-in-a-mapping"),
        pytest.param("- " * 30 + "[{a: " * 2000 + "\n", "1:143: nested too deeply (the limit is 64 levels)",
                     id="2000-mixed-in-a-list"),
        pytest.param("a: 1\n" * 1000 + 'b: "]]"\nc: ' + "[" * 5000 + "\n",
                     "1002:67: nested too deeply (the limit is 64 levels)", id="5000-brackets-on-line-1002"),
        pytest.param("- " * 70 + "x\n", "1:129: nested too deeply (the limit is 64 levels)", id="70-dashes"),
        pytest.param("x: [" + "1, " * MAX_NODES + "1]\n", ("1: too many values (more than 200000, counting each "
                                                          "use of an alias); is this an alias bomb?"),
                     id="200001-values-without-aliases"),
    ],
)
def test_huge_inputs_are_refused_with_words(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_yaml_text(text, "a.yaml")
    assert str(err.value) == f"a.yaml:{message}"


@pytest.mark.parametrize(
    "text",
    [
        'a: "' + "[" * 3000 + '"\nb: [1]\n',
        "a: '" + "{" * 3000 + "'\nb: [1]\n",
        "# " + "[" * 3000 + "\nb: [1]\n",
        "a: |\n  " + "[" * 3000 + "\nb: [1]\n",
        "a: x" + "[" * 3000 + "\nb: [1]\n",
        "a: it's " + "[" * 3000 + "\nb: [1]\n",
    ],
    ids=["double-quoted", "single-quoted", "comment", "block-scalar", "plain-scalar", "plain-with-apostrophe"],
)
def test_brackets_in_text_are_not_nesting(text: str) -> None:
    """Thousands of brackets inside a scalar or a comment are text: the nesting check lets them through."""
    root = load_yaml_text(text, "a.yaml")
    assert [item.value for item in root.mapping(["a", "b"])["b"].sequence()] == [1]


def test_nesting_beyond_a_parsers_own_limit_is_said_in_the_same_words() -> None:
    """Whatever path finds it (ours, or libyaml's own 1,000-level limit), deep nesting is said in our words.

    A stray quote hides the brackets from the cheap scan; libyaml may then speak first.
    """
    with pytest.raises(ConfigError) as err:
        load_yaml_text('t: a 5" screen\nb: ' + "[" * 3000 + "\n", "a.yaml")
    assert str(err.value).startswith("a.yaml:2:")
    assert str(err.value).endswith(": nested too deeply (the limit is 64 levels)")


def test_deep_block_nesting_is_refused_before_composing() -> None:
    """Nested block mappings, one per line: the key on line 64 is the 65th level (a key is a node too)."""
    with pytest.raises(ConfigError) as err:
        load_yaml_text("".join(f"{' ' * i}k{i}:\n" for i in range(2000)), "deep.yaml")
    assert str(err.value) == "deep.yaml:64:64: nested too deeply (the limit is 64 levels)"


def test_a_large_overrides_file_loads_identically_with_both_parsers(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "articles:\n" + "".join(
        f"  a{i:04d}:\n    published: 2024-05-{i % 28 + 1:02d}\n    outlet: \"Outlet {i % 7}\"\n"
        f"    tags: [x, 'y', {i}]\n" for i in range(300))
    trees = []
    for use_libyaml in (True, False):
        if use_libyaml and not libyaml_available():
            continue
        monkeypatch.setattr(sitegen.yamlload, "USE_LIBYAML", use_libyaml)
        trees.append(load_yaml_text(text, "big.yaml"))
    assert all(tree == trees[0] for tree in trees)
    article = trees[0].mapping(["articles"])["articles"].value["a0299"]  # type: ignore[index]
    assert (article.line, article.key, article.mapping(["published", "outlet", "tags"])["published"].as_date()) == (
        2 + 4 * 299 + 1, "articles.a0299", date(2024, 5, 20))  # a mapping starts at its first key


def test_the_garbage_collector_is_left_as_it_was() -> None:
    """Loading pauses the cyclic collector for speed; it comes back on after a load and after an error."""
    import gc

    assert gc.isenabled()
    load_yaml_text("a: [1, 2]\n", "f.yaml")
    assert gc.isenabled()
    with pytest.raises(ConfigError):
        load_yaml_text("a: [1\n", "f.yaml")
    assert gc.isenabled()
    gc.disable()
    try:
        load_yaml_text("a: 1\n", "f.yaml")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_bomb_fixture_really_expands_beyond_the_limit() -> None:
    assert 9 ** 9 > MAX_NODES  # the test above is a real bomb, not a small file


def test_size_limit_and_encoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a: " + "x" * 100 + "\n")
    with pytest.raises(ConfigError) as err:
        load_yaml(Path("a.yaml"), max_bytes=50)
    assert str(err.value) == "a.yaml: file is too large (104 bytes; the limit is 50); split it into several files"
    (tmp_path / "b.yaml").write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(ConfigError) as err:
        load_yaml(Path("b.yaml"))
    assert str(err.value) == "b.yaml:2: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    with pytest.raises(ConfigError) as err:
        load_yaml(Path("missing.yaml"))
    assert str(err.value) == "missing.yaml: file not found"


def test_nodes_know_their_lines_keys_and_raw_text(tmp_path: Path) -> None:
    root = load_yaml(write(tmp_path, "# c\narticles:\n  123_456:\n    published: 2024-05-15\nv: [2024, x]\n"))
    assert root.key_lines == {"articles": 2, "v": 5}
    art = root.mapping(["articles", "v"])["articles"]
    (name, node), = art.items()
    assert name == "123_456"  # a key is a name: never read as the number 123456
    published = node.mapping(["published"])["published"]
    assert (published.line, published.key, published.as_date()) == (4, "articles.123_456.published",
                                                                      date(2024, 5, 15))
    first, second = root.mapping(["articles", "v"])["v"].sequence()
    assert (first.value, first.raw, first.key, second.key) == (2024, "2024", "v[0]", "v[1]")


def test_merge_keys_are_supported_and_explicit_keys_win(tmp_path: Path) -> None:
    root = load_yaml(write(tmp_path, "base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n"))
    c = root.mapping(["base", "c"])["c"]
    assert {k: v.value for k, v in c.items()} == {"y": 3, "x": 1}


def test_empty_file_is_an_empty_value(tmp_path: Path) -> None:
    root = load_yaml(write(tmp_path, "# only a comment\n"))
    assert root.value is None and list(root.items()) == []


def node(text: str) -> YNode:
    return load_yaml_text(text, "f.yaml").mapping(["k", "publishd", "x"])["k"]


@pytest.mark.parametrize(
    ("text", "method", "message"),
    [
        ("k: May 15\n", "as_date", "f.yaml:1: k: expected a date as YYYY-MM-DD, got text 'May 15'"),
        ("k: 2024-05-15 10:00:00\n", "as_date", ("f.yaml:1: k: expected a date as YYYY-MM-DD, got a date and time "
                                             "(2024-05-15 10:00:00)")),
        ("k: '2023-02-29'\n", "as_date", "f.yaml:1: k: impossible date 2023-02-29: day is out of range for month"),
        ("k: 2024\n", "as_str", ("f.yaml:1: k: expected text, got the number 2024; put it in quotes if it is "
                                "meant as text")),
        ("k: [a]\n", "as_str", "f.yaml:1: k: expected text, got a list; put it in quotes if it is meant as text"),
        ("k: ''\n", "as_str", "f.yaml:1: k: expected text, got empty text"),
        ("k: yes please\n", "as_bool", "f.yaml:1: k: expected true or false, got text 'yes please'"),
        ("k:\n", "as_bool", "f.yaml:1: k: expected true or false, got nothing (an empty value)"),
        ("k: javascript:alert(1)\n", "as_url", ("f.yaml:1: k: expected an http:// or https:// URL, "
                                               "got 'javascript:alert(1)'")),
        ("k: https://exa mple.org/\n", "as_url", ("f.yaml:1: k: expected an http:// or https:// URL, "
                                                 "got 'https://exa mple.org/'")),
        ("k: {a: 1}\n", "sequence", "f.yaml:1: k: expected a list, got a mapping (key: value lines)"),
        ("k: 3\n", "items", "f.yaml:1: k: expected a mapping (key: value lines), got the number 3"),
        ("k: north\n", "as_float", "f.yaml:1: k: expected a number, got text 'north'"),
        ("k: yes\n", "as_float", "f.yaml:1: k: expected a number, got true"),
        ("k: [a, {b: 1}]\n", "as_names", "f.yaml:1: k[1]: expected a name or an id, got a mapping (key: value lines)"),
        ("k:\n", "as_names", "f.yaml:1: k: expected a name or an id, got nothing (an empty value)"),
    ],
)
def test_typed_accessors_say_what_they_expected_and_got(text: str, method: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        result = getattr(node(text), method)()
        list(result) if method == "items" else None
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("k:\n  publishd: 1\n", "f.yaml:2: k.publishd: unknown key; did you mean published?"),
        ("k:\n  zzz: 1\n", "f.yaml:2: k.zzz: unknown key; expected one of: published, outlet"),
        ("k:\n  outlet: 1\n", "f.yaml:2: k: missing key 'published'"),
    ],
)
def test_mapping_refuses_unknown_and_missing_keys(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        node(text).mapping(["published", "outlet"], required=["published"])
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("k: onlin\n", "f.yaml:1: k: unknown value 'onlin'; did you mean online?"),
        ("k: zzz\n", "f.yaml:1: k: unknown value 'zzz'; expected one of: online, wire"),
        ("k: 3\n", "f.yaml:1: k: expected text, got the number 3; put it in quotes if it is meant as text"),
    ],
)
def test_choice_refuses_other_values_with_a_hint(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        node(text).as_choice(["online", "wire"])
    assert str(err.value) == message


def test_good_values_pass() -> None:
    assert node("k: '2024-05-15'\n").as_date() == date(2024, 5, 15)
    assert node("k: https://example.org/a?b=c\n").as_url() == "https://example.org/a?b=c"
    assert node("k: true\n").as_bool() is True
    assert node("k: 2024-W19\n").as_name() == "2024-W19"
    assert node("k: 12\n").as_float() == 12.0 and node("k: -0.5\n").as_float() == -0.5
    assert node("k: ' wire '\n").as_choice(["online", "wire"]) == "wire"
    assert node("k: [on, 'Off', 2024]\n").as_names() == ("on", "Off", "2024")
    assert node("k: no\n").as_names() == ("no",)
