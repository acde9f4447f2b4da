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


def test_a_document_speaks_for_its_issuer_and_a_speaker_goes_on(db):
    text = (
        "Battles in the east\n\n"
        "MOSCOW (Sputnik) - Russian forces took the village of Zhelannoye, the "
        "Russian Ministry of Defense said on Wednesday.\n\n"
        "Battlegroup Tsentr repelled six counterattacks, the statement read, "
        "adding that Battlegroup Zapad eliminated up to 470 Ukrainian troops.\n\n"
        "Two drones hit unidentified targets, according to the report on the "
        "attack, which took place hours before President Volodymyr Zelenskiy "
        "unveiled his plan.\n\n"
        'Almost 50 firefighters put out a "large-scale fire" in the Ternopil '
        "region, the ministry wrote on the Telegram messaging app.\n"
    )
    found = said(analyze(text, known=ArchiveNames()))
    ministry = "Ministry of Defence of the Russian Federation"
    assert (ministry, "statement", "Battlegroup Tsentr repelled") in found
    assert (ministry, "statement", "Battlegroup Zapad eliminated") in found
    # The report's, not the person named in what runs on after it.
    assert (ministry, "", "Two drones hit") in found
    # A phrase in quotation marks leaves the sentence reported speech.
    assert (ministry, "telegram", "Almost 50 firefighters") in found


def test_a_speaker_who_goes_on_in_the_same_sentence_says_both():
    text = (
        "Peskov on the West\n\n"
        "Kremlin spokesman Dmitry Peskov told the channel that his country is "
        "too strong to give up, and said the Kremlin would not talk to Western "
        "media.\n\n"
        "Natalya Kasyanenko, a resident, said her family's apartment had got off "
        "lightly but that other people faced a tragedy.\n\n"
        "Referring to the warrant, Peskov said, “It's difficult to imagine that "
        "anyone would consider it.”\n"
    )
    found = said(analyze(text))
    assert ("Dmitry Peskov", "", "his country is") in found
    assert ("Dmitry Peskov", "", "the Kremlin would") in found
    # "but that": the clause began after "said".
    assert ("Natalya Kasyanenko", "", "her family's apartment") in found
    # A quotation's own "that" starts no statement.
    assert not [w for _, _, w in found if w.startswith("anyone")]


def test_this_was_reported_by_makes_the_sentences_before_the_speakers(db):
    text = (
        "Front line\n\n"
        "Fighting continues near Vovchansk. The enemy made seven attempts to "
        "assault near Synkivka. This was reported by UNN with reference to the "
        "General Staff of the Armed Forces of Ukraine.\n\n"
        "Two civilians have been injured in shelling of the Donetsk region.\n\n"
        "The relevant statement was made by Donetsk Regional Military "
        "Administration Head Pavlo Kyrylenko on Telegram, an Ukrinform "
        "correspondent reports.\n\n"
        "In one day, Russian troops destroyed two tanks near Vuhledar. The "
        "Russian Ministry of Defense reported this, clarifying that the losses "
        "were suffered near Ugledar.\n\n"
        "A reminder that, according to the General Staff, Russian troops "
        "launched 16 missile strikes on May 7.\n"
    )
    found = said(analyze(text, known=ArchiveNames()))
    staff = "General Staff of the Armed Forces of Ukraine"
    assert (staff, "", "Fighting continues near") in found
    assert (staff, "", "The enemy made") in found
    assert ("Pavlo Kyrylenko", "telegram", "Two civilians have") in found
    ministry = "Ministry of Defence of the Russian Federation"
    assert (ministry, "", "In one day,") in found
    assert (ministry, "", "the losses were") in found
    assert (staff, "", "Russian troops launched") in found


