"""The usual form of names proposed to the source registry by an import."""

import pytest

from importer.names import honorific_in_text, usual_organisation_name, usual_person_name


@pytest.mark.parametrize(
    ("words", "usual"),
    [
        ("finance ministry", "Finance Ministry"),
        ("the finance ministry", "Finance Ministry"),
        ("ministry of foreign affairs", "Ministry of Foreign Affairs"),
        ("bank for international settlements", "Bank for International Settlements"),
        ("inter-services public relations", "Inter-Services Public Relations"),
        ("the WHO", "WHO"),
        ("U.S. State Department", "U.S. State Department"),
        ("Pakistan's foreign office", "Pakistan's Foreign Office"),
    ],
)
def test_an_organisation_is_proposed_with_capitals_and_no_leading_article(words, usual):
    assert usual_organisation_name(words) == usual


@pytest.mark.parametrize(
    ("name", "usual"),
    [
        ("Huma Baqai", ("", "Huma Baqai")),
        ("Dr Huma Baqai", ("Dr", "Huma Baqai")),
        ("Mr. Tong Yung-soo", ("Mr", "Tong Yung-soo")),
        ("HUMA BAQAI", ("", "Huma Baqai")),
        ("huma baqai", ("", "Huma Baqai")),
        ("Robert Downey Jr.", ("", "Robert Downey Jr.")),
        ("Ursula von der Leyen", ("", "Ursula von der Leyen")),
    ],
)
def test_a_person_is_proposed_without_an_honorific_in_the_name(name, usual):
    assert usual_person_name(name) == usual


def test_the_honorific_the_story_gives_a_name_is_found():
    text = "Economist Dr. Sana Mirza said the target was within reach. Mirza added …"
    assert honorific_in_text("Sana Mirza", text) == "Dr"
    assert honorific_in_text("Omar Farooq", text) == ""
