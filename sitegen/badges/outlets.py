"""The outlet registry (packaged YAML + content/sources.yaml) and outlet detection from raw text and URL."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sitegen import DATA_DIR
from sitegen.badges._text import literal_needle, literal_pattern
from sitegen.badges.alternation import Alternative, Family
from sitegen.models import OutletKind, OutletRef
from sitegen.text.normalize import fold

PACKAGED = DATA_DIR / "outlets.yaml"
SITE_FILE = "sources.yaml"
KINDS: tuple[OutletKind, ...] = ("wire", "newspaper", "broadcaster", "online", "aggregator", "government",
                                 "state-media", "research")
HEADER_LINES = 12  # title suffixes and section labels are looked for in the first lines only
ICON_LINES = 5
MASTHEAD_LINES = 15  # a masthead (the outlet's name alone on a line) stands among the first lines
# An outlet's bare name is no masthead for these kinds: a wire's name alone on a line is a photo
# credit or a repost's source line; a government body's name is a menu or tag line ("White House").
NO_NAME_MASTHEAD = ("wire", "government")

# type -> (default role, default strength, human words for the evidence)
SIGNATURE_TYPES: dict[str, tuple[str, str, str]] = {
    "dateline": ("origin", "strong", "dateline"),
    "credit": ("origin", "strong", "credit"),
    "title-suffix": ("host", "strong", "title suffix"),
    "section": ("host", "strong", "section label"),
    "masthead": ("host", "strong", "masthead line"),
    "byline": ("origin", "strong", "byline"),
    "support": ("host", "strong", "support prompt"),
    "self-reference": ("host", "weak", "self-reference"),
    "domain": ("host", "weak", "domain in text"),
    "icon-strip": ("host", "strong", "icon strip"),
    "line": ("host", "weak", "line"),
    "text": ("host", "weak", "text"),
    "regex": ("host", "weak", "pattern"),
}
ROLES = ("host", "origin")
STRENGTHS = ("strong", "weak")
_SCORE = {"strong": 2, "weak": 1}

# "By Jane Doe and John Roe, CNN", "By Jane Doe | Reuters", "Story by Meduza": the last part names the outlet.
# Matched on one line (that starts with one of _BYLINE_STARTS, lower-cased).
_BYLINE = re.compile(r"(?i)[ \t]*(?:story[ \t]+|written[ \t]+)?by[ \t]+(?:[^\n]{0,200}[,|/\u2013\u2014][ \t]*)?"
                     r"(?P<name>[^\n,|/\u2013\u2014]{2,60}?)[ \t]*\.?[ \t]*$")
_BYLINE_STARTS = ("by ", "story by ", "written by ")  # of the line's `fold` key (white space made single spaces)
# "Support Meduza", "Support UP or become our patron!": a donation prompt naming the outlet (one line).
_SUPPORT = re.compile(r"(?i)[ \t]*support[ \t]+(?P<name>[^\n!.?]{2,60}?)"
                      r"(?:[ \t]+(?:or|and|today|now|here)(?![\w])[^\n]*|[ \t]*[!.]?)[ \t]*$")
_SUPPORT_STARTS = ("support ",)
_NAMED_STARTS = _BYLINE_STARTS + _SUPPORT_STARTS
NAMED_LINE_MAX = 300  # characters of a byline or support line (the patterns reach 15 + 200 + 60)
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")


@dataclass(frozen=True)
class Signature:
    """Words that identify an outlet's copy in raw text."""

    type: str  # see SIGNATURE_TYPES
    text: str
    role: str = "host"  # host: the site showing the text; origin: who reported it (a dateline)
    strength: str = "strong"  # strong: enough alone; weak: needs a second signature

    def describe(self) -> str:
        """Return the signature in an editor's words, e.g. 'title suffix "| Daily Ledger"'."""
        return f'{SIGNATURE_TYPES[self.type][2]} "{self.text}"'


@dataclass(frozen=True)
class Outlet:
    """The full record of one outlet."""

    slug: str
    name: str
    label: str
    kind: OutletKind
    country: str = ""
    description: str = ""
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    signatures: tuple[Signature, ...] = ()
    source: str = ""  # file:line of the entry that defined it last

    def ref(self) -> OutletRef:
        """Return the badge view of this outlet."""
        return OutletRef(name=self.name, label=self.label, kind=self.kind, slug=self.slug, country=self.country)


