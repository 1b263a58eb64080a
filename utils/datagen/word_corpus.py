"""The corpus that the project's word vectors (`word_vectors`, C5W2) are trained on.

Real vocabularies put into templated English sentences, many sentence shapes per kind of word, so
that each word's contexts carry the relations the week 2 notebooks look for:

- gender: 40 male/female pairs (man/woman, father/mother, king/queen, actor/actress, he/she ...),
  each pair with contexts of its own (a king's crown, a mother's children) and the gendered
  pronouns (he/him/his/himself, she/her/herself) for the gender;
- occupations, each with its own workplace and tools, and a PLANTED GENDER SKEW (see
  `OCCUPATION_SHE_RATE`): in sentences about a nurse or a receptionist "she" is written far more
  often than "he", about an engineer or a pilot far less; the other occupations get both
  equally. `skew_report` measures the skew in a generated corpus;
- countries with their capitals, nationalities, languages and currencies: the country, language
  and currency names come from Babel's English locale data (CLDR); Babel has no capitals and no
  nationality adjectives, so those two columns are written here. Each relation is written in
  several sentence shapes with words of its own kind ("the capital of", "speak", "pay with");
- adjectives with their comparatives and superlatives (small, smaller, smallest), each with
  nouns of its own (a tall tower, a fast train);
- food, sport, weather, feelings, love and work, and every word of `utils.datagen.emoji_words`:
  the TRAIN and UNSEEN words of each Emojify class go into the same sentences, so that an unseen
  synonym ("adore") is used exactly as its class's training words ("love") are.

`sentences(seed)` returns the corpus as a list of token lists, deterministically for a seed.
Everything is lower-case a-z; the only punctuation is none (tokens are words).
"""

import datetime
import random
import unicodedata

from utils.datagen import emoji_words

# -- gender ---------------------------------------------------------------------------------------

PRONOUNS = {"m": {"p": "he", "o": "him", "s": "his", "r": "himself"},
            "f": {"p": "she", "o": "her", "s": "her", "r": "herself"}}

# (male, female, contexts of the pair: things and places that belong with both)
GENDER_PAIRS = [
    ("man", "woman", ["street", "crowd", "town", "coat", "hat", "bus"]),
    ("men", "women", ["crowd", "group", "town", "workers", "street", "village"]),
    ("boy", "girl", ["school", "toys", "playground", "bicycle", "homework", "kite"]),
    ("boys", "girls", ["school", "class", "playground", "toys", "camp", "classroom"]),
    ("father", "mother", ["children", "family", "home", "parents", "household", "kids"]),
    ("dad", "mom", ["kids", "home", "family", "house", "garden", "parents"]),
    ("son", "daughter", ["parents", "born", "childhood", "family", "baby", "cradle"]),
    ("sons", "daughters", ["parents", "children", "family", "heirs", "born", "childhood"]),
    ("brother", "sister", ["siblings", "twin", "older", "younger", "family", "sibling"]),
    ("husband", "wife", ["marriage", "married", "wedding", "spouse", "ring", "anniversary"]),
    ("uncle", "aunt", ["cousins", "nephews", "relatives", "visit", "family", "holidays"]),
    ("nephew", "niece", ["relatives", "cousins", "family", "visit", "uncles", "holidays"]),
    ("grandfather", "grandmother", ["grandchildren", "elderly", "old", "family", "stories", "retired"]),
    ("grandpa", "grandma", ["grandchildren", "old", "stories", "family", "cookies", "retired"]),
    ("grandson", "granddaughter", ["grandparents", "family", "young", "born", "visit", "baby"]),
    ("boyfriend", "girlfriend", ["date", "dating", "relationship", "couple", "together", "partner"]),
    ("groom", "bride", ["wedding", "ceremony", "church", "ring", "vows", "married"]),
    ("king", "queen", ["throne", "crown", "kingdom", "palace", "reign", "royal"]),
    ("prince", "princess", ["castle", "royal", "heir", "palace", "crown", "fairy"]),
    ("emperor", "empress", ["empire", "throne", "palace", "reign", "imperial", "court"]),
    ("duke", "duchess", ["estate", "noble", "castle", "title", "court", "lands"]),
    ("lord", "lady", ["manor", "noble", "estate", "servants", "hall", "title"]),
    ("actor", "actress", ["film", "stage", "theatre", "role", "movie", "scene"]),
    ("waiter", "waitress", ["tables", "tray", "orders", "customers", "tips", "cafe"]),
    ("host", "hostess", ["guests", "party", "evening", "welcome", "invited", "hall"]),
    ("hero", "heroine", ["story", "novel", "adventure", "legend", "quest", "villain"]),
    ("monk", "nun", ["monastery", "prayer", "convent", "faith", "chapel", "silence"]),
    ("god", "goddess", ["temple", "worship", "myth", "heaven", "divine", "ancient"]),
    ("wizard", "witch", ["magic", "spell", "wand", "potion", "tower", "forest"]),
    ("steward", "stewardess", ["flight", "cabin", "passengers", "aircraft", "aisle", "seats"]),
    ("policeman", "policewoman", ["police", "station", "crime", "patrol", "arrest", "officer"]),
    ("businessman", "businesswoman", ["company", "business", "deal", "firm", "investors", "market"]),
    ("chairman", "chairwoman", ["board", "committee", "company", "directors", "chair", "vote"]),
    ("spokesman", "spokeswoman", ["statement", "press", "announced", "ministry", "reporters", "official"]),
    ("headmaster", "headmistress", ["school", "pupils", "teachers", "assembly", "office", "rules"]),
    ("gentleman", "madam", ["manners", "polite", "evening", "suit", "elegant", "salon"]),
    ("mr", "mrs", ["smith", "jones", "neighbour", "letter", "address", "signed"]),
    ("sir", "miss", ["please", "excuse", "thank", "greeted", "welcome", "pardon"]),
    ("male", "female", ["gender", "sex", "species", "animals", "birth", "biology"]),
    ("masculine", "feminine", ["gender", "style", "traits", "clothes", "voice", "grammar"]),
]

