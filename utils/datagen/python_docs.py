"""English prose for the character-level LSTM (C5W1, second part of the character-level model).

The source is the text of Python's own documentation that ships with every CPython install:
the module `pydoc_data.topics` of the standard library holds the sections of the Language
Reference and of the Library Reference that `help("if")` shows (statements, expressions, data
model, built-in types; PSF License). From each topic only the paragraphs of running prose are
kept; code examples, grammar rules, tables, headings and indented blocks are dropped:

* a paragraph is a block between blank lines whose lines all start at the margin and do not
  start with ">>>", "+" or "|"; a heading (a line underlined with *** or ===) is not one;
* it is joined into one line, white space squeezed, and kept when it is at least MIN_CHARS long
  and ends with "." or ":" (a sentence, not a fragment of a list);
* it is lower-cased (as the original course lower-cases its Shakespeare), typographic quotes and
  dashes become ASCII, and emphasis stars are removed; a paragraph with any character outside
  ALPHABET afterwards, or with more than one double quote in QUOTE_RATE characters (mostly code
  in quotes), is dropped.

`python_docs.txt` holds the paragraphs in the order of the topics' names, one per line (about
190,000 characters, 48 distinct characters). The text depends on the Python release that builds
it (each release revises its documentation a little), so the shipped file is not rebuilt in CI.
"""

import re
import sys
import textwrap

FILES = ["python_docs.txt"]
CHEAP = False            # the bytes depend on the Python release, not only on this code
SEED = 0
MIN_CHARS = 80
QUOTE_RATE = 25
ALPHABET = set("\n abcdefghijklmnopqrstuvwxyz0123456789.,;:'\"()-_")
_ASCII = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "\u2013": "-",
          "\u2026": "...", "*": ""}
_UNDERLINE = re.compile(r"[*=\-~^]+")


def prose_paragraphs(text):
    """The paragraphs of running prose of one topic, each as one normalized line."""
    kept = []
    for block in re.split(r"\n\s*\n", text):
        lines = textwrap.dedent(block.strip("\n")).split("\n")
        if any(line.startswith((" ", "+", "|", ">>>")) for line in lines):
            continue
        if len(lines) >= 2 and _UNDERLINE.fullmatch(lines[-1].strip()):
            continue
        paragraph = re.sub(r"\s+", " ", " ".join(line.strip() for line in lines))
        if len(paragraph) < MIN_CHARS or not paragraph.endswith((".", ":")):
            continue
        paragraph = "".join(_ASCII.get(ch, ch) for ch in paragraph.lower())
        if set(paragraph) <= ALPHABET and paragraph.count('"') <= len(paragraph) / QUOTE_RATE:
            kept.append(paragraph)
    return kept


def collect():
    """Every kept paragraph, topics in the order of their names."""
    from pydoc_data import topics

    return [p for name in sorted(topics.topics) for p in prose_paragraphs(topics.topics[name])]


def build(out_dir, seed=SEED):
    paragraphs = collect()
    text = "".join(p + "\n" for p in paragraphs)
    (out_dir / "python_docs.txt").write_text(text)
    print(f"  Python {sys.version.split()[0]}: {len(paragraphs)} paragraphs, {len(text):,} characters, "
          f"{len(set(text))} distinct")
