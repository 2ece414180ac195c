"""Events a text dates once and then counts from: "ten days before the shooting".

A story names the event's day in one sentence ("Slepian was shot to death on the night of
Oct. 23") and later counts from the event by name. These helpers find that day among the
expressions resolved so far (`Context.earlier`).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .context import Context
from .speech import sentence_end, sentence_start
from .vocabulary import EVENT_NOUNS, NOT_EVENT_AFTER, alternation

# "before the shooting" (or only "the shooting" when the match holds "before").
_EVENT_AFTER = re.compile(rf"\s+(?:(?:before|after|following|prior\s+to)\s+)?the\s+"
                          rf"(?P<noun>{alternation(EVENT_NOUNS)})\b(?![-\w])"
                          rf"(?!\s+(?:{alternation(NOT_EVENT_AFTER)})\b)", re.IGNORECASE)
# A year with its month (and day) or season: 1998-10-23, 1998-10, 1998-FA.
_EVENT_VALUE = re.compile(r"(\d{4})-(?:(\d\d)(?:-(\d\d))?|(SP|SU|FA|WI))(?:T|$)")
# Every verb that tells of an event.
_EVENT_VERBS = re.compile(rf"\b(?:{'|'.join(sorted(set(EVENT_NOUNS.values())))})\b", re.IGNORECASE)


def event_day(ctx: Context) -> date | None:
    """The day of the event named right after the match ("ten days before the shooting"),
    or None when the text dates no such event (see `day_of_event`)."""
    named = _EVENT_AFTER.match(ctx.text, ctx.end)
    return day_of_event(ctx, named["noun"].lower()) if named else None


def day_of_event(ctx: Context, noun: str) -> date | None:
    """The day of the event `noun` names, when the text gives it (see `_event_value`)."""
    return _day(_event_value(ctx, _words(EVENT_NOUNS[noun]), noun, day=True))


def period_of_event(ctx: Context) -> str | None:
    """The month or season of the event named right after the match ("in the weeks before the
    shooting"), when the text gives its day, month or season."""
    named = _EVENT_AFTER.match(ctx.text, ctx.end)
    noun = named["noun"].lower() if named else None
    found = _event_value(ctx, _words(EVENT_NOUNS[noun]), noun, day=False) if noun else None
    return f"{found[1]}-{found[2] or found[4]}" if found else None


def day_of_told_event(ctx: Context) -> date | None:
    """The day of the event the match's own sentence tells of, when an earlier sentence dated
    it with the same verb: "Slepian was shot to death at 10 p.m." after "he was shot to death
    last Oct. 23". A sentence that names a day of its own keeps it."""
    start = sentence_start(ctx.text, ctx.start)
    for timex in reversed(ctx.earlier):
        if timex.start < start:
            break
        if _EVENT_VALUE.match(timex.value):
            return None
    verb = _EVENT_VERBS.search(ctx.text, start, sentence_end(ctx.text, ctx.start))
    return _day(_event_value(ctx, _words(re.escape(verb[0])), None, day=True)) if verb else None


def _event_value(ctx: Context, tells: re.Pattern[str], noun: str | None,
                 day: bool) -> re.Match[str] | None:
    """The value of an event: the latest date (a day, when `day`) named before the match's
    sentence in a sentence where `tells` finds its verb ("was shot to death on Oct. 23") or
    that names it, `noun`, with the date ("the Oct. 23 slaying"); a date counted from the event
    does not count."""
    own_sentence = sentence_start(ctx.text, ctx.start)
    for timex in reversed(ctx.earlier):
        found = _EVENT_VALUE.match(timex.value)
        if found is None or (day and not found[3]) or timex.type not in ("DATE", "TIME") \
                or timex.end > own_sentence or _EVENT_AFTER.match(ctx.text, timex.end):
            continue
        sentence = ctx.text[sentence_start(ctx.text, timex.start):sentence_end(ctx.text, timex.start)]
        if tells.search(sentence) or (noun is not None and _attributed_noun(noun).match(
                ctx.text, timex.end, timex.end + 40)):
            return found
    return None


def _day(found: re.Match[str] | None) -> date | None:
    """The day an `_EVENT_VALUE` match with a day stands for."""
    return date(int(found[1]), int(found[2]), int(found[3])) if found else None


@lru_cache(maxsize=None)
def _words(alternatives: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


@lru_cache(maxsize=None)
def _attributed_noun(noun: str) -> re.Pattern[str]:
    """A date that is the event's attribute: "the Oct. 23 slaying", "Oct. 23's shooting" (any
    noun for the same kind of event)."""
    kin = (other for other, verbs in EVENT_NOUNS.items() if verbs == EVENT_NOUNS[noun])
    return re.compile(rf"(?:['’]s)?\s+(?:\w+\s+)?(?:{alternation(kin)})\b", re.IGNORECASE)