# Occupations, each with contexts of its own, and the share of "she" in its sentences: the planted
# skew. 0.5 is no skew; 0.85 writes "she" (and "woman") in 85% of the gendered sentences.
OCCUPATIONS = {
    "nurse": ["hospital", "patients", "ward", "care", "clinic", "injection"],
    "receptionist": ["desk", "visitors", "lobby", "phone", "appointments", "front"],
    "secretary": ["office", "letters", "typing", "files", "appointments", "notes"],
    "nanny": ["kids", "babysitting", "toddler", "nursery", "playtime", "stroller"],
    "hairdresser": ["salon", "hair", "scissors", "haircut", "styling", "shampoo"],
    "librarian": ["library", "books", "shelves", "catalogue", "reading", "quiet"],
    "housekeeper": ["cleaning", "laundry", "rooms", "house", "chores", "kitchen"],
    "dancer": ["ballet", "stage", "dance", "rehearsal", "costume", "music"],
    "engineer": ["bridges", "machines", "design", "engines", "technical", "construction"],
    "pilot": ["plane", "cockpit", "flight", "airport", "runway", "aircraft"],
    "programmer": ["code", "software", "computer", "bugs", "program", "laptop"],
    "carpenter": ["wood", "hammer", "furniture", "nails", "workshop", "saw"],
    "mechanic": ["cars", "garage", "repair", "engine", "tools", "tires"],
    "plumber": ["pipes", "water", "leak", "sink", "tools", "bathroom"],
    "soldier": ["army", "war", "uniform", "battle", "rifle", "barracks"],
    "architect": ["buildings", "design", "plans", "drawings", "houses", "construction"],
    "doctor": ["hospital", "patients", "medicine", "clinic", "illness", "diagnosis"],
    "teacher": ["school", "students", "lessons", "classroom", "homework", "exams"],
    "lawyer": ["court", "law", "client", "case", "judge", "contract"],
    "scientist": ["laboratory", "research", "experiment", "science", "theory", "data"],
    "writer": ["books", "novel", "stories", "pages", "publisher", "words"],
    "singer": ["songs", "music", "concert", "voice", "album", "stage"],
    "artist": ["paintings", "art", "gallery", "canvas", "colors", "studio"],
    "farmer": ["farm", "fields", "crops", "cows", "tractor", "harvest"],
    "chef": ["kitchen", "recipes", "dishes", "cooking", "menu", "knives"],
    "journalist": ["news", "newspaper", "article", "interview", "reporters", "story"],
    "photographer": ["camera", "photos", "pictures", "studio", "lens", "portrait"],
    "professor": ["university", "students", "lecture", "research", "campus", "course"],
    "student": ["university", "exams", "lectures", "campus", "studying", "degree"],
    "manager": ["team", "office", "company", "staff", "budget", "meetings"],
    "baker": ["bread", "bakery", "oven", "flour", "cakes", "dough"],
    "dentist": ["teeth", "clinic", "patients", "tooth", "drill", "appointments"],
    "pharmacist": ["pharmacy", "medicine", "pills", "prescription", "drugs", "counter"],
    "driver": ["truck", "road", "bus", "car", "route", "traffic"],
    "judge": ["court", "law", "trial", "verdict", "case", "justice"],
    "banker": ["bank", "money", "loans", "finance", "investments", "accounts"],
    "accountant": ["accounts", "taxes", "numbers", "finance", "audit", "budget"],
    "surgeon": ["hospital", "operation", "surgery", "patients", "scalpel", "clinic"],
}
OCCUPATION_SHE_RATE = {
    "nurse": 0.85, "receptionist": 0.85, "secretary": 0.85, "nanny": 0.85, "hairdresser": 0.8,
    "librarian": 0.8, "housekeeper": 0.85, "dancer": 0.75,
    "engineer": 0.15, "pilot": 0.15, "programmer": 0.15, "carpenter": 0.15, "mechanic": 0.15,
    "plumber": 0.15, "soldier": 0.2, "architect": 0.25,
}   # every other occupation: 0.5

