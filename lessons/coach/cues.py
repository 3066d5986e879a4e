"""The phrases the built-in rules look for, as regular expressions.

Most are matched against the whole folded text in lower case (see
`Message.matches`): straight quotes and apostrophes, no accents, so they
are written in lower case; the few that need a capital letter or the start
of a sentence say so and are matched one sentence at a time. They are
written to run in time proportional to the sentence: the only repeat
inside a repeat is a bounded run of whole words ("up to three words"),
whose words and spaces cannot be confused with each other.
"""

import re

FLAGS = re.IGNORECASE


def phrases(*alternatives: str) -> re.Pattern:
    """A pattern matching any of `alternatives` (in lower case) as whole words."""
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])")


ANYONE = r"(?:anyone|anybody|someone|somebody|people|folks|everyone|a few people|contacts)"

# A greeting to a crowd; looked for at the start of the first sentences.
CROWD = (
    r"(?:(?:my |dear |fellow )?(?:linkedin |facebook )?"
    r"(?:friends|network|connections|contacts|colleagues|family|fam)"
    r"|all(?: my (?:friends|connections))?|everyone|everybody|folks|team|y'all|you all"
    r"|sir(?: or |/)madam|hiring manager)"
)
MASS_GREETING = re.compile(
    r"^\W*(?:(?:dear|hi|hello|hey|greetings|good (?:morning|afternoon|evening)),?\s+"
    rf"{CROWD}\b|{CROWD}\s*[,:!-]|to whom it may concern\b)",
    FLAGS,
)
# A greeting to one person: "Hi Dana", "Dear Dr. Okafor", or a message that
# opens with a name and a comma ("Rosa, I was let go ..."). Checked on the
# original text, since a name's capital letter matters.
GREETING = re.compile(
    r"^\W*(?:(?:dear|hi|hello|hey|good (?:morning|afternoon|evening)),?\s+"
    r"(?:(?:mr|mrs|ms|mx|dr|prof|professor)\.?\s+)?(?P<name>[^\W\d_][\w'-]*)"
    r"|(?P<bare>[^\W\d_][\w'-]*),)",
    FLAGS,
)
NOT_NAMES = frozenset(
    {"so", "also", "well", "okay", "ok", "yes", "no", "hello", "hi", "hey", "dear", "thanks"}
    | {"first", "now", "today", "honestly", "anyway", "sorry", "again", "however", "sadly"}
    | {"unfortunately", "recently"}
)

# Asking the reader to pass the writer along to people the writer doesn't know.
HANDOFF = [
    re.compile(
        r"\b(?:forward|pass|send|share|introduce|connect|refer|recommend|put)\b[^.?!\n]{0,60}?"
        rf"\b(?:to|with|in touch with)\s+(?:any|some)?{ANYONE}\b"
    ),
    phrases(
        r"(?:any|some)(?:one|body) (?:in|from|at) your (?:network|contacts|circle|company)",
        r"(?:any|some)(?:one|body) you know",
        r"people you know",
        r"everyone you know",
        r"(?:go|look|dig) through your (?:contacts|network|connections|rolodex|address book)",
        r"your (?:network|contacts|connections) (?:who|that|at)",
        r"pass (?:me|my name|my resume|my cv|this|it) (?:along|on|around)",
        r"forward (?:me|my resume|my cv|this|it|my details|my info) (?:along|on|around)",
        r"put (?:in )?a (?:good )?word (?:in )?(?:for me )?with (?:any|some)",
    ),
]
REQUEST = phrases(
    r"(?:could|can|would|will|might) you",
    r"please",
    r"if you (?:could|can|would|don't mind)",
    r"i(?:'d| would) (?:love|like|appreciate|be grateful)",
    r"i was (?:hoping|wondering)",
    r"would it be possible",
    r"any chance",
)
NEGATION = phrases(
    r"won't", r"will not", r"can't", r"cannot", r"don't", r"do not", r"not going to"
)

