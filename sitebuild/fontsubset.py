"""KaTeX's fonts cut down to the characters the site's formulas show.

The site ships KaTeX's woff2 fonts, and the theme fetches the common ones once the first page is
idle (``assets/itdl.js``). A formula site uses a few hundred of their glyphs: each font keeps only
the characters that occur in the build's typeset math (its layout features and names kept), so a
first visit fetches about 76 kB of fonts instead of 130 kB. The result is cached under the font's
bytes, the characters and fontTools' version; timestamps are kept, so two builds give the same bytes.
"""

from __future__ import annotations

import hashlib
import io

from fontTools import version

from sitebuild.store import Store, key_of

_store = Store("fonts")


def subset_woff2(data: bytes, text: str) -> bytes:
    """The woff2 font ``data`` with only the glyphs of the characters of ``text`` (and .notdef)."""
    key = key_of(version, hashlib.sha256(data).hexdigest(), "".join(sorted(set(text))))

    def run() -> bytes:
        from fontTools import subset  # 65 ms to import: only when a font is cut, not from the cache
        from fontTools.ttLib import TTFont

        font = TTFont(io.BytesIO(data), recalcTimestamp=False)
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        out = io.BytesIO()
        font.flavor = "woff2"
        font.save(out)
        return out.getvalue()

    return _store.memo(key, run)[0]
