"""Short sentences labelled with one of five emoji, for Emojify (C5W2, DATA.md `emojify`).

The layout is the original course's `train_emoji.csv` and `tesss.csv`: one sentence a line, then a
comma and the label, no header ("I want to eat pizza,4"). Labels are those of
utils/datagen/emoji_words.py: 0 heart (love), 1 baseball (sport), 2 smile (happy), 3 disappointed
(sad), 4 fork and knife (food).

Every sentence is written by this project: the TEMPLATES below with their slots filled, plus the
HAND_WRITTEN ones. A sentence's class words (the words that tell its emoji) come only from
emoji_words.py; every other word is one of FUNCTION_WORDS, common words that say nothing about the
class ("i", "am", "so", "today", "want", ...). The two sets differ in one way that is the lesson:

* training sentences use only the TRAIN words of each class;
* test sentences use the TRAIN words and the UNSEEN ones, synonyms absent from every training
  sentence (each UNSEEN word appears in the test set at least once), so the test set shares only
  part of its vocabulary with the training set. A model that reads words through pretrained
  vectors can still classify "I adore you"; one that learnt the training words alone cannot.

Negation is labelled by meaning: "I am not happy" is sad (3), "I am not sad" is happy (2).
NEGATED sentences are few (N_NEGATED_TRAIN of each kind in the training set, N_NEGATED_TEST in
the test set). Averaging the word vectors cannot read both kinds: a weighting of the words that
makes "not" + "happy" sad and "not" + "sad" happy gives "sad" more weight towards happy than
"happy" has, whatever weight "not" takes. A sequence model can learn them.

"I" is written in upper case, as in English; every other letter is lower case, so a model must
lower-case a sentence before looking its words up. Sentences have at most MAX_WORDS words. The
build checks every rule above and writes the same bytes for the same SEED.
"""

import random

from utils.datagen import emoji_words

FILES = ["emojify_train.csv", "emojify_test.csv"]
CHEAP = True
SEED = 0
MAX_WORDS = 10
PER_CLASS_TRAIN = 40           # sentences per class in the training set, hand-written included
PER_CLASS_TEST = 12            # the same for the test set
N_NEGATED_TRAIN = 6             # of each kind: not + happy word, not + sad word
N_NEGATED_TEST = 3
COUNTABLE = {"burger", "sandwich", "snack"}      # take "a" where no other article stands
UNSEEN_SHARE = 0.6             # in the test set, the chance that a slot with UNSEEN words takes one

# The class words by the part they play in a sentence: a slot {verb} of a love template takes one
# of KINDS["love"]["verb"]. Each TRAIN and UNSEEN word is in at least one kind (checked).
KINDS = {
    "love": {
        "verb": ["love", "adore", "cherish"],
        "touch": ["kiss", "hug"],
        "verb_s": ["loves", "adores"],
        "verb_ed": ["loved"],
        "person": ["sweetheart", "darling", "valentine", "beloved", "dear", "crush", "honey"],
        "adj": ["adorable", "romantic"],
        "noun": ["love", "heart", "affection"],
        "romance": ["romance"],
        "fond": ["fond"],
    },
    "sport": {
        "sport": ["football", "baseball", "tennis", "basketball", "golf", "soccer", "hockey",
                  "volleyball", "cricket", "rugby"],
        "event": ["game", "match", "tournament"],
        "play": ["play"],
        "crew": ["team", "coach"],
        "other": ["ball", "stadium", "league", "goal", "score"],      # in HAND_WRITTEN sentences
    },
    "happy": {
        "mood": ["happy", "glad", "excited", "lucky", "proud", "cheerful", "delighted", "joyful",
                 "thrilled", "pleased", "ecstatic", "merry"],
        "quality": ["great", "funny", "wonderful", "awesome", "amazing", "fun"],
        "verb": ["smile", "laugh"],
        "ing": ["grinning"],
    },
    "sad": {
        "mood": ["sad", "unhappy", "upset", "lonely", "miserable", "disappointed", "depressed",
                 "hurt", "gloomy", "heartbroken", "devastated"],
        "quality": ["terrible", "awful", "gloomy"],
        "verb": ["cry"],
        "ing": ["crying", "weeping", "sobbing"],
        "noun": ["tears", "sorrow", "gloom", "grief"],
        "mass": ["sorrow", "gloom", "grief"],
    },
    "food": {
        "dish": ["pizza", "pasta", "burger", "salad", "soup", "sandwich", "noodles", "sushi",
                 "steak", "tacos"],
        "meal": ["dinner", "lunch", "breakfast", "supper", "snack"],
        "noun": ["food", "meal"],
        "eat": ["eat"],
        "eating": ["eating"],
        "hungry": ["hungry"],
        "place": ["restaurant"],
    },
}