# The connection or context: how the reader knows the writer.
CONTEXT = phrases(
    r"we(?:'ve)? met",
    r"we (?:worked|studied|volunteered|served|interned|played|sat|were)"
    r" (?:together|on|at|in|side)",
    r"we were (?:classmates|teammates|colleagues|coworkers|co-workers|roommates|neighbors)",
    r"we (?:last )?(?:spoke|talked|chatted|connected)",
    r"(?:suggested|recommended|said|thought) (?:that )?i (?:reach out|write|contact|email|talk)",
    r"suggested (?:i|that i|reaching out|writing)",
    r"referred me",
    r"(?:your|our) (?:talk|panel|presentation|session|workshop|class|course|lecture|seminar)",
    r"the (?:talk|panel|presentation|lecture|workshop|webinar) (?:you|at|on|last)",
    r"(?:you|he|she) (?:taught|managed|led|ran|supervised|mentored|hired|interviewed|coached"
    r"|trained) (?:me|us|my|our)",
    r"(?:you were|you used to be) my",
    r"i (?:was|used to be) (?:your|on your|in your|one of your)",
    r"i took your",
    r"(?:worked|interned|volunteered) (?:with|for|under|alongside|beside) you",
    r"(?:former|old|ex-?) (?:colleague|coworker|co-worker|teammate|classmate|manager|boss"
    r"|intern|student|supervisor|mentee)",
    r"(?:it's|it has) been (?:a while|a long time|ages|years|too long)",
    r"since we (?:last|worked|met|spoke|talked)",
    r"thanks? (?:you )?(?:so much |very much )?for"
    r" (?:your|the|thinking of me|reaching out|introducing|writing)",
    r"your (?:email|message|note|intro|introduction) (?:about|introducing|regarding|on)",
    r"you (?:wrote|emailed|reached out|introduced)",
    r"(?:a )?mutual (?:friend|colleague|connection)",
    r"(?:at|during) (?:the|your|our) [\w' -]{0,40}?"
    r"(?:panel|conference|meetup|fair|event|class|workshop|night|reunion|dinner)",
)

# A request the reader can say yes or no to, or an offer of a next step.
ASK = phrases(
    r"(?:could|can|would|will|might) you(?! (?:believe|imagine))",
    r"would it be possible",
    r"(?:are|would) you (?:be )?(?:open|willing|available|free|up for)",
    r"do you have (?:time|a few|\d+|any time|a moment|a minute|room)",
    r"do you know (?:anyone|anybody|someone|somebody|of|whether|if)",
    r"i (?:was|am|'m) wondering (?:if|whether)",
    r"i(?:'d| would) (?:be grateful|appreciate it|love it) if",
    r"please (?:let|send|introduce|forward|share|call|review|look|tell|consider|connect)",
    r"(?:may|could|can) i (?:ask|have|buy|call|send|borrow)",
    r"is there any chance",
    r"would (?:that|this|it|(?:either|any|one) of (?:those|these|them))"
    r" (?:help|work|be useful|be helpful)",
    r"shall i",
    r"(?:do you )?want me to",
    r"let me know if you",
    r"i(?:'d| would) (?:love|like) to (?:hear|get|ask|talk|chat|buy|learn|meet)",
)
VAGUE_ASK = phrases(
    r"anything you can(?: do)?",
    r"any help(?: you can)?",
    r"whatever you can",
    r"any way you can",
    r"(?:any|some) (?:leads|opportunities|openings|connections)",
    r"anything at all",
    r"anything (?:helps|would help)",
    r"help (?:me )?in any way",
    r"pick your brain",
    r"keep me in mind",
    r"let me know if you hear of anything",
)
# Asking for a job outright.
JOB_ASK = phrases(
    r"(?:give|offer|find|get) me (?:a |an )?(?:job|position|role|interview|work)",
    r"hire me",
    r"are you (?:currently |still )?hiring",
    r"(?:does|do) (?:you|your (?:company|team|firm)) have (?:any |a )?"
    r"(?:job|jobs|openings|positions|roles|vacancies|opening|position)",
    r"(?:any|a) (?:job|position|role|opening) for me",
    r"looking for (?:a job|work|a position) (?:at|with|on) your",
)
TARGET_LIST = phrases(
    r"target (?:list|companies|company list|employers|firms|organizations)",
    r"list of (?:target )?(?:companies|employers|firms|organizations)",
    r"companies (?:on|from) my list",
)
COMPANY_WORD = phrases(
    r"companies", r"employers", r"firms", r"organizations", r"places like", r"(?:my|a|the) list"
)
# Case matters: a name after a comma. Matched on the text as written (cased).
LIST_ITEM = re.compile(r"(?:[,;:]|\band\b)\s*[A-Z]")
BULLET = re.compile(r"^(?:[-*\u2022]|\d{1,2}[.)])\s")

