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
