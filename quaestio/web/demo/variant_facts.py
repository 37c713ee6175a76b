"""The facts behind the generated threads: one row per question, each with its own answer.

Rows are (key, …, tags, situation, answer). A situation is the asker's own words; it never
starts with a proper noun, because an opening such as "Quick one: " may be put before it.
"""

# Situations are kept as one literal each so they read, and grep, as the asker wrote them.
# ruff: noqa: E501

from __future__ import annotations

# key, ingredient, substitute, dish, tags, situation, answer, second answer ("" if none)
SUBSTITUTIONS: tuple[tuple[str, str, str, str, str, str, str, str], ...] = (
    (
        "buttermilk",
        "buttermilk",
        "milk with lemon juice",
        "pancakes",
        "substitutions dairy baking",
        "My pancake recipe calls for 250 ml of buttermilk and I only have ordinary whole milk and a lemon.",
        "Yes. Put 1 tablespoon (15 ml) of lemon juice or white vinegar in a jug, top it up to 250 ml "
        "with milk, and leave it for 5–10 minutes until it thickens slightly.\n\n"
        "In pancakes the buttermilk's main job is **acidity**: it reacts with the baking soda to give "
        "lift, and it tenderises the batter. Soured milk does both. It is thinner than real "
        "buttermilk, so hold back a spoonful and add it only if the batter looks stiff.",
        "Plain yogurt thinned with milk (about 3 parts yogurt to 1 part milk) is even closer to "
        "buttermilk than soured milk, in both thickness and flavour. Kefir works 1:1.",
    ),
    (
        "cake-flour",
        "cake flour",
        "all-purpose flour and cornstarch",
        "a sponge cake",
        "substitutions flour cake",
        "The sponge recipe I want to try asks for cake flour, which I can't find anywhere near me.",
        "For each cup (about 125 g) of cake flour, measure a cup of all-purpose flour, take out 2 "
        "tablespoons and replace them with 2 tablespoons of cornstarch. Sift the two together two "
        "or three times so they are properly mixed.\n\n"
        "Cake flour has less protein (roughly 7–9 % against 10–12 %), so it forms less gluten and "
        "gives a finer, more tender crumb; the cornstarch dilutes the protein in the same way. "
        "Commercial cake flour is also often chlorinated, which helps it carry more sugar and "
        "liquid, so the result is not identical — but in a sponge you will struggle to tell.",
        "",
    ),
    (
        "self-raising",
        "self-raising flour",
        "plain flour and baking powder",
        "scones",
        "substitutions flour baking",
        "The scone recipe says self-raising flour. I have plain flour and a tub of baking powder.",
        "Self-raising flour is plain flour with baking powder already mixed in (and, in the US, "
        "salt). The usual conversion is **1½ teaspoons of baking powder per cup (about 125 g) of "
        "plain flour**; British recipes often say 2 teaspoons per 150 g, which is about the same.\n\n"
        "Whisk the powder through the flour very thoroughly, or sift them together, so you don't "
        "get bitter pockets. If the recipe adds baking powder *as well as* self-raising flour, add "
        "that on top.",
        "",
    ),
    (
        "baking-powder",
        "baking powder",
        "baking soda and cream of tartar",
        "muffins",
        "substitutions baking",
        "I ran out of baking powder halfway through making muffins. I do have baking soda and an old jar of cream of tartar.",
        "That's exactly what baking powder is: baking soda plus a dry acid. Use **1 part baking "
        "soda to 2 parts cream of tartar** — ¼ teaspoon soda and ½ teaspoon cream of tartar for "
        "each teaspoon of baking powder.\n\n"
        "Your homemade version is *single-acting*: it reacts as soon as it gets wet, unlike most "
        "commercial double-acting powders that react again in the heat of the oven. Mix the batter "
        "quickly and get the muffins in the oven straight away.\n\n"
        "Don't use baking soda on its own: without an acid you get little lift and a soapy, "
        "metallic taste.",
        "",
    ),
    (
        "brown-sugar",
        "brown sugar",
        "white sugar and molasses",
        "chocolate chip cookies",
        "substitutions sugar cookies",
        "I want to bake chocolate chip cookies but only have white sugar and a jar of molasses.",
        "Brown sugar *is* white sugar with molasses. For light brown sugar use about **1 tablespoon "
        "of molasses per cup (200 g) of white sugar**; for dark brown, 2 tablespoons. Rub them "
        "together with a fork (or pulse in a food processor) until the colour is even.\n\n"
        "It matters in cookies: the molasses brings moisture, acidity and flavour, which is why "
        "brown-sugar cookies are chewier. With white sugar alone they will be crisper and paler "
        "and will spread more.",
        "",
    ),
    (
        "cream-sauce",
        "heavy cream",
        "milk and butter",
        "a pasta sauce",
        "substitutions dairy sauce",
        "I'm making a creamy mushroom pasta sauce and forgot to buy cream. There's whole milk and butter in the fridge.",
        "You can get close: whisk ¾ cup (180 ml) of whole milk with ¼ cup (55 g) of melted butter. "
        "That comes out at roughly 20 % fat, lighter than heavy cream, but fine for a sauce.\n\n"
        "It is not a stable emulsion the way cream is, so it splits more easily: keep it at a "
        "gentle simmer rather than a boil, and if you want body, thicken it with a teaspoon of "
        "flour cooked in the butter first. It will not whip.",
        "Another option: finish the sauce with a spoonful of cream cheese or mascarpone if you "
        "have some — they melt in smoothly and don't split.",
    ),
    (
        "flax-egg",
        "eggs",
        "ground flaxseed",
        "brownies",
        "substitutions eggs baking",
        "A friend who is vegan is coming over and I want to make brownies. The recipe uses two eggs.",
        "Brownies are one of the best places to use a **flax egg**: 1 tablespoon of ground "
        "flaxseed stirred into 3 tablespoons of water, left for 5–10 minutes until gloopy, per egg.\n\n"
        "Brownies are dense anyway and don't rely on eggs for lift, only for binding and moisture, "
        "which flax provides. Expect a fudgier, slightly more fragile brownie with a faint nutty "
        "note. It works far less well in recipes where eggs give structure, such as sponges.",
        "Aquafaba (the liquid from a can of chickpeas) also works: 3 tablespoons per egg. It "
        "tastes of nothing once baked.",
    ),
    (
        "risotto-wine",
        "white wine",
        "stock and a splash of vinegar",
        "risotto",
        "substitutions rice italian-cuisine",
        "I don't drink and don't keep wine at home, but every risotto recipe starts with a glass of white wine.",
        "Leave the wine out and use stock throughout. What the wine brings is mostly **acidity**, "
        "which balances the richness of the butter and cheese.\n\n"
        "Add that acidity at the end instead: a teaspoon or two of white wine vinegar or lemon "
        "juice for four portions, stirred in with the butter and parmesan, tasting as you go. "
        "Don't add vinegar at the beginning in place of the wine — it is much sharper than wine.",
        "",
    ),
    (
        "dried-herbs",
        "fresh herbs",
        "dried herbs",
        "a tomato sauce",
        "substitutions herbs sauce",
        "The recipe says a tablespoon each of fresh oregano and fresh thyme. I only have the dried ones.",
        "Use about **a third as much dried as fresh**: 1 teaspoon dried for each tablespoon of "
        "chopped fresh herb.\n\n"
        "Add dried herbs early, so they have time to rehydrate and give up their flavour in the "
        "simmering sauce. Oregano and thyme dry very well — in a long-cooked tomato sauce many "
        "people prefer dried oregano. (Basil and parsley are the ones that lose almost everything "
        "when dried.)",
        "",
    ),
    (
        "active-dry",
        "instant yeast",
        "active dry yeast",
        "pizza dough",
        "substitutions yeast bread",
        "My pizza dough recipe uses 7 g of instant yeast; the shop only had active dry.",
        "Use about 25 % more active dry yeast by weight — roughly 9 g instead of 7 g — or the same "
        "amount and allow a little more rising time.\n\n"
        "Traditionally, active dry yeast is dissolved in some of the recipe's lukewarm water "
        "(around 35–40 °C) for 5–10 minutes before mixing. Modern active dry yeast usually works "
        "mixed straight in, but proofing it first also tells you whether it's alive: it should "
        "foam. For an overnight cold-fermented pizza dough the difference hardly matters.",
        "",
    ),
    (
        "fresh-yeast",
        "fresh yeast",
        "instant yeast",
        "a brioche",
        "substitutions yeast bread",
        "I'm following a brioche recipe from a French book that uses 20 g of fresh yeast. I only have sachets of instant yeast.",
        "Fresh (compressed) yeast to instant yeast is roughly **3 : 1 by weight**, so about 7 g "
        "of instant yeast — one sachet — for 20 g of fresh. Some bakers use 2.5 : 1.\n\n"
        "Mix instant yeast straight into the flour rather than dissolving it like fresh yeast. "
        "Brioche is rich and slow to rise in any case; go by the look of the dough (nearly doubled) "
        "rather than the clock.",
        "",
    ),
    (
        "oil-muffins",
        "butter",
        "vegetable oil",
        "blueberry muffins",
        "substitutions baking oil",
        "The muffin recipe asks for 115 g of melted butter. Can I use sunflower oil?",
        "Yes, muffins are one of the easiest places to make that swap. Butter is only about 80 % "
        "fat, so use about three quarters of the weight in oil — around 85 g here.\n\n"
        "Oil muffins stay moist for longer and have a softer, more even crumb; you lose the buttery "
        "flavour. The swap works because the recipe uses *melted* butter: in recipes that start by "
        "creaming butter with sugar, the creaming traps air, and oil can't do that.",
        "",
    ),
    (
        "flour-gravy",
        "cornstarch",
        "flour",
        "gravy",
        "substitutions sauce",
        "The gravy recipe says to thicken it with a tablespoon of cornstarch mixed with cold water. I've only got plain flour.",
        "Use **twice as much flour** as cornstarch — 2 tablespoons here.\n\n"
        "Mix it into a little cold water or stock first, or better, cook it in a spoonful of the "
        "fat from the roasting tin for a minute before adding the liquid, so you don't get lumps. "
        "Flour needs a few minutes of simmering to lose its raw taste, and the gravy will be "
        "opaque rather than glossy — which, for gravy, most people prefer anyway.",
        "",
    ),
    (
        "shallot-onion",
        "shallots",
        "onion",
        "a vinaigrette",
        "substitutions onions",
        "The vinaigrette calls for a finely minced shallot, and all I have is a big yellow onion.",
        "In a cooked dish, onion replaces shallot 1:1 without anyone noticing. Raw, as in a "
        "vinaigrette, it's harsher, so:\n\n"
        "1. use about half as much;\n"
        "2. mince it as finely as you can;\n"
        "3. let it sit in the vinegar (with the salt) for 10 minutes before adding the oil.\n\n"
        "The acid takes the edge off. A red onion is closer to a shallot than a yellow one, if you "
        "have the choice.",
        "",
    ),
    (
        "yogurt-dip",
        "sour cream",
        "Greek yogurt",
        "an onion dip",
        "substitutions dairy",
        "I'm making a dip for a party and the recipe uses a tub of sour cream. I have a big pot of full-fat Greek yogurt.",
        "Full-fat Greek yogurt is a very good 1:1 swap in a cold dip. It's a little tangier and a "
        "little less rich; a spoonful of mayonnaise or a drizzle of olive oil brings the richness "
        "back.\n\n"
        "(If you were *cooking* with it, stir yogurt in off the heat — it curdles much more easily "
        "than sour cream.)",
        "",
    ),
    (
        "honey-bread",
        "sugar",
        "honey",
        "a sandwich loaf",
        "substitutions bread sugar",
        "My sandwich bread uses 30 g of sugar and I'd like to use honey instead.",
        "That works well. Swap it 1:1 by weight, but honey is about 17 % water, so take about 5 g "
        "of water out of the dough for 30 g of honey — or simply don't bother, it is a small "
        "difference.\n\n"
        "Honey browns faster than sugar, so the crust will colour earlier; tent the loaf with foil "
        "if it is getting dark before it is done.",
        "",
    ),
    (
        "mirin",
        "mirin",
        "sake and sugar",
        "teriyaki sauce",
        "substitutions japanese-cuisine sauce",
        "I want to make teriyaki sauce but the supermarket had no mirin. I have cooking sake and sugar.",
        "Sake and sugar is the classic substitute: **1 tablespoon of sake plus 1 teaspoon of "
        "sugar** for each tablespoon of mirin. Dry sherry works in place of sake.\n\n"
        "Rice vinegar with sugar is often suggested online, but it adds sourness that mirin doesn't "
        "have; if that's all you have, use less of it and more sugar.",
        "",
    ),
    (
        "ghee-tadka",
        "ghee",
        "butter",
        "a dal tadka",
        "substitutions indian-cuisine butter",
        "I'm making dal for the first time and the tadka is cumin seeds and garlic fried in ghee.",
        "You can use butter, but its milk solids start to burn at around 150 °C, and a tadka is "
        "done hot — the cumin should crackle. Either use half butter and half neutral oil, or keep "
        "the heat moderate and watch it closely.\n\n"
        "Or make ghee, which takes 15 minutes: melt butter gently until the milk solids turn golden "
        "and sink, then strain through a cloth. It keeps for months.",
        "",
    ),
    (
        "vanilla",
        "vanilla extract",
        "a vanilla pod",
        "a custard",
        "substitutions dessert",
        "I was given some vanilla pods, and my custard recipe asks for 2 teaspoons of vanilla extract.",
        "One pod is usually taken as equivalent to 2–3 teaspoons of extract, so use one. Split it "
        "lengthways, scrape out the seeds, and put seeds *and* pod into the milk while you heat it; "
        "take the pod out before adding the eggs. You get a more rounded flavour and the little "
        "black specks.\n\n"
        "(Going the other way — extract for a pod in custard — add the extract off the heat at "
        "the end, because part of its aroma evaporates.)",
        "",
    ),
    (
        "agar",
        "gelatin",
        "agar agar",
        "a panna cotta",
        "substitutions dessert",
        "I want to make panna cotta for a vegetarian friend, so no gelatin.",
        "Agar works, but it behaves differently:\n\n"
        "* it must be **boiled** for 1–2 minutes to dissolve (gelatin must never boil);\n"
        "* it sets at room temperature, within about an hour;\n"
        "* it is much stronger: about 1 teaspoon of agar *powder* sets 500 ml softly.\n\n"
        "The texture is firmer and cleaner-cut than gelatin's wobble. Err on the side of less "
        "agar, and test a spoonful on a cold plate before you pour.",
        "",
    ),
    (
        "kosher-salt",
        "kosher salt",
        "table salt",
        "a brine for chicken",
        "substitutions salt chicken",
        "The brine recipe says ½ cup of kosher salt per 2 litres of water. I have fine table salt.",
        "Careful: salts differ hugely **by volume**, not by weight. A cup of table salt weighs "
        "about twice as much as a cup of Diamond Crystal kosher salt, and about a third more than "
        "Morton kosher.\n\n"
        "So weigh it. Half a cup of Diamond Crystal is about 70 g; of Morton about 120 g — the "
        "recipe's author presumably used one of them. A 5 % brine (50 g per litre) is a common "
        "target: 100 g of any salt in your 2 litres.",
        "",
    ),
    (
        "panko",
        "panko",
        "ordinary breadcrumbs",
        "chicken katsu",
        "substitutions japanese-cuisine frying",
        "The katsu recipe uses panko. I have a tub of fine dried breadcrumbs.",
        "It will work, but the crust will be denser and harder, and will soak up more oil. Panko is "
        "made from crustless bread and ground into large, airy flakes, which is where the light "
        "crunch comes from.\n\n"
        "You can make something much closer: pulse crustless white bread into coarse crumbs and "
        "dry them in a low oven (150 °C for about 10 minutes) without letting them colour.",
        "",
    ),
    (
        "soda-powder",
        "baking soda",
        "baking powder",
        "cookies",
        "substitutions baking cookies",
        "My cookie recipe uses 1 teaspoon of baking soda and I have none — only baking powder.",
        "You can, but you'll need about three times as much baking powder (3 teaspoons), and the "
        "cookies will change. Baking soda raises the dough's pH, which speeds up browning and "
        "makes the dough spread; baking powder is neutral.\n\n"
        "Expect thicker, cakier, paler cookies, possibly with a slight baking-powder taste. Still "
        "perfectly good cookies — just different ones.",
        "",
    ),
    (
        "single-cream",
        "double cream",
        "single cream",
        "whipped cream for a pavlova",
        "substitutions dairy dessert",
        "I bought single cream by mistake. I need whipped cream to go on a pavlova tonight.",
        "Unfortunately not. Cream whips because the fat globules partly break and link up around "
        "the air bubbles, and that needs at least about **30 % fat**. Single cream has around 18 %; "
        "it will froth and collapse, however long you whisk.\n\n"
        "Alternatives if you can't get to a shop: thick Greek yogurt or mascarpone loosened with a "
        "little of the single cream and sweetened, spread on instead of whipped.",
        "",
    ),
    (
        "passata",
        "passata",
        "tinned tomatoes",
        "a pizza sauce",
        "substitutions sauce",
        "The pizza recipe uses passata for the sauce. I have tins of whole plum tomatoes.",
        "Yes — drain them, then blitz or crush them by hand, and sieve if you want it smooth. The "
        "important thing on pizza is that the sauce is not watery, or the middle goes soggy: drain "
        "well, or simmer it for 10 minutes to thicken. Season with salt and a little olive oil; "
        "it doesn't need cooking beyond that.",
        "",
    ),
)

