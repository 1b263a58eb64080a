"""The words of the five Emojify classes (C5W2), shared by two builders.

`emojify` writes its training sentences with the TRAIN words of each class, and its test
sentences with the TRAIN words and the UNSEEN words: synonyms that no training sentence contains.
`word_vectors` puts every word here into its corpus, each class's words in the same kinds of
sentences, so that an unseen synonym's vector lies near its class's training words. That is the
lesson of Emojify: a model trained on "i love you" classifies "i adore you" through the vectors.

Labels and emoji are the original course's: 0 heart, 1 baseball, 2 smile, 3 disappointed, 4 fork
and knife. Every word is lower-case a-z. Change a list only together with a rebuild of both
`word_vectors` and `emojify`.
"""

LABELS = ["love", "sport", "happy", "sad", "food"]
EMOJI = ["\u2764\ufe0f", "\u26be", "\U0001f604", "\U0001f61e", "\U0001f374"]

TRAIN = {
    "love": ["love", "loves", "loved", "adorable", "sweetheart", "darling", "kiss", "hug",
             "romantic", "valentine", "beloved", "crush", "heart", "affection", "dear"],
    "sport": ["football", "baseball", "tennis", "basketball", "golf", "game", "match", "team",
              "ball", "play", "score", "stadium", "coach", "league", "goal"],
    "happy": ["happy", "glad", "great", "funny", "smile", "laugh", "fun", "wonderful", "awesome",
              "excited", "amazing", "lucky", "proud", "cheerful", "delighted"],
    "sad": ["sad", "unhappy", "upset", "cry", "crying", "lonely", "miserable", "disappointed",
            "terrible", "awful", "depressed", "hurt", "tears", "gloomy", "heartbroken"],
    "food": ["food", "eat", "eating", "dinner", "lunch", "breakfast", "pizza", "pasta", "burger",
             "salad", "soup", "hungry", "restaurant", "meal", "sandwich"],
}

UNSEEN = {
    "love": ["adore", "adores", "cherish", "fond", "honey", "romance"],
    "sport": ["soccer", "hockey", "volleyball", "cricket", "rugby", "tournament"],
    "happy": ["joyful", "thrilled", "pleased", "ecstatic", "merry", "grinning"],
    "sad": ["sorrow", "gloom", "weeping", "grief", "devastated", "sobbing"],
    "food": ["noodles", "sushi", "steak", "supper", "snack", "tacos"],
}

# Words of negation and intensity: V1's average cannot read "not happy"; V2 can learn it.
NEGATIONS = ["not", "never", "no", "nothing"]


def all_words():
    """Every class word, sorted, without repeats."""
    return sorted({w for table in (TRAIN, UNSEEN) for words in table.values() for w in words})