@dataclass(frozen=True)
class Hint:
    """A pattern that says what kind of page a text comes from without naming the outlet."""

    name: str
    kind: OutletKind
    signatures: tuple[Signature, ...]


@dataclass(frozen=True)
class OutletDetection:
    """What the raw text and URL say about an article's outlet and original reporter."""

    outlet: OutletRef | None
    via: OutletRef | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Hit:
    slug: str  # outlet slug, or "#<hint index>"
    signature: Signature
    line: int


@dataclass
class _Tally:
    host: int = 0
    origin: int = 0
    first_line: int = 1 << 30
    evidence: list[str] = field(default_factory=list)


class OutletRegistry:
    """Every known outlet, with one compiled matcher per signature family."""

    def __init__(self, outlets: Iterable[Outlet], hints: Iterable[Hint] = ()) -> None:
        self._outlets: dict[str, Outlet] = {o.slug: o for o in outlets}
        self._hints = tuple(hints)
        self._names: dict[str, str] = {}
        self._domains: dict[str, str] = {}
        for outlet in self._outlets.values():
            for name in (outlet.name, outlet.label, *outlet.aliases, outlet.slug):
                for key in _name_keys(name):
                    self._names.setdefault(key, outlet.slug)
            for domain in outlet.domains:
                self._domains[domain.lower()] = outlet.slug
                self._names.setdefault(domain.lower(), outlet.slug)
        self._compile()

    # ---------------------------------------------------------------- lookups
    def all(self) -> tuple[OutletRef, ...]:
        """Return every outlet's badge view, sorted by name."""
        return tuple(o.ref() for o in sorted(self._outlets.values(), key=lambda o: fold(o.name)))

    def outlet(self, slug: str) -> Outlet:
        """Return the full record of an outlet; KeyError for an unknown slug."""
        return self._outlets[slug]

    def by_name(self, name: str) -> OutletRef | None:
        """Find an outlet by canonical name, label, alias, slug or domain (any case); None if unknown."""
        for key in _name_keys(name):
            slug = self._names.get(key)
            if slug is not None:
                return self._outlets[slug].ref()
        domain = _domain_slug(self._domains, name)
        return self._outlets[domain].ref() if domain else None

    def party_names(self) -> tuple[tuple[str, OutletRef], ...]:
        """Return (spelling, outlet) pairs for finding outlets named in running text."""
        out: list[tuple[str, OutletRef]] = []
        for outlet in self._outlets.values():
            ref = outlet.ref()
            for spelling in dict.fromkeys((outlet.name, outlet.label, *outlet.aliases)):
                out.append((spelling, ref))
        return tuple(out)

    # -------------------------------------------------------------- detection
    def detect(self, raw_text: str, url: str | None) -> OutletDetection:
        """Identify the outlet (and the original reporter of a repost) from signatures and the URL."""
        tallies: dict[str, _Tally] = {}
        evidence: list[str] = []
        url_slug = None
        if url:
            url_slug = _domain_slug(self._domains, url)
            host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
            if url_slug is not None:
                domain = next(d for d in self._outlets[url_slug].domains if _host_matches(host, d.lower()))
                tally = tallies.setdefault(url_slug, _Tally())
                tally.host += 10
                tally.first_line = 0
                tally.evidence.append(f"domain {domain} in url")
            elif host:
                evidence.append(f"domain {host} in url is not in the outlet registry")
        hint_hits: dict[int, list[_Hit]] = {}
        counted: set[tuple[str, str, str]] = set()
        for hit in self._hits(raw_text):
            if hit.slug.startswith("#"):
                hint_hits.setdefault(int(hit.slug[1:]), []).append(hit)
                continue
            if hit.signature.strength == "weak":
                # a weak signature counts once however often it occurs (any of an outlet's domains is one
                # sign): two different ones are needed
                key = (hit.slug, hit.signature.type, "" if hit.signature.type == "domain" else hit.signature.text)
                if key in counted:
                    continue
                counted.add(key)
            tally = tallies.setdefault(hit.slug, _Tally())
            score = _SCORE[hit.signature.strength]
            if hit.signature.role == "host":
                tally.host += score
            else:
                tally.origin += score
            tally.first_line = min(tally.first_line, hit.line)
            tally.evidence.append(f"{hit.signature.describe()} on line {hit.line}")

        host_slug = url_slug or _best(tallies, "host")
        if url and url_slug is None and host_slug is None:
            origin_slug = _best(tallies, "origin")
        else:
            origin_slug = _best(tallies, "origin", exclude=host_slug)
        if host_slug is None and not url and origin_slug is not None:
            host_slug, origin_slug = origin_slug, None  # the reporter's own copy, as far as the text shows
        for slug in (host_slug, origin_slug):
            if slug is not None:
                evidence.extend(tallies[slug].evidence)
        for index, hits in sorted(hint_hits.items()):
            hint = self._hints[index]
            if {h.signature for h in hits} >= set(hint.signatures):
                found = ", ".join(f"{h.signature.describe()} on line {h.line}" for h in hits)
                evidence.append(f"looks like {hint.name} ({found})")
        outlet = self._outlets[host_slug].ref() if host_slug else None
        via = self._outlets[origin_slug].ref() if origin_slug else None
        return OutletDetection(outlet=outlet, via=via, evidence=tuple(evidence))

    def _hits(self, raw_text: str) -> Iterable[_Hit]:
        lines = raw_text.split("\n")
        header = "\n".join(lines[:HEADER_LINES])
        for m in self._anywhere.finditer(raw_text):
            slug, sig = self._groups[m.lastgroup or ""]
            line = raw_text.count("\n", 0, m.start()) + 1
            if sig.type == "icon-strip" and line > ICON_LINES:
                continue
            yield _Hit(slug, sig, line)
        for m in self._suffix.finditer(header):
            slug, sig = self._groups[m.lastgroup or ""]
            yield _Hit(slug, sig, header.count("\n", 0, m.start()) + 1)
        for number, line_text in enumerate(lines, start=1):
            key = fold(line_text)
            if not key:
                continue
            for slug, sig in self._whole_lines.get(key, ()):
                if (sig.type == "section" and number > HEADER_LINES) or (
                        sig.type == "masthead" and number > MASTHEAD_LINES):
                    continue
                yield _Hit(slug, sig, number)
            if key.startswith(_NAMED_STARTS):
                if key.startswith(_SUPPORT_STARTS):
                    yield from self._named_line(line_text, number, _SUPPORT, "support", self._support_names)
                else:
                    yield from self._named_line(line_text, number, _BYLINE, "byline", self._byline_names)
        if self._tlds is not None:
            for m in self._tlds.finditer(raw_text):
                begin = m.start()
                while begin > 0 and raw_text[begin - 1] in _HOST_CHARS:
                    begin -= 1
                if begin > 0 and raw_text[begin - 1].isalnum():
                    continue  # a word character outside ASCII: no host name
                found = self._text_domain(raw_text[begin:m.end()].strip(".-").lower())
                if found is not None:
                    domain, slug = found
                    yield _Hit(slug, Signature("domain", domain, *SIGNATURE_TYPES["domain"][:2]),
                               raw_text.count("\n", 0, m.start()) + 1)

    def _named_line(self, line_text: str, number: int, pattern: re.Pattern[str], kind: str,
                    names: dict[str, str]) -> Iterator[_Hit]:
        """Yield a hit when a line is a pattern's (a byline, a support prompt) and its `name` group names an outlet.

        The pattern sees the line with its white space runs made single spaces, and only when that is
        at most `NAMED_LINE_MAX` characters: over a long run of spaces the patterns backtrack cubically
        ("By" + 500 spaces + "," took 12 s).
        """
        view = " ".join(line_text.split())
        if len(view) > NAMED_LINE_MAX:
            return
        m = pattern.match(view)
        if m is None:
            return
        slug = next((names[k] for k in _name_keys(m["name"]) if k in names), None)
        if slug is not None:
            role, strength, _ = SIGNATURE_TYPES[kind]
            yield _Hit(slug, Signature(kind, line_text.strip(), role, strength), number)

    def _text_domain(self, host: str) -> tuple[str, str] | None:
        """Return (domain, outlet slug) when a host name written in the text is an outlet's domain or under it."""
        labels = host.split(".")
        for i in range(len(labels) - 1):
            domain = ".".join(labels[i:])
            slug = self._text_domains.get(domain)
            if slug is not None:
                return domain, slug
        return None

    def _compile(self) -> None:
        anywhere: list[Alternative] = []
        suffix: list[Alternative] = []
        self._groups: dict[str, tuple[str, Signature]] = {}
        self._whole_lines: dict[str, list[tuple[str, Signature]]] = {}
        self._byline_names: dict[str, str] = {}
        self._support_names: dict[str, str] = {}
        self._text_domains: dict[str, str] = {}
        for outlet in self._outlets.values():
            spellings = dict.fromkeys((outlet.name, outlet.label, *outlet.aliases))
            for spelling in spellings:
                for key in _name_keys(spelling):
                    self._byline_names.setdefault(key, outlet.slug)
                    self._support_names.setdefault(key, outlet.slug)
                if outlet.kind not in NO_NAME_MASTHEAD:
                    self._whole_lines.setdefault(fold(spelling), []).append(
                        (outlet.slug, Signature("masthead", spelling, *SIGNATURE_TYPES["masthead"][:2])))
            for domain in outlet.domains:
                self._text_domains.setdefault(domain, outlet.slug)
        owners = [(o.slug, o.signatures) for o in self._outlets.values()]
        owners += [(f"#{i}", h.signatures) for i, h in enumerate(self._hints)]
        self._tlds: re.Pattern[str] | None = None
        for slug, signatures in owners:
            for sig in signatures:
                if sig.type in ("section", "line", "masthead", "support"):
                    self._whole_lines.setdefault(fold(sig.text), []).append((slug, sig))
                    continue
                if sig.type == "byline":
                    for key in _name_keys(sig.text):
                        self._byline_names.setdefault(key, slug)
                    continue
                if sig.type == "domain":
                    self._text_domains.setdefault(sig.text.lower(), slug)
                    continue
                group = f"s{len(self._groups)}"
                self._groups[group] = (slug, sig)
                if sig.type == "regex":
                    anywhere.append(Alternative(f"(?P<{group}>{sig.text})", "", re.compile(sig.text)))
                elif sig.type == "title-suffix":
                    suffix.append(Alternative(f"(?P<{group}>{literal_pattern(sig.text)})[ \t]*$",
                                               literal_needle(sig.text)))
                else:
                    anywhere.append(Alternative(f"(?P<{group}>{literal_pattern(sig.text)})",
                                                 literal_needle(sig.text)))
        self._anywhere = Family(anywhere)
        self._suffix = Family(suffix, re.MULTILINE)
        # a domain in the text is found from its top-level part: a literal "." starts the pattern (fast)
        tlds = sorted({d.rsplit(".", 1)[1] for d in self._text_domains}, key=lambda t: (-len(t), t))
        if tlds:
            self._tlds = re.compile(r"\.(?:" + "|".join(map(re.escape, tlds)) + r")(?![\w-])", re.IGNORECASE)


def _best(tallies: dict[str, _Tally], role: str, exclude: str | None = None) -> str | None:
    """Return the outlet with the highest score (>= one strong signature) for a role."""
    ranked = sorted(
        ((getattr(t, role), -t.first_line, slug) for slug, t in tallies.items() if slug != exclude),
        key=lambda row: (-row[0], -row[1], row[2]),
    )
    if ranked and ranked[0][0] >= _SCORE["strong"]:
        return ranked[0][2]
    return None


def _name_keys(name: str) -> tuple[str, ...]:
    key = fold(name)
    bare = key.removeprefix("the ")
    return (key, bare) if bare != key else (key,)


def _host_matches(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _domain_slug(domains: dict[str, str], url: str) -> str | None:
    """Return the slug of the outlet whose domain the URL's host is (or is under), longest domain first."""
    text = url.strip()
    host = (urlsplit(text if "//" in text else "//" + text).hostname or "").lower()
    if not host or "." not in host:
        return None
    for domain in sorted(domains, key=len, reverse=True):
        if _host_matches(host, domain):
            return domains[domain]
    return None
