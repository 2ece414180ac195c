"""Full-text search that works offline and from file://: an index built at build time.

The index is a set of JavaScript files that the search page loads with <script> elements (fetch()
fails on file://), each calling the page's registration function `__sitegenSearch(name, data)`:

- `search/terms-<hash>.js`: a shard of the inverted index, `{term: [packed postings]}` for a
  contiguous range of the sorted terms. A posting packs a document number and a weight as
  `delta * 10 + weight`, where `delta` is the document number minus the previous one in the list.
- `search/docs-<hash>.js`: a block of consecutive documents, `[[kind, url, title, date, text]]`.

The manifest (the first term of each shard, the first document of each block, their files) is
embedded in `search.html` as JSON, so a query loads only the shards of its words and the blocks of
the results it shows. File names carry a hash of their bytes (a shard) or of their documents and
sitegen's code (a block), so a browser never mixes a stale file with a new manifest. `theme/static/search.js` tokenises queries exactly as `tokenize` does.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .cache import code_fingerprint
from .labels import date_label
from .memo import Memo
from .model import Event, Source, Timeline, event_url, source_url
from .pages import Page
from .render import (
    RENDER_FILES,
    Artifact,
    compact_json,
    digest,
    make_environment,
    render_page,
    theme_fingerprint,
    theme_search_path,
)
from .urls import relative_url

PAGE_PATH = "search.html"
# The code that makes an indexed document (what the search memo keeps).
SEARCH_FILES = ("search.py", "render.py", "labels.py", "urls.py", "model.py")
INDEX_FOLDER = "search"
SHARD_BYTES = 64_000
# Documents per span (on average; see `content_spans`): of postings kept between builds, and of
# records in a block file (about 16 KB of events, or a few sources).
POSTINGS_SPAN_EVENTS = 128
POSTINGS_SPAN_SOURCES = 16
BLOCK_EVENTS = 64
BLOCK_SOURCES = 4
SNIPPET_TEXT_CHARS = 50_000
HASH_CHARS = 16
TITLE_WEIGHT = 5
MAX_COUNT_WEIGHT = 4

# Letters that Unicode decomposition leaves alone but readers type without their marks.
# theme/static/search.js holds the same table.
FOLDS = str.maketrans({"ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
                       "ł": "l", "þ": "th", "ħ": "h", "ŀ": "l", "ς": "σ"})
# Thousands separators join a number ("1,500" is "1500"); otherwise runs of letters and digits.
WORD = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[^\W_]+")
# Plural endings, first match wins: (ending, replacement). A word keeps at least 2 letters.
PLURALS = (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"),
           ("ss", "ss"), ("us", "us"), ("is", "is"), ("s", ""))


def fold(text: str) -> str:
    """Lowercase `text` and remove accents: "Çavuşoğlu" becomes "cavusoglu", "Straße" "strasse"."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered.translate(FOLDS))
    return "".join(char for char in decomposed if not unicodedata.category(char).startswith("M"))


def stem(word: str) -> str:
    """A light English stemmer for folded words: plural endings only ("clashes" → "clash",
    "countries" → "country"); words with digits and short words are kept as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for ending, replacement in PLURALS:
        if word.endswith(ending):
            kept = word[:len(word) - len(ending)]
            return kept + replacement if len(kept) >= 2 else word
    return word


def tokenize(text: str) -> list[str]:
    """The search terms of `text`, in order: folded, stemmed words of two or more characters and
    all numbers."""
    return [term for word in WORD.findall(fold(text)) if (term := _term(word))]


@lru_cache(maxsize=1 << 16)
def _term(word: str) -> str:
    """The term a folded word is indexed under, or "" when it is too short to index."""
    word = word.replace(",", "")
    return stem(word) if len(word) > 1 or word.isdigit() else ""


@dataclass(frozen=True)
class SearchDocument:
    """One thing a reader can find: an event or a source.

    `url` is relative to the search page; `fields` are the texts indexed besides the title;
    `text` is what result snippets are cut from.
    """

    kind: str
    url: str
    title: str
    date: str
    fields: tuple[str, ...]
    text: str

    def record(self) -> list[str]:
        """The document's entry in a `docs-*.js` block."""
        return [self.kind, self.url, self.title, self.date, self.text[:SNIPPET_TEXT_CHARS]]


