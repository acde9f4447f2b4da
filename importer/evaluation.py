"""Scoring the importer against answer keys in the format of the seed's
expected.json: precision, recall and F1 per record type.

A proposal matches a key record when they share a name (canonical or alias,
ignoring case), one to one: canonical names are paired first. A quote or a
reported statement also needs the right speaker, a credit the right role, a
contribution the right role. "channels" are the distinct (speaker, channel)
pairs of quotes and statements: who said something where. A verification note
matches when it holds the key's cue ("could not independently verify"); a date
when it is the key's day.

A key scores only the types it holds: one without "statements" says nothing
about reported speech, so that type is left out of its total, not counted as
"nothing expected".
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from . import text as t
from .analysis import Analysis, Entity
from .roles import head_of

# The types the project's first fixtures were keyed for, and every type.
ENTITY_TYPES = ("persons", "organizations", "places")
FIXTURE_TYPES = (*ENTITY_TYPES, "quotes", "credits", "contributions")
TYPES = (
    *ENTITY_TYPES,
    "quotes",
    "statements",
    "channels",
    "credits",
    "contributions",
    "roles",
    "verification",
    "dates",
)


@dataclass
class Score:
    proposed: int = 0
    expected: int = 0
    matched: int = 0
    # What was expected and not found, and proposed and not expected: what a
    # developer reads to see why a score falls (`evaluate_importer --misses`).
    missed: list[str] = field(default_factory=list, compare=False)
    extra: list[str] = field(default_factory=list, compare=False)

    def __iadd__(self, other: "Score") -> "Score":
        self.proposed += other.proposed
        self.expected += other.expected
        self.matched += other.matched
        self.missed += other.missed
        self.extra += other.extra
        return self

    @property
    def empty(self) -> bool:
        """Nothing expected and nothing proposed: no score to give ("n/a")."""
        return not self.expected and not self.proposed

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


def real_articles() -> Path:
    """Where the real articles are kept: outside the project, which may hold
    only their answer keys (settings.REAL_ARTICLES_DIR)."""
    return Path(settings.REAL_ARTICLES_DIR)


def article_for(key_path: Path, key: dict) -> Path:
    """The article a key describes: its "article" field (beside the key, else
    among the real articles), the .txt of the same name, or the only .txt
    beside it."""
    if key.get("article"):
        beside = key_path.parent / key["article"]
        return beside if beside.exists() else real_articles() / key["article"]
    same = key_path.with_suffix(".txt")
    if same.exists():
        return same
    texts = sorted(key_path.parent.glob("*.txt"))
    if len(texts) == 1:
        return texts[0]
    raise FileNotFoundError(f'{key_path}: no article beside it (set "article").')


def key_set(path: Path, key: dict) -> str:
    """The set a key belongs to ("dev", "unseen"), else its folder's name."""
    return key.get("set") or path.parent.name


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


def _match(proposals: list, expected: list, same, shown, wanted) -> Score:
    """The one-to-one score, with what was missed and what was extra."""
    matched, pairs = _pair(proposals, expected, None, same)
    taken = set(pairs.values())
    return Score(
        len(proposals),
        len(expected),
        matched,
        missed=[wanted(r) for j, r in enumerate(expected) if j not in taken],
        extra=[shown(p) for i, p in enumerate(proposals) if i not in pairs],
    )


def _said(record: dict) -> str:
    who = record.get("speaker") or record.get("speaker_organization") or "?"
    return f"{who} [{record.get('channel') or ''}]: {record['starts']}"


def _proposed_said(proposal) -> str:
    who = proposal.speaker.name if proposal.speaker else proposal.description or "?"
    return f"{who} [{proposal.channel}]: {proposal.text[:50]}"


