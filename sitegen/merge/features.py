"""What an entry's sentence says that another source could repeat: numbers, names, places, words."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import repeat

from sitegen.merge.settings import MergeSettings
from sitegen.models import Entry
from sitegen.temporal.lexicon import default_lexicon

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NAME = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}|\b[A-Z][\w'’.-]*[\w]|\b[A-Z]\b")
_POSSESSIVE = re.compile(r"['’]s$|['’]$")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Quantity:
    """A salient number in a sentence: its normalised value, what it counts, and the words."""

    key: str  # "2000000000", "pct:12"
    unit: str  # "USD", a noun stem ("soldier"), or "" when the sentence does not say
    text: str  # the number and what it counts, as written: "$2 billion", "7 people"


@dataclass(frozen=True)
class Features:
    """The comparable facts of one entry."""

    quantities: tuple[Quantity, ...]
    numbers: frozenset[str]
    places: frozenset[str]
    parties: frozenset[str]
    names: frozenset[str]
    tokens: frozenset[str]
    lead: frozenset[str] = frozenset()  # the sentence's first word, a name only if one elsewhere


@dataclass(frozen=True)
class Verdict:
    """How two entries compare: the signals they share, their wording similarity, a veto if any."""

    signals: tuple[str, ...]  # of: number, place, party, name, wording
    wording: float
    anchored: bool  # a shared number, or wording >= wording_strong
    veto: str  # "" | "places differ" | "numbers differ"
    score: float

    def same_event(self, settings: MergeSettings) -> bool:
        """Return True when the pair looks like one event reported twice."""
        return not self.veto and self.anchored and len(self.signals) >= settings.min_signals


class MergeVocabulary:
    """The merge settings' word lists (currencies, magnitudes, number words, synonyms) compiled
    into the number pattern and a remembered stemmer, made once per merge."""

    def __init__(self, settings: MergeSettings) -> None:
        self.settings = settings
        signs = sorted((c for c in settings.currencies if not c.isalpha()), key=len, reverse=True)
        mags = sorted(settings.magnitudes, key=len, reverse=True)
        words = sorted(settings.number_words, key=len, reverse=True)
        sign_re = "|".join(re.escape(s) for s in signs) or "(?!)"
        mag_re = "|".join(re.escape(m) for m in mags) or "(?!)"
        word_re = "|".join(re.escape(w) for w in words) or "(?!)"
        self.number = re.compile(
            rf"(?<![\w.,])(?P<cur>{sign_re})?\s?"
            rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?P<word>{word_re})\b)"
            rf"(?:[\s-]?(?P<mag>{mag_re})\b|(?!\w))"
            r"(?:\s?(?P<pct>%|percent\b|per cent\b))?",
            re.IGNORECASE,
        )
        self._stems: dict[str, str] = {}
        self._tokens: dict[str, str | None] = {}
        self.name_words: dict[str, tuple[str, ...]] = {}  # a capitalised name as written -> its words

    def token(self, word: str) -> str | None:
        """Return the content word a written word counts as (stemmed), or None for a stopword or a
        word under three letters; remembered."""
        try:
            return self._tokens[word]
        except KeyError:
            pass
        low = word.lower()
        stopwords = self.settings.stopwords
        found = None if len(low) < 3 or low in stopwords else self.stem(low)
        if found in stopwords:
            found = None
        self._tokens[word] = found
        return found

    def stem(self, word: str) -> str:
        """Return stem(word) with the settings' synonyms, remembered (news repeats its words)."""
        found = self._stems.get(word)
        if found is None:
            found = self._stems[word] = stem(word, self.settings.synonyms)
        return found


def stem(word: str, synonyms: Mapping[str, str]) -> str:
    """Return a crude stem: possessive and plural removed, synonyms mapped to one word."""
    w = _POSSESSIVE.sub("", word.lower().replace("’", "'"))
    if w in synonyms:
        return synonyms[w]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return synonyms.get(w, w)


@lru_cache(maxsize=1)
def _date_numbers() -> re.Pattern[str]:
    """Day numbers and years that belong to a date, and clock times: blanked before numbers are
    read. Month names and abbreviations are the temporal tagger's (its packaged lexicon)."""
    lexicon = default_lexicon()
    names = {name.lower() for name in (*lexicon.months, *lexicon.month_abbreviations)}
    months = "|".join(sorted(names, key=lambda m: (-len(m), m)))
    return re.compile(
        rf"\b(?:(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months})\b\.?(?:,?\s+\d{{4}})?"
        rf"|(?:{months})\.?\s+\d{{4}}"
        r"|\d{1,2}:\d{2}(?::\d{2})?)\b",
        re.IGNORECASE,
    )


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _without_dates(entry: Entry) -> str:
    """Return the sentence with its own date expression and other date-like numbers blanked."""
    text = entry.text
    where = entry.mention_span
    if where is not None:
        text = _blank(text, *where)
    if not _DIGIT.search(text):
        return text  # every date-like number has a digit
    return _date_numbers().sub(lambda hit: " " * len(hit.group(0)), text)