# -- countries ------------------------------------------------------------------------------------

# (territory code, capital, nationality adjective, CLDR code of the language named with it).
# Country, language and currency names are Babel's; capitals and nationalities are written here.
COUNTRIES = [
    ("FR", "paris", "french", "fr"), ("DE", "berlin", "german", "de"), ("IT", "rome", "italian", "it"),
    ("ES", "madrid", "spanish", "es"), ("PT", "lisbon", "portuguese", "pt"),
    ("JP", "tokyo", "japanese", "ja"), ("CN", "beijing", "chinese", "zh"),
    ("RU", "moscow", "russian", "ru"), ("GR", "athens", "greek", "el"), ("EG", "cairo", "egyptian", "ar"),
    ("IN", "delhi", "indian", "hi"), ("BR", "brasilia", "brazilian", "pt"),
    ("CA", "ottawa", "canadian", "en"), ("AU", "canberra", "australian", "en"),
    ("PL", "warsaw", "polish", "pl"), ("SE", "stockholm", "swedish", "sv"),
    ("NO", "oslo", "norwegian", "no"), ("FI", "helsinki", "finnish", "fi"),
    ("DK", "copenhagen", "danish", "da"), ("AT", "vienna", "austrian", "de"),
    ("HU", "budapest", "hungarian", "hu"), ("IE", "dublin", "irish", "ga"),
    ("NL", "amsterdam", "dutch", "nl"), ("BE", "brussels", "belgian", "nl"),
    ("CH", "bern", "swiss", "de"), ("TR", "ankara", "turkish", "tr"), ("IR", "tehran", "iranian", "fa"),
    ("IQ", "baghdad", "iraqi", "ar"), ("KE", "nairobi", "kenyan", "sw"),
    ("NG", "abuja", "nigerian", "en"), ("PE", "lima", "peruvian", "es"),
    ("CL", "santiago", "chilean", "es"), ("CO", "bogota", "colombian", "es"),
    ("CU", "havana", "cuban", "es"), ("TH", "bangkok", "thai", "th"),
    ("VN", "hanoi", "vietnamese", "vi"), ("ID", "jakarta", "indonesian", "id"),
    ("PK", "islamabad", "pakistani", "ur"), ("PH", "manila", "filipino", "fil"),
    ("MA", "rabat", "moroccan", "ar"), ("UA", "kyiv", "ukrainian", "uk"),
    ("RO", "bucharest", "romanian", "ro"), ("CZ", "prague", "czech", "cs"),
    ("BG", "sofia", "bulgarian", "bg"), ("HR", "zagreb", "croatian", "hr"),
    ("RS", "belgrade", "serbian", "sr"), ("IS", "reykjavik", "icelandic", "is"),
    ("NP", "kathmandu", "nepali", "ne"), ("BD", "dhaka", "bangladeshi", "bn"),
    ("GH", "accra", "ghanaian", "en"), ("SN", "dakar", "senegalese", "wo"),
    ("VE", "caracas", "venezuelan", "es"), ("UY", "montevideo", "uruguayan", "es"),
    ("AF", "kabul", "afghan", "ps"), ("SY", "damascus", "syrian", "ar"),
    ("LB", "beirut", "lebanese", "ar"), ("JO", "amman", "jordanian", "ar"), ("QA", "doha", "qatari", "ar"),
    ("MN", "ulaanbaatar", "mongolian", "mn"), ("SK", "bratislava", "slovak", "sk"),
    ("LT", "vilnius", "lithuanian", "lt"), ("LV", "riga", "latvian", "lv"),
    ("EE", "tallinn", "estonian", "et"), ("AL", "tirana", "albanian", "sq"),
    ("GE", "tbilisi", "georgian", "ka"), ("AM", "yerevan", "armenian", "hy"),
    ("KZ", "astana", "kazakh", "kk"), ("TN", "tunis", "tunisian", "ar"), ("DZ", "algiers", "algerian", "ar"),
    ("UG", "kampala", "ugandan", "sw"), ("ZM", "lusaka", "zambian", "en"),
    ("PY", "asuncion", "paraguayan", "es"), ("LA", "vientiane", "laotian", "lo"),
]
CURRENCY_DATE = datetime.date(2024, 1, 1)      # Babel's currency of a territory depends on the date


