"""bAbI-style stories, questions and answer spans for question answering (C5W4, DATA.md `qa`).

Two kinds of story, in the manner of two of the bAbI tasks (Weston et al., 2015), written by this
project's code (no bAbI text is used), named by the bAbI task they follow:

* "qa4" (bAbI task 4, two-argument relations): two facts about where places lie, such as
  "The office is north of the kitchen. The garden is west of the office." and a question about
  one of them, asked from either side: "What is north of the kitchen?" (office) or
  "What is the garden west of?" (office). The two facts share a place and draw a consistent map
  (three places on a grid, no two on the same spot), so every question has one answer. bAbI's
  six rooms and four directions give 5,760 distinct two-fact stories.
* "qa1" (bAbI task 1, single supporting fact): two to six sentences of people moving between
  places ("Mary went to the bathroom. John moved to the hallway. Mary travelled to the office.")
  and "Where is Mary?": the place of the last sentence about that person (office).

Each example is one JSON object a line (compact, ASCII), with the keys
    "task" ("qa4" or "qa1"), "context" (the story), "question", "answer" (the place, as written
    in the story), "answer_start" (the character offset of the answer in the context), "support"
    (the 0-based index, in the story, of the sentence that answers the question).
`context[answer_start:answer_start + len(answer)] == answer` always holds; the answer's offset is
the one in the supporting sentence (a place may occur more than once in a story, and `str.find`
would then give an earlier, wrong occurrence).

Every context is drawn only once: no story occurs twice, in one split or across the two. For each
task, PER_TASK["train"] and PER_TASK["test"] distinct stories are drawn, with one question each
(the file lists the qa4 examples, then the qa1 ones). The build is pure Python (a random.Random
per task and seed) and takes well under a second.
"""

import json
import random

FILES = ["qa/train.jsonl", "qa/test.jsonl"]
CHEAP = True
SEED = 0
PER_TASK = {"train": 1_000, "test": 1_000}
TASKS = ("qa4", "qa1")         # bAbI's numbers: qa4 two-arg-relations, qa1 single-supporting-fact

# bAbI's own six rooms, and its four directions with their (dx, dy) steps on a grid.
PLACES = ("bathroom", "bedroom", "garden", "hallway", "kitchen", "office")
DIRECTIONS = {"north": (0, 1), "south": (0, -1), "east": (1, 0), "west": (-1, 0)}
# bAbI task 1's four people and four more; the verbs of its sentences.
PEOPLE = ("Mary", "John", "Sandra", "Daniel", "Julie", "Fred", "Bill", "Emma")
MOVES = ("went to", "moved to", "travelled to", "journeyed to", "went back to")
MIN_SENTENCES, MAX_SENTENCES = 2, 6


def _relation_story(rng):
    """Two consistent facts that share a place, and one question; None if this draw fails."""
    places = rng.sample(PLACES, 3)
    # Lay three places out on a grid: the shared one at the origin, the two others one step away
    # in two different directions, so that no two places share a spot.
    directions = rng.sample(sorted(DIRECTIONS), 2)
    shared, first, second = places
    position = {shared: (0, 0), first: DIRECTIONS[directions[0]], second: DIRECTIONS[directions[1]]}
    # Each fact links the shared place with one other, written from either side:
    # "first is d of shared" or "shared is d' of first".
    facts = []
    for other in (first, second):
        if rng.random() < 0.5:
            facts.append((other, _direction(position[other], position[shared]), shared))
        else:
            facts.append((shared, _direction(position[shared], position[other]), other))
    rng.shuffle(facts)
    sentences = [f"The {a} is {d} of the {b}." for a, d, b in facts]
    support = rng.randrange(2)
    a, d, b = facts[support]
    if rng.random() < 0.5:
        question, answer, answer_slot = f"What is {d} of the {b}?", a, 0
        if sum(1 for x, y, z in facts if (y, z) == (d, b)) != 1:
            return None
    else:
        question, answer, answer_slot = f"What is the {a} {d} of?", b, 1
        if sum(1 for x, y, z in facts if (x, y) == (a, d)) != 1:
            return None
    # The answer's offset: inside the supporting sentence, in the slot the question asks for.
    sentence = sentences[support]
    offset = len("The ") if answer_slot == 0 else len(f"The {a} is {d} of the ")
    return sentences, question, answer, support, offset, sentence


def _direction(from_position, to_position):
    """The direction word for a one-step move from `from_position` to `to_position`."""
    step = (from_position[0] - to_position[0], from_position[1] - to_position[1])
    return next(name for name, delta in DIRECTIONS.items() if delta == step)


def _movement_story(rng):
    """People moving between places, and "Where is P?" about one who moved at least once."""
    n = rng.randint(MIN_SENTENCES, MAX_SENTENCES)
    cast = rng.sample(PEOPLE, rng.randint(2, 4))
    where, sentences, last = {}, [], {}
    for k in range(n):
        person = rng.choice(cast)
        place = rng.choice([p for p in PLACES if p != where.get(person)])   # a move goes somewhere new
        where[person] = place
        last[person] = k
        sentences.append(f"{person} {rng.choice(MOVES)} the {place}.")
    person = rng.choice(sorted(last))
    support = last[person]
    sentence = sentences[support]
    answer = where[person]
    offset = len(sentence) - len(answer) - 1                # "... the office." ends with the place
    return sentences, f"Where is {person}?", answer, support, offset, sentence


_STORIES = {"qa4": _relation_story, "qa1": _movement_story}


def to_example(task, story):
    """One example in the shipped format from a story function's result (sentences, question,
    answer, support, offset, sentence): the answer's character offset in the joined story."""
    sentences, question, answer, support, offset, sentence = story
    context = " ".join(sentences)
    answer_start = sum(len(s) + 1 for s in sentences[:support]) + offset
    assert sentence[offset:offset + len(answer)] == answer
    assert context[answer_start:answer_start + len(answer)] == answer
    return {"task": task, "context": context, "question": question, "answer": answer,
            "answer_start": answer_start, "support": support}


def draw(seed=SEED, per_task=None):
    """{split: [example, ...]} for both tasks, every context distinct across the two splits."""
    per_task = per_task or PER_TASK
    splits = {split: [] for split in per_task}
    for task in TASKS:
        rng = random.Random(f"qa {task} {seed}")
        seen = set()
        for split, count in per_task.items():
            k = 0
            while k < count:
                story = _STORIES[task](rng)
                if story is None:
                    continue
                example = to_example(task, story)
                if example["context"] in seen:
                    continue
                seen.add(example["context"])
                splits[split].append(example)
                k += 1
    contexts = [{example["context"] for example in examples} for examples in splits.values()]
    assert not set.intersection(*contexts), "a story occurs in two splits"
    return splits


def to_jsonl(examples):
    """One JSON object a line, keys in a fixed order, ASCII, newline-terminated."""
    return "".join(json.dumps(example, ensure_ascii=True, separators=(",", ":")) + "\n"
                   for example in examples)


def build(out_dir, seed=SEED):
    (out_dir / "qa").mkdir(parents=True, exist_ok=True)
    splits = draw(seed)
    for relpath in FILES:
        split = relpath.split("/")[-1].split(".")[0]
        (out_dir / relpath).write_text(to_jsonl(splits[split]))
