"""The question-answering encoder: `python -m utils.pretrain transformer_qa`.

course5_sequence_models/w4_a4_transformer_qa.ipynb builds the learner's `TransformerQA` at the
sizes of utils/nn/transformer_qa.py (`QA.qa_model`: NUM_LAYERS encoder layers of
`utils.nn.transformer.Encoder`, EMBEDDING_DIM, NUM_HEADS heads, FULLY_CONNECTED_DIM, no dropout,
MAX_LENGTH 48 tokens, and a Dense(1) start head and end head), trains it briefly to show the loss
falling, then loads these weights: the same model trained for STEPS steps on stories of both tasks
drawn here.

Data: the shipped `qa` training set is 1,000 stories per task, too few for a small encoder trained
from scratch to reach 0.90 exact match on `qa1`. So this module draws its own stories with the
generator's functions (utils.datagen.qa: `_relation_story` for qa4, `_movement_story` for qa1),
each task from its own `random.Random` seeded differently from the shipped set, and drops every
story whose context occurs in the shipped test split (the held-out figures are measured there).
POOL["qa4"] and POOL["qa1"] examples are drawn (a story may repeat with another question; qa4 has
only 5,760 distinct stories); the shipped training examples are added to the pool.

Training: for the first QA1_FIRST_STEPS steps, batches of QA1_FIRST_BATCH qa1 examples only; then
every batch of BATCH_SIZE holds QA1_PER_BATCH examples of qa1 and the rest of qa4, drawn in a
seeded shuffled order of each pool. Adam with the rate rising linearly from 0 to
PEAK_LEARNING_RATE over WARMUP_STEPS steps, then a cosine decay to 0 at STEPS; the loss of
`QA.train_qa`, the mean of the start and end sparse cross-entropies. The held-out figure is the
exact match of `QA.predict_spans` on the 1,000 + 1,000 shipped test stories, per task (printed
every EVAL_EVERY steps to follow the run; nothing is chosen on them).

Initialisation: the token embedding table is redrawn from a normal distribution of standard
deviation EMBEDDING_STD before training. The Encoder scales the embeddings by sqrt(32) and adds a
positional encoding of norm 4; from Keras's default uniform +-0.05, a token's vector has a norm near
0.9, a fifth of its position's, and the model stays on the shortcut of qa1 (the last place of the
story, 0.565) through every run that was tried. With vectors of norm about 8, the names' identities
stand out, and the model learns to match the asked person with the story's sentences. It learns
that on qa1 alone (in mixed batches from the start, it had not left the shortcut after 3,000 steps),
and qa4 after it.
"""

DESCRIPTION = ("The notebook's TransformerQA (encoder of 3 layers, embedding 32, 4 heads, feed-forward "
               "64, start and end heads) trained on generated bAbI-style stories of both tasks; "
               "loaded by course5_sequence_models/w4_a4_transformer_qa.ipynb.")
STEPS = 6_000
QA1_FIRST_STEPS = 3_000         # the first steps train on qa1 alone, in batches of QA1_FIRST_BATCH
QA1_FIRST_BATCH = 32
BATCH_SIZE = 64                 # then every batch holds both tasks:
QA1_PER_BATCH = 32              # the qa1 examples in each batch; the rest are qa4
PEAK_LEARNING_RATE = 1e-3
WARMUP_STEPS = 300
POOL = {"qa4": 15_000, "qa1": 40_000}
DRAW_SEED = "pretrain transformer_qa"       # the shipped set draws with random.Random(f"qa {task} 0")
EVAL_EVERY = 500
# The token embeddings start from a normal distribution of this standard deviation, not Keras's
# uniform +-0.05 (see the module's docstring).
EMBEDDING_STD = 0.25


def build_model():
    """The notebook's model, built by one call (a subclassed model has no weights before)."""
    from utils import data
    from utils.nn import transformer_qa as QA

    return QA.qa_model(data.load_tokenizer().get_vocab_size())


def draw_examples(task, count, exclude, seed=0):
    """`count` examples of `task` drawn with the generator's own story function, in the shipped
    format, from random.Random(f"{DRAW_SEED} {task} {seed}"); no context in `exclude`."""
    import random

    from utils.datagen import qa as G

    rng = random.Random(f"{DRAW_SEED} {task} {seed}")
    examples = []
    while len(examples) < count:
        story = G._STORIES[task](rng)
        if story is None:
            continue
        example = G.to_example(task, story)
        if example["context"] not in exclude:
            examples.append(example)
    return examples


