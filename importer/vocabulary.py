"""The words and patterns the importer's rules read a text by."""

import re

ORG_WORDS = {
    "Ministry", "Council", "Legion", "Forces", "Force", "Army", "Agency", "Center",
    "Centre", "Institute", "University", "Committee", "Service", "Services", "Party",
    "Press", "Images", "News", "Times", "Post", "Office", "Department", "Commission",
    "Union", "Bank", "Company", "Corporation", "Group", "Brigade", "Battalion",
    "Regiment", "Guard", "Navy", "Command", "Organization", "Organisation",
    "Foundation", "Network", "Court", "Parliament", "Duma", "Rada", "Assembly",
    "Government", "Administration", "Police", "Resistance", "Fund", "Association",
    "Alliance", "Staff", "Directorate", "Corps", "Movement", "Front", "Battalions",
    "Inc", "Ltd", "Reuters", "Monitor", "Watch", "Initiative", "Coalition",
    "Observatory", "Television", "Radio", "Channel", "Journal", "Tribune", "Herald",
    "Gazette", "Review", "Airlines", "Railways", "Energy", "Group’s", "Kremlin",
    "Pentagon", "Bureau", "Cabinet", "Secretariat", "Academy", "School", "Society",
    "Club", "Media", "Telegraph", "Guardian", "Nations", "Endowment", "Fleet",
    "Congress", "Senate", "Commons", "Museum", "Labs", "PBC", "LLC", "JSC", "PJSC",
    "Plc", "Gallery", "Theatre", "Theater", "Library", "Heritage",
}  # fmt: skip
# News and photo agencies, named alone in credit lines, and bodies known by one
# word: names, where the rest of ORG_WORDS are common nouns.
ORG_NAMES = {
    "AFP", "EPA", "Sputnik", "TASS", "Anadolu", "Xinhua", "Ukrinform", "Interfax",
    "Shutterstock", "Alamy", "Getty", "Kommersant", "Zuma", "Bloomberg", "Reuters",
    "Kremlin", "Pentagon", "Duma", "Rada", "Telegraph", "Guardian", "Congress",
    "Senate", "Commons", "Parliament",
}  # fmt: skip
ORG_WORDS |= ORG_NAMES
TITLE_WORDS = {
    "President", "Prime", "Minister", "Foreign", "Defense", "Defence", "Governor",
    "Gov.", "Gen.", "General", "Mayor", "Chancellor", "Secretary", "Senator",
    "Sen.", "Rep.", "Lt.", "Col.", "Colonel", "Commander", "Pope", "King", "Queen",
    "Prince", "Deputy", "Chief", "Ambassador", "Former", "Vice", "State", "Interior",
    "Lieutenant", "Major", "Captain", "Sgt.", "Sergeant", "Adm.", "Admiral",
    "Marshal", "Speaker", "Patriarch", "Metropolitan", "Archbishop", "Bishop",
    "Judge", "Justice", "Prosecutor", "Health", "Economy", "Finance", "Regional",
    "Director", "Brig.", "Maj.", "Capt.", "Acting", "Spokesman", "Spokeswoman",
    "Spokesperson", "Lieutenant-General", "Lieutenant-Colonel", "Colonel-General",
    "Head", "Commander-in-Chief",
    "Major-General", "Rear", "Hetman", "Dear", "Secretary-General", "Crown",
    "Sheikh", "Emir", "Sultan", "Premier",
}  # fmt: skip
# The particles of Arabic, Persian and European names ("Mohammed bin Salman",
# "Abdullah bin Zayed Al Nahyan", "Ursula von der Leyen"): part of the name, and
# not counted among its words.
NAME_PARTICLES = {
    "bin", "bint", "ibn", "al", "Al", "el", "El", "abu", "Abu", "de", "der", "van",
    "von", "da", "dos", "di", "ul", "Ul",
}  # fmt: skip
# Capitalized by grammar, never a name on their own.
STOPWORDS = {
    "A", "An", "The", "But", "And", "Or", "If", "In", "On", "At", "As", "By", "For",
    "From", "Of", "To", "With", "While", "When", "Where", "Whose", "Who", "What",
    "Why", "How", "Even", "However", "Thus", "Some", "Our", "We", "They", "He",
    "She", "It", "His", "Her", "Their", "This", "That", "These", "Those", "There",
    "Then", "After", "Before", "During", "Since", "Until", "Although", "Though",
    "Yet", "So", "Still", "Also", "Many", "Most", "Several", "Both", "Each",
    "Every", "Other", "Another", "Such", "No", "Not", "One", "Two", "Three",
    "Meanwhile", "Earlier", "Later", "Last", "Next", "First", "Over", "Under",
    "Despite", "Because", "According", "Asked", "Speaking", "Footage", "Photos",
    "Video", "Videos", "Images", "Residents", "Officials", "Analysts", "Witnesses",
    "Mr", "Ms", "Mrs", "Dr", "Miss", "I", "You", "My", "Your", "Its", "Now",
    "Today", "Yesterday", "Tomorrow", "Here", "All", "Any", "More", "Much", "Once",
    "Instead", "Further", "Separately", "Elsewhere", "Overnight",
}  # fmt: skip
CALENDAR = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Sept", "Sept.", "Jan.",
    "Feb.", "Aug.", "Oct.", "Nov.", "Dec.",
}  # fmt: skip
# Clocks and wars, in capitals but nobody: "10:00 PM EDT", "WWII".
NOT_NAMES = {
    "AM", "PM", "EDT", "EST", "GMT", "BST", "CET", "CEST", "EET", "EEST", "IST",
    "UTC", "MSK", "PDT", "PST", "CST", "CDT", "WWII", "WWI", "WW2", "WW1",
    # Weapons, and the network.
    "MLRS", "HIMARS", "ATACMS", "MANPADS", "UAV", "UAVs", "ICBM", "APC", "IFV",
    "Internet", "Media",
    # "a UNESCO World Heritage site": a listing, nobody's name.
    "World", "Heritage",
}  # fmt: skip
# One common noun of a body, without a name: "the Administration said".
GENERIC_BODIES = {
    "Administration", "Government", "Ministry", "Council", "Army", "Agency",
    "Committee", "Service", "Office", "Department", "Commission", "Command",
    "Court", "Police", "Staff", "Directorate", "Cabinet", "Navy", "Group", "Union",
}  # fmt: skip
CHANNEL_NAMES = {
    "Telegram", "Twitter", "X", "Facebook", "YouTube", "Instagram", "TikTok", "VK",
    "VKontakte", "WhatsApp", "Signal", "Truth Social",
}  # fmt: skip
# "held his nightly address": someone speaking to the public.
ADDRESSED = (
    r"(?:held|gave|delivered) (?:an?|his|her|the|their) (?:\w+ )?(?:address|speech)"
)
VIDEO = re.compile(r"\b(?:in|on) (?:a|the|his|her|their) video\b|\bvideo\b")
CHANNELS = [
    # "on Telegram", "on the Telegram messaging app", "in a Telegram post".
    (re.compile(r"\bTelegram\b"), "telegram"),
    (VIDEO, "video"),
    # "to Bosnian Serb channel ATV", "told state television".
    (
        re.compile(
            r"\b(?:TV|television) (?:channel|interview(?:er)?)\b|\bchannel [A-Z]|"
            r"\btold (?:state )?"
            r"(?:television|TV)\b"
        ),
        "television",
    ),
    # "said in a statement", "in its readout" of a call or an attack.
    (
        re.compile(
            r"\b[Ii]n (?:a|an|the|its|his|her|their) (?:written |daily |morning |"
            r"evening |latest )?(?:statement|readout|summary|communiqu[eé])\b"
        ),
        "statement",
    ),
    # "told MPs", "told the Commons": a speech to a parliament, no interview.
    (
        re.compile(
            r"\btold (?:MPs|lawmakers|legislators|senators|deputies|parliament|"
            r"Parliament|Congress|the (?:Commons|House|Senate|Duma|Verkhovna Rada))\b"
        ),
        "other",
    ),
    (re.compile(r"\bin an interview\b|\btold (?:The |the )?[A-Z]"), "interview"),
    (
        re.compile(
            r"\bon (?:Twitter|X|Facebook|Instagram|TikTok|social media)\b|"
            r"\btweet(?:ed|s)?\b|\bin a tweet\b"
        ),
        "social_media",
    ),
    (
        re.compile(r"\b(?:news conference|press conference|briefing)\b"),
        "press_conference",
    ),
    (re.compile(r"\bon (?:state )?(?:television|TV)\b|\btelevised\b"), "television"),
    # "has addressed the people of Ukraine": a speech to the nation.
    (
        re.compile(
            r"\baddress(?:ed|es)? (?:the )?(?:nation|people|country|parliament)\b"
        ),
        "other",
    ),
    # "said in his address", "told reporters" (a briefing).
    (re.compile(r"\btold (?:reporters|journalists)\b"), "press_conference"),
    (
        re.compile(
            rf"\b(?:(?:in|during) (?:an?|his|her|the|their) (?:\w+ )?"
            rf"(?:address|speech)|{ADDRESSED})\b"
        ),
        "other",
    ),
]
# "told Reuters" is an interview; "told Russia it must ..." is a message to a state.
TOLD_WHOM = re.compile(r"\btold (?:The |the )?(?P<whom>[A-Z][\w’'-]*)")