# key, food, tags, situation, answer
STORAGE: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "cooked-rice",
        "cooked rice",
        "food-safety storage rice",
        "I cook a big batch of rice on Sunday and eat it through the week. My flatmate says that's dangerous.",
        "Your flatmate has a point. Rice often carries spores of *Bacillus cereus*, which survive "
        "cooking. If cooked rice sits warm, they germinate and can make a toxin that reheating "
        "does **not** destroy.\n\n"
        "* Cool it fast: spread it on a tray and get it in the fridge within an hour if you can.\n"
        "* The UK's NHS advises eating it within a day; the USDA allows 3–4 days. The difference "
        "is mostly about how fast it was cooled.\n"
        "* Reheat it only once, until steaming hot all the way through.\n\n"
        "Batch-cooking is fine if you freeze portions as soon as they are cool.",
    ),
    (
        "chicken-stock",
        "homemade chicken stock",
        "food-safety storage stock",
        "I made a big pot of chicken stock and the fat has set into a thick layer on top in the fridge.",
        "3–4 days in the fridge, like other cooked leftovers; frozen, it keeps for months (quality "
        "is best within about six).\n\n"
        "The fat cap doesn't preserve stock. It limits air at the surface but stock is a perfect "
        "medium for bacteria, and most of them don't need air anyway. Freeze it in portions — "
        "muffin tins and ice cube trays are handy — and pop them out into a bag.",
    ),
    (
        "boiled-eggs",
        "hard-boiled eggs",
        "food-safety storage eggs",
        "I boil a dozen eggs at a time for lunches. Should I peel them first?",
        "Hard-boiled eggs keep for **about a week** in the fridge, according to "
        "[foodsafety.gov](https://www.foodsafety.gov/food-safety-charts/cold-food-storage-charts). "
        "Unpeeled ones keep a little better and don't dry out; peeled ones should be in a closed "
        "container, ideally with a damp paper towel.\n\n"
        "Cool them promptly after cooking and don't leave them out of the fridge for more than two "
        "hours.",
    ),
    (
        "coconut-milk",
        "an opened tin of coconut milk",
        "storage",
        "I only ever use half a tin of coconut milk in a curry.",
        "Move what's left to a glass or plastic container (not the opened tin) and refrigerate: it "
        "keeps for **4–5 days**.\n\n"
        "For longer, freeze it in portions. It separates and looks grainy when thawed, but a quick "
        "whisk or a blitz with a stick blender brings it back, and in a curry you won't notice.",
    ),
    (
        "garlic-oil",
        "homemade garlic oil",
        "food-safety storage garlic oil",
        "I made a jar of olive oil with whole garlic cloves in it to give away as presents. It's been on the shelf for a week.",
        "Please don't give that away. Garlic in oil at room temperature is a textbook **botulism** "
        "risk: garlic can carry *Clostridium botulinum* spores from the soil, and oil makes the "
        "airless, low-acid environment they need to grow and produce toxin. You cannot see, smell "
        "or taste it.\n\n"
        "Homemade garlic oil should be refrigerated and used within about 4 days, or frozen. "
        "Commercial products are acidified to make them safe. Throw this jar out.",
    ),
    (
        "cooked-chicken",
        "leftover roast chicken",
        "food-safety storage chicken",
        "We had a roast chicken on Sunday and there's half of it left.",
        "**3–4 days** in the fridge, or 2–6 months in the freezer. Strip the meat off the bones "
        "when it has cooled a little, so it chills quickly, and put it in a closed container; the "
        "carcass makes excellent stock.",
    ),
    (
        "tomato-paste",
        "an opened tin of tomato paste",
        "storage",
        "Every recipe uses a tablespoon of tomato paste and then the rest of the tin goes mouldy.",
        "Once opened it lasts about a week in the fridge. Two tricks:\n\n"
        "* freeze it in tablespoon dollops on a lined tray, then tip them into a bag — they go "
        "straight from the freezer into the pan;\n"
        "* or buy it in tubes, which keep for weeks in the fridge because little air gets in.",
    ),
    (
        "butter-counter",
        "butter at room temperature",
        "storage butter food-safety",
        "My grandmother always kept butter in a dish on the table, never in the fridge.",
        "Salted butter keeps fine at room temperature for a few days in a covered dish, as long "
        "as the room is not warm (say below 21 °C). Butter is mostly fat; the water in it is in "
        "tiny droplets, and in salted butter that water is very salty, which makes it a poor home "
        "for bacteria.\n\n"
        "The real risk is **rancidity**, not illness: light and warmth oxidise the fat. Keep a "
        "few days' worth out and the rest in the fridge. Unsalted butter spoils faster.",
    ),
    (
        "cut-onion",
        "half a cut onion",
        "storage onions food-safety",
        "I read that you should never keep half an onion because it absorbs bacteria and becomes poisonous.",
        "That's a long-running myth. A cut onion is no more a bacteria magnet than any other cut "
        "vegetable. Wrap it or put it in a closed container in the fridge and use it within about "
        "a week; it will dry out a little and smell up the fridge, and that's all.",
    ),
    (
        "cooking-wine",
        "opened wine for cooking",
        "storage",
        "I open a bottle of wine for a recipe that uses a glass, and then don't know what to do with the rest.",
        "For drinking, an opened bottle is past its best in 3–5 days. For cooking, a week or two "
        "corked in the fridge is fine: it oxidises and loses its fruit, but it doesn't become "
        "unsafe.\n\n"
        "Better: freeze it in an ice cube tray, one cube is about 2 tablespoons. Or keep a bottle "
        "of dry vermouth or dry sherry for cooking; fortified wines keep for weeks once opened.",
    ),
    (
        "vinaigrette",
        "homemade vinaigrette",
        "storage food-safety",
        "I make a jar of mustard vinaigrette with fresh garlic and herbs each weekend.",
        "A plain vinaigrette (oil, vinegar, mustard, salt) keeps for weeks in the fridge. Fresh "
        "garlic and herbs shorten that: keep those jars refrigerated and use them within about a "
        "week. The vinegar helps, but you don't want raw garlic sitting in oil for long. Let it "
        "warm up on the counter for a few minutes before use; the oil will have thickened.",
    ),
    (
        "cooked-beans",
        "cooked beans",
        "storage food-safety",
        "I cook dried chickpeas and black beans in big batches now because it's so much cheaper.",
        "3–5 days in the fridge in a closed container. For batches, freeze them **in some of their "
        "cooking liquid** — they don't dry out or turn mealy, and they thaw quickly. Frozen, they "
        "keep for months.",
    ),
    (
        "ginger",
        "fresh ginger",
        "storage",
        "I buy a hand of ginger and use a little bit, and the rest goes wrinkly and soft.",
        "Unpeeled, in a bag in the vegetable drawer, ginger keeps for about three weeks.\n\n"
        "The better answer is to **freeze it** whole. Grate it straight from frozen on a "
        "microplane — no need to peel, and frozen ginger grates into a fine fluff without the "
        "stringy fibres.",
    ),
    (
        "bread",
        "homemade bread",
        "storage bread",
        "I've started baking bread and it goes stale within two days. Should I keep it in the fridge?",
        "Not in the fridge: staling is mostly **starch retrogradation** (the starch recrystallising), "
        "and it is fastest at fridge temperatures, so bread goes stale *faster* there.\n\n"
        "* First day or two: cut side down on the board, or in a bread bin or paper bag.\n"
        "* Longer: slice it, freeze it, and toast slices straight from frozen.\n\n"
        "Stale (but not mouldy) bread can be refreshed in a hot oven for a few minutes, which "
        "reverses the retrogradation for a while.",
    ),
    (
        "egg-whites",
        "leftover egg whites",
        "storage eggs",
        "I made custard and now have six egg whites in a bowl.",
        "Raw whites keep 2–4 days in a closed container in the fridge. They also **freeze "
        "perfectly**, for up to a year: label the container with how many whites are in it (or "
        "freeze them singly in an ice cube tray). Thawed whites whip just as well for meringues.",
    ),
    (
        "flour",
        "flour",
        "storage flour",
        "I bought a 10 kg sack of flour. How long will it stay good?",
        "White flour keeps for many months, typically up to a year, in an airtight container in a "
        "cool, dry place. Whole wheat flour keeps less well — the germ's oils go rancid — so use "
        "it within about three months or keep it in the freezer.\n\n"
        "The bigger risk with a sack is pantry moths and weevils: decant it into airtight tubs.",
    ),
    (
        "spices",
        "ground spices",
        "storage spices",
        "I found a jar of ground cumin with a best-before date from four years ago.",
        "Spices don't go off in a way that makes you ill; they fade. Ground spices are at their "
        "best for about a year, whole ones for two to four. Rub a pinch between your fingers and "
        "smell it: if there's little aroma, there will be little flavour.\n\n"
        "Buy whole where you can, store them dark and away from the stove, and grind small amounts.",
    ),
    (
        "fresh-herbs",
        "fresh herbs",
        "storage herbs",
        "I buy fresh coriander and parsley and they turn to slime in the fridge within days.",
        "Treat soft herbs like cut flowers: trim the stems, stand them in a glass of water, cover "
        "loosely with a bag and keep them in the fridge. They'll last a week or more. (Basil is "
        "the exception: keep it in water on the counter, the cold blackens it.)\n\n"
        "Woody herbs — rosemary, thyme — keep best wrapped in a slightly damp paper towel in a "
        "bag in the fridge.",
    ),
    (
        "cream-soup",
        "soup made with cream",
        "storage soup",
        "I'd like to freeze a big pot of cream of mushroom soup.",
        "In the fridge, 3–4 days. You can freeze it, but soups with a lot of cream or milk often "
        "**split** on thawing and turn grainy. If you're making it to freeze, freeze the soup "
        "before adding the cream, and stir the cream in when you reheat it. If it's already in, "
        "reheat gently and blitz with a stick blender, which usually brings it back together.",
    ),
    (
        "mayonnaise",
        "homemade mayonnaise",
        "storage food-safety eggs",
        "I made mayonnaise with a raw egg yolk and I'm not sure how long to keep it.",
        "Most food safety advice says **about 4 days** in the fridge for homemade mayonnaise with "
        "raw egg; some sources allow up to a week if it is well acidified with lemon juice or "
        "vinegar. Make it with very fresh eggs, or pasteurised ones if it's for anyone pregnant, "
        "elderly or very young.",
    ),
    (
        "cooked-pasta",
        "leftover cooked pasta",
        "storage pasta",
        "I cooked too much spaghetti and there's a whole pan of plain pasta left over.",
        "3–5 days in the fridge in a closed container. Toss it with a little oil first so it doesn't "
        "set into one block. To reheat, drop it into boiling water for 30 seconds, or straight into "
        "the hot sauce.",
    ),
)

