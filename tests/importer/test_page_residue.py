"""What pages leave around a story (players, tag lists, appeals, a "Hide Ad"
run into the text) is no text, and capitals that name nobody (clocks, wars,
saints, a people, a body's common noun) give no entity."""

from importer.analysis import analyze


def names(analysis):
    return {e.name for e in analysis.entities}


def test_players_tags_appeals_and_promotions_are_furniture():
    text = (
        "Drones hit Lviv\n\n"
        "Full Screen\n\n"
        "Drones hit Lviv overnight, Maksym Kozytskyi said.\n\n"
        "Recommended Videos\n\n"
        "SHARE THIS —\n\n"
        "Укр Рус Eng Support Us\n\n"
        "Live Briefing: Russia Invades Ukraine\n\n"
        "Journalists fight on their own frontline. Support Ukrainska Pravda or "
        "become our patron!\n\n"
        "Related Post\n\n"
        "Tags France Russia ukraine journalism\n"
    )
    analysis = analyze(text)
    assert analysis.body == "Drones hit Lviv overnight, Maksym Kozytskyi said."
    assert names(analysis) == {"Maksym Kozytskyi"}


def test_text_run_into_a_hide_ad_label_or_a_weekday_comes_apart():
    text = (
        "Intelligence update\n\n"
        "Hide AdAdvertisement\n\n"
        "Hide AdSir Jeremy Fleming, speaking in Australia, said morale was low.\n\n"
        "By Iryna BalachukWednesday, 31 May 2023\n"
    )
    analysis = analyze(text)
    assert "Hide Ad" not in analysis.body
    persons = {e.name for e in analysis.of_kind("person")}
    assert "Jeremy Fleming" in persons
    assert not {p for p in persons if "Wednesday" in p or "Hide" in p}


def test_clocks_wars_saints_and_peoples_are_nobody():
    text = (
        "Live updates\n\n"
        "Posted at 10:00 PM EDT on Sept. 3 by Olena Petrenko.\n\n"
        "Veterans of World War II and WWII museums marked the day at St Michael's "
        "Cathedral, and an American said the Administration would help.\n"
    )
    assert names(analyze(text)) == {"Olena Petrenko"}


def test_a_harbor_is_a_place():
    text = "Speech\n\nZelensky recalled Pearl Harbor in his speech to Congress.\n"
    places = {e.name for e in analyze(text).of_kind("place")}
    assert "Pearl Harbor" in places


def test_a_sign_off_run_into_the_last_paragraph_credits_its_reporters():
    text = (
        "Strikes in Kharkiv\n\n"
        "Two civilians were taken to hospital, governor Oleh Syniehubov said. "
        "(Reporting by Oleksandr Kozhukhar in Kyiv and Elaine Monaghan in "
        "Washington; Editing by Peter Graff)\n"
    )
    analysis = analyze(text)
    assert [(c.party.name, c.role) for c in analysis.contributions] == [
        ("Oleksandr Kozhukhar", "contributor"),
        ("Elaine Monaghan", "contributor"),
        ("Peter Graff", "editor"),
    ]
    assert "Reporting by" not in analysis.body.split("\n\n")[0]


def test_markup_left_in_the_text_is_taken_out_and_its_paragraph_kept():
    text = (
        "Beryslav\n\n"
        '< p class="StyledBodyHtmlParagraph-sc-48221190-4 hnvfyV">Foreign '
        "volunteers were killed in Beryslav, governor Oleksandr Prokudin wrote.\n"
    )
    analysis = analyze(text)
    assert analysis.body.startswith("Foreign volunteers were killed")
    assert "Oleksandr Prokudin" in names(analysis)


def test_a_country_word_before_military_as_an_adjective_names_no_body():
    text = (
        "Shelling\n\n"
        "One civilian was killed, a local Ukrainian military official said, and "
        "Ukrainian military infrastructure was hit. The Ukrainian military said "
        "it repelled the attack.\n"
    )
    organizations = [e for e in analyze(text).of_kind("organization")]
    assert [(o.name, o.forms) for o in organizations] == [
        ("Armed Forces of Ukraine", ["Ukrainian military"])
    ]
    (first_seen,) = {o.first_seen for o in organizations}
    assert first_seen[1] > text.split("\n\n")[1].index("The Ukrainian military") - 5


def test_list_controls_and_key_points_labels_are_furniture():
    text = "Live\n\nKey Points\n\nExpand All\n\nDrones hit Kyiv overnight.\n"
    analysis = analyze(text)
    assert analysis.body == "Drones hit Kyiv overnight."