def test_a_long_name_speaks_as_its_head_and_its_post_as_its_author(db):
    text = (
        "Battle near Urozhaine\n\n"
        "In a recent battle near Urozhaine, Ukraine's forces destroyed a group of "
        "armored vehicles.\n\n"
        "The State Special Transport Service of the Ministry of Defense of "
        "Ukraine announced this on Facebook.\n\n"
        '"The soldiers of the brigade destroyed an armored group," the post '
        "reads.\n\n"
        "According to the report, the village is in the Volnovakha district.\n\n"
        '"The enemy attack was expected," the State Special Transport Service '
        "said.\n"
    )
    found = said(analyze(text, known=ArchiveNames()))
    service = "State Special Transport Service"
    assert (service, "social_media", "In a recent") in found
    assert (service, "", "The soldiers of") in found
    assert (service, "", "the village is") in found


def test_he_is_who_spoke_last_as_the_text_goes_and_mps_hear_a_speech():
    text = (
        "Missile near a British plane\n\n"
        "The UK raised objections with Russian defence chiefs, Ben Wallace told "
        "MPs.\n\n"
        "He said it happened in international airspace three weeks ago.\n\n"
        "It comes after General Sergei Surovikin told Russian media that a "
        "difficult situation has emerged.\n"
    )
    found = said(analyze(text))
    assert ("Ben Wallace", "other", "it happened in") in found


def test_who_said_later_said_believes_and_a_statement_before_the_speaker(db):
    text = (
        "KYIV (Reuters) - Strikes on the capital\n\n"
        "Ukraine's military said its forces repelled attacks near Toretsk.\n\n"
        "In a statement, the military said Russian forces attacked positions "
        "near Niu-York.\n\n"
        "Zelenskyy met U.N. Secretary-General António Guterres, who said Ukraine "
        "has become a place of unbearable pain.\n\n"
        "Moscow has not given up on Kyiv, Ukrainian military believes.\n\n"
        "An oil depot caught fire, governor Vasily Golubev said.\n\n"
        "He later said the fire had been put out.\n\n"
        "The strike was reported by Oleksandr Starukh, who posted photographs "
        "on Telegram in the early hours.\n"
    )
    found = said(analyze(text, known=ArchiveNames()))
    forces = "Armed Forces of Ukraine"
    assert (forces, "statement", "Russian forces attacked") in found
    assert ("António Guterres", "", "Ukraine has become") in found
    assert (forces, "", "Moscow has not") in found
    assert ("Vasily Golubev", "", "the fire had") in found
    # Who posted photographs did something, and said nothing.
    assert not [w for _, _, w in found if w.startswith("photographs")]


@pytest.mark.parametrize(
    "sentence, body",
    [
        (
            "Ukrainian emergency services said 10 people were wounded.",
            "State Emergency Service of Ukraine",
        ),
        (
            "Ukraine's national police said two men were killed.",
            "National Police of Ukraine",
        ),
        (
            "Ukrainian border guards said the crossing was shelled.",
            "State Border Guard Service of Ukraine",
        ),
        ("The UN's refugee agency says 6 million people have left.", "UNHCR"),
        (
            "British intelligence said Russian advances had stalled.",
            "Defence Intelligence (United Kingdom)",
        ),
        ("Xinhua reported that two power plants were hit.", "Xinhua News Agency"),
    ],
)
def test_the_wars_institutions_by_their_usual_lowercase_names(db, sentence, body):
    text = f"Strikes overnight\n\n{sentence}\n"
    analysis = analyze(text, known=ArchiveNames())
    assert body in {e.name for e in analysis.of_kind("organization")}
    assert [s.speaker.name for s in analysis.statements] == [body]


def test_a_tv_interviewer_is_television():
    text = (
        "Talks\n\n"
        "Ukraine's President Zelenskyy told an Italian TV interviewer on Thursday "
        'that he was ready to talk, and said that "we must find an agreement".\n'
    )
    analysis = analyze(text)
    # What follows "and said" is a quotation (importer.quotes), no statement.
    assert [(s.channel, s.text) for s in analysis.statements] == [
        ("television", "he was ready to talk")
    ]