# key, first thing, second thing, tags, situation, answer
DIFFERENCES: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "soda-powder",
        "baking soda",
        "baking powder",
        "baking food-science",
        "Some recipes use one, some the other, some both. I've never understood why.",
        "**Baking soda** is sodium bicarbonate, a base. It makes carbon dioxide only when it meets "
        "an acid in the recipe — buttermilk, yogurt, brown sugar, honey, natural cocoa, lemon juice.\n\n"
        "**Baking powder** is baking soda with a dry acid (and starch to keep it dry) already mixed "
        "in, so it needs only moisture. Most is *double-acting*: some gas when wet, more in the oven.\n\n"
        "Recipes use both when they contain some acid but not enough to leaven the whole batter — "
        "the soda neutralises the acid and helps browning, the powder does the rest of the lifting.",
    ),
    (
        "stock-broth",
        "stock",
        "broth",
        "soup stock",
        "Recipes seem to use the words interchangeably, and the shop sells both.",
        "In kitchen usage, **stock** is made mostly from bones, simmered long enough to extract "
        "gelatin, and usually left unseasoned: it's an ingredient. **Broth** is made mostly from "
        "meat, seasoned, and good enough to eat on its own.\n\n"
        'On supermarket shelves the distinction is blurry, and "bone broth" is a marketing name '
        "for what cooks have always called stock. In most recipes you can use either; if it "
        "matters — a sauce you'll reduce a lot — use unsalted.",
    ),
    (
        "cilantro",
        "cilantro",
        "coriander",
        "herbs spices",
        "I'm following an American recipe and a British one for the same dish.",
        "Same plant, *Coriandrum sativum*. In American English **cilantro** is the leaves and "
        "**coriander** the dried seeds; in British English both are coriander (leaves and seeds).\n\n"
        "They taste completely different, so check which is meant: the leaves are fresh and "
        "citrusy (or soapy, for people with certain variants of the OR6A2 smell receptor gene), "
        "the seeds warm and orange-like.",
    ),
    (
        "paprika",
        "sweet paprika",
        "smoked paprika",
        "spices",
        "I used smoked paprika in a goulash instead of the sweet paprika the recipe called for and it tasted completely different.",
        "Both are ground dried red peppers. **Smoked paprika** — Spanish *pimentón*, classically "
        "*pimentón de la Vera* — is made from peppers smoked over oak before grinding; it comes "
        "sweet (*dulce*), bittersweet (*agridulce*) or hot (*picante*).\n\n"
        "**Sweet paprika**, as in Hungarian cooking, is not smoked, and goulash is built on it — "
        "often several tablespoons. Swapping them changes the whole dish, as you found.",
    ),
    (
        "cocoa",
        "Dutch-process cocoa",
        "natural cocoa",
        "chocolate baking",
        "A cake recipe specifies Dutch-process cocoa. Does it really matter?",
        "It can. **Natural cocoa** is acidic (pH around 5–6), lighter in colour, and sharper in "
        "taste. **Dutch-process** cocoa is treated with an alkali, which raises the pH to about "
        "7–8, darkens it, and mellows the flavour.\n\n"
        "The acidity matters for leavening: recipes with natural cocoa often rely on baking soda "
        "reacting with it. Swap one for the other in a recipe leavened only with soda and the cake "
        "may rise poorly and taste soapy. In recipes with baking powder, or in drinks and "
        "frostings, they are interchangeable.",
    ),
    (
        "salts",
        "kosher salt",
        "table salt",
        "salt",
        "American recipes always say kosher salt. Is it healthier, or what?",
        "Chemically both are sodium chloride; neither is healthier. The differences:\n\n"
        "* **Crystal shape and size**: kosher salt is coarse, flaky or hollow-pyramid crystals, "
        "easy to pinch and see on food. Table salt is fine cubes.\n"
        "* **Additives**: table salt usually has an anti-caking agent and often iodine.\n"
        "* **Density**: a teaspoon of table salt holds about twice the salt of a teaspoon of "
        "Diamond Crystal kosher salt. This is why recipes name a salt — and why weighing salt "
        "is better.",
    ),
    (
        "creams",
        "heavy cream",
        "whipping cream",
        "dairy",
        "In the US I see heavy cream, heavy whipping cream and whipping cream side by side.",
        "The names are defined by fat content. In the US, **heavy cream** (or heavy whipping "
        "cream) has at least 36 % milk fat; **whipping cream** (light whipping cream) has 30–36 %.\n\n"
        "Both whip; heavy cream whips firmer, holds longer, and is less likely to curdle in a "
        "hot sauce. In the UK the equivalents are double cream (about 48 %) and whipping cream "
        "(about 35 %); single cream (18 %) won't whip.",
    ),
    (
        "bread-flour",
        "bread flour",
        "all-purpose flour",
        "flour bread",
        "Is bread flour worth buying, or is it a marketing thing?",
        "The difference is **protein**: bread flour is about 12–14 %, all-purpose about 10–12 %. "
        "More protein means more gluten, which gives a chewier crumb and a dough that holds its "
        "shape and traps gas better — useful for crusty loaves, bagels and pizza.\n\n"
        "You can make good bread with all-purpose flour; you may need a little less water and will "
        "get a softer crumb. For cakes and pastry, bread flour is the wrong choice.",
    ),
    (
        "pepper",
        "white pepper",
        "black pepper",
        "spices",
        "White pepper smells strangely funky to me. Is it a different plant?",
        "Same plant, *Piper nigrum*, different processing. **Black pepper** is the unripe berry, "
        "dried whole: the dark wrinkled skin carries much of the aroma. **White pepper** is the "
        "ripe berry soaked for days so the skin rots off (retting), then dried.\n\n"
        "That soaking is where the funky, fermented note comes from. It's wanted in many Chinese "
        "and Thai dishes, and in pale sauces where cooks don't want black specks.",
    ),
    (
        "cinnamon",
        "Ceylon cinnamon",
        "cassia",
        "spices",
        "I read that the cinnamon in the supermarket isn't real cinnamon.",
        "Most supermarket cinnamon in North America is **cassia** (*Cinnamomum cassia* and "
        "related species): strong, sweet-hot, with thick single-layer bark. **Ceylon cinnamon** "
        "(*C. verum*) is milder and more complex, its quills made of many thin papery layers.\n\n"
        "Both are real cinnamon in the culinary sense. The practical difference is **coumarin**: "
        "cassia contains much more, which matters only if you eat large amounts daily.",
    ),
    (
        "jam-jelly",
        "jam",
        "jelly",
        "fruit",
        "American friends say jelly when they mean what I'd call jam, I think.",
        "In American usage, **jelly** is made from strained fruit juice and is clear and smooth; "
        "**jam** is made from crushed or chopped fruit; **preserves** contain larger pieces or "
        "whole fruit. In British English, jelly is also what Americans call Jell-O, and "
        '"jam" covers most of the rest.',
    ),
    (
        "soy",
        "light soy sauce",
        "dark soy sauce",
        "chinese-cuisine sauce",
        "A Chinese recipe uses both light and dark soy sauce in the same dish.",
        "In Chinese cooking, **light soy sauce** (生抽, *shēngchōu*) is the everyday one: thinner, "
        "lighter in colour, saltier, used for seasoning. **Dark soy sauce** (老抽, *lǎochōu*) is aged "
        "longer, often with caramel or molasses added; it's thicker, less salty and slightly sweet, "
        "and is used mainly for colour, as in red-braised pork.\n\n"
        '"Light" here means colour, not reduced salt — that\'s a different product.',
    ),
    (
        "yam",
        "yams",
        "sweet potatoes",
        "vegetables",
        "In the US supermarket the orange ones are sometimes labelled yams, sometimes sweet potatoes.",
        "True **yams** (*Dioscorea*) are a different plant altogether: starchy, dry, with rough "
        "bark-like skin, a staple in West Africa and the Caribbean, and rarely seen in ordinary US "
        'supermarkets. The orange-fleshed roots sold as "yams" in the US are **sweet potatoes** '
        "(*Ipomoea batatas*); the label was a marketing choice to tell them from paler varieties.",
    ),
    (
        "simmer-boil",
        "simmering",
        "boiling",
        "boiling",
        "Recipes say to bring something to a boil and then simmer. What's the actual difference?",
        "A **boil** is water at 100 °C (at sea level) with large bubbles breaking the surface all "
        "the time. A **simmer** is a little below that — small bubbles rising gently, roughly "
        "85–95 °C.\n\n"
        "It matters because the vigorous movement of a boil toughens meat, clouds stocks and "
        "breaks up delicate food, while a simmer cooks gently. Bringing it to a boil first is "
        "just the fastest way to get everything hot.",
    ),
    (
        "braise-stew",
        "braising",
        "stewing",
        "cooking-techniques",
        "Both seem to be cooking meat slowly in liquid.",
        "They're the same technique at different scales. **Braising** usually means larger pieces "
        "partly submerged, often seared first, cooked covered so the top steams. **Stewing** means "
        "smaller, bite-sized pieces fully covered by liquid. Both use slow, low heat to turn "
        "collagen into gelatin.",
    ),
    (
        "parchment-wax",
        "parchment paper",
        "wax paper",
        "baking equipment",
        "Can I line a baking tray with wax paper?",
        "No. **Parchment** (baking paper) is coated with silicone and is oven-safe, usually to "
        "around 220–230 °C. **Wax paper** is coated with paraffin, which melts and smokes in the "
        "oven and can catch fire. Wax paper is for wrapping and for rolling dough, not for heat.",
    ),
    (
        "olive-oil",
        "extra virgin olive oil",
        "regular olive oil",
        "oil",
        'The bottle just labelled "olive oil" is much cheaper than the extra virgin.',
        "**Extra virgin** is oil extracted mechanically, without heat or solvents, that passes "
        'chemical limits (free acidity at most 0.8 %) and a tasting panel. Plain "olive oil" (or '
        '"pure") is mostly refined olive oil — neutral, with faults removed — blended with some '
        "virgin oil for flavour.\n\n"
        "Use extra virgin where you'll taste it. For frying, either works; the claim that extra "
        "virgin can't be used for frying is a myth.",
    ),
    (
        "tea",
        "green tea",
        "black tea",
        "tea",
        "Are they different plants?",
        "Both come from the same plant, *Camellia sinensis*. The difference is **oxidation**. For "
        "green tea the leaves are heated soon after picking (steamed or pan-fired), which stops the "
        "enzymes that oxidise them. For black tea the leaves are rolled and left to oxidise fully, "
        "which darkens them and changes the flavour. Oolong is in between.",
    ),
    (
        "caramel-maillard",
        "caramelisation",
        "the Maillard reaction",
        "food-science",
        "People say onions caramelise but also that the Maillard reaction browns them.",
        "**Caramelisation** is sugar alone breaking down under heat — sucrose starts around "
        "160 °C. The **Maillard reaction** is between sugars and amino acids (from proteins); it "
        "gives the browned flavours of bread crust, seared steak and roasted coffee, and it "
        "happens at lower temperatures, faster as you go above about 140 °C.\n\n"
        'Onions have both sugars and amino acids, so "caramelised" onions are browned by both, '
        "and mostly by Maillard.",
    ),
    (
        "lard-shortening",
        "lard",
        "vegetable shortening",
        "baking pastry",
        "Old pie recipes use lard, new ones shortening.",
        "**Lard** is rendered pork fat; **shortening** is vegetable oil made solid, once by "
        "hydrogenation, now usually by blending with palm oil or by interesterification. Both are "
        "100 % fat with no water, so they make very flaky, tender crusts.\n\n"
        "Good leaf lard makes the flakiest crust and has a faint savoury taste; shortening is "
        "neutral. Butter gives more flavour but is harder to work because it is 15–20 % water.",
    ),
    (
        "broil-grill",
        "broiling",
        "grilling",
        "cooking-techniques",
        "I'm British and American recipes tell me to broil things.",
        "An American **broiler** is what British English calls a **grill**: intense heat from "
        "above, in or above the oven. American **grilling** is cooking over heat from below, on "
        'a barbecue or grill pan. So "broil for 3 minutes" means put it under your grill.',
    ),
    (
        "arborio-carnaroli",
        "arborio",
        "carnaroli",
        "rice italian-cuisine",
        "Italian friends insist carnaroli is the only rice for risotto.",
        "Both are short-grain Italian risotto rices. **Carnaroli** has a higher share of amylose "
        "starch, so the grains hold their shape better and forgive a minute or two of overcooking, "
        "while still giving a creamy risotto. **Arborio** is more widely available, releases its "
        "starch more readily, and turns soft sooner. Either makes good risotto; carnaroli is "
        "easier to get right.",
    ),
    (
        "ap-plain",
        "all-purpose flour",
        "plain flour",
        "flour",
        "I'm in the UK using an American cookie recipe.",
        "They're used for the same things, but not identical. US all-purpose flour typically has a "
        "bit more protein (around 10–12 %) than British plain flour (about 9–10 %), and in the US "
        "it is often bleached. For cookies, cakes and sauces, swap them freely. For yeast bread, "
        "use strong (bread) flour in the UK.",
    ),
    (
        "salted-unsalted",
        "salted butter",
        "unsalted butter",
        "butter baking",
        "Baking recipes almost always ask for unsalted butter, then add salt.",
        "Salted butter contains around 1.5–2 % salt, but the amount varies by brand and country. "
        "Recipes call for unsalted butter so that you control the salt. In most baking you can use "
        "salted butter and leave out the recipe's added salt (about ¼ teaspoon per 100 g); in "
        "delicate things like buttercream or shortbread you may taste the difference.",
    ),
    (
        "espresso-roast",
        "espresso roast",
        "regular coffee beans",
        "coffee",
        "Can I use espresso roast in a filter machine, or normal beans in an espresso machine?",
        'Yes to both. **Espresso** is a brewing method, not a kind of bean. "Espresso roast" '
        "just means a blend the roaster thinks works well as espresso — usually darker, to "
        "emphasise body and reduce acidity, which is intensified by the method. Any bean can be "
        "brewed either way; what must change is the grind: very fine for espresso, medium for "
        "filter.",
    ),
    (
        "greek-yogurt",
        "Greek yogurt",
        "regular yogurt",
        "dairy",
        "Is Greek yogurt made differently?",
        "**Greek (strained) yogurt** is ordinary yogurt with much of the whey strained off. That "
        "makes it thicker, higher in protein per spoonful, and less likely to make a dip or sauce "
        "watery. You can make it at home: tip plain yogurt into a sieve lined with a coffee filter "
        "or cloth and leave it in the fridge for a few hours.",
    ),
)