def test_donation_appeals_and_reprint_notices_are_furniture():
    text = (
        "Oil depot fire\n\n"
        "A drone set an oil depot on fire in Rostov, governor Vasily Golubev said.\n\n"
        "… we have a small favor to ask. As you may have heard, The Moscow Times "
        'has been branded a "foreign agent" by the Russian government.\n\n'
        "While citing and using any materials on the Internet, links to the "
        "website ukrinform.net not lower than the first paragraph are mandatory.\n"
    )
    analysis = analyze(text)
    assert analysis.body.startswith("A drone set an oil depot on fire")
    assert "favor" not in analysis.body and "mandatory" not in analysis.body
    assert analysis.quotes == []


def test_a_body_credited_alone_for_its_picture_is_its_originator():
    text = (
        "Missiles on Kyiv\n\n"
        "Russian missiles hit Kyiv (Pic. Ukraine Ministry of Foreign Affairs)\n\n"
        "President Volodymyr Zelensky with Oleh Kiper. Photo by President's office\n\n"
        "Firefighters at the scene (Photo by AFP)\n"
    )
    credits = [(c.party.name, c.role) for m in analyze(text).media for c in m.credits]
    assert credits == [
        ("Ministry of Foreign Affairs of Ukraine", "originator"),
        ("Office of the President of Ukraine", "originator"),
        ("Agence France-Presse", "agency"),
    ]


def test_a_list_of_other_stories_with_their_times_is_furniture():
    text = (
        "Zelensky: We are pushing the Russian army out of Kharkiv region\n\n"
        "Zelensky spoke with the commander in chief on Saturday.\n\n"
        "MORE ABOUT\n\n"
        "URCS volunteers evacuate hospital patients after drone attack\n\n"
        "14:30, 01.03.2025\n\n"
        "Norway intends to increase support for Ukraine\n\n"
        "16:56, 01.03.2025\n"
    )
    analysis = analyze(text)
    assert analysis.body == "Zelensky spoke with the commander in chief on Saturday."
    assert not {"URCS", "Norway"} & names(analysis)


def test_press_release_and_follow_lines_are_furniture_and_bodies_are_no_persons():
    text = (
        "Sanctions\n\n"
        "PRESS RELEASE\n\n"
        "Follow Meduza\n\n"
        "Shelling damaged the Odesa National Art Museum, and Planet Labs PBC "
        "published images of the Zaporizhzhya NPP. Commander-in-Chief Oleksandr "
        "Syrsky reported.\n"
    )
    analysis = analyze(text)
    assert analysis.body.startswith("Shelling damaged")
    assert {e.name for e in analysis.of_kind("person")} == {"Oleksandr Syrsky"}
    assert {"Odesa National Art Museum", "Planet Labs PBC"} <= {
        e.name for e in analysis.of_kind("organization")
    }


def test_calls_to_action_platforms_and_labels_name_nobody():
    text = (
        "PRESS RELEASE\n\n"
        "Drones hit Shebekino overnight, Vyacheslav Gladkov said.\n\n"
        "Local Telegram channels reported explosions in the town.\n\n"
        "Follow Meduza on the platform to read the rest.\n"
    )
    persons = {e.name for e in analyze(text).of_kind("person")}
    assert persons == {"Vyacheslav Gladkov"}


def test_a_list_of_other_stories_set_off_by_dashes_is_furniture():
    text = (
        "Drones hit Kyiv\n\n"
        "Drones hit Kyiv overnight, Vitali Klitschko said.\n\n"
        "— Ukraine says Russian offensive in east picks up momentum\n\n"
        "— NATO chief says Finland, Sweden could join quite quickly\n\n"
        "— Biden seeks new powers to use oligarchs’ assets for Ukraine\n"
    )
    analysis = analyze(text)
    assert analysis.body == "Drones hit Kyiv overnight, Vitali Klitschko said."
    assert names(analysis) == {"Vitali Klitschko"}


def test_the_headlines_under_read_more_are_furniture():
    text = (
        "Drones hit Kyiv\n\n"
        "Drones hit Kyiv overnight, Vitali Klitschko said.\n\n"
        "READ MORE:\n\n"
        "Poland to send 2,000 troops to reinforce Belarus border\n\n"
        "45 injured in blast at optics factory northeast of Moscow\n\n"
        "The strikes went on into the morning, Klitschko said.\n"
    )
    analysis = analyze(text)
    assert analysis.body == (
        "Drones hit Kyiv overnight, Vitali Klitschko said.\n\n"
        "The strikes went on into the morning, Klitschko said."
    )
    assert names(analysis) == {"Vitali Klitschko"}


def test_a_bulleted_menu_of_sections_is_furniture():
    text = (
        "Drones hit Kyiv\n\n"
        "  • Politics\n  • Real Estate\n  • Newsletter\n\n"
        "Drones hit Kyiv overnight, Vitali Klitschko said.\n\n"
        "• Around 1,000 people were left without power, Klitschko said.\n"
    )
    analysis = analyze(text)
    assert names(analysis) == {"Vitali Klitschko"}
    assert "• Real Estate" in analysis.removed
    assert "Around 1,000 people" in analysis.body  # a bulleted sentence is text


