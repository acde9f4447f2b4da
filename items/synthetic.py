"""A synthetic archive at scale, for benchmarks: realistic shape, reproducible.

Rows are written straight to the tables (COPY on PostgreSQL, executemany on
SQLite) with ids assigned here, so links need no round trips. This is generation,
not curation: no history rows are written, and nothing here is a curator's edit.
"""

import datetime
import importlib
import random
import uuid

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from changes.baseline import note_baseline
from newsarchive.aggregate_cache import archive_changed
from people.models import Alias, Organization, Person
from places.models import Place, PlaceAlias, path_step

from . import kept_facets
from .models import (
    Contribution,
    Credit,
    Event,
    EventActor,
    EventReport,
    Media,
    OrganizationMention,
    PersonMention,
    PlaceMention,
    Quote,
    ReportedFigure,
    Story,
    Update,
)

PUBLIC_INVOLVEMENT = importlib.import_module("items.migrations.0016_public_involvement")
FACET_COUNTS = importlib.import_module("items.migrations.0019_facet_counts")
# PostgreSQL triggers that act per row: fine for curators, ruinous for COPY. The
# load turns them off and does their work once per statement at the end. The
# search trigger rewrites the quote's update's search vector; the involvement
# triggers keep items_personinvolvement and items_organizationinvolvement
# (migration 0008), their public flags and their day counts (0016). (The word
# counts of 0017 are kept per statement, a batch at a time.)
PER_ROW_TRIGGERS = [
    ("items_quote", "items_quote_search"),
    ("items_personmention", "items_personmention_personinvolvement"),
    ("items_quote", "items_quote_personinvolvement"),
    ("items_contribution", "items_contribution_personinvolvement"),
    ("items_organizationmention", "items_organizationmention_organizationinvolvement"),
    ("items_quote", "items_quote_organizationinvolvement"),
    ("items_credit", "items_credit_organizationinvolvement"),
    ("items_contribution", "items_contribution_organizationinvolvement"),
    *(
        (table, name)
        for name, table in PUBLIC_INVOLVEMENT.triggers()
        # Fired by UPDATE only, which a load does not run.
        if table not in ("items_update", "items_media")
    ),
    # Each notes an update for its facets to be counted again (0019); the load
    # notes each new update once instead.
    *(
        (table, name)
        for name, table in FACET_COUNTS.triggers()
        if table.startswith("items_")
    ),
]
# The (entity, update) pairs each involvement table derives from.
INVOLVEMENT_LINKS = {
    "items_personinvolvement": (
        "person_id",
        [
            "SELECT person_id, update_id FROM items_personmention",
            "SELECT person_id, update_id FROM items_quote",
            "SELECT person_id, update_id FROM items_contribution",
        ],
    ),
    "items_organizationinvolvement": (
        "organization_id",
        [
            "SELECT organization_id, update_id FROM items_organizationmention",
            "SELECT organization_id, update_id FROM items_quote",
            "SELECT c.organization_id, m.update_id FROM items_credit c "
            "JOIN items_media m ON m.id = c.media_id",
            "SELECT organization_id, update_id FROM items_contribution",
        ],
    ),
}

SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "ne",
    "lo",
    "va",
    "di",
    "sha",
    "to",
    "bel",
    "gor",
    "ov",
    "in",
    "sk",
    "ya",
    "le",
    "na",
    "ze",
    "ko",
    "ra",
    "tu",
    "vi",
    "an",
    "mar",
    "pol",
    "dan",
    "yur",
    "ser",
    "gei",
    "ni",
    "ta",
    "pe",
    "tro",
    "vo",
    "lev",
    "ha",
    "ch",
    "ok",
    "as",
]
FIRST_NAMES = [
    "Andriy",
    "Anna",
    "Boris",
    "Dmitry",
    "Elena",
    "Fedir",
    "Galina",
    "Igor",
    "Ivan",
    "Kateryna",
    "Mykola",
    "Natalia",
    "Oleg",
    "Olena",
    "Pavlo",
    "Roman",
    "Sergei",
    "Svitlana",
    "Taras",
    "Tetiana",
    "Viktor",
    "Yulia",
    "Yuriy",
    "Zoya",
]
ORG_NOUNS = ["Ministry", "Legion", "Agency", "Institute", "Council", "Brigade", "News"]
ORG_KINDS = [kind for kind, _ in Organization.Kind.choices]
CHANNELS = [channel for channel, _ in Quote.Channel.choices]
WORDS = [
    "drone",
    "strike",
    "border",
    "village",
    "shelling",
    "ministry",
    "reported",
    "attack",
    "region",
    "forces",
    "claimed",
    "officials",
    "residents",
    "damage",
    "overnight",
    "statement",
    "power",
    "grid",
    "talks",
    "aid",
    "front",
    "line",
    "artillery",
    "evacuation",
    "governor",
    "said",
    "troops",
    "convoy",
    "bridge",
]

