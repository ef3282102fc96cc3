"""Detectors of parts: add a component (with the links the sentence states), remove shapes,
replace or migrate one shape by another, and "we no longer use X".

Each reads an :class:`~services.dsl.generation.ops.Abstract` and gives operations or None; the
order they are tried in is in :mod:`finder`. Pure functions.
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas

from services.dsl.d2.model import Shape
from services.dsl.generation.copies import says_copy
from services.dsl.generation.edit_state import mend
from services.dsl.generation.kb import COMPONENT_HEADS, knowledge_base
from services.dsl.generation.mentions import Mention
from services.dsl.generation.ops import (
    ABSTRACT_NEEDS,
    LIST,
    SHAPES,
    Abstract,
    Op,
    as_said,
    new_phrase,
    singular_word,
)
from services.dsl.generation.ops_labels import LINK_WORDS
from services.dsl.generation.ops_style import only_looks
from services.dsl.generation.retire import housed

#: a phrase that stands for a new component without naming it ("the new one", "another model")
_PRO_FORM = (
    r"(?:the\s+|a\s+|an\s+)?(?:new|newer|other|another|different|better|updated|replacement|"
    r"next|latest)?\s*(?:one|thing|version|model|unit|box|component|service|product)"
    r"(?:\s+(?:per|from|as|in|we|that|which|on)\b.*)?"
)


#: a D2 shape named loosely ("stored_data shape", "a cylinder icon", "the hexagon box")
_SHAPE_WORD = re.compile(
    r"(?:an?\s+|the\s+)?(?:" + "|".join(SHAPES) + r"|stored[\s-]data)s?"
    r"(?:\s+(?:shape|icon|box|symbol|look|one))?\s*(?:$|[,.;]|\s+(?:and|but|please)\b)"
)


def _a_name(ab: Abstract, phrase: str) -> bool:
    """`phrase` opens with a name: written with a capital, or a word no dictionary knows."""
    said = as_said(ab.original, phrase) or phrase
    first = said.split()[0] if said.split() else ""
    return bool(first) and (first[0].isupper() or not getAllLemmas(first.lower()))


def replace(ab: Abstract) -> list[Op] | None:
    t = ab.loose
    patterns = [
        r"\b(?:replace|swap|switch|change|migrate|move|moved|"
        r"moving)\s+(?:out\s+)?(?:the\s+)?(?:(?:@\d+|\w+)\s+){0,2}?(?:from|off(?:\s+of)?|away\s+from)\s+(?:the\s+)?(?P<x>@\d+)\s+(?:to|for|with|"
        r"onto)\s+(?P<y>.+)",
        r"\b(?:replace|swap|switch|trade)\s+(?:out\s+)?(?:the\s+|both\s+|all\s+|"
        r"every\s+)*(?P<x>@\d+)\s+(?:with|by|for|to|into|->)\s+(?P<y>.+)",
        r"\b(?:change)\s+(?:the\s+)?(?P<x>@\d+)\s+(?:to|into)\s+(?P<y>[^@]+)$",
        # "using AWS CloudHSM instead of X": words that name boxes ("AWS", "Edge Cache") may
        # open the new product's name when a plain word follows them
        r"(?:use|using|on|adopt|go with|went with)\s+(?P<y>(?:@\d+\s+){0,2}(?=[^@\s])[^@]+?)\s+"
        r"(?:these days\s+)?instead of\s+(?:the\s+)?(?P<x>@\d+)",
        r"^(?P<y>[^@]+?)\s+instead of\s+(?:the\s+)?(?P<x>@\d+)",
        r"(?P<x>@\d+)\s+(?:\w+\s+){0,3}(?:migrate|swap|moved|replaced|changed|"
        r"switch)\s+(?:to|with|by|for)\s+(?P<y>[^@]+)$",
        r"\bmigrate\s+(?:the\s+)?(?P<x>@\d+)\s+(?:to|onto|over to)\s+(?P<y>[^@]+)",
        r"\bmove\s+(?:off|away from)\s+(?:the\s+)?(?P<x>@\d+)\s+(?:to|onto|for)\s+(?P<y>[^@]+)",
        r"\bremove\s+(?:the\s+)?(?P<x>@\d+)\s*,?\s*(?:and\s+)?(?:now\s+)?(?P<y>[^@,]+?)\s+(?:does|"
        r"handles|covers|is doing|takes over|do)\b",
        r"^(?:(?:\w+|@\d+)\s*:\s*)?(?P<x>@\d+)\s*->\s*(?P<y>[^@]+)$",
        # "we ditched X for Mapbox last quarter": a removal for a named product is a swap
        r"\bremove\s+(?:the\s+)?(?P<x>@\d+)\s+(?:for|in\s+favou?r\s+of)\s+(?P<name>"
        r"(?P<y>@\d+|[^@\s(,;]+(?:\s+[^@\s(,;]+)?))",
    ]
    for p in patterns:
        m = re.search(p, t)
        if m and (_SHAPE_WORD.match(m.group("y")) or only_looks(m.group("y"))):
            return None  # "X -> stored_data shape": a new look (reshape), not a new part
        if m and "name" in m.groupdict() and not _a_name(ab, ab.words(m.group("name"))):
            continue  # "remove X for now", "remove X for security reasons": no product
        if m and "name" in m.groupdict() and m.group("y").startswith("@"):
            other = ab.m(m.group("y"))
            if other.tier != 1 or other.ids != ab.m(m.group("x")).ids:
                continue  # "drop X for the Y we have": a drawn one, no new product
        if m:
            # "Y (license stuff, you know how it is)": a remark in brackets names nothing
            y, was = re.sub(r"\s*\((?:[^()]*\s[^()]*)(?:\)|$)", "", m.group("y").strip()), ""
            y = y.strip(" ,.?")
            while y != was:  # "to Y for deposits last week": each trailing time or purpose
                was, y = (
                    y,
                    re.sub(
                        r"\s+(?:now|already|instead|too|these days|last \w+|in the last \w+|"
                        r"this \w+|for (?:the )?(?:@\d+|\w+))$",
                        "",
                        y,
                    ),
                )
            y = re.sub(r"\s*,.*$|\s+(?:can you|please|could you).*$", "", y)
            y = ab.words(y)
            if re.fullmatch(_PRO_FORM, y.lower()):
                # "swap X for the new one": which product is not said, ask for its name
                return [Op("clarify", [ab.m(m.group("x"))], label="new")]
            if y and not re.fullmatch(r"(?:it|that|this|them|there)", y):
                return housed(ab, [Op("replace", [ab.m(m.group("x"))], new=y)])
    return None


def stop_using(ab: Abstract) -> list[Op] | None:
    """ "X we are not using anymore", "we do not need X any more": remove X."""
    t = ab.text
    m = re.search(
        r"^(?:the\s+)?(" + LIST + r")\s+(?:\w+\s+){0,4}(?:not|no longer)\s+(?:\w+\s+)?"
        # "X does not need to talk to anything": what X does, not X going away
        r"(?:using|use|used|needed|need|needing)\b(?!\s+to\b)(?![^@]*@)",
        t,
    ) or re.search(
        r"\b(?:not|no longer)\s+(?:\w+\s+)?(?:using|use|need|needing)\s+(?:the\s+)?("
        + LIST
        + r")(?:\s+anymore)?$",
        t,
    )
    m = m or re.search(
        # "so the X can go", "X is not existing (here)", "X has become redundant"
        r"(?:^|[,;:—–]\s*)(?:so\s+|and\s+|then\s+)?(?:the\s+)?(" + LIST + r")\s+(?:"
        r"(?:can|could|should|must|may|will|has to|have to|is to|are to|needs? to)\s+(?:now\s+)?"
        r"(?:also\s+)?(?:go|go away|be remove|be removed|disappear|vanish|leave|die)"
        # the verb closes the clause: "X has to go via Y" is a path, not a removal
        r"(?=\s*$|\s*[,;:—–]|\s+(?:now|too|as well|entirely|completely|for good|please|pls|"
        r"then|i think|imo)\b)|"
        r"(?:is|are|does|do|has|have)\s+(?:now\s+)?(?:not|no longer|never)\s+(?:be\s+)?"
        r"(?:existing|exist|exists|there|present|around|in use|relevant|required)|"
        r"(?:is|are|has become|have become|became)\s+(?:now\s+)?(?:obsolete|redundant|"
        r"unused|unnecessary|superfluous|dead code))\b",
        t,
    )
    return [Op("remove", ab.many(m.group(1)))] if m else None


def add(ab: Abstract) -> list[Op] | None:
    t = ab.text
    behind = re.search(
        r"\b(?:put|place|move|hide)\s+(?:the\s+|both\s+|all\s+)?(" + LIST + r")(?:\s+one)?\s+"
        r"behind\s+(?:an?\s+|one\s+|some\s+)([^@]+?)$",
        t,
    )
    between = re.search(
        r"\b(?:put|place|insert|move|add|sit)\s+(?:the\s+)?(@\d+)\s+(?:in\s+)?between\s+(?:the\s+)?"
        r"(@\d+)\s+(?:and|,)\s+(?:the\s+)?(@\d+)",
        t,
    )
    # "slot a WAF between A and B", "wedge an auth proxy in front of X": whatever the verb,
    # an indefinite phrase placed between two shapes is a new component on their path
    placed = re.match(
        r"(?:[a-z]+\s+){1,2}?(?:an?|one|some)\s+(?:new\s+)?([^@]+?)\s+(?:right\s+)?(?:in\s+)?"
        r"between\s+(?:the\s+)?(@\d+)\s+(?:and|,)\s+(?:the\s+)?(" + LIST + ")",
        t,
    )
    placed = placed or _set_between(t)
    if placed and not between:
        return [
            Op(
                "add",
                [ab.m(placed.group(2))],
                # "between A and its consumers B and C": each of them on the far side
                ab.many(placed.group(3)),
                new=ab.words(placed.group(1)),
                rel="between",
                # "..., and the Y should also use it": links said after the place
                rest=ab.source(t[placed.end() :].lstrip(" ,")) if placed.string is t else "",
            )
        ]
    if between:  # "put it between A and B": a shape already drawn goes on the path
        what, ends = ab.m(between.group(1)), [ab.m(between.group(k)) for k in (2, 3)]
        return [Op("between", [what], ends)]
    if behind:  # "put X behind a load balancer": a new one in front of X
        return [
            Op("add", ab.many(behind.group(1)), new=ab.words(behind.group(2)), rel="in front of")
        ]
    passive = _PASSIVE_ADD.match(t)
    if passive and _component_like(ab, passive.group("x")):
        # "a satellite feed should be added as a data source, ingested through X": the
        # subject is the new part; what follows the role is its tail, read with it as "it"
        phrase = re.sub(r"^(?:one|some)\s+(?!of\b)", "", passive.group("x"))
        new = ab.words(phrase)
        rest = re.sub(
            r"^\s*(?:as|like)\s+(?:an?\s+|the\s+|our\s+)?[^,;@]*", "", passive.group("rest")
        )
        return [Op("add", new=as_said(ab.original, new) or new, rest=ab.source(rest.lstrip(" ,;")))]
    m = re.search(
        r"\b(?:add|put|place|create|attach|need|needs|want|deploy|set up|"
        # "we'd love a refill notifier": a wish for one new thing (an article after it)
        r"(?:would\s+)?(?:like|love)(?=\s+(?:an?|one)\s)|"
        r"stand up|introduce)\s+(?!@|to\s)(?:in\s+)?(.+)",
        t,
    )
    if not m:
        return None
    rest_all = m.group(1)
    phrase, rest = new_phrase(rest_all)
    if not phrase or re.match(r"(?:it|them|that|this|its own|their own)\b", phrase):
        return None  # "it needs its own X": a part of what was named, read as a stated link
    if re.fullmatch(
        r"(?:both|all|all of them|them all|these|those|the two|everything)"
        r"(?:\s+(?:of them|please|pls|too|as well|also|now|then|thanks))*",
        phrase,
    ):
        return None  # "please add both": what the clauses before named, not a new "Both"
    if re.match(r"(?:the\s+)?@", phrase) and not _new_name(ab, phrase):
        return None
    if re.fullmatch(r"(?:a|an|the)?\s*(?:link|connection|edge|arrow|line)s?", phrase):
        return None
    wish = m.group(0).split()[0]
    if re.fullmatch(r"needs?|want|would|like|love", wish) and not _component_like(ab, phrase):
        return None  # "they need read access to X": a link or a property, not a component
    if re.search(r"\b(?:need|needs|want|like|love)\b", m.group(0)[:12]) and re.search(
        r"(?:^|\s)" + ABSTRACT_NEEDS + r"$", phrase
    ):
        return None  # "they need read access to X": a reason, not a component
    phrase = re.sub(r"^(?:one|some)\s+(?!of\b)", "", phrase)  # "add one X" (non-native)
    new = ab.words(phrase)
    # "a retention/purge job": the new name as written, not with its slang made plain
    op = Op("add", new=as_said(ab.original, new) or new)
    named = re.match(r"(qt\d+)\s*(?:,\s*|$)", rest)
    if named and "qt" not in phrase:
        # "a second unit, 'South RTU', ...": the quoted name in apposition is its name
        op.new = f"{op.new} called {ab.words(named.group(1))}"
        rest = rest[named.end() :]
    if says_copy(rest):
        op.label = "copy"  # "... in the same manner": made like the one already drawn
    off = re.match(r"(?:off|from)\s+(?:the\s+)?(@\d+)\b", rest)
    if off:  # "a drop-copy gateway off the matching engine": fed by it
        op.rest = ab.source(rest[off.end() :])
        return [op, Op("connect", [ab.m(off.group(1))], rest="new")]
    rest = re.sub(r"^(?:in (?:its|their) place|instead(?: of (?:it|them))?)\s*,?\s*", "", rest)
    b = re.match(
        r"(?:between|in between)\s+(?:the\s+)?(@\d+)\s+(?:and|,)\s+(?:both\s+|the\s+)?("
        + LIST
        + ")",
        rest,
    )
    if b:
        op.rel, op.a, op.b = "between", [ab.m(b.group(1))], ab.many(b.group(2))
        # "..., and the Y should also use it": the links said after the place
        op.rest = ab.source(rest[b.end() :].lstrip(" ,"))
        return [op]
    pair = re.match(r"(?:between|in between)\s+(?:the\s+)?(?:two\s+)?(@\d+)\b", rest)
    two = ab.m(pair.group(1)).shapes if pair else []
    if pair and ab.m(pair.group(1)).pronoun and len(two) == 2:
        # "A must not call B ... add a P between them": the two the clause before named
        op.rel = "between"
        op.a, op.b = (
            [Mention(0, 0, two[0].label, [two[0]])],
            [Mention(0, 0, two[1].label, [two[1]])],
        )
        op.rest = ab.source(rest[pair.end() :].lstrip(" ,"))
        return [op]
    r = re.match(
        r"(connected to|linked to|attached to|next to|alongside|beside|parallel to|in front of|"
        r"before|behind|"
        r"after|inside|into|within|in|to|for|on|from)\s+(?:both\s+(?:of\s+)?)?(?:the\s+|all\s+|"
        # "next to the existing X", "next to the s2s @0": one word of the name not linked
        r"every\s+|each\s+)?(?:(?!(?:and|or|a|an|new|not|no)\b)[a-z0-9][\w-]*\s+)?(" + LIST + ")",
        rest,
    )
    if r:
        anchors, rest = r.group(2), rest[r.end() :]
        subject = re.match(r"(.*),\s*(@\d+)$", anchors)
        if subject and re.match(r"\s*(?:is|are|was|will|can|should|does|do|\w+s)\b", rest):
            # "in the X, Y is reading from it": Y starts the next predicate
            anchors, rest = subject.group(1), f"{subject.group(2)}{rest}"
        op.rel, op.a = r.group(1), ab.many(anchors)
        if op.rel == "for" and len(op.a) > 1 and not op.label:
            op.label = "each"  # "a standby for both A and B": one each, when it is a copy
    aside = re.match(r"\s*\(([^()]{1,40})\)\s*", rest)
    if aside and "(" not in op.new and not re.fullmatch(r"(?:the\s+)?@\d+", aside.group(1).strip()):
        # "add CDC on DB2 (IBM IIDR) streaming ...": the product the new part is, said in
        # parentheses after its place; no shape its words share ("IBM MQ") is meant
        op.new = f"{op.new} ({ab.words(aside.group(1)).strip()})"
        rest = rest[aside.end() :]
    owner = re.fullmatch(
        r"(?:the\s+)?(@\d+)\s+(?:(?:also|really|now|still|definitely|should|must|will)\s+)*",
        t[: m.start()],
    )
    if not op.rel and owner and re.match(r"(?:needs?|wants?)\b", m.group(0)):
        # "the tickets db needs a read replica": the new part is the subject's, wired to it
        owning = ab.m(owner.group(1))
        if not owning.pronoun and not owning.ambiguous:
            op.rel, op.a = "for", [owning]
    kin = re.match(
        r"(?:(?:one\s+)?more|another|an?\s+(?:second|third|fourth|extra|additional)|"
        r"second|third|extra|additional)\s+(@\d+)\b",
        phrase,
    )
    home = _home_of_kin(ab, ab.m(kin.group(1))) if kin and not op.rel else None
    if home is not None:
        # "one more worker": the new one joins the box its kin are drawn in
        op.rel, op.a = "inside", [Mention(0, 0, home.label, [home])]
    op.rest = ab.source(rest)
    return [op]


def _home_of_kin(ab: Abstract, kin: Mention) -> Shape | None:
    """The one container that holds every drawn shape a kind word names ("worker": the
    reminder and invoice workers, both in Workers), or the one container it names."""
    leaves = [s for s in kin.shapes if not s.children]
    boxes = [s for s in kin.shapes if s.children]
    parents = {s.parent for s in leaves}
    if leaves and len(parents) == 1 and None not in parents:
        pid = next(iter(parents))
        return next((s for s in ab.every if s.id == pid), None)
    return boxes[0] if not leaves and len(boxes) == 1 else None


#: "a X should be added (as ...)", "one more X needs to be added": the subject is new
_PASSIVE_ADD = re.compile(
    r"^(?:(?:and|also|so|then)\s+)*(?:an?|one|another|some|a\s+new|an\s+extra)\s+"
    r"(?P<x>[^@,;:]+?)\s+(?:(?:should|must|shall|will|can|could|needs?\s+to|has\s+to|"
    r"have\s+to|is\s+to|ought\s+to)\s+)?(?:also\s+|now\s+)?(?:be|get|gets|is|are)\s+"
    r"(?:also\s+|now\s+)?add(?:ed)?\b(?P<rest>.*)$"
)
#: words after a new component that say where it sits ("a cache sitting between A and B")
_SITS = r"(?:(?:that|which)\s+)?(?:(?:sits?|sitting|lives?|living|placed|located|running|runs)\s+)?"


def _set_between(t: str) -> re.Match[str] | None:
    """ "we want a little X sitting between A and B", "between A and B please put an X": an
    indefinite phrase and a "between" pair, in either order (groups: phrase, A, B)."""
    m = re.search(
        r"\b(?:an?|one|some)\s+(?:new\s+|little\s+|small\s+|tiny\s+|thin\s+)?([^@,;—–]+?)\s+"
        + _SITS
        + r"(?:right\s+)?(?:in\s+)?between\s+(?:the\s+)?(@\d+)\s+(?:and|,)\s+(?:the\s+)?(@\d+)",
        t,
    ) or re.search(
        r"^(?:right\s+)?(?:in\s+)?between\s+(?:the\s+)?(?P<a>@\d+)\s+(?:and|,)\s+(?:the\s+)?"
        r"(?P<b>@\d+)\s*,?\s*(?:[a-z]+\s+){0,3}?(?:add|put|place|insert|need|want|deploy)\s+"
        r"(?:an?|one|some)\s+(?:new\s+)?(?P<x>[^@,;—–]+?)(?:\s*[,;—–]|\s+(?:because|since|so)\b|$)",
        t,
    )
    if m is None or re.search(r"\b(?:no|not|without|remove)\b", t[: m.start()]):
        return None
    if m.groupdict():
        return re.match(r"(.*)\s(@\d+)\s(@\d+)$", f"{m.group('x')} {m.group('a')} {m.group('b')}")
    if re.fullmatch(r"(?:\w+\s+)?" + LINK_WORDS, m.group(1)):
        return None  # "a direct link between A and B": a link, read by the link detectors
    return m


def _new_name(ab: Abstract, phrase: str) -> bool:
    """ "add the Fare Capping Service": a phrase that only borrows words of shapes (none
    named whole) and adds words of its own names a new component."""
    refs = re.findall(r"@\d+", phrase)
    own = [w for w in re.sub(r"@\d+", " ", phrase).split() if w not in ("the", "a", "an")]
    return bool(own) and all(ab.m(r).tier <= 2 and not ab.m(r).pronoun for r in refs)


def _component_like(ab: Abstract, phrase: str) -> bool:
    """A phrase whose head noun is a component ("a search cluster") or that names a kind."""
    # "a suport chat servce": the head noun as the knowledge base spells it
    said = mend(knowledge_base(), re.sub(r"\([^)]*\)", " ", ab.words(phrase))).lower()
    words = re.findall(r"[a-z0-9]+", said)
    if not words:
        return False
    return singular_word(words[-1]) in COMPONENT_HEADS or bool(knowledge_base().find(said))


def remove(ab: Abstract) -> list[Op] | None:
    m = re.search(
        r"\bremove\s+(?:the\s+|both\s+|all\s+|every\s+)*(" + LIST + r")", ab.text
    ) or re.search(r"\bno more\s+(?:the\s+)?(" + LIST + r")", ab.text)
    # "remove both of the payment things, the A and the B": a list in apposition to a
    # description names what goes
    m = m or re.search(
        r"\bremove\s+(?:(?:both|all|the|these|those|two|three)\s+)*(?:of\s+)?(?:the\s+)?"
        r"[^,;:—–()]{1,40}?\s*[,:(—–]\s*(?:the\s+|both\s+|namely\s+|i\.e\.\s+)*(" + LIST + r")",
        ab.text,
    )
    if not m:
        return None
    return [Op("remove", ab.many(m.group(1)))]
