"""Which tokens a rule's match can start with, read off its regular expression.

The tagger tries a rule only at token starts whose token (and the token after it) the rule can
begin with, instead of scanning the whole text with every rule. A token is a run of letters, a
run of decimal digits, or one other non-space character; a match always starts at a token start
(`TOKEN`).

`StartKeys.of(pattern)` is conservative: whatever it cannot bound (a class of many letters, a
backreference, a pattern that may start with a space) makes the rule `anywhere`, and the tagger
then tries it at every token.
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
ANY = ("any", "")  # a second token that is not constrained (or absent)
# Above this many walk states (or letters in a class), the walk gives up (see `StartKeys.of`).
_MAX_STATES = 4096
_MAX_CLASS = 64
_MAX_WORD = 40

Key = tuple[str, str]  # ("word" | "prefix" | "other", text); "other" holds a character or DIGIT
Start = tuple[Key, Key]  # the first token's key and the second's (or ANY)


class _Unbounded(Exception):
    """The walk cannot bound the pattern's first tokens (or has too many states)."""


@dataclass(frozen=True)
class StartKeys:
    """The (first token, second token) pairs a match can start with; `anywhere` when unknown.

    Keys are lower case; a "prefix" key is a token the text's token starts with.
    """

    starts: frozenset[Start] = frozenset()
    anywhere: bool = False

    @property
    def words(self) -> frozenset[str]:
        """The whole first words a match can start with."""
        return frozenset(text for (kind, text), _ in self.starts if kind == "word")

    @property
    def prefixes(self) -> frozenset[str]:
        """The prefixes of first words a match can start with."""
        return frozenset(text for (kind, text), _ in self.starts if kind == "prefix")

    @property
    def others(self) -> frozenset[str]:
        """The first characters (DIGIT for any digit) of matches that start with no letter."""
        return frozenset(text for (kind, text), _ in self.starts if kind == "other")

    @staticmethod
    def of(source: str, flags: int) -> StartKeys:
        """The start keys of a regular expression (its source and flags): two tokens deep when
        that stays small, else the first token only, else `anywhere`. Worked out once per pattern
        and process (or taken from `remember_start_keys`), without compiling it."""
        known = _KNOWN.get((source, flags))
        if known is None:
            known = _KNOWN[(source, flags)] = StartKeys._walked(source, flags)
        return known

    @staticmethod
    def _walked(source: str, flags: int) -> StartKeys:
        try:
            items = list(sre_parse.parse(source, flags))
        except (re.error, RecursionError):
            return StartKeys(anywhere=True)
        for depth in (2, 1):
            try:
                states = _Walk(depth).run(items)
            except (_Unbounded, RecursionError):
                continue
            if ("space",) in states:
                return StartKeys(anywhere=True)
            return StartKeys(frozenset((state[1], state[2]) for state in states if state[0] == "done"))
        return StartKeys(anywhere=True)


# Start keys by (pattern, flags): see `StartKeys.of`.
_KNOWN: dict[tuple[str, int], StartKeys] = {}


def known_start_keys() -> dict[tuple[str, int], StartKeys]:
    """Every pattern's start keys worked out (or remembered) so far in this process, by
    (pattern, flags): plain data a caller may store and hand back to `remember_start_keys` in a
    later process running the same code (working them out takes a fifth of a second)."""
    return dict(_KNOWN)


def remember_start_keys(keys: dict[tuple[str, int], StartKeys]) -> None:
    """Take start keys that `known_start_keys` gave in an earlier process running the same code."""
    _KNOWN.update(keys)


# Walk states: ("pre",) before the first character; ("open1", letters) / ("digits1",) inside the
# first token; ("gap", key1) between the tokens; ("open2", key1, letters) inside the second;
# ("done", key1, key2) once known; ("space",) if a match can start with a space.
State = tuple


