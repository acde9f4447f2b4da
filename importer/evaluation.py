"""Scoring the importer against answer keys in the format of the seed's
expected.json: precision, recall and F1 per record type.

A proposal matches a key record when they share a name (canonical or alias,
ignoring case), one to one: canonical names are paired first. A quote also
needs the right speaker, a credit the right role, a contribution the right role.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from .analysis import Analysis, Entity

TYPES = ("persons", "organizations", "places", "quotes", "credits", "contributions")


@dataclass
class Score:
    proposed: int = 0
    expected: int = 0
    matched: int = 0

    def __iadd__(self, other: "Score") -> "Score":
        self.proposed += other.proposed
        self.expected += other.expected
        self.matched += other.matched
        return self

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def article_for(key_path: Path, key: dict) -> Path:
    """The article a key describes: its "article" field, the .txt of the same
    name, or the only .txt beside it."""
    if key.get("article"):
        return key_path.parent / key["article"]
    same = key_path.with_suffix(".txt")
    if same.exists():
        return same
    texts = sorted(key_path.parent.glob("*.txt"))
    if len(texts) == 1:
        return texts[0]
    raise FileNotFoundError(f'{key_path}: no article beside it (set "article").')


def load_key(path: Path) -> dict:
    try:
        key = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: line {error.lineno}: {error.msg}") from error
    if not isinstance(key, dict) or "persons" not in key:
        raise ValueError(f'{path}: not an answer key (no "persons").')
    return key


def _names(record: dict) -> set[str]:
    return {n.lower() for n in [record.get("name"), *record.get("aliases", [])] if n}


def _entity_names(entity: Entity) -> set[str]:
    return {n.lower() for n in [entity.name, *entity.forms, *entity.aliases]}


def _pair(proposals: list, expected: list[dict], names, same) -> tuple[int, dict]:
    """One-to-one matches; returns the count and proposal index -> key index."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for canonical_only in (True, False):
        for i, proposal in enumerate(proposals):
            if i in pairs:
                continue
            for j, record in enumerate(expected):
                if j in taken:
                    continue
                if same(proposal, record, canonical_only):
                    pairs[i] = j
                    taken.add(j)
                    break
    return len(pairs), pairs


def _entity_score(entities: list[Entity], expected: list[dict]) -> Score:
    def same(entity, record, canonical_only):
        if canonical_only:
            return entity.name.lower() == (record.get("name") or "").lower()
        return bool(_entity_names(entity) & _names(record))

    matched, _ = _pair(entities, expected, None, same)
    return Score(len(entities), len(expected), matched)


def _speaker_names(key: dict, quote: dict) -> tuple[str, set[str]]:
    if quote.get("speaker"):
        person = next(
            (p for p in key["persons"] if p["name"] == quote["speaker"]),
            {"name": quote["speaker"]},
        )
        return "person", _names(person)
    if quote.get("speaker_organization"):
        org = next(
            (
                o
                for o in key["organizations"]
                if o["name"] == quote["speaker_organization"]
            ),
            {"name": quote["speaker_organization"]},
        )
        return "organization", _names(org)
    return "", set()


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split()).strip(" “”\"',.")


def _party_names(key: dict, name: str) -> set[str]:
    for record in [*key.get("organizations", []), *key.get("persons", [])]:
        if record["name"] == name:
            return _names(record)
    return {name.lower()}


def score(analysis: Analysis, key: dict) -> dict[str, Score]:
    scores = {
        "persons": _entity_score(analysis.of_kind("person"), key.get("persons", [])),
        "organizations": _entity_score(
            analysis.of_kind("organization"), key.get("organizations", [])
        ),
        "places": _entity_score(analysis.of_kind("place"), key.get("places", [])),
    }

    def same_quote(quote, record, canonical_only):
        if not _normal(quote.text).startswith(_normal(record["starts"])):
            return False
        kind, names = _speaker_names(key, record)
        if not kind:
            return quote.speaker is None
        speaker = quote.speaker
        return (
            speaker is not None
            and speaker.kind == kind
            and bool(_entity_names(speaker) & names)
        )

    quotes = key.get("quotes", [])
    matched, _ = _pair(analysis.quotes, quotes, None, same_quote)
    scores["quotes"] = Score(len(analysis.quotes), len(quotes), matched)

    credits = [c for m in analysis.media for c in m.credits]
    expected_credits = [c for m in key.get("media", []) for c in m.get("credits", [])]

    def same_credit(credit, record, canonical_only):
        names = _party_names(key, record["party"]) | {record["as_written"].lower()}
        return credit.role == record["role"] and bool(
            _entity_names(credit.party) & names
        )

    matched, _ = _pair(credits, expected_credits, None, same_credit)
    scores["credits"] = Score(len(credits), len(expected_credits), matched)

    contributions = key.get("contributions", [])

    def same_contribution(found, record, canonical_only):
        names = _party_names(key, record["person"])
        return found.role == record["role"] and bool(
            _entity_names(found.person) & names
        )

    matched, _ = _pair(analysis.contributions, contributions, None, same_contribution)
    scores["contributions"] = Score(
        len(analysis.contributions), len(contributions), matched
    )
    return scores


def report(rows: list[tuple[str, dict[str, Score]]]) -> str:
    """A table: one block per key, then the total over all keys."""
    lines = []
    total = {kind: Score() for kind in TYPES}
    for name, scores in rows:
        lines.append(name)
        for kind in TYPES:
            s = scores[kind]
            total[kind] += s
            lines.append(_line(kind, s))
    if len(rows) > 1:
        lines.append(f"all {len(rows)} keys")
        lines.extend(_line(kind, total[kind]) for kind in TYPES)
    return "\n".join(lines)


def _line(kind: str, s: Score) -> str:
    return (
        f"  {kind:<14} P {s.precision:5.3f}  R {s.recall:5.3f}  F1 {s.f1:5.3f}"
        f"   ({s.matched} of {s.proposed} proposed, {s.expected} expected)"
    )
