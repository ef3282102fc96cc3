"""Sign-in stated with the identity provider: the app people sign in to uses that provider.

"lawyers login with Microsoft 365", "Authentication via the company's Azure AD", "logging in
with Google would be ideal", "we want login with the LDAP of company": the wiring draws the
people to the identity provider, but the application they sign in to is what trusts it (the
redirect, the token check). When the request states its sign-in this way, each application
the people reach (at most :data:`MAX_APPS`) is linked to the identity provider.
"""

from __future__ import annotations

import re

from services.dsl.generation.design import Design

_SIGN_IN = re.compile(
    r"\b(?:log(?:ging|s)?[\s-]?in|logins?|sign(?:ing|s|ed)?[\s-]?(?:in|on)|sso|"
    r"authenticat\w*|authentication)\s+(?:\w+\s+){0,2}?(?:with|via|through|using|against|of)\b",
    re.I,
)
#: categories of the parts people sign in to
_APPS = frozenset({"web", "api", "service", "api_gateway", "function", "realtime"})
#: the most applications one statement of sign-in links (more: a misread of the design)
MAX_APPS = 3


def link_sign_in(design: Design, query: str) -> int:
    """Link the apps people reach to the identity providers they sign in with."""
    if not _SIGN_IN.search(query):
        return 0
    idps = [n.id for n in design.nodes.values() if n.category == "idp"]
    people = {n.id for n in design.nodes.values() if n.category == "client"}
    drawn = 0
    for idp in idps:
        users = {e.src for e in design.edges if e.dst == idp and e.src in people}
        apps = [
            e.dst
            for e in design.edges
            if e.src in users
            and e.dst != idp
            and (design.nodes[e.dst].category in _APPS or design.nodes[e.dst].cls == "security")
        ]
        apps = list(dict.fromkeys(apps))
        if not apps or len(apps) > MAX_APPS:
            continue
        for app in apps:
            if not any({e.src, e.dst} == {app, idp} for e in design.edges):
                design.connect(app, idp)
                drawn += 1
    return drawn
