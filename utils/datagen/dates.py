"""Human-written dates and their ISO form, for the date translator (C5W3, DATA.md `dates`).

Random dates between 1970-01-01 and 2029-12-31 are drawn with Faker (a build-only dependency,
pinned in requirements-build.txt) and written in English with Babel's CLDR date formatting: the
locale's four standard formats (short "5/9/18", medium "May 9, 2018", long, full "Wednesday,
May 9, 2018") and custom patterns with and without weekdays, numeric and spelled-out months.
The year pattern is `yyyy` (or `yy`), the calendar year; `YYYY` would be the ISO week year,
which differs from it for a few days around New Year. With years from 1970 to 2029 a two-digit
year is never ambiguous.

As in the original course, each human date is lower-cased and its commas removed
("wednesday may 9 2018"); the target is ISO `YYYY-MM-DD`. A date string is kept only the first
time it is drawn, so the same string never appears twice, in one split or across splits. The
strings are then split into TRAIN, VALIDATION and TEST examples.

The file `dates.csv` has a header and one `split,format,human,machine` line per example, where
`format` names the Babel format ("short", "medium", "long", "full") or the custom pattern.
"""

import csv
import datetime
import io
import random

FILES = ["dates.csv"]
CHEAP = False            # needs Faker, which the learner's install does not have
SEED = 0
TRAIN, VALIDATION, TEST = 10_000, 1_000, 1_000
FIRST, LAST = datetime.date(1970, 1, 1), datetime.date(2029, 12, 31)
LOCALE = "en_US"

# (format, weight): the four standard formats of the locale, then custom CLDR patterns.
FORMATS = [
    ("short", 2), ("medium", 2), ("long", 2), ("full", 3),
    ("d MMM yyyy", 1), ("d MMMM yyyy", 1), ("dd MMM yyyy", 1), ("dd MMMM yyyy", 1),
    ("MMMM dd yyyy", 1), ("MMM dd yyyy", 1), ("dd.MM.yy", 1), ("dd.MM.yyyy", 1), ("d MM yy", 1),
    ("yyyy-MM-dd", 3), ("EEEE d MMMM yyyy", 2), ("EEEE, d MMM yyyy", 1), ("EEE d MMM yyyy", 1),
    ("EEEE MMMM d yyyy", 1), ("EEE, MMM d, yyyy", 1), ("EEEE dd.MM.yyyy", 1),
]


def human_date(date, pattern, locale=LOCALE):
    """The date written with a Babel format name or CLDR pattern, lower-cased, without commas."""
    from babel.dates import format_date

    return format_date(date, pattern, locale=locale).lower().replace(",", "")


def draw(n, seed=SEED, locale=LOCALE, formats=FORMATS):
    """n distinct (format, human, machine) examples, in the order they were first drawn."""
    from faker import Faker

    Faker.seed(seed)
    fake = Faker(locale)
    chooser = random.Random(f"formats {seed}")   # not Faker's stream: no link to the date
    names = [name for name, _ in formats]
    weights = [weight for _, weight in formats]
    seen, examples = set(), []
    while len(examples) < n:
        date = fake.date_between(start_date=FIRST, end_date=LAST)
        pattern = chooser.choices(names, weights)[0]
        human = human_date(date, pattern, locale)
        if human not in seen:
            seen.add(human)
            examples.append((pattern, human, date.isoformat()))
    return examples


def build(out_dir, seed=SEED):
    examples = draw(TRAIN + VALIDATION + TEST, seed)
    random.Random(f"splits {seed}").shuffle(examples)
    splits = ["test"] * TEST + ["validation"] * VALIDATION + ["train"] * TRAIN
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["split", "format", "human", "machine"])
    order = {"train": 0, "validation": 1, "test": 2}
    rows = sorted(zip(splits, examples), key=lambda row: order[row[0]])     # stable: drawn order kept
    for split, (pattern, human, machine) in rows:
        writer.writerow([split, pattern, human, machine])
    (out_dir / FILES[0]).write_text(buffer.getvalue())
