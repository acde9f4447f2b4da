"""One factory per curated model, for tests that run over every admin."""

from items import models as items
from people import models as people
from places import models as places

from .items import factories as item_factories
from .people import factories as people_factories
from .places import factories as place_factories

FACTORIES = {
    places.Place: place_factories.PlaceFactory,
    places.PlaceAlias: place_factories.PlaceAliasFactory,
    people.Person: people_factories.PersonFactory,
    people.Organization: people_factories.OrganizationFactory,
    people.Alias: people_factories.AliasFactory,
    people.Affiliation: people_factories.AffiliationFactory,
    items.Story: item_factories.StoryFactory,
    items.Update: item_factories.UpdateFactory,
    items.PersonMention: item_factories.PersonMentionFactory,
    items.OrganizationMention: item_factories.OrganizationMentionFactory,
    items.PlaceMention: item_factories.PlaceMentionFactory,
    items.Quote: item_factories.QuoteFactory,
    items.Media: item_factories.MediaFactory,
    items.Credit: item_factories.CreditFactory,
    items.Contribution: item_factories.ContributionFactory,
    items.VerificationNote: item_factories.VerificationNoteFactory,
    items.Correction: item_factories.CorrectionFactory,
    items.Event: item_factories.EventFactory,
}


def make_rows(model, count):
    if model is places.Place:
        # Deep rows, so that the full-path column has ancestors to load.
        parent = place_factories.PlaceFactory(kind=places.Place.Kind.COUNTRY)
        for _ in range(count):
            parent = place_factories.PlaceFactory(parent=parent)
        return
    FACTORIES[model].create_batch(count)
