"""Rules: small pure functions from a regex match and a resolution context to a TIMEX3 value.

A `RuleRegistry` is created explicitly and filled by the `register_*` functions of the rule
modules; nothing is registered as a side effect of importing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from .context import Context


@dataclass(frozen=True)
class Resolution:
    """What a rule makes of a match: a TIMEX3 type and value (and an optional `mod`).

    `anchoring` is False for values counted from the document's current period ("a year
    earlier"): they must not become the point later expressions are counted from.
    """

    type: str
    value: str
    mod: str | None = None
    anchoring: bool = True


Resolver = Callable[[re.Match[str], Context], Resolution | None]
Acceptor = Callable[[re.Match[str], str], bool]


@dataclass(frozen=True)
class Rule:
    """A named pattern with its resolver.

    `accept(match, text)` is a context-free check made before spans are chosen (for example, a
    lower-case "may" is a verb, not a month); `resolve` turns an accepted match into a value.
    `explicit` marks rules whose matches carry their own year and so anchor narratives.
    Matches are looked for at token starts only (a run of letters or digits, or another
    non-space character: `starts.TOKEN`), and only at the tokens the pattern can begin with.
    `source` and `flags` are the regular expression, compiled (`pattern`) the first time a text
    has a token it can begin with: most rules never meet one in a short document.
    """

    name: str
    source: str
    flags: int
    resolve: Resolver
    accept: Acceptor | None = None
    explicit: bool = False

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The compiled regular expression."""
        compiled = re.compile(self.source, self.flags)
        if compiled.search("") is not None:
            raise ValueError(f"rule {self.name!r}: pattern can match empty text")
        return compiled


class RuleRegistry:
    """An ordered, validated collection of rules."""

    def __init__(self) -> None:
        self._rules: list[Rule] = []
        self._names: set[str] = set()

    def add(
        self,
        name: str,
        pattern: str,
        resolve: Resolver,
        *,
        accept: Acceptor | None = None,
        explicit: bool = False,
        flags: int = re.IGNORECASE,
    ) -> Rule:
        """Register a rule (compiled when first used: `Rule.pattern`); refuses duplicate names.
        A pattern that matches '' is refused when it is compiled."""
        if name in self._names:
            raise ValueError(f"rule {name!r} is registered twice")
        rule = Rule(name, pattern, flags, resolve, accept, explicit)
        self._rules.append(rule)
        self._names.add(name)
        return rule

    def rule(
        self,
        name: str,
        pattern: str,
        *,
        accept: Acceptor | None = None,
        explicit: bool = False,
        flags: int = re.IGNORECASE,
    ) -> Callable[[Resolver], Resolver]:
        """Decorator form of `add`."""

        def decorate(resolve: Resolver) -> Resolver:
            self.add(name, pattern, resolve, accept=accept, explicit=explicit, flags=flags)
            return resolve

        return decorate

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)