class _Walk:
    """Runs a parsed pattern over sets of walk states, `depth` tokens deep (1 or 2)."""

    def __init__(self, depth: int) -> None:
        self.depth = depth
        self._after: dict[tuple[State, str], list[State]] = {}

    def run(self, items: list[tuple[object, object]]) -> set[State]:
        """The states at the end of the pattern, every open token closed."""
        return {self._end(state) for state in self._items(items, {("pre",)}) if state != ("pre",)}

    def _items(self, items: list[tuple[object, object]], states: set[State]) -> set[State]:
        for op, av in items:
            if all(state[0] in ("done", "space") for state in states):
                break
            states = self._op(op, av, states)
            if len(states) > _MAX_STATES:
                raise _Unbounded
        return states

    def _op(self, op: object, av: object, states: set[State]) -> set[State]:
        if op is sre.LITERAL:
            return self._chars(states, [_fold(chr(av))])  # type: ignore[arg-type]
        if op is sre.IN:
            return self._chars(states, _class_chars(av))  # type: ignore[arg-type]
        if op is sre.AT:
            if av in (sre.AT_BOUNDARY, sre.AT_END, sre.AT_END_STRING):
                return {self._boundary(state) for state in states}
            return states
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            return states
        if op is sre.SUBPATTERN:
            return self._items(list(av[-1]), states)  # type: ignore[index]
        if op is sre.ATOMIC_GROUP:
            return self._items(list(av), states)  # type: ignore[arg-type]
        if op is sre.BRANCH:
            return set().union(*(self._items(list(branch), states) for branch in av[1]))  # type: ignore[index]
        if op is sre.GROUPREF_EXISTS:
            _, yes, no = av  # type: ignore[misc]
            return self._items(list(yes), states) | self._items(list(no or []), states)
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, item = av  # type: ignore[misc]
            return self._repeat(list(item), low, high, states)
        raise _Unbounded  # ANY, NOT_LITERAL, GROUPREF...

    def _repeat(self, item: list[tuple[object, object]], low: int, high: int,
                states: set[State]) -> set[State]:
        current = states
        for _ in range(low):
            current = self._items(item, current)
        result = set(current)
        count = low
        while count < high:
            current = self._items(item, current) - result
            if not current:
                break
            result |= current
            count += 1
            if any(state[0] in ("open1", "open2") and len(state[-1]) > _MAX_WORD for state in result):
                raise _Unbounded
        return result

    def _chars(self, states: set[State], chars: list[str]) -> set[State]:
        result: set[State] = set()
        for state in states:
            if state[0] in ("done", "space"):
                result.add(state)
                continue
            for char in chars:
                after = self._after.get((state, char))
                if after is None:
                    after = self._after[(state, char)] = self._char(state, char)
                result.update(after)
        return result

    def _char(self, state: State, char: str) -> list[State]:
        """The states after one more character (folded; DIGIT for a digit)."""
        kind = state[0]
        if kind == "pre":
            if _is_letter(char):
                return [("open1", char)]
            if char.isdecimal():
                return [("digits1",)]
            return [("space",)] if char.isspace() else [self._gap(("other", char))]
        if kind == "open1":
            if _is_letter(char):
                return [("open1", state[1] + char)]
            return self._char(self._gap(("word", state[1])), char)
        if kind == "digits1":
            return [state] if char.isdecimal() else self._char(self._gap(("other", DIGIT)), char)
        if kind == "gap":
            if char.isspace():
                return [state]
            if _is_letter(char):
                return [("open2", state[1], char)]
            return [("done", state[1], ("other", DIGIT if char.isdecimal() else char))]
        if kind == "open2":
            if _is_letter(char):
                return [("open2", state[1], state[2] + char)]
            return [("done", state[1], ("word", state[2]))]
        return [state]

    def _gap(self, first: Key) -> State:
        """The state once the first token is known: between tokens, or done at depth 1."""
        return ("gap", first) if self.depth > 1 else ("done", first, ANY)

    def _boundary(self, state: State) -> State:
        """After a word boundary an open letter or digit run is a whole token."""
        if state[0] == "open1":
            return self._gap(("word", state[1]))
        if state[0] == "digits1":
            return self._gap(("other", DIGIT))
        if state[0] == "open2":
            return ("done", state[1], ("word", state[2]))
        return state

    @staticmethod
    def _end(state: State) -> State:
        """At the end of the pattern a run still open may go on in the text: a prefix."""
        kind = state[0]
        if kind == "open1":
            return ("done", ("prefix", state[1]), ANY)
        if kind == "digits1":
            return ("done", ("other", DIGIT), ANY)
        if kind == "gap":
            return ("done", state[1], ANY)
        if kind == "open2":
            return ("done", state[1], ("prefix", state[2]))
        return state


