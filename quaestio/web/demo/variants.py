"""Short threads made from families of hand-written facts.

Each family (substitutions, storage times, "what's the difference", "why did my … go wrong",
equipment, techniques, doneness temperatures) is a table: every row carries its own situation and
its own correct answer, written by hand. What is generated is only the wording around them — which
of a few natural titles, openings and closings a question uses, its score, whether it has been
answered yet, and the everyday comments under it — so 150-odd questions read as if different
people had written them without any of them saying anything false.
"""

from __future__ import annotations

import random

from quaestio.web.demo.content import AnswerSpec, CommentSpec, ThreadSpec
from quaestio.web.demo.variant_facts import (
    DIFFERENCES,
    DONENESS,
    EQUIPMENT,
    STORAGE,
    SUBSTITUTIONS,
    TECHNIQUES,
    TROUBLESHOOTING,
)

_SUBSTITUTION_TITLES = (
    "Can I use {sub} instead of {ing} in {dish}?",
    "Substituting {sub} for {ing} in {dish}",
    "Will {sub} work in place of {ing} in {dish}?",
    "Is {sub} an acceptable replacement for {ing} in {dish}?",
)
_STORAGE_TITLES = (
    "How long does {food} keep in the fridge?",
    "How long can I safely keep {food}?",
    "What's the shelf life of {food}?",
    "How should I store {food}, and for how long?",
)
_DIFFERENCE_TITLES = (
    "What's the difference between {a} and {b}?",
    "{A} vs. {b}: what is actually different?",
    "Are {a} and {b} the same thing?",
    "Difference between {a} and {b}",
)
_DONENESS_TITLES = (
    "What internal temperature should {meat} reach?",
    "When is {meat} done? Looking for a target temperature",
    "Safe and good temperature for {meat}",
)
_OPENINGS = (
    "",
    "",
    "",
    "Probably a basic question, but ",
    "Quick one: ",
    "I've searched and found conflicting advice. ",
    "Beginner here. ",
)
_CLOSINGS = (
    "",
    "",
    "Thanks in advance!",
    "Any advice appreciated.",
    "I'd love to understand why, not just what to do.",
    "Sources welcome — I keep finding contradictory answers online.",
)
_SUBSTITUTION_CLOSINGS = (
    "Will it work, and do I need to change anything else in the recipe?",
    "Is this a reasonable swap, or should I go to the shop?",
    "What should I expect to be different if I do this?",
    "Has anyone tried this? I'd rather not waste the other ingredients.",
)

# Everyday comments that fit any thread of the family; placeholders as in content.py.
_QUESTION_COMMENTS: dict[str, tuple[str, ...]] = {
    "substitution": (
        "What exactly are you making? Whether a swap works depends on what the ingredient does "
        "in that recipe.",
        "Is this for an allergy or did you just run out? The best answer is different.",
        "Could you add the recipe, or at least the quantities?",
    ),
    "storage": (
        "Is this about safety or quality? Those have quite different answers.",
        "What temperature is your fridge actually at? A lot of home fridges run warmer than 5 °C.",
        "Related: the [FoodKeeper app](https://www.foodsafety.gov/keep-food-safe/foodkeeper-app) "
        "from the USDA answers most of these.",
    ),
    "difference": (
        "Where are you? Some of these names mean different things in the UK and the US.",
        "Good question — I've been using them interchangeably for years.",
    ),
    "trouble": (
        "Could you post the recipe with quantities, ideally by weight?",
        "What kind of oven — fan or conventional? And have you checked its temperature with a thermometer?",
        "A photo would help a lot here.",
        "Are you at high altitude? That changes a surprising number of things.",
    ),
    "equipment": (
        "What is the pan made of exactly? Bare cast iron, enamelled, stainless?",
        "Do you know the brand or model? Some manufacturers give specific care instructions.",
    ),
    "technique": (
        "What are you using it for? The best method depends on the dish.",
        "How much are you making at a time?",
    ),
    "doneness": (
        "Are you asking about safety or about what tastes best? They're not the same number.",
        "What thermometer are you using? Cheap dial ones can be off by several degrees.",
    ),
}
# Short second answers, true of any question in their family, added now and then: a thread
# with a long answer and a short "also…" answer is what most Q&A threads look like.
_SECOND_ANSWERS: dict[str, tuple[str, ...]] = {
    "substitution": (
        "Whatever you do, make a half batch first if it's for guests. Substitutions usually work, "
        "but not always in the way you expect.",
        "Write down what you changed and how it turned out. After a few experiments you'll have "
        "your own substitution notes — that's how I learned most of mine.",
    ),
    "storage": (
        "The USDA's [FoodKeeper app](https://www.foodsafety.gov/keep-food-safe/foodkeeper-app) "
        "lists storage times for hundreds of foods, for the fridge, the freezer and the pantry. I "
        "check it whenever I'm unsure.",
        "Label everything you put in the fridge or freezer with the date. It sounds fussy, but it "
        'ends the "how old is this?" guessing for good.',
        "Check your fridge with a thermometer too. All these storage times assume 5 °C (40 °F) or "
        "below, and many home fridges run warmer than that.",
    ),
    "trouble": ("Change one thing at a time and take notes. Otherwise you'll never know which fix worked.",),
    "doneness": (
        "Check your thermometer in iced water now and then: it should read 0 °C (32 °F). Cheap "
        "probes drift, and a thermometer that's 3 degrees off defeats the purpose.",
    ),
}
_ANSWER_COMMENTS = (
    ("This worked perfectly, thank you.", "asker"),
    ("Exactly what I needed — and the explanation of why helps a lot.", "asker"),
    ("Good answer. A source for the numbers would make it even better.", None),
    ("+1. I've done this for years with no problems.", None),
    ("{owner} do you know if the same applies to the whole-wheat version?", None),
    ("Tried it this weekend: works, though I'd go a little lighter than you suggest.", "asker"),
)


