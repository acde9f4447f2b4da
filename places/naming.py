"""Names readers know places by, chosen by rules from the gazetteer's sources.

- `english_subdivision_name`: "Rostov Oblast" for "Rostovskaya oblast'", "Chechnya"
  for "Chechenskaya Respublika", from the English names the sources give.
- `spellings`: which of a GeoNames place's alternate names are the same name
  spelt another way ("Kharkov", "Artemovsk"), not another language's exonym.
- `cyrillic_names`: a place's names in Cyrillic (Харків, Харьков).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

# The generic word of a first-level subdivision's local (ISO 3166-2) name, and
# the English word readers expect after the subdivision's stem: "Rostovskaya
# oblast'" is Rostov Oblast, "Bresckaja voblasć" Brest Region. Longest first.
GENERIC_WORDS = (
    ("avtonomnaya oblast'", "Autonomous Oblast"),
    ("avtonomnyy okrug", "Autonomous Okrug"),
    ("oblast'", "Oblast"),  # Russian (BGN/PCGN)
    ("oblast", "Oblast"),  # Ukrainian (national system)
    ("kray", "Krai"),
    ("voblasć", "Region"),  # Belarus and Kazakhstan name theirs "regions" in English
    ("oblysy", "Region"),
)
_ENGLISH_GENERIC = re.compile(
    r"\s+(?:Autonomous Oblast|Autonomous Okrug|Oblast|Krai|Region|Province)$"
)

# Exceptions the rules cannot reach, each for a reason the sources do not give.
OVERRIDES = {
    # The sources give "Altai" (which is also Altai Krai's stem) and
    # "Gorno-Altai", the name it dropped in 1992; news write "Altai Republic".
    "RU-AL": "Altai Republic",
    # The sources' English name is "Sakha", its own people's name; English-language
    # news call it Yakutia (which iso3166-2 lists among its English names).
    "RU-SA": "Yakutia",
}

# The names the occupying power gives two regions, which news quote ("the
# so-called Donetsk People's Republic (DPR)"): kept as descriptive aliases, so
# that the importer and every name filter find the region by them.
OCCUPATION_NAMES = {
    "UA-14": ("Donetsk People's Republic", "Donetsk People’s Republic", "DPR", "DNR"),
    "UA-09": (
        "Luhansk People's Republic",
        "Luhansk People’s Republic",
        "Lugansk People's Republic",
        "Lugansk People’s Republic",
        "LPR",
        "LNR",
    ),
}

# Short names English-language news write for a few countries, which no source
# lists as names: "the US", "UK officials", "Britain".
COUNTRY_ABBREVIATIONS = {
    "US": ("US", "U.S.", "USA", "U.S.A."),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "AE": ("UAE", "U.A.E."),
}

# "Kharkivshchyna", "Smolenshchina": the land around a city, a name for the
# region in speech, never its English name.
_LAND_OF = re.compile(r"(?:shchyna|shchina|chchyna|shchyna)$", re.IGNORECASE)
_CONNECTORS = {"of", "and", "the", "on", "upon", "de", "del", "la"}


@dataclass
class SubdivisionNames:
    """What the sources say a subdivision is called."""

    code: str  # "RU-ROS"
    local: str  # ISO 3166-2's name: "Rostovskaya oblast'"
    english: str | None = None  # countrystatecity's name: "Rostov"
    others: list[str] = field(default_factory=list)  # iso3166-2's English names


def fold(name: str) -> str:
    """Lower-case ASCII letters only: "Zaporiz'ka" and "Zaporizka" fold alike."""
    decomposed = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^a-z]", "", decomposed.encode("ascii", "ignore").decode().lower())


def is_english_name(name: str) -> bool:
    """A name, not a nickname, abbreviation or description ("Coastal territory",
    "JAO", "The Golden State", "Київщина")."""
    if not name or not re.fullmatch(r"[A-Za-z][A-Za-z .'’-]*", name):
        return False
    if name.isupper() or name.startswith("The ") or _LAND_OF.search(name):
        return False
    words = name.replace("-", " ").split()
    return all(w[0].isupper() or w in _CONNECTORS for w in words)


def _generic(local: str) -> tuple[str, str] | None:
    """("Rostovskaya", "Oblast") for "Rostovskaya oblast'"; None without one."""
    lower = local.lower()
    for word, english in GENERIC_WORDS:
        if lower.endswith(" " + word):
            return local[: -len(word) - 1].strip(), english
    return None


def _likeness(candidate: str, local_stem: str) -> int:
    """How far `candidate` spells the local stem's beginning, less what it adds."""
    a, b = fold(candidate), fold(local_stem)
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common - (len(a) - common)


