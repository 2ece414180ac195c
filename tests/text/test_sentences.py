"""Sentence splitting keeps exact offsets and survives abbreviations and broken paragraphs."""

from __future__ import annotations

from sitegen.text.sentences import split_sentences


def _texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text
    return [s.text for s in sentences]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Mr. Smith met Dr. J. R. Jones in the U.S. on Sept. 27. They talked. Gen. Ali left."
    assert _texts(text) == ["Mr. Smith met Dr. J. R. Jones in the U.S. on Sept. 27.",
                            "They talked.", "Gen. Ali left."]


def test_question_exclamation_and_closing_quotes() -> None:
    text = "He asked: “Will you?” She said no! Then “It is over.” And so on."
    assert _texts(text) == ["He asked: “Will you?”", "She said no!", "Then “It is over.”", "And so on."]


def test_header_lines_without_punctuation_are_sentences() -> None:
    text = "News ID: 275219\nPublished: 0339 GMT October 06, 2020\n\nA title line\n\nBody text here."
    assert _texts(text) == ["News ID: 275219", "Published: 0339 GMT October 06, 2020",
                            "A title line", "Body text here."]


def test_paragraph_broken_in_the_middle_of_a_sentence_is_joined() -> None:
    text = ("Amnesty International noted in a long statement on the war unconfirmed reports that\n\n"
            "Armenian forces are firing rockets. Next sentence.")
    assert _texts(text) == [
        "Amnesty International noted in a long statement on the war unconfirmed reports that\n\n"
        "Armenian forces are firing rockets.", "Next sentence."]


def test_lowercase_continuation_after_blank_line_is_joined() -> None:
    text = ("As for Russia's fulfillment of its treaty commitments, which were discussed at length\n\n"
            "obligations remain. Done.")
    assert len(_texts(text)) == 2


def test_short_headline_is_not_joined_to_the_next_paragraph() -> None:
    text = "Battles rage on\n\nBattles raged between the forces."
    assert _texts(text) == ["Battles rage on", "Battles raged between the forces."]


def test_soft_wrapped_lines_stay_in_one_sentence() -> None:
    text = ("The ministry said that the attack on the town had been repelled after\n"
            "a night of heavy fighting. Then it rained.")
    assert _texts(text)[0].endswith("heavy fighting.")


def test_offsets_respect_start_and_end() -> None:
    text = "---\ntitle: x\n---\nOne. Two."
    sentences = split_sentences(text, 17)
    assert [s.text for s in sentences] == ["One.", "Two."]
    assert sentences[0].start == 17