TEMPLATES = {
    "love": ["i {verb} you", "i {verb} you so much", "i really {verb} you", "she {verb_s} him",
             "he {verb_s} her so much", "we {verb_ed} each other", "i want to {touch} you",
             "i want a {touch}", "you are my {person}", "i {verb} my {person}",
             "my {person} is so {adj}", "{person} i {verb} you",
             "good night my {person}", "you are so {adj}", "that was so {adj}",
             "you have all my {noun}", "with all my {noun}", "they had a {romance}", "i am {fond} of you",
             "i am so {fond} of her"],
    "sport": ["i {play} {sport} every day", "we will {play} {sport}", "we {play} {sport} after work",
              "did you watch the {sport} {event}", "the {sport} {event} is today",
              "she is good at {sport}", "we won the {event}", "he watched {sport} all day",
              "the {event} starts at noon", "what a {event}", "the {crew} is here"],
    "happy": ["i am so {mood}", "i feel {mood} today", "she is {mood} for you",
              "we are {mood} to see you", "the day was {quality}", "this is so {quality}",
              "that was {quality}", "the {story} made me {verb}", "he was {ing} all day",
              "they are {ing} at me", "my mother is so {mood}"],
    "sad": ["i am so {mood}", "i feel {mood} today", "he was {mood} all week", "the day was {quality}",
            "this is so {quality}", "the {story} made me {verb}", "she was {ing} all night",
            "she is {ing} again", "she was in {noun}", "there was so much {mass}",
            "my father is so {mood}"],
    "food": ["i want to {eat} {dish}", "we will have {dish} for {meal}", "we had {dish} for {meal}",
             "i am so {hungry}", "i am {hungry} now", "what is for {meal}", "the {meal} is ready",
             "we will go to the {place}", "we are {eating} {dish} tonight", "i made {dish} for you",
             "the {noun} is ready"],
}

# Written by hand, with TRAIN words only for the training set; the test set's may use UNSEEN ones.
HAND_WRITTEN = {
    "train": {
        "love": ["my love for you is forever", "i want to kiss you", "he got a kiss from her",
                 "my heart is with you", "you are my dear", "he is my crush", "i miss you my darling",
                 "will you be my valentine"],
        "sport": ["he will score a goal", "the coach is here", "our team is the best in the league",
                  "bring me the ball", "the stadium was full", "she will score again",
                  "we have a new coach", "she plays golf on monday"],
        "happy": ["today was a wonderful day", "we had so much fun", "that movie was funny",
                  "she has a big smile", "we laugh all the time", "i got the job and i am excited",
                  "she is so proud of you", "you are awesome"],
        "sad": ["i lost my dog and i am sad", "she was in tears", "i want to cry",
                "he felt lonely at home", "the news was awful", "i am hurt and upset",
                "he is depressed again", "i feel miserable and lonely"],
        "food": ["what is for dinner", "i want to eat", "the soup is hot", "she made a salad",
                 "we will get a burger", "the food was good", "we had pasta at the restaurant",
                 "i had a sandwich for lunch"],
    },
    "test": {
        "love": ["i adore you", "she adores him", "i will always cherish you"],
        "sport": ["we watched the hockey tournament", "we will play cricket", "the soccer match is today"],
        "happy": ["i am so thrilled", "she was grinning at me", "we are pleased to see you"],
        "sad": ["she was weeping all night", "i am devastated", "there was so much grief"],
        "food": ["we will have sushi for supper", "i want a snack", "we had steak and tacos"],
    },
}

