"""The rules on small texts, without the archive: each line of behaviour the
answer keys rely on, shown on its own."""

import datetime
from pathlib import Path

import pytest

from importer.analysis import analyze
from importer.credits import credit_roles

TEXT = (Path(__file__).parent / "rules-article.txt").read_text(encoding="utf-8")


def by_text(analysis, start):
    return next(q for q in analysis.quotes if q.text.startswith(start))


def test_boilerplate_title_and_date():
    analysis = analyze(TEXT)
    assert analysis.title == "Ukraine Live: Day 500"
    assert analysis.removed == ["the repeated title line", "Share this article"]
    assert "Share this article" not in analysis.body
    assert analysis.published_on == datetime.date(2024, 3, 3)
    assert "March 3, 2024" in analysis.date_reason


def test_names_aliases_and_quotes():
    analysis = analyze(TEXT)
    persons = {e.name: e for e in analysis.of_kind("person")}
    assert "Kovalenko" in persons["Oleksandr Kovalenko"].aliases
    assert "Mr. Kovalenko" in persons["Oleksandr Kovalenko"].aliases
    assert "Yuriy the Watcher" in persons["Yuriy Ihnat"].aliases
    # A quote left open at a paragraph's end goes on in the next paragraph.
    continued = by_text(analysis, "The enemy has lost the initiative")
    assert "before the summer" in continued.text
    assert continued.speaker.name == "Oleksandr Kovalenko"
    assert by_text(analysis, "Nobody slept").speaker is None
    assert by_text(analysis, "Nobody slept").description == "one woman"
    assert by_text(analysis, "Nobody slept").channel == "video"
    assert len(analysis.quotes) == 2


def test_credit_line_contributors_and_defects():
    analysis = analyze(TEXT)
    (media,) = analysis.media
    assert media.caption == "Smoke over the city on Sunday."
    assert [(c.party.name, c.party.kind, c.role) for c in media.credits] == [
        ("Anna Petrova", "person", "photographer"),
        ("Reuters", "organization", "agency"),
        ("Getty Images", "organization", "distributor"),
    ]
    assert [(c.party.name, c.role) for c in analysis.contributions] == [
        ("Maria Ivanova", "contributor"),
        ("Petro Sydorenko", "contributor"),
    ]
    defects = {d.original: d.corrected for d in analysis.defects}
    assert defects["strikes would go on ."] == "strikes would go on."
    assert defects["Ms. Kovalenko"] == "Mr. Kovalenko"  # "he said" of him
    assert (
        defects["Maria Ivanova and Petro Sydorenko contributed report."]
        == "Maria Ivanova and Petro Sydorenko contributed reporting."
    )


@pytest.mark.parametrize(
    "lines, expected",
    [
        # A live blog's post stamp with its writer.
        (["14:05 , Olena Marchenko"], [("Olena Marchenko", "person", "author")]),
        # A byline run into the page's date.
        (
            ["Taras HoncharThursday, 1 June 2023, 09:12"],
            [("Taras Honchar", "person", "author")],
        ),
        # A syndication line naming the writers, with asides.
        (
            [
                "This article titled “Drones over the border” was written by "
                "Ivan Koval (now) and Maria Lys (earlier), for example.com on "
                "Friday 2nd June 2023 10.00 UTC"
            ],
            [("Ivan Koval", "person", "author"), ("Maria Lys", "person", "author")],
        ),
        # Organizations that provided information.
        (
            ["Some information for this story was provided by Reuters."],
            [("Reuters", "organization", "contributor")],
        ),
        (
            ["The Associated Press contributed to this report."],
            [("The Associated Press", "organization", "contributor")],
        ),
    ],
)
def test_who_wrote_or_helped_is_read_from_the_pages_lines(lines, expected):
    text = "\n\n".join(
        [
            "Drones over the border",
            *lines[:1],
            "Drones struck a depot near the border on Wednesday, officials said.",
            *lines[1:],
        ]
    )
    analysis = analyze(text)
    found = [(c.party.name, c.party.kind, c.role) for c in analysis.contributions]
    assert found == expected


@pytest.mark.parametrize(
    ("line", "roles"),
    [
        (
            "Lynsey Addario for The New York Times",
            [("Lynsey Addario", "originator"), ("The New York Times", "agency")],
        ),
        (
            "Ministry of Defense of Russia/EPA, via Shutterstock",
            [
                ("Ministry of Defense of Russia", "originator"),
                ("EPA", "agency"),
                ("Shutterstock", "distributor"),
            ],
        ),
        (
            "Libkos/Getty Images via AP",
            [
                ("Libkos", "originator"),
                ("Getty Images", "agency"),
                ("AP", "distributor"),
            ],
        ),
        ("Reuters", [("Reuters", "agency")]),
        # A picture library's credit: "Photo by", its item number, then its own
        # caption, none of them a party.
        (
            "Photo by Jane Roe/EPA-EFE/Shutterstock (12345678a) A handout photo "
            "made available by the ministry shows a soldier",
            [
                ("Jane Roe", "originator"),
                ("EPA-EFE", "agency"),
                ("Shutterstock", "distributor"),
            ],
        ),
        # A wire's photographer, the wire first.
        (
            "REUTERS/Viacheslav Ratynskyi",
            [("Viacheslav Ratynskyi", "photographer"), ("REUTERS", "agency")],
        ),
    ],
)
def test_credit_lines_split_into_parties_and_roles(line, roles):
    assert credit_roles(line) == roles


