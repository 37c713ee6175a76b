"""The demo community: who they are, where they cook, and how active they are.

``weight`` is how much a person takes part (asking, answering, voting); it is long-tailed on
purpose, as on every real site, where a few regulars write most answers. ``expert`` people
answer more than they ask, ``early`` ones joined in the site's first weeks.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "demo-password-1"  # noqa: S105 — published on purpose: it is the demo's login
MODERATOR_EMAIL = "moderator@example.org"
MODERATOR_PASSWORD = "moderator-password-1"  # noqa: S105 — published on purpose, as above


@dataclass(frozen=True)
class Persona:
    """One member of the demo site."""

    key: str
    display_name: str
    location: str = ""
    about: str = ""
    website: str = ""
    weight: float = 1.0
    expert: bool = False
    early: bool = False
    email: str | None = None
    password: str | None = None
    is_moderator: bool = False
    # The reputation the person should end with when the votes alone give less (a login that
    # must be able to do most things); the difference is one arbitrary reputation change.
    target_reputation: int | None = None


COMMUNITY_ABOUT = (
    "Hi, I'm not really a person.\n\n"
    "I'm a background process that helps keep this site clean!\n\n"
    "I do things like\n\n"
    "* Randomly poke old unanswered questions every hour so they get some attention\n"
    "* Own community questions and answers so nobody gets unnecessary reputation from them\n"
    "* Own downvotes on spam/evil posts that get permanently deleted\n"
    "* Own suggested edits from anonymous users\n"
    "* [Remove abandoned questions](https://meta.stackoverflow.com/q/92006)"
)

PERSONAS: tuple[Persona, ...] = (
    Persona(
        "demo",
        "Demo User",
        "Wherever you run quaestio",
        "This is the account you can log in with to try the site: ask, answer, vote, comment, "
        "edit. Everything it does stays in your own database.",
        weight=2.0,
        email=DEMO_EMAIL,
        password=DEMO_PASSWORD,
        target_reputation=2500,
    ),
    Persona(
        "hannah",
        "Hannah Whitfield",
        "Bristol, United Kingdom",
        "Moderator. Former pastry cook, now a food technologist at a bakery supplier. "
        "I care about *why* a recipe works more than about the recipe.\n\n"
        "Please flag rather than argue in comments.",
        weight=9.0,
        expert=True,
        early=True,
        email=MODERATOR_EMAIL,
        password=MODERATOR_PASSWORD,
        is_moderator=True,
    ),
    Persona(
        "kenji",
        "Kenji Watanabe",
        "Osaka, Japan",
        "Home cook, ramen obsessive, and an engineer by day. I measure everything in grams.",
        weight=10.0,
        expert=True,
        early=True,
    ),
    Persona(
        "mariana",
        "Mariana Quintero",
        "Oaxaca, Mexico",
        "I run a small cooking school for visitors. Ask me about moles, masa and chiles.",
        "https://example.org/mariana",
        weight=8.0,
        expert=True,
        early=True,
    ),
    Persona(
        "lars",
        "Lars Eriksson",
        "Uppsala, Sweden",
        "Microbiologist. I answer food safety questions with sources, and I will ask for yours.",
        weight=8.5,
        expert=True,
        early=True,
    ),
    Persona(
        "aisha",
        "Aisha Bello",
        "Lagos, Nigeria",
        "Caterer for weddings of 50 to 500. Jollof rice is not a competition, but I would win it.",
        weight=6.0,
        expert=True,
    ),
    Persona(
        "tomasz",
        "Tomasz Wójcik",
        "Kraków, Poland",
        "Bread, pickles, and anything that ferments. Sourdough starter named Zenek, age 11.",
        weight=7.0,
        expert=True,
        early=True,
    ),
    Persona(
        "priya",
        "Priya Raman",
        "Chennai, India",
        "Learning my grandmother's recipes before they are lost.",
        weight=4.0,
    ),
    Persona(
        "giulia",
        "Giulia Ferraro",
        "Bologna, Italy",
        "Fresh pasta every Sunday since 1998.",
        weight=5.0,
        expert=True,
    ),
    Persona("chidi", "Chidi Okafor", "Enugu, Nigeria", "", weight=2.0),
    Persona(
        "elodie",
        "Élodie Marchand",
        "Lyon, France",
        "Pâtissière en reconversion. Butter is a food group.",
        weight=4.5,
        expert=True,
    ),
    Persona(
        "mehmet", "Mehmet Yılmaz", "İzmir, Türkiye", "Olive oil, grills and too many cookbooks.", weight=3.0
    ),
    Persona("ana", "Ana Lucía Ríos", "Bogotá, Colombia", "Student, cooking on one burner.", weight=2.5),
    Persona(
        "jaewon",
        "Jae-won Park",
        "Seoul, South Korea",
        "Kimchi in the fridge, always.",
        weight=3.5,
        expert=True,
    ),
    Persona("ingrid", "Ingrid Halvorsen", "Tromsø, Norway", "", weight=1.5),
    Persona(
        "oluwaseun",
        "Oluwaseun Adeyemi",
        "London, United Kingdom",
        "Nurse. Cooking on night shifts.",
        weight=1.5,
    ),
    Persona(
        "dmitri",
        "Dmitri Sokolov",
        "Tbilisi, Georgia",
        "Moved here for the khachapuri, stayed for the wine.",
        weight=2.0,
    ),
    Persona(
        "nguyen",
        "Nguyễn Thị Lan",
        "Hanoi, Vietnam",
        "Pho broth takes 12 hours and it is worth it.",
        weight=3.0,
        expert=True,
    ),
    Persona(
        "hamid",
        "Hamid Rezaei",
        "Toronto, Canada",
        "Persian home cooking: rice with tahdig, stews, saffron.",
        weight=3.0,
        expert=True,
    ),
    Persona("sofia", "Sofia Andersson", "Gothenburg, Sweden", "", weight=1.0),
    Persona("rbrown", "rbrown", "Ohio, United States", "", weight=1.0),
    Persona("bakerboy", "bakerboy_92", "", "", weight=2.5),
    Persona(
        "saltfat",
        "SaltAndFat",
        "Portland, OR",
        "Line cook. Opinions are mine, burns are also mine.",
        weight=6.5,
        expert=True,
        early=True,
    ),
    Persona(
        "apron",
        "Aproned Amateur",
        "Melbourne, Australia",
        "Weekend baker. Terrible at laminating dough.",
        weight=3.0,
    ),
    Persona(
        "fatima",
        "Fatima Zahra El Amrani",
        "Fès, Morocco",
        "Tagines, preserved lemons and bread from the communal oven.",
        weight=3.0,
        expert=True,
    ),
    Persona("miguel", "Miguel Ángel Torres", "Sevilla, Spain", "", weight=1.5),
    Persona(
        "yuki",
        "Yuki Tanaka",
        "Sapporo, Japan",
        "Miso maker. Koji is magic, but also just a mould.",
        weight=3.5,
        expert=True,
    ),
    Persona("grace", "Grace Mwangi", "Nairobi, Kenya", "Agronomist who cooks what she grows.", weight=2.0),
    Persona("pieter", "Pieter van Dijk", "Utrecht, Netherlands", "", weight=1.5),
    Persona(
        "camille",
        "Camille Dubois",
        "Montréal, Canada",
        "Maple syrup is a condiment for everything.",
        weight=2.0,
    ),
    Persona("rahul", "Rahul Mehta", "Pune, India", "Software developer, weeknight dal maker.", weight=2.0),
    Persona("olga", "Olga Kowalczyk", "Wrocław, Poland", "", weight=1.0),
    Persona(
        "tariq", "Tariq Haddad", "Amman, Jordan", "Hummus is a science. Soak your chickpeas.", weight=2.5
    ),
    Persona(
        "lena",
        "Lena Hoffmann",
        "Hamburg, Germany",
        "Physicist. I think about heat transfer while I cook, sorry.",
        weight=5.0,
        expert=True,
    ),
    Persona(
        "joao", "João Pereira", "Porto, Portugal", "Bacalhau has 365 recipes, I know about 40.", weight=2.0
    ),
    Persona("marcus", "Marcus Johnson", "Atlanta, GA", "BBQ competitor (mid-table).", weight=3.0),
    Persona("emily", "Emily Carter", "Leeds, United Kingdom", "", weight=1.0),
    Persona(
        "wei",
        "Chen Wei",
        "Chengdu, China",
        "Sichuan food: the numbing and the hot are two different things.",
        weight=3.5,
        expert=True,
    ),
    Persona("siobhan", "Siobhán Byrne", "Galway, Ireland", "Soda bread and sea vegetables.", weight=1.5),
    Persona("arjun", "Arjun Nair", "Kochi, India", "", weight=1.0),
    Persona(
        "beatriz",
        "Beatriz Costa",
        "São Paulo, Brazil",
        "Pão de queijo, feijoada, and a lot of coffee.",
        weight=2.0,
    ),
    Persona("noah", "Noah Schwartz", "Tel Aviv, Israel", "", weight=1.0),
    Persona(
        "amara",
        "Amara Nwosu",
        "Houston, TX",
        "Dietitian. Happy to talk nutrition, less happy to talk detoxes.",
        weight=2.5,
    ),
    Persona(
        "felix",
        "Felix Bauer",
        "Vienna, Austria",
        "Strudel dough should be thin enough to read a newspaper through.",
        weight=2.0,
    ),
    Persona("isabella", "Isabella Rossi", "Naples, Italy", "", weight=1.0),
    Persona(
        "kofi",
        "Kofi Mensah",
        "Accra, Ghana",
        "Food scientist working on cassava processing.",
        weight=2.5,
        expert=True,
    ),
    Persona("zeynep", "Zeynep Kaya", "Ankara, Türkiye", "", weight=1.0),
    Persona("liam", "Liam O'Connor", "Cork, Ireland", "", weight=1.0),
    Persona("mei", "Mei Lin", "Singapore", "Hawker food, at home, badly, but improving.", weight=1.5),
    Persona("user4821", "user4821", "", "", weight=0.6),
    Persona("cooknoob", "cooknoob", "", "", weight=0.8),
    Persona("gustavo", "Gustavo Silva", "Lisbon, Portugal", "", weight=1.0),
    Persona("ravi", "Ravi Shankar", "Bengaluru, India", "", weight=1.0),
    Persona(
        "helga",
        "Helga Schmidt",
        "Munich, Germany",
        "Retired baker, 40 years of Brezn.",
        weight=3.0,
        expert=True,
    ),
    Persona("tom", "Tom Nguyen", "San Jose, CA", "", weight=1.0),
    Persona("sara", "Sara Lindqvist", "Helsinki, Finland", "Rye bread and berries.", weight=1.5),
    Persona(
        "diego",
        "Diego Herrera",
        "Lima, Peru",
        "Ceviche is cooked by acid, not by heat — sort of.",
        weight=2.0,
    ),
    Persona("anon_chef", "anon_chef", "", "", weight=0.7),
)