# key, title, tags, situation, answer
TROUBLESHOOTING: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "cookie-spread",
        "Why did my cookies spread into one flat sheet?",
        "baking cookies",
        "I followed a chocolate chip cookie recipe exactly and the dough balls melted into one thin, greasy sheet on the tray.",
        "The usual causes, most likely first:\n\n"
        "1. **Butter too warm.** Melted or very soft butter makes dough that spreads before it "
        "sets. Use butter that is cool but pliable, and chill the shaped dough for 30 minutes or "
        "more.\n"
        "2. **Too little flour.** A cup of flour can weigh anywhere from 120 to 160 g depending on "
        "how you fill it. Weigh it if the recipe gives grams; otherwise spoon it into the cup and "
        "level it.\n"
        "3. **Greased or hot trays.** Use parchment, and let trays cool between batches.\n"
        "4. **Oven too cool.** The edges need to set quickly. Check the oven with a thermometer.",
    ),
    (
        "dense-bread",
        "Why is my homemade bread so dense?",
        "bread baking yeast",
        "Every loaf I make comes out heavy and tight, more like a brick than the bread in the photo.",
        "Dense bread almost always means it didn't trap enough gas. Check, in this order:\n\n"
        "* **Under-proofing** — the most common cause. Go by the dough, not the clock: it should "
        "roughly double, and a floured finger poke should spring back slowly.\n"
        "* **Yeast**: old or killed by very hot water (above about 50 °C).\n"
        "* **Too stiff a dough**: too little water makes tight bread. Most sandwich loaves are "
        "60–70 % water by flour weight.\n"
        "* **Not enough gluten development**: knead longer or do a few sets of stretch and folds.",
    ),
    (
        "split-hollandaise",
        "My hollandaise split — can I save it?",
        "sauce eggs emulsions",
        "I was making hollandaise for eggs Benedict and it suddenly went from glossy to a greasy, curdled mess.",
        "Usually, yes. It split because the butter went in too fast or it got too hot.\n\n"
        "1. Put a fresh egg yolk (or a tablespoon of warm water) in a clean bowl.\n"
        "2. Whisk the broken sauce into it **a teaspoon at a time**, whisking until each addition "
        "is emulsified before adding more.\n"
        "3. Once it's thick again, you can add the rest faster.\n\n"
        "If it split because it overheated and the yolk scrambled, strain out the lumps first.",
    ),
    (
        "watery-eggs",
        "Why are my scrambled eggs watery?",
        "eggs",
        "My scrambled eggs leave a puddle of liquid on the plate.",
        "Two usual culprits. **Overcooking**: as egg proteins set too tightly they squeeze out "
        "water (the same thing that makes overcooked custard weep). Take them off the heat while "
        "they still look a little underdone; they keep cooking on the plate. And **watery "
        "additions**: tomatoes, mushrooms and spinach release liquid — cook them separately first.",
    ),
    (
        "mushy-rice",
        "Why does my rice always come out mushy?",
        "rice",
        "I use a pot on the stove and the rice is always gluey and wet, sometimes burnt at the bottom too.",
        "For long-grain rice by absorption:\n\n"
        "1. **Rinse** until the water runs almost clear — loose surface starch is the glue.\n"
        "2. Use **less water** than packets say: about 1 : 1.25 to 1 : 1.5 by volume for "
        "basmati or jasmine.\n"
        "3. Bring to a boil, cover, turn the heat to the lowest setting, and **don't lift the lid "
        "or stir** for 12–15 minutes.\n"
        "4. Take it off the heat and let it stand, covered, for 10 minutes before fluffing.\n\n"
        "Burnt bottom plus wet top means the heat is too high — a heavier pot helps.",
    ),
    (
        "caramel-crystal",
        "Why does my caramel keep crystallising?",
        "sugar dessert food-science",
        "I'm making a wet caramel (sugar and water) and halfway through it turns into a cloudy, sandy lump.",
        "Sugar syrup is supersaturated, and one seed crystal can set off the whole pan. To avoid it:\n\n"
        "* **Don't stir** once it boils; swirl the pan instead.\n"
        "* **Wash down the sides** with a wet pastry brush to dissolve stray crystals.\n"
        "* Add a little **glucose or corn syrup**, or a squeeze of lemon juice, which interfere "
        "with crystallisation.\n"
        "* Start with a clean pan and make sure all the sugar is dissolved before it boils.\n\n"
        "If it does seize, add a little water and heat gently until it dissolves again.",
    ),
    (
        "sunken-cake",
        "Why did my cake sink in the middle?",
        "cake baking",
        "The cake rose beautifully in the oven and then collapsed into a crater as it cooled.",
        "The structure wasn't set when the gas stopped holding it up. Common reasons:\n\n"
        "* **Underbaked**: test with a skewer in the centre, not the side.\n"
        "* **Opening the oven early**, in the first two thirds of baking.\n"
        "* **Too much leavening**: the bubbles grow too big, merge and burst. Measure baking "
        "powder and soda precisely.\n"
        "* **Oven too cool**, so the middle never set. Check it with an oven thermometer.",
    ),
    (
        "grey-steak",
        "Why is my steak grey instead of brown?",
        "beef meat frying",
        "I can never get a proper crust on steak. It goes grey and sits in its own juice.",
        "You're steaming it, not searing it. Browning can't happen while there is water on the "
        "surface, because the surface can't go above 100 °C.\n\n"
        "* **Dry it**: pat it with paper towels. Salting it an hour ahead (or overnight, "
        "uncovered in the fridge) dries the surface further.\n"
        "* **Hot pan**: heavy pan, preheated until the oil just starts to smoke.\n"
        "* **Don't crowd**: two steaks in a small pan drop the temperature and release too much "
        "moisture at once.\n"
        "* **Leave it alone** until it releases from the pan.",
    ),
    (
        "burnt-onions",
        "Why do my onions burn before they caramelise?",
        "onions frying",
        "Recipes say caramelise the onions in 10 minutes. Mine are black at the edges and raw in the middle.",
        "Because properly caramelised onions take **40 minutes to an hour**, not 10 — a "
        "well-known fiction in recipes. Use medium-low heat, a wide heavy pan, enough fat, and a "
        "pinch of salt to draw out water. When brown bits stick to the pan, add a splash of water "
        "and scrape them up; repeat as needed. High heat gives you browned-outside, raw-inside "
        "onions, as you found.",
    ),
    (
        "soggy-pizza",
        "Why is my pizza soggy in the middle?",
        "pizza baking",
        "The edges of my homemade pizza are fine but the middle is wet and pale.",
        "Not enough heat from below, too much moisture from above.\n\n"
        "* Preheat the oven at its highest setting for **45 minutes** with a baking steel or "
        "stone in it, and bake on that.\n"
        "* Use **less sauce**, and make sure it's thick, not watery.\n"
        "* Fresh mozzarella is very wet: tear it, let it drain on paper towels, or use low-moisture "
        "mozzarella.\n"
        "* Go easy on wet toppings such as mushrooms and peppers, or pre-cook them.",
    ),
    (
        "runny-mayo",
        "Why won't my mayonnaise thicken?",
        "sauce eggs emulsions",
        "I'm whisking oil into an egg yolk and it stays thin and runny however much I whisk.",
        "The oil went in too fast at the start, before the emulsion formed. The fix is the same as "
        "for broken hollandaise: in a clean bowl, start with a new egg yolk (and a teaspoon of "
        "mustard, which helps emulsify), and whisk the runny mixture in **drop by drop** at first. "
        "Once it thickens, you can pour in a thin stream.",
    ),
    (
        "tough-pastry",
        "Why is my pie crust tough instead of flaky?",
        "pastry baking",
        "My pie crust comes out hard and chewy.",
        "Toughness is gluten. To develop less of it:\n\n"
        "* Handle the dough **as little as possible** once the water is in.\n"
        "* Use **only enough water** to bring it together — add it a spoonful at a time.\n"
        "* Keep the fat **cold**, in visible pieces; those pieces make the flaky layers.\n"
        "* **Rest** the dough in the fridge for at least 30 minutes before rolling; rest it again "
        "after lining the dish.",
    ),
    (
        "blue-garlic",
        "Why did the garlic in my pickles turn blue?",
        "pickling garlic food-science",
        "I made a jar of pickled vegetables with garlic cloves and a few days later the garlic is bright blue-green.",
        "It's harmless. Garlic contains sulphur compounds that, under acidic conditions, react with "
        "amino acids to form pigments related to chlorophyll — blue and green ones. It's more "
        "likely with young garlic or garlic stored cold. The same reaction gives *Laba garlic*, a "
        "Chinese New Year speciality that is green on purpose.",
    ),
    (
        "seized-chocolate",
        "Why did my melted chocolate seize when I added vanilla?",
        "chocolate",
        "The chocolate was melting nicely until I added a teaspoon of vanilla extract; it instantly turned into a stiff, grainy paste.",
        "A small amount of water makes melted chocolate seize: the sugar and cocoa particles get "
        "just wet enough to clump together instead of staying suspended in the cocoa butter.\n\n"
        "Oddly, the fix is **more** liquid: stir in hot cream or water a tablespoon at a time and "
        "it will smooth out — though then it's a ganache or sauce, not melted chocolate. Next "
        "time, add flavourings with the fat, or use an oil-based flavouring.",
    ),
    (
        "peeling-eggs",
        "Why are my boiled eggs so hard to peel?",
        "eggs",
        "Half the white comes off with the shell every time.",
        "Very fresh eggs are the main culprit: the membrane clings to the white while the pH of the "
        "white is low, and that pH rises as eggs age. Whatever their age:\n\n"
        "* **Start them in boiling water** (or steam them) rather than cold water;\n"
        "* cool them in **ice water** straight after cooking;\n"
        "* crack all over and peel under running water, starting from the wide end where the air "
        "cell is.",
    ),
    (
        "green-yolk",
        "Why is there a green ring around my hard-boiled egg yolks?",
        "eggs food-science",
        "The yolks taste fine but have an ugly grey-green layer around them.",
        "That's iron sulphide: hydrogen sulphide from the white reacts with iron in the yolk. It "
        "forms when eggs are **overcooked** or cooled slowly. It's harmless. Cook them for less "
        "time (10–11 minutes from boiling for a large egg is plenty) and plunge them into ice "
        "water straight away.",
    ),
    (
        "grainy-cream",
        "Why did my whipped cream turn grainy?",
        "dairy dessert",
        "I turned my back on the stand mixer for a minute and the whipped cream went lumpy and yellowish.",
        "It was over-whipped and on its way to becoming butter: the fat globules clumped together. "
        "If it's only grainy, **fold in a few spoonfuls of liquid cream** by hand and it will "
        "smooth out. If it has separated into butter and buttermilk — congratulations, you've made "
        "butter. Next time stop at soft or medium peaks, and finish by hand.",
    ),
    (
        "sticky-pasta",
        "Why does my pasta stick together?",
        "pasta",
        "My spaghetti always ends up in clumps.",
        "Stir it during the **first minute or two** of cooking, when the surface starch is sticky; "
        "after that it won't stick. Use enough water that it returns to the boil quickly. And "
        "don't drain it and let it sit: get it straight into the sauce, with a splash of the "
        "cooking water. Oil in the water doesn't help — it floats on top.",
    ),
    (
        "soft-roasties",
        "Why aren't my roast potatoes crispy?",
        "potatoes roasting",
        "My roast potatoes are cooked through but pale and soft, never crunchy.",
        "The classic method:\n\n"
        "1. **Parboil** chunks of floury potato in salted water until the edges are soft — about "
        "10 minutes. A pinch of baking soda in the water roughens the surface even more.\n"
        "2. Drain, let them steam dry, then **shake them** in the pan to rough up the outsides.\n"
        "3. Tip them into fat that is **already hot** in the oven, turn to coat, and give them "
        "space.\n"
        "4. Roast at 200–220 °C, turning once, for 45 minutes or more.",
    ),
    (
        "runny-yogurt",
        "Why does my homemade yogurt come out runny?",
        "dairy fermentation",
        "I heat milk, cool it, add a spoon of shop yogurt and leave it overnight, but it's thin.",
        "Three things to check:\n\n"
        "* **Heat the milk to 82–85 °C** and hold it there for several minutes first: this "
        "denatures whey proteins so they join the set and give a thicker yogurt.\n"
        "* **Incubate at 40–45 °C** — an oven with the light on, or a cool box with hot water "
        "bottles. Much cooler and it sets slowly and thin.\n"
        "* Use a **fresh, plain live yogurt** as starter, and give it long enough: 6–12 hours.\n\n"
        "For thicker still, strain it afterwards.",
    ),
    (
        "jam-set",
        "Why won't my jam set?",
        "preserving fruit",
        "It's been a day in the jars and my strawberry jam is still runny syrup.",
        "Jam sets when pectin, sugar and acid come together at the right concentration. Usually:\n\n"
        "* It wasn't boiled to the **setting point** — about 104.5 °C (220 °F) at sea level. Test "
        "with a thermometer or the cold-plate wrinkle test.\n"
        "* **Low-pectin fruit**: strawberries have little. Add lemon juice (acid and some pectin) "
        "or use jam sugar with added pectin.\n\n"
        "You can tip it back into the pan and boil it again.",
    ),
    (
        "custard-lumps",
        "Why does my custard go lumpy?",
        "dessert eggs",
        "Halfway through cooking my custard, it suddenly gets lumps like scrambled egg.",
        "The eggs are overheating and scrambling. **Temper** them — whisk some of the hot milk into "
        "the eggs before adding them to the pan — then cook over low heat, stirring constantly, "
        "and take it off at **80–82 °C**, when it coats the back of a spoon. If a few lumps form, "
        "strain it through a fine sieve straight away.",
    ),
    (
        "weeping-meringue",
        "Why does the meringue on my lemon pie weep?",
        "baking dessert eggs",
        "There's a layer of liquid between the meringue and the filling after a few hours.",
        "A puddle *under* the meringue means the bottom didn't cook: spread the meringue on the "
        "filling while the filling is **still hot**, so it cooks from below. Amber beads on "
        "*top* mean the opposite — overcooked. Spread the meringue right to the crust edge so it "
        "doesn't shrink, and a teaspoon of cornflour in the meringue helps keep it stable.",
    ),
    (
        "flying-crust",
        "Why is there a big hole under the top crust of my bread?",
        "bread baking",
        "The loaf looks fine but when I slice it there's a tunnel right under the top crust.",
        "That's called a *flying crust*. Usually the dough was **under-proofed**, so it expanded "
        "violently in the oven and the top lifted away, or a pocket of air was trapped when "
        "shaping. Shape more firmly (degassing large bubbles), proof a little longer, and if you "
        "use a loaf tin, slash the top so the oven spring has somewhere to go.",
    ),
    (
        "bitter-coffee",
        "Why does my coffee taste bitter?",
        "coffee",
        "I use good beans but the coffee from my cafetière (French press) is harsh and bitter.",
        "Bitterness usually means **over-extraction**: the water pulled out too much. For a "
        "French press:\n\n"
        "* grind **coarser** — like coarse sea salt;\n"
        "* use water just off the boil, around 93–96 °C;\n"
        "* steep about **4 minutes**, then pour it all out — coffee left on the grounds keeps "
        "extracting;\n"
        "* a ratio of about 60 g of coffee per litre is a good start.",
    ),
)

