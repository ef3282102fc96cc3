"""Profanity check for queries: better-profanity's word list and leetspeak table, matched fast.

The library's own matcher compares every word of the text with every listed word through a
per-character variant object; that costs ~6 ms for an ordinary query and over 200 ms for a
512-character query of short words, on the gateway's request path (a cheap way to burn its
CPU). Here the same data — the maintained word list and the library's character substitutions
(``@`` for ``a``, ``$`` for ``s``, ...) — is compiled once into a trie, and each candidate is
walked through it with the substitutions reversed: time linear in the text.

Candidates are those the library considers: each word (a run of the library's allowed
characters), and each word joined with the next ones, with and without the separators between
them, up to the most separators any listed phrase has. Matching is at least as strict as the
library's (tests check that on generated text) and equal on the intent bank's real queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from better_profanity import Profanity
from better_profanity.constants import ALLOWED_CHARACTERS
from better_profanity.utils import get_complete_path_of_file, read_wordlist


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    terminal: bool = False


@dataclass(frozen=True)
class ProfanityMatcher:
    root: _Node
    # written character -> the listed characters it may stand for (itself included)
    sources: dict[str, frozenset[str]]
    max_joined_words: int

    def _matches(self, candidate: str) -> bool:
        nodes = [self.root]
        for char in candidate:
            options = self.sources.get(char, (char,))
            nodes = [n.children[o] for n in nodes for o in options if o in n.children]
            if not nodes:
                return False
        return any(n.terminal for n in nodes)

    def contains_profanity(self, text: str) -> bool:
        words, separators = _split_words(text.lower())
        for i in range(len(words)):
            joined = with_separators = words[i]
            if self._matches(joined):
                return True
            for j in range(i + 1, min(len(words), i + 1 + self.max_joined_words)):
                joined += words[j]
                with_separators += separators[j - 1] + words[j]
                if self._matches(joined) or self._matches(with_separators):
                    return True
        return False


def _split_words(text: str) -> tuple[list[str], list[str]]:
    """Runs of allowed characters, and the separator text between consecutive runs."""
    words: list[str] = []
    separators: list[str] = []
    current: list[str] = []
    gap: list[str] = []
    for char in text:
        if char in ALLOWED_CHARACTERS:
            if not current and words:
                separators.append("".join(gap))
            gap = []
            current.append(char)
        else:
            if current:
                words.append("".join(current))
                current = []
            gap.append(char)
    if current:
        words.append("".join(current))
    return words, separators


def build_matcher(words: list[str], substitutions: dict[str, tuple[str, ...]]) -> ProfanityMatcher:
    root = _Node()
    most_separators = 1
    for word in words:
        word = word.lower()
        node = root
        for char in word:
            node = node.children.setdefault(char, _Node())
        node.terminal = True
        most_separators = max(most_separators, sum(c not in ALLOWED_CHARACTERS for c in word))
    reverse: dict[str, set[str]] = {}
    for listed, written_forms in substitutions.items():
        for written in written_forms:
            reverse.setdefault(written, {written}).add(listed)
    sources = {written: frozenset(listed) for written, listed in reverse.items()}
    return ProfanityMatcher(root=root, sources=sources, max_joined_words=most_separators)


@lru_cache
def default_matcher() -> ProfanityMatcher:
    """The matcher over better-profanity's bundled word list and substitution table."""
    words = list(read_wordlist(get_complete_path_of_file("profanity_wordlist.txt")))
    return build_matcher(words, Profanity(words=[]).CHARS_MAPPING)


def contains_profanity(text: str) -> bool:
    return default_matcher().contains_profanity(text)
