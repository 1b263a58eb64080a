"""The `ner` résumés, the WordPiece tokenizer and the `qa` stories (C5W4; utils/datagen/ner.py and
qa.py): the loaders' shapes, spans that match their text (Dataturks' inclusive `end`) and never
overlap, answers at their offsets, no résumé or story in two splits, the tokenizer's offsets, and
byte-identical rebuilds (qa and the tokenizer here; the résumés need Faker, a build-only package)."""

import json
import re
import shutil
from collections import Counter

import pytest

from utils import data
from utils.datagen import ner as ner_gen
from utils.datagen import qa as qa_gen

NER = data.load_ner()
QA = data.load_qa()


def spans(resume):
    """(start, end inclusive, label, text) of each annotation of a Dataturks-style résumé."""
    found = []
    for annotation in resume["annotation"]:
        assert len(annotation["label"]) == 1 and len(annotation["points"]) == 1
        point = annotation["points"][0]
        found.append((point["start"], point["end"], annotation["label"][0], point["text"]))
    return found


def test_ner_loader_returns_the_documented_splits_and_format():
    assert {split: len(resumes) for split, resumes in NER.items()} == ner_gen.SIZES
    for resumes in NER.values():
        for resume in resumes:
            assert set(resume) == {"content", "annotation"} and isinstance(resume["content"], str)
            for annotation in resume["annotation"]:
                assert set(annotation) == {"label", "points"}
                assert set(annotation["points"][0]) == {"start", "end", "text"}
    assert data.ner_path("test").name == "test.jsonl"
    with pytest.raises(ValueError, match="unknown split"):
        data.ner_path("dev")


def test_every_span_is_its_text_with_an_inclusive_end_and_spans_never_overlap():
    for resumes in NER.values():
        for resume in resumes:
            content, previous_end = resume["content"], -1
            for start, end, label, text in spans(resume):
                assert label in ner_gen.LABELS
                assert 0 <= start <= end < len(content) and content[start:end + 1] == text, (label, text)
                assert text.strip(), "a span of whitespace only"
                assert start > previous_end, f"overlapping or unsorted spans at {start}"
                previous_end = end


def test_every_label_occurs_in_every_split_and_a_few_spans_carry_whitespace():
    for split, resumes in NER.items():
        labels = Counter(label for resume in resumes for _, _, label, _ in spans(resume))
        assert set(labels) == set(ner_gen.LABELS), split
        assert all(labels[label] >= 0.5 * len(resumes) for label in ner_gen.LABELS), (split, labels)
    texts = [text for resumes in NER.values() for resume in resumes for *_, text in spans(resume)]
    widened = sum(text != text.strip() for text in texts)
    assert 0.01 < widened / len(texts) < 0.06, widened / len(texts)


def test_every_mention_of_an_entity_is_labelled():
    """An entity written twice is labelled twice: each whole-word occurrence of a span's text lies
    inside some span (years excepted: work dates are unlabelled on purpose)."""
    for resumes in NER.values():
        for resume in resumes:
            exclusive = [(start, end + 1, label) for start, end, label, _ in spans(resume)]
            assert ner_gen.unlabelled_repeat(resume["content"], exclusive) is None


def test_no_resume_is_in_two_splits_and_test_people_and_companies_are_unseen():
    contents = [{resume["content"] for resume in resumes} for resumes in NER.values()]
    assert sum(map(len, contents)) == len(set().union(*contents)) == sum(ner_gen.SIZES.values())

    def values(split, label):
        return {text.strip().lower() for resume in NER[split] for _, _, kind, text in spans(resume)
                if kind == label}

    for label in ("Name", "Email Address", "Companies worked at", "College Name"):
        assert not values("test", label) & values("train", label), label
        assert not values("validation", label) & values("train", label), label
    held_out_skills = {s.lower() for s in ner_gen._held_out(ner_gen.SKILLS)[1]}
    assert not values("train", "Skills") & held_out_skills
    assert values("test", "Skills") & held_out_skills


def test_the_words_of_a_resume_fit_a_small_encoder():
    tokenizer = data.load_tokenizer()
    for resumes in NER.values():
        for resume in resumes:
            assert ner_gen.MIN_WORDS <= len(resume["content"].split()) <= ner_gen.MAX_WORDS
    lengths = [len(e.ids) for e in tokenizer.encode_batch([r["content"] for r in NER["test"]])]
    assert max(lengths) <= 256, max(lengths)


