"""Which tokens a rule's match can start with, read off its regular expression.

The tagger tries a rule only at token starts whose token the rule can begin with, instead of
scanning the whole text with every rule. A token is a run of letters, a run of decimal digits, or
one other non-space character; a match always starts at a token start (`TOKEN`).

`StartKeys.of(pattern)` is conservative: whatever it cannot bound (a class of many letters, a
backreference, a pattern that may start with a space) makes the rule `anywhere`, and the tagger
then scans the text with it as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

# Token starts: a run of letters, a run of decimal digits, or one other non-space character.
TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s]|_")
_LETTER = re.compile(r"[^\W\d_]")
DIGIT = "0"  # the key of every token that starts with a decimal digit
# Above this many expanded strings (or letters in a class), a rule is tried anywhere.
_MAX_STATES = 4096
_MAX_CLASS = 64
_MAX_WORD = 40


class _Anywhere(Exception):
    """The pattern's possible first tokens cannot be bounded."""


@dataclass(frozen=True)
class StartKeys:
    """The tokens a match can start with: whole words, word prefixes, digits, other characters.

    `anywhere` means no bound is known. Words and prefixes are lower case.
    """

    words: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()
    anywhere: bool = False

    @staticmethod
    def of(pattern: re.Pattern[str]) -> StartKeys:
        """The start keys of a compiled pattern (`anywhere` when they cannot be bounded)."""
        try:
            parsed = sre_parse.parse(pattern.pattern, pattern.flags)
            states = _walk(list(parsed), {_PRE})
        except (_Anywhere, RecursionError):
            return StartKeys(anywhere=True)
        words, prefixes, others = set(), set(), set()
        for state in states:
            kind, text = state
            if kind == "pre":
                continue  # the pattern can end before consuming anything: no token to start
            if kind == "space":
                return StartKeys(anywhere=True)
            target = {"word": words, "prefix": prefixes, "other": others}[kind]
            target.add(text)
        return StartKeys(frozenset(words), frozenset(prefixes), frozenset(others))


# A walk state: ("pre", "") before the first character; ("open", letters) inside the first
# letter run; then ("word" | "prefix" | "other" | "space", key) once the first token is known.
_PRE = ("pre", "")