def variant_threads(rng: random.Random) -> list[ThreadSpec]:
    """Every generated thread, in a deterministic order decided by ``rng``."""
    threads: list[ThreadSpec] = []
    for key, ing, sub, dish, tags, situation, answer, alternative in SUBSTITUTIONS:
        title = rng.choice(_SUBSTITUTION_TITLES).format(ing=ing, sub=sub, dish=dish)
        body = f"{_opening(rng, situation)}\n\n{rng.choice(_SUBSTITUTION_CLOSINGS)}"
        threads.append(_thread(rng, "substitution", key, title, tags, body, answer, alternative))
    for key, food, tags, situation, answer in STORAGE:
        title = rng.choice(_STORAGE_TITLES).format(food=food)
        threads.append(_thread(rng, "storage", key, title, tags, _body(rng, situation), answer))
    for key, a, b, tags, situation, answer in DIFFERENCES:
        title = rng.choice(_DIFFERENCE_TITLES).format(a=a, b=b, A=a[0].upper() + a[1:])
        threads.append(_thread(rng, "difference", key, title, tags, _body(rng, situation), answer))
    for key, title, tags, situation, answer in TROUBLESHOOTING:
        threads.append(_thread(rng, "trouble", key, title, tags, _body(rng, situation), answer))
    for key, title, tags, situation, answer in EQUIPMENT:
        threads.append(_thread(rng, "equipment", key, title, tags, _body(rng, situation), answer))
    for key, title, tags, situation, answer in TECHNIQUES:
        threads.append(_thread(rng, "technique", key, title, tags, _body(rng, situation), answer))
    for key, meat, tags, situation, answer in DONENESS:
        title = rng.choice(_DONENESS_TITLES).format(meat=meat)
        threads.append(_thread(rng, "doneness", key, title, tags, _body(rng, situation), answer))
    return threads


def _opening(rng: random.Random, situation: str) -> str:
    opening = rng.choice(_OPENINGS)
    first_word = situation.split(" ", 1)[0]
    if not opening or first_word == "I" or first_word.startswith("I'"):
        return opening + situation
    return opening + situation[0].lower() + situation[1:]


def _body(rng: random.Random, situation: str) -> str:
    closing = rng.choice(_CLOSINGS)
    return _opening(rng, situation) + (f"\n\n{closing}" if closing else "")


def _score(rng: random.Random) -> int:
    """A long-tailed score: mostly 0–4, sometimes in the teens, now and then negative."""
    if rng.random() < 0.06:
        return -rng.randint(1, 2)
    return min(int(rng.paretovariate(1.7)) - 1 + rng.choice((0, 0, 1, 2)), 22)


def _thread(
    rng: random.Random,
    family: str,
    key: str,
    title: str,
    tags: str,
    body: str,
    answer: str,
    alternative: str = "",
) -> ThreadSpec:
    score = _score(rng)
    thread = ThreadSpec(body=body, score=score, key=f"{family}-{key}", title=title, tags=tags.split())
    if rng.random() < 0.5:
        thread.comments.append(CommentSpec(rng.choice(_QUESTION_COMMENTS[family]), rng.choice((0, 0, 1, 2))))
    # About one question in twelve is still waiting for its answer.
    if rng.random() < 0.08:
        return thread
    main = AnswerSpec(body=answer, score=max(0, score + rng.randint(-1, 6)))
    if rng.random() < 0.45:
        text, author = rng.choice(_ANSWER_COMMENTS)
        main.comments.append(CommentSpec(text, rng.choice((0, 0, 1, 3)), author))
    thread.answers.append(main)
    if alternative:
        thread.answers.append(AnswerSpec(body=alternative, score=max(-1, score // 2 + rng.randint(-1, 2))))
    seconds = _SECOND_ANSWERS.get(family, ())
    if seconds and rng.random() < 0.35:
        thread.answers.append(
            AnswerSpec(body=rng.choice(seconds), score=max(0, score // 3 + rng.randint(-1, 2)))
        )
    main.accepted = rng.random() < 0.42
    return thread