def evaluate(model, tokenizer, examples):
    """{task: exact match} of the model's spans on `examples`."""
    import numpy as np

    from utils.nn import transformer_qa as QA

    encodings = tokenizer.encode_batch([(e["question"], e["context"]) for e in examples])
    input_ids = np.array([encoding.ids for encoding in encodings], dtype=np.int32)
    starts, ends = QA.predict_spans(model, input_ids)
    predictions = QA.answer_texts(encodings, [e["context"] for e in examples], starts, ends)
    scores = {}
    for task in ("qa4", "qa1"):
        rows = [i for i, e in enumerate(examples) if e["task"] == task]
        scores[task] = QA.exact_match([predictions[i] for i in rows], [examples[i]["answer"] for i in rows])
    return scores


def train(model, smoke=False, seed=0):
    import time

    import keras
    import numpy as np

    from utils import data
    from utils.nn import transformer_qa as QA
    from utils.pretrain import duration

    tf = QA._tf()
    qa = data.load_qa()
    tokenizer = data.load_tokenizer()
    tokenizer.enable_padding(length=QA.MAX_LENGTH)
    tokenizer.enable_truncation(max_length=QA.MAX_LENGTH)
    test = qa["test"]
    exclude = {e["context"] for e in test}
    steps, first_steps, pool, warmup, every = STEPS, QA1_FIRST_STEPS, POOL, WARMUP_STEPS, EVAL_EVERY
    if smoke:
        steps, first_steps, pool, warmup, every = 5, 2, {"qa4": 64, "qa1": 64}, 2, 0
        test = test[:20] + test[-20:]
    pools = {}
    for task in ("qa4", "qa1"):
        shipped = [e for e in qa["train"] if e["task"] == task]
        examples = shipped + draw_examples(task, pool[task], exclude, seed)
        assert not exclude & {e["context"] for e in examples}
        pools[task] = QA.encode_examples(examples, tokenizer)

    keras.utils.set_random_seed(seed)
    table = model.encoder.embedding.embeddings
    table.assign(tf.random.normal(table.shape, stddev=EMBEDDING_STD, seed=seed))
    schedule = keras.optimizers.schedules.CosineDecay(
        0.0, decay_steps=max(1, steps - warmup), alpha=0.0, warmup_target=PEAK_LEARNING_RATE,
        warmup_steps=warmup)
    step = QA.training_step(model, keras.optimizers.Adam(schedule))

    rng = np.random.default_rng(seed)
    per_batch = {"qa4": BATCH_SIZE - QA1_PER_BATCH, "qa1": QA1_PER_BATCH}
    orders = {task: rng.permutation(len(pools[task][0])) for task in pools}
    cursor = {task: 0 for task in pools}

    def take(task, n):
        if cursor[task] + n > len(orders[task]):
            orders[task], cursor[task] = rng.permutation(len(orders[task])), 0
        rows = orders[task][cursor[task]:cursor[task] + n]
        cursor[task] += n
        return [array[rows] for array in pools[task]]

    losses, start = [], time.perf_counter()
    for k in range(steps):
        if k < first_steps:
            parts = [take("qa1", QA1_FIRST_BATCH)]
        else:
            parts = [take("qa4", per_batch["qa4"]), take("qa1", per_batch["qa1"])]
        x, y_start, y_end = (np.concatenate([p[i] for p in parts]) for i in range(3))
        losses.append(float(step(x, y_start, y_end)))
        if every and (k + 1) % every == 0 and k + 1 < steps:
            spent = time.perf_counter() - start
            scores = evaluate(model, tokenizer, test)
            print(f"step {k + 1}/{steps}: mean loss {np.mean(losses[-every:]):.4f}, test exact match "
                  f"qa4 {scores['qa4']:.3f} qa1 {scores['qa1']:.3f}; {duration(spent)} spent, about "
                  f"{duration(spent / (k + 1) * (steps - k - 1))} left", flush=True)
    scores = evaluate(model, tokenizer, test)
    window = max(1, min(100, steps // 10))
    return {"qa4 test exact match (1,000 stories)": scores["qa4"],
            "qa1 test exact match (1,000 stories)": scores["qa1"],
            "steps": steps, "batch size": BATCH_SIZE,
            "training examples qa4": len(pools["qa4"][0]), "training examples qa1": len(pools["qa1"][0]),
            "first 100 steps mean loss": float(np.mean(losses[:window])),
            "last 100 steps mean loss": float(np.mean(losses[-window:]))}