def search_documents(timeline: Timeline) -> list[SearchDocument]:
    """Every event (title, quotes, date label, source titles), then every source (title, body)."""
    return [make() for _, make in _keyed_documents(timeline)]


def _keyed_documents(timeline: Timeline) -> Iterator[tuple[tuple[str, ...], Callable[[], SearchDocument]]]:
    """`search_documents` as (key, maker) pairs. A key names everything its document is made of
    and starts with a hex hash, so a build can tell which documents an earlier build indexed."""
    titles = timeline.titles
    for event in timeline.events:
        source_titles = tuple(titles[source_id] for source_id in event.source_ids)
        yield (event.fingerprint, *source_titles), partial(_event_document, event, source_titles)
    for source in timeline.sources:
        published = source.published.isoformat() if source.published else ""
        yield (source.fingerprint,), partial(_source_document, source, published)


def _event_document(event: Event, source_titles: tuple[str, ...]) -> SearchDocument:
    quotes = tuple(quote.text for quote in event.quotes)
    label = date_label(event.date)
    return SearchDocument("event", relative_url(event_url(event), PAGE_PATH), event.title, label,
                          (*quotes, label, *source_titles), " … ".join(quotes))


def _source_document(source: Source, published: str) -> SearchDocument:
    return SearchDocument("source", relative_url(source_url(source.id), PAGE_PATH), source.title, published,
                          (source.body,), source.body.strip())


def term_weights(document: SearchDocument) -> dict[str, int]:
    """Each term of a document with its weight, 1 to 9: a title hit adds TITLE_WEIGHT, and each
    occurrence elsewhere adds one, up to MAX_COUNT_WEIGHT."""
    counts: dict[str, int] = {}
    for field_text in document.fields:
        for term in tokenize(field_text):
            counts[term] = counts.get(term, 0) + 1
    weights = {term: min(count, MAX_COUNT_WEIGHT) for term, count in counts.items()}
    for term in set(tokenize(document.title)):
        weights[term] = weights.get(term, 0) + TITLE_WEIGHT
    return weights


def build_postings(documents: Iterable[SearchDocument]) -> dict[str, list[tuple[int, int]]]:
    """The inverted index: each term with its (document number, weight) pairs, numbers ascending."""
    postings: dict[str, list[tuple[int, int]]] = {}
    for number, document in enumerate(documents):
        for term, weight in term_weights(document).items():
            postings.setdefault(term, []).append((number, weight))
    return postings


def pack(postings: Iterable[tuple[int, int]]) -> list[int]:
    """Postings as `delta * 10 + weight` numbers (see the module docstring)."""
    packed, previous = [], 0
    for number, weight in postings:
        packed.append((number - previous) * 10 + weight)
        previous = number
    return packed


def packed_postings(postings: Mapping[str, Iterable[tuple[int, int]]]) -> dict[str, str]:
    """Each term's postings packed (`pack`) as a JSON array, the form `term_shards` takes."""
    return {term: _json(pack(entries)) for term, entries in postings.items()}


# A span's postings: each term with its first entry packed from the span's start (`local * 10 +
# weight`), the number of its last document in the span, and its other entries packed, as the text
# ",n,n..." (empty when it has no others).
SpanPostings = dict[str, tuple[int, int, str]]