def test_tokenizer_special_tokens_templates_and_lower_case():
    tokenizer = data.load_tokenizer()
    assert tokenizer.get_vocab_size() == ner_gen.VOCAB_SIZE
    assert [tokenizer.token_to_id(t) for t in ner_gen.SPECIAL_TOKENS] == [0, 1, 2, 3, 4]
    assert ner_gen.SPECIAL_TOKENS == ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
    single = tokenizer.encode("Senior Data Analyst at Kapoor-Rao")
    assert single.tokens[0] == "[CLS]" and single.tokens[-1] == "[SEP]"
    assert all(t == t.lower() for t in single.tokens[1:-1])
    assert single.offsets[0] == single.offsets[-1] == (0, 0)
    assert single.word_ids[0] is None and single.word_ids[1:3] == [0, 1]
    pair = tokenizer.encode("Where is Mary?", "Mary went to the kitchen.")
    assert pair.tokens == ["[CLS]", "where", "is", "mary", "?", "[SEP]",
                           "mary", "went", "to", "the", "kitchen", ".", "[SEP]"]
    assert pair.sequence_ids == [None, 0, 0, 0, 0, None, 1, 1, 1, 1, 1, 1, None]
    assert pair.offsets[10] == (17, 24)                              # "kitchen" in the context


def test_tokenizer_offsets_give_back_each_token_and_nothing_is_unknown():
    """Each token's offsets cut, from the original text, exactly the token (lower-cased, without
    '##'); consecutive pieces of a word share its word id. Checked on every test text."""
    tokenizer = data.load_tokenizer()
    texts = [r["content"] for r in NER["test"]] + [f"{e['question']} {e['context']}" for e in QA["test"]]
    for text, encoding in zip(texts, tokenizer.encode_batch(texts)):
        assert "[UNK]" not in encoding.tokens
        for token, (start, end), word in zip(encoding.tokens[1:-1], encoding.offsets[1:-1],
                                             encoding.word_ids[1:-1]):
            assert text[start:end].lower() == token.removeprefix("##"), (token, text[start:end])
            assert word is not None
        words = encoding.word_ids[1:-1]
        for k, token in enumerate(encoding.tokens[1:-1]):
            if token.startswith("##"):
                assert words[k] == words[k - 1] and encoding.offsets[k][1] == encoding.offsets[k + 1][0]


def test_tokenizer_rebuilds_byte_for_byte_from_the_shipped_training_texts():
    """The vocabulary is learnt deterministically (the library's own trainer is not), so the shipped
    file comes back from the shipped training résumés and stories alone."""
    resumes = [(r["content"], []) for r in NER["train"]]
    corpus = ner_gen.tokenizer_corpus(resumes, qa_gen.draw()["train"])
    fresh = ner_gen.train_tokenizer(corpus).to_str(pretty=True) + "\n"
    assert fresh == data.verified_path("ner/tokenizer.json").read_text(encoding="utf-8")


def test_resumes_rebuild_the_same_where_faker_is_installed():
    """The first training résumés, drawn again, are the shipped ones (the full byte check is
    `python -m utils.datagen build ner --check`)."""
    pytest.importorskip("faker", reason="Faker is a build-only dependency (requirements-build.txt)")
    fresh, _ = ner_gen.draw_split("train", 5, ner_gen.SEED, {})
    assert ner_gen.to_jsonl(fresh).splitlines() == data.ner_path("train").read_text(
        encoding="utf-8").splitlines()[:5]


def test_qa_loader_returns_both_tasks_in_both_splits_with_answers_at_their_offsets():
    for split, examples in QA.items():
        assert Counter(e["task"] for e in examples) == {"qa4": 1_000, "qa1": 1_000}, split
        for e in examples:
            assert set(e) == {"task", "context", "question", "answer", "answer_start", "support"}
            start = e["answer_start"]
            assert e["context"][start:start + len(e["answer"])] == e["answer"]
            assert e["answer"] in qa_gen.PLACES and e["question"].endswith("?")
            sentences = re.findall(r"[^.]+\.", e["context"])
            before = sum(len(s) for s in sentences[:e["support"]])
            assert before <= start < before + len(sentences[e["support"]]), "answer outside its support"