def english_subdivision_name(names: SubdivisionNames) -> str:
    """The English name readers expect for a first-level subdivision.

    A subdivision whose local name ends in a generic word (oblast, kray, okrug,
    voblasć, oblysy) is "<stem> <Word>": the stem is the English name that most
    sources give, ties going to the one spelling the local name most closely
    ("Khanty-Mansi" for "Khanty-Mansiyskiy", "Zakarpattia" for "Zakarpatska",
    not "Transcarpathia"); the local adjective itself is no English name.
    Any other keeps countrystatecity's English name, except that a republic
    ("Chechenskaya Respublika") takes the noun iso3166-2 gives for that name's
    adjective ("Chechen" -> "Chechnya", "Udmurt" -> "Udmurtia").
    "Autonomous Republic of Crimea" is "Crimea".
    """
    if names.code in OVERRIDES:
        return OVERRIDES[names.code]
    generic = _generic(names.local)
    english = [n for n in names.others if is_english_name(n)]
    if generic is not None:
        local_stem, word = generic
        votes: dict[str, int] = {}
        order: list[str] = []
        for source in ([names.english] if names.english else [], english):
            for stem in {_ENGLISH_GENERIC.sub("", n) for n in source}:
                if fold(stem) == fold(local_stem) or not is_english_name(stem):
                    continue
                if "Republic" in stem.split():
                    continue
                if stem not in votes:
                    order.append(stem)
                votes[stem] = votes.get(stem, 0) + 1
        if votes:
            best = max(order, key=lambda s: (votes[s], _likeness(s, local_stem)))
            return f"{best} {word}"
        # Where the local stem is the noun ("Atyraū oblysy"), the English name
        # spells it without diacritics ("Atyrau").
        if names.english:
            return f"{_ENGLISH_GENERIC.sub('', names.english)} {word}"
        return f"{local_stem} {word}"
    name = names.english or names.local
    stem = fold(name)[:-2]
    is_republic = re.search(r"\bRespublika\b", names.local, re.IGNORECASE)
    for other in english if is_republic else ():
        if (
            len(stem) >= 4
            and "Republic" not in other.split()
            and len(other.split()) == len(name.split())
            and fold(other).startswith(stem)
            and len(fold(other)) > len(fold(name))
        ):
            name = other
            break
    return re.sub(r"^(?:Autonomous )?Republic of (?:the )?", "", name)


def english_form(name: str) -> str:
    """AP style: "St. Petersburg", not "Saint Petersburg"."""
    return re.sub(r"^Saint (?=[A-Z])", "St. ", name)