def test_one_photo_captioned_twice_is_one_media_item():
    """A copied page gives a photo's caption twice, the second shorter and
    credited another way: one photo, one set of credits."""
    text = (
        "Bombing in the capital, officials say\n\n"
        "People clear their destroyed buildings after a bombing in the Kyiv "
        "suburbs, Ukraine, Sunday, March 20, 2022. (AP Photo/Rodrigo Abd)\n\n"
        "People clear their destroyed buildings after a bombing in the Kyiv "
        "suburbs [File: Rodrigo Abd/AP]\n\n"
        "The mayor said three people were hurt.\n"
    )
    (media,) = analyze(text).media
    assert [(c.as_written, c.role) for c in media.credits] == [
        ("Rodrigo Abd", "photographer"),
        ("AP", "agency"),
    ]


def test_a_quote_of_several_sentences_is_attributed_after_its_last():
    text = (
        "Shelling in the east, residents say\n\n"
        '"There was a bang. My child was frightened," said one local resident '
        "who only gave her name as Irina.\n"
    )
    (quote,) = analyze(text).quotes
    assert quote.text.startswith("There was a bang.")
    assert quote.speaker.name == "Irina"


def test_an_address_to_the_nation_is_its_speakers_words():
    text = (
        "President addresses the nation\n\n"
        "President Volodymyr Zelensky has addressed the people of Ukraine on "
        "Independence Day. “Over these months, we have changed history.”\n\n"
        "“Some are on the road, in cars or on trains.”\n"
    )
    quotes = analyze(text).quotes
    assert [(q.speaker.name, q.channel) for q in quotes] == [
        ("Volodymyr Zelensky", "other"),
        ("Volodymyr Zelensky", "other"),
    ]


def test_phrases_quoted_in_one_sentence_are_separate_quotes():
    text = (
        "Kremlin blames the West, spokesman says\n\n"
        "Dmitry Peskov said the West has made “many mistakes” and “deceived "
        "Russia,” which led to the war. “We will not give in,” he said.\n"
    )
    quotes = analyze(text).quotes
    assert [q.speaker.name for q in quotes] == ["Dmitry Peskov"] * 2
    assert quotes[0].text == "many mistakes"
    assert quotes[1].text.startswith("deceived Russia")
    # A whole sentence quoted after joins the speaker's quote before it.
    assert quotes[1].text.endswith("We will not give in")


def test_an_attribution_closing_the_sentence_names_the_speaker():
    text = (
        "Fire at a depot, officials say\n\n"
        "Almost 50 firefighters put out a “large-scale fire” at the depot, the "
        "regional governor Ivan Petrov wrote on the Telegram messaging app.\n"
    )
    (quote,) = analyze(text).quotes
    assert (quote.text, quote.speaker.name, quote.channel) == (
        "large-scale fire",
        "Ivan Petrov",
        "telegram",
    )


def test_a_photo_caption_gives_no_speaker_a_usual_channel():
    text = (
        "Village shelled, governor says\n\n"
        "Governor Oleh Syniehubov in an interview with Ukrinform, Dec. 13, 2023. "
        "(Future Publishing via Getty Images)\n\n"
        "Russia hit the village of Novoosynove at dawn, Syniehubov said on "
        "Telegram.\n\n"
        "Two houses burned down in the attack, Syniehubov said.\n"
    )
    statements = analyze(text).statements
    assert [(s.speaker.name, s.channel) for s in statements] == [
        ("Oleh Syniehubov", "telegram"),
        ("Oleh Syniehubov", "telegram"),
    ]


def test_a_word_is_a_quote_only_as_what_someone_called_a_thing():
    text = (
        "Leaders condemn the strike, statement says\n\n"
        "Olaf Scholz has described the missile strike as “abominable” in Berlin.\n\n"
        "Ivan Fomin said the response showed “shock” in Moscow.\n\n"
        "Mykola Bielieskov thanked the artillery brigade “Zaporizka Sich” for its "
        "work. “They held the line for us,” Bielieskov said.\n"
    )
    quotes = analyze(text).quotes
    assert [(q.text, q.speaker.name) for q in quotes] == [
        ("abominable", "Olaf Scholz"),
        # “shock” is a word the writer marks; “Zaporizka Sich” is a name.
        ("They held the line for us", "Mykola Bielieskov"),
    ]


def test_military_units_and_districts_are_organizations_by_their_names():
    text = (
        "Tanks move west\n\n"
        "The 1st Guards Tank Army, of the Western Military District, will return "
        "to its bases, officials said.\n\n"
        "The Svoboda Battalion of the Ukrainian National Guard held the line, its "
        "commander said.\n"
    )
    names = {e.name for e in analyze(text).of_kind("organization")}
    assert {
        "1st Guards Tank Army",
        "Western Military District",
        "Svoboda Battalion",
    } <= names
    # What runs on past a unit's name is another body's, not a name of its own.
    assert not any(name.startswith("of ") for name in names)


