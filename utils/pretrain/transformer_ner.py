"""The résumé tagger, pretrained on generated résumés: `python -m utils.pretrain transformer_ner`.

course5_sequence_models/w4_a3_transformer_ner.ipynb trains its TokenClassifier (utils.nn.
transformer_ner.token_classifier is the reference: the w4_a1 Encoder, 2 layers, embedding 64, 2
heads, feed-forward 128, an attention band of 4 tokens, and a Dense layer of 21 logits) from
scratch on the 400 training résumés, then loads these weights, the same model trained first on
RESUMES résumés that the `ner` generator draws for this asset, and fine-tunes them on the 400.
That is the original lab's lesson, at this project's scale: there, DistilBERT comes pretrained
on a large corpus and the lab fine-tunes it on 220 résumés.

The pretraining résumés: `utils.datagen.ner.draw_split("train", ...)` with this asset's own seeds,
so they come from the training pools only (the skills, degrees and job titles held out for
validation and test never appear), and a résumé that shares a name, e-mail address, company,
location or college with a validation or test résumé is dropped. A quarter of their skills and
degrees are rewritten as made-up ones (`made_up_entities`): the generator's lists are short, and
a model that has seen only them learns the words rather than the places where skills and degrees
stand. They need Faker, a build-only dependency (requirements-build.txt); a smoke run uses the
shipped résumés instead.

Training: `utils.nn.transformer_ner.train_token_classifier` (30% of the word tokens hidden behind
[MASK] at every step, batches of similar lengths), Adam with a cosine decay from LEARNING_RATE,
EPOCHS epochs of batches of BATCH_SIZE. The held-out figure is seqeval's entity-level F1 on the
120 test résumés, overall and per entity type, before any fine-tuning.
"""

import random

DESCRIPTION = ("The NER lab's TokenClassifier (2 layers, embedding 64, 2 heads, feed-forward 128, "
               "attention band 4, 21 labels) trained on 8,000 generated résumés; loaded and fine-tuned "
               "by course5_sequence_models/w4_a3_transformer_ner.ipynb.")
RESUMES = 8000
EPOCHS = 8
BATCH_SIZE = 16
LEARNING_RATE = 2e-3
# Entity types whose values the test must never have seen: a pretraining résumé with one of the
# validation or test résumés' values of these types is dropped.
UNSEEN_TYPES = ("Name", "Email Address", "Companies worked at", "Location", "College Name")
MADE_UP_SHARE = 0.25        # the share of skills and degrees rewritten as made-up ones (made_up_entities)


def build_model():
    from utils import data
    from utils.nn import transformer_ner as ner

    return ner.token_classifier(data.load_tokenizer().get_vocab_size())


def held_out_values():
    """The lower-cased texts of the validation and test résumés' entities of UNSEEN_TYPES."""
    from utils import data
    from utils.nn import transformer_ner as ner

    resumes = data.load_ner()
    return {resume["content"][start:end].lower()
            for split in ("validation", "test") for resume in resumes[split]
            for start, end, kind in ner.trim_spans(resume) if kind in UNSEEN_TYPES}


def degree_heads():
    """The heads of the training pool's degrees: "B.Sc.", "MBA", "Bachelor of", "Diploma in", ..."""
    import re

    from utils.datagen import ner as generator

    further = [d for d in generator.DEGREES if re.match(generator._FURTHER_DEGREE, d)]
    first = [d for d in generator.DEGREES if d not in further]
    heads = set()
    for degree in generator._held_out(first)[0] + generator._held_out(further)[0]:   # the training pools
        words = degree.split()
        joint = next((k for k, word in enumerate(words) if word in ("of", "in")), None)
        long_head = re.fullmatch(r"[A-Z][a-z]+", words[0]) and joint is not None
        heads.add(" ".join(words[:joint + 1]) if long_head else words[0])
    return sorted(heads)


def made_up_entities(rng, content, spans, words, heads):
    """(content, spans) with a share MADE_UP_SHARE of the Skills and Degree spans rewritten as
    made-up ones, in the case of the text they replace; the other spans move with the text.

    A made-up skill is one to three common English words (`words`: Faker's word list) or
    capital-letter acronyms ("Yard Ability", "KQT Account"). A made-up degree is the head of a
    training degree (`heads`: "B.Sc.", "Master of") and one or two such words, as a field
    ("B.Sc. Market", "MBA (Yard)", "Master of Action Wrong"). The 400 training résumés repeat the
    same 130 skills and 38 degrees; the test résumés hold others, which a model only finds if it
    reads where a skill or a degree stands rather than remembering their words."""
    def word():
        return rng.choice(words).capitalize()

    def acronym():
        return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.randint(2, 4)))

    out, kept, position = [], [], 0
    for start, end, label in sorted(spans):
        out.append(content[position:start])
        text = content[start:end]
        if label in ("Skills", "Degree") and text == text.strip() and rng.random() < MADE_UP_SHARE:
            if label == "Skills":
                made_up = " ".join(acronym() if rng.random() < 0.2 else word()
                                   for _ in range(rng.choice((1, 1, 2, 2, 3))))
            else:
                head, field = rng.choice(heads), " ".join(word() for _ in range(rng.randint(1, 2)))
                made_up = (f"{head} {field}" if head.endswith((" of", " in")) else
                           rng.choice((f"{head} in {field}", f"{head} {field}", f"{head} ({field})")))
            text = made_up.upper() if text.isupper() else made_up.lower() if text.islower() else made_up
        first = sum(map(len, out))
        out.append(text)
        kept.append((first, first + len(text), label))
        position = end
    out.append(content[position:])
    return "".join(out), kept