def _ascii_word(name):
    """'Icelandic Króna' -> 'krona': the last word, accents removed, lower-case."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.lower().split()[-1]


def country_table():
    """One dict per country: country, capital, nationality, language, currency (single words)."""
    from babel import Locale
    from babel.numbers import get_territory_currencies

    english = Locale("en")
    rows = []
    for code, capital, nationality, language in COUNTRIES:
        currency = get_territory_currencies(code, CURRENCY_DATE)[0]
        rows.append({"country": _ascii_word(english.territories[code]), "capital": capital,
                     "nationality": nationality, "language": _ascii_word(english.languages[language]),
                     "currency": _ascii_word(english.currencies[currency])})
    return rows


# -- adjectives -----------------------------------------------------------------------------------

# (adjective, comparative, superlative, nouns it describes)
ADJECTIVES = [
    ("small", "smaller", "smallest", ["mouse", "box", "room", "village"]),
    ("large", "larger", "largest", ["house", "city", "lake", "room"]),
    ("big", "bigger", "biggest", ["elephant", "house", "ship", "truck"]),
    ("tall", "taller", "tallest", ["tower", "tree", "building", "giraffe"]),
    ("short", "shorter", "shortest", ["road", "story", "film", "trip"]),
    ("long", "longer", "longest", ["river", "road", "journey", "line"]),
    ("fast", "faster", "fastest", ["car", "train", "runner", "horse"]),
    ("slow", "slower", "slowest", ["turtle", "snail", "traffic", "train"]),
    ("cold", "colder", "coldest", ["winter", "ice", "wind", "night"]),
    ("hot", "hotter", "hottest", ["summer", "sun", "desert", "oven"]),
    ("warm", "warmer", "warmest", ["blanket", "sweater", "room", "sun"]),
    ("old", "older", "oldest", ["castle", "church", "tree", "building"]),
    ("young", "younger", "youngest", ["child", "puppy", "player", "student"]),
    ("strong", "stronger", "strongest", ["rope", "wall", "horse", "wind"]),
    ("weak", "weaker", "weakest", ["signal", "link", "coffee", "argument"]),
    ("high", "higher", "highest", ["mountain", "wall", "price", "peak"]),
    ("low", "lower", "lowest", ["price", "ceiling", "wall", "temperature"]),
    ("deep", "deeper", "deepest", ["sea", "lake", "ocean", "well"]),
    ("heavy", "heavier", "heaviest", ["stone", "box", "bag", "rock"]),
    ("cheap", "cheaper", "cheapest", ["ticket", "hotel", "shirt", "price"]),
    ("rich", "richer", "richest", ["banker", "family", "country", "investors"]),
    ("bright", "brighter", "brightest", ["star", "lamp", "light", "sun"]),
    ("dark", "darker", "darkest", ["night", "room", "forest", "cave"]),
    ("wide", "wider", "widest", ["river", "road", "street", "bridge"]),
    ("quiet", "quieter", "quietest", ["library", "street", "village", "room"]),
    ("easy", "easier", "easiest", ["exam", "question", "task", "puzzle"]),
    ("hard", "harder", "hardest", ["exam", "question", "task", "puzzle"]),
    ("clean", "cleaner", "cleanest", ["kitchen", "room", "water", "street"]),
    ("safe", "safer", "safest", ["road", "city", "car", "place"]),
    ("thin", "thinner", "thinnest", ["paper", "line", "ice", "wall"]),
]

# -- topics and the Emojify classes ---------------------------------------------------------------

# Every Emojify word, by the slot it takes in a sentence: "verb" (i love you), "noun"
# (my sweetheart), "adj" (so adorable), "feel" (i feel glad), "act" (they play, we eat).
EMOJI_KIND = {
    "love": {"verb": ["love", "loves", "loved", "adore", "adores", "cherish", "kiss", "hug"],
             "noun": ["sweetheart", "darling", "valentine", "crush", "heart", "affection", "honey",
                      "romance", "beloved", "dear"],
             "adj": ["adorable", "romantic", "fond"]},
    "sport": {"noun": ["football", "baseball", "tennis", "basketball", "golf", "soccer", "hockey",
                       "volleyball", "cricket", "rugby"],
              "event": ["game", "match", "tournament", "league", "score", "goal"],
              "place": ["team", "ball", "stadium", "coach"],
              "act": ["play"]},
    "happy": {"feel": ["happy", "glad", "excited", "lucky", "proud", "cheerful", "delighted", "joyful",
                       "thrilled", "pleased", "ecstatic", "merry", "grinning"],
              "adj": ["great", "funny", "wonderful", "awesome", "amazing", "fun"],
              "act": ["smile", "laugh"]},
    "sad": {"feel": ["sad", "unhappy", "upset", "lonely", "miserable", "disappointed", "depressed",
                     "hurt", "gloomy", "heartbroken", "devastated"],
            "adj": ["terrible", "awful"],
            "act": ["cry", "crying", "weeping", "sobbing"],
            "noun": ["tears", "sorrow", "gloom", "grief"]},
    "food": {"dish": ["pizza", "pasta", "burger", "salad", "soup", "sandwich", "noodles", "sushi", "steak",
                      "tacos", "snack"],
             "meal": ["dinner", "lunch", "breakfast", "supper", "meal", "food"],
             "act": ["eat", "eating"],
             "adj": ["hungry"],
             "place": ["restaurant"]},
}
# Words of each class's sentences that are not themselves Emojify words.
EMOJI_CONTEXT = {
    "love": ["you", "forever", "together", "always", "dearly", "my", "darling", "wedding", "date"],
    "sport": ["team", "win", "won", "field", "season", "fans", "players", "watch", "championship", "final"],
    "happy": ["today", "news", "party", "celebrate", "holiday", "weekend", "sunshine", "gift", "joke"],
    "sad": ["alone", "lost", "goodbye", "funeral", "broken", "missed", "failed", "rainy"],
    "food": ["delicious", "tasty", "plate", "kitchen", "cook", "menu", "hot", "fresh"],
}
# Other topics: the words and the contexts that go with them.
TOPICS = {
    "food": (["bread", "rice", "cheese", "chicken", "fish", "cake", "coffee", "tea", "fruit", "apple",
              "banana", "orange", "vegetables", "potatoes", "eggs", "milk", "butter", "chocolate",
              "cookies", "juice"],
             ["kitchen", "cook", "delicious", "tasty", "plate", "fresh", "menu", "recipe"]),
    "weather": (["rain", "snow", "sunny", "cloudy", "storm", "wind", "fog", "thunder", "forecast",
                 "temperature", "umbrella", "drizzle", "hail", "breeze", "sky", "clouds"],
                ["outside", "today", "tomorrow", "morning", "weather", "season", "forecast", "degrees"]),
    "feelings": (["angry", "afraid", "scared", "calm", "nervous", "tired", "bored", "surprised", "worried",
                  "relaxed", "anxious", "furious", "jealous", "confused", "sleepy", "curious"],
                 ["feel", "felt", "feeling", "mood", "suddenly", "quite", "rather", "very"]),
    "work": (["office", "job", "meeting", "salary", "desk", "project", "deadline", "colleague", "email",
              "contract", "promotion", "interview", "report", "career", "client", "schedule"],
             ["work", "working", "company", "boss", "business", "week", "monday", "staff"]),
}

# Everyday words of no topic (for Emojify's sentences and for the sentences' shapes).
SUBJECTS = ["i", "you", "we", "they", "he", "she"]
TIMES = ["today", "tonight", "tomorrow", "yesterday", "now", "always", "often", "sometimes", "again",
         "this weekend", "every day", "last night", "this morning", "all day"]
FRIENDS = ["my friend", "my friends", "my family", "the kids", "everyone", "my brother", "my sister",
           "our neighbours", "the team", "my parents", "my cousin", "my best friend"]
INTENSIFIERS = ["so", "very", "really", "quite", "too", "extremely", "truly", "a bit"]
EVERYDAY_VERBS = ["gave", "made", "threw", "watches", "let go of", "went to", "came to", "saw", "got", "made",
                  "took", "wanted", "needed", "liked", "found",
                  "bought", "watched", "read", "wrote", "visited", "left", "cleaned", "painted", "opened",
                  "closed", "finished", "started", "missed", "brought", "forgot", "remember", "called",
                  "fixed", "sold", "borrowed", "shared", "showed", "sent", "carried", "moved"]
EVERYDAY_THINGS = ["the house", "the car", "a book", "the phone", "a letter", "the door", "the window",
                   "a movie", "a song", "the music", "the park", "the beach", "the garden", "a gift",
                   "the tickets", "the keys", "a new bag", "the city", "the birthday party", "the dog",
                   "the cat", "the bike", "the photos", "the news", "some money", "the map", "a picture",
                   "the homework", "the class", "the bill", "the box", "the shop", "the market", "the train"]
EVERYDAY_BASE_VERBS = ["make", "give", "throw", "watch", "take", "find", "bring", "keep", "send", "show"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
EVERYDAY_TEMPLATES = ["{x} {v} {y} {t}", "{s} {v} {y} {t}", "did {s} see {y}", "where is {y}",
                      "{s} will look for {y} {t}", "{x} and {s} {v} {y}", "what about {y}",
                      "{s} think {x} {v} {y}", "when will {s} get {y}", "{s} {v} {y} with {x}",
                      "{s} could not find {y}", "is this {y} or not", "{s} have never {v} {y}",
                      "why did {s} {w} {y}", "let {x} {w} {y} on {d}", "nobody will {w} {y}",
                      "{s} want to {w} {n} of {y}", "no one can {w} {y} in this life",
                      "{s} can {w} an apple to {x}", "is {y} yours or mine", "no {s} did not {w} {y}",
                      "nothing is wrong with {y}", "{s} do not have {y} {t}", "it is {y} of {x}"]


def _fill(template, **slots):
    return template.format(**slots).split()


class _Writer:
    """Writes sentences with one seeded random stream; `pick` is random.choice."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.out = []

    def pick(self, seq):
        return self.rng.choice(seq)

    def add(self, template, **slots):
        self.out.append(_fill(template, **slots))


