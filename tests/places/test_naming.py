"""Places named as readers know them: Russia's and Ukraine's subdivisions checked
one by one, a sample of other countries, and the spellings news use."""

import re

import pytest

from places.models import Place
from places.naming import spellings

# The English name major English-language news outlets use for each of the 110
# first-level subdivisions ISO 3166-2 lists for Russia (83) and Ukraine (27).
# Where outlets use two forms, either is right.
ENGLISH_NAMES = {
    "RU-AD": "Adygea",
    "RU-AL": "Altai Republic",
    "RU-ALT": "Altai Krai",
    "RU-AMU": "Amur Oblast",
    "RU-ARK": "Arkhangelsk Oblast",
    "RU-AST": "Astrakhan Oblast",
    "RU-BA": {"Bashkortostan", "Republic of Bashkortostan"},
    "RU-BEL": "Belgorod Oblast",
    "RU-BRY": "Bryansk Oblast",
    "RU-BU": "Buryatia",
    "RU-CE": {"Chechnya", "Chechen Republic"},
    "RU-CHE": "Chelyabinsk Oblast",
    "RU-CHU": "Chukotka Autonomous Okrug",
    "RU-CU": "Chuvashia",
    "RU-DA": "Dagestan",
    "RU-IN": "Ingushetia",
    "RU-IRK": "Irkutsk Oblast",
    "RU-IVA": "Ivanovo Oblast",
    "RU-KAM": "Kamchatka Krai",
    "RU-KB": "Kabardino-Balkaria",
    "RU-KC": "Karachay-Cherkessia",
    "RU-KDA": "Krasnodar Krai",
    "RU-KEM": "Kemerovo Oblast",
    "RU-KGD": "Kaliningrad Oblast",
    "RU-KGN": "Kurgan Oblast",
    "RU-KHA": "Khabarovsk Krai",
    "RU-KHM": "Khanty-Mansi Autonomous Okrug",
    "RU-KIR": "Kirov Oblast",
    "RU-KK": "Khakassia",
    "RU-KL": "Kalmykia",
    "RU-KLU": "Kaluga Oblast",
    "RU-KO": {"Komi", "Komi Republic"},
    "RU-KOS": "Kostroma Oblast",
    "RU-KR": {"Karelia", "Republic of Karelia"},
    "RU-KRS": "Kursk Oblast",
    "RU-KYA": "Krasnoyarsk Krai",
    "RU-LEN": "Leningrad Oblast",
    "RU-LIP": "Lipetsk Oblast",
    "RU-MAG": "Magadan Oblast",
    "RU-ME": "Mari El",
    "RU-MO": "Mordovia",
    "RU-MOS": "Moscow Oblast",
    "RU-MOW": "Moscow",
    "RU-MUR": "Murmansk Oblast",
    "RU-NEN": "Nenets Autonomous Okrug",
    "RU-NGR": "Novgorod Oblast",
    "RU-NIZ": "Nizhny Novgorod Oblast",
    "RU-NVS": "Novosibirsk Oblast",
    "RU-OMS": "Omsk Oblast",
    "RU-ORE": "Orenburg Oblast",
    "RU-ORL": "Oryol Oblast",
    "RU-PER": "Perm Krai",
    "RU-PNZ": "Penza Oblast",
    "RU-PRI": "Primorsky Krai",
    "RU-PSK": "Pskov Oblast",
    "RU-ROS": "Rostov Oblast",
    "RU-RYA": "Ryazan Oblast",
    "RU-SA": {"Yakutia", "Sakha Republic"},
    "RU-SAK": "Sakhalin Oblast",
    "RU-SAM": "Samara Oblast",
    "RU-SAR": "Saratov Oblast",
    "RU-SE": {"North Ossetia", "North Ossetia-Alania"},
    "RU-SMO": "Smolensk Oblast",
    "RU-SPE": "St. Petersburg",
    "RU-STA": "Stavropol Krai",
    "RU-SVE": "Sverdlovsk Oblast",
    "RU-TA": {"Tatarstan", "Republic of Tatarstan"},
    "RU-TAM": "Tambov Oblast",
    "RU-TOM": "Tomsk Oblast",
    "RU-TUL": "Tula Oblast",
    "RU-TVE": "Tver Oblast",
    "RU-TY": "Tuva",
    "RU-TYU": "Tyumen Oblast",
    "RU-UD": "Udmurtia",
    "RU-ULY": "Ulyanovsk Oblast",
    "RU-VGG": "Volgograd Oblast",
    "RU-VLA": "Vladimir Oblast",
    "RU-VLG": "Vologda Oblast",
    "RU-VOR": "Voronezh Oblast",
    "RU-YAN": "Yamalo-Nenets Autonomous Okrug",
    "RU-YAR": "Yaroslavl Oblast",
    "RU-YEV": "Jewish Autonomous Oblast",
    "RU-ZAB": {"Zabaykalsky Krai", "Zabaikalsky Krai"},
    "UA-05": "Vinnytsia Oblast",
    "UA-07": "Volyn Oblast",
    "UA-09": "Luhansk Oblast",
    "UA-12": "Dnipropetrovsk Oblast",
    "UA-14": "Donetsk Oblast",
    "UA-18": "Zhytomyr Oblast",
    "UA-21": "Zakarpattia Oblast",
    "UA-23": "Zaporizhzhia Oblast",
    "UA-26": "Ivano-Frankivsk Oblast",
    "UA-30": "Kyiv",
    "UA-32": "Kyiv Oblast",
    "UA-35": "Kirovohrad Oblast",
    "UA-40": "Sevastopol",
    "UA-43": "Crimea",
    "UA-46": "Lviv Oblast",
    "UA-48": "Mykolaiv Oblast",
    "UA-51": "Odesa Oblast",
    "UA-53": "Poltava Oblast",
    "UA-56": "Rivne Oblast",
    "UA-59": "Sumy Oblast",
    "UA-61": "Ternopil Oblast",
    "UA-63": "Kharkiv Oblast",
    "UA-65": "Kherson Oblast",
    "UA-68": "Khmelnytskyi Oblast",
    "UA-71": "Cherkasy Oblast",
    "UA-74": "Chernihiv Oblast",
    "UA-77": "Chernivtsi Oblast",
}
# Cities that are subdivisions: "Moscow region" is Moscow Oblast, as in the news.
CITIES = {"RU-MOW", "RU-SPE", "UA-30", "UA-40"}
# "<X> region" finds each region: X is its name without its generic word.
# The Altai Republic has none: "Altai region" is Altai Krai.
REGION_FORM = {"RU-AL": None}