def test_qa_answers_follow_from_the_story():
    for examples in QA.values():
        for e in examples:
            sentences = [s.strip() for s in re.findall(r"[^.]+\.", e["context"])]
            if e["task"] == "qa1":
                person = e["question"].removeprefix("Where is ").removesuffix("?")
                last = [s for s in sentences if s.startswith(person + " ")][-1]
                assert last == sentences[e["support"]] and last.endswith(f" the {e['answer']}.")
            else:
                asked = re.fullmatch(r"What is (?:(\w+) of the (\w+)|the (\w+) (\w+) of)\?", e["question"])
                direction, place = (asked[1], asked[2]) if asked[1] else (asked[4], asked[3])
                facts = [re.fullmatch(r"The (\w+) is (\w+) of the (\w+)\.", s).groups() for s in sentences]
                answers = ([a for a, d, b in facts if (d, b) == (direction, place)] if asked[1]
                           else [b for a, d, b in facts if (a, d) == (place, direction)])
                assert answers == [e["answer"]], e


def test_no_story_is_in_two_splits():
    contexts = {split: [e["context"] for e in examples] for split, examples in QA.items()}
    assert all(len(set(c)) == len(c) for c in contexts.values())
    assert not set(contexts["train"]) & set(contexts["test"])


def test_qa_rebuilds_byte_for_byte(tmp_path):
    qa_gen.build(tmp_path, seed=qa_gen.SEED)
    for relpath in qa_gen.FILES:
        assert (tmp_path / relpath).read_bytes() == data.verified_path(relpath).read_bytes(), relpath


def test_a_missing_file_names_itself_and_the_command_that_rebuilds_it(tmp_path, monkeypatch):
    shutil.copy(data.DATASETS / "MANIFEST.json", tmp_path / "MANIFEST.json")
    monkeypatch.setattr(data, "DATASETS", tmp_path)
    with pytest.raises(data.DataFileError, match=r"Missing data file datasets/ner/train.jsonl\. "
                       r"Rebuild it with: python -m utils.datagen build ner"):
        data.load_ner()
    (tmp_path / "qa").mkdir()
    (tmp_path / "qa/train.jsonl").write_text(json.dumps({"task": "qa1"}) + "\n")
    with pytest.raises(data.DataFileError, match=r"datasets/qa/train.jsonl is corrupted .* "
                       r"python -m utils.datagen build qa"):
        data.load_qa()


def test_made_up_skills_and_degrees_move_every_span_with_its_text():
    import random

    from utils.pretrain import transformer_ner as pretrain_ner

    content = "ASHA RAO\nSkills: Python, Manual Testing, SQL\nB.Tech in Civil Engineering\nWorked at Acme Ltd"
    spans = [(0, 8, "Name"), (17, 23, "Skills"), (25, 39, "Skills"), (41, 44, "Skills"), (45, 72, "Degree"),
             (83, 91, "Companies worked at")]
    texts = [content[start:end] for start, end, _ in spans]
    rewritten = 0
    for seed in range(20):
        new_content, new_spans = pretrain_ner.made_up_entities(random.Random(seed), content, spans,
                                                               ["alpha", "beta"], ["B.Sc.", "Master of"])
        assert [label for _, _, label in new_spans] == [label for _, _, label in spans]
        new_texts = [new_content[start:end] for start, end, _ in new_spans]
        assert new_texts[0] == "ASHA RAO" and new_texts[-1] == "Acme Ltd"
        assert new_content.startswith("ASHA RAO\nSkills: ") and new_content.endswith("\nWorked at Acme Ltd")
        for old, new in zip(texts[1:4], new_texts[1:4]):
            assert new == old or re.fullmatch(r"[A-Za-z]+( [A-Za-z]+){0,2}", new)
            rewritten += new != old
        assert new_texts[4] == texts[4] or re.fullmatch(
            r"(B\.Sc\.( in | \(| )|Master of )[A-Z][a-z]+( [A-Z][a-z]+)?\)?", new_texts[4]), new_texts[4]
    assert 5 <= rewritten <= 30          # about a quarter of the 60 skills
    heads = pretrain_ner.degree_heads()
    assert "B.Sc." in heads and "Master of" in heads and "PGDM" not in heads      # PGDM is held out


def test_ner_pretraining_resumes_share_no_name_company_place_or_college_with_the_test():
    pytest.importorskip("faker", reason="Faker is a build-only dependency (requirements-build.txt)")
    from utils.nn import transformer_ner as ner
    from utils.pretrain import transformer_ner as pretrain_ner

    held_out = pretrain_ner.held_out_values()
    assert len(held_out) > 500
    resumes, dropped = pretrain_ner.pretraining_resumes(40)
    assert len(resumes) == 40 and dropped >= 0
    shipped = {resume["content"] for split in data.load_ner().values() for resume in split}
    for resume in resumes:
        assert resume["content"] not in shipped
        for start, end, kind in ner.trim_spans(resume):
            if kind in pretrain_ner.UNSEEN_TYPES:
                assert resume["content"][start:end].lower() not in held_out