# "the statement read", "according to the report on the attack": a document
# speaks for the one who spoke last.
DOCUMENT = re.compile(
    r"^(?:the|a|an|its|his|her|their)\s+(?:\w+\s+)?(?:statement|report|readout|"
    r"post|message|bulletin|release|communiqu[eé]|summary)"
    r"(?:\s+(?:on|about|from|of)\s+[^,]*)?$",
    re.IGNORECASE,
)


def channel_in(text: str, places: frozenset[str] = frozenset()) -> str:
    """The channel `text` names, if any; `places` are the lowercased first words
    of the places the article names, which are told things but give no
    interviews."""
    for pattern, channel in CHANNELS:
        for match in pattern.finditer(text):
            whom = TOLD_WHOM.match(text, match.start())
            if channel == "interview" and whom and whom["whom"].lower() in places:
                continue
            return channel
    return ""


SAID = (
    r"(?:said|says|wrote|writes|added|adds|told|stated|posted|tweeted|read|reads|"
    r"warned|concluded|insisted|noted|declared|claimed|argued|explained|continued|"
    r"asked|replied|announced|saying|called|described|addressed|addresses|"
    r"lamented|indicated|stressed|emphasized|emphasised|branded|labelled|labeled|"
    r"denounced|reported)"
)
# Someone described, not named: "an aerial reconnaissance soldier with the 68th
# Brigade told ..." is one of its soldiers speaking, not the brigade.
MEMBER = re.compile(
    r"\b(?:a|an|one|another)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:soldier|serviceman|servicewoman|fighter|officer|commander|official|"
    r"resident|volunteer|medic|doctor|nurse|worker|member|source|spokesman|"
    r"spokeswoman|spokesperson|analyst|expert|pilot|rescuer|diplomat|aide|"
    r"adviser|advisor|employee|staffer|man|woman)s?"
    r"\s+(?:with|of|from|in|at|for)\s+[^,.;]*$",
    re.IGNORECASE,
)
MALE = re.compile(r"\b(?:he|his|him|himself)\b")
FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b")
DEMONYM = re.compile(r"(?:ian|ians|ese|ish|ean|eans|ans|ic)$")
ALIAS_CUE = re.compile(
    r"(?:who calls himself|who calls herself|also known as|known as|"
    r"better known as|who goes by|nom de guerre)\s+(?:the\s+)?$"
)
ORG_APPOSITIVE = re.compile(
    r"^,?\s*(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(group|organization|organisation|"
    r"think tank|agency|unit|militia|network|charity|nonprofit|outlet|company|"
    r"movement|monitor|institute|project|initiative|battalion|brigade|legion|"
    r"coalition|party|body|ministry|service|newspaper|channel|website)\b"
    r"(?![’'])"  # "Denis Kapustin, the group’s leader" is a person
)
ORG_BEFORE = re.compile(
    r"(?:analyst|researcher|fellow|expert|director|head|official|spokesman|"
    r"spokeswoman|spokesperson|member|commander|founder|chief|editor|reporter|"
    r"correspondent|professor|economist)\s+(?:with|at|of|for)\s+(?:the\s+)?$"
)
FACILITY = re.compile(
    r"^\s+(?:nuclear |power |hydroelectric )*(?:plant|dam|airport|airfield|air base)"
)
ORG_INTRODUCED = re.compile(
    r"\b(?:company|corporation|agency|operator|group|organization|broadcaster|"
    r"outlet|party|movement|militia|battalion|unit|regiment|watchdog|monitor|"
    r"newspaper|channel|firm|producer|manufacturer),\s+(?:the\s+)?$"
)
# The titles that only a person holds: what follows one is a name.
PERSON_TITLES = (
    r"(?:President|Minister|Governor|Gov\.|Gen\.|General|Mayor|Chancellor|"
    r"Senator|Sen\.|Spokes(?:man|woman|person)|Colonel|Col\.|Commander|Pope|"
    r"Patriarch|Ambassador|Secretary)"
)
# Names of seas, rivers and the like: places, though no gazetteer lists them.
# A name ending in one is an event or a day, never a person ("Victory Day",
# "UAV Attack", "Independence Day").
EVENT_WORDS = {
    "Day", "Days", "Eve", "Attack", "Attacks", "Strike", "Strikes", "Offensive",
    "Counteroffensive", "War", "Summit", "Forum", "Parade", "Week", "Year", "Games",
    "Operation", "Conference", "Talks", "Agreement", "Deal", "Accords", "Treaty",
}  # fmt: skip
# "Eastern Ukraine", "Southern Russia": a part of the place named after it.
DIRECTIONS = {
    "Eastern", "Western", "Northern", "Southern", "Central", "Northeastern",
    "Northwestern", "Southeastern", "Southwestern", "Northeast", "Northwest",
    "Southeast", "Southwest",
}  # fmt: skip
FEATURE_WORDS = {
    "Sea", "River", "Ocean", "Lake", "Bay", "Gulf", "Strait", "Peninsula",
    "Island", "Islands", "Mountains", "Valley", "Desert", "Reservoir", "Canal",
    "Harbor", "Harbour", "NPP", "Shipyard", "Airport",
}  # fmt: skip
FOLLOWED_BY_ROLE = re.compile(
    r"^\s+(?:spokesman|spokeswoman|spokesperson|officials?|press service|"
    r"leadership|statement|forces|troops|fighters|commanders?|allies|members|"
    r"summit|leaders|(?:defen[cs]e |foreign )?ministers|"
    r"Secretary|Director|Chief|Commander|Minister|President|Chairman)\b"
)
# "the village of Novenke": a place, even where no gazetteer lists it.
SETTLEMENT_CUE = re.compile(r"\b(village|town|settlement|city|hamlet) of\s+$")
SPEAKS = re.compile(rf"^\s+(?:{SAID})\b")
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        1,
    )
}
# News style abbreviates months: "Aug. 16", "21 Mar 2022", "Sept. 5".
MONTHS |= {name[:3]: number for name, number in MONTHS.items()} | {"Sept": 9}
DATE_IN_TEXT = re.compile(
    # "May 30, 2024", "30 May 2024", "16th March 2022", "MAY 30, 2022"
    r"\b(?:(?P<month>[A-Z][a-z]+|[A-Z]{3,9})\.? (?P<day>\d{1,2})(?:st|nd|rd|th)?,? "
    r"(?P<year>\d{4})|"
    r"(?P<day2>\d{1,2})(?:st|nd|rd|th)? (?P<month2>[A-Z][a-z]+),? (?P<year2>\d{4}))"
    r"(?!\d)"
)
WEEKDAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
MODIFIER = re.compile(
    r"^\S+-(?:occupied|installed|backed|controlled|led|held|appointed)$"
)