def quantities(text: str, vocabulary: MergeVocabulary) -> tuple[Quantity, ...]:
    """Return the salient numbers of a (date-blanked) sentence, normalised."""
    s = vocabulary.settings
    found: list[Quantity] = []
    for hit in vocabulary.number.finditer(text):
        raw = hit["num"]
        word = hit["word"]
        try:
            value = Decimal(s.number_words[word.lower()]) if word else Decimal(raw.replace(",", ""))
        except (InvalidOperation, KeyError):
            continue
        mag = hit["mag"]
        if mag:
            value *= s.magnitudes[mag.lower()]
        after = text[hit.end() :].lstrip(" -")
        next_word = _WORD.match(after)
        nxt = next_word.group(0).lower() if next_word else ""
        currency = s.currencies.get((hit["cur"] or "").lower(), "") or s.currencies.get(nxt, "")
        if hit["pct"]:
            key, unit = f"pct:{_plain(value)}", "percent"
        else:
            key = _plain(value)
            unit = currency or ("" if (not nxt or nxt in s.stopwords) else vocabulary.stem(nxt))
            bare = not (currency or mag or "," in raw or word)
            if bare and (value < 2 or (value == value.to_integral() and 1900 <= value <= 2099)):
                continue  # a lone digit or a year
            if word and not mag and unit in ("", "percent"):
                continue  # "one of", "two sides": spelled counts need a noun to count
            if not currency and not hit["pct"] and unit in s.weak_units:
                continue
        shown = hit.group(0).strip()
        if next_word and unit and not currency and unit != "percent":
            shown = f"{shown} {next_word.group(0)}"
        found.append(Quantity(key=key, unit=unit, text=shown))
    return tuple(found)


def _plain(value: Decimal) -> str:
    """Return a number without exponent or trailing zeros ('2000000000', '1.5')."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def names(
    text: str,
    settings: MergeSettings,
    place_words: frozenset[str],
    memo: dict[str, tuple[str, ...]] | None = None,
) -> tuple[frozenset[str], frozenset[str]]:
    """Return the capitalised names of a sentence that are neither common words nor places.

    The sentence's first word is capitalised whatever it is, so it is returned apart (the
    second set); the caller counts it as a name when other sentences use it as one. `memo`
    remembers what a name as written reduces to (news repeats its names).
    """
    found: set[str] = set()
    lead: set[str] = set()
    first = _WORD.search(text)
    first_at = first.start() if first else -1
    memo = {} if memo is None else memo
    for hit in _NAME.finditer(text):
        raw = hit.group(0)
        into = lead if hit.start() == first_at and not raw.isupper() else found
        words = memo.get(raw)
        if words is None:
            words = memo[raw] = _name_words(raw, settings)
        for word in words:
            if word not in place_words:
                into.add(word)
    return frozenset(found), frozenset(lead)


def _name_words(raw: str, settings: MergeSettings) -> tuple[str, ...]:
    """Return the words of a capitalised name as written that can be a name (no common words)."""
    out = []
    for part in raw.replace(".", "").split("-"):
        word = _POSSESSIVE.sub("", part.replace("’", "'")).lower()
        if not (
            len(word) < 2
            or word in settings.stopwords
            or word in settings.not_names
            or word in settings.background_names
        ):
            out.append(word)
    return tuple(out)


def extract(entry: Entry, vocabulary: MergeVocabulary) -> Features:
    """Return the comparable facts of one entry's sentence."""
    s = vocabulary.settings
    text = _without_dates(entry)
    qty = quantities(text, vocabulary)
    place_words = frozenset(w.lower() for p in entry.places for w in _WORD.findall(f"{p.matched} {p.name}"))
    parties = {c.name.lower() for c in entry.cites if c.kind not in ("anonymous", "unknown")}
    if entry.claim.by:
        parties.add(entry.claim.by.lower())
    wording = text
    for cite in entry.cites:  # who said it is the party signal, not the event's wording
        if cite.phrase and cite.phrase in wording:
            wording = wording.replace(cite.phrase, " ")
    tokens = {t for word in _WORD.findall(wording) if (t := vocabulary.token(word)) is not None}
    found, lead = names(text, s, place_words, vocabulary.name_words)
    return Features(
        quantities=qty,
        numbers=frozenset(q.key for q in qty),
        places=frozenset(p.slug for p in entry.places),
        parties=frozenset(parties),
        names=found,
        tokens=frozenset(tokens),
        lead=lead,
    )


