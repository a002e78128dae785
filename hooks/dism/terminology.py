"""One English name for each thing: the agreed terms and the registered law names in English clauses.

For a clause whose English is recorded as current, every glossary term marked ``check: true`` and
every registered source name (Japanese ``name`` or ``short``) that the Japanese clause uses must
appear in the English clause as the agreed English: the term's ``en`` or ``abbr``, or the source's
English ``name`` or ``short``. Citations (``[[@id]]``) are left out on both sides: they show the
registered name in each language by themselves. Otherwise the build warns.

A deliberate paraphrase is marked in the English clause, naming the Japanese it renders freely::

    <!-- paraphrase: 適性評価, 特定秘密保護法 -->

Matching: the longest Japanese name wins (特定秘密保護法 is the law, not the term 特定秘密), with
whitespace removed, since Japanese lines may break anywhere; a term marked ``standalone`` counts
only where it is not part of a longer kanji word (秘 but not 秘密 or 極秘). English is compared
case-insensitively with whitespace folded; a longer word counts (plurals: "Secrets").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import Clause
from .glossary import Term
from .problems import Problem
from .sources import Source

PARAPHRASE = re.compile(r"<!--[ \t]*paraphrase:(?P<names>.*?)-->", re.DOTALL)
PARAPHRASE_SEPARATOR = re.compile(r"[,、，]")
CITATION = re.compile(r"\[\[[ \t]*@[^\[\]\n]*\]\]")
WHITESPACE = re.compile(r"\s+")
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々"


@dataclass(frozen=True)
class AgreedName:
    """A Japanese name the manual uses and the English forms that render it."""

    ja: str
    english: tuple[str, ...]
    where: str  # "the glossary, data/glossary.yml:88" or "source 'sds-act', data/sources.yml:8"
    standalone: bool = False


def agreed_names(terms: list[Term], sources: dict[str, Source], glossary_file: str, sources_file: str) -> list[AgreedName]:
    """Every checked Japanese name with its English forms; a name in both files accepts either's English."""
    by_ja: dict[str, AgreedName] = {}

    def add(name: AgreedName) -> None:
        known = by_ja.get(name.ja)
        if known is None:
            by_ja[name.ja] = name
        else:
            english = tuple(dict.fromkeys(known.english + name.english))
            by_ja[name.ja] = AgreedName(name.ja, english, known.where, known.standalone or name.standalone)

    for term in terms:
        if term.check:
            forms = tuple(form for form in (term.en, term.abbr) if form)
            add(AgreedName(term.ja, forms, f"the glossary, {glossary_file}:{term.line}", term.standalone))
    for source in sources.values():
        english = tuple(dict.fromkeys((source.name("en"), source.name("en", "short"))))
        for ja in dict.fromkeys((source.names["ja"]["name"], source.names["ja"]["short"])):
            add(AgreedName(ja, english, f"source '{source.id}', {sources_file}:{source.line}"))
    return list(by_ja.values())


class EnglishNameCheck:
    """Checks a pair of clauses against the agreed names, in one regular-expression pass each."""

    def __init__(self, names: list[AgreedName]):
        self._by_ja = {WHITESPACE.sub("", name.ja): name for name in names}
        ordered = sorted(self._by_ja, key=len, reverse=True)
        alternatives = [
            rf"(?<![{HAN}]){re.escape(ja)}(?![{HAN}])" if self._by_ja[ja].standalone else re.escape(ja)
            for ja in ordered
        ]
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    @staticmethod
    def _prose(text: str) -> str:
        """The text without citations: a citation shows the same registered name in both languages."""
        return CITATION.sub(" ", text)

    def names_used(self, ja: Clause) -> list[AgreedName]:
        if self._pattern is None:
            return []
        japanese = WHITESPACE.sub("", self._prose(f"{ja.title}\n{ja.body}"))
        return [self._by_ja[found] for found in dict.fromkeys(self._pattern.findall(japanese))]

    def problems(self, ja: Clause, en: Clause, ja_source: str, en_source: str) -> list[Problem]:
        body = f"{en.title}\n{en.body}"
        marked = _paraphrased(body)
        english = WHITESPACE.sub(" ", PARAPHRASE.sub(" ", self._prose(body))).lower()
        used = self.names_used(ja)
        used_ja = {name.ja for name in used}
        found = []
        for name in used:
            if name.ja in marked or any(WHITESPACE.sub(" ", form).lower() in english for form in name.english):
                continue
            wanted = " or ".join(f"'{form}'" for form in name.english)
            found.append(
                Problem(en_source, en.line, f"[en] clause {en.id}: the Japanese ({ja_source}:{ja.line}) uses "
                        f"{name.ja}; write {wanted} ({name.where}), or mark a deliberate paraphrase in this "
                        f"clause with <!-- paraphrase: {name.ja} -->")
            )
        for ja_name in marked:
            if ja_name not in self._by_ja:
                found.append(
                    Problem(en_source, en.line, f"[en] clause {en.id}: '{ja_name}' in <!-- paraphrase: … --> is "
                            "neither a checked glossary term nor a registered source name: correct it or remove it")
                )
            elif ja_name not in used_ja:
                found.append(
                    Problem(en_source, en.line, f"[en] clause {en.id}: <!-- paraphrase: {ja_name} --> but the "
                            f"Japanese ({ja_source}:{ja.line}) does not use {ja_name}: remove it from the marker")
                )
        return found


def _paraphrased(english: str) -> list[str]:
    names: list[str] = []
    for marker in PARAPHRASE.finditer(english):
        names += [WHITESPACE.sub("", part) for part in PARAPHRASE_SEPARATOR.split(marker.group("names"))]
    return [name for name in dict.fromkeys(names) if name]