# Negation, labelled by meaning, in both directions: "not" with a happy word is sad, "not" with a sad
# word is happy ("I am not sad"). No weighting of the words can read both (see the docstring).
NEGATED = {
    "sad": (["i am not {mood}", "i do not feel {mood} today", "this is not {quality}",
             "that was not {quality} at all", "she is not {mood} at all", "we are not {mood}",
             "it was not {quality}", "he is not {mood} today"],
            {"mood": ["happy", "glad", "excited", "cheerful", "proud", "lucky"],
             "quality": ["great", "fun", "wonderful", "amazing", "awesome"]}),
    "happy": (["i am not {mood}", "i do not feel {mood} today", "she is not {mood} at all",
               "we are not {mood}", "he is not {mood} today", "i am not {mood} now",
               "they are not {mood} at all"],
              {"mood": ["sad", "upset", "lonely", "unhappy", "disappointed", "miserable", "hurt"]}),
}
OPPOSITE = {"sad": "happy", "happy": "sad"}

# Neutral words for slots that every class shares: "the movie made me laugh", "the news made me cry".
FILLERS = {"story": ["movie", "news", "song", "story"]}

# Every word other than the class words. None of them tells an emoji by itself.
FUNCTION_WORDS = sorted(set("""
a after again all always am and are at be best big bring came day did do dog each every father
feel felt for forever from full get go good got had has have he her here him home hot i in is it job
lost made me miss monday mother movie much my new news night noon not now of on one other our plays
ready really see she so song starts story that the there they this time to today tonight us want
was watch watched we week what will with won work you
""".split()) | set(emoji_words.NEGATIONS))

def _class_words(label, split):
    """The class words a sentence of class `label` may use in `split`."""
    words = set(emoji_words.TRAIN[label])
    return words if split == "train" else words | set(emoji_words.UNSEEN[label])


def _allowed(label, split):
    """The class words a `split` sentence of class `label` may use, by kind."""
    words = _class_words(label, split)
    allowed = {kind: [w for w in kind_words if w in words] for kind, kind_words in KINDS[label].items()}
    return {**FILLERS, **allowed}


def _fill(template, choices, rng, unseen=()):
    """`template` with each {kind} slot filled from choices[kind]; an UNSEEN word is taken with
    probability UNSEEN_SHARE where the slot offers one."""
    words = []
    for token in template.split():
        if token.startswith("{"):
            options = choices[token[1:-1]]
            fresh = [w for w in options if w in unseen]
            pool = fresh if fresh and rng.random() < UNSEEN_SHARE else options
            token = rng.choice(sorted(pool))
        words.append(token)
    return _articles(" ".join(words))


def _articles(sentence):
    """"a" put before a countable dish that has no article ("we had a burger")."""
    words = sentence.split()
    out = []
    for i, word in enumerate(words):
        if word in COUNTABLE and (i == 0 or words[i - 1] not in ("a", "the", "my", "our")):
            out.append("a")
        out.append(word)
    return " ".join(out)


def _usable(template, choices):
    return all(choices.get(token[1:-1]) for token in template.split() if token.startswith("{"))


def _cased(sentence):
    """English casing of the project's sentences: "I" upper case, every other word lower case."""
    return " ".join("I" if w == "i" else w for w in sentence.split())