# key, title, tags, situation, answer
EQUIPMENT: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "rusty-cast-iron",
        "How do I get rust off a cast iron pan?",
        "cast-iron cleaning",
        "I left my cast iron skillet soaking overnight and now it has orange rust spots.",
        "Easily fixed:\n\n"
        "1. Scrub the rust off with steel wool and a little water (and soap — it's fine).\n"
        "2. Rinse, dry thoroughly, then put it on the hob for a few minutes to drive off all moisture.\n"
        "3. Rub a **very thin** layer of oil all over with a paper towel, then wipe it off as if "
        "you'd made a mistake.\n"
        "4. Bake it upside down at 230–250 °C for an hour. Repeat 2–3 times if it needs it.",
    ),
    (
        "knife-dishwasher",
        "Can I put my chef's knife in the dishwasher?",
        "knives cleaning",
        "My partner puts all our knives in the dishwasher and I think it's ruining them.",
        "You're right. The edge knocks against other items and dulls or chips, the detergent and "
        "heat corrode the steel and damage wooden or bonded handles, and some steels will rust in "
        "the long damp cycle. Wash it by hand, dry it straight away, and store it where the edge "
        "doesn't touch anything.",
    ),
    (
        "hone-sharpen",
        "How often should I hone versus sharpen a knife?",
        "knives",
        "I have a honing steel and a whetstone and don't really know when to use which.",
        "**Honing** realigns an edge that has rolled over in use; it removes almost no metal. Hone "
        "every few uses, or whenever the knife feels slightly less keen.\n\n"
        "**Sharpening** grinds a new edge and removes metal. A home cook needs it a few times a "
        "year — when honing no longer brings the edge back. Harder Japanese knives are usually "
        "better served by a fine stone or strop than a steel.",
    ),
    (
        "rainbow-stainless",
        "How do I remove rainbow stains from a stainless steel pan?",
        "cleaning pans",
        "My stainless steel pan has blue and gold rainbow marks that won't scrub off.",
        "That's **heat tint**: a very thin oxide layer that forms when the steel gets hot, and it "
        "is harmless. Wipe it with white vinegar, or use a cleanser with oxalic acid such as Bar "
        "Keepers Friend, and it comes straight off. White chalky marks are mineral deposits from "
        "water — vinegar takes those off too.",
    ),
    (
        "burnt-enamel",
        "How do I clean a burnt enamelled Dutch oven?",
        "cleaning equipment",
        "I burnt a stew onto the bottom of my enamelled cast iron pot.",
        "Fill it with water, add a couple of tablespoons of baking soda, bring it to a simmer for "
        "10–15 minutes, then scrape with a wooden spatula; most of it will lift. Repeat for "
        "stubborn spots. Avoid steel wool and harsh abrasive pads on enamel; a non-scratch sponge "
        "with a mild cleanser is fine. Don't plunge the hot pot into cold water.",
    ),
    (
        "oil-board",
        "How and how often should I oil a wooden cutting board?",
        "equipment cleaning",
        "My new wooden board looks dry and pale after a few weeks.",
        'Use **food-grade mineral oil** (or a "board butter" of mineral oil and beeswax). Warm it '
        "slightly, rub it in generously, leave it overnight, and wipe off the excess. Monthly is "
        "plenty, or whenever it looks dry. Avoid olive or sunflower oil, which can go rancid. "
        "Never soak a board or put it in the dishwasher.",
    ),
    (
        "scratched-nonstick",
        "Is it safe to use a scratched non-stick pan?",
        "food-safety pans",
        "My non-stick frying pan has a few scratches in the coating.",
        "The coating itself (PTFE) is inert: small flakes swallowed pass straight through. The real "
        "concern with non-stick is **overheating**: above about 260 °C the coating starts to "
        "break down and give off fumes, which is why you shouldn't preheat an empty non-stick pan "
        "on high. A scratched pan is mostly a performance problem — food starts to stick — and "
        "that's when to replace it.",
    ),
    (
        "stand-mixer",
        "Do I need a stand mixer to make bread?",
        "bread equipment",
        "Every bread video uses a stand mixer, and they're expensive.",
        "No. People made bread for thousands of years without one. Knead by hand for about 10 "
        "minutes, or use **stretch and folds** — every 30 minutes during the first two hours, "
        "stretch the dough up and fold it over itself, a few times round the bowl. Or make a "
        "no-knead dough, where a long rise develops the gluten for you. A mixer helps with stiff "
        "or very enriched doughs, like brioche.",
    ),
    (
        "oven-thermometer",
        "Why does my oven thermometer disagree with the oven's dial?",
        "oven equipment",
        "My oven is set to 180 °C and the oven thermometer inside says 160 °C.",
        "Very common. Ovens cycle on and off, swinging 10–15 °C either side of the setting, and "
        "many are simply miscalibrated. Leave the thermometer in the centre for 20–30 minutes "
        "after preheating and read it a few times. If it's consistently off, adjust your setting "
        "to match; many ovens can also be recalibrated (check the manual).",
    ),
    (
        "season-wok",
        "How do I season a new carbon steel wok?",
        "equipment chinese-cuisine",
        "I bought a carbon steel wok and it has a sticky coating from the factory.",
        "1. **Remove the factory coating**: scrub with hot water, soap and a scourer (some woks "
        "need it burnt off — check the instructions).\n"
        "2. Dry it and heat it on high, tilting, until the whole surface changes colour to "
        "blue-grey or bronze.\n"
        "3. Wipe on a thin layer of high-smoke-point oil and heat until it smokes; repeat a few "
        "times.\n"
        "4. Traditionally, stir-fry a bunch of spring onions and ginger in oil, pushing them "
        "round the whole surface, then discard.\n\n"
        "The seasoning improves with use; cook something oily the first few times.",
    ),
    (
        "microwave-uneven",
        "Why does my microwave heat food so unevenly?",
        "microwave equipment",
        "The edges of my leftovers are boiling hot while the middle is still cold.",
        "Microwaves form standing waves in the oven cavity, which creates hot and cold spots; the "
        "turntable only partly evens them out. They also penetrate only a few centimetres, so the "
        "middle of a thick portion heats by conduction. Spread food in a ring with a hole in the "
        "middle, use medium power for longer, stir halfway, and let it stand a minute before eating.",
    ),
    (
        "pressure-beans",
        "How long do dried beans take in a pressure cooker?",
        "pressure-cooker beans",
        "I just got an electric pressure cooker and want to stop buying tinned beans.",
        "At high pressure, roughly:\n\n"
        "| bean | soaked | unsoaked |\n|---|---|---|\n| black beans | 8–10 min | 20–25 min |\n"
        "| chickpeas | 12–15 min | 35–40 min |\n| kidney beans | 10–12 min | 25–30 min |\n\n"
        "Let the pressure release naturally for at least 10 minutes; a quick release makes the "
        "beans burst. Age of the beans changes timings a lot, so test a few.",
    ),
    (
        "glass-stovetop",
        "Can I put a glass baking dish on the stovetop?",
        "equipment food-safety",
        "I wanted to make gravy in the same glass dish I roasted in.",
        "No — most glass bakeware is designed for the even heat of an oven, not the concentrated "
        "heat of a burner, and it can shatter from thermal shock. Many modern glass dishes are "
        "soda-lime glass, which is less resistant to thermal shock than the older borosilicate. "
        "Scrape the roasting juices into a saucepan and make the gravy there.",
    ),
    (
        "dull-knives",
        "Why do my knives get dull so quickly?",
        "knives",
        "I sharpen my knife and within a week it's blunt again.",
        "Look at what the edge touches. The usual culprits are **glass, stone or ceramic cutting "
        "boards** (use wood or plastic), **scraping food off the board with the edge** (turn the "
        "knife over and use the spine), the dishwasher, and knives loose in a drawer.",
    ),
    (
        "fan-oven",
        "What does the fan setting on my oven actually change?",
        "oven baking",
        "My new oven has conventional and fan modes and recipes rarely say which they mean.",
        "The fan moves hot air around the food, which transfers heat faster — so food cooks and "
        "browns more quickly at the same temperature. The usual rule is to set a fan oven **about "
        "20 °C lower** than a conventional recipe says. Fan is great for roasting and for several "
        "trays at once; for some cakes and delicate bakes the moving air can cause uneven rising "
        "or a crusted top, and conventional mode is safer.",
    ),
    (
        "cast-iron-crack",
        "Can I rinse a hot cast iron pan under cold water?",
        "cast-iron",
        "I usually rinse my skillet straight after cooking while it's still hot.",
        "Better not. Cast iron is brittle, and a sudden large temperature change (thermal shock) "
        "can warp or crack it. Let it cool until you can handle it comfortably, or rinse it with "
        "hot water. The same goes for putting a cold cast iron pan into a very hot oven.",
    ),
    (
        "wooden-spoons",
        "How do I stop my wooden spoons from cracking?",
        "equipment cleaning",
        "My wooden spoons split after a few months.",
        "Wood cracks when it swells with water and then dries quickly. Don't put them in the "
        "dishwasher, don't leave them soaking, dry them after washing, and oil them occasionally "
        "with food-grade mineral oil, as you would a board.",
    ),
    (
        "instant-thermometer",
        "Is an instant-read thermometer worth having?",
        "equipment temperature",
        "I cook mostly by time and by eye. Would a thermometer really make a difference?",
        "For a few things it changes everything: **meat** (a roast chicken done to 74 °C in the "
        "thigh rather than guessed), **bread** (lean loaves are done at about 96 °C inside), "
        "**sugar work** and **custards**. It's also the only reliable way to know your fridge and "
        "your frying oil are at the temperature you think. A decent digital probe is cheap.",
    ),
)