def _entity_score(entities: list[Entity], expected: list[dict]) -> Score:
    """A place proposed only as the parent of one the text names (Germany for
    Berlin) is no mention: it counts when the key lists it, and is not counted
    against the importer when it does not."""

    def same(entity, record, canonical_only):
        if canonical_only:
            return entity.name.lower() == (record.get("name") or "").lower()
        return bool(_entity_names(entity) & _names(record))

    named = [e for e in entities if not e.context]
    context = [e for e in entities if e.context]
    found = _match(
        [*named, *context],
        expected,
        same,
        lambda e: e.name,
        lambda r: r.get("name") or "?",
    )
    unmatched_context = [e.name for e in context if e.name in found.extra]
    found.proposed -= len(unmatched_context)
    found.extra = [name for name in found.extra if name not in unmatched_context]
    return found


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
    # A key copies the page's characters ("we´ll", "Ukraine’€™s"); the
    # importer reads them repaired (importer.text.repaired).
    text = t.repaired(text).replace("’", "'")
    return " ".join(text.lower().split()).strip(" “”\"',.")


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
    scores["quotes"] = _match(
        analysis.quotes, quotes, same_quote, _proposed_said, _said
    )
    if "statements" in key:
        scores["statements"] = _match(
            analysis.statements, key["statements"], same_quote, _proposed_said, _said
        )
    scores["channels"] = _channel_score(analysis, key)

    credits = [c for m in analysis.media for c in m.credits]
    expected_credits = [c for m in key.get("media", []) for c in m.get("credits", [])]

    def same_credit(credit, record, canonical_only):
        names = _party_names(key, record["party"]) | {record["as_written"].lower()}
        return credit.role == record["role"] and bool(
            _entity_names(credit.party) & names
        )

    scores["credits"] = _match(
        credits,
        expected_credits,
        same_credit,
        lambda c: f"{c.party.name} ({c.role})",
        lambda r: f"{r['party']} ({r['role']})",
    )

    contributions = key.get("contributions", [])

    def same_contribution(found, record, canonical_only):
        # A key may credit an organization ("Some information ... was provided
        # by Reuters") where most name a person.
        party = record.get("person") or record.get("organization") or ""
        names = _party_names(key, party) | {record.get("as_written", "").lower()}
        return found.role == record["role"] and bool(_entity_names(found.party) & names)

    scores["contributions"] = _match(
        analysis.contributions,
        contributions,
        same_contribution,
        lambda c: f"{c.party.name} ({c.role})",
        lambda r: f"{r.get('person') or r.get('organization')} ({r['role']})",
    )
    if any("roles" in person for person in key.get("persons", [])):
        scores["roles"] = _role_score(analysis, key)
    update = key.get("update", {})
    if "verification_notes" in update:
        scores["verification"] = _verification_score(
            analysis, update["verification_notes"]
        )
    if "published_on" in update:
        scores["dates"] = _date_score(analysis, update["published_on"])
    return scores


def _role_score(analysis: Analysis, key: dict) -> Score:
    """Roles: the right person with the right role ("spokesman" and
    "spokeswoman" alike, "defense minister" and "Defence Minister"). A role's
    organization or place, where the importer gives one, must be the key's."""
    expected = [
        (person, role)
        for person in key.get("persons", [])
        for role in person.get("roles", [])
    ]

    def same(found, item, canonical_only):
        person, role = item
        if not _entity_names(found.person) & _names(person):
            return False
        if head_of(found.title) != head_of(role["title"]):
            return False
        if found.where is None:
            return True
        wanted = set()
        for name in (role.get("organization"), role.get("jurisdiction")):
            if name:
                wanted |= _party_names(key, name) | _place_names(key, name)
        return not wanted or bool(_entity_names(found.where) & wanted)

    return _match(
        analysis.roles,
        expected,
        same,
        lambda r: (
            f"{r.person.name}: {r.title}" + (f" ({r.where.name})" if r.where else "")
        ),
        lambda item: (
            f"{item[0]['name']}: {item[1]['title']} "
            f"({item[1].get('organization') or item[1].get('jurisdiction') or ''})"
        ),
    )


def _place_names(key: dict, name: str) -> set[str]:
    for record in key.get("places", []):
        if record["name"] == name:
            return _names(record)
    return {name.lower()}