class Idf:
    """Inverse document frequency of content words over the entries being merged."""

    def __init__(self, token_sets: Iterable[frozenset[str]]) -> None:
        self._weigh((tokens, 1) for tokens in token_sets)

    @classmethod
    def counted(cls, token_sets: Iterable[tuple[frozenset[str], int]]) -> Idf:
        """Return the weights over word sets given with how many entries have each (the same as listing each
        set that many times): a sentence that a thousand wire copies repeat is counted once, a thousand times."""
        idf = cls.__new__(cls)
        idf._weigh(token_sets)
        return idf

    @classmethod
    def over(cls, facts: Iterable[Features]) -> Idf:
        """Return the weights over entries' facts, each shared facts object's words counted once, times its
        entries (wire copy makes one object stand for hundreds)."""
        times: Counter[int] = Counter()
        first: dict[int, Features] = {}
        for f in facts:
            times[id(f)] += 1
            first.setdefault(id(f), f)
        return cls.counted((first[key].tokens, n) for key, n in times.items())

    def _weigh(self, token_sets: Iterable[tuple[frozenset[str], int]]) -> None:
        df: dict[str, int] = {}
        n = 0
        for tokens, times in token_sets:
            n += times
            for t in tokens:
                df[t] = df.get(t, 0) + times
        self._weight = {t: (math.log((n + 1) / (c + 1)) + 1.0) ** 2 for t, c in df.items()}
        self._default = (math.log(n + 1) + 1.0) ** 2

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Idf) and self._default == other._default and self._weight == other._weight

    __hash__ = None  # type: ignore[assignment]  # mutable-looking: never a key

    def drift(self, other: Idf, tokens: Iterable[str]) -> float:
        """Return the most a word score over `tokens` can move from these weights to `other`'s, as a factor:
        the largest ratio of their weights over the smallest (each bounded by 1; inf for a word either lacks).

        A score is a sum of weights over the square root of two such sums, so it moves by at most that factor."""
        lo = hi = 1.0
        mine, theirs = self._weight, other._weight
        for t in tokens:
            a, b = mine.get(t), theirs.get(t)
            if a is None or b is None:
                return math.inf
            q = b / a
            if q < lo:
                lo = q
            elif q > hi:
                hi = q
        return hi / lo

    def mass(self, tokens: Iterable[str]) -> float:
        """Return the sum of squared IDF weights of a set of words, the same whatever order they come in.

        A set's order changes with the string hash seed; a plain float sum in that order could
        differ in its last bit between runs and tip a score tie or a threshold (math.fsum is exact).
        """
        return math.fsum(map(self._weight.get, tokens, repeat(self._default)))  # C loops: scoring's hot path


def word_score(a: Features, b: Features, norm_a: float, norm_b: float, idf: Idf) -> float:
    """Return the IDF-weighted cosine of two entries' content words."""
    shared = a.tokens & b.tokens
    return idf.mass(shared) / math.sqrt(norm_a * norm_b) if shared and norm_a and norm_b else 0.0


def same_event_verdict(
    a: Features, b: Features, norm_a: float, norm_b: float, idf: Idf, settings: MergeSettings
) -> Verdict | None:
    """Return compare()'s verdict when it says the pair is one event, else None.

    Most candidate pairs share neither a number nor enough wording to be anchored; they are
    turned away after that one test, without the signals, vetoes and the Verdict record.
    """
    if a.numbers.isdisjoint(b.numbers) and word_score(a, b, norm_a, norm_b, idf) < settings.wording_strong:
        return None  # not anchored: compare() could only say "not the same event"
    verdict = compare(a, b, norm_a, norm_b, idf, settings)
    return verdict if verdict.same_event(settings) else None


def compare(
    a: Features, b: Features, norm_a: float, norm_b: float, idf: Idf, settings: MergeSettings
) -> Verdict:
    """Compare two entries' facts: shared signals, IDF-weighted cosine of words, vetoes."""
    signals: list[str] = []
    shared_numbers = a.numbers & b.numbers
    if shared_numbers:
        signals.append("number")
    if a.places & b.places:
        signals.append("place")
    if a.parties & b.parties:
        signals.append("party")
    if a.names & b.names:
        signals.append("name")
    wording = word_score(a, b, norm_a, norm_b, idf)
    if wording >= settings.wording_weak:
        signals.append("wording")
    veto = ""
    if a.places and b.places and not (a.places & b.places):
        veto = "places differ"
    elif not shared_numbers and wording < settings.wording_decisive and _numbers_differ(a, b):
        veto = "numbers differ"
    anchored = bool(shared_numbers) or wording >= settings.wording_strong
    score = 3.0 * bool(shared_numbers) + len(signals) + 3.0 * wording
    return Verdict(signals=tuple(signals), wording=wording, anchored=anchored, veto=veto, score=score)


def _numbers_differ(a: Features, b: Features) -> bool:
    """Return True when both give a number for the same thing and never the same number."""
    units_a = {q.unit for q in a.quantities if q.unit}
    for unit in units_a & {q.unit for q in b.quantities if q.unit}:
        va = {q.key for q in a.quantities if q.unit == unit}
        vb = {q.key for q in b.quantities if q.unit == unit}
        if not va & vb:
            return True
    return False