def _sentences(split, rng, taken):
    """[(sentence, label)] of one split, in a shuffled order; `taken` holds sentences to avoid."""
    per_class = PER_CLASS_TRAIN if split == "train" else PER_CLASS_TEST
    rows = []
    for label_index, label in enumerate(emoji_words.LABELS):
        choices = _allowed(label, split)
        unseen = set(emoji_words.UNSEEN[label]) if split == "test" else set()
        templates = [t for t in TEMPLATES[label] if _usable(t, choices)]
        mine = list(HAND_WRITTEN[split][label])
        # the test set first holds every UNSEEN word once, each in a template that takes it
        for word in sorted(unseen):
            if any(word in s.split() for s in mine):
                continue
            fitting = [t for t in templates if any(word in choices[k[1:-1]] for k in t.split()
                                                   if k.startswith("{"))]
            for _ in range(50):
                sentence = _fill(rng.choice(fitting), choices, rng, unseen={word})
                if word in sentence.split() and sentence not in taken and sentence not in mine:
                    mine.append(sentence)
                    break
            else:
                raise RuntimeError(f"no new test sentence found for the unseen word {word!r}")
        for _ in range(100 * per_class):
            if len(mine) == per_class:
                break
            sentence = _fill(rng.choice(templates), choices, rng, unseen)
            if sentence not in taken and sentence not in mine:
                mine.append(sentence)
        else:
            raise RuntimeError(f"the {label} templates give fewer than {per_class} new {split} sentences")
        taken.update(mine)
        rows.extend((s, label_index) for s in mine)
    n_negated = N_NEGATED_TRAIN if split == "train" else N_NEGATED_TEST
    for label, (templates, words) in NEGATED.items():
        negated = []
        for _ in range(100 * n_negated):
            if len(negated) == n_negated:
                break
            sentence = _fill(rng.choice(templates), words, rng)
            if sentence not in taken and sentence not in negated:
                negated.append(sentence)
        taken.update(negated)
        rows.extend((s, emoji_words.LABELS.index(label)) for s in negated)
    rng.shuffle(rows)
    return [(_cased(s), label) for s, label in rows]


def _check(rows, split):
    """Raise ValueError where a sentence breaks a rule of the module docstring."""
    everything = set(emoji_words.all_words())
    for sentence, label in rows:
        words = sentence.lower().split()
        name = emoji_words.LABELS[label]
        own = _class_words(name, split)
        class_words = [w for w in words if w in everything]
        other = [w for w in words if w not in everything and w not in FUNCTION_WORDS]
        if name in OPPOSITE and any(w in emoji_words.NEGATIONS for w in words):
            own = set(emoji_words.TRAIN[OPPOSITE[name]])          # "not" + a word of the other class
        problems = [f"{w!r} is neither a class word nor a function word" for w in other]
        problems += [f"{w!r} is not a {split} word of {name}" for w in class_words if w not in own]
        if not class_words:
            problems.append("no class word")
        if any(a == "a" and b[0] in "aeiou" for a, b in zip(words, words[1:])):
            problems.append('"a" before a vowel (write the template without an article)')
        if len(words) > MAX_WORDS:
            problems.append(f"more than {MAX_WORDS} words")
        if problems:
            raise ValueError(f"{split} sentence {sentence!r} ({name}): " + "; ".join(problems))


def _kinds_cover_the_words():
    for label in emoji_words.LABELS:
        listed = set(emoji_words.TRAIN[label]) | set(emoji_words.UNSEEN[label])
        in_kinds = {w for words in KINDS[label].values() for w in words}
        if listed != in_kinds:
            raise ValueError(f"KINDS[{label!r}] differs from emoji_words: missing "
                             f"{sorted(listed - in_kinds)}, extra {sorted(in_kinds - listed)}")


def make_sets(seed=SEED):
    """(train rows, test rows): lists of (sentence, label), checked against every rule."""
    _kinds_cover_the_words()
    rng = random.Random(seed)
    taken = set()
    train = _sentences("train", rng, taken)
    test = _sentences("test", rng, taken)
    _check(train, "train")
    _check(test, "test")
    return train, test


def build(out_dir, seed=SEED):
    train, test = make_sets(seed)
    for name, rows in zip(FILES, (train, test)):
        (out_dir / name).write_text("".join(f"{sentence},{label}\n" for sentence, label in rows))
        print(f"  {name}: {len(rows)} sentences")