def test_a_syndicated_copy_is_dated_by_its_syndication_line():
    text = (
        "Shelling in the east\n\n"
        "This article titled “Homes in Kyiv struck by shelling – live” was written "
        "by Ivan Koval, for example.com on Wednesday 16th March 2022 08.32 UTC\n\n"
        "Shelling hit Kyiv overnight, Vitali Klitschko said. The shelling of "
        "February 24, 2022 was worse.\n"
    )
    analysis = analyze(text)
    assert analysis.published_on == datetime.date(2022, 3, 16)
    assert analysis.date_reason.startswith("the syndication line")


def test_a_credit_line_alone_is_a_photo_without_a_caption():
    text = (
        "Child killed by shelling in Donetsk\n\n"
        "Image: REUTERS/Viacheslav Ratynskyi\n\n"
        "A child was killed in Donetsk, Denis Pushilin said on Wednesday.\n"
    )
    analysis = analyze(text)
    (media,) = analysis.media
    assert media.caption == ""
    assert [(c.party.name, c.party.kind, c.role) for c in media.credits] == [
        ("Viacheslav Ratynskyi", "person", "photographer"),
        ("Reuters", "organization", "agency"),
    ]


@pytest.mark.parametrize(
    "sentence, cue",
    [
        (
            "Reuters could not independently verify the report.",
            "could not independently verify",
        ),
        (
            "The claim could not immediately be confirmed.",
            "could not immediately be confirmed",
        ),
        ("A video purporting to show the strike spread.", "purporting to show"),
        (
            "It was not immediately clear if it related to the latest attack.",
            "was not immediately clear if",
        ),
    ],
)
def test_a_claim_left_open_is_proposed_as_a_verification_note(sentence, cue):
    text = f"Strikes overnight\n\nTwo drones hit targets in the region. {sentence}\n"
    (note,) = analyze(text).verification
    assert note.cue == cue
    assert note.sentence == sentence


def test_an_open_question_of_fact_is_no_verification_note():
    text = "Strikes overnight\n\nIt was unclear if there were casualties.\n"
    assert analyze(text).verification == []


@pytest.mark.parametrize(
    "line",
    [
        "Published - September 15, 2024 02:57 am IST",
        "Published November 15, 2022last updated November 15, 2022",
        "Published: MAY 30, 2022 17:07",
    ],
)
def test_a_pages_date_line_in_the_forms_sites_print_it(line):
    text = (
        f"Strikes overnight\n\n{line}\n\nRussian shelling killed seven people "
        "on Saturday, officials said.\n"
    )
    analysis = analyze(text)
    assert analysis.date_reason.startswith("the page's date line")
    assert analysis.published_on.day in (15, 30)


def test_a_date_recalled_below_the_lead_or_a_tweets_date_is_not_the_storys():
    text = (
        "Shelling in Donetsk region\n\n"
        "Two civilians have been injured over the past day.\n\n"
        "In particular, Russians injured two civilians in Shcherbynivka.\n\n"
        "A reminder that on May 7, 2023, Russian troops launched 16 missile "
        "strikes.\n"
    )
    assert analyze(text).published_on is None
    tweet = (
        "Truss on sanctions\n\n"
        "— Liz Truss (@trussliz) February 21, 2022\n\n"
        "The Foreign Secretary said sanctions would follow.\n"
    )
    assert analyze(tweet).published_on is None


def test_a_date_line_ending_in_the_dateline_city_stays_text():
    text = (
        "Seven killed in shelling\n\n"
        "Published - September 15, 2024 02:57 am IST - KYIV\n\n"
        "Russian shelling killed seven people on Saturday, officials said.\n"
    )
    analysis = analyze(text)
    assert analysis.published_on == datetime.date(2024, 9, 15)
    assert "KYIV" in analysis.body


def test_a_picture_posted_on_a_platform_is_its_takers_without_his_office():
    assert credit_roles("Governor Ivan Fedorov/Telegram") == [
        ("Ivan Fedorov", "originator")
    ]
    assert credit_roles("REUTERS/Viacheslav Ratynskyi") == [
        ("Viacheslav Ratynskyi", "photographer"),
        ("REUTERS", "agency"),
    ]


@pytest.mark.parametrize(
    "paragraph, words",
    [
        (
            "'Talks have never stopped missiles. What's needed is resolve,' he said.",
            ["Talks have never stopped missiles. What's needed is resolve"],
        ),
        (
            "General Surovikin said ‘a difficult situation has emerged’ in Kherson.",
            ["a difficult situation has emerged"],
        ),
        ("The soldiers' families said it was Russia's fault.", []),
        ("Russia’s army and Ukraine’s said nothing.", []),
    ],
)
def test_single_quotation_marks_quote_and_apostrophes_do_not(paragraph, words):
    from importer.text import quoted

    assert [w for _, _, w, _ in quoted(paragraph)] == words