def span_postings(documents: Iterable[SearchDocument]) -> SpanPostings:
    """The postings of a span of consecutive documents, numbered from 0 (see `SpanPostings`)."""
    entries: dict[str, list[Any]] = {}
    for local, document in enumerate(documents):
        for term, weight in term_weights(document).items():
            entry = entries.get(term)
            if entry is None:
                entries[term] = [local * 10 + weight, local, []]
            else:
                entry[2].append((local - entry[1]) * 10 + weight)
                entry[1] = local
    return {term: (head, last, "".join([f",{number}" for number in rest]))
            for term, (head, last, rest) in entries.items()}


def joined_postings(spans: Iterable[tuple[int, SpanPostings]]) -> dict[str, str]:
    """The postings of consecutive spans, each given with the number of its first document, as
    `packed_postings` of the whole: only each term's first entry in a span is packed again."""
    joined: dict[str, list[Any]] = {}
    for base, postings in spans:
        for term, (head, last, rest) in postings.items():
            entry = joined.get(term)
            if entry is None:
                joined[term] = [base + last, [f"{base * 10 + head}{rest}"]]
            else:
                entry[1].append(f"{(base - entry[0]) * 10 + head}{rest}")
                entry[0] = base + last
    return {term: "[" + ",".join(pieces) + "]" for term, (_, pieces) in joined.items()}


def content_spans(marks: Sequence[int], periods: Sequence[int]) -> list[range]:
    """Consecutive documents cut into spans by their content, so that adding or removing one
    changes only the span around it: a span ends after a document whose `mark` (a number from its
    content) is a multiple of its `period`, after four periods' worth of documents, and where the
    period changes (between events and sources)."""
    spans: list[range] = []
    start = 0
    count = len(marks)
    for number, (mark, period) in enumerate(zip(marks, periods)):
        if (mark % period == 0 or number + 1 - start >= 4 * period or number + 1 == count
                or periods[number + 1] != period):
            spans.append(range(start, number + 1))
            start = number + 1
    return spans


def term_order(term: str) -> bytes:
    """The sort key of terms: UTF-16 code units, the order JavaScript compares strings in."""
    return term.encode("utf-16-be")


@dataclass(frozen=True)
class IndexFile:
    """A file of the index: its name (which its script registers under), the first term or
    document number it holds, and its maker (a block of documents is made only when written)."""

    name: str
    first: str | int
    make: Callable[[], bytes]

    @property
    def path(self) -> str:
        """Its site path."""
        return f"{INDEX_FOLDER}/{self.name}.js"

    @property
    def data(self) -> bytes:
        """Its bytes."""
        return self.make()


def _json(data: Any) -> str:
    """Compact JSON that is also a JavaScript literal in any engine (line separators escaped)."""
    return compact_json(data).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _script(name: str, payload: str) -> bytes:
    """A script registering `payload` (data serialised by `_json`) under `name`."""
    return f"__sitegenSearch({json.dumps(name)},{payload});\n".encode("utf-8")


def index_file(prefix: str, payload: str, first: str | int) -> IndexFile:
    """An index file registering `payload` under a name made of `prefix` and a hash of it."""
    name = f"{prefix}-{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:HASH_CHARS]}"
    return IndexFile(name, first, partial(_script, name, payload))


def term_shards(postings: Mapping[str, str], budget: int = SHARD_BYTES) -> list[IndexFile]:
    """The index (each term's `packed_postings`) split into shards of consecutive terms of about
    `budget` bytes each."""
    shards: list[IndexFile] = []
    chunk: list[str] = []
    first = ""
    size = 0
    for term in sorted(postings, key=term_order):
        member = f"{_json(term)}:{postings[term]}"  # the term's member of the shard's object
        length = len(member.encode("utf-8")) + 1
        if chunk and size + length > budget:
            shards.append(index_file("terms", "{" + ",".join(chunk) + "}", first))
            chunk, size = [], 0
        if not chunk:
            first = term
        chunk.append(member)
        size += length
    if chunk:
        shards.append(index_file("terms", "{" + ",".join(chunk) + "}", first))
    return shards