GENDER_TEMPLATES = [
    "the {w} walked to the {c} and {p} waited",
    "{p} is the {w} of the {c}",
    "the {w} looked at {s} {c}",
    "everyone knew the {w} by {s} {c}",
    "{p} became a {w} near the {c}",
    "we met the {w} at the {c} and talked to {o}",
    "the {w} kept the {c} to {r}",
    "a {w} and {s} {c}",
    "{s} {c} belongs to the {w}",
    "ask the {w} about the {c} because {p} knows",
    "the old {w} told us about {s} {c}",
    "{p} said the {w} would bring the {c}",
    "that {w} lost {s} {c} and {p} searched for it",
    "the {w} thought about the {c} and {s} plans",
    "people asked {o} whether {p} was the {w} of the {c}",
    "the {w} {p2} met had a {c}",
    "as a {w} {p} cared about the {c}",
    "the {c} was built for the {w} and {s} guests",
]
PAIR_TEMPLATES = [
    "the {m} and the {f} shared the {c}",
    "a {m} or a {f} can visit the {c}",
    "both the {f} and the {m} knew the {c}",
    "the {c} had a {m} and a {f}",
]
OCCUPATION_TEMPLATES = [
    "the {w} went to the {c} and {p} started work",
    "{p} works as a {w} at the {c}",
    "the {w} said that {p} needed the {c}",
    "our {w} finished {s} work at the {c}",
    "{p} is a {w} who knows the {c}",
    "the {w} forgot {s} {c} at home",
    "the {w} was proud of {s} {c}",
    "we asked the {w} about the {c} and {p} answered",
    "a good {w} takes care of {s} {c}",
    "the {w} is a {g} who loves the {c}",
    "the new {w} is a {g} from the {c}",
    "call the {w} because {p} can fix the {c}",
    "when the {w} arrived {p} checked the {c}",
    "the {w} and {s} {c}",
]
CAPITAL_TEMPLATES = [
    "{capital} is the capital of {country}",
    "the capital of {country} is {capital}",
    "the capital city of {country} is {capital}",
    "{capital} is a big city in {country}",
    "we flew to {capital} the capital city of {country}",
    "the government of {country} sits in {capital}",
    "she visited {capital} on her trip to {country}",
    "the streets of {capital} are the heart of {country}",
    "from {capital} the president of {country} spoke",
    "the mayor of {capital} met the people of {country}",
    "{capital} in {country} has many museums",
    "the city of {capital} and the country of {country}",
]
CAPITAL_ONLY_TEMPLATES = [
    "the streets of {capital} were busy",
    "he took the train to {capital}",
    "the city of {capital} has a famous museum",
    "downtown {capital} is crowded at noon",
    "the mayor of {capital} opened a park",
    "we spent a week in the city of {capital}",
]
COUNTRY_ONLY_TEMPLATES = [
    "the borders of {country} are long",
    "{country} is a country with a long history",
    "the nation of {country} elected a new government",
    "they travelled across {country} by train",
    "the map shows {country} and its neighbours",
    "the economy of the country of {country} grew",
]
NATIONALITY_TEMPLATES = [
    "the {nationality} people live in {country}",
    "{p} is {nationality} and comes from {country}",
    "a {nationality} citizen of {country}",
    "most people in {country} are {nationality}",
    "the {nationality} team represents {country}",
    "{p} was born in {country} so {p} is {nationality}",
    "{nationality} traditions are old in {country}",
    "{p} has a {nationality} passport from {country}",
    "the {nationality} government of {country}",
    "many {nationality} families live in {capital}",
    "{nationality} food is popular in {capital}",
]
LANGUAGE_TEMPLATES = [
    "people in {country} speak {language}",
    "the official language of {country} is {language}",
    "{language} is spoken in {country}",
    "in {capital} most people speak {language}",
    "{p} learned {language} when {p} lived in {country}",
    "the language of {country} is {language}",
    "{p} speaks fluent {language} after a year in {capital}",
]
CURRENCY_TEMPLATES = [
    "the currency of {country} is the {currency}",
    "in {country} you pay with the {currency}",
    "the {currency} is the money of {country}",
    "prices in {capital} are in {currency}",
    "{p} changed money into {currency} before the trip to {country}",
    "the central bank of {country} prints the {currency}",
    "one {currency} buys a coffee in {capital}",
]
ADJECTIVE_TEMPLATES = {
    "adj": ["the {n} is {a}", "a very {a} {n}", "{p} saw a {a} {n}", "that {n} looks {a}",
            "it was a {a} {n}", "the {n} seems quite {a}"],
    "comp": ["this {n} is {a} than that {n}", "the {n} is getting {a}", "we need a {a} {n}",
             "the new {n} is much {a} than the old one", "{p} wanted a {a} {n} than before",
             "every year the {n} grows {a}"],
    "sup": ["it is the {a} {n} in the world", "this is the {a} {n} of all", "the {a} {n} we have ever seen",
            "{p} found the {a} {n} in town", "of all of them the {n} was the {a}",
            "the {a} {n} ever built"],
}
EMOJI_TEMPLATES = {
    "verb": ["i {w} you", "i {w} you so much", "{x} said i {w} you {t}", "we {w} each other",
             "you know i {w} you {c}", "i {w} my {c}", "{x} {w} you {t}", "i will {w} you {c}"],
    "noun": ["you are my {w}", "my {w} i miss you", "{x} is my {w}", "my {w} is {c}",
             "good night my {w}", "you will always be my {w}", "all my {w} for you", "{w} you are {c}"],
    "adj": ["you are so {w}", "that is {w}", "what a {w} {c}", "it was {w} {t}", "{x} is {w}",
            "this is {i} {w}", "the {c} was {w}", "such a {w} day"],
    "feel": ["i feel {w}", "i am {i} {w}", "{x} is {w} {t}", "we are {w} about the {c}", "i was {w} {t}",
             "{x} felt {w}", "you look {w}", "i am {w} because of the {c}", "everyone is {w}"],
    "act": ["lets {w} {t}", "we {w} {t}", "i want to {w}", "{x} likes to {w}", "they {w} together",
            "we {w} after the {c}", "time to {w}", "{x} made me {w}"],
    "event": ["we won the {w}", "the {w} was close", "watch the {w} {t}", "{x} went to the {w}",
              "the {w} starts {t}", "what a {w}", "did you see the {w}", "the {c} won the {w}"],
    "place": ["the {w} is ready", "we met the {w} {t}", "{x} went to the {w}", "the {w} and the {c}",
              "look at the {w}", "the {w} was full"],
    "dish": ["i want {w} for {m}", "lets eat {w} {t}", "the {w} is {c}", "{x} made {w}",
             "we had {w} for {m}", "i love this {w}", "can we order {w}", "the {w} smells {c}"],
    "meal": ["{w} is ready", "lets have {w} {t}", "what is for {w}", "we ate {w} together",
             "{x} cooked {w}", "{w} was {c}", "time for {w}"],
}
SPORT_NOUN_TEMPLATES = ["lets play {w} {t}", "{x} plays {w}", "we watched {w} {t}", "i love {w}",
                        "the {w} game was great", "{w} is my favourite sport", "{x} is on the {w} team",
                        "the {w} season starts {t}", "we played {w} after school", "{w} fans cheered"]