def test_a_term_a_marked_phrase_and_someone_described_are_nobodys_quote(db):
    text = (
        "Shelling in Donetsk\n\n"
        "Shelling killed two people, Denis Pushilin said on Telegram.\n\n"
        'Russia launched an invasion that it calls a "special military '
        'operation".\n\n'
        "Soldiers pass around canned food or vodka “to relax and destress”.\n\n"
        "A senior Ukrainian official said it was an “open question” whether a "
        "corridor would open.\n\n"
        "According to British intelligence, the offensive has left the tank "
        'division "severely degraded".\n'
    )
    quotes = {
        q.text: (q.speaker.name if q.speaker else None, q.description)
        for q in analyze(text, known=ArchiveNames()).quotes
    }
    assert quotes["special military operation"] == (None, "")
    assert quotes["to relax and destress"] == (None, "")
    assert quotes["open question"] == (None, "A senior Ukrainian official")
    assert quotes["severely degraded"] == ("Defence Intelligence (United Kingdom)", "")


def test_a_speaker_in_apposition_before_the_verb_and_a_summary_is_a_statement(db):
    text = (
        "Front line\n\n"
        "It comes after the recently appointed commander of Russian forces in "
        "Ukraine, General Sergei Surovikin, told Russian media that the "
        "situation in the Kherson area was difficult.\n\n"
        "In a summary as of 4 p.m., Ukraine’s General Staff reported that the "
        "situation at the front remains tense.\n"
    )
    found = said(analyze(text, known=ArchiveNames()))
    assert ("Sergei Surovikin", "interview", "the situation in") in found
    staff = "General Staff of the Armed Forces of Ukraine"
    assert (staff, "statement", "the situation at") in found


def test_an_offices_title_is_no_organization_and_outlets_keep_their_names(db):
    text = (
        "Zelenskyy in Odesa\n\n"
        "Zelenskyy introduced Oleh Kiper, the new Head of the Odesa Oblast "
        "Military Administration, on Wednesday.\n\n"
        "The Guardian and the Kyiv Independent reported the visit, and Meduza "
        "said the Kremlin did not comment.\n"
    )
    organizations = {
        e.name for e in analyze(text, known=ArchiveNames()).of_kind("organization")
    }
    assert "Odesa Oblast Military Administration" in organizations
    assert not [name for name in organizations if name.startswith("Head of")]
    assert {"The Guardian", "Kyiv Independent", "Meduza"} <= organizations


def test_a_stray_comma_according_to_him_he_continued_and_a_relative_that(db):
    text = (
        "Strikes in the south\n\n"
        "Shelling killed a sixth person in the region, governor Oleksandr "
        "Prokudin, said.\n\n"
        "According to him, the Russian army dropped two guided bombs.\n\n"
        "Three other foreigners were slightly injured, he continued, without "
        "giving details.\n\n"
        "The Russian Defence Ministry said a drone was downed. It said it hit a "
        "fuel depot and a plant that was used for repairs.\n\n"
        "France's foreign ministry said it was checking the report.\n"
    )
    found = said(analyze(text, known=ArchiveNames()))
    assert ("Oleksandr Prokudin", "", "Shelling killed a") in found
    assert ("Oleksandr Prokudin", "", "the Russian army") in found
    assert ("Oleksandr Prokudin", "", "Three other foreigners") in found
    ministry = "Ministry of Defence of the Russian Federation"
    assert (ministry, "", "it hit a") in found
    france = "Ministry for Europe and Foreign Affairs (France)"
    assert (france, "", "it was checking") in found
    # "France's foreign ministry" names France too: the body's name is what
    # follows it.
    (body,) = [
        e
        for e in analyze(text, known=ArchiveNames()).of_kind("organization")
        if e.name == france
    ]
    assert body.forms == ["foreign ministry"]


def test_called_on_a_partial_quotation_and_reports_from_the_governor():
    text = (
        "Strikes and appeals\n\n"
        "Foreign Minister Dmytro Kuleba called on foreign states to respond "
        "decisively.\n\n"
        "Ukraine's armed forces are launching counteroffensives “in several "
        "operational areas,” presidential adviser Mykhailo Podolyak wrote on "
        "Twitter.\n\n"
        "Drones hit the region overnight, governor Vyacheslav Gladkov said.\n\n"
        "The ministry reported new strikes. Five settlements were bombed by "
        "drones, according to reports from the governor.\n"
    )
    found = said(analyze(text))
    assert ("Dmytro Kuleba", "", "foreign states to") in found
    assert ("Mykhailo Podolyak", "social_media", "Ukraine's armed forces") in found
    assert ("Vyacheslav Gladkov", "", "Five settlements were") in found