# The romanizations of Russian, Ukrainian and Belarusian letters found in English
# text (BGN/PCGN, the Ukrainian national system, and their everyday simplifications),
# compared on folded letters: Харьков is Kharkov or Khar'kov, Запорожье Zaporozhye.
_ROMAN = {
    **{c: (r,) for c, r in zip("абдзклмнопрстуф", "abdzklmnoprstuf", strict=True)},
    **{"в": ("v",), "г": ("g", "h"), "ґ": ("g",), "ж": ("zh",), "х": ("kh", "h")},
    **{"е": ("e", "ye", "ie"), "ё": ("e", "yo", "io"), "э": ("e",)},
    **{"и": ("i", "y"), "і": ("i",), "ї": ("yi", "i", "ji"), "є": ("ye", "ie")},
    **{"й": ("y", "i", "j", ""), "ы": ("y", "i"), "ъ": ("",), "ь": ("",), "ў": ("u",)},
    **{"ц": ("ts", "c"), "ч": ("ch",), "ш": ("sh",), "щ": ("shch", "sch")},
    **{"ю": ("yu", "iu", "ju"), "я": ("ya", "ia", "ja")},
}
_CYRILLIC = re.compile(
    r"[А-ЯЁІЇЄҐЎ][а-яёіїєґў'’ʼ]*"
    r"(?:-[А-ЯЁІЇЄҐЎа-яёіїєґў][а-яёіїєґў'’ʼ]*| [А-ЯЁІЇЄҐЎ][а-яёіїєґў'’ʼ]*)*"
)
# Latin alternate names: words, not codes or phrases ("Kiev", not "IEV").
_LATIN = re.compile(r"[A-Z][a-z]+(?:[ '’-][A-Za-z][a-z']+)*")


def cyrillic_names(name: str, alternatenames: list[str]) -> list[str]:
    """`name`'s alternate names in Russian, Ukrainian or Belarusian letters
    (Харків, Харьков), as many words as `name` has (Ростов-на-Дону for
    Rostov-on-Don, not Тындагы Ростов).

    GeoNames also lists declined forms (Киеву beside Киев) and phrases in other
    languages written in Cyrillic (Белгород шаары): those are left out.
    """
    found = {
        n
        for n in alternatenames
        if _CYRILLIC.fullmatch(n) and _words(n) == _words(name)
    }
    return sorted(
        n
        for n in found
        if not any(n != o and n.startswith(o) and len(n) - len(o) <= 2 for o in found)
    )


def _words(name: str) -> int:
    """Words in `name`, hyphenated ones counted apart: Санкт-Петербург has two."""
    return len(re.split(r"[ -]+", name.strip()))


@cache
def _romanization(cyrillic: str) -> re.Pattern:
    """A pattern every usual romanization of `cyrillic` matches, folded."""
    parts = []
    for letter in cyrillic.lower():
        choices = _ROMAN.get(letter, ("",) if not letter.isalpha() else None)
        if choices is None:
            return re.compile(r"(?!)")
        parts.append("(?:" + "|".join(choices) + ")")
    return re.compile("".join(parts))


def skeleton(name: str) -> str:
    """First letter and consonants, doubles collapsed: "Kiev" and "Kyiv" are "kv"."""
    letters = fold(name)
    consonants = re.sub(r"[aeiouy]", "", letters[1:])
    return letters[:1] + re.sub(r"(.)\1+", r"\1", consonants)


def spellings(name: str, alternatenames: list[str], *, cyrillic: bool) -> list[str]:
    """Alternate names that only spell `name`, or one of its Cyrillic names, in
    Latin letters another way.

    GeoNames lists exonyms, old names, nicknames and airport codes together; only
    spellings are safe to find in running text. Of a place in a Cyrillic-writing
    country (`cyrillic`), those are the usual romanizations of its Cyrillic names
    ("Kharkov" for Харьков, "Kiev" for Киев, "Artemovsk" for Артемовск, Bakhmut's
    name until 2016), not German "Moskau" or Polish "Kijów"; elsewhere, the names
    with the consonants of `name` ("Peking" is no spelling of Beijing).
    """
    own = skeleton(name)
    patterns = (
        [_romanization(n) for n in cyrillic_names(name, alternatenames)]
        if cyrillic
        else []
    )
    return sorted(
        {
            other
            for other in alternatenames
            if other != name
            and len(other) >= 4
            and _LATIN.fullmatch(other)
            and _words(other) == _words(name)
            and (
                any(p.fullmatch(fold(other)) for p in patterns)
                if cyrillic
                else skeleton(other) == own
            )
        }
    )