UPDATES_PER_STORY = 300
# About one incident per twenty updates, each reported by a handful of them.
NEW_EVENT_RATE = 0.05
REPORT_RATE = 0.3
EVENT_KINDS = [kind for kind, _ in Event.Kind.choices]
ACTOR_ROLES = [role for role, _ in EventActor.Role.choices]
QUANTITIES = [quantity for quantity, _ in ReportedFigure.Quantity.choices]
BATCH = 5_000


class TableWriter:
    """Writes rows of one model as tuples in the order of its concrete fields."""

    def __init__(self, model: type[models.Model], uids: random.Random | None = None):
        self.model = model
        # Unique fields with a callable default (uids) need a value per row; drawn
        # from the generator's seeded source, the same seed gives the same uids.
        self.uids = uids or random.Random()
        self.fresh = [
            field
            for field in model._meta.concrete_fields
            if field.unique and field.has_default() and callable(field.default)
        ]
        self.fields = model._meta.concrete_fields
        self.names = [field.attname for field in self.fields]
        now = timezone.now()
        self.defaults = {}
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(
                field, "auto_now_add", False
            ):
                self.defaults[field.attname] = now
            elif field.has_default():
                self.defaults[field.attname] = field.get_default()
            elif field.null:
                self.defaults[field.attname] = None
            else:
                self.defaults[field.attname] = ""
        self.next_id = (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
        self.rows: list[tuple] = []

    def add(self, **values) -> int:
        pk = values.setdefault("id", self.next_id)
        for field in self.fresh:
            if field.attname not in values:
                uid = uuid.UUID(int=self.uids.getrandbits(128), version=4)
                values[field.attname] = field.get_db_prep_value(uid, connection)
        self.next_id = max(self.next_id, pk + 1)
        defaults = self.defaults
        self.rows.append(tuple(values.get(n, defaults[n]) for n in self.names))
        return pk

    def flush(self) -> int:
        rows, self.rows = self.rows, []
        if rows:
            write_rows(self.model, self.fields, rows)
        return len(rows)


def write_rows(model, fields, rows: list[tuple]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        converters = [
            (index, field)
            for index, field in enumerate(fields)
            if isinstance(field, models.DateTimeField | models.DateField)
        ]
        if converters:
            rows = [list(row) for row in rows]
            for row in rows:
                for index, field in converters:
                    row[index] = field.get_db_prep_value(row[index], connection)
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


class Generator:
    def __init__(self, *, updates: int, seed: int, progress=None):
        self.total = updates
        self.seed = seed
        self.rng = random.Random(seed)
        # Uids come from their own source so they do not shift the archive's shape,
        # seeded by where the ids start too: a second run with the same seed adds
        # records with new uids.
        self.uids = random.Random(f"{seed}:{TableWriter(Update).next_id}")
        self.progress = progress or (lambda message: None)
        self.counts: dict[str, int] = {}

    def skewed(self, items: list):
        """Pick from `items` with a long tail: the first few are picked most."""
        return items[int(len(items) * self.rng.random() ** 3)]

    def word(self, syllables=(2, 3)) -> str:
        count = self.rng.randint(*syllables)
        return "".join(self.rng.choice(SYLLABLES) for _ in range(count)).capitalize()

    def sentence(self, low=8, high=20) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]
        return " ".join(words).capitalize() + "."

    def flush(self, *writers: TableWriter) -> None:
        for writer in writers:
            label = writer.model._meta.verbose_name_plural
            self.counts[label] = self.counts.get(label, 0) + writer.flush()

    @transaction.atomic
    def run(self) -> dict[str, int]:
        n = self.total
        self.first_update_id = TableWriter(Update).next_id
        self.bulk = bulk = connection.vendor == "postgresql" and _has_trigger(
            PER_ROW_TRIGGERS[0][1]
        )
        if bulk:
            _set_triggers("DISABLE")
        self.places = self.make_places(
            countries=min(40, 5 + n // 2_000), cities=max(60, n // 50)
        )
        self.organizations = self.make_organizations(max(20, n // 100))
        self.persons = self.make_persons(max(50, n // 20))
        self.make_updates(n)
        if bulk:
            self.redo_trigger_work()
            _set_triggers("ENABLE")
        self.finish()
        kept_facets.recount()
        # No history is written here, so no change is noted: each record is
        # noted once as it stands, for the change feed and incremental dumps.
        note_baseline()
        # Rows written in bulk send no signal: kept counts are forgotten here.
        archive_changed()
        return self.counts

    def redo_trigger_work(self) -> None:
        """What PER_ROW_TRIGGERS would have done, once per statement.

        Not the search trigger's: each update's quotes were written before it,
        so its own insert trigger read them (make_updates).
        """
        with connection.cursor() as cursor:
            for table, (column, links) in INVOLVEMENT_LINKS.items():
                union = " UNION ".join(
                    f"{link} WHERE update_id >= %s" for link in links
                )
                cursor.execute(
                    f"INSERT INTO {table} ({column}, update_id, published_at) "
                    "SELECT link.entity_id, link.update_id, u.published_at "
                    f"FROM ({union}) link (entity_id, update_id) "
                    "JOIN items_update u ON u.id = link.update_id "
                    "WHERE link.entity_id IS NOT NULL",
                    [self.first_update_id] * len(links),
                )
            for statement in [
                *PUBLIC_INVOLVEMENT.fill_flags(self.first_update_id),
                *PUBLIC_INVOLVEMENT.fill_counts("postgresql", self.first_update_id),
            ]:
                cursor.execute(statement)
            cursor.execute(
                "INSERT INTO items_facetrecount (update_id) "
                "SELECT id FROM items_update WHERE id >= %s",
                [self.first_update_id],
            )

    def make_places(self, *, countries: int, cities: int) -> list[int]:
        places, aliases = (
            TableWriter(Place, self.uids),
            TableWriter(PlaceAlias, self.uids),
        )
        roots, regions = [], []
        for _ in range(countries):
            name = self.word((2, 3)) + "ia"
            pk = places.next_id
            places.add(
                name=name,
                slug=f"{name.lower()}-{pk}",
                kind="country",
                path="",
                country_code=name[:2].upper(),
            )
            roots.append((pk, ""))
        for country_pk, country_path in roots:
            for _ in range(self.rng.randint(4, 12)):
                name = self.word() + " Oblast"
                path = country_path + path_step(country_pk)
                pk = places.add(
                    name=name,
                    slug=f"{name.lower().replace(' ', '-')}-{places.next_id}",
                    kind="region",
                    parent_id=country_pk,
                    path=path,
                )
                regions.append((pk, path))
                aliases.add(
                    place_id=pk,
                    name=name.replace("Oblast", "region"),
                    kind="descriptive",
                )
        cities_ids = []
        for _ in range(cities):
            region_pk, region_path = self.skewed(regions)
            name = self.word()
            pk = places.add(
                name=name,
                slug=f"{name.lower()}-{places.next_id}",
                kind=self.rng.choice(["city", "town", "village"]),
                parent_id=region_pk,
                path=region_path + path_step(region_pk),
            )
            cities_ids.append(pk)
            if self.rng.random() < 0.3:
                aliases.add(place_id=pk, name=name + "e", kind="transliteration")
        self.flush(places, aliases)
        self.progress(f"places: {len(roots) + len(regions) + len(cities_ids)}")
        return [pk for pk, _ in roots] + [pk for pk, _ in regions] + cities_ids

    def make_organizations(self, count: int) -> list[int]:
        orgs, aliases = (
            TableWriter(Organization, self.uids),
            TableWriter(Alias, self.uids),
        )
        ids = []
        for _ in range(count):
            name = f"{self.word()} {self.rng.choice(ORG_NOUNS)}"
            pk = orgs.add(
                name=name,
                slug=f"{name.lower().replace(' ', '-')}-{orgs.next_id}",
                kind=self.rng.choice(ORG_KINDS),
                country_id=self.rng.choice(self.places[:40]),
            )
            ids.append(pk)
            if self.rng.random() < 0.5:
                initials = "".join(part[0] for part in name.split())
                aliases.add(
                    organization_id=pk, name=f"{initials}{pk}", kind="abbreviation"
                )
        self.flush(orgs, aliases)
        return ids

    def make_persons(self, count: int) -> list[int]:
        persons, aliases = TableWriter(Person, self.uids), TableWriter(Alias, self.uids)
        ids = []
        for _ in range(count):
            first, last = self.rng.choice(FIRST_NAMES), self.word() + "ov"
            pk = persons.add(
                name=f"{first} {last}", slug=f"{first}-{last}-{persons.next_id}".lower()
            )
            ids.append(pk)
            aliases.add(person_id=pk, name=last, kind="short_form")
            if self.rng.random() < 0.1:
                aliases.add(
                    person_id=pk, name=f"{first} {self.word()}", kind="pseudonym"
                )
        self.flush(persons, aliases)
        return ids

    def make_updates(self, total: int) -> None:
        stories = TableWriter(Story, self.uids)
        updates = TableWriter(Update, self.uids)
        person_mentions = TableWriter(PersonMention, self.uids)
        org_mentions = TableWriter(OrganizationMention, self.uids)
        place_mentions = TableWriter(PlaceMention, self.uids)
        quotes, media, credits = (
            TableWriter(Quote, self.uids),
            TableWriter(Media, self.uids),
            TableWriter(Credit, self.uids),
        )
        contributions = TableWriter(Contribution, self.uids)
        events = EventWriters(self, self.uids)
        # Quotes go first when the quote's search trigger is off: the update's
        # insert trigger then reads them into its search vector. Rewriting the
        # vectors afterwards, in one statement, took over 70 minutes at 1,000,000
        # updates. Foreign keys are checked at the end (_set_triggers).
        writers = (
            stories,
            updates,
            person_mentions,
            org_mentions,
            place_mentions,
            quotes,
            media,
            credits,
            contributions,
            *events.writers,
        )
        if self.bulk:
            writers = (quotes, *(writer for writer in writers if writer is not quotes))
        rng = self.rng
        start = datetime.datetime(2022, 2, 24, tzinfo=datetime.UTC)
        agencies, distributors = self.organizations[:10], self.organizations[10:20]
        story_pk, left_in_story, when = None, 0, start
        for index in range(total):
            if left_in_story == 0:
                title = f"{self.word()} war: live updates"
                story_pk = stories.add(title=title, slug=f"live-{stories.next_id}")
                left_in_story = rng.randint(
                    UPDATES_PER_STORY // 2, UPDATES_PER_STORY * 2
                )
                when = start + datetime.timedelta(days=rng.randint(0, 1_000))
            left_in_story -= 1
            when += datetime.timedelta(minutes=rng.randint(5, 240))
            roll = rng.random()
            status = (
                "published" if roll < 0.9 else "in_review" if roll < 0.97 else "draft"
            )
            body = " ".join(self.sentence() for _ in range(rng.randint(2, 6)))
            update_pk = updates.add(
                story_id=story_pk,
                published_at=when,
                headline=self.sentence(5, 10)[:300],
                summary=self.sentence(),
                body=body,
                original_text=body,
                status=status,
                date_precision="minute",
            )
            for person in {self.skewed(self.persons) for _ in range(rng.randint(1, 4))}:
                person_mentions.add(
                    update_id=update_pk, person_id=person, published_at=when
                )
            for org in {
                self.skewed(self.organizations) for _ in range(rng.randint(0, 3))
            }:
                org_mentions.add(
                    update_id=update_pk, organization_id=org, published_at=when
                )
            for place in {self.skewed(self.places) for _ in range(rng.randint(1, 3))}:
                place_mentions.add(
                    update_id=update_pk, place_id=place, published_at=when
                )
            for position in range(rng.choice((0, 0, 1, 1, 2))):
                quotes.add(
                    update_id=update_pk,
                    published_at=when,
                    text=self.sentence(6, 18),
                    person_id=self.skewed(self.persons),
                    channel=rng.choice(CHANNELS),
                    said_on=when.date(),
                    position=position,
                )
            if rng.random() < 0.3:
                media_pk = media.add(
                    update_id=update_pk,
                    caption=self.sentence(),
                    kind="photo",
                    place_id=self.skewed(self.places),
                    credit_line="…",
                )
                chain = [
                    self.skewed(self.organizations),
                    rng.choice(agencies),
                    rng.choice(distributors),
                ]
                for position, (org, role) in enumerate(
                    zip(chain, ("originator", "agency", "distributor"), strict=True)
                ):
                    credits.add(
                        media_id=media_pk,
                        organization_id=org,
                        role=role,
                        position=position,
                    )
            if rng.random() < 0.2:
                contributions.add(
                    update_id=update_pk,
                    published_at=when,
                    person_id=self.skewed(self.persons),
                    role="contributor",
                )
            if rng.random() < 0.05:  # "information was provided by Reuters"
                contributions.add(
                    update_id=update_pk,
                    published_at=when,
                    organization_id=rng.choice(agencies),
                    role="contributor",
                )
            events.add(update_pk, when, place)
            if (index + 1) % BATCH == 0:
                self.flush(*writers)
                self.progress(f"updates: {index + 1:,} of {total:,}")
        self.flush(*writers)

    def finish(self) -> None:
        models_written = [
            Place,
            PlaceAlias,
            Organization,
            Person,
            Alias,
            Story,
            Update,
            PersonMention,
            OrganizationMention,
            PlaceMention,
            Quote,
            Media,
            Credit,
            Contribution,
            Event,
            EventReport,
            EventActor,
            ReportedFigure,
        ]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), models_written
            ):
                cursor.execute(statement)
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")


class EventWriters:
    """Incidents, and the updates that report them, as the updates are written.

    From their own random source, so that adding events left the rest of a
    seed's archive as it was.
    """

    def __init__(self, generator: "Generator", uids: random.Random):
        self.generator = generator
        first = TableWriter(Event).next_id
        self.rng = random.Random(f"{generator.seed}:events:{first}")
        self.events = TableWriter(Event, uids)
        self.reports = TableWriter(EventReport, uids)
        self.actors = TableWriter(EventActor, uids)
        self.figures = TableWriter(ReportedFigure, uids)
        self.writers = (self.events, self.reports, self.actors, self.figures)
        self.current = None

    def skewed(self, items: list):
        return items[int(len(items) * self.rng.random() ** 3)]

    def add(self, update_pk: int, when: datetime.datetime, place: int) -> None:
        rng, generator = self.rng, self.generator
        if self.current is None or rng.random() < NEW_EVENT_RATE:
            started = when.date()
            pk = self.events.next_id
            self.current = self.events.add(
                slug=f"incident-{pk}",  # not a factory's event-N
                title=" ".join(rng.choice(WORDS) for _ in range(5)).capitalize(),
                kind=rng.choice(EVENT_KINDS),
                started_on=started,
                ended_on=started + datetime.timedelta(days=rng.choice((0, 1, 2)))
                if rng.random() < 0.3
                else None,
                place_id=place,
                location_precision="exact",
                status="published" if rng.random() < 0.9 else "draft",
            )
            for role in rng.sample(ACTOR_ROLES, rng.randint(1, 2)):
                self.actors.add(
                    event_id=self.current,
                    organization_id=self.skewed(generator.organizations),
                    role=role,
                )
        if rng.random() < REPORT_RATE:
            self.reports.add(event_id=self.current, update_id=update_pk)
            if rng.random() < 0.3:
                value = rng.randint(0, 40)
                self.figures.add(
                    event_id=self.current,
                    quantity=rng.choice(QUANTITIES),
                    value_low=value,
                    as_written=str(value),
                    person_id=self.skewed(generator.persons),
                    claimed_on=when.date(),
                    update_id=update_pk,
                )


def _set_triggers(state: str) -> None:
    with connection.cursor() as cursor:
        # Deferred foreign-key checks must run before a table is altered; then
        # they wait for the end again, as quotes precede their updates.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, trigger in PER_ROW_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} {state} TRIGGER {trigger}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _has_trigger(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [name])
        return cursor.fetchone() is not None


def generate_archive(*, updates: int, seed: int, progress=None) -> dict[str, int]:
    """Add `updates` synthetic updates, with their entities, to the archive."""
    return Generator(updates=updates, seed=seed, progress=progress).run()