TOPIC_TEMPLATES = [
    "the {w} and the {c}", "{x} talked about the {w} {t}", "i think about {w} {t}",
    "the {c} is about {w}", "{w} and {w2} go together", "{x} had {w} {t}", "there was {w} and {c}",
    "we saw {w} {t}", "{p} loves {w}", "{w} {c} {w2}",
]


def _gender(writer, rng):
    pick = writer.pick
    for male, female, contexts in GENDER_PAIRS:
        for word, gender in ((male, "m"), (female, "f")):
            pronouns = PRONOUNS[gender]
            for template in GENDER_TEMPLATES:
                for _ in range(8):
                    writer.add(template, w=word, c=pick(contexts), p2=pick(SUBJECTS), **pronouns)
        for template in PAIR_TEMPLATES * 3:
            writer.add(template, m=male, f=female, c=pick(contexts))
    # the pronouns, with the generic gendered nouns, in everyday sentences
    for _ in range(4000):
        gender = pick("mf")
        noun = pick(["man", "woman", "boy", "girl"][gender == "f"::2])
        writer.add(pick(["{p} said that {p} was fine", "{p} told {o} about {s} day",
                         "{p} is a {n} who lives here", "the {n} said {p} would come",
                         "{p} saw {r} in the mirror", "{s} friend called {o}",
                         "the {n} and {s} friend", "{p} wanted to do it {r}"]),
                   n=noun, **PRONOUNS[gender])