# key, title, tags, situation, answer
TECHNIQUES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "pesto-black",
        "How do I keep basil pesto from turning dark?",
        "herbs sauce",
        "My pesto is a beautiful green when I make it and a murky brown-green by the next day.",
        "Basil darkens when bruised leaves oxidise. Options:\n\n"
        "* **Blanch** the leaves for 5–10 seconds in boiling water, then plunge into ice water and "
        "dry well. The colour stays bright for days; the flavour changes a little.\n"
        "* Cover the surface with a thin layer of oil before storing.\n"
        "* A little lemon juice or ascorbic acid slows the browning.",
    ),
    (
        "sliding-board",
        "How do I stop my cutting board sliding around?",
        "knife-skills equipment",
        "My chopping board slides across the counter while I'm cutting.",
        "Put a damp tea towel or damp paper towel flat underneath it. A silicone mat or a piece of "
        "non-slip drawer liner works too. It's one of the first things taught in a kitchen: a "
        "sliding board is how people cut themselves.",
    ),
    (
        "peel-garlic",
        "What's the fastest way to peel a lot of garlic?",
        "garlic knife-skills",
        "A recipe needs 40 cloves of garlic.",
        "For a few cloves: lay the flat of your knife on the clove and press with the heel of your "
        "hand; the skin splits and slips off. For 40: break the heads into cloves, put them in a "
        "jar or between two metal bowls and **shake hard** for 20–30 seconds. It works well with "
        "some garlic and poorly with others — fresh, moist garlic is stubborn. Soaking cloves in "
        "warm water for 10 minutes first helps.",
    ),
    (
        "onion-tears",
        "How do I cut onions without crying?",
        "onions knife-skills",
        "Chopping onions leaves me in floods of tears every time.",
        "The tears come from *syn*-propanethial-*S*-oxide, a gas made when cutting breaks cells and "
        "mixes an enzyme with the onion's sulphur compounds. So:\n\n"
        "* Use a **sharp knife**: clean cuts break fewer cells.\n"
        "* **Chill** the onion for 30 minutes first: the reaction slows and less gas evaporates.\n"
        "* Leave the root end until last.\n"
        "* Work near a fan or an open window.",
    ),
    (
        "reheat-rice",
        "What's the best way to reheat cooked rice?",
        "rice",
        "Reheated rice always comes out dry and hard.",
        "Sprinkle over a tablespoon or two of water per portion, cover (a damp paper towel works), "
        "and microwave until **steaming hot throughout**, stirring once. The water steams it back "
        "to softness. Or fry it: day-old rice is what fried rice is made from. Either way, make "
        "sure it was cooled quickly and kept in the fridge.",
    ),
    (
        "roux-lumps",
        "How do I make a roux-based sauce without lumps?",
        "sauce",
        "My béchamel always has lumps.",
        "Lumps form when flour meets liquid and the outside of a clump gels before the inside is "
        "wet. Cook the butter and flour together for a couple of minutes, then add the milk "
        "**gradually**, whisking hard, letting it smooth out before adding more. Having either the "
        "roux or the milk cooler than the other also helps. If lumps form anyway, whisk hard or "
        "strain the sauce.",
    ),
    (
        "oil-temperature",
        "How can I tell when oil is hot enough for frying without a thermometer?",
        "deep-frying oil",
        "I don't have a thermometer and want to fry some fish.",
        "Two old tests: dip the handle of a wooden spoon in — steady small bubbles around it mean "
        "it's ready. Or drop in a cube of bread: if it browns in about **60 seconds** the oil is "
        "around 180 °C, the usual frying temperature. Never leave hot oil unattended, and don't "
        "wait for it to smoke.",
    ),
    (
        "crispy-salmon",
        "How do I get crispy skin on salmon?",
        "fish frying",
        "The skin on my pan-fried salmon is always flabby.",
        "1. **Dry the skin** thoroughly with paper towels and salt it just before cooking.\n"
        "2. Heat a thin film of oil in a pan until it shimmers.\n"
        "3. Lay the fillet **skin side down** and press it gently with a spatula for the first "
        "30 seconds so it doesn't curl.\n"
        "4. Leave it alone, over medium heat, until it's cooked about 80 % of the way up; then "
        "flip it for the last minute, or don't.",
    ),
    (
        "brown-sugar-hard",
        "How do I soften brown sugar that has gone rock hard?",
        "sugar",
        "My bag of brown sugar has turned into a brick.",
        "It dried out — the molasses coating lost its moisture. Quick fix: put it in a bowl, cover "
        "with a damp paper towel and microwave in 20-second bursts. Slow fix: seal it in a "
        "container with a slice of bread or apple overnight. To keep it soft, store it airtight; "
        'terracotta "sugar savers" soaked in water work well.',
    ),
    (
        "avocado-brown",
        "How do I stop cut avocado or guacamole from browning?",
        "fruit storage",
        "My guacamole is brown on top within an hour.",
        "Browning is oxidation by the enzyme polyphenol oxidase, so **keep the air off**: press "
        "cling film directly onto the surface of the guacamole, or pour over a thin layer of water "
        "and pour it off before serving. Lime juice slows it too. Leaving the stone in only protects "
        "the bit it covers.",
    ),
    (
        "thicken-soup",
        "How can I thicken a soup without flour?",
        "soup",
        "My vegetable soup is too thin and I want to avoid flour.",
        "* **Blend part of it** — a third of the soup, blitzed and stirred back in.\n"
        "* Add a diced **potato**, cooked until soft, then blend.\n"
        "* Stir in a handful of **red lentils** or a tin of white beans and simmer.\n"
        "* Day-old **bread**, as in Tuscan soups.\n"
        "* Cornflour slurry, if any starch will do.\n"
        "* Or simply **reduce** it uncovered.",
    ),
    (
        "toast-spices",
        "How do I toast whole spices properly?",
        "spices indian-cuisine",
        "Recipes say to toast cumin seeds before grinding. Mine either stay raw or burn.",
        "Use a dry, heavy pan over **medium** heat, with the spices in a single layer. Keep them "
        "moving — shake the pan constantly — and take them off as soon as they smell fragrant and "
        "darken a shade, usually 1–2 minutes. Tip them out of the pan immediately, or the residual "
        "heat will burn them. Let them cool before grinding.",
    ),
    (
        "soft-chickpeas",
        "How do I cook dried chickpeas until they're really soft?",
        "beans middle-eastern-cuisine",
        "I want very smooth hummus, but my home-cooked chickpeas stay firm.",
        "Soak them overnight, then cook them with about **1 teaspoon of baking soda per 500 g** of "
        "dried chickpeas. The alkaline water breaks down the skins and cell walls faster. Simmer "
        "until they squash effortlessly between your fingers — for hummus, cook them past the "
        "point you'd want for a salad. Old chickpeas can take much longer.",
    ),
    (
        "bloom-gelatin",
        "How do I bloom gelatin properly?",
        "dessert",
        "My gelatin desserts sometimes have rubbery lumps in them.",
        "Sprinkle powdered gelatin evenly over **cold** water or liquid (about 5 times its weight) "
        "and leave it for 5–10 minutes until it's spongy. Then dissolve it in warm — not boiling — "
        "liquid, stirring until no grains remain. Sheets are soaked in cold water, squeezed out, "
        "and stirred into warm liquid. Lumps come from dumping the powder in a pile, or from "
        "adding it straight to hot liquid.",
    ),
    (
        "temper-chocolate",
        "How can I temper chocolate without a thermometer?",
        "chocolate",
        "I want glossy chocolate-dipped strawberries that set firm.",
        "Use the **seeding** method. Melt two thirds of the chocolate gently; take it off the heat "
        "and stir in the remaining third, finely chopped, until it's all melted and smooth. The "
        "unmelted chocolate contributes stable crystals. Test: smear a little on foil or a knife "
        "tip — if it sets glossy and snaps within about 5 minutes at room temperature, it's "
        "tempered.",
    ),
    (
        "deglaze",
        "What does deglazing a pan mean, and how do I do it?",
        "sauce cooking-techniques",
        "Recipes keep telling me to deglaze the pan.",
        "After searing meat or vegetables, the pan has browned bits stuck to it — the *fond*, "
        "full of flavour. **Deglazing** means pouring in liquid (wine, stock, even water) while "
        "the pan is hot and scraping the fond up with a wooden spoon so it dissolves. Reduce it, "
        "and you have the base of a pan sauce; whisk in a knob of cold butter at the end.",
    ),
    (
        "dry-chicken",
        "How do I stop chicken breast from drying out?",
        "chicken meat",
        "Every chicken breast I cook is dry and stringy.",
        "You're probably overcooking it. Practical steps:\n\n"
        "* **Even thickness**: pound the thick end so it cooks evenly.\n"
        "* **Brine** it: 30 minutes in 5 % salt water helps it keep moisture.\n"
        "* **Use a thermometer** and take it off the heat at about 68–70 °C in the thickest part; "
        'it will climb a few degrees while resting. (74 °C is the "instant" safety figure; '
        "slightly lower temperatures are also safe when held for a short time.)\n"
        "* **Rest** it for 5 minutes before slicing.",
    ),
    (
        "thaw-meat",
        "What's the safest way to thaw frozen meat?",
        "food-safety meat",
        "I always forget to take meat out of the freezer in time and leave it on the counter.",
        "The counter is the one method to avoid: the outside sits in the danger zone for hours while "
        "the inside is still frozen. Safe options:\n\n"
        "* **In the fridge** — slow (a day per 2 kg or so) but the safest.\n"
        "* **Cold water** — in a sealed bag, submerged, water changed every 30 minutes. Much faster.\n"
        "* **Microwave** on defrost, then cook immediately.\n\n"
        "Thin cuts can also go straight from frozen into the pan.",
    ),
    (
        "boil-over",
        "How do I stop pasta water from boiling over?",
        "pasta boiling",
        "The pot of pasta always foams up and boils over onto the hob.",
        "The starch makes a foam that traps steam. Use a **bigger pot** with more water, and once "
        "it's back to the boil, turn the heat **down** to keep a steady but not furious boil. A "
        "wooden spoon laid across the top breaks the bubbles for a while, but turning down the heat "
        "is what works.",
    ),
    (
        "sauce-warm",
        "How do I keep a sauce warm without it breaking?",
        "sauce emulsions",
        "I want to make hollandaise before the guests arrive.",
        "Pour it into a pre-warmed **vacuum flask**: it keeps an egg emulsion at the right "
        "temperature for an hour or more without splitting. Or keep it in a bowl over a pan of "
        "warm — not simmering — water, whisking now and then. Reheating directly over heat is what "
        "breaks it.",
    ),
    (
        "poach-egg",
        "How do I poach an egg without it turning into wispy strands?",
        "eggs boiling",
        "My poached eggs spread out into clouds of white threads in the water.",
        "The wispy part is the thin, watery outer white, and fresh eggs have less of it. So:\n\n"
        "* Use the **freshest eggs** you can.\n"
        "* Crack the egg into a **fine sieve** first and let the thin white drain off for a few "
        "seconds.\n"
        "* Slide it into water that is barely simmering, not boiling, about 3 minutes.\n\n"
        "Vinegar in the water helps the white set a little faster, but the sieve does far more.",
    ),
    (
        "caramelised-onions-freeze",
        "Can I make caramelised onions in advance?",
        "onions storage",
        "Caramelising onions takes an hour and I'd like to do a big batch on the weekend.",
        "Yes, and it's a great idea. They keep about 5 days in the fridge and freeze very well for "
        "months: freeze them flat in a bag or in an ice cube tray, then break off what you need. A "
        "slow cooker also does big batches well: onions and a little butter on low for 10 hours "
        "or so, lid ajar for the last couple of hours.",
    ),
    (
        "knead-enough",
        "How do I know when I've kneaded bread dough enough?",
        "bread",
        "Recipes say knead for 10 minutes, but my arms give up and I don't know if it's ready.",
        "Use the **windowpane test**: pinch off a small piece of dough and gently stretch it between "
        "your fingers. If it stretches thin enough to let light through without tearing, the gluten "
        "is well developed. If it tears straight away, knead a few minutes more. Resting the dough "
        "for 10 minutes in the middle of kneading makes it easier — the gluten keeps developing "
        "while your arms recover.",
    ),
    (
        "crispy-tofu",
        "How do I get tofu crispy instead of soggy?",
        "tofu frying",
        "My pan-fried tofu is always pale and soft.",
        "1. Use **firm or extra-firm** tofu and press it: wrap it in a towel under a heavy pan for "
        "20–30 minutes.\n"
        "2. Cut it into pieces and toss them in a spoonful of **cornflour** with a pinch of salt.\n"
        "3. Fry in a hot pan with a good layer of oil, in a single layer, and don't move the pieces "
        "until they release easily.\n\n"
        "Add sauces at the very end, or they'll soften the crust.",
    ),
    (
        "zest-lemon",
        "What's the best way to zest a lemon?",
        "fruit baking",
        "I always end up with bitter white pith in my lemon zest.",
        "Use a **rasp grater** (Microplane) and grate only the yellow outer layer, turning the lemon "
        "as soon as you see white. The pith is bitter, the zest holds the aromatic oils. Zest "
        "before you juice the lemon, and if you're baking, rub the zest into the sugar with your "
        "fingers to release the oils.",
    ),
)