def test_a_quotes_speaker_goes_on_and_the_military_is_an_army_first(
    small_gazetteer, db
):
    text = (
        "Odesa port hit\n\n"
        "Kyiv — An overnight Russian air strike hit the port of Odesa, Ukrainian "
        "officials said on Monday.\n\n"
        "“Preliminary, one person was killed”, Vitali Klitschko said on "
        "Telegram, adding that at least three others had been wounded.\n\n"
        "Oleh Kiper, the Odesa region governor, said the facilities that were "
        "hit had almost 1,000 tonnes of grain in storage.\n\n"
        "Meanwhile, Russia’s defence ministry reported Ukrainian attacks "
        "overnight.\n\n"
        "“The seaport in Odesa suffered significant damage,” Ukraine’s southern "
        "military command said on the Telegram messaging app, also reporting a "
        "fire in a hotel that is not in use.\n\n"
        "Ukrainian air defences destroyed 19 drones overnight, the military "
        "said.\n"
    )
    found = said(analyze(text, known=ArchiveNames()))
    assert ("Vitali Klitschko", "telegram", "at least three") in found
    assert ("Oleh Kiper", "", "the facilities that") in found
    command = "Operational Command South"
    assert (command, "telegram", "The seaport in") in found
    assert (command, "telegram", "a fire in") in found
    # Filed from Kyiv, and an army before a ministry: Ukraine's armed forces.
    assert ("Armed Forces of Ukraine", "", "Ukrainian air defences") in found


def test_low_high_quotation_marks_and_a_spokesman_named_by_his_principal():
    text = (
        "Nightly address\n\n"
        "Ukrainian President Volodymyr Zelenskyy held his nightly address to "
        "the Ukrainian people.\n\n"
        "As he stated, „strategically, Russia has no chance of winning this "
        "war“.\n\n"
        "„Now it is necessary to endure. We must hold on in the south.\n\n"
        "I believe that we will do all this“, said Zelenskyy.\n\n"
        "The Kremlin has branded the drone attacks as “acts of desperation”.\n\n"
        "Dmitry Peskov, the spokesman of the Russian President, spoke on "
        "Monday.\n\n"
        "“It is obvious that security measures have been reinforced,” Vladimir "
        "Putin’s spokesman said.\n"
    )
    analysis = analyze(text)
    quotes = {
        q.text[:20]: (q.speaker.name if q.speaker else None, q.channel)
        for q in analysis.quotes
    }
    assert quotes["strategically, Russi"] == ("Volodymyr Zelenskyy", "other")
    assert quotes["Now it is necessary "] == ("Volodymyr Zelenskyy", "other")
    assert not [t for t in quotes if t.startswith(("said", ","))]
    assert quotes["acts of desperation"][0] == "Kremlin"
    assert quotes["It is obvious that s"][0] == "Dmitry Peskov"
    assert "Russian President" not in {e.name for e in analysis.entities}


def test_bylines_of_many_writers_and_a_live_blogs_shifts(db):
    text = (
        "Russia's war in Ukraine\n\n"
        "By Kathleen Magramo, Tara Subramaniam, Aditi Sangal, Adrienne Vogt and "
        "Leinz Vales, CNN\n\n"
        "Samantha Lock (now); Maanvi Singh , Joanna Walters and Martin Belam "
        "(earlier)\n\n"
        "Drones hit Kyiv overnight, Vitali Klitschko said.\n"
    )
    analysis = analyze(text, known=ArchiveNames())
    authors = {(c.party.name, c.role) for c in analysis.contributions}
    assert authors == {
        (name, "author")
        for name in (
            "Kathleen Magramo", "Tara Subramaniam", "Aditi Sangal", "Adrienne Vogt",
            "Leinz Vales", "Samantha Lock", "Maanvi Singh", "Joanna Walters",
            "Martin Belam",
        )
    }  # fmt: skip
    # The outlet is named, but writes nothing itself.
    assert "CNN" in {e.name for e in analysis.of_kind("organization")}