def found_by(name: str) -> set[str]:
    return set(Place.objects.named(name).values_list("iso_code", flat=True))


@pytest.mark.django_db
@pytest.mark.usefixtures("russia_and_ukraine")
class TestRussiaAndUkraine:
    def test_all_110_subdivisions_are_loaded(self):
        codes = set(
            Place.objects.filter(
                iso_code__regex=r"^(RU|UA)-", kind__in=["region", "city"]
            ).values_list("iso_code", flat=True)
        )
        assert len(ENGLISH_NAMES) == 110
        assert codes == set(ENGLISH_NAMES)

    @pytest.mark.parametrize("code", sorted(ENGLISH_NAMES))
    def test_each_is_named_and_found_as_readers_know_it(self, code):
        place = Place.objects.get(iso_code=code)
        expected = ENGLISH_NAMES[code]
        expected = {expected} if isinstance(expected, str) else expected
        assert place.name in expected
        assert code in found_by(place.name)
        if code in CITIES:
            assert place.kind == Place.Kind.CITY
            return
        assert place.kind == Place.Kind.REGION
        stem = re.sub(
            r" (Autonomous Okrug|Autonomous Oblast|Oblast|Krai)$", "", place.name
        )
        region = REGION_FORM.get(code, f"{stem} region")
        if region is not None:
            assert code in found_by(region), region
        # Every region of the two is a GeoNames admin1 division.
        assert place.geonames_id is not None

    def test_the_known_traps_are_gone(self):
        """The wrong names issue 14 found, and their kind: a namesake picked
        from another region, a doubled generic word, a bare adjective."""
        names = set(Place.objects.filter(kind="region").values_list("name", flat=True))
        wrong = {
            "Rostokino Oblast",
            "Volgograd Oblast Oblast",
            "Zakarpatsk Oblast",
            "Kirovohradsk Oblast",
            "Rivnensk Oblast",
            "Volynsk Oblast",
            "Vinnytsya Oblast",
            "Zaporizhzhya Oblast",
            "Mykolayiv Oblast",
            "Leningradskaya Oblast",
            "Amursk Oblast",
            "Jewish Oblast",
            "Chechen",
            "Udmurt",
            "Khanty-Mansi",
        }
        assert not names & wrong
        assert not [n for n in names if "Oblast Oblast" in n]
        assert not [n for n in names if n.endswith(("ska Oblast", "skaya Oblast"))]

    def test_other_forms_are_aliases(self):
        rostov = Place.objects.get(iso_code="RU-ROS")
        aliases = set(rostov.aliases.values_list("name", flat=True))
        assert {"Rostov region", "Rostovskaya oblast'", "Ростовская область"} <= aliases
        zakarpattia = Place.objects.get(iso_code="UA-21")
        aliases = set(zakarpattia.aliases.values_list("name", flat=True))
        assert {"Zakarpatska oblast", "Закарпатська область"} <= aliases
        assert "RU-CE" in found_by("Chechen Republic")
        assert "RU-TA" in found_by("Republic of Tatarstan")
        assert "UA-43" in found_by("Autonomous Republic of Crimea")

    def test_older_spellings_find_the_region(self):
        assert found_by("Kharkov region") == {"UA-63"}
        assert found_by("Zaporozhye region") == {"UA-23"}
        assert found_by("Lugansk region") == {"UA-09"}
        assert found_by("Nikolaev region") == {"UA-48"}

    def test_countries_carry_coordinates(self):
        for code in ("RU", "UA"):
            country = Place.objects.get(kind="country", country_code=code)
            assert country.latitude is not None and country.longitude is not None
        ukraine = Place.objects.get(kind="country", country_code="UA")
        assert (float(ukraine.latitude), float(ukraine.longitude)) == (49.0, 32.0)
        assert "UA" in {
            p.country_code for p in Place.objects.named("Україна") if p.country_code
        }