def _channel_score(analysis: Analysis, key: dict) -> Score:
    """Distinct (speaker, channel) pairs: who said something, where."""
    said = [*key.get("quotes", []), *key.get("statements", [])]
    expected = {}
    for record in said:
        kind, names = _speaker_names(key, record)
        if kind and record.get("channel"):
            name = record.get("speaker") or record.get("speaker_organization")
            # Keys write the label ("social media"), proposals the value.
            channel = record["channel"].lower().replace(" ", "_")
            expected[(name, channel)] = names
    proposals = analysis.quotes + (analysis.statements if "statements" in key else [])
    found = {}
    for proposal in proposals:
        if proposal.speaker is not None and proposal.channel:
            found[(id(proposal.speaker), proposal.channel)] = proposal
    pairs = list(found.values())
    wanted = list(expected.items())

    def same(proposal, item, canonical_only):
        (_, channel), names = item
        return proposal.channel == channel and bool(
            _entity_names(proposal.speaker) & names
        )

    return _match(
        pairs,
        wanted,
        same,
        lambda p: f"{p.speaker.name} [{p.channel}]",
        lambda item: f"{item[0][0]} [{item[0][1]}]",
    )


def _cues(note) -> list[str]:
    """A key's note gives its cue, or (the seed's plain sentences) the words it
    quotes ('purporting to show'), or is the cue itself."""
    if isinstance(note, dict):
        return [_normal(note["cue"])]
    quoted = re.findall(r"'([^']{6,})'", note)
    return [_normal(q) for q in quoted] or [_normal(note)]


def _verification_score(analysis: Analysis, notes: list) -> Score:
    def same(proposal, note, canonical_only):
        sentence, cue = _normal(proposal.sentence), _normal(proposal.cue)
        return any(c in sentence or cue in c for c in _cues(note))

    return _match(
        analysis.verification,
        notes,
        same,
        lambda p: p.cue,
        lambda n: n["cue"] if isinstance(n, dict) else n[:60],
    )


def _date_score(analysis: Analysis, stated: str | None) -> Score:
    """One date per article: proposed when the analysis reads one from the
    text, expected when the key says the text states one."""
    found = analysis.published_on.isoformat() if analysis.published_on else None
    right = found is not None and found == stated
    return Score(
        int(found is not None),
        int(stated is not None),
        int(right),
        missed=[] if right or stated is None else [f"{stated}"],
        extra=[] if right or found is None else [f"{found} ({analysis.date_reason})"],
    )


def furniture_entities(analysis: Analysis, key: dict) -> list[str]:
    """Entities proposed from site furniture: named in a furniture line of the
    key and by none of its records."""
    furniture = {
        name.lower() for line in key.get("furniture", []) for name in line["names"]
    }
    keyed = set()
    for kind in ENTITY_TYPES:
        for record in key.get(kind, []):
            keyed |= _names(record)
    return sorted(
        entity.name
        for entity in analysis.entities
        if not entity.context and _entity_names(entity) & (furniture - keyed)
    )


def total(rows: list[dict[str, Score]]) -> dict[str, Score | None]:
    """Each type summed over the keys that score it; None where none does."""
    sums: dict[str, Score | None] = dict.fromkeys(TYPES)
    for scores in rows:
        for kind, found in scores.items():
            if sums[kind] is None:
                sums[kind] = Score()
            sums[kind] += found
    return sums


def report(
    rows: list[tuple[str, dict[str, Score]]], *, each: bool = True, misses=False
) -> str:
    """A table: one block per key (with `each`), then the total over all keys;
    with `misses`, what each key's proposals missed and added."""
    lines = []
    if each or misses or len(rows) == 1:
        for name, scores in rows:
            lines.append(name)
            for kind in TYPES:
                lines.append(_line(kind, scores.get(kind)))
                if misses and scores.get(kind) is not None:
                    lines.extend(f"      - missed: {m}" for m in scores[kind].missed)
                    lines.extend(f"      + extra:  {m}" for m in scores[kind].extra)
    if len(rows) > 1:
        sums = total([scores for _, scores in rows])
        lines.append(f"all {len(rows)} keys")
        lines.extend(_line(kind, sums[kind]) for kind in TYPES)
    return "\n".join(lines)


def _line(kind: str, s: Score | None) -> str:
    if s is None:
        return f"  {kind:<14} --    (not in the key)"
    if s.empty:
        return f"  {kind:<14} n/a   (nothing expected, nothing proposed)"
    return (
        f"  {kind:<14} P {s.precision:5.3f}  R {s.recall:5.3f}  F1 {s.f1:5.3f}"
        f"   ({s.matched} of {s.proposed} proposed, {s.expected} expected)"
    )
