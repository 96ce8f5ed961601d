"""Numbers written the way the page's language writes them.

The decimal sign comes from the locale's CLDR data (Babel). Digit grouping follows the language's
typographic norm where it departs from CLDR's: CLDR groups every number of four digits or more in
Russian with a no-break space, but Russian typesetting leaves a four-digit number whole (1797, not
1 797) and separates the groups of longer ones with a narrow space (Мильчин А. Э., Чельцова Л. К.
«Справочник издателя и автора», 4-е изд., 2014, the section on numbers written in digits).
"""

from __future__ import annotations

import re
from functools import cache

from babel.numbers import get_decimal_symbol, get_group_symbol

# language -> (fewest digits of an integer part that is grouped, the sign between groups)
TYPOGRAPHIC_GROUPING = {"ru": (5, "\u202f")}

# A number as Python writes it in English: 60,000 / 0.076 / -1.5e+03 (the exponent stays as is).
_NUMBER = re.compile(r"(?<![\w.])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?")


@cache
def decimal_sign(lang: str) -> str:
    return get_decimal_symbol(lang)


@cache
def grouping(lang: str) -> tuple[int, str]:
    """(fewest digits that are grouped, the group sign) of ``lang``."""
    return TYPOGRAPHIC_GROUPING.get(lang, (4, get_group_symbol(lang)))


def localize(text: str, lang: str, math: bool = False) -> str:
    """Every number of ``text``, written as Python's ``format`` writes it in English (a ``,``
    between groups when the format asked for grouping, a ``.`` before the fraction), written the
    way ``lang`` writes numbers. Integers that were not grouped stay ungrouped.

    ``math``: for TeX, where a bare comma is punctuation (a space follows it: "1, 438") and spaces
    are ignored, a comma is written ``{,}`` and a space between groups ``\\,``."""
    point = decimal_sign(lang)
    fewest, sign = grouping(lang)
    if math:
        point = "{,}" if point == "," else point
        sign = "{,}" if sign == "," else "\\," if sign.isspace() else sign

    def one(match: re.Match[str]) -> str:
        digits = match["int"]
        if "," in digits:
            digits = digits.replace(",", "")
            if len(digits) >= fewest:
                head = len(digits) % 3 or 3
                digits = sign.join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])
        return digits + (point + match["frac"] if match["frac"] is not None else "")

    return _NUMBER.sub(one, text)
