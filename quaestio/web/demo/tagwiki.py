"""Tag excerpts and wikis for the demo's main tags (Post types 4 and 5, owned by Community).

The excerpt is the one-paragraph "usage guidance" shown on the tags page and when a tag is
hovered; the wiki is the longer page behind it.
"""

from __future__ import annotations

TAG_WIKIS: dict[str, tuple[str, str]] = {
    "baking": (
        "Questions about cooking by dry heat in an oven: breads, cakes, cookies, pastry. "
        "Add a more specific tag (bread, cake, cookies, pastry) where one fits.",
        "Baking is cooking food with dry, surrounding heat, usually in an oven. Most baking "
        "depends on a few ratios (flour, water, fat, sugar, eggs) and on how gas is produced and "
        "trapped in a batter or dough, which is why small substitutions can change the result a lot.\n\n"
        "**Before asking**, please include:\n\n"
        "* the full recipe, with quantities — by weight if you have them;\n"
        "* your oven type (conventional or fan) and the temperature you used;\n"
        "* what you expected and what you got (a photo of the crumb helps).\n\n"
        "Further reading: [Baking on Wikipedia](https://en.wikipedia.org/wiki/Baking), "
        "and Michael Ruhlman's *Ratio* for the ratios behind most recipes.",
    ),
    "bread": (
        "Yeast-leavened and quick breads: dough, kneading, proofing, shaping and baking. "
        "Use with sourdough for naturally leavened bread.",
        "Questions about making bread at home: mixing and kneading, gluten development, "
        "fermentation and proofing, shaping, scoring, baking and storing.\n\n"
        "Bakers describe recipes in **baker's percentages**: every ingredient as a percentage of "
        "the flour weight. A lean loaf is roughly:\n\n"
        "| ingredient | baker's % |\n|---|---|\n| flour | 100 |\n| water | 65–75 |\n"
        "| salt | 1.8–2.2 |\n| instant yeast | 0.5–1 |\n\n"
        "Giving your recipe this way makes questions much easier to answer. See "
        "[Baker percentage](https://en.wikipedia.org/wiki/Baker_percentage).",
    ),
    "sourdough": (
        "Bread and other doughs leavened with a sourdough starter (wild yeast and lactic acid "
        "bacteria) rather than commercial yeast.",
        "A sourdough starter is a culture of wild yeasts and lactic acid bacteria kept in flour "
        "and water. The bacteria make lactic and acetic acid (the sour flavour); the yeasts make "
        "the gas. Questions here cover creating and maintaining a starter, timing, flavour, and "
        "troubleshooting dense or flat loaves.\n\n"
        "When asking, say how often you feed your starter, at what ratio, and at what room "
        "temperature: temperature changes everything in sourdough.",
    ),
    "food-safety": (
        "Questions about preventing foodborne illness: storage times, temperatures, "
        "cross-contamination, spoilage and safe preservation.",
        "Food safety questions are about the risk of getting ill, not about quality or taste.\n\n"
        "**Answers should cite a source** — a food safety authority such as the "
        "[USDA FSIS](https://www.fsis.usda.gov/food-safety), the UK "
        "[Food Standards Agency](https://www.food.gov.uk/) or a university extension service, "
        'or explain the microbiology. "I\'ve always done it and never got sick" is not evidence: '
        "most foodborne illness is mild, delayed, and blamed on something else.\n\n"
        "Useful basics:\n\n"
        "* The **danger zone** is 5–60 °C (40–140 °F); keep perishable food out of it for no "
        "more than 2 hours in total.\n"
        "* Cooling cooked food quickly matters as much as cooking it thoroughly.\n"
        "* Smell and appearance do not tell you whether food is safe.",
    ),
    "food-science": (
        "The chemistry, physics and biology of cooking: why techniques work, what happens to "
        "ingredients when heated, mixed or stored.",
        "Use this tag for *why* questions: why egg whites foam, why bread goes stale, why salt "
        "changes texture, why onions brown. Good answers explain the mechanism and, ideally, "
        "point to a source such as Harold McGee's *On Food and Cooking* or "
        "[Serious Eats](https://www.seriouseats.com/) food lab articles.",
    ),
    "substitutions": (
        "Replacing an ingredient you don't have, can't eat or don't want with something else. "
        "Say what the recipe is: a good substitute depends on what the ingredient does there.",
        "The right substitute depends on the role the ingredient plays: flavour, structure, "
        "moisture, fat, acidity, leavening, colour. Please give the recipe (or at least the "
        "dish) and the reason you need to substitute (allergy, availability, diet).\n\n"
        "Questions asking for a list of every possible substitute for something are too broad.",
    ),
    "storage": (
        "How to keep food and ingredients: containers, temperatures, humidity, and how long "
        "things keep. Add food-safety if the question is about the risk of illness.",
        "Storage questions cover keeping food at its best quality: where, in what, and for how "
        'long. For "is it still safe" questions, also tag food-safety.',
    ),
    "equipment": (
        "Choosing, using and caring for kitchen tools and appliances. Questions about buying "
        "a specific product are off topic.",
        "Ask about what a tool does, how to use it, how to care for it, or how types of tools "
        'compare. Shopping recommendations ("which brand should I buy?") are off topic, '
        "because the answers date quickly and are mostly opinion.",
    ),
    "cast-iron": (
        "Cast iron pans, skillets and pots: seasoning, cleaning, rust, and cooking in them.",
        "Bare cast iron is protected by **seasoning**: layers of oil polymerised onto the "
        "surface by heat. Enamelled cast iron (Le Creuset style) is a different material and "
        "needs no seasoning — please say which one you have.",
    ),
    "eggs": (
        "Cooking with eggs and egg products: boiling, poaching, frying, custards, meringues, emulsions.",
        "Eggs set at different temperatures: whites begin to set around 62 °C and yolks around "
        "65–70 °C, which is why precise temperature control gives such different textures. "
        "For questions about the safety of raw or undercooked eggs, also use food-safety.",
    ),
    "fermentation": (
        "Using microorganisms to transform food: lacto-fermented vegetables, kombucha, miso, "
        "yogurt, sourdough.",
        "Fermentation questions often mix flavour and safety: please say what you are making, "
        "the salt percentage (by weight of the vegetables plus water), the temperature, and "
        "what you see or smell. The [Wikipedia article on fermentation in food processing]"
        "(https://en.wikipedia.org/wiki/Fermentation_in_food_processing) is a good overview.",
    ),
    "knives": (
        "Kitchen knives: types, sharpening, honing, care and knife skills.",
        "Sharpening removes metal to make a new edge; honing realigns an existing edge. "
        "Questions about which specific knife to buy are off topic, but questions about steel "
        "types, edge angles and techniques are welcome.",
    ),
    "rice": (
        "Cooking rice of every kind: ratios, rinsing, rice cookers, risotto, sushi rice, fried rice.",
        "Different rices want different treatment: long-grain rice is usually rinsed and cooked "
        "by absorption, risotto rice is stirred to release starch, glutinous rice is steamed. "
        "Please say which rice you are using.",
    ),
}