def document_blocks(makers: Sequence[Callable[[], SearchDocument]], spans: Iterable[range],
                    names: Iterable[str]) -> list[IndexFile]:
    """The documents' records in blocks, one per span of documents, under the given names (each
    made only when its file is written)."""
    return [IndexFile(name, span.start, partial(_block, name, [makers[number] for number in span]))
            for span, name in zip(spans, names)]


def _block(name: str, makers: list[Callable[[], SearchDocument]]) -> bytes:
    return _script(name, "[" + ",".join(_json(make().record()) for make in makers) + "]")


def manifest(shards: list[IndexFile], blocks: list[IndexFile], count: int) -> dict[str, Any]:
    """What the search page needs to find the shard of a term and the block of a document: for
    each, the first term (or document number) of every file and the file names, in order."""
    def listing(files: list[IndexFile]) -> dict[str, list[Any]]:
        return {"first": [file.first for file in files], "names": [file.name for file in files]}

    return {"version": 1, "documents": count, "terms": listing(shards), "blocks": listing(blocks)}


def index_files(timeline: Timeline, memo: Memo | None = None) -> tuple[dict[str, Any], list[IndexFile]]:
    """The manifest and every file of the index for a timeline.

    The documents are cut into spans by their content (`content_spans`): the postings of a span
    are taken from `memo` when an earlier build indexed the same documents, and each block of
    documents is named by a hash of its documents' keys, so a build that added or changed a few
    documents tokenises and writes again only the spans around them.
    """
    memo = memo or Memo(None, "search", "")
    keyed = list(_keyed_documents(timeline))
    keys = [key for key, _ in keyed]
    makers = [make for _, make in keyed]
    event_count = len(timeline.events)
    marks = [int(key[0][:8], 16) for key in keys]

    def periods(events: int, sources: int) -> list[int]:
        return [events] * event_count + [sources] * (len(keys) - event_count)

    postings = joined_postings(
        (span.start, memo.get(_span_key(keys, span, ""),
                              lambda span=span: span_postings(makers[number]() for number in span)))
        for span in content_spans(marks, periods(POSTINGS_SPAN_EVENTS, POSTINGS_SPAN_SOURCES)))
    shards = term_shards(postings)
    block_spans = content_spans(marks, periods(BLOCK_EVENTS, BLOCK_SOURCES))
    salt = code_fingerprint(SEARCH_FILES)
    names = (f"docs-{_span_key(keys, span, salt)[:HASH_CHARS]}" for span in block_spans)
    blocks = document_blocks(makers, block_spans, names)
    return manifest(shards, blocks, len(keys)), shards + blocks


def _span_key(keys: list[tuple[str, ...]], span: range, salt: str) -> str:
    """A hash of the keys of a span of documents (and of `salt`)."""
    return hashlib.blake2b(repr((salt, keys[span.start:span.stop])).encode("utf-8"), digest_size=16).hexdigest()


def search_artifacts(timeline: Timeline, site: dict[str, Any],
                     search_path: list[Path] | None = None, memos: Path | None = None) -> list[Artifact]:
    """The search page and the index files, each keyed by a hash of what makes its bytes.

    `search_path` is the theme search path (the built-in theme when None); `memos` the folder of
    the memo of the postings of spans of documents (none kept when None).
    """
    folders = search_path if search_path is not None else theme_search_path(None)
    memo = Memo(memos, "search", code_fingerprint(SEARCH_FILES))
    index, files = index_files(timeline, memo)
    memo.save()
    artifacts = [Artifact(file.path, file.name, file.make) for file in files]
    page = Page(PAGE_PATH, "search.html", (index,), partial(dict, manifest=index))
    titles = timeline.titles
    key = digest(code_fingerprint((*RENDER_FILES, "search.py")), theme_fingerprint(folders), site,
                 page.path, page.inputs)
    artifacts.append(Artifact(page.path, key, partial(render_page, page, make_environment(folders, memos), site, titles)))
    return artifacts

