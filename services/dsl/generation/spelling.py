"""The English dictionary the edit readers consult before calling a word a typo.

One shared, cached SpellChecker: the mention linker, the verb repairer and the id maker all ask
"is this a real word?" before respelling it, and loading the dictionary once is what keeps that
cheap. It lives apart so that the low-level verb reader can use it without importing the
mention linker (which itself reads verbs).
"""

from __future__ import annotations

from functools import lru_cache

from spellchecker import SpellChecker


@lru_cache(maxsize=1)
def speller() -> SpellChecker:
    return SpellChecker(distance=1)