# Promising someone else's time ("I told Marcus you'd be happy to help").
VOLUNTEERED = [
    re.compile(
        r"\bi\s+(?:told|promised|assured|let)\s+(?:[\w'-]+\s+){1,3}?(?:know\s+)?(?:that\s+)?"
        r"(?:you|he|she|they)(?:'d|'ll|\s+would|\s+will|\s+could|\s+can)\b"
    ),
    re.compile(
        r"\b(?!i\b|we\b)[\w'-]+(?:'d|'ll|\s+would|\s+will)\s+(?:be\s+)?"
        r"(?:happy|glad|delighted|thrilled|love)\s+to\s+(?:help|talk|meet|chat|connect|introduce)"
    ),
]
OWN_TIME = phrases(
    r"i(?:'d| would|'m| am| will|'ll) (?:be )?(?:happy|glad|delighted) to",
    r"i can (?:look over|review|read|send|share|make time|help|introduce|call)",
    r"i(?:'d| would) (?:gladly|love to)",
    r"happy to (?:look|review|read|share|help|talk|chat)",
)

EASY_OUT = phrases(
    r"no worries",
    r"no pressure",
    r"no problem if",
    r"(?:totally|completely|perfectly|entirely) (?:fine|ok|okay|understand|understandable)",
    r"i(?:'d| would)? (?:completely |totally |fully )?understand if",
    r"if (?:now|this|it)(?:'s| is)(?:n't| not) a good time",
    r"if you(?:'re| are) (?:too |very )?busy",
    r"if you can't",
    r"if not, (?:that's|no|i)",
    r"feel free to (?:say no|decline|pass|ignore|skip)",
    r"no need to (?:reply|respond|answer)",
    r"if the timing(?:'s| is) (?:bad|wrong|not right)",
    r"(?:fine|okay|ok|understand) if not",
    r"no obligation",
)
THANKS = phrases(r"thanks?", r"thank you", r"grateful", r"appreciate(?:d)?", r"many thanks")

SELF_WORDS = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
YOU_WORDS = frozenset({"you", "your", "yours", "yourself", "you're", "you've", "you'd", "you'll"})

# "I'm Kelsey Moreno", "My name is Kelsey Moreno": one sentence at a time, since
# the capitals of a name matter.
NAME_INTRO = re.compile(
    r"\b(?:i'm|i am|my name is|this is|it's)\s+([^\W\d_][\w'-]*)\s+([^\W\d_][\w'-]*)",
    FLAGS,
)
SIGN_OFF = phrases(
    r"best(?: regards| wishes)?",
    r"(?:kind |warm |warmest )?regards",
    r"thanks(?: again| so much)?",
    r"thank you(?: again| so much)?",
    r"many thanks",
    r"cheers",
    r"sincerely",
    r"yours(?: truly| sincerely)?",
    r"warmly",
    r"all the best",
    r"gratefully",
    r"with thanks",
)
NAME_PARTICLES = frozenset(
    {"de", "da", "del", "della", "di", "du", "la", "le", "van", "von", "der", "bin", "al"}
)
