"""Words that put a component on a path, said in ways the detectors do not read as they are.

"front the API with an auth proxy" is "add an auth proxy in front of the API"; "stop the api
going straight to the db" is "disconnect the api from the db"; "shove"/"wedge" a component
"between" two is adding it there. Rewrites of the abstracted clause (``@k`` for mentions),
applied with :data:`ops.SLANG`; no imports, so :mod:`ops` may use them.
"""

from __future__ import annotations

#: verbs that put a new component on a path, said the other way round ("front the API with
#: an auth proxy" = an auth proxy in front of the API), for :data:`ops.SLANG`
_GOING = (
    r"(?:going|talking|calling|hitting|reaching|writing|reading|sending|querying|connecting)"
    r"\s+(?:straight\s+|directly\s+)?(?:to\s+|into\s+|at\s+|from\s+)?"
)
REROUTE_SLANG: list[tuple[str, str]] = [
    # "stop the api going straight to the db", "the api should stop hitting the db directly":
    # the direct link goes (what replaces it, if anything, is said next)
    (
        r"\bstop\s+(?P<a>(?:the\s+)?@\d+)\s+(?:from\s+)?" + _GOING + r"(?P<b>(?:the\s+)?@\d+)",
        r"disconnect \g<a> from \g<b>",
    ),
    (
        r"(?P<a>\b(?:the\s+)?@\d+)\s+(?:should|must|needs?\s+to|has\s+to|to|will|can)\s+stop\s+"
        + _GOING
        + r"(?P<b>(?:the\s+)?@\d+)",
        r"disconnect \g<a> from \g<b>",
    ),
    # "shove a topic between A and B", "wedge a queue in", "squeeze a proxy in front of X"
    (
        r"\b(?:shove|shoved|shoving|wedge|wedged|wedging|squeeze|squeezed|squeezing|plonk|"
        r"plop|park)(?:\s+in)?\b(?=\s+(?:an?|one|some|another)\b)",
        "add",
    ),
    (
        r"\b(?:front|fronted|fronting)\s+(?P<x>(?:the\s+)?@\d+)\s+(?:with|by|using)\s+"
        r"(?P<y>(?:an?|one|some|the)\s+[^,;@]+?)(?=\s*(?:[,;.]|$|\s+so\b|\s+and\s|\s+to\s))",
        r"add \g<y> in front of \g<x>",
    ),
    (
        # "guard the API with a WAF", "shield X with Y": a new shape every caller meets first
        r"\b(?:guard|shield|protect|gate)\s+(?P<x>(?:the\s+)?@\d+)\s+(?:with|by|using|behind)\s+"
        r"(?P<y>(?:an?|one|some)\s+[^,;@]+?)(?=\s*(?:[,;.]|$|\s+so\b|\s+and\s|\s+to\s))",
        r"add \g<y> in front of \g<x>",
    ),
]
