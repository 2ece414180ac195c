"""Names of people, places and organisations in a sentence, by their capitalisation.

A heuristic without a statistical model: runs of capitalised words (allowing "of", "the" and
"al-" inside, as in "Islamic Republic of Iran"), minus words that are capitalised only because
they start the sentence, calendar words and common titles. Each name gets a kind from cue words:
organisation ("Ministry", "Party", "Army"), person (a title before it: "President", "Minister"),
place (a preposition of place before it, or a place suffix), or "other".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CAPITALISED = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'\-.]*\w|[A-Z]{2,}"
_NAME = re.compile(rf"(?:{_CAPITALISED})(?:\s+(?:(?:of|the|de|al|el|bin|von|van)\s+)*(?:{_CAPITALISED}))*")
_NOT_NAMES = frozenset("""
    a an the this that these those he she it we they i you his her its our their there here
    but and or if when while after before since during on in at by for from with as of to
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    mr mrs ms dr according also however meanwhile moreover although though despite both
    neither either some many several all most other another such what which who whom whose
    why how no not yes one two three four five six seven eight nine ten
""".split())
_TITLES = frozenset("""
    president prime minister foreign defence defense deputy spokesperson spokesman spokeswoman
    leader ayatollah general gen colonel col commander ambassador secretary chancellor king
    queen prince senator governor mayor chairman chief envoy advisor adviser minister's
    dictator mr mrs ms dr sheikh imam pope patriarch
""".split())
_ORGANISATION_WORDS = frozenset("""
    ministry party army forces force council union organization organisation agency committee
    parliament government assembly court bank company corporation news tv press office
    movement front alliance nations league service services guard guards police navy
    commission institute university church republic's
""".split())
_PLACE_SUFFIXES = ("stan", "land", "ia", "ija", "kert", "grad", "abad", "shahr", "burg")
# Countries and a few regions, so that a one-word name such as "Iran" is known to be a place.
COUNTRIES = frozenset("""
    afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan
    bahrain bangladesh belarus belgium bolivia bosnia brazil bulgaria burma cambodia cameroon
    canada chad chile china colombia congo croatia cuba cyprus czechia denmark egypt eritrea
    estonia ethiopia finland france gaza georgia germany ghana greece guatemala haiti honduras
    hungary iceland india indonesia iran iraq ireland israel italy japan jordan kazakhstan kenya
    korea kosovo kuwait kyrgyzstan laos latvia lebanon libya lithuania luxembourg macedonia mali
    malta mexico moldova mongolia montenegro morocco mozambique myanmar nepal netherlands nicaragua
    niger nigeria norway oman pakistan palestine panama paraguay peru philippines poland portugal
    qatar romania russia rwanda serbia slovakia slovenia somalia spain sudan sweden switzerland
    syria taiwan tajikistan tanzania thailand tunisia turkey turkmenistan uganda ukraine uruguay
    uzbekistan venezuela vietnam yemen zambia zimbabwe europe asia africa caucasus crimea donbas
    karabakh nagorno-karabakh artsakh nakhchivan
""".split())
_DEMONYM = re.compile(r"(?:ian|ean|ani|ese|ish|i|ic)$|-\w+$")
_PLACE_CUES = re.compile(r"\b(?:in|at|near|from|to|into|across|around|outside|inside|towards?)\s+$")


@dataclass(frozen=True)
class Name:
    """A name as written and its kind: person, place, organisation or other."""

    text: str
    kind: str


@lru_cache(maxsize=65536)
def names_in(sentence: str) -> tuple[Name, ...]:
    """The distinct names of `sentence`, in order of first appearance (cached: the same quotes
    are listed on several pages)."""
    found: dict[str, Name] = {}
    for match in _NAME.finditer(sentence):
        for start, words in _parts(match.start(), match.group(0).split()):
            while words and (words[0].lower() in _NOT_NAMES or words[0].lower() in _TITLES):
                start += len(words[0]) + 1
                words = words[1:]
            while words and words[-1].lower() in ("of", "the", "de", "al", "el"):
                words = words[:-1]
            if not words or _is_sentence_start_word(sentence, start, words) or _is_adjective(words):
                continue
            text = " ".join(words).rstrip(".’'")
            if len(text) < 2 or text.lower() in _NOT_NAMES:
                continue
            found.setdefault(text, Name(text, _kind(sentence, start, words)))
    return tuple(found.values())


def _parts(start: int, words: list[str]) -> list[tuple[int, list[str]]]:
    """Split a run of capitalised words after possessives ("Turkey's Foreign Minister X") and at
    calendar words ("Facebook Tuesday")."""
    parts: list[tuple[int, list[str]]] = []
    current: list[str] = []
    current_start = position = start
    for word in words:
        if word.lower() in _NOT_NAMES:
            if current:
                parts.append((current_start, current))
            current, current_start = [], position + len(word) + 1
        elif re.search(r"['’]s?$", word):
            current.append(re.sub(r"['’]s?$", "", word))
            parts.append((current_start, current))
            current, current_start = [], position + len(word) + 1
        else:
            current.append(word)
        position += len(word) + 1
    if current:
        parts.append((current_start, current))
    return parts


def _is_adjective(words: list[str]) -> bool:
    """"Armenian", "Azeri", "Armenian-backed": nationality adjectives, not names."""
    return len(words) == 1 and words[0].lower() not in COUNTRIES and bool(_DEMONYM.search(words[0].lower()))


def _is_sentence_start_word(sentence: str, start: int, words: list[str]) -> bool:
    """A single capitalised word opening the sentence is usually just capitalised, not a name."""
    return len(words) == 1 and not sentence[:start].strip(" “\"'‘(") and not words[0].isupper()


def _kind(sentence: str, start: int, words: list[str]) -> str:
    lowered = [word.lower().strip("’'.") for word in words]
    if any(word in _ORGANISATION_WORDS for word in lowered) or (len(words) == 1 and words[0].isupper()):
        return "organisation"
    before = sentence[max(0, start - 40):start].lower().split()
    if before and before[-1].strip(",") in _TITLES:
        return "person"
    if (" ".join(lowered) in COUNTRIES or _PLACE_CUES.search(sentence[max(0, start - 12):start].lower())
            or lowered[-1].endswith(_PLACE_SUFFIXES)):
        return "place"
    if len(words) >= 2:
        return "person"
    return "other"