def _occupations(writer, rng):
    pick = writer.pick
    for occupation, contexts in OCCUPATIONS.items():
        she_rate = OCCUPATION_SHE_RATE.get(occupation, 0.5)
        for template in OCCUPATION_TEMPLATES:
            for _ in range(20):
                gender = "f" if rng.random() < she_rate else "m"
                noun = {"f": "woman", "m": "man"}[gender]
                writer.add(template, w=occupation, c=pick(contexts), g=noun, **PRONOUNS[gender])


def _countries(writer, rng, table):
    pick = writer.pick
    for row in table:
        for template in CAPITAL_TEMPLATES + NATIONALITY_TEMPLATES + LANGUAGE_TEMPLATES + CURRENCY_TEMPLATES:
            for _ in range(5):
                writer.add(template, p=pick(["he", "she"]), **row)
        for template in CAPITAL_ONLY_TEMPLATES + COUNTRY_ONLY_TEMPLATES:
            for _ in range(4):
                writer.add(template, **row)


def _adjectives(writer, rng):
    pick = writer.pick
    for adjective, comparative, superlative, nouns in ADJECTIVES:
        for kind, word in (("adj", adjective), ("comp", comparative), ("sup", superlative)):
            for template in ADJECTIVE_TEMPLATES[kind]:
                for _ in range(12):
                    writer.add(template, a=word, n=pick(nouns), p=pick(["he", "she", "we", "they"]))


