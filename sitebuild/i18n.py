"""Interface strings the build glue and the theme show, per language.

Page text lives in ``docs/<lang>/``; these are only the words the machinery adds around it. A new
language may add an entry here; until it does, ``strings()`` falls back to English for every key it
lacks (tests/test_third_language.py builds a language that has none).
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "verified": "✓ Verified in Python:",
        "failing": "✗ Not verified (tests failing or missing):",
        "not_verified": "Not verified in this build:",
        "tests_passed": "tests passed: {passed} of {total}",
        "lines_run": "lines run: {share}",
        "branches_run": "branches taken: {share}",
        "percent": "{value}%",
        "test_run": "Verified by the test run of commit {commit}.",
        "formula_id": "Formula ID (same in every language)",
        "source": "Source",
        "formula_index": "Formula index",
        "formula_index_intro": (
            "Every display formula of the site, with the code that computes it and the tests "
            "that check that code by an independent route. Generated at build time."
        ),
        "formula_index_chapters": "Each chapter's formulas are typeset on a page of their own:",
        "formula_count": "Formulas: {count}.",
        "on_page": "On the page",
        "code": "Code",
        "tests": "Tests",
        "search": "Search",
        "search_close": "Close search",
        "language": "Select language",
        "untranslated_title": "Not translated yet",
        "untranslated_body": "This page has not been translated yet; it is shown in English.",
        "outdated_title": "The English original has changed",
        "outdated_body": (
            "The English original of this page has changed since this translation was last "
            "updated, so the translation may be behind: {link}."
        ),
        "outdated_link": "read the English page",
        "figure": "Figure",
        "page_loading": "Loading the page",
        "pdf_contents": "Contents",
        "pdf_preface": "Preface",
        "pdf_exercises": "Exercises for chapter {chapter}",
        "pdf_answers": "Answers to the exercises",
        "pdf_edition": "Edition of {date}, commit {commit}",
        "pdf_page_of": "page {page} of {pages}",
        "pdf_download": "The book as a PDF",
        "quiz_label": "Question.",
        "quiz_number": "Question {number}.",
        "figure_number": "Figure {number}.",
        "quiz_multiple": "Select every answer that applies.",
        "quiz_check": "Check the answer",
        "quiz_right": "Right. The explanations below say why each option is or is not.",
        "quiz_wrong": "Not quite. Read the explanations below, then try again.",
        "quiz_empty": "Choose an answer first.",
        "quiz_done_before": "You answered this question correctly before.",
        "quiz_option_right": "Right answer.",
        "quiz_option_wrong": "Wrong answer.",
        "quiz_progress": "Questions answered:",
        "quiz_reset": "Reset progress",
        "map_progress": "Questions answered in the whole course:",
        "map_reset": "Reset all progress",
        "map_minutes": "≈ {minutes} min",
        "map_questions": "questions:",
        "map_notebook": "notebook",
        "glossary": "Glossary",
        "glossary_intro": (
            "The terms of the course in English and Russian, one definition each. On the other pages "
            "the first use of a term shows its definition when you point at it. Generated at build "
            "time from one data file, docs/glossary.yml."
        ),
        "language_en": "English",
        "references": "References",
        "bibliography": "Bibliography",
        "bibliography_intro": (
            "Every work the book cites, in APA style (7th edition), with its DOI or arXiv link and the "
            "pages that cite it. Generated at build time from one BibTeX file, docs/references.bib."
        ),
        "cited_on": "Cited on:",
        "nb_download": "Download this notebook:",
        "nb_ipynb": "Jupyter notebook with outputs (.ipynb)",
        "nb_py": "Python script (.py, jupytext)",
        "language_ru": "Russian",
    },
    "ru": {
        "verified": "✓ Проверено на Python:",
        "failing": "✗ Не проверено (тесты не проходят или отсутствуют):",
        "not_verified": "Не проверено в этой сборке:",
        "tests_passed": "пройдено тестов: {passed} из {total}",
        "lines_run": "выполнено строк: {share}",
        "branches_run": "покрыто ветвлений: {share}",
        "percent": "{value}\u00a0%",
        "test_run": "Проверено тестовым прогоном коммита {commit}.",
        "formula_id": "Идентификатор формулы (одинаков во всех языковых версиях)",
        "source": "Исходный код",
        "formula_index": "Указатель формул",
        "formula_index_intro": (
            "Все выключные формулы сайта, код, который их вычисляет, и тесты, которые проверяют "
            "этот код независимым способом. Страница создаётся при сборке."
        ),
        "formula_index_chapters": "Формулы каждой главы собраны на отдельной странице:",
        "formula_count": "Формул: {count}.",
        "on_page": "На странице",
        "code": "Код",
        "tests": "Тесты",
        "search": "Поиск",
        "search_close": "Закрыть поиск",
        "language": "Выбрать язык",
        "untranslated_title": "Перевод ещё не готов",
        "untranslated_body": (
            "Эта страница ещё не переведена на русский язык, поэтому она показана на английском."
        ),
        "outdated_title": "Английский оригинал изменился",
        "outdated_body": (
            "Английский оригинал этой страницы изменился после последнего обновления перевода, "
            "поэтому перевод может отставать: {link}."
        ),
        "outdated_link": "прочитать страницу на английском",
        "figure": "Рисунок",
        "page_loading": "Загрузка страницы",
        "pdf_contents": "Содержание",
        "pdf_preface": "Предисловие",
        "pdf_exercises": "Упражнения к главе {chapter}",
        "pdf_answers": "Ответы к упражнениям",
        "pdf_edition": "Издание от {date}, коммит {commit}",
        "pdf_page_of": "с. {page} из {pages}",
        "pdf_download": "Книга в формате PDF",
        "quiz_label": "Вопрос.",
        "quiz_number": "Вопрос\u00a0{number}.",
        "figure_number": "Рис.\u00a0{number}.",
        "quiz_multiple": "Отметьте все верные ответы.",
        "quiz_check": "Проверить ответ",
        "quiz_right": "Верно. В пояснениях ниже сказано, почему каждый вариант верен или неверен.",
        "quiz_wrong": "Не совсем так. Прочитайте пояснения ниже и попробуйте ещё раз.",
        "quiz_empty": "Сначала выберите ответ.",
        "quiz_done_before": "Вы уже правильно ответили на этот вопрос.",
        "quiz_option_right": "Верный ответ.",
        "quiz_option_wrong": "Неверный ответ.",
        "quiz_progress": "Пройдено вопросов:",
        "quiz_reset": "Сбросить прогресс",
        "map_progress": "Пройдено вопросов во всём курсе:",
        "map_reset": "Сбросить весь прогресс",
        "map_minutes": "≈ {minutes} мин",
        "map_questions": "вопросов:",
        "map_notebook": "блокнот",
        "glossary": "Глоссарий",
        "glossary_intro": (
            "Термины курса на русском и английском языках, у каждого — одно определение. "
            "На остальных страницах определение термина всплывает при наведении указателя "
            "на его первое упоминание. Страница создаётся при сборке из единственного файла "
            "данных — docs/glossary.yml."
        ),
        "language_en": "английский",
        "references": "Список литературы",
        "bibliography": "Библиография",
        "bibliography_intro": (
            "Здесь собраны все работы, на которые ссылается книга. Описания оформлены "
            "по ГОСТ\u00a0Р\u00a07.0.5-2008 и снабжены DOI или ссылкой на arXiv; после каждого указано, "
            "где работа цитируется. Страница создаётся при сборке из единственного файла BibTeX — "
            "docs/references.bib."
        ),
        "cited_on": "Цитируется:",
        "nb_download": "Скачать блокнот:",
        "nb_ipynb": "блокнот Jupyter с результатами выполнения (.ipynb)",
        "nb_py": "скрипт на Python (.py, формат jupytext)",
        "language_ru": "русский",
    },
}


def strings(lang: str) -> dict[str, str]:
    """The interface strings of ``lang``; English fills every key (or language) not given here.

    So a new language needs no entry in :data:`STRINGS` to build: the words around its pages stay
    English until someone translates them.
    """
    return {**STRINGS["en"], **STRINGS.get(lang, {})}
