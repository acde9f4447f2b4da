"""Who said it, and where: speakers and channels as real copy gives them.

Each text is written here in the shape a real item had (wire copy, a live
blog's post, an agency feature); each test fails if its rule is taken out.
"""

import pytest

from importer.analysis import analyze
from importer.archive import ArchiveNames


def said(analysis):
    """(speaker, channel, first words) of every quote and statement."""
    return [
        (q.speaker.name if q.speaker else None, q.channel, " ".join(q.text.split()[:3]))
        for q in [*analysis.quotes, *analysis.statements]
    ]


def test_someone_with_a_unit_speaks_for_themselves_not_for_the_unit():
    text = (
        "Pokrovsk braces for an assault\n\n"
        "An aerial reconnaissance soldier with Ukraine’s 68th Separate Airborne "
        "Brigade told The Associated Press by phone that nothing changes.\n\n"
        "“Since the Kursk operation, I haven’t noticed any changes.”\n"
    )
    analysis = analyze(text)
    assert "68th Separate Airborne Brigade" in {
        e.name for e in analysis.of_kind("organization")
    }
    (quote,) = analysis.quotes
    assert quote.speaker is None


def test_a_posts_headline_quote_is_said_by_the_person_the_post_opens_with():
    text = (
        "Live updates: the war in Ukraine\n\n"
        "President Volodymyr Zelensky spoke to NATO today.\n\n"
        'Teen who escaped Mariupol: "You know that nowhere is safe"\n\n'
        "Yuliia Karpenko, 17, and her family lived through winter without heat.\n"
    )
    (quote,) = analyze(text).quotes
    assert quote.speaker.name == "Yuliia Karpenko"


def test_a_headline_naming_its_speaker_keeps_that_speaker():
    text = (
        "Live updates\n\n"
        "President Volodymyr Zelensky spoke to NATO today.\n\n"
        'Zelensky: "We will not give up our land"\n\n'
        "Yuliia Karpenko, 17, fled Mariupol with her family.\n"
    )
    (quote,) = analyze(text).quotes
    assert quote.speaker.name == "Volodymyr Zelensky"


def test_what_a_subject_called_for_after_but_is_their_statement():
    text = (
        "NATO summit\n\n"
        "Ukrainian President Zelensky stopped short of requesting a no-fly zone "
        "in an address to NATO today, but called for military assistance and "
        "better air defenses.\n"
    )
    assert said(analyze(text)) == [("Zelensky", "other", "military assistance and")]


@pytest.mark.usefixtures("small_gazetteer")
def test_telling_a_country_something_is_no_interview(db):
    text = (
        "G7 summit\n\n"
        "Russia attacked Kyiv overnight.\n\n"
        'G7 leaders pledged support "for as long as it takes" and told Russia '
        "it must allow free passage of food.\n\n"
        'Olena Petrenko said "we are tired of the sirens" and told Reuters she '
        "would stay.\n"
    )
    analysis = analyze(text, known=ArchiveNames())
    channels = {q.text[:10]: q.channel for q in analysis.quotes}
    assert channels == {"for as lon": "", "we are tir": "interview"}


def test_a_quotations_attribution_is_not_a_statement_of_its_own():
    text = (
        "A town waits\n\n"
        '"That\'s nothing special," 51-year-old shop owner Svitlana said '
        "dismissively as another barrage thundered into the town.\n\n"
        '"We thought we would be protected. I thought there would be a battle '
        'to defend Pokrovsk," she told AFP.\n'
    )
    analysis = analyze(text)
    assert analysis.statements == []
    # The channel is read where a quotation of several sentences is attributed.
    assert [(q.speaker.name, q.channel) for q in analysis.quotes] == [
        ("Svitlana", ""),
        ("Svitlana", "interview"),
    ]


@pytest.mark.usefixtures("small_gazetteer")
def test_a_body_named_generically_belongs_to_the_datelines_country(db):
    text = (
        "Ukraine attacked by drones\n\n"
        "KYIV (Reuters) - Russia launched drones at Ukraine overnight, officials "
        "said on Wednesday.\n\n"
        "Air defences shot down 68 of 136 drones, the air force said in its "
        "readout.\n"
    )
    analysis = analyze(text, known=ArchiveNames())
    assert said(analysis) == [
        ("Air Force of Ukraine", "statement", "Air defences shot")
    ]


@pytest.mark.usefixtures("small_gazetteer")
def test_without_a_dateline_a_generic_body_stays_unnamed(db):
    text = (
        "Drones attack\n\n"
        "Russia launched drones at Ukraine overnight.\n\n"
        "Air defences shot down 68 of 136 drones, the air force said in its "
        "readout.\n"
    )
    analysis = analyze(text, known=ArchiveNames())
    assert "Air Force of Ukraine" not in {
        e.name for e in analysis.of_kind("organization")
    }


def test_a_source_line_gives_the_quote_under_it_its_speaker_and_channel():
    text = (
        "Zelensky in Odesa\n\n"
        "President Volodymyr Zelensky visited Odesa on Wednesday.\n\n"
        "Source: Zelensky on Telegram\n\n"
        'Quote: "A working trip to Odesa Oblast. I held a meeting with the '
        'military command."\n'
    )
    (quote,) = analyze(text).quotes
    assert (quote.speaker.name, quote.channel) == ("Volodymyr Zelensky", "telegram")


def test_a_tweet_is_social_media():
    text = (
        "Intelligence update\n\n"
        "In an intelligence update, the Ministry of Defence tweeted: “Russian "
        "shelling continues around Chernihiv.”\n"
    )
    (quote,) = analyze(text).quotes
    assert quote.channel == "social_media"


