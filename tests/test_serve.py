"""`serve` rebuilds only the languages an edit can change."""

from sitebuild.languages import ROOT
from sitebuild.serve import languages_to_rebuild

LANGS = ["en", "ru"]


def test_an_edit_rebuilds_only_the_languages_it_can_change() -> None:
    def rebuild(*paths: str) -> list[str]:
        return languages_to_rebuild({ROOT / p for p in paths}, LANGS)

    assert rebuild("docs/en/pac-bayes/index.md") == ["en"]  # translated: Russian keeps its own
    assert rebuild("docs/ru/pac-bayes/index.md") == ["ru"]
    assert rebuild("docs/en/not-translated-yet.md") == ["en", "ru"]  # Russian shows the English page
    assert rebuild("snippets/pacbayes/kl.py") == LANGS
    assert rebuild("mkdocs.yml", "docs/ru/index.md") == LANGS