def _walk(items: list[tuple[object, object]], states: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The states after matching the whole pattern: a letter run still open at its end may go on
    in the text, so it is a prefix."""
    return {("prefix", text) if kind == "open" else (kind, text)
            for kind, text in _walk_open(items, states)}


def _step(op: object, av: object, states: set[tuple[str, str]]) -> set[tuple[str, str]]:
    if op is sre.LITERAL:
        return _consume(states, [_fold(chr(av))])  # type: ignore[arg-type]
    if op is sre.IN:
        return _consume(states, _class_chars(av))  # type: ignore[arg-type]
    if op is sre.AT:
        return _boundary(states) if av in (sre.AT_BOUNDARY, sre.AT_END, sre.AT_END_STRING) else states
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return states
    if op is sre.SUBPATTERN:
        return _walk_open(list(av[-1]), states)  # type: ignore[index]
    if op is sre.ATOMIC_GROUP:
        return _walk_open(list(av), states)  # type: ignore[arg-type]
    if op is sre.BRANCH:
        return set().union(*(_walk_open(list(branch), states) for branch in av[1]))  # type: ignore[index]
    if op is sre.GROUPREF_EXISTS:
        _, yes, no = av  # type: ignore[misc]
        return _walk_open(list(yes), states) | _walk_open(list(no or []), states)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, item = av  # type: ignore[misc]
        return _repeat(list(item), low, high, states)
    raise _Anywhere  # ANY, NOT_LITERAL, GROUPREF, CATEGORY outside a class...


def _walk_open(items: list[tuple[object, object]], states: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The states after matching `items` from each of `states` (an open letter run stays open)."""
    for op, av in items:
        if all(kind not in ("pre", "open") for kind, _ in states):
            return states
        states = _step(op, av, states)
        if len(states) > _MAX_STATES:
            raise _Anywhere
    return states


def _repeat(item: list[tuple[object, object]], low: int, high: int,
            states: set[tuple[str, str]]) -> set[tuple[str, str]]:
    current = states
    for _ in range(low):
        current = _walk_open(item, current)
    result = set(current)
    count = low
    while count < high:
        current = _walk_open(item, current) - result
        if not current:
            break
        result |= current
        count += 1
        if any(kind == "open" and len(text) > _MAX_WORD for kind, text in result):
            raise _Anywhere
    return result


def _consume(states: set[tuple[str, str]], chars: Iterable[str]) -> set[tuple[str, str]]:
    """The states after one more character, any of `chars`."""
    chars = list(chars)
    result: set[tuple[str, str]] = set()
    for state in states:
        kind, text = state
        if kind not in ("pre", "open"):
            result.add(state)
            continue
        for char in chars:
            letter = _LETTER.match(char) is not None
            if kind == "open":
                result.add(("open", text + char) if letter else ("word", text))
            elif letter:
                result.add(("open", char))
            elif char.isdecimal():
                result.add(("other", DIGIT))
            elif char.isspace():
                result.add(("space", ""))
            else:
                result.add(("other", char))
    return result


def _boundary(states: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """After a word boundary or the end, an open letter run is a whole word."""
    return {("word", text) if kind == "open" else (kind, text) for kind, text in states}


def _class_chars(items: list[tuple[object, object]]) -> list[str]:
    """The lower-case characters a character class can match (small classes only)."""
    chars: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            chars.append(chr(av))  # type: ignore[arg-type]
        elif op is sre.RANGE:
            low, high = av  # type: ignore[misc]
            if high - low > _MAX_CLASS:
                raise _Anywhere
            chars.extend(chr(code) for code in range(low, high + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            chars.append(DIGIT)
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            chars.append(" ")
        else:
            raise _Anywhere  # negated classes, word categories...
    return [_fold(char) for char in chars]


def _fold(char: str) -> str:
    return char if char.isdecimal() else _case_fold(char)


@lru_cache(maxsize=4096)
def _case_fold(char: str) -> str:
    """The key of a character: lower case, with the few letters that IGNORECASE matches to an
    ASCII letter although their `lower()` is another (long s, dotless i, dotted capital I)."""
    return _ODD_FOLDS.get(char) or char.lower()


_ODD_FOLDS = {"ſ": "s", "ı": "i", "İ": "i"}


def token_key(token: str) -> str:
    """The key a text token is looked up by: its case-folded text, or DIGIT for digits."""
    if token[0].isdecimal():
        return DIGIT
    return "".join(_case_fold(char) for char in token)


class StartIndex:
    """The rules worth trying at a token, by the token's key (see `StartKeys`)."""

    _MEMO_LIMIT = 50_000

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        self._words: dict[str, list[int]] = {}
        self._prefixes: dict[str, list[tuple[str, int]]] = {}
        self._anywhere: list[int] = []
        for order, pattern in enumerate(patterns):
            keys = StartKeys.of(pattern)
            if keys.anywhere:
                self._anywhere.append(order)
                continue
            for word in keys.words | keys.others:
                self._words.setdefault(word, []).append(order)
            for prefix in keys.prefixes:
                self._prefixes.setdefault(prefix[0], []).append((prefix, order))
        self._memo: dict[str, tuple[int, ...]] = {}

    def rules_for(self, token: str) -> tuple[int, ...]:
        """The orders of the rules a match starting with `token` may belong to, ascending."""
        found = self._memo.get(token)
        if found is None:
            key = token_key(token)
            orders = set(self._words.get(key, ()))
            orders.update(order for prefix, order in self._prefixes.get(key[0], ())
                          if key.startswith(prefix))
            orders.update(self._anywhere)
            found = tuple(sorted(orders))
            if len(self._memo) >= self._MEMO_LIMIT:
                self._memo.clear()
            self._memo[token] = found
        return found