def test_the_29_year_old_is_the_person_just_named_and_each_attributed_quote_apart():
    text = (
        "Lyman\n\n"
        "Ukraine soldier Volodymyr relishes a few moments of calm.\n\n"
        "“We never know how long we’ll get,” the 29-year-old, who declined to give "
        "his last name, told AFP. “We get called on the radio and then have one "
        "hour to get packing,” he said.\n"
    )
    quotes = analyze(text).quotes
    assert [(q.speaker.name, q.text[:12]) for q in quotes] == [
        ("Volodymyr", "We never kno"),
        ("Volodymyr", "We get calle"),
    ]


def test_he_is_never_a_group():
    text = (
        "Pokrovsk\n\n"
        "The Defense Forces have achieved successes near Pokrovsk, the army said.\n\n"
        '"We are countering the attempts of Russian forces," he wrote.\n'
    )
    (quote,) = analyze(text).quotes
    assert quote.speaker is None


def test_a_speaker_with_a_name_in_apposition_or_before_a_participle_is_named():
    text = (
        "Beryslav\n\n"
        "Foreign volunteers were killed in a strike on Beryslav, the governor of "
        "the Kherson region, Oleksandr Prokudin, wrote on Telegram.\n\n"
        "Sir Jeremy Fleming, speaking during a visit to Australia said that Russia "
        "had massively misjudged the situation.\n"
    )
    assert said(analyze(text)) == [
        ("Oleksandr Prokudin", "telegram", "Foreign volunteers were"),
        ("Jeremy Fleming", "", "Russia had massively"),
    ]


def test_a_tweet_is_one_post_not_where_its_author_always_speaks():
    text = (
        "IAEA chief heads to the plant\n\n"
        "Rafael Grossi said he would travel “to see for myself how the situation "
        "has evolved”.\n\n"
        "Grossi tweeted on Monday: “On my way to the plant to assess the "
        "situation.”\n"
    )
    channels = [(q.text[:9], q.channel) for q in analyze(text).quotes]
    assert channels == [("to see fo", ""), ("On my way", "social_media")]


def test_reported_speech_after_a_time_an_office_or_a_quotation():
    text = (
        "Drone strike on a depot\n\n"
        "A drone struck an oil depot in the Rostov region overnight, governor "
        "Vasily Golubev said on Telegram.\n\n"
        '"A fire broke out at the depot," Golubev wrote, adding that there were '
        "no casualties among the workers.\n\n"
        "The fire covered about 200 square metres, according to the official.\n\n"
        "Earlier in the day he said that two drones had been shot down.\n\n"
        "Additionally, the roads near the depot were closed, Golubev said.\n"
    )
    found = said(analyze(text))
    assert ("Vasily Golubev", "telegram", "there were no") in found
    assert ("Vasily Golubev", "telegram", "The fire covered") in found
    assert ("Vasily Golubev", "telegram", "two drones had") in found
    # The writer's connective is not the speaker's words.
    assert ("Vasily Golubev", "telegram", "the roads near") in found


def test_a_quotation_said_by_a_body_named_after_the():
    text = (
        "Strikes go on\n\n"
        '"Air, rocket and artillery forces are carrying out massive strikes," '
        "said the Russian defence ministry.\n"
    )
    (quote,) = analyze(text).quotes
    assert quote.speaker.name == "Ministry of Defence of the Russian Federation"


def test_a_titles_quotation_marks_give_no_quote():
    text = (
        "Shelling in the east\n\n"
        "This article titled “Homes in Kyiv struck by shelling – live” was written "
        "by Ivan Koval, for example.com on Wednesday 16th March 2022 08.32 UTC\n\n"
        "Shelling hit Kyiv overnight, Vitali Klitschko said.\n"
    )
    assert analyze(text).quotes == []


def test_a_quotation_after_a_colon_is_no_statement_and_a_dateline_no_words():
    text = (
        "Energy facilities hit\n\n"
        "KIEV, June 20 (Xinhua) -- Energy facilities in four regions were damaged "
        "overnight, Ukrenergo said.\n\n"
        "Vitali Klitschko wrote on social media: “Explosions in the Dniprovskyi "
        "district, all services are on their way.”\n"
    )
    found = said(analyze(text))
    assert ("Ukrenergo", "", "Energy facilities in") in found
    # The quotation is a quote (importer.quotes), not also a statement.
    assert [words for _, _, words in found if "social" in words] == []


def test_has_said_and_a_source_named_after_its_description():
    text = (
        "Strikes across the border\n\n"
        "A drone attack has set an oil tank on fire at an airfield, the "
        "region’s governor, Roman Starovoyt, has said.\n\n"
        "Shelling killed at least six civilians in the city on Tuesday, according "
        "to the Russian-installed head of the city, Alexei Kulemzin.\n"
    )
    found = said(analyze(text))
    assert ("Roman Starovoyt", "", "A drone attack") in found
    assert ("Alexei Kulemzin", "", "Shelling killed at") in found


def test_they_say_after_their_quotation_is_the_group_quoted():
    text = (
        "G7 summit\n\n"
        "G7 leaders, meeting in Germany, have described the missile strike as "
        '"abominable".\n\n'
        "They say indiscriminate attacks on innocent civilians constitute a war "
        "crime.\n"
    )
    found = said(analyze(text))
    assert ("Group of Seven", "", "indiscriminate attacks on") in found
