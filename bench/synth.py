"""A synthetic archive in the real content format: N papers, ~30 topics, on days that end
on a fixed past date with as many papers a day as a real digest of that size adds."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from generator.content import dump
from generator.content.records import Day, Links, Paper

# The text follows Zipf's law, as real abstracts do: a few function words carry much of it,
# then field words, then a long tail of rarer terms (made up, 20,000 of them). A 50-word
# vocabulary would make every word occur on every day page and every search costly; a
# uniform large one would make none common. The topic phrases below are kept out of it and
# injected 1-4 per paper, as real papers carry a few topics each, not every one.
FUNCTION = "the of and a to in we that for is on with this by our as are an from which be".split()
WORDS = ("learning model models neural network networks training data language vision "
         "attention scalable sparse evaluation policy optimization inference latent "
         "representation generation image math physics molecule control tokens context long-range "
         "pretraining finetuning adaptation calibration compression kernel hardware method results "
         "approach propose show experiments performance task tasks dataset large small novel").split()
_SYLLABLES = "ka lo mi ne ru ta so vi de po zu fa ge hi ja ku li mo ni pe ra se ti vo".split()


def _tail(n: int) -> list[str]:
    rng, seen, out = random.Random(1), set(FUNCTION) | set(WORDS), []
    while len(out) < n:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


VOCABULARY = FUNCTION + WORDS + _tail(20_000)
_CUMULATIVE = list(accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(VOCABULARY))))
TOPIC_PHRASES = ["reasoning", "agents", "diffusion", "transformer", "graph", "robust", "efficient",
                 "multimodal", "benchmark", "alignment", "reward", "retrieval", "video", "speech",
                 "code", "theorem", "quantum", "protein", "robot", "planning", "memory", "distillation",
                 "federated", "privacy", "fairness", "causal", "uncertainty", "quantization", "pruning",
                 "serving"]
FIRST = "Ana Bo Chen Dmitri Eva Farid Grace Hiro Ines Jun Kofi Lena Mateo Nora Omar Priya Quinn Rui".split()
LAST = "Smith Zhang Müller Okafor García Tanaka Novak Rossi Kim Silva Ivanova Haddad Nguyen".split()
LATEX = [" with $O(n \\log n)$ cost", " where $\\alpha_t \\to 0$", " bounded by $\\epsilon^2/2$",
         " for $k \\in \\{1, \\dots, K\\}$"]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(VOCABULARY, cum_weights=_CUMULATIVE, k=n))


def paper(rng: random.Random, index: int, day: date) -> Paper:
    topical = rng.sample(TOPIC_PHRASES, rng.randint(1, 4))
    title = (sentence(rng, rng.randint(5, 12)) + " " + topical[0]).capitalize()
    parts = []
    while sum(len(p) for p in parts) < rng.randint(900, 1900):
        s = sentence(rng, rng.randint(12, 28)).capitalize()
        if rng.random() < 0.08:
            s += rng.choice(LATEX)
        if topical and rng.random() < 0.5:
            s += " for " + topical.pop()
        parts.append(s + ".")
    n_auth = rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 40])
    pid = f"{day:%y%m}.{index % 100000:05d}"
    return Paper(
        id=pid, title=title,
        authors=tuple(f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(n_auth)),
        abstract=" ".join(parts), published=day - timedelta(days=rng.randint(0, 5)),
        links=Links(arxiv=f"https://arxiv.org/abs/{pid}", pdf=f"https://arxiv.org/pdf/{pid}",
                    code=f"https://github.com/lab{index % 97}/repo{index}" if rng.random() < 0.4 else None),
        upvotes=rng.randint(0, 300), stars=rng.randint(0, 5000) if rng.random() < 0.4 else None,
        source="hf", note="Worth a read." if rng.random() < 0.05 else "", pick=rng.random() < 0.03)


def topics_yaml() -> str:
    """The topics as an operator names them (content/topics.yml): each slug its phrase. (They
    were "topic-04-graph": 9 bytes more in each of the ~17 topic links a paper has on its
    page, its day, its week and its topics' pages, ~50 bytes a paper no real digest pays.)"""
    lines = ["topics:"]
    for phrase in TOPIC_PHRASES:
        lines += [f"  - slug: {phrase}", f"    title: {phrase.capitalize()}",
                  f"    description: Papers about {phrase}.", f"    phrases: [{phrase}]"]
    return "\n".join(lines) + "\n"


# The archive ends on a fixed past day (a Friday), so every run writes the same files and
# none is "in the future" for validation. It spans at most MAX_YEARS: a digest of N papers
# adds N / 10 years a weekday (at least MIN_WEEKDAY, the size of Hugging Face's daily list;
# a busy arXiv-category digest adds 50-150), a quarter of that on Saturdays and Sundays,
# each day +-25% around it. 250,000 papers are ~95 a weekday from 2016 on.
END = date(2026, 11, 27)
MAX_YEARS = 10
MIN_WEEKDAY = 20
WEEKEND_SHARE = 0.25


def per_weekday(papers: int) -> int:
    weeks = MAX_YEARS * 365.25 / 7
    # A touch below the full span, so that the +-25% days never push the start past it.
    return max(MIN_WEEKDAY, math.ceil(papers / (0.98 * weeks * (5 + 2 * WEEKEND_SHARE))))


def schedule(papers: int, seed: int = 11) -> list[tuple[date, int]]:
    """(day, number of papers) from the oldest day to END, summing to `papers`."""
    rng, base = random.Random(seed), per_weekday(papers)
    days: list[tuple[date, int]] = []
    left, day = papers, END
    while left > 0:
        mean = base if day.weekday() < 5 else base * WEEKEND_SHARE
        n = min(left, max(1, round(mean * rng.uniform(0.75, 1.25))))
        days.append((day, n))
        left -= n
        day -= timedelta(days=1)
    return days[::-1]


def write(content: Path, papers: int, seed: int = 7) -> list[Day]:
    rng = random.Random(seed)
    (content / "days").mkdir(parents=True, exist_ok=True)
    (content / "topics.yml").write_text(topics_yaml())
    (content / "removed.yml").write_text("removed: []\n")
    days = []
    index = 0
    for day, count in schedule(papers):
        batch = []
        for _ in range(count):
            index += 1
            batch.append(paper(rng, index, day))
        d = Day(day, "", tuple(batch))
        (content / "days" / f"{day.isoformat()}.yml").write_text(dump.day_yaml(d))
        days.append(d)
    return days


def plain_markdown(docs: Path, days: list[Day]) -> None:
    """The straightforward baseline: every paper as Markdown, a page per day and per topic."""
    (docs / "days").mkdir(parents=True, exist_ok=True)
    (docs / "topics").mkdir(parents=True, exist_ok=True)
    by_topic: dict[str, list[tuple[date, Paper]]] = {p: [] for p in TOPIC_PHRASES}
    for d in days:
        out = [f"# Papers of {d.date.isoformat()}\n"]
        for p in d.papers:
            out.append(f"## {p.title}\n\n*{', '.join(p.authors)}*\n\n{p.abstract}\n\n"
                       f"[arXiv]({p.links.arxiv}) · [PDF]({p.links.pdf})\n")
            text = f"{p.title} {p.abstract}".lower()
            for phrase in TOPIC_PHRASES:
                if phrase in text:
                    by_topic[phrase].append((d.date, p))
        (docs / "days" / f"{d.date.isoformat()}.md").write_text("\n".join(out))
    for phrase, items in by_topic.items():
        lines = [f"# {phrase.capitalize()}\n"]
        lines += [f"- [{p.title}](../days/{day.isoformat()}.md) ({day.isoformat()})" for day, p in reversed(items)]
        (docs / "topics" / f"{phrase}.md").write_text("\n".join(lines) + "\n")
    (docs / "index.md").write_text("# Digest\n\n" + "\n".join(
        f"- [{d.date.isoformat()}](days/{d.date.isoformat()}.md)" for d in reversed(days[-30:])) + "\n")