# key, meat, tags, situation, answer
DONENESS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "pork-chops",
        "pork chops",
        "pork meat temperature",
        "I grew up being told pork must be cooked until grey all the way through.",
        "The USDA lowered its recommendation for whole cuts of pork in 2011 to **63 °C (145 °F) "
        "followed by a 3-minute rest**. At that temperature pork chops are faintly pink and much "
        "juicier. Trichinosis from commercial pork is now extremely rare in most countries. Ground "
        "pork is different: cook it to 71 °C (160 °F).",
    ),
    (
        "chicken-breast",
        "chicken breast",
        "chicken temperature food-safety",
        "I see 165 °F everywhere but chefs say that's far too high.",
        "Both are right. **74 °C (165 °F)** kills salmonella *instantly*. But pathogen kill depends "
        "on time as well as temperature: at 65 °C (149 °F), the same reduction takes a few "
        "minutes. Cooks who pull chicken at 65–68 °C and let it rest are relying on that. If you "
        "want one simple number with no thinking, 74 °C; if you use a good thermometer and rest "
        "the meat, lower is safe and juicier.",
    ),
    (
        "burgers",
        "homemade burgers",
        "beef food-safety temperature",
        "I like my steak rare, so why is a rare burger considered risky?",
        "Bacteria live on the **surface** of meat. Searing a steak kills them, and the inside is "
        "essentially sterile. Mincing spreads the surface bacteria throughout, so the middle of a "
        "burger needs cooking too: the USDA says **71 °C (160 °F)**. If you want rare burgers, "
        "grind your own meat right before cooking, from a whole cut whose surface you've seared or "
        "trimmed.",
    ),
    (
        "steak",
        "a medium-rare steak",
        "beef temperature",
        "I have a new probe thermometer and want to cook a thick ribeye properly.",
        "Medium-rare is about **54–57 °C (130–135 °F)** in the centre. Take it off the heat 2–3 °C "
        "before that, because it keeps rising while it rests. For reference: rare 50–52 °C, medium "
        "60–63 °C. (The USDA's official minimum for whole cuts is 63 °C, which is medium.)",
    ),
    (
        "salmon",
        "salmon",
        "fish temperature",
        "The official advice is 145 °F, but restaurant salmon is nowhere near that.",
        "The USDA figure is **63 °C (145 °F)**, which gives firm, opaque, flaky fish. Many cooks "
        "prefer salmon at **50–52 °C (122–125 °F)**: moist and just translucent in the centre. If "
        "you'll serve it below the official figure, buy good fish, and for raw or barely cooked "
        "wild salmon, make sure it was frozen first to kill parasites.",
    ),
    (
        "turkey",
        "a whole roast turkey",
        "poultry temperature roasting",
        "My turkey breast always dries out before the thighs are done.",
        "Aim for **74 °C (165 °F)** in the thickest part of the thigh. The breast is best a little "
        "lower, around 65–68 °C with resting. Since they get there at different times: spatchcock "
        "the bird, or shield the breast with foil partway through, or roast the legs and breast "
        "separately.",
    ),
    (
        "lamb-leg",
        "a leg of lamb",
        "lamb temperature roasting",
        "I'm roasting a bone-in leg of lamb for Easter.",
        "For pink lamb, take it out at **55–57 °C (131–135 °F)** in the thickest part, away from "
        "the bone, and rest it for 15–20 minutes; it will rise to around 60 °C. For medium, take it "
        "out around 60 °C. Bone-in legs cook unevenly, which is nice — there's something for "
        "everyone.",
    ),
    (
        "pulled-pork",
        "pork shoulder for pulled pork",
        "pork barbecue temperature",
        "It's been safe to eat for hours but it won't pull apart.",
        "Safety isn't the goal here: tenderness is. Pork shoulder is full of collagen, which only "
        "turns to gelatin after a long time at high temperature. Cook it to about **90–96 °C "
        "(195–205 °F)** internal; at that point it shreds easily. Expect a long stall around "
        "65–75 °C, when evaporation cools the surface; wrapping it in foil or butcher paper gets it "
        "through faster.",
    ),
    (
        "duck-breast",
        "duck breast",
        "poultry temperature",
        "Duck breast is served pink in restaurants, unlike chicken.",
        "Duck breast is a red muscle and is usually cooked like steak: **54–57 °C (130–135 °F)** "
        "for medium-rare, after rendering the fat skin side down in a cold pan brought slowly to "
        "medium heat. The USDA's official figure for all poultry is 74 °C, so pink duck is a "
        "considered choice, as with rare beef.",
    ),
    (
        "bread",
        "a loaf of bread",
        "bread baking temperature",
        "I can never tell if my bread is baked through. Does bread have a done temperature?",
        "Yes. **Lean loaves** (flour, water, salt, yeast) are done at around **96–99 °C "
        "(205–210 °F)** in the centre. **Enriched** breads with milk, eggs, butter or sugar are done "
        "lower, around **88–91 °C (190–195 °F)**. The hollow knock on the bottom works too, but the "
        "thermometer is certain.",
    ),
    (
        "brisket",
        "a smoked brisket",
        "beef barbecue temperature",
        "It's my first brisket and I'm terrified of taking it off too early.",
        "Most pitmasters pull brisket around **93–96 °C (200–205 °F)**, but temperature is only a "
        "guide: the real test is **probe tenderness** — the probe should slide into the flat like "
        "into soft butter. Then rest it, wrapped, for at least an hour (longer in a cool box) "
        "before slicing.",
    ),
)
