"""A deterministic generator of news-like documents for benchmarks.

Each document is about 3 KB of English news prose dated 2020 to 2023, with a realistic mix of
full dates, dates without a year, months, seasons, weekdays, relative words ("yesterday", "last
week"), durations, and numbers that are not dates (casualty counts, calibres, money, codes).

    python benchmarks/corpus.py OUT_DIR --count 2000 [--seed 7]
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

PLACES = ["Stepanakert", "Shusha", "Lachin", "Ganja", "Baku", "Yerevan", "Tartar", "Fizuli", "Hadrut",
          "Agdam", "Kalbajar", "Goris", "Jabrayil", "Martuni", "Askeran", "Barda", "Terter", "Zangilan"]
ACTORS = ["the defence ministry", "the foreign ministry", "local officials", "the prime minister",
          "the president's office", "a military spokesman", "the Red Cross", "UN observers",
          "the ombudsman", "residents", "aid workers", "the border service", "the OSCE Minsk Group"]
VERBS = ["reported shelling near", "announced a ceasefire around", "said troops had entered",
         "denied attacks on", "evacuated civilians from", "opened a humanitarian corridor to",
         "accused the other side of striking", "held talks about", "restored power in",
         "closed the road to", "counted damaged homes in", "reopened schools in"]
FILLER = ["The situation remained tense, according to witnesses who spoke by telephone.",
          "Independent verification of the claims was not possible.",
          "Both sides have traded accusations for weeks.",
          "International mediators called for restraint and renewed negotiations.",
          "Humanitarian groups warned of shortages of medicine and fuel.",
          "Journalists were not allowed to enter the area without an escort."]
NUMBERS = ["{n},000 people were displaced", "{n}00 homes were damaged", "300mm rockets were fired",
           "aid worth ${n},500 arrived", "a 64-year-old man was injured", "flight FZ-{n}17 was cancelled",
           "{n} percent of the roads were closed", "COVID-19 cases rose to {n}12"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FIRST_DAY = date(2020, 1, 1)
DAYS = (date(2023, 12, 31) - FIRST_DAY).days


def _date_phrase(rng: random.Random, published: date) -> str:
    earlier = published - timedelta(days=rng.randint(1, 20))
    kind = rng.randrange(8)
    if kind == 0:
        return f"on {earlier.day} {MONTHS[earlier.month - 1]} {earlier.year}"
    if kind == 1:
        return f"on {MONTHS[earlier.month - 1]} {earlier.day}, {earlier.year}"
    if kind == 2:
        return f"on {MONTHS[earlier.month - 1]} {earlier.day}"
    if kind == 3:
        return f"on {WEEKDAYS[earlier.weekday()]}"
    if kind == 4:
        return rng.choice(["yesterday", "this morning", "last night", "last week", "earlier this month"])
    if kind == 5:
        return f"in {MONTHS[earlier.month - 1]} {earlier.year}"
    if kind == 6:
        return f"{rng.randint(2, 9)} days ago"
    return f"in the {rng.choice(['spring', 'summer', 'autumn', 'winter'])} of {earlier.year}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(rng: random.Random, published: date) -> str:
    actor, verb, place = rng.choice(ACTORS), rng.choice(VERBS), rng.choice(PLACES)
    shape = rng.randrange(5)
    if shape == 0:
        return f"{_capitalised(actor)} {verb} {place} {_date_phrase(rng, published)}."
    if shape == 1:
        number = rng.choice(NUMBERS).format(n=rng.randint(1, 9))
        return f"{_capitalised(actor)} {verb} {place}, and {number}."
    if shape == 2:
        return f"For {rng.randint(2, 30)} years the dispute over {place} has shaped politics in the region."
    if shape == 3:
        return rng.choice(FILLER)
    return f"{_capitalised(_date_phrase(rng, published))}, {actor} {verb} {place}."


def document(number: int, seed: int = 7, size: int = 3000) -> str:
    """The text of document `number` (the same for the same number and seed)."""
    rng = random.Random(seed * 1_000_003 + number)
    published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    place = rng.choice(PLACES)
    header = [f"Fighting and diplomacy around {place} (dispatch #{number})", "",
              f"Published: {published.day} {MONTHS[published.month - 1]} {published.year}", ""]
    paragraphs: list[str] = []
    length = sum(len(line) + 1 for line in header)
    while length < size:
        paragraph = " ".join(_sentence(rng, published) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n".join(header) + "\n" + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 7, start: int = 0) -> list[Path]:
    """Write documents `start` .. `start + count - 1` into `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + count):
        path = folder / f"report-{number:05d}.txt"
        path.write_text(document(number, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Command line: write a corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    write_corpus(arguments.folder, arguments.count, arguments.seed)


if __name__ == "__main__":
    main()