def test_punctuation_read_in_the_wrong_encoding_is_put_right():
    text = (
        "Counteroffensives in the east\n\n"
        "Ukraine’€™s armed forces are advancing, Mykhailo Podolyak wrote. "
        "“We´ll see,” said Ivan Koval. The mayorâ€™s office agreed.\n"
    )
    analysis = analyze(text)
    assert "Ukraine’s armed forces" in analysis.body
    assert "We’ll see" in analysis.body and "mayor’s office" in analysis.body
    assert "Armed Forces of Ukraine" in names(analysis)


def test_a_bodys_person_by_surname_and_a_common_noun_opening_a_sentence():
    text = (
        "IAEA's Grossi heading to the nuclear plant\n\n"
        "Grossi said he had decided to travel to the plant again.\n\n"
        "Energy facilities in four regions were damaged, Ukrenergo said.\n"
    )
    found = {(e.name, e.kind) for e in analyze(text).entities}
    assert ("Grossi", "person") in found
    assert not any(name == "Energy" for name, _ in found)


def test_an_appeal_a_trail_closing_headlines_and_a_repeated_promotion_are_furniture():
    text = (
        "Oil depot on fire\n\n"
        "HomeRussia & FSU\n\n"
        "An oil depot caught fire in the Rostov region, Vasily Golubev said.\n\n"
        "What do the strikes on Belgorod mean?\n\n"
        "A new phase in the war of attrition. Our analysts explain.\n\n"
        "The fire was put out by the evening.\n\n"
        "What do the strikes on Belgorod mean?\n\n"
        "A new phase in the war of attrition. Our analysts explain.\n\n"
        "… we have a small favor to ask. As you may have heard, The Moscow "
        "Times has been branded a foreign agent.\n\n"
        "We, the journalists of The Moscow Times, refuse to be silenced.\n"
    )
    analysis = analyze(text)
    assert analysis.body == (
        "An oil depot caught fire in the Rostov region, Vasily Golubev said."
        "\n\nThe fire was put out by the evening."
    )
    closing = (
        "Zelenskyy visits Odesa\n\n"
        "Zelenskyy met the new head of the administration in Odesa.\n\n"
        "Advertisement:\n\n"
        "Ukrainian pilots have not yet gone abroad for training\n\n"
        "Ukrainian army advances on Bakhmut front – Deputy Defence Minister\n"
    )
    analysis = analyze(closing)
    assert analysis.body == "Zelenskyy met the new head of the administration in Odesa."
    assert "Bakhmut" not in names(analysis)
    # A paragraph cut off at the page's end is text, not a headline.
    cut = (
        "Vodka gift\n\n"
        "Putin’s vodka gift to Berlusconi breaks EU sanctions\n\n"
        "A birthday present from Vladimir Putin to Silvio Berlusconi of 20 "
        "bottles of vodka breached European Union sanctions imposed on Russia "
        "after it invaded Ukraine, the newspaper said it had learned from its "
        "sources in Rome on Monday and"
    )
    assert "Silvio Berlusconi" in names(analyze(cut))


def test_a_dateline_starts_a_sentence_and_a_days_name_is_no_body():
    text = (
        "Energy facilities hit\n\n"
        "KIEV, June 20 (Xinhua) -- Energy facilities in four regions were "
        "damaged overnight.\n\n"
        "Troops gathered for Rocket Forces and Artillery Day near an art museum "
        "that is part of a UNESCO World Heritage site.\n\n"
        "“Throughout the day, our Ukrainian Defense and Security Forces held "
        "the line,” he said.\n"
    )
    found = names(analyze(text))
    assert "Energy" not in found
    assert "Rocket Forces" not in found
    assert "UNESCO" in found
    assert not [name for name in found if "Heritage" in name]
    assert "Defense and Security Forces of Ukraine" in found
    assert "Security Forces" not in found


def test_an_authors_box_kinds_of_things_and_a_garbled_pronoun_give_no_names():
    text = (
        "Zaporizhzhia attack\n\n"
        "Martin Fornusek\n\n"
        "Russia launched Iranian-made Shahed drones and a Molniya-type UAV at "
        "the city, Ivan Fedorov said.\n\n"
        "In his Telegram account,Kadyrov I affirm that his men are ready.\n\n"
        "Similar News:You can also read news stories similar to this one.\n\n"
        "Martin Fornusek is a reporter for the Kyiv Independent, specializing in "
        "politics. He graduated from Masaryk University in Brno.\n"
    )
    analysis = analyze(text)
    found = names(analysis)
    assert not [n for n in found if "-made" in n or "-type" in n]
    assert "Kadyrov I" not in found
    assert not {"Masaryk University", "Similar News"} & found
    # The box names the author, once.
    assert [(c.party.name, c.role) for c in analysis.contributions] == [
        ("Martin Fornusek", "author")
    ]