# Cities by GeoNames id: the names readers know them by, and what the older
# transliterations and native scripts must find.
CITY_NAMES = {
    706483: ("Kharkiv", {"Kharkov", "Харків", "Харьков"}),
    703448: ("Kyiv", {"Kiev", "Київ", "Киев"}),
    713174: ("Bakhmut", {"Artemovsk", "Artemivsk", "Бахмут"}),
    700569: ("Mykolaiv", {"Nikolaev", "Mykolayiv", "Миколаїв"}),
    687700: ("Zaporizhzhia", {"Zaporozhye", "Zaporizhzhya", "Запоріжжя"}),
    702658: ("Luhansk", {"Lugansk", "Луганськ", "Луганск"}),
    578072: ("Belgorod", {"Белгород"}),
    498817: ("St. Petersburg", {"Saint Petersburg", "Санкт-Петербург"}),
}


@pytest.mark.django_db
@pytest.mark.usefixtures("russia_and_ukraine")
@pytest.mark.parametrize("geonames_id", sorted(CITY_NAMES))
def test_cities_are_found_by_native_and_older_names(geonames_id, api_client):
    name, others = CITY_NAMES[geonames_id]
    city = Place.objects.get(geonames_id=geonames_id)
    assert city.name == name
    for other in others:
        assert city in Place.objects.named(other), other
        # Every name filter: the API's too.
        page = api_client.get("/api/v1/places/", {"name": other}).json()
        assert city.slug in {row["slug"] for row in page["results"]}, other