def test_a_paragraph_closed_by_its_speaker_an_apposition_and_the_governor():
    text = (
        "Drones over Belgorod\n\n"
        "Drones hit two villages overnight, Vyacheslav Gladkov said.\n\n"
        "The regional governor reported on August 13 that air defenses had shot "
        "down two drones.\n\n"
        "In the settlement of Zhuravlyovka, drones dropped seven explosives. In "
        "addition, a drone smashed into a building in Belgorod, he said.\n\n"
        "Speaking at a press briefing, Dmitry Peskov, the spokesman of the "
        "Russian President, said the strikes were a sign of failure.\n\n"
        "Peskov mentioned no immediate plans to raise the threat level.\n"
    )
    found = said(analyze(text))
    assert ("Vyacheslav Gladkov", "", "air defenses had") in found
    assert ("Vyacheslav Gladkov", "", "In the settlement") in found
    assert ("Vyacheslav Gladkov", "", "a drone smashed") in found
    assert ("Dmitry Peskov", "press_conference", "the strikes were") in found
    assert ("Dmitry Peskov", "press_conference", "no immediate plans") in found


def test_reported_attributes_a_quotation_and_a_headline_repeating_it_adds_none():
    text = (
        "Budanov interview\n\n"
        '"We really need this aid": Ukraine\'s intelligence chief speaks to '
        "CNN\n\n"
        "Kharkiv was shelled, Oleh Syniehubov reported on Telegram, writes "
        "UNN.\n\n"
        '"Over the past day, 6 settlements were subjected to enemy attacks," '
        "Syniehubov reported.\n\n"
        '"We really need this aid," Kyrylo Budanov told CNN.\n'
    )
    quotes = [
        (q.speaker.name if q.speaker else None, q.text) for q in analyze(text).quotes
    ]
    assert (
        "Oleh Syniehubov",
        "Over the past day, 6 settlements were subjected to enemy attacks",
    ) in quotes
    assert [q for q in quotes if q[1] == "We really need this aid"] == [
        ("Kyrylo Budanov", "We really need this aid")
    ]


def test_a_headlines_quote_attributed_after_a_dash():
    text = (
        "Key points\n\n"
        "President Volodymyr Zelensky spoke on Monday.\n\n"
        "General Sergei Surovikin said the situation was difficult.\n\n"
        "‘Without electricity or without them?’- Zelensky\n\n"
        "‘Russia attacks school’ - official\n\n"
        "The school was empty at the time.\n"
    )
    quotes = {
        q.text: (q.speaker.name if q.speaker else None, q.description)
        for q in analyze(text).quotes
    }
    assert quotes["Without electricity or without them?"] == ("Volodymyr Zelensky", "")
    assert quotes["Russia attacks school"] == (None, "official")


def test_an_agency_passing_it_on_an_aside_and_a_nouns_that(db):
    text = (
        "Kharkiv region shelled\n\n"
        "Russian troops launched 25 drones in the Kharkiv region, Oleh "
        "Syniehubov, head of the Kharkiv Oblast Military Administration, "
        "reported on Monday in Telegram, writes UNN.\n\n"
        "The enemy, he said, actively used guided bombs against the region.\n\n"
        "The governor said Thursday that Kupiansk was shelled again.\n\n"
        "It said Russia also fired two missiles that destroyed grain storage "
        "facilities.\n"
    )
    found = said(analyze(text, known=ArchiveNames()))
    assert ("Oleh Syniehubov", "telegram", "Russian troops launched") in found
    assert ("Oleh Syniehubov", "telegram", "The enemy, he") in found
    assert not [w for _, _, w in found if w.startswith("destroyed")]
