"""Names in quotes, for the filters."""

from sitegen.text.names import names_in


def _names(sentence: str) -> list[tuple[str, str]]:
    return [(name.text, name.kind) for name in names_in(sentence)]


def test_people_places_and_organisations() -> None:
    found = _names("On Facebook Tuesday, Armenian Defense Ministry spokesperson Shushan Stepanyan cited "
                   "reports from Artsakh about the Azeri Armed Forces in Azerbaijan.")
    assert ("Armenian Defense Ministry", "organisation") in found
    assert ("Shushan Stepanyan", "person") in found
    assert ("Artsakh", "place") in found and ("Azerbaijan", "place") in found
    assert ("Azeri Armed Forces", "organisation") in found
    assert all(text != "Tuesday" for text, _ in found)


def test_sentence_openers_adjectives_and_possessives() -> None:
    found = _names("Fierce clashes between Armenian-backed separatists and Azerbaijani forces followed "
                   "Turkey's Foreign Minister Mevlut Cavusoglu to Baku.")
    texts = [text for text, _ in found]
    assert "Fierce" not in texts and "Azerbaijani" not in texts and "Armenian-backed" not in texts
    assert ("Mevlut Cavusoglu", "person") in found and ("Turkey", "place") in found
    assert ("Baku", "place") in found