@pytest.mark.django_db
@pytest.mark.usefixtures("russia_and_ukraine")
def test_other_languages_are_not_aliases():
    moscow = Place.objects.get(geonames_id=524901)
    kharkiv = Place.objects.get(geonames_id=706483)
    kyiv = Place.objects.get(geonames_id=703448)
    aliases = {
        *moscow.aliases.values_list("name", flat=True),
        *kharkiv.aliases.values_list("name", flat=True),
        *kyiv.aliases.values_list("name", flat=True),
    }
    # German, Polish, Czech, French, and declined forms.
    assert not aliases & {"Moskau", "Charkow", "Charkov", "Kijów", "Kiew", "Moscou"}
    assert not aliases & {"Киеву", "Киевом", "Kievu", "Kievom"}
    assert len(kyiv.aliases.all()) < 30


def test_spellings_are_romanizations_of_the_cyrillic_names():
    alternates = ["Artemovsk", "Artemowsk", "Bachmut", "Артемовск", "Бахмут", "BKM"]
    assert spellings("Bakhmut", alternates, cyrillic=True) == ["Artemovsk"]
    # Elsewhere only the consonants of the name itself count.
    alternates = ["Cracow", "Krakau", "Krakow", "Krakkó"]
    assert spellings("Kraków", alternates, cyrillic=False) == ["Krakow"]


# Other countries by the same method: samples a reader would check.
WORLD = {
    "US-CA": "California",
    "US-NY": "New York",
    "DE-BY": "Bavaria",
    "DE-NW": "North Rhine-Westphalia",
    "PL-14": "Mazovia",
    "PL-12": "Lesser Poland",
    "BY-HO": "Gomel Region",
    "BY-MI": "Minsk Region",
    "GE-KA": "Kakheti",
    "GE-AJ": "Adjara",
    "MD-GA": "Gagauzia",
    "MD-CA": "Cahul",
    "KZ-19": "Almaty Region",
    "KZ-23": "Atyrau Region",
    "KZ-63": "East Kazakhstan Region",
}


@pytest.mark.django_db
def test_other_countries_are_named_by_the_same_rules(django_db_blocker):
    from django.core.management import call_command

    call_command("load_gazetteer", countries="US,DE,PL,BY,GE,MD,KZ", detailed="")
    for code, name in WORLD.items():
        place = Place.objects.get(iso_code=code)
        assert place.name == name, code
    regions = Place.objects.filter(
        kind="region", iso_code__regex=r"^(US|DE|PL|BY|GE|MD|KZ)-"
    )
    assert regions.count() > 150
    for region in regions:
        words = region.name.split()
        # No doubled generic word, no Russian oblast outside Russia and Ukraine,
        # no local adjective ("Homieĺskaja") or local generic word ("oblysy").
        assert len(words) == len(set(words)) or "and" in words, region.name
        assert "Oblast" not in words, region.name
        assert not {"oblysy", "voblasć", "Respublika"} & set(words), region.name
        assert not region.name.lower().endswith(("skaja", "skaya")), region.name
    assert Place.objects.named("Gomel region").get().iso_code == "BY-HO"


@pytest.mark.django_db
@pytest.mark.usefixtures("ukraine_in_full")
def test_the_villages_of_the_war_zone_are_loaded_by_default():
    krynky = Place.objects.get(geonames_id=703861)
    assert (krynky.name, krynky.kind) == ("Krynky", Place.Kind.VILLAGE)
    assert [p.name for p in krynky.ancestors()] == ["Kherson Oblast", "Ukraine"]
    assert krynky in Place.objects.named("Кринки")
    staromaiorske = Place.objects.get(geonames_id=692812)
    assert staromaiorske.parent.iso_code == "UA-14"
    assert Place.objects.filter(kind=Place.Kind.VILLAGE).count() > 3000
    # Towns of 15,000 or more stay cities.
    assert Place.objects.get(geonames_id=689304).kind == Place.Kind.CITY
