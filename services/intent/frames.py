"""Speech-act frames of a message: what kind of act it is, whatever it is about.

MiniLM similarity follows the topic ("cache", "database"); the intent follows the act —
asking for advice, asking for an edit, asking for a new diagram, asking to see the picture
differently. These frames read the act from the message's form (canonical words from
lexicon.py) and from what it points at (references.py):

- interrogative form, and the advice / comparison / reason / explanation frames of a question;
- an edit operation (verb + a concrete object), an explicit instruction ("please add",
  "go ahead and add it", "can you add …?") and a request to leave the diagram alone;
- a new / fresh / separate diagram frame and a design subject;
- view vocabulary: size and zoom complaints, focus, expand/collapse, regrouping by an
  attribute, hidden annotations, threat/security view, direction, icons/labels, reset;
- vague quality requests and pointers that resolve to nothing.

Each frame is a boolean; `Frames.active()` lists the true ones (features of the linear head
and the names the policy and the evaluation print).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from services.intent.references import MentionLinker, references

_FILLER = (
    r"(?:(?:ok(?:ay)?|so|also|and|now|then|hmm+|oh|ah+|well|actually|alright|right|yes|yeah|"
    r"yep|sure|great|perfect|nice|cool|good|fine|thanks|thank you|hey|hi|hello|please|kindly|"
    r"just|quick(?:ly)?|wait|no|oops|sorry|btw|by the way|one more thing|next|lastly|finally|"
    r"very well|love it|looks good|i see|got it|understood|convinced|ok convinced)[\s,.!:;-]+)*"
)
_EDIT_VERB = (
    r"(?:add|adding|include|insert|put|place|plug|drop in|throw in|stick|remove|removing|"
    r"delete|deleting|drop|take out|take away|get rid of|nuke|kill|ditch|lose|replace|"
    r"replacing|swap|switch|migrate|move|moving|shift|rename|renaming|relabel|label|call|"
    r"connect|connecting|link|wire|wire up|hook up|hook|route|reroute|point|attach|merge|"
    r"combine|split|break up|separate out|group|ungroup|wrap|mark|tag|annotate|note|colou?r|paint|"
    r"restyle|style|encrypt|scale|make|turn|set|change|introduce|set up|deploy|containeri[sz]e|"
    r"undo|revert|put back|bring back|draw in|draw|show|represent|give|create|use|upgrade|"
    r"downgrade|enable|disable|isolate|segment|protect|secure|limit|restrict|expose|hide|"
    # round 9: slang placing verbs and enclosing/rewiring verbs
    r"pop in|pop|shove|bung|whack|slot in|tack on|enclose|encircle|surround|fence off|rewire|"
    r"re-wire|redirect|repoint|re-point|decom|decomm|decommission|retire|sunset|deprecate|"
    # round 15: an architect's formal placing and enclosing verbs
    r"phase out|realign|re-align|reposition|re-position|rehome|re-home|encapsulate)"
)
_FOLD_INTO_ONE = (
    r"\b(squash|fuse|consolidate|condense|smush|mash|join|combine|unify)\b[\w ,&/'\"-]{0,50}? "
    r"into (one|a single|a unified|a common|a shared|just one)\b"
    # collapsing or folding is a merge only of two or more named things ("collapse authn and
    # authz into a single service"); "collapse the batch group into one box" folds a group
    r"|\b(collapse|fold)\b(?=[\w ,&/'\"-]{0,50}?\b(and|&|both|two|three|all|these|those)\b)"
    r"[\w ,&/'\"-]{0,50}? into (one|a single|a unified|a common|a shared|just one)\b"
)
_CONCRETE_EDIT = re.compile(
    r"\b(add|adding|include|insert|put|place|plug|drop in|throw in|remove|removing|delete|"
    r"deleting|drop|take out|get rid of|nuke|kill|ditch|replace|replacing|swap|migrate|move|"
    r"moving|rename|renaming|relabel|label|connect|connecting|link|wire|wire up|hook up|"
    r"route|reroute|attach|merge|combine|split|break up|wrap|mark|tag|annotate|stick|throw|"
    r"colou?r|paint|restyle|encrypt|introduce|set up|deploy|containeri[sz]e|undo|revert|"
    r"put back|bring back|draw in|represent|upgrade|isolate|segment|enclose|encircle|surround|"
    r"fence off|rewire|re-wire|redirect|repoint|re-point|decom|decomm|decommission|retire|"
    r"sunset|deprecate|phase out|realign|re-align|reposition|re-position|rehome|re-home|"
    r"encapsulate)\b"
    # a notation or a style applied: "apply a dashed notation to the deprecated interfaces"
    r"|\bapply (an?|the)( [\w-]+){0,2} (notation|style|styling|line style|colou?r|shape|border|"
    r"marker|convention|treatment|stereotype) to\b"
    # slang for putting a thing in: "pop a cache in front of …", "shove a queue between …"
    r"|\b(pop|shove|bung|whack|slot|tack)( in| on| into)? (an?|the|some|one|another|two|three)\b"
    # a feature switched on or off: "enable it, 35d retention", "disable public access"
    r"|\b(enable|disable|activate|deactivate)\b(?![^.?!]{0,30}\b(icons|labels|logos|overlay|"
    r"view|mode|legend|annotations|filters?|tooltips|theme)\b)"
    # a style given per kind of line, noun first: "async edges dashed, sync solid"
    r"|\b(lines?|arrows?|edges?|borders?|connections?|links?|calls?|flows?)( [\w-]+)? (dashed|"
    r"dotted|solid|bold|thicker|thinner|red|orange|green|blue|yellow|purple|grey|gray|black)\b"
    r"|\b(dashed|dotted|solid)( lines?| arrows?| edges?)? for\b"
    r"|\bchange\b.{1,40}\b(to|into|for|from)\b|\bswitch\b.{1,40}\b(to|for|from)\b"
    r"|\bmake\b.{1,40}\b(red|blue|green|orange|yellow|purple|grey|gray|black|white|dashed|"
    r"dotted|bold|thicker|thinner|a cylinder|external|private|public|async|encrypted|"
    r"redundant|highly available|internal|read-only|readonly|multi-az|multi-region|stateless|"
    r"synchronous|asynchronous|sync)\b"
    r"|\bscale\b.{1,30}\b(to|\d+)\b|\bset\b.{1,50}\bto \d"
    # a value on a property or a tag: 'set the property "tier" to "gold" on ...', "tagged
    # owner: payments", "style the vendors with a red border", "group web + app into the dmz"
    r"|\bset\b.{1,60}\bto ['\"]"
    r"|\b(tag|tags|tagged|label|labelled|labeled)\b.{0,40}\b[\w-]+ ?: ?[\w-]"
    r"|\b(style|styled)\b.{1,50}\b(with|as|in)\b"
    # "show" that adds a flow: "show backups going to the other region"
    r"|\bshow\b.{1,40}\b(going|flowing|replicated|replicating|copied|sent|streaming|synced|"
    r"syncing|backed up|shipped|mirrored) (to|into|from|across)\b"
    r"|\bgroup(ed)?\b[^.?!]{1,40}\b(into|inside|under) (an? |the )?[\w-]+"
    r"|\b(autoscaling|replica|replicas|standby)\b"
    r"|->|→|\bnot\b.{1,30}\bdirectly\b"
    r"|\bgroup (the|these|those|all|them|it|\w+ and \w+)\b"
    r"|\b(draw|create|make|add) (an? |the )?(arrow|line|edge|connection|link|flow)\b"
    r"|\b(arrow|edge|line|connection|link) from\b.{1,40}\bto\b"
    # edits told as a need, a rule or news: "we also need a worker that ...", "the api should
    # read from the replica", "we ditched mongo, postgres does that now"
    r"|\b(slap|chuck|toss|bolt|swap out|switch out|bring in|plug in|hook in)\b"
    r"|\b(we|i) (also |now |still |really )?(need|want|require|use|ditched|dropped|"
    r"moved to|switched to|migrated to|replaced|added|got rid of|run on|are on)\b"
    r"|\b\w+ (should|must|needs to|has to|ought to) (not )?(talk to|call|go through|read from|"
    r"write to|publish to|consume from|use|sit|live|run|be behind|be in|be inside|connect|"
    r"be drawn|be shown as|be an? |be on|be managed|point to|pull from|push to|send to|"
    r"receive|get|feed|go to|go via|depend on)\b"
    r"|\b(arrows?|edges?|lines?|links?|connections?|direction) (is |are )?(backwards|reversed|"
    r"the wrong way|wrong way round|inverted|flipped)\b"
    r"|\binstead of\b|\bthese days\b|\bno longer\b|\banymore\b"
    # a change told as news: "we moved from twilio to vonage", "switching from paypal to
    # stripe", "we're sunsetting the legacy app", "relocate the records db to the gov zone"
    r"|\b(moved|switched|changed|migrated|went|moving|switching|changing|migrating|"
    r"transitioned|transitioning)( over| all| everything)? (from|off|away from)\b.{1,40}"
    r"\b(to|onto|for)\b"
    r"|\b(sunsetting|sunset|retiring|decommissioning|deprecating|phasing out|phased out)\b"
    r"|\b(we|i|they) (don't|do not|no longer|never) use\b"
    r"|\b(relocate|relocated|be relocated|be moved|implement|sidecar)\b"
    r"|\bungroup\b|\bpull (it|them|this|that|the [\w -]{1,30}) out of\b"
    # two or more things folded into one (a merge): "collapse authn and authz into a single
    # service", "squash the two caches into one box", "consolidate x, y and z into one"
    rf"|{_FOLD_INTO_ONE}"
    r"|\btake (it|that|them|this) out\b|\b(merged?|combined?) (in)?to (one|a single)\b"
    r"|\b(render|show|draw|display|highlight|mark)\b.{1,50}\b(in|as) (an? )?(red|orange|green|"
    r"blue|yellow|purple|pink|grey|gray|black|white|cylinder|circle|cloud|hexagon|diamond|"
    r"queue shape|person|dashed|dotted)\b"
    # restyling: "dashed lines for async calls", "the internet box a cloud shape"
    r"|\b(dashed|dotted|thick|thicker|thin|thinner|bold|bolder|solid|curved|straight) (lines?|"
    r"arrows?|edges?|borders?|connections?|outlines?)\b"
    r"|\b(a|an|two|three|four|\d+)( [\w-]+){1,2} shapes?\b"
    r"|\b(shape|icon|colou?r|border|outline) (of|for) (the|all|every|each)\b"
    # a label's text given: "make the line from the app to the bank say 'tls only'"
    r"|\b(line|arrow|edge|link|connection|box|label)\b[^.?!]{0,80}\b(say|says|read|reads) ?[\"']"
)
# The object of the edit is a placeholder: "add something for the users", "add the usual".
_VAGUE_OBJECT = re.compile(
    # a negated verb is a reason, not an edit: "remove the mail box, we not use more"
    rf"(?<!\bnot )(?<!n't )(?<!\bnever )\b{_EDIT_VERB}\s+"
    r"(?:(?:in|on|up|down|out|back|together)\s+)?(?:me\s+|us\s+)?"
    r"(?:(?:a|an|the|some)\s+)?(something|anything|stuff|"
    r"some stuff|things|the usual|usual|the thing|whatever|more(?! \w+ (the|a|an|our|my|this)\b)|"
    r"what (the |our |other )?\w+ (have|has|use|uses|do|does|did|want|wants)|"
    # "put what is needed for the clients": the need is the assistant's guess
    r"what(ever)? (is|'s|are|might be|may be) (needed|required|necessary|missing|appropriate)"
    r")\b(?!\s+(like|"
    r"such as|called|named)\b)(?![^,]{0,40}, (the|a|an|i mean|namely|i\.e\.) \w+)"
    # ... named in the next breath: "add something so users can chat? like a live chat."
    r"(?![^.?!]{0,60}[.?!,]\s*(like|such as|e\.g\.|for example|for instance|i mean|namely) "
    r"(an? |the |some )?\w+)"
)
# ... or a kind of thing picked by a judgement or a conversation the message does not hold:
# "strip out the superfluous bits", "add the standard infra stuff", "include the services
# that came up on the call".
_VAGUE_KIND = re.compile(
    rf"\b{_EDIT_VERB}\s+(all\s+)?(the|any|some)\s+(unnecessary|superfluous|useless|unneeded|"
    r"redundant|irrelevant|standard|std|usual|typical|normal|missing|needed|required|relevant|"
    r"obvious|extra|enterprise|corporate|fancy|important|essential|basic|advanced|premium|"
    r"nice-to-have|grown-up|serious|proper|other|remaining)\s+([\w-]+\s+)?"
    r"(parts|bits|stuff|things|pieces|components|boxes|ones)\b"
    r"(?!\s*(like|such as|called|named|:))"
    r"|\b(that|which|we|you|they|he|she)( were| was| had| have|'ve)? (mentioned|discussed|"
    r"talked about|agreed on|decided on|came up|brought up|went over)\b.{0,25}\b(meeting|call|"
    r"earlier|before|yesterday|last time|chat|standup|workshop|review)\b"
    # ... unless the message names it after all: "the one we discussed, the audit log"
    r"(?![^,]{0,40}, (the|a|an|i mean|namely|i\.e\.) \w+)"
)
# ... or a pronoun, which only the session can resolve: "add it", "remove that one".
_PRONOUN_OBJECT = re.compile(
    rf"\b{_EDIT_VERB}\s+(it|them|that|this|those|these|that one|this one|the other one)\b"
)
_QUESTION_START = re.compile(
    r"^(what|what's|whats|why|how|which|where|when|who|whom|whose|is|are|am|was|were|does|"
    r"do(?= (you|we|i|they|people|teams|companies|the|our|my|most|any|these|those|all)\b)|"
    r"did|should|shall|would|could|can|will|may|might|must|isn't|aren't|doesn't|don't|"
    r"wouldn't|shouldn't|couldn't|won't|has|have|any|anything"
    r"|(please )?(compare|contrast))\b"
)
_ADVICE = re.compile(
    r"\bshould (i|we|you|it|they|the|this|that|our|my|be|have|stay|go)\b"
    # the question in statement order: "i should to put a waf in front of the lb?"
    r"|^\W*(i|we) (should|must|ought)( to)? [^?]*\?\s*$"
    r"|\bwould it (make sense|be (better|preferable|wiser|smarter|safer|cheaper|"
    r"worth|wise|smart|a good idea|overkill|enough|ok|okay|fine|a problem|bad))\b"
    r"|\b(is|would) (it|that|this|adding|using|removing|moving|putting|having|switching|"
    r"replacing|splitting)\b.{0,40}\b(worth|overkill|needed|necessary|required|enough|"
    r"sufficient|a good idea|a bad idea|good idea|bad idea|wise|ok|okay|fine|bad|dangerous|"
    r"risky|a problem|safe|secure|compliant|correct|right|help|helpful|useful)\b"
    r"|\bdo (i|we|you) (really |actually |even )?need\b|\b(really|actually) (needed|necessary|"
    r"required)\b|\bis\b.{1,40}\b(really|actually) (needed|necessary|required|worth it)\b"
    r"|\bgood idea\b|\bbad idea\b|\boverkill\b|\bworth it\b|\bwould you (recommend|suggest|"
    r"advise|pick|choose|go with|use|change|improve|do)\b|\b(recommend|advise|suggest)\b.*\?"
    r"|\bor not\b|\bor is (it|that|this) (fine|ok|okay|enough|important|needed|necessary|"
    r"required|overkill)\b|\bor (is|are) (it|they|that|this)\b.{0,30}\b(fine|ok|enough|"
    r"important|needed|necessary|essential)\b|\bas is\b.*\?|\bbest (way|practice|practices|"
    r"option|approach|choice)\b|\bpros and cons\b|\btrade-?offs?\b|\bthoughts\b\?"
    r"|^\W*what if\b|\bwhat if (we|i|you)\b"
    r"|\bwhat do you (think|suggest|recommend)\b|\bany (advice|tips|recommendations?)\b"
    r"|\bwhat would you (change|improve|do|pick|suggest|recommend|add|remove|flag|fix|"
    r"prioriti[sz]e|tackle|look at|worry about|question|challenge)\b"
    r"|\b(is|was) (that|this|it) the right (call|choice|move)\b"
    r"|\bwould\b[^.!?]{1,40}\bhelp\b[^.!?]*\?"
    r"|(?<!that's )(?<!it's )(?<!that is )(?<!it is )(?<!this is )"
    r"\b(needed|necessary|required|overkill|enough|ok|okay|fine|worth it)( here| there|"
    r" for (the |an? |our |my )?[\w-]+)?\s*\?"
    # a consequence or an opinion asked after a change: "... what do we lose?", "... or will
    # everything break?", "... without hurting latency?", "... good idea or nah"
    r"|\bwhat('s| is) your (view|take|opinion|call)\b|\bwhat (do|would|will) (we|i|you) lose\b"
    r"|\bor (will|would|does|do) [\w ]{1,30}\b(break|suffer|fail|hurt|slow|die|fall over)\b"
    r"|\bwithout (hurting|breaking|losing|affecting|slowing)\b.*\?|\bor nah\b|\bbefore or after\b"
    r"|\bor (is|are|does|do|would|will) (it|they|that|this|we|the [\w-]+)\b[^?]{0,50}\?"
    # "which of these would you put behind the vpn?": a choice asked of the expert
    r"|\bwhich\b.{0,40}\bwould you\b"
    r"|\bor (do we |we |does it |is it )?(still )?(need|needed|required|necessary)\b"
    r"|^(is|it's|its|is it) (better|best|preferable|wiser|smarter|safer|cheaper)\b"
    r"|\b(better|best|preferable|wiser) to (have|use|keep|put|run|host|go|split|merge)\b.*\?"
    r"|\bdoes (it|that|this) make sense\b|\bis (it|that|this) (ok|okay|fine|bad|a problem|"
    r"enough|secure|safe|compliant)\b|\bwhich one would\b|\bwhat should\b"
)
_COMPARISON = re.compile(
    r"\b(vs\.?|versus)\b|\bdifference between\b|\b(compare|compared|comparison)\b"
    r"|\b(which|what)( one| option| db| database| service| tool)? (is|would be|'s|are) "
    r"(better|cheaper|faster|safer|best|more|less|easier)\b|\bwhich\b.{1,40}\bor\b.{1,40}\?"
    r"|\b(better|cheaper|faster|safer|easier) (than|for)\b.*\?"
    r"|\b\w+ or \w+\?\s*$|^[\w-]+( [\w-]+)? or [\w-]+( [\w-]+)? (for|in|on|as|with|behind)\b[^?]*\?"
)
_REASON = re.compile(
    r"\b(explain|justify|give|tell me|describe) (the |your )?(rationale|reasoning|reason|"
    r"motivation|thinking) (for|behind|of)\b"
    r"|^(?:\W*\w+[,\s]+){0,3}?why\b|\bwhy (is|are|does|do|did|would|should|the|we|you|it|"
    r"there|this|that|not|no)\b|\bhow come\b|\bwhat('s| is| was) the (reason|point|purpose|"
    r"rationale|benefit)\b|\bwhat for\b"
)
_EXPLAIN = re.compile(
    r"\b(explain|describe|walk me through|tell me (about|in|what|why|how|more)|assess|"
    r"evaluate|review|audit|analy[sz]e|outline|summari[sz]e|list (the|all|any) "
    r"(risks|threats|weaknesses|issues|problems|gaps|fixes|improvements)|what happens|"
    r"what (is|are|does|would|was) the|what's the|what are|what is|what does|how (do|does|"
    r"would|should|can|could|to|is|are|much|many)|which (components|parts|services|ones|part|"
    r"component|of)|where (are|is|do|does|should|would)|is (this|it|our|the|my) (design|"
    r"setup|architecture|system)?\s*(secure|safe|compliant|scalable|ok|okay|good|enough|"
    r"resilient|gdpr|pci|hipaa)|risks?|threats?|weak(est|nesses)?|single points? of failure|"
    r"blast radius|attack surface|rpo|rto|meaning of|definition of|spofs?|"
    r"(security )?holes|gaps|what's missing|what is missing|where's|wheres)\b"
)
_NO_CHANGE = re.compile(
    r"\b(don't|do not|dont|without) (touch|change|changing|touching|apply|applying|modify|"
    r"modifying|edit|editing|update|updating)\b|\bjust (tell|explain|list|say|answer|describe)\b"
    r"|\b(don't|do not) (do|make) (it|them|anything|any changes)\b|\bno changes\b"
    r"|\bjust (curious|asking|wondering)\b"
    r"|\bnot asking (you |u )?to (change|edit|touch|modify|update|fix)\b"
    r"|\bin theory\b|\bhypothetically\b"
)
# Asking for something to be there: "could we possibly have a second broker?", "is it possible
# to have a status page?" — a request to add it (an edit operation of its own).
_HAVE_REQUEST = (
    r"\b(can|could|may) (we|i|you) (also |please |maybe |possibly |perhaps |kindly |just )*"
    r"(get|have|give us|give me)( also)?\b"
    r"|\b(is|would) it (be )?(possible|feasible|doable) (for you |for us )?to (have|get)\b"
    # "any chance of a vpn for the admins?"
    r"|^\W*((so|hey|ok|and|also|hi),? )?any chance (of|for)( getting| having)?"
    r"(?! (an? |the |some )?([\w-]+ )?(outage|breach|leak|loss|failure|downtime|race|deadlock|"
    r"conflict|problem|issue|attack|bottleneck|collision)s?\b)"
)
# ... of a thing to draw, not of an answer ("could we get a cost estimate?" asks a question).
_HAVE_THING = re.compile(
    rf"(?:{_HAVE_REQUEST})( also)? (a|an|another|one more|some|\d+|\w+ more|two|three)\b"
    r"(?! (breakdown|summary|list|explanation|overview|estimate|idea|sense|rough|quick|"
    r"comparison|number|quote|answer|recommendation|review|look|feel|second opinion)\b)"
)
_REQUEST_EDIT = re.compile(
    rf"\b(can|could|would|will) (you|we|u|ya|someone)( please| pls| kindly| maybe| also| just|"
    rf" now| quickly)* {_EDIT_VERB}\b"
    rf"|{_HAVE_REQUEST}"
    rf"|\bis (it|there a way) possible to {_EDIT_VERB}\b"
    # "is there a way to add …?", "is it really so hard to add …??": a request, impatiently
    rf"|\bis there (a|any) way (for )?(you |we |u )?(could |can |to )?{_EDIT_VERB}\b"
    rf"|\bis it (really )?(so|that|too) (hard|difficult|much to ask) to {_EDIT_VERB}\b"
    rf"|\b(is|would)( it)? (be )?(possible|feasible|doable) (for you )?(to |, when you have a "
    rf"moment, to )?{_EDIT_VERB}\b|\b(would you )?mind (adding|removing|putting|"
    r"including|changing|renaming|connecting|moving|replacing|swapping|deleting|fixing|"
    r"drawing|showing|marking|making|turning)\b|\bdraw (that|it|this|them) in\b"
    r"|\bcan you fix (that|it|this)\b"
)
# The assistant asked to produce or carry out something, as a question: "can you lay that out
# for me?", "could you design what that would look like?", "could you provide an architecture
# for …", "can you do that?" — a request, not a question to answer, even after an answer.
_ASK_TO_DO = re.compile(
    r"\b(can|could|would|will) (you|u)( please| pls| kindly| maybe| also| just| now)* "
    r"(create|design|draw|sketch|diagram|map( it| this| that)? out|lay( it| this| that| them)? out|"
    r"provide|build|make|produce|put together|set up|draft|model|mock up|do (that|it|this)|"
    r"architect|whip up|come up with)\b"
)
# A new flow asked for: "could the warehouse also get stock updates from the shop?" — both a
# request and its operation.
_FLOW_REQUEST = re.compile(
    r"\b(can|could) (the|our|my) [\w -]{1,30}? also (get|receive|send|read|write|talk to|call|"
    r"pull|push|publish|consume|subscribe to|sync|feed)\b[\w -]{0,40}\b(from|to|into|with)\b"
)
_IMPERATIVE_EDIT = re.compile(
    rf"(?:^|[.!?;,:-]\s*|\band\s+(?:then\s+)?){_FILLER}(?:please\s+|kindly\s+|pls\s+)?"
    rf"(?:go ahead and |let's |lets |we need to |i need you to |i want you to |you can |"
    rf"then |also |now |just |please )*{_EDIT_VERB}\b"
    r"|\b(go ahead|do it|do that|put it in|apply (it|that|this|the recommendation|them)|"
    r"make it so|add (it|one|that|them|those)|ship it|let's do (it|that|this))\b"
    r"|\bplease (also )?(add|include|insert|put|remove|delete|replace|rename|connect|move)\b"
    r"|(^|[.!?;,]\s*)(please )?take (it|that|them|this) out\b"
    r"|\b(update|actuali[sz]e|adjust|fix) (it|that|this|the (diagram|design|schema|picture|"
    r"drawing|architecture))( accordingly)?\b|\b(should|must|needs to) reflect\b"
    r"|\breflect (that|this|it)\b"
)
_NEW_DIAGRAM = re.compile(
    r"\b(new|fresh|separate|another|different|second|brand new|completely new|totally new|"
    r"totally separate|whole new|clean|2nd|standalone|stand-alone|independent|distinct)"
    r"(,? (and |an? )?(separate|standalone|independent|distinct|new|fresh))? (one|1|diagram|"
    r"design|architecture|drawing|chart|picture|project|system|sketch|diag|canvas)\b"
    r"|\b(additional|extra|further|parallel)(,? (and |an? )?(separate|standalone|independent|"
    r"distinct|new))? (diagram|design|architecture|drawing|canvas|sketch|diag)\b"
    r"|\b(standalone|stand-alone|separate|independent|distinct) (model|board|page)\b"
    # a second piece of work and a depiction apart from the open one: "for a separate piece of
    # work: ...", "separately from the current work, please draft ...", "drawn separately",
    # "on its own canvas"
    r"|\b(separate|different|new|another) (piece of work|workstream|engagement|initiative)\b"
    r"|(^|[.!?;:]\s*)(separate(ly)?|independent(ly)?) (from|of) (this|that|the|our|my) "
    r"((current|existing|present|open|production|main|original) )?(one|diagram|design|"
    r"architecture|work|view|canvas|drawing|picture|model)\b"
    r"|\b(drawn|drew|draw (it|this|that|them)|depicted|modelled|modeled|shown|sketched|diagrammed)"
    r" (separately|apart|on (its|their) own|on a separate (canvas|page|sheet|board))\b"
    r"|\b(start|begin|commence)(ing)? (over|ovr|ova|again|agian|afresh|anew|fresh|clean|"
    r"from scratch|from zero|"
    r"from a blank)\b"
    r"|\b(clean|blank) (slate|sheet|canvas|page)\b"
    r"|\bre-?baseline\b|\b(nuke|scrap|bin|trash|wipe) (it|this|everything|the whole thing) "
    r"and\b"
    # a discard and what to draw instead: "throw it away and give me ...", "nuke it, start
    # clean: ...", "junk the lot; i want ..."
    r"|\b(throw|toss|chuck) (it|this|that|this one|that one|the current one|everything|the whole "
    r"thing|the lot) (away|out)\b"
    # a discard and then the subject after a colon or a full stop: "nuke it: zero-trust access
    # for contractors, ...", "wipe it. crypto exchange, cold + hot wallets"
    r"|^\W*(nuke|scrap|bin|trash|wipe|junk|toss|erase|ditch) (it|this|this one|that|everything|"
    r"the whole thing|the lot|the canvas|the board)\s*[:.;!-]+\s*\w+[\w ,+/-]*\w"
    r"|\b(clear|wipe|erase) (it|this|the canvas|the board|everything) (and|then) (redo|rebuild|"
    r"start|draw)\b"
    r"|\b(nuke|scrap|bin|trash|wipe|junk|kill|dump|toss) (it|this|that|this one|everything|"
    r"the whole thing|the lot|all of (it|this))\s*[,;:.!\u2014\u2013-]+\s*(and |then |just )*"
    r"(start|begin|give me|make me|build me|draw me|design me|i want|i need|we want|we need|"
    r"i'd like|let's|lets|instead|new|green-?field|fresh|brand new)\b"
    r"|(^|[.!?;:,]\s*)green-?field\s*[:,-]"
    r"|\bfrom scratch\b|\bfresh start\b|\bscrap (it|this|that|the (current|whole|existing))\b"
    r"|\b(discard|drop|throw away|forget|ditch|bin) (the current|this|it|that|the whole|"
    r"everything)\b(?! (instruction|rule|prompt))|\b(its|it's|their) own (diagram|design|"
    r"architecture|picture|drawing|canvas|page|board)\b"
    r"|\bas (a )?separate\b(?! ([\w-]+ )?(frontend|backend|"
    r"service|box|component|node|container|db|database|app|queue|worker|api|instance|cluster|"
    r"network|subnet|vpc|account|group|zone|module|step|stage|tier|layer|lambda|function)s?\b)"
    r"|\bdifferent project\b"
    # "other" for "another", with the open one spared: "make other diagram apart", "this one
    # keep it"
    r"|\b(make|create|draw|do|start|open|want|need) (an? )?other (diagram|design|drawing|canvas|"
    r"architecture|sketch)\b(?! (i|we|you) (made|drew|had|did|sent))"
    r"|\bother (diagram|design|drawing|canvas) (apart|separate(ly)?|aside)\b"
    r"|\bredo (it |this |everything )?(from|as)\b|\b(do|make|draw|create|design) (one|another) "
    r"(for|of)\b"
)
_DEPICT = re.compile(
    r"\b(draw|sketch|diagram|illustrate|visuali[sz]e|lay out|layout|model|design|desing|"
    r"architect|create|make|build|produce|generate|draft|put together|spin up|mock up|map out|"
    r"show|plan|picture|chart)\b"
)
_SUBJECT = re.compile(
    r"\b(app|apps|application|platform|system|site|website|web site|webshop|web shop|shop|"
    r"store|service|portal|pipeline|backend|back-end|marketplace|saas|api|tool|product|"
    r"solution|stack|network|infrastructure|infra|clone|game|engine|exchange|registry|"
    r"lake|warehouse|cluster|mesh|setup|bot|assistant|ledger|cms|crm|erp|lms|blog|forum|"
    r"clinic|hospital|bank|school|university|library|restaurant|bakery|"
    r"pattern|architecture for|diagram for|design for|diagram of|architecture of|"
    r"design of)\b"
)
# Courtesy around a request with no content: "a new diagram, if you please", "... thanks!"
_POLITE = (
    r",? (please|pls|thanks|thank you|if you (please|would|could|can|don't mind|do not mind)|"
    r"when you (can|have a moment|get a chance))"
)
# A subject that is no subject: "a diagram for my startup", "a design for school".
_PLACEHOLDER_FOR = (
    r"( for (my|our|a|the|me|us)?( new| small| little)? ?(startup|company|business|project|team|"
    r"client|idea|work|job|school|class|course|homework|assignment|uni|college|interview|"
    r"presentation|boss|side project|thing))?"
)
_BARE_CREATE = re.compile(
    r"^(?:please |kindly |can you |could you |can u |could u |i would like (you )?to |"
    r"i wish (you )?to |i should like (you )?to |we would like (you )?to |we wish to |"
    r"i'd like (you )?to |i want (you )?(to )?|i need (you )?to |let's |lets |help me )*"
    r"(create|make|draw|design|build|generate|produce|do|start|sketch|get|commence|begin|"
    r"initiate|open|prepare|put together|spin up|fire up|whip up|set up|kick off|knock up)"
    r"( me| us)?( a| an| the| my| some| one)?"
    r"( new| simple| nice| quick| basic| blank| empty| fresh)?"
    r"( architecture| system| software| cloud| network)?"
    r" (diagram|design|architecture|drawing|chart|picture|something|anything|one|canvas|board|"
    rf"whiteboard|sketch){_PLACEHOLDER_FOR}(,? for me|,? for us|{_POLITE}|,? now)*[\s.!?]*$"
    rf"|^(a |the )?(new |fresh |blank )?(diagram|design|architecture|drawing|canvas)({_POLITE})*"
    r"[\s.!?]*$"
    # "i need help with a system design for school": help with no subject
    r"|^(i |we )?(need |want |would like |'d like )?help (with|making|for|on) "
    r"(a |an |my |our |the )?"
    rf"(system |software |architecture |cloud )?(diagram|design|architecture){_PLACEHOLDER_FOR}"
    r"( please)?[\s.!?]*$"
    r"|^new (diagram|design|one)[\s.!?]*$"
)
# lookbehinds: a filter named by what it filters is a component, not a view filter
_PART_FILTER = (
    r"(?<!injection )(?<!injecton )(?<!injection-)(?<!spam )(?<!content )(?<!output )"
    r"(?<!input )(?<!jailbreak )(?<!safety )(?<!bloom )(?<!packet )(?<!email )(?<!prompt )"
    r"(?<!profanity )(?<!toxicity )(?<!pii )(?<!url )(?<!ip )(?<!waf )"
)
_VIEW = re.compile(
    # size and zoom
    r"\b(too|very|so|is|way too|really) (small|tiny|big|large|wide|narrow|busy|cluttered|"
    r"crowded|messy|dense|cramped|zoomed out|zoomed in)\b|\bzoom(ed)? (in|out|into)?\b"
    r"|\bzoom\b|\b(can't|cannot|can not|hard to|unable to) (read|see)\b|\bunreadable\b"
    r"|\bbigger\b|\blarger\b|\benlarge\b|\bblow (it|this|that) up\b|\bmagnify\b|\bcut off\b"
    r"|\bdoesn't fit\b|\bfit (it |this )?(on|to|in) (the |my )?(screen|page|slide)\b"
    r"|\bfont\b|\btext is\b|\bmake (big|small)\b"
    # focus and filters
    r"|\bfocus(ed)? on\b|\bfocus mode\b|\bcent(er|re)(ed)? on\b|\bon (the )?screen\b"
    r"|\b(\d|one|two) hops?\b|\bneighbou?rs\b"
    r"|\bhighlight|\bdrill (into|down)\b|\bzoom into\b|\bisolate the view\b"
    r"|\bnothing else\b|\beverything else (is|as|in|hidden|out|away|grey|gray|faded)\b"
    r"|\b(show|see|display|view|keep)( me)?( only| just)"
    r"\b|\bonly (show|display|the|external|internal|public|private)\b|\bjust the main\b"
    # (a filter named by what it filters is a part: "a prompt-injection filter", "spam filter")
    rf"|{_PART_FILTER}\bfilter\b(?! for)"
    r"|\bhide\b|\bunhide\b|\b(show|display|reveal)\b.{0,20}\bhidden\b|\bhidden "
    r"(components|parts|nodes|notes|annotations|labels|comments|ones|things|stuff)\b"
    r"|\bexcept\b|\b(out of|from) the view\b"
    # expand / collapse
    r"|\b(expand|collapse|unfold|fold|open up|close up)\b"
    r"|\b(close|open|shrink|minimi[sz]e) (the |this |that )?(group|cluster|container|box)\b"
    # regroup by an attribute
    r"|\b(re-?)?group(ed|ing|s)?\b.{0,40}\bby (the |their |its )?(cloud|provider|environment|"
    r"env|zone|security zone|"
    r"team|owner|owning|region|layer|tier|domain|type|kind|cost|criticality|data|trust|"
    r"network|(aws |gcp |azure |cloud )?account|vendor|technology|language|function|status|"
    r"sensitivity)"
    r"|\b(arrange|organi[sz]e|cluster|sort|colou?r(ed)?) (it |them |the \w+ |everything |"
    r"components )?by\b"
    r"|\b(see|show|view|present|display|lay out|lay (it|them|everything) out|organi[sz]e|arrange|"
    r"break down|split)\b"
    r"( me)?( it| them| this| the (diagram|design|picture|whole thing)| everything)?"
    r"( grouped| organi[sz]ed| arranged| split| broken down)?"
    r" by (?!how|what|when|which|why|much|far)\w+\b"
    r"|\b(grouped|organi[sz]ed|arranged|clustered) by\b"
    r"|^\W*(show|display|highlight|overlay|toggle|turn on)( me)?( the| all| any)? (threats|risks|"
    r"vulnerabilities|attack paths?|open threats)\b"
    # annotations, overlays, views
    r"|\b(threat|security|data ?flow|flow|network|logical|physical|deployment|trust) "
    r"(view|overlay|annotations|map|layer|perspective|mode)\b|\boverlay\b"
    r"|\b(annotations|legend|tooltips|comments on the edges|edge labels|notes)\b"
    r"|\b(show|display|with|turn on|toggle|see|overlay|draw)\b.{0,30}\btrust boundaries\b"
    r"|\bthreat annotations\b"
    # direction
    r"|\b(left[- ]to[- ]right|right[- ]to[- ]left|top[- ]to[- ]bottom|bottom[- ]to[- ]top|"
    r"top[- ]down|top[- ]bottom|bottom[- ]up|"
    r"(?<!our )(?<!current )(?<!existing )landscape|portrait|lr|tb)\b"
    r"|\b(horizontal|vertical)(ly)?\b(?! (scaling|scale|align))"
    r"|\b(rotate|flip|turn) (it|the (diagram|layout|picture|view|graph|whole thing))\b"
    # icons and labels on or off
    r"|\b(icons|logos|labels|small pictures|little pictures)\b"
    # reset
    r"|\b(full|normal|default|original|whole|complete) (view|picture|diagram)\b"
    r"|\b(back to|return to|reset)\b.{0,20}\b(view|normal|everything|default|all)\b"
    r"|\b(see|show|showing|seeing) (everything|it all|all)( again)?\b|\bunfilter\b"
    r"|\bhow the data (is )?(moving|moves|flows|flowing|goes)\b|\bwhere the data goes\b"
    # named views, modes and the layout as a whole
    r"|\b(?<!re)(?<!over)view\b|\bthe whole thing again\b|\bevery component again\b"
    r"|\b(dark|light|sketch|present|compact|presentation) (mode|theme)\b"
    r"|\borientation\b|\b(re-?layout|auto layout|default layout)\b"
    rf"|{_PART_FILTER}\bfilters\b|\bdfd\b"
    r"|\bdata ?flows?\b|\b(the|a) (request|data) path\b|\bthe path (a|the) \w+ (takes|follows)\b"
    r"|\bsimplified\b|\bsimplify (the )?(view|picture|display|rendering)\b|\bcompact\b"
    r"|^(td|rl|bt|lr|tb)\b|→|\b\w+ only[\s.!?]*$|\bonly (keep|the|storage|security|data)\b"
    r"|^(just|only) (the |me )?(?!do\b|make\b|it\b)\w+( \w+)?( please)?[\s.!?]*$"
)
# Regroup the picture by an attribute: a view even with "put ... in groups" wording.
_REGROUP = re.compile(
    r"\b((re-?)?group(ed|ing|s)?|arrange|organi[sz]e|sort|cluster|display|lay out|break down|"
    r"put [\w ]{1,20} together)"
    r"\b.{0,40}\b(by|according to|based on) (the |their |its |which |what )?"
    r"(?!hand\b|default\b|\w+ing (the|them|it|a|an|all|each|those|these|every)\b)"
    r"[a-z][\w-]*\b"
)
_VIEW_NOT_EDIT = re.compile(
    r"\b(don't|do not|dont|without) (remove|delete|change)\b.{0,30}\b(design|diagram|model)\b"
    r"|\b(out of|from) the view\b|\bjust for now\b|\bfor (the|my|this) (slide|presentation|"
    r"investor|investors|demo|meeting|deck)\b|\btemporarily\b|\bin the view\b"
)
_VAGUE_VERB = (
    r"(fix|improve|tweak|adjust|redo|clean ?up|cleanup|polish|refine|harden|optimi[sz]e|"
    r"modernize|modernise|rework|enhance|scale|beef up|tidy up|tidy|sort out|update|change|"
    # "simplify it" names no part and no way to simplify: a wish (the view's "simplified
    # version" stays a view)
    r"simplify|streamline)"
)
_VAGUE_QUALITY = re.compile(
    rf"(^|[.!?,;:]\s*|\b(please|pls|kindly|just|can you|could you|you|and|then|now|to)\s+)"
    rf"{_VAGUE_VERB}( (it|this|that|things|everything|stuff|them|the (diagram|design|"
    r"architecture|whole thing|picture)))?( a bit| a little| up)?( please| pls| again| now)?"
    r"[\s.!?]*($|,)"
    rf"|\b{_VAGUE_VERB} (it|this|that|things|everything|the (diagram|design|architecture|"
    r"whole thing))( a bit| a little| up| again| please| now)*([.!?,;]|$)"
    r"|\b(the )?necessary (adjustments|changes)\b"
    r"|\bmake (it|this|that|everything|the (diagram|design|whole thing|architecture))"
    r"( a bit| a little| much| way)? (more|less|better|nicer|prettier|cheaper|faster|"
    r"pop|professional|enterprise|enterprisey|robust|secure|scalable|resilient|modern|"
    r"cleaner|simpler|good|great|right|work|cool|fancy|safer|"
    # a quality with no way to reach it: "make it cost effective", "make it more reliable"
    r"cost[- ]?effective|cost[- ]?efficient|economical|affordable|efficient|reliable|"
    r"performant|stable|sturdy|leaner|bulletproof|future[- ]?proof)\b"
    # the same wish told as a need: "we need this to be better for the audit"
    r"|\b(need|want|would like|'d like|require) (it|this|that|everything|the (diagram|design|"
    r"whole thing|architecture)) to be (a bit |much |way )?(more|less|better|nicer|cheaper|"
    r"faster|safer|stronger|robust|secure|scalable|resilient|good|ready|compliant)\b"
    r"|\bnot (quite |really )?(what|right|it)\b|\bdoesn't (feel|look) right\b"
    r"|^(the |a )?[\w-]+( [\w-]+)?, (please )?" + _VAGUE_VERB + r"[\s.!?]*$"
)
# A wish about a vaguely named area, with no operation: "fix the storage part", "modernise the
# data layer", "make the auth side nicer", "tighten up the sec posture", "the design should be
# made more cost-effective", "make it gdpr-proof", "do something".
_AREA = (
    r"(part|parts|side|bit|bits|layer|tier|tiers|area|areas|stuff|section|piece|pieces|holes|"
    r"posture|situation|mess|aspects?|angle|story|end|landscape|setup|set-up)"
)
# A bare nudge to go on, with no topic of its own: "so, now what?", "and then?", "thoughts?",
# "und jetzt?". After an answer it names nothing to answer or change: CLARIFY asks what next.
_NUDGE = re.compile(
    r"^((ok|okay|k|so|and|well|hmm+|hm+|right|alright|all right|cool|sure|yeah|yes|fine|then|now)"
    r"[\s,.!?…-]*)*"
    r"(what now|now what|what next|what then|then what|and then( what)?|and now|and|so|well|"
    r"(any |your )?(thoughts|ideas)|what else|next|so what|what do we do now|what's next|"
    r"y ahora|y entonces|et alors|et maintenant|und jetzt|und nun|und dann|e allora|e agora|e ora)"
    r"[\s,.!?…]*$"
)
_VAGUE_AREA = re.compile(
    rf"\b({_VAGUE_VERB}|tighten|tighten up|shore up|spruce up|freshen up|level up|beef up|"
    r"sort|deal with|do|handle|look at|take care of|address)( up)? (the|our|my|this|that|"
    rf"your) ([\w-]+ ){{0,2}}{_AREA}( (a bit|a little|up|please|pls|again|now|too))*"
    r"\s*([.!?,;]|$)"
    rf"|\bmake (the|our|my|this|that) ([\w-]+ ){{0,2}}{_AREA} (a bit |a little |much |way )?"
    r"(more \w+|less \w+|better|\w+ier|\w+er|modern|"
    r"\w+-proof|\w+-ready)\s*([.!?,;]|$)"
    r"|\b(should|could|must|needs to|has to|ought to|can) be made( a bit| much)? (more|less) "
    r"[\w-]+\s*([.!?,;]|$)"
    r"|\bmake (it|this|that|everything|the (diagram|design|whole thing|architecture|system)) "
    r"([\w-]+-(proof|ready|grade|friendly)|\w+ like (a|an) \w+)\s*([.!?,;]|$)"
    r"|(^|[.!?,;]\s*)(just |please |pls )?do something\b(?! (like|about|with|for)\b)"
)
_CONCRETE_QUALITY = re.compile(
    r"\b(by|with|using|via|through|so that|adding|putting|moving)\b|\b(to|at) \d+|\d+ "
    r"(instances|replicas|nodes|pods|servers|workers|copies)\b"
)
_AFFIRM = re.compile(
    rf"^{_FILLER}(yes|yeah|yep|sure|ok|okay|fine|alright|great|perfect|sounds good|agreed|"
    r"convinced|makes sense|let's|do it|go ahead|please)\b"
)
_ADOPT = re.compile(
    r"\b(add|ad|apply|put|implement|do|include|use|make) (it|that|this|them|those|one|the "
    r"(recommendation|suggestion|change|changes|fix|fixes))\b|\bgo ahead\b|\blet's do\b"
    r"|\bput it in\b|\bmake it so\b|\bdo (as|what) you (said|suggested|recommended)\b"
    # formal: "please proceed and incorporate it into the design", "kindly action the change"
    r"|\b(incorporate|integrate|adopt|action|execute|carry out|realise|realize|enact) (it|that|"
    r"this|them|those|the (recommendation|recommendations|suggestion|suggestions|change|changes|"
    r"proposal|plan|advice|improvement|improvements))\b"
    r"|\bproceed( with (it|that|this|the (change|changes|recommendation|suggestion|proposal|"
    r"plan)))?"
    r"( as (you )?(suggested|recommended|proposed))?\s*([.!,;]|$| and\b)"
    r"|\b(let's|lets|we'll|we will|i'll) go with (it|that|this|your (recommendation|suggestion))\b"
    # the thing named by the advice: "incorporate the recommended WAF into the target state"
    r"|\b(incorporate|integrate|adopt|implement|apply|add|include|put in) (the|your) (recommended|"
    r"suggested|proposed|advised) [\w-]+"
)
# An explicit request to draw something: "please draw it", "can you show me how X works".
_DEPICT_REQUEST = re.compile(
    r"(^|[.!?,;:]\s*|\b(please|pls|kindly|can you|could you|would you|will you|u|you)\s+)"
    r"(draw|sketch|diagram|illustrate|visuali[sz]e|lay out|map out|show|model|mock up|design)"
    r"( it| this| that| them| me| us| the system| the architecture)?"
    r"( how| what)?\b"
    r"|\b(i (just |really |only |simply )?want|i'd like|i would like|we (just )?want|we'd like|"
    r"i (just )?need|we need|give me|show me|"
    r"gimme|let me see|i wanna)( to)? (see |have |get )?(a |an |the )?(\w+ ){0,3}(how|what|"
    r"architecture|diagram|design|ref arch|blueprint|sketch|picture of)\b"
    r"|\b(make|create|do|build|produce|generate|draw|prepare|put together)( me| us)? (the|a|an)"
    r"( \w+)? (diagram|architecture|design|drawing|sketch)\b(?! (bigger|smaller|larger|wider))"
)
# Placed relative to what is already drawn: "between checkout and shipping", "in front of".
_RELATIONAL = re.compile(
    r"\bbetween (the )?\w+( \w+)? and\b|\bin front of\b|\bbehind (the|our|my)\b|\bnext to\b"
    r"|\b(boundary|box|border|frame|line|group|zone|container) (around|round|between)\b"
    r"|\b(boundary|box|border|frame|zone|container)\b.{1,50}\baround (the|our|my|both|all)\b"
    r"|\b(within|inside|into|in) (an?|the|one|a single|a shared|a common) (trust )?(boundary|box|"
    r"border|frame|group|zone|container|perimeter|enclave)\b"
    r"|\b(boundary|box|group|zone|container|perimeter)\b.{0,20}\b(titled|named|called|"
    r"labell?ed|entitled)\b"
    r"|\b(to|into|onto|on|from|in) (the|my|our) (diagram|design|architecture|picture|"
    r"existing|current)\b|\b(draw|put|add) (that|it|this|them) in\b"
)
# Asking how to begin, or handing the choice back: nothing to act on yet.
# How the assistant would design a system: "how would you architect a link shortener?", "what
# would the architecture look like?" — with no diagram open, a request for a first design.
_DESIGN_ASK = re.compile(
    r"\bhow (would|should|could|do|will) (you|u) (go about )?(architect|design|build|structure|"
    r"lay out|set up|model)(ing)? (an?|the|my|our|a whole|an entire) [\w-]+"
    r"|\bwhat (would|does|should|will) (the|an?|its|my|our|the whole|the overall) "
    r"(architecture|design|setup|system|diagram|stack)\b[^?]{0,30}\blook like\b"
)
_HELP_REQUEST = re.compile(
    r"\b(where|how) (do|should|can) (i|we) (even )?(begin|start|get started)\b"
    r"|\bhow (do|does) (i|this|it) (use|work)\b|\bwhat (can|should) (i|you) (do|say|type|ask)\b"
    r"|\b(do|pick|choose) what(ever)? you think\b|\bup to you\b|\byou (decide|choose|pick)\b"
    r"|\bsurprise me\b|\bnot (really )?sure (where|what|how)\b"
)
_FOLLOW_UP = re.compile(
    r"^(and|also|plus|then|next|now|same|do the same|again|what about|how about|"
    r"and what about|\+)\b|\b(too|as well|also)[\s.!?]*$|^\+"
)
# Words that make a message more than a list of components (a list with no diagram is a
# request for one: "react frontend, node api, postgres").
_VERB_LIKE = re.compile(
    r"\b(is|are|was|were|be|been|do|does|did|should|would|could|can|will|need|needs|want|"
    r"wants|have|has|i|we|you|it|they|this|that|these|those|my|our)\b"
    # an imperative of its own: "please explain ...", "let's begin ...", "kindly arrange ..."
    r"|^(please|kindly|pls|let's|lets|let us)\b"
)
# Back to an earlier version: "undo", "go back to how it was", "restore the previous version",
# "revert to v2", "step back one". The versions API does it; the chat asks for it.
_REVERT = re.compile(
    r"^\W*(undo|revert|roll ?back|rollback|step back)\b"
    r"|\b(undo|revert|roll ?back|rollback)\b(?! (button|log|plan|strategy|procedure|script))"
    r"|\b(go|get|come|step|jump|switch|take (it|us|me)) back\b.{0,30}\b(version|v ?\d+|how it was|"
    r"what it was|before|previous|earlier|last one|one|the way it was|original)\b"
    r"|\b(restore|bring back|return to|back to)\b.{0,20}\b(previous|prior|earlier|last|old|"
    r"older|original|first|v ?\d+|version \d+)\b.{0,12}\b(version|one|diagram|design|state|v ?\d+|"
    r"\d+)\b|\b(restore|back to|return to|revert to) (v ?\d+|version \d+)\b"
    r"|\b(back|return|revert|roll ?back|go back)( please)? to (the )?(v ?\d+|version \d+)\b"
    # ... not the full view put back, which is a view reset
    r"|\bput (it|that|them|everything) back\b(?! to (the |a )?(full|whole|complete|default|normal|"
    r"overall|entire|original) (view|picture|layout|diagram)\b)|\b(ctrl|cmd) ?\+ ?z\b"
    # "cancel the last change", "scratch that last edit", "drop the previous modification"
    r"|\b(cancel|scratch|discard|drop|reverse|take back|back out|throw away|ditch|bin)\b.{0,12}"
    r"\b(last|previous|latest|recent|most recent)\s+(change|edit|step|modification|update)s?\b"
    r"|\b(the way|how) it was( before| earlier| \d+ \w+ ago)?\b(?! (drawn|designed) by)"
)
# Keep a box where the user put it: "pin the gateway", "lock the positions", "don't move X".
_PIN = re.compile(
    r"\b(un)?pin(ned|ning)?\b(?! ?(code|number|pad))|\b(lock|freeze|fix) (the |its |their |all )?"
    r"(position|positions|layout|place|places)\b|\block\b.{0,40}\b(in place|where (it|they) "
    r"(is|are))\b|\b(keep|leave) (the |my |our )?[\w -]{1,30} (where (it|they) (is|are)|in place)\b"
    r"|\b(don't|do not|dont|stop) (move|moving|shuffle|shuffling|rearrange|rearranging)\b"
    r"|\b(remains?|stays?|is kept|be kept) (fixed|put|in place|locked|where (it|they) (is|are))\b"
    # "keep the audit store fixed at its current position"
    r"|\b(keep|leave|hold)\b[\w -]{1,40}\b(fixed|locked|frozen|pinned)( (at|in) (its|their) "
    r"(current|present|existing) (position|place|location|spot)\b| in place\b| where\b|\s*[,.;!]|"
    r"\s*$)"
)
# A change to the system told as news ("we moved from X to Y", "we're retiring X"): with
# "update it" it is an edit whose object is the change, not a vague "update it".
_CHANGE_NEWS = re.compile(
    r"\b(moved|switched|changed|migrated|went|moving|switching|changing|migrating)"
    r"( over| all)? (from|off|away from)\b.{1,40}\b(to|onto|for)\b|\b\w+ ?(->|→) ?\w+"
    r"|\b(sunsetting|retiring|decommissioning|deprecating|phasing out|replaced|dropped)\b"
    r"|\b(we|i|they) (don't|do not|no longer|never) use\b"
)
# "the same for staging", "do the same for prod", "mirror that on the DR region": an edit
# repeated somewhere else, which the previous edit resolves.
_SAME_FOR = re.compile(
    r"\b(the )?same (thing |change |again )?(for|on|in|to|with)\b|\bdo the same\b"
    r"|\b(mirror|repeat|copy|replicate) (that|this|it|the (change|same))\b"
)
# Restyling told with view verbs: "highlight the vendor boxes in orange", "render X as a
# cylinder" change the design's style (DSL_UPDATE), not only how it is shown.
_RESTYLE = re.compile(
    r"\b(arrows?|edges?|lines?|links?|connections?)\b.{0,50}\b(points?|pointing|goes|going|runs|"
    r"is|are) (the )?(wrong (way|direction)|backwards|reversed)\b|"
    r"\b(render|show|draw|display|highlight|mark|paint|colou?r)\b.{1,50}\b(in|as) (an? )?(red|"
    r"orange|green|blue|yellow|purple|pink|grey|gray|black|white|cylinder|circle|cloud|"
    r"hexagon|diamond|person|dashed|dotted)\b"
    # "thicker lines for the main path", "dotted arrows for async calls"
    r"|\b(thick|thicker|thin|thinner|bold|bolder|dashed|dotted|solid|heavier|lighter|"
    r"wider|narrower) (lines?|arrows?|edges?|borders?|connections?|outlines?) (for|on|between|"
    r"from|around)\b"
)
# Two options set side by side with nothing else, question mark or not: "rds or self-hosted
# pg", "kafka vs rabbitmq for the events" — a comparison asked tersely.
_OPTION = r"[\w./+#-]+(?: [\w./+#-]+){0,2}"
_BARE_COMPARISON = re.compile(
    rf"^{_FILLER}{_OPTION} (?:or|vs\.?|versus) {_OPTION}"
    r"(?: (?:for|in|on|as|with|behind|here|there)\b[^.!?]{0,40})?[\s.!?]*$"
)
# A request for an explanation told as an imperative: "explain the data flow in words",
# "walk me through the checkout path", "describe how the login works" — an answer in words,
# whatever view vocabulary ("data flow", "request path") the message names.
_EXPLAIN_REQUEST = re.compile(
    rf"^{_FILLER}(?:can you |could you |would you |pls |please )?"
    r"(?:explain|walk (?:me|us) through|talk (?:me|us) through|take (?:me|us) through|"
    r"describe (?:the|how|what|why|where|which|in)|summari[sz]e|narrate|"
    r"tell (?:me|us) (?:about|how|what|why|where|which|in))\b"
    # an assessment asked for: "assess the residual risk of the link to the hr system"
    rf"|^{_FILLER}(?:can you |could you |would you |pls |please )?(?:assess|evaluate|appraise|"
    r"quantify|analy[sz]e|gauge|estimate) (?:the |our |this |any |its )?(?:[\w-]+ ){0,2}"
    r"(?:risks?|exposure|impact|resilience|security|posture|threats?|weakness(?:es)?|"
    r"compliance|gaps|blast radius|likelihood)\b"
    # a question told as a need to know: "for the audit i need to know in which boxes ..."
    r"|^.{0,40}?\b(?:i|we) (?:really )?(?:need|want|would like|'d like|have) to (?:know|understand|"
    r"find out|learn) (?:in |on |at |for |from )?(?:what|which|where|whether|if|how|who|why)\b"
)
# A business domain named on its own: "ecommerce", "fintech", "ride sharing" — a subject for a
# design (unlike a generic kind such as "a website", or a technology such as "kubernetes").
_DOMAIN = re.compile(
    r"\b(e-?commerce|e-?shop|fin-?tech|insur-?tech|ed-?tech|health-?tech|prop-?tech|"
    r"ad-?tech|reg-?tech|martech|agri-?tech|legal-?tech|ride[ -]?(sharing|hailing)|"
    r"car[ -]?sharing|bike[ -]?sharing|food delivery|grocery delivery|online (banking|retail|"
    r"learning|shopping|booking|ticketing|education|marketplace|store|course)|telemedicine|"
    r"telehealth|e-?learning|social (network|media)|dating|ticketing|booking|reservations?|"
    r"payroll|invoicing|logistics|fleet management|supply chain|point of sale|pos|"
    r"video streaming|music streaming|live streaming|online gaming|multiplayer|"
    r"food ordering|home automation|smart home|smart city|inventory management|"
    r"hotel|airline|travel agency|real estate|crowdfunding|peer[ -]to[ -]peer lending|"
    r"online auctions?|auction|car rental|parking|e-?voting|e-?health|iot fleet|"
    r"(url|link) shortener|pastebin|job board|help ?desk|wiki|newsletter|leaderboard)\b"
)
# A terse edit question, verbless: "cache on catalog?", "waf in front of the api?" — a
# component for a place, asked after an edit.
_TERSE_PLACE = re.compile(
    r"^(?:and |also |plus |then |now )?(?:an? |the )?[\w./-]+(?: [\w./-]+)? "
    r"(?:on|for|in front of|behind|before|after|between|next to|on top of) "
    r"(?:the |our |each |every |all )?[\w./-]+(?: [\w./-]+){0,3}\s*\?+$"
)
# A complaint or a quoted question, then a bare instruction that it resolves: "I wanted
# postgres, why is it mysql?? change it", "why are these red. fix that".
_TAIL_FIX = re.compile(
    r"^(please |pls |now |so |just |then |ok )*(change|fix|correct|switch|swap|update|replace|"
    r"redo|undo|revert) (it|that|this|them|those)( back)?( please| pls| now| asap)?[\s.!]*$"
)
# An opinion asked at the end with no question mark: "mongo -> dynamo, good idea or nah".
# A question that asks for information, not for a change of the picture: "where are the biggest
# risks in this landscape?", "are we compliant given the data flows?", "what's the difference
# between horizontal and vertical scaling?", "how do attackers hide …?", "in your view, …" —
# view words in it ("landscape", "data flows", "horizontal", "hide", "view") are its topic.
_INFO_QUESTION = re.compile(
    r"^\W*(\w+[,!]?\s+){0,2}?(where (are|is|do|does|would|could|might)|which (of|one|ones|"
    r"components?|parts?|services?)|who (can|could|has|is)|what('s| is| are| was| were| does| do"
    r"| would)|whats|are (we|they|these|those|there|the)|is (it|this|that|there|our|the|my)|does "
    r"(it|this|that|the|our)|do (we|they|the)|how (do|does|can|could|would) (attackers?|people|"
    r"ppl|hackers?|users|others|companies|teams|they|banks)|how (long|much|many|big|expensive|"
    r"hard|secure|safe|risky|likely))\b[^\n]*\?"
    r"|\b(in|from) (your|ur) (\w+ )?(view|opinion)\b|\b(your|ur) (view|opinion|take|thoughts) "
    r"(on|of|about)\b"
)
# The cost or the effort of the design asked for, an answer in words: "effort to build this?",
# "could you give me an approximate monthly cost for running this on azure?", "egress cost
# estimate for this …?", "how long would it take two developers to build this".
_ESTIMATE = re.compile(
    r"^\W*(rough |approximate |ballpark )?(effort|cost|costs|price|pricing|estimate|tco|budget)"
    r"\b[^\n]*\?"
    r"|\b(give|tell|send) (me|us) (an? |the |some )?((approximate|rough|ballpark|estimated|"
    r"monthly|yearly|annual|running|total|egress|hosting|cloud|operating) )*(cost|costs|price|"
    r"pricing|effort|estimate|budget|tco)\b"
    r"|\b(cost|effort|time|price|budget) (estimate|estimation|breakdown)\b"
    r"|\bhow (long|much time) (would|will|does|should|could) it take\b"
    r"|\bhow much (would|will|does|should|could) (it|this|that|the [\w-]+) cost\b"
)
# A consequence or importance asked after a proposed change, with no question mark: "could we
# drop the api gw or does it actually do anything", "can we drop the mesh or will that bite
# us", "can we delete the gateway, or it has important role?".
_CONSEQUENCE_TAIL = re.compile(
    r"\bor (does|do|will|would|is|are|did) (it|that|this|they|we|anything|something)\b"
    r"[^.!?\n]{0,40}[\s.!]*$"
    r"|,? or (it|that|this|they) (has|have|is|are|plays?) (an? )?(important|key|critical|essential|"
    r"crucial|real|big)\b"
)
# A request to draw a named thing: "draw that?", "could you now prepare a reference design for
# a lab system", "can you draw a file sharing service like dropbox", "an architecture for a
# delivery platform" — a create, also after an answer.
_DRAW_REQUEST = re.compile(
    r"\b(draw|sketch|diagram|prepare|draft|put together|mock up|map out|design|architect)"
    r"( me| us)? (a|an|that|this|it|the|one|some)\b"
    r"|\b(an?|the) (architecture|diagram|design|blueprint|reference design) (for|of) (an?|the|my|"
    r"our)\b"
)
_OPINION_TAIL = re.compile(
    r"[,;:-]\s*(good idea|bad idea|good call|worth it|overkill|thoughts|yay or nay)"
    r"( or (nah|not|no))?[\s.!]*$|\bor nah[\s.!]*$"
)
# A topic word or two with a question mark and nothing else: "graphql?", "event sourcing?" —
# with no diagram and no turn before, a fragment that says nothing of what is wanted.
_BARE_TOPIC_QUESTION = re.compile(r"^[\w./+#-]+( [\w./+#-]+)?\s*\?+$")
# A bare "why?" after a turn: the reason for what was just done or said.
_BARE_WHY = re.compile(
    r"^\W*(but |and |ok |so |hmm )?(why|y|how come|wherefore)( though| tho| so| exactly| that| "
    r"is that| not)?\W*$"
)
# The answer after a CLARIFY that gives the subject: "it's for our expense process", "is for
# the parking of the city", "for a dentists' clinic".
_SUBJECT_ANSWER = re.compile(
    r"^\W*(it'?s|it is|its|is|this is|that's|that is|it will be|it'll be|it would be|"
    r"the system is|we need it|we want it|mostly|basically|)\s*(for|about)\b"
)
# ... which names only who or what the diagram is for, not what it shows: "for the thesis",
# "is for my company", "for the regulator" — still no subject.
_AUDIENCE_ONLY = re.compile(
    r"^\W*(it'?s|it is|its|is|this is|that's|that is|it will be|it'll be|it would be|we need it|"
    r"we want it|mostly|basically|)\s*for\s+(my|our|the|a|an|some|this|his|her|their)?\s*"
    r"(\w+\s+)?(thesis|dissertation|company|firm|employer|regulators?|school|class|course|"
    r"boss|manager|team|client|customer|work|job|presentation|meeting|interview|exam|audit|"
    r"auditors?|board|investors?|homework|assignment|project|university|uni|report|slides|demo|"
    r"portfolio|department|stakeholders|lecturer|professor|teacher|colleagues?)\W*$"
)
_CODE_REQUEST = re.compile(
    r"^\W*(\[[^\]]*\]\s*)?(please |can you |could you |pls |kindly )?"
    r"(help me |help us |would you help me )?(write|code|generate|debug|"
    r"fix|provide|give me|draft|compose)( me| us)? (an? |the |my |our |this )?([\w-]+ ){0,2}"
    r"(terraform|ansible|helm chart|bash|shell|python|sql|regex|script|function|dockerfile|"
    r"module|class|unit tests?|query|program|yaml|cron ?job|makefile|email|e-mail|letter|"
    r"poem|essay|limerick|story|cover letter|tweet|blog post|speech|agenda|minutes|memo|"
    r"resume|cv|invitation|announcement|press release|toast|eulogy|newsletter)\b"
    # an artefact and what it should do, no verb: "bash script to rotate the logs"
    # (not after an edit verb: "add a cronjob for nightly compaction" adds a component)
    rf"|^\W*(?!(please |pls |kindly )?{_EDIT_VERB}\b)([\w-]+ ){{0,2}}(script|function|one-liner|"
    r"snippet|regex|dockerfile|makefile|"
    r"cron ?job|sql query)s? (to|that|for|which)\b"
    # text work: "translate into french: ...", "print all the conversations"
    r"|^\W*(please |can you |could you )?(translate|proofread|spell-?check)\b"
)
# A component placed relative to others, with no verb: "kafka between ingest and scoring".
# Something put into the user's diagram: "add a status page to my diagram", "I should like a
# backup service added to our design" — an edit of that diagram, even with none open.
_INTO_DIAGRAM = re.compile(
    r"\b(add|added|adding|put|include|included|insert|inserted|place|placed|drop|plug)\b.{0,60}"
    r"\b(to|in|into|on|onto) (my|our|the|this|that) (current |existing |present )?(diagram|design|"
    r"architecture|drawing|picture|chart)\b"
)
# A change of topic: "totally different topic, could you draw me …", "unrelated to this one: …".
# With a request to draw a subject, a new diagram; alone it says nothing of what is wanted.
_TOPIC_SWITCH = re.compile(
    r"\b(totally |completely |entirely |something |a )?(different|unrelated|new|other|separate) "
    r"(topic|subject|matter|thing|question|project)\b|\bunrelated to (this|that|the)\b"
    r"|\bchanging (the )?(topic|subject|gears)\b|\bon a different note\b"
)
# How to use the assistant itself: "how does this thing work?", "how do I use this?", "what
# can you do?" — with nothing drawn, a request for help (CLARIFY), not a design question.
_TOOL_HELP = re.compile(
    r"\bhow (does|do) (this|the|you|it)( \w+)? (thing|tool|app|bot|assistant|site|chat|service|"
    r"product|work|works)\b(?! (for|with|in|on) \w)"
    r"|\bhow (do|can|should) (i|we) (use|work with|talk to) (this|you|it|the (tool|app|bot|"
    r"assistant|site))\b|\bwhat (can|do|could) (you|u|this( \w+)?) do\b|\bhow (does|do) (this|it) "
    r"(all )?work\b(?! (for|with|in|on) \w)"
)
# Asks whether the drawn design is exposed, reachable or fragile: "any SPOFs on the write
# path?", "could you confirm whether X is reachable from outside …", "can someone outside the
# office reach X?" — an assessment of the design, answered in words.
_ASSESS = re.compile(
    r"\b(spofs?|single points? of failure|reachable|accessible|exposed|exposure|attack surface|"
    r"blast radius|bottlenecks?|choke ?points?|vulnerable|internet-facing|publicly visible)\b"
    r"|\b(can|could|would|does|do|is) (someone|anyone|anybody|somebody|an attacker|attackers|"
    r"outsiders?|the internet|the public|users?|people|a hacker|hackers|strangers?|the world)"
    r"\b[^?]{0,40}\b(reach|access|hit|get to|get into|see|call|connect to|talk to|touch)\b"
    r"|\b(confirm|check|verify|tell me|know) (whether|if)\b"
)
_PLACED = re.compile(r"^[\w .-]{2,40}? (between|in front of|behind|next to|after|before) \S")
_EXPLICIT_QA_START = re.compile(r"^(why|how|what|which|where|when|who|is|are|does|do|did)\b")


# A new diagram asked for with nothing to put in it: "ugh, forget it, i want a blank new one",
# "spin up a fresh diagram". Every word is one of these, with a "new" word and a diagram word.
_NEW_WORDS = frozenset(
    ["new", "fresh", "blank", "empty", "another", "separate", "second", "different", "clean"]
)
_DIAGRAM_WORDS = frozenset(
    [
        "diagram",
        "design",
        "architecture",
        "drawing",
        "chart",
        "canvas",
        "sketch",
        "one",
        "artefact",
        "artifact",
        "deliverable",
    ]
)
_BARE_NEW_WORDS = (
    _NEW_WORDS
    | _DIAGRAM_WORDS
    | frozenset(
        [
            "ugh",
            "ok",
            "okay",
            "so",
            "well",
            "hmm",
            "no",
            "forget",
            "it",
            "that",
            "this",
            "i",
            "we",
            "want",
            "need",
            "would",
            "like",
            "i'd",
            "id",
            "a",
            "an",
            "the",
            "blank",
            "new",
            "fresh",
            "clean",
            "empty",
            "another",
            "different",
            "separate",
            "second",
            "brand",
            "completely",
            "totally",
            "whole",
            "please",
            "pls",
            "can",
            "could",
            "you",
            "u",
            "me",
            "us",
            "make",
            "create",
            "draw",
            "start",
            "spin",
            "up",
            "give",
            "get",
            "open",
            "let's",
            "lets",
            "do",
            "just",
            "now",
            "instead",
            "then",
            "and",
            "over",
            "again",
            "from",
            "scratch",
            "page",
            "sheet",
            "slate",
            # an architect's formal words: "please initiate a new architecture artefact"
            "initiate",
            "establish",
            "commence",
            "begin",
            "produce",
            "prepare",
            # fillers around a request with nothing in it: "I should like a new diagram, please",
            # "so I wanna make a new diagram", "I need a new diagram, I think? what do I do"
            "should",
            "to",
            "wanna",
            "gonna",
            "already",
            "think",
            "guess",
            "what",
            "kindly",
            "maybe",
            "really",
            "here",
            "hi",
            "hello",
            "hey",
        ]
    )
)


def _bare_new(words: list[str]) -> bool:
    w = set(words)
    return bool(w) and w <= _BARE_NEW_WORDS and bool(w & _NEW_WORDS) and bool(w & _DIAGRAM_WORDS)


@dataclass(frozen=True)
class Frames:
    question: bool = False
    advice: bool = False
    comparison: bool = False
    reason: bool = False
    explain: bool = False
    no_change: bool = False
    edit_op: bool = False
    edit_verb: bool = False
    vague_object: bool = False
    pronoun_object: bool = False
    request_edit: bool = False
    imperative_edit: bool = False
    new_diagram: bool = False
    depict: bool = False
    subject: bool = False
    bare_create: bool = False
    view: bool = False
    view_not_edit: bool = False
    vague_quality: bool = False
    concrete_quality: bool = False
    vague_area: bool = False
    reference: bool = False
    pointer_only: bool = False
    deictic_only: bool = False
    depict_request: bool = False
    relational: bool = False
    component_list: bool = False
    verbless: bool = False
    short: bool = False
    help_request: bool = False
    instruction_sentence: bool = False
    affirm: bool = False
    adopt: bool = False
    follow_up: bool = False
    wh_start: bool = False
    multi_sentence: bool = False
    revert: bool = False
    pin: bool = False
    same_for: bool = False
    regroup: bool = False
    restyle: bool = False
    bare_why: bool = False
    subject_answer: bool = False
    tail_statement: bool = False
    code_request: bool = False
    change_news: bool = False
    placed: bool = False
    into_diagram: bool = False
    design_ask: bool = False
    bare_comparison: bool = False
    explain_request: bool = False
    domain_subject: bool = False
    terse_place: bool = False
    later_request: bool = False
    bare_topic_question: bool = False
    ask_to_do: bool = False
    topic_switch: bool = False
    tool_help: bool = False
    assess: bool = False
    tail_instruction: bool = False
    info_question: bool = False
    estimate: bool = False
    consequence_tail: bool = False
    placeholder_head: bool = False
    draw_request: bool = False
    nudge: bool = False

    def active(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name)]

    @property
    def asks_opinion(self) -> bool:
        """A question that asks for advice, a comparison, a reason or an explanation."""
        return self.advice or self.comparison or self.reason or (self.explain and self.question)

    @property
    def deictic(self) -> bool:
        """Points at something the conversation touched ("that one", "it", "those")."""
        return self.deictic_only or self.pronoun_object

    @property
    def instruction(self) -> bool:
        """The message tells (or politely asks) the assistant to change the diagram."""
        return (self.imperative_edit or self.request_edit) and self.edit_op


FRAME_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Frames))
# Frames read only by the policy's rules, not fed to the linear head: narrow ones that a few
# bank lines carry, whose weight would move the head's votes on unrelated messages.
# A fragment headed by a placeholder, with no verb to say what to do with it: "hmm. something
# for the operators, perhaps", "anything for the auditors?" — nothing an edit can act on,
# unless it is named in the next breath ("something like a queue").
_PLACEHOLDER_HEAD = re.compile(
    r"(^|[.!?]\s+)((hmm+|ok|okay|well|maybe|so|and|also|plus)[,.]?\s+)?(something|anything|stuff|"
    r"some stuff|whatever|the usual|the thing)\b(?![^.?!]{0,40}\b(like|such as|called|named|"
    r"e\.g\.|i mean|namely)\b)"
)
RULE_ONLY_FRAMES = frozenset(
    {
        "placeholder_head",
        "bare_comparison",
        "explain_request",
        "domain_subject",
        "terse_place",
        "later_request",
        "bare_topic_question",
        "ask_to_do",
        "topic_switch",
        "tool_help",
        "assess",
        "tail_instruction",
        "info_question",
        "estimate",
        "consequence_tail",
        "draw_request",
    }
)
HEAD_FRAMES: tuple[str, ...] = tuple(n for n in FRAME_NAMES if n not in RULE_ONLY_FRAMES)


def analyse(canon: str, linker: MentionLinker | None = None) -> Frames:
    """The frames of a canonical message (lexicon.canonical)."""
    t = canon.strip()
    refs = references(t, linker)
    sentences = [s.strip() for s in re.split(r"(?<=[.!?;])\s+", t) if s.strip()]
    # ... and clauses: a request after a comma stands on its own ("X should go through Y
    # instead, can you rewire that?")
    clauses = [
        c.strip()
        for s_ in sentences
        for c in re.split(
            r",\s+(?=(?:so |then |and |pls |please )?(?:can|could|would|will) (?:you|u)\b"
            r"|(?:please|pls|kindly)\b)",
            s_,
        )
        if c.strip()
    ]
    edit_verb = bool(re.search(rf"\b{_EDIT_VERB}\b", t))
    # "rds or self-hosted pg" asks which, with or without a question mark
    bare_comparison = not edit_verb and bool(_BARE_COMPARISON.match(t)) and refs.resolvable
    question = (
        "?" in t
        or bool(_QUESTION_START.match(t))
        or bare_comparison
        or bool(_OPINION_TAIL.search(t))
    )
    flow_request = bool(_FLOW_REQUEST.search(t))
    edit_op = bool(_CONCRETE_EDIT.search(t) or _HAVE_THING.search(t)) or flow_request
    verbless = not edit_verb and not question and not _VERB_LIKE.search(t)
    words = re.findall(r"[a-z0-9][\w'-]*", t)
    ask_to_do = bool(_ASK_TO_DO.search(t))
    named = [m for m in refs.components if m.source in ("kb", "named", "quoted")]
    vague_area = bool(_VAGUE_AREA.search(t)) and not _CHANGE_NEWS.search(t)
    vague = vague_area or (bool(_VAGUE_QUALITY.search(t)) and not _CHANGE_NEWS.search(t))
    return Frames(
        nudge=bool(_NUDGE.match(t)),
        question=question,
        advice=bool(_ADVICE.search(t)),
        comparison=bool(_COMPARISON.search(t)) or bare_comparison,
        reason=bool(_REASON.search(t)),
        explain=bool(_EXPLAIN.search(t)),
        no_change=bool(_NO_CHANGE.search(t)),
        edit_op=edit_op,
        edit_verb=edit_verb,
        # "put things together by team": the things are the whole picture, regrouped
        vague_object=bool(_VAGUE_OBJECT.search(t) or _VAGUE_KIND.search(t))
        and not _REGROUP.search(t),
        pronoun_object=bool(_PRONOUN_OBJECT.search(t)),
        request_edit=bool(_REQUEST_EDIT.search(t)) or flow_request,
        imperative_edit=bool(_IMPERATIVE_EDIT.search(t)),
        # "totally different topic, could you draw me …": a new subject to draw
        new_diagram=bool(_NEW_DIAGRAM.search(t))
        or (bool(_TOPIC_SWITCH.search(t)) and bool(_DEPICT_REQUEST.search(t) or ask_to_do)),
        depict=bool(_DEPICT.search(t)),
        subject=bool(_SUBJECT.search(t) or _DOMAIN.search(t)) or len(refs.components) >= 2,
        bare_create=bool(_BARE_CREATE.match(t)) or _bare_new(words),
        # "collapse a and b into one" merges boxes: the collapse of a group is not meant
        view=bool(_VIEW.search(t) or _REGROUP.search(t)) and not re.search(_FOLD_INTO_ONE, t),
        view_not_edit=bool(_VIEW_NOT_EDIT.search(t) or _REGROUP.search(t)),
        vague_quality=vague,
        vague_area=vague_area,
        concrete_quality=vague and bool(_CONCRETE_QUALITY.search(t)),
        reference=refs.resolvable,
        pointer_only=bool(refs.pointers) and not refs.resolvable,
        deictic_only=bool(refs.deictic) and not refs.resolvable and not refs.pointers,
        depict_request=bool(_DEPICT_REQUEST.search(t)),
        relational=bool(_RELATIONAL.search(t)),
        component_list=verbless
        and len(words) >= 4
        and len(named) >= 2
        and not _CODE_REQUEST.match(t),
        verbless=verbless,
        short=len(words) <= 4,
        help_request=bool(_HELP_REQUEST.search(t)),
        instruction_sentence=any(
            _IMPERATIVE_EDIT.search(x) and _CONCRETE_EDIT.search(x) and not x.endswith("?")
            for x in sentences
        ),
        affirm=bool(_AFFIRM.match(t)),
        adopt=bool(_ADOPT.search(t)),
        follow_up=bool(_FOLLOW_UP.search(t)),
        wh_start=bool(_EXPLICIT_QA_START.match(t)),
        multi_sentence=len(sentences) > 1,
        revert=bool(_REVERT.search(t)),
        pin=bool(_PIN.search(t)),
        same_for=bool(_SAME_FOR.search(t)),
        regroup=bool(_REGROUP.search(t)),
        restyle=bool(_RESTYLE.search(t)),
        code_request=bool(_CODE_REQUEST.match(t)),
        change_news=bool(_CHANGE_NEWS.search(t)),
        placed=verbless and bool(_PLACED.match(t)) and len(refs.components) >= 2,
        into_diagram=bool(_INTO_DIAGRAM.search(t)),
        design_ask=bool(_DESIGN_ASK.search(t)),
        bare_why=bool(_BARE_WHY.match(t)),
        subject_answer=bool(_SUBJECT_ANSWER.match(t))
        and "?" not in t
        and not _AUDIENCE_ONLY.match(t),
        bare_comparison=bare_comparison,
        bare_topic_question=bool(_BARE_TOPIC_QUESTION.match(t))
        and not _QUESTION_START.match(t)
        and not (_ADVICE.search(t) or _EXPLAIN.search(t) or _REASON.search(t))
        and not _BARE_WHY.match(t),
        # after a first sentence, an edit asked or told on its own with no advice in it: "<the
        # boss asked 'why is X public??'> — can you move X into the private subnet?"
        later_request=any(
            (
                (_REQUEST_EDIT.search(x) and _CONCRETE_EDIT.search(x))
                or (_TAIL_FIX.match(x) and k == len(sentences) - 1)
            )
            and not (_ADVICE.search(x) or _COMPARISON.search(x) or _REASON.search(x))
            for k, x in enumerate(clauses)
            if k > 0
        ),
        explain_request=bool(_EXPLAIN_REQUEST.match(t)),
        ask_to_do=ask_to_do,
        topic_switch=bool(_TOPIC_SWITCH.search(t)),
        tool_help=bool(_TOOL_HELP.search(t)),
        assess=question and bool(_ASSESS.search(t)),
        # the last sentence is a bare instruction with a concrete operation, after a question:
        # "why is the admin api public?? make it internal only"
        info_question=bool(_INFO_QUESTION.search(t)),
        estimate=bool(_ESTIMATE.search(t)),
        placeholder_head=bool(_PLACEHOLDER_HEAD.search(t)),
        consequence_tail=bool(_CONSEQUENCE_TAIL.search(t))
        and bool("?" in t or _QUESTION_START.match(t)),
        draw_request=bool(_DRAW_REQUEST.search(t)),
        tail_instruction=len(sentences) > 1
        and any("?" in x for x in sentences[:-1])
        and bool(_IMPERATIVE_EDIT.search(sentences[-1]) and _CONCRETE_EDIT.search(sentences[-1]))
        and not sentences[-1].endswith("?"),
        domain_subject=bool(_DOMAIN.search(t)),
        terse_place=bool(_TERSE_PLACE.match(t))
        and not edit_verb
        and not _VERB_LIKE.search(t.rstrip("? "))
        and not _CODE_REQUEST.match(t)
        and bool(refs.resolvable),
        # a question first, then a statement or an instruction ("why is X? pin it")
        tail_statement=len(sentences) > 1
        and not sentences[-1].endswith("?")
        and not _QUESTION_START.match(sentences[-1]),
    )
