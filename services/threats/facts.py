"""What the rules ask of a data-flow model, answered once per analysis: who is exposed, who
authenticates, who logs, which entries are public, who serves administrators, and the
evidence for each answer (a flow or a path, written as the report prints it)."""

from __future__ import annotations

from functools import cached_property

from services.threats.graph import Reach
from services.threats.signals import signals
from shared.threats.model import Element, Flow

#: roles that only carry traffic on: they neither authenticate nor hold data
PASS_THROUGH = frozenset({"pass_through"})
#: roles that filter or throttle what reaches the elements behind them
THROTTLES = frozenset({"waf", "gateway", "rate_limit"})
FLOOD_GUARDS = frozenset({"waf", "gateway", "rate_limit", "cdn"})
SENSITIVE_TAGS = ("phi", "card", "pii", "credentials")
DATA_WORDS = {
    "phi": "health data (PHI)",
    "card": "payment card data",
    "pii": "personal data (PII)",
    "credentials": "credentials",
}


def describe_flow(flow: Flow) -> str:
    arrow = "<->" if flow.bidirectional else "->"
    label = f" ({flow.label})" if flow.label else ""
    return f"{flow.src} {arrow} {flow.dst}{label}"


def data_words(tags: frozenset[str]) -> str:
    named = [DATA_WORDS[t] for t in SENSITIVE_TAGS if t in tags]
    return " and ".join(named)


class Facts:
    def __init__(self, elements: list[Element], flows: list[Flow]) -> None:
        self.elements = elements
        self.flows = flows
        self.by_id = {e.id: e for e in elements}
        self.reach = Reach(elements, flows)
        self._auth: dict[tuple[str, bool], str] = {}

    def ids_with(self, roles: frozenset[str]) -> frozenset[str]:
        return self.reach.with_roles(roles)

    def exposed(self, element_id: str) -> bool:
        return self.reach.is_exposed(element_id)

    def path_text(self, path: list[str]) -> str:
        return " -> ".join(path)

    @cached_property
    def entries(self) -> dict[str, list[str]]:
        """Public entry points (not stores: a store reached that way is its own rule)."""
        return {
            k: v
            for k, v in self.reach.entries(self.ids_with(PASS_THROUGH)).items()
            if self.by_id[k].kind == "process"
        }

    @cached_property
    def exposed_stores(self) -> dict[str, list[str]]:
        return {
            k: v
            for k, v in self.reach.entries(self.ids_with(PASS_THROUGH)).items()
            if self.by_id[k].kind == "data_store"
        }

    @cached_property
    def public_entries(self) -> dict[str, list[str]]:
        """Entries that people other than administrators and outside systems reach."""
        sources = [x for x in self.reach.externals if "admin" not in self.by_id[x].roles]
        found = self.reach.entries(self.ids_with(PASS_THROUGH), sources)
        return {k: v for k, v in found.items() if self.by_id[k].kind == "process"}

    @cached_property
    def admin_facing(self) -> list[str]:
        """Processes administrators act through: named so, or the first ones they reach."""
        admins = [x for x in self.reach.externals if "admin" in self.by_id[x].roles]
        # a VPN or bastion only lets administrators in; what they use is behind it
        through = self.ids_with(PASS_THROUGH | {"vpn"})
        found = set(self.reach.entries(through, admins)) if admins else set()
        found |= {e.id for e in self.elements if e.kind == "process" and "admin" in e.roles}
        return sorted(x for x in found if self.by_id[x].kind == "process")

    def auth(self, element_id: str, *, people: bool = False) -> str:
        """Evidence that the element authenticates its callers, or "". With `people`, only
        what authenticates people counts (an identity provider, a VPN, OIDC...), not mTLS."""
        key = (element_id, people)
        found = self._auth.get(key)
        if found is None:
            found = self._auth[key] = self._find_auth(element_id, people)
        return found

    def _find_auth(self, element_id: str, people: bool) -> str:
        e = self.by_id[element_id]
        if "idp" in e.roles:
            return f"{e.id} is an identity provider"
        if "vpn" in e.roles:
            return f"{e.id} is a VPN gateway (only authenticated clients connect)"
        for f, other in self.reach.neighbours(element_id):
            if "idp" in other.roles:
                return f"wired to {other.label}: {describe_flow(f)}"
        sig = signals()
        lists = ("auth_mechanism",) if people else ("auth_mechanism", "service_auth")
        for f, _other in self.reach.neighbours(element_id):
            if f.dst == element_id or f.bidirectional:
                for name in lists:
                    phrase = sig.find(name, f.label)
                    if phrase:
                        return f"{phrase!r} on {describe_flow(f)}"
        return ""

    @cached_property
    def authenticators(self) -> frozenset[str]:
        """Elements that authenticate requests for what is behind them (an identity provider,
        or a gateway wired to one)."""
        return frozenset(
            e.id
            for e in self.elements
            if e.kind == "process" and (e.roles & {"idp", "gateway"}) and self.auth(e.id)
        )

    def downstream_auth(self, element_id: str) -> str:
        """Evidence that the element or something behind it authenticates people, or ""."""
        for other in self.reach.downstream(element_id):
            if self.by_id[other].kind == "process":
                found = self.auth(other, people=True)
                if found:
                    return found if other == element_id else f"behind it, {found}"
        return ""

    def logs(self, element_id: str) -> str:
        """Evidence that the element sends to a log, audit store or SIEM, or ""."""
        for f, other in self.reach.neighbours(element_id):
            if "log" in other.roles and other.id != element_id:
                return f"logs to {other.label}: {describe_flow(f)}"
        return ""

    def logs_near(self, element_id: str) -> str:
        """A log that the element, or a process it calls directly, sends to."""
        found = self.logs(element_id)
        if found:
            return found
        for f, other in self.reach.neighbours(element_id):
            if f.src == element_id and other.kind == "process":
                found = self.logs(other.id)
                if found:
                    return f"through {other.label}, {found}"
        return ""

    def wired(self, element_id: str, roles: frozenset[str]) -> str:
        """A flow between the element and one with any of `roles`, described, or ""."""
        for f, other in self.reach.neighbours(element_id):
            if other.roles & roles:
                return f"{describe_flow(f)}"
        return ""

    def behind(self, element_id: str, guards: frozenset[str]) -> str:
        """Evidence that every path from the outside passes an element with `guards` roles."""
        ids = self.ids_with(guards)
        e = self.by_id[element_id]
        if e.roles & guards:
            return f"{e.id} is itself a {'/'.join(sorted(e.roles & guards))}"
        if not self.exposed(element_id) or self.reach.unguarded(element_id, ids) is not None:
            return ""
        before = self.reach.guards_before(element_id, ids)
        return "every path from the outside passes " + ", ".join(before)

    def open_path(self, element_id: str, guards: frozenset[str]) -> str:
        path = self.reach.unguarded(element_id, self.ids_with(guards))
        return self.path_text(path) if path else ""

    def sensitive_behind(self, element_id: str) -> frozenset[str]:
        """Sensitive data in the stores the element reaches through processes."""
        out: set[str] = set()
        for other in self.reach.downstream(element_id):
            if self.by_id[other].kind == "data_store":
                out |= self.by_id[other].data
        return frozenset(out & set(SENSITIVE_TAGS))

    def sensitive(self, element: Element) -> frozenset[str]:
        return frozenset(element.data & set(SENSITIVE_TAGS))
