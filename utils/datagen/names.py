"""Real first names for the character-level language model (C5W1, DATA.md `names`).

The source is the name lists that ship inside Faker (a build-only dependency, pinned in
requirements-build.txt; Faker is MIT-licensed, its data included): the first names (male and
female) of its person providers for LOCALES, fifteen European locales. Each name is
lower-cased and its accents are stripped (Unicode NFKD, then the combining marks dropped, so
"Zoë" becomes "zoe" and "José" "jose"); a name that still holds anything other than the letters
a-z ("Bjørn", "Ann-Marie", "Þór") is dropped rather than guessed at, and so is one shorter than
MIN_LENGTH or longer than MAX_LENGTH letters. What remains is deduplicated and sorted, and
written one name a line to `names.txt`, the layout of the original course's `dinos.txt`: the
notebook's vocabulary is then exactly "\\n" and a-z, 27 characters.

The file depends only on Faker's version (the seed is not used: nothing is random).
"""

import importlib
import re
import unicodedata

FILES = ["names.txt"]
CHEAP = False            # needs Faker, which the learner's install does not have
SEED = 0
LOCALES = ["cs_CZ", "da_DK", "de_DE", "en_GB", "en_IE", "en_US", "es_ES", "fi_FI", "fr_FR",
           "it_IT", "nl_NL", "no_NO", "pl_PL", "pt_PT", "sv_SE"]
MIN_LENGTH, MAX_LENGTH = 3, 12
_LETTERS = re.compile(r"[a-z]+")


def plain_letters(name):
    """A name lower-cased with its accents stripped ("Zoë" -> "zoe"); None if other characters remain."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped if _LETTERS.fullmatch(stripped) else None


def first_names(locale):
    """Every first name (male and female) of Faker's person provider for `locale`, as given."""
    from faker import Generator

    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider(Generator())
    found = []
    for attribute in ("first_names", "first_names_male", "first_names_female"):
        found.extend(getattr(provider, attribute, ()))      # a dict of weights, or a tuple
    return found


def collect():
    """The names written to names.txt (sorted) and the counts behind them, per locale."""
    kept, counts = set(), {}
    for locale in LOCALES:
        raw = set(first_names(locale))
        plain = {plain_letters(name) for name in raw} - {None}
        usable = {name for name in plain if MIN_LENGTH <= len(name) <= MAX_LENGTH}
        counts[locale] = {"given": len(raw), "a-z": len(plain), "kept": len(usable),
                          "new": len(usable - kept)}
        kept |= usable
    return sorted(kept), counts


def build(out_dir, seed=SEED):
    import faker

    names, counts = collect()
    (out_dir / "names.txt").write_text("".join(name + "\n" for name in names))
    print(f"  Faker {faker.VERSION}: {len(names)} names from {len(LOCALES)} locales")
    for locale, count in counts.items():
        print(f"    {locale}: {count}")