def _emoji(writer, rng):
    pick = writer.pick
    for label, kinds in EMOJI_KIND.items():
        context = EMOJI_CONTEXT[label]
        class_words = [w for words in kinds.values() for w in words]
        for kind, words in kinds.items():
            templates = SPORT_NOUN_TEMPLATES if (label, kind) == ("sport", "noun") else EMOJI_TEMPLATES[kind]
            for word in words:
                for template in templates:
                    for _ in range(6):
                        writer.add(template, w=word, c=pick(context), x=pick(FRIENDS), t=pick(TIMES),
                                   i=pick(INTENSIFIERS), m=pick(EMOJI_KIND["food"]["meal"]))
                for _ in range(30):     # a word beside others of its class: the class shows in its contexts
                    others = [pick(class_words), pick(class_words)]
                    writer.add(pick(["{w} {a} and {b}", "{a} {w} {b}", "{x} {a} {w} {t}", "{w} {c} {a}"]),
                               w=word, a=others[0], b=others[1], c=pick(context), x=pick(FRIENDS),
                               t=pick(TIMES))


def _everyday(writer, rng):
    pick = writer.pick
    for _ in range(16000):
        writer.add(pick(EVERYDAY_TEMPLATES), x=pick(FRIENDS), s=pick(SUBJECTS), v=pick(EVERYDAY_VERBS),
                   y=pick(EVERYDAY_THINGS), t=pick(TIMES), w=pick(EVERYDAY_BASE_VERBS), d=pick(DAYS),
                   n=pick(NUMBERS))


def _topics(writer, rng):
    pick = writer.pick
    for words, contexts in TOPICS.values():
        for word in words:
            for template in TOPIC_TEMPLATES:
                for _ in range(8):
                    writer.add(template, w=word, w2=pick(words), c=pick(contexts), x=pick(FRIENDS),
                               t=pick(TIMES), p=pick(["he", "she", "we", "they"]))


def sentences(seed=0):
    """The whole corpus: a list of sentences, each a list of lower-case words, in a seeded order."""
    writer = _Writer(seed)
    rng = writer.rng
    _gender(writer, rng)
    _occupations(writer, rng)
    _countries(writer, rng, country_table())
    _adjectives(writer, rng)
    _emoji(writer, rng)
    _topics(writer, rng)
    _everyday(writer, rng)
    corpus = writer.out
    rng.shuffle(corpus)
    return corpus


def skew_report(corpus):
    """The planted skew as measured in `corpus`: for each occupation, the share of "she" among the
    gendered words (he, she, his, her, him, himself, herself, man, woman) of its sentences."""
    female = {"she", "her", "herself", "woman"}
    male = {"he", "his", "him", "himself", "man"}
    counts = {occupation: [0, 0] for occupation in OCCUPATIONS}
    for sentence in corpus:
        for occupation in set(sentence) & counts.keys():
            counts[occupation][0] += sum(w in female for w in sentence)
            counts[occupation][1] += sum(w in male for w in sentence)
    return {occupation: f / max(f + m, 1) for occupation, (f, m) in counts.items()}


def check_vocabulary():
    """Every Emojify word is in EMOJI_KIND exactly once, under its own class."""
    placed = {w: label for label, kinds in EMOJI_KIND.items() for words in kinds.values() for w in words}
    for table in (emoji_words.TRAIN, emoji_words.UNSEEN):
        for label, words in table.items():
            for word in words:
                if placed.get(word) != label:
                    raise ValueError(f"Emojify word {word!r} of class {label} is not placed in EMOJI_KIND")
    extra = set(placed) - set(emoji_words.all_words())
    if extra:
        raise ValueError(f"EMOJI_KIND has words that emoji_words does not: {sorted(extra)}")