def pretraining_resumes(count, seed=0):
    """`count` generated résumés (Dataturks-style dicts) for pretraining; none of them shares an
    entity of UNSEEN_TYPES with a validation or test résumé. Returns (résumés, number dropped)."""
    from faker.providers.lorem.en_US import Provider

    from utils.datagen import ner as generator
    from utils.nn import transformer_ner as ner

    held_out = held_out_values()
    words, heads = sorted({word for word in Provider.word_list if len(word) >= 4}), degree_heads()
    rng = random.Random(f"pretrain transformer_ner {seed}")
    kept, dropped, draw = [], 0, 0
    while len(kept) < count:
        drawn, _ = generator.draw_split("train", count - len(kept), f"pretrain {seed} {draw}", {})
        for content, spans in drawn:
            resume = generator.to_dataturks(*made_up_entities(rng, content, spans, words, heads))
            if any(resume["content"][start:end].lower() in held_out
                   for start, end, kind in ner.trim_spans(resume) if kind in UNSEEN_TYPES):
                dropped += 1
            else:
                kept.append(resume)
        draw += 1
    return kept, dropped


def encode(tokenizer, resumes):
    """(texts, input_ids, labels) of résumés, padded to MAX_LENGTH, with the reference alignment."""
    from utils.nn import transformer_ner as ner

    tokenizer.enable_truncation(max_length=ner.MAX_LENGTH)
    tokenizer.enable_padding(length=ner.MAX_LENGTH)
    texts, tags = ner.resume_words_and_tags(tokenizer, resumes)
    aligned = ner.tokenize_and_align_labels(tokenizer, texts, tags)
    return texts, tags, aligned["input_ids"], aligned["labels"]


def scores(model, tokenizer, texts, tags):
    """{"overall": F1, type: F1, ...}: seqeval's entity-level F1 of the model on texts."""
    from seqeval.metrics import classification_report

    from utils.nn import transformer_ner as ner

    true = [[ner.ID2TAG[label] for label in labels] for labels in tags]
    report = classification_report(true, ner.predict_word_tags(model, tokenizer, texts), output_dict=True,
                                   zero_division=0)
    return {"overall": float(report["micro avg"]["f1-score"]),
            **{kind: float(report[kind]["f1-score"]) for kind in ner.ENTITY_TYPES}}


def train(model, smoke=False, seed=0):
    import time

    import keras

    from utils import data
    from utils.nn import transformer_ner as ner
    from utils.pretrain import duration

    held_out = data.load_ner()
    epochs = 1 if smoke else EPOCHS
    start = time.perf_counter()
    if smoke:       # the shipped résumés: a smoke run needs no Faker (the learner's install has none)
        resumes, dropped = held_out["train"][:64], 0
    else:
        resumes, dropped = pretraining_resumes(RESUMES, seed)
        print(f"{len(resumes):,} résumés drawn ({dropped} dropped for sharing an entity with validation "
              f"or test) in {duration(time.perf_counter() - start)}", flush=True)
    tokenizer = data.load_tokenizer()
    _, _, input_ids, labels = encode(tokenizer, resumes)
    shown = 20 if smoke else None
    test_texts, test_tags, _, _ = encode(tokenizer, held_out["test"][:shown])
    val_texts, val_tags, _, _ = encode(tokenizer, held_out["validation"][:shown])

    steps = epochs * -(-len(resumes) // BATCH_SIZE)
    schedule = keras.optimizers.schedules.CosineDecay(LEARNING_RATE, decay_steps=steps)
    start = time.perf_counter()

    def report(epoch, loss):
        spent = time.perf_counter() - start
        f1 = scores(model, tokenizer, val_texts, val_tags)["overall"]
        print(f"epoch {epoch + 1}/{epochs}: mean loss {loss:.4f}, validation F1 {f1:.3f}; "
              f"{duration(spent)} spent, about {duration(spent / (epoch + 1) * (epochs - epoch - 1))} left",
              flush=True)

    history = ner.train_token_classifier(model, input_ids, labels, epochs=epochs, batch_size=BATCH_SIZE,
                                         learning_rate=schedule, seed=seed, callback=report)
    test = scores(model, tokenizer, test_texts, test_tags)
    figures = {f"test entity F1 ({len(test_texts)} résumés, before fine-tuning)": test["overall"]}
    figures.update({f"test F1 of {kind}": test[kind] for kind in ner.ENTITY_TYPES})
    figures[f"validation entity F1 ({len(val_texts)} résumés)"] = scores(model, tokenizer, val_texts,
                                                                         val_tags)["overall"]
    figures.update({"epochs": epochs, "pretraining résumés": len(resumes),
                    "résumés dropped for sharing an entity with validation or test": dropped,
                    "first epoch mean loss": history[0], "last epoch mean loss": history[-1]})
    return figures