def _is_letter(char: str) -> bool:
    return _LETTER.match(char) is not None


def _class_chars(items: list[tuple[object, object]]) -> list[str]:
    """The folded characters a character class can match (small classes only)."""
    chars: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            chars.append(chr(av))  # type: ignore[arg-type]
        elif op is sre.RANGE:
            low, high = av  # type: ignore[misc]
            if high - low > _MAX_CLASS:
                raise _Unbounded
            chars.extend(chr(code) for code in range(low, high + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            chars.append(DIGIT)
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            chars.append(" ")
        else:
            raise _Unbounded  # negated classes, word categories...
    return [_fold(char) for char in chars]


def _fold(char: str) -> str:
    return DIGIT if char.isdecimal() else _case_fold(char)


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


@dataclass(frozen=True)
class _Entry:
    """What the index knows of one token: its key, the rules to try whatever follows it, and
    the rules to try when the next token has a given key (or starts with a given prefix)."""

    key: str
    always: tuple[int, ...]
    after: dict[str, tuple[int, ...]] | None
    after_prefixes: tuple[tuple[str, int], ...]


class StartIndex:
    """The rules worth trying at a token, by the keys of the token and the one after it."""

    _MEMO_LIMIT = 50_000

    def __init__(self, patterns: Iterable[tuple[str, int]]) -> None:
        """`patterns`: the rules' regular expressions, as (source, flags), in rule order."""
        self._first: dict[str, set[int]] = {}  # first key -> rules, whatever follows
        self._first_prefixes: dict[str, list[tuple[str, int]]] = {}
        self._second: dict[str, dict[str, set[int]]] = {}  # first key -> second key -> rules
        self._second_prefixes: dict[str, list[tuple[str, int]]] = {}
        self._anywhere: set[int] = set()
        for order, (source, flags) in enumerate(patterns):
            keys = StartKeys.of(source, flags)
            if keys.anywhere:
                self._anywhere.add(order)
            for (kind, first), (second_kind, second) in keys.starts:
                if kind == "prefix":
                    self._first_prefixes.setdefault(first[0], []).append((first, order))
                elif second_kind == "any":
                    self._first.setdefault(first, set()).add(order)
                elif second_kind == "prefix":
                    self._second_prefixes.setdefault(first, []).append((second, order))
                else:
                    self._second.setdefault(first, {}).setdefault(second, set()).add(order)
        self._entries: dict[str, _Entry] = {}

    def candidates(self, text: str) -> list[tuple[int, tuple[int, ...]]]:
        """(token start, rule orders to try there) for every token of `text` with any rule."""
        found = []
        entries = self._entries
        pending: tuple[int, _Entry] | None = None  # a token with rules, waiting for the next one
        for token in TOKEN.finditer(text):
            word = token.group()
            entry = entries.get(word) or self._entry(word)
            if pending is not None:
                self._add(found, pending, entry.key)
                pending = None
            if entry.always or entry.after is not None:
                pending = (token.start(), entry)
        if pending is not None:
            self._add(found, pending, None)
        return found

    @staticmethod
    def _add(found: list[tuple[int, tuple[int, ...]]], at: tuple[int, _Entry],
             following: str | None) -> None:
        start, entry = at
        orders = entry.always
        if entry.after is not None and following is not None:
            orders = orders + entry.after.get(following, ())
            if entry.after_prefixes:
                orders = orders + tuple(order for prefix, order in entry.after_prefixes
                                        if following.startswith(prefix) and order not in orders)
        if orders:
            found.append((start, orders))

    def _entry(self, token: str) -> _Entry:
        key = token_key(token)
        always = set(self._anywhere)
        always.update(self._first.get(key, ()))
        always.update(order for prefix, order in self._first_prefixes.get(key[0], ())
                      if key.startswith(prefix))
        after = {second: tuple(sorted(orders - always))
                 for second, orders in self._second.get(key, {}).items()}
        prefixes = tuple((prefix, order) for prefix, order in self._second_prefixes.get(key, ())
                         if order not in always)
        constrained = bool(after or prefixes)
        entry = _Entry(key, tuple(sorted(always)), after if constrained else None, prefixes)
        if len(self._entries) >= self._MEMO_LIMIT:
            self._entries.clear()
        self._entries[token] = entry
        return entry
