"""Relative URLs between site paths (the site works from file:// and under any sub-path)."""

import pytest

from sitegen.urls import relative_url, root_url


@pytest.mark.parametrize("target, page, expected", [
    ("sources/a.html#q-1", "events/x.html", "../sources/a.html#q-1"),
    ("events/x.html", "index.html", "events/x.html"),
    ("index.html", "sources/deep/doc.html", "../../index.html"),
    ("sources/deep/other.html", "sources/deep/doc.html", "other.html"),
    ("sources/", "sources/doc.html", "./"),
    ("sources/a b/ü.html", "index.html", "sources/a%20b/%C3%BC.html"),
    ("#e-1", "years/2020.html", "#e-1"),
    ("years/2020.html", "years/2020-10.html", "2020.html"),
    ("events/2021-05-03.html#20210503-ab", "index.html", "events/2021-05-03.html#20210503-ab"),
    ("a b.html#x y/z~", "sources/s.html", "../a%20b.html#x%20y%2Fz~"),
    ("#é", "index.html", "#%C3%A9"),
])
def test_relative_url(target: str, page: str, expected: str) -> None:
    assert relative_url(target, page) == expected


def test_root_url() -> None:
    assert (root_url("index.html"), root_url("events/x.html"), root_url("a/b/c.html")) == ("", "../", "../../")


def test_plain_urls_are_encoded_exactly_as_quote_would() -> None:
    from urllib.parse import quote
    for target in ("sources/a~b_c.d-e.html#q-1_x", "s/ü.html#ü", "s/a%b.html#a%b", "s/a+b.html#a/b"):
        path, _, fragment = target.partition("#")
        assert relative_url(target, "index.html") == quote(path, safe="/") + "#" + quote(fragment, safe="-_.")
