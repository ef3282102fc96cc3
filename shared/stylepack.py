"""archdesign's D2 style pack: node types as D2 classes, shared by generator, validator, layout.

A diagram declares the classes it uses in a top-level ``classes: {...}`` block and each shape
names its type with ``class: database``. The generator emits these, the validator checks them,
and layout/SVG read the class back as the React Flow ``nodeType``.
"""

from __future__ import annotations

from dataclasses import dataclass

ID_MAX_LEN = 30
LABEL_MAX_LEN = 60
ID_PATTERN = r"^[a-z][a-z0-9_]*$"

ICON_BASE = "https://icons.terrastruct.com"


@dataclass(frozen=True)
class NodeClass:
    name: str
    shape: str
    fill: str
    stroke: str
    icon: str | None  # path under ICON_BASE
    description: str
    font_color: str = "#1f2937"


NODE_CLASSES: dict[str, NodeClass] = {
    c.name: c
    for c in (
        NodeClass(
            "client",
            "rectangle",
            "#e0f2fe",
            "#0369a1",
            "essentials%2F005-programmer.svg",
            "users, browsers, mobile apps, devices",
        ),
        NodeClass(
            "external",
            "rectangle",
            "#f3f4f6",
            "#6b7280",
            "essentials%2F140-globe.svg",
            "third-party systems outside our control",
        ),
        NodeClass(
            "network",
            "rectangle",
            "#ede9fe",
            "#6d28d9",
            "infra%2F019-network.svg",
            "CDN, DNS, load balancers, API gateways, proxies",
        ),
        NodeClass(
            "security",
            "hexagon",
            "#fee2e2",
            "#b91c1c",
            "essentials%2F092-shield.svg",
            "WAF, identity provider, auth, secrets, firewalls",
        ),
        NodeClass(
            "process",
            "rectangle",
            "#dcfce7",
            "#15803d",
            "essentials%2F112-server.svg",
            "services, APIs, workers, functions",
        ),
        NodeClass(
            "database",
            "cylinder",
            "#fef3c7",
            "#b45309",
            "essentials%2F117-database.svg",
            "relational and document databases",
        ),
        NodeClass(
            "cache",
            "cylinder",
            "#ffedd5",
            "#c2410c",
            "essentials%2F195-lightning.svg",
            "in-memory caches and session stores",
        ),
        NodeClass(
            "storage",
            "stored_data",
            "#fef9c3",
            "#a16207",
            "essentials%2F095-folder.svg",
            "object/blob/file storage, data lakes",
        ),
        NodeClass(
            "queue",
            "queue",
            "#fce7f3",
            "#be185d",
            "essentials%2F213-alarm.svg",
            "message queues, streams, event buses",
        ),
        NodeClass(
            "ai",
            "rectangle",
            "#f5f3ff",
            "#7c3aed",
            "essentials%2F202-idea.svg",
            "LLMs, embedding models, vector stores, ML services",
        ),
        NodeClass(
            "monitoring",
            "rectangle",
            "#ecfeff",
            "#0e7490",
            "essentials%2F232-analytics.svg",
            "logging, metrics, tracing, alerting, SIEM",
        ),
        NodeClass(
            "zone",
            "rectangle",
            "#f8fafc",
            "#94a3b8",
            None,
            "a trust zone or group (internet, dmz, private, data)",
        ),
    )
}


def known_class(name: str) -> bool:
    return name in NODE_CLASSES


def icon_url(node_class: str) -> str | None:
    cls = NODE_CLASSES.get(node_class)
    return f"{ICON_BASE}/{cls.icon}" if cls and cls.icon else None


def classes_block(names: list[str] | None = None) -> str:
    """The D2 ``classes`` block declaring `names` (all classes when None), in a stable order."""
    chosen = [NODE_CLASSES[n] for n in (names or list(NODE_CLASSES)) if n in NODE_CLASSES]
    lines = ["classes: {"]
    for cls in chosen:
        lines.append(f"  {cls.name}: {{")
        lines.append(f"    shape: {cls.shape}")
        lines.append(f'    style.fill: "{cls.fill}"')
        lines.append(f'    style.stroke: "{cls.stroke}"')
        if cls.name == "zone":
            lines.append("    style.stroke-dash: 3")
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines)


#: Classes the threat analysis reads (services/threats) besides the node types: a user's own
#: word on what a shape or connection is. ``threat_<kind>`` overrides a shape's data-flow kind;
#: the others mark what the diagram's words do not say. The validator lets them through
#: without a declaration (the official compiler accepts undeclared classes).
THREAT_CLASS_PREFIX = "threat_"
THREAT_KIND_CLASSES = frozenset(
    f"{THREAT_CLASS_PREFIX}{kind}"
    for kind in ("external_entity", "process", "data_store", "trust_boundary")
)
THREAT_CLASSES = THREAT_KIND_CLASSES | frozenset(
    f"{THREAT_CLASS_PREFIX}{flag}"
    for flag in ("encrypted", "pii", "phi", "card", "credentials", "admin", "audit_log")
)
