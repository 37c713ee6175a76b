"""Stack Exchange's rules as data: reputation per event, the daily cap, privilege thresholds,
vote and rate limits, length limits, close reasons.

Every figure comes from ../shared/se-rules.md (with its source there). A site chooses its
privilege set with QUAESTIO_PRIVILEGE_SET ("beta" — public betas and small sites, the set
Stack Exchange has deployed since 2023 — "full" or "private-beta"); single values can be
overridden in code by replacing entries of these mappings before the site starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings

# ---------------------------------------------------------------- reputation [se-rules §1]

STARTING_REPUTATION = 1
REPUTATION_FLOOR = 1
DAILY_REPUTATION_CAP = 200

QUESTION_UPVOTED = 10
ANSWER_UPVOTED = 10
ANSWER_ACCEPTED = 15
ACCEPTOR_BONUS = 2
SUGGESTED_EDIT_APPROVED = 2
SUGGESTED_EDIT_LIFETIME_CAP = 1000
QUESTION_DOWNVOTED = -2
ANSWER_DOWNVOTED = -2
VOTER_DOWNVOTES_ANSWER = -1
ASSOCIATION_BONUS = 100
SPAM_OR_OFFENSIVE_PENALTY = -100


# ---------------------------------------------------------------- privileges [se-rules §2]


class Privilege(StrEnum):
    CREATE_POSTS = "create-posts"
    PARTICIPATE_IN_META = "participate-in-meta"
    CREATE_WIKI_POSTS = "create-wiki-posts"
    REMOVE_NEW_USER_RESTRICTIONS = "remove-new-user-restrictions"
    VOTE_UP = "vote-up"
    FLAG_POSTS = "flag-posts"
    SELF_ANSWER_INSTANTLY = "self-answer-instantly"
    COMMENT_EVERYWHERE = "comment-everywhere"
    SET_BOUNTIES = "set-bounties"
    EDIT_COMMUNITY_WIKI = "edit-community-wiki"
    VOTE_DOWN = "vote-down"
    CREATE_TAGS = "create-tags"
    VOTE_IN_ELECTIONS = "vote-in-elections"
    ASSOCIATION_BONUS = "association-bonus"
    VIEW_CLOSE_VOTES = "view-close-votes"
    RUN_FOR_MODERATOR = "run-for-moderator"
    ACCESS_REVIEW_QUEUES = "access-review-queues"
    ESTABLISHED_USER = "established-user"
    EDIT_QUESTIONS_AND_ANSWERS = "edit-questions-and-answers"
    NO_DOWNVOTE_COMMENT_PROMPT = "no-downvote-comment-prompt"
    CREATE_TAG_SYNONYMS = "create-tag-synonyms"
    CAST_CLOSE_AND_REOPEN_VOTES = "cast-close-and-reopen-votes"
    APPROVE_TAG_WIKI_EDITS = "approve-tag-wiki-edits"
    MODERATOR_TOOLS = "moderator-tools"
    REDUCE_CAPTCHAS = "reduce-captchas"
    PROTECT_QUESTIONS = "protect-questions"
    TRUSTED_USER = "trusted-user"
    SITE_ANALYTICS = "site-analytics"


@dataclass(frozen=True)
class PrivilegeRule:
    privilege: Privilege
    title: str
    description: str
    private_beta: int
    beta: int
    full: int

    def threshold(self, privilege_set: str | None = None) -> int:
        chosen = privilege_set or settings.PRIVILEGE_SET
        if chosen == "full":
            return self.full
        if chosen == "private-beta":
            return self.private_beta
        return self.beta


PRIVILEGES: tuple[PrivilegeRule, ...] = (
    PrivilegeRule(Privilege.CREATE_POSTS, "create posts", "Ask a question or contribute an answer", 1, 1, 1),
    PrivilegeRule(Privilege.PARTICIPATE_IN_META, "participate in meta", "Discuss the site itself", 5, 5, 5),
    PrivilegeRule(
        Privilege.CREATE_WIKI_POSTS,
        "create wiki posts",
        "Create answers that many people can edit",
        10,
        10,
        10,
    ),
    PrivilegeRule(
        Privilege.REMOVE_NEW_USER_RESTRICTIONS,
        "remove new user restrictions",
        "Post more links, answer protected questions",
        1,
        10,
        10,
    ),
    PrivilegeRule(Privilege.VOTE_UP, "vote up", "Indicate when questions and answers are useful", 1, 15, 15),
    PrivilegeRule(
        Privilege.FLAG_POSTS, "flag posts", "Bring content to the attention of the community", 15, 15, 15
    ),
    PrivilegeRule(
        Privilege.SELF_ANSWER_INSTANTLY,
        "post self-answered questions",
        "Answer your own question as soon as you ask it",
        15,
        15,
        15,
    ),
    PrivilegeRule(
        Privilege.COMMENT_EVERYWHERE,
        "comment everywhere",
        "Leave comments on other people's posts",
        1,
        50,
        50,
    ),
    PrivilegeRule(
        Privilege.SET_BOUNTIES, "set bounties", "Offer some of your reputation as a bounty", 75, 75, 75
    ),
    PrivilegeRule(
        Privilege.EDIT_COMMUNITY_WIKI,
        "edit community wiki",
        "Collaborate on community wiki posts",
        1,
        100,
        100,
    ),
    PrivilegeRule(
        Privilege.VOTE_DOWN, "vote down", "Indicate when questions and answers are not useful", 1, 125, 125
    ),
    PrivilegeRule(Privilege.CREATE_TAGS, "create tags", "Add new tags to the site", 1, 150, 300),
    PrivilegeRule(
        Privilege.VOTE_IN_ELECTIONS,
        "vote in moderator elections",
        "Help choose the site's moderators",
        150,
        150,
        150,
    ),
    PrivilegeRule(
        Privilege.ASSOCIATION_BONUS,
        "association bonus",
        "Earn 100 reputation on other sites of the network",
        200,
        200,
        200,
    ),
    PrivilegeRule(
        Privilege.VIEW_CLOSE_VOTES,
        "view close votes",
        "See and cast close votes on your own questions",
        1,
        250,
        250,
    ),
    PrivilegeRule(
        Privilege.RUN_FOR_MODERATOR, "run for moderator", "Stand in moderator elections", 300, 300, 300
    ),
    PrivilegeRule(
        Privilege.ACCESS_REVIEW_QUEUES, "access review queues", "Review posts by new users", 350, 350, 500
    ),
    PrivilegeRule(
        Privilege.ESTABLISHED_USER,
        "established user",
        "See vote counts and more of the site's workings",
        100,
        750,
        1000,
    ),
    PrivilegeRule(
        Privilege.EDIT_QUESTIONS_AND_ANSWERS,
        "edit questions and answers",
        "Edits are applied immediately, without review",
        500,
        1000,
        2000,
    ),
    PrivilegeRule(
        Privilege.NO_DOWNVOTE_COMMENT_PROMPT,
        "trusted commenter",
        "No comment prompt on downvotes; profile links without nofollow",
        2000,
        2000,
        2000,
    ),
    PrivilegeRule(
        Privilege.CREATE_TAG_SYNONYMS,
        "create tag synonyms",
        "Suggest and vote on tag synonyms",
        1250,
        1250,
        2500,
    ),
    PrivilegeRule(
        Privilege.CAST_CLOSE_AND_REOPEN_VOTES,
        "cast close and reopen votes",
        "Help decide whether posts are off-topic or duplicates",
        15,
        500,
        3000,
    ),
    PrivilegeRule(
        Privilege.APPROVE_TAG_WIKI_EDITS,
        "approve tag wiki edits",
        "Review edits to tag wikis",
        750,
        1500,
        5000,
    ),
    PrivilegeRule(
        Privilege.MODERATOR_TOOLS,
        "access to moderator tools",
        "See deleted posts; vote to delete closed questions",
        1000,
        2000,
        10000,
    ),
    PrivilegeRule(
        Privilege.REDUCE_CAPTCHAS, "reduce captchas", "Fewer checks that you are human", 1000, 2000, 10000
    ),
    PrivilegeRule(
        Privilege.PROTECT_QUESTIONS,
        "protect questions",
        "Stop new users from answering a question",
        1750,
        3500,
        15000,
    ),
    PrivilegeRule(
        Privilege.TRUSTED_USER,
        "trusted user",
        "Expanded editing, deletion and undeletion privileges",
        2000,
        4000,
        20000,
    ),
    PrivilegeRule(
        Privilege.SITE_ANALYTICS, "access to site analytics", "See the site's traffic", 2500, 5000, 25000
    ),
)
PRIVILEGE_RULES: dict[Privilege, PrivilegeRule] = {rule.privilege: rule for rule in PRIVILEGES}


def threshold(privilege: Privilege) -> int:
    """The reputation that unlocks ``privilege`` on this site."""
    return PRIVILEGE_RULES[privilege].threshold()


# ---------------------------------------------------------------- voting limits [se-rules §3]

VOTES_PER_DAY = 40
QUESTION_ONLY_VOTES_PER_DAY = 10
VOTE_LOCK_AFTER = timedelta(minutes=5)
COMMENT_UPVOTES_PER_DAY = 30
FLAGS_PER_DAY = 10

# ---------------------------------------------------------------- comments [se-rules §4]

COMMENT_MIN_LENGTH = 15
COMMENT_MAX_LENGTH = 600
COMMENT_EDIT_WINDOW = timedelta(minutes=5)
COMMENTS_SHOWN_BEFORE_EXPANDING = 5

# ---------------------------------------------------------------- closing [se-rules §5]

CLOSE_VOTES_NEEDED = 3
CLOSE_VOTES_AGE_AWAY_AFTER = timedelta(days=14)

# ---------------------------------------------------------------- protection [se-rules §7]

PROTECTED_ANSWER_MIN_EARNED_REPUTATION = 10

# ---------------------------------------------------------------- rate limits [se-rules §12]

NEW_USER_REPUTATION = 125
NEW_USER_QUESTION_INTERVAL = timedelta(minutes=40)
NEW_USER_ANSWER_INTERVAL = timedelta(minutes=3)
NEW_USER_COMMENT_INTERVAL = timedelta(seconds=15)

# ---------------------------------------------------------------- posts [se-rules §13]

TITLE_MIN_LENGTH = 15
TITLE_MAX_LENGTH = 150
BODY_MIN_LENGTH = 30
BODY_MAX_LENGTH = 30000
MIN_TAGS = 1
MAX_TAGS = 5
TAG_MAX_LENGTH = 35
# A new site has no tag vocabulary yet, and Stack Exchange lets anyone create tags in a private
# beta. Until the site has this many questions, creating a tag needs no privilege.
OPEN_TAG_CREATION_BELOW_QUESTIONS = 100
EDIT_GRACE_PERIOD = timedelta(minutes=5)
EDIT_SUMMARY_MAX_LENGTH = 300

# ---------------------------------------------------------------- suggested edits [se-rules §11]

# Approve or reject votes that decide a suggestion when no binding vote (owner, ♦) is cast.
SUGGESTED_EDIT_VOTES_NEEDED = 2
