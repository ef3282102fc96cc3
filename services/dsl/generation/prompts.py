"""Prompts of the LLM path: the STYLE PACK (D2 with our classes) and one prompt per purpose.

Every prompt that asks for D2 carries the style pack: D2 only, snake_case ids <= 30, labels <= 60,
node types as the D2 classes of shared/stylepack.py (declared in a `classes` block), zones as
containers, and the RAG pattern. The last <= 5 conversation messages travel as chat context.
"""

from __future__ import annotations

from shared.stylepack import ID_MAX_LEN, LABEL_MAX_LEN, NODE_CLASSES, classes_block


def style_pack() -> str:
    kinds = "\n".join(f"- {c.name}: {c.description}" for c in NODE_CLASSES.values())
    return f"""STYLE PACK (follow exactly)
- Output D2 only (the Terrastruct diagram language) — no prose, no Mermaid, no PlantUML.
- First line `direction: ...` only when a direction is asked for (without one the layout
  chooses it by the diagram's shape), then this classes block, keeping only the classes you
  use:
{classes_block()}
- Every shape: snake_case ASCII id of at most {ID_MAX_LEN} characters, a `label:` of at most
  {LABEL_MAX_LEN} characters, and `class:` naming its node type, one of:
{kinds}
- Trust zones as containers with `class: zone`: internet (users, third parties), dmz (CDN, WAF,
  load balancer, API gateway), private (services, identity, secrets, monitoring), data (databases,
  caches, queues, storage). Connect across containers with full paths (`dmz.waf -> private.api`).
- Connections only between declared shapes, each with a short label saying what flows.
- RAG pattern: users -> app -> orchestrator; orchestrator -> embedding model, vector database,
  LLM; documents -> ingestion pipeline -> embedding model -> vector database; put guardrails in
  front of the LLM when safety is a concern.
- No imports, no links or icons outside https://icons.terrastruct.com. Be proportionate: a simple
  system gets few shapes."""


def create_prompt() -> str:
    return (
        "You are a senior software architect who draws architecture diagrams in D2.\n"
        "Design the system the user asks for: name the technologies they name, add what a "
        "competent architect adds for their concerns (auth for login, WAF/LB for public apps, "
        "secrets, monitoring when asked) and nothing gratuitous.\n\n" + style_pack()
    )


def update_prompt(current_d2: str) -> str:
    return (
        "You are a senior software architect editing an existing D2 architecture diagram.\n"
        "Apply exactly the change the user asks for and keep everything else as it is (ids, "
        "labels, comments, order). Reply with the complete updated D2.\n\n"
        + style_pack()
        + "\n\nCURRENT DIAGRAM:\n```d2\n"
        + current_d2
        + "\n```"
    )


def repair_message(d2: str, errors: list[str]) -> str:
    listed = "\n".join(f"- line {e}" for e in errors)
    return (
        "That D2 does not pass validation. Fix these problems (line:column: message) and reply "
        f"with the complete corrected D2 only:\n{listed}\n\nYOUR D2:\n```d2\n{d2}\n```"
    )


def explanation_prompt() -> str:
    return (
        "Explain in one short paragraph (at most 3 sentences) what the diagram shows or what "
        "changed, for the user who asked for it. Plain text, no markdown."
    )


def expert_prompt(current_d2: str | None, guidance: list[str], threats: str = "") -> str:
    context = f"\n\nTHE USER'S CURRENT DIAGRAM (D2):\n{current_d2}" if current_d2 else ""
    if threats:
        context += (
            "\n\nTHE DIAGRAM'S THREAT MODEL (computed; ground security answers in it and "
            f"name the elements it cites):\n{threats}"
        )
    notes = "\n".join(f"- {g}" for g in guidance)
    return (
        "You are a senior security and software architect. Answer the question precisely and "
        "practically (OWASP-grade), grounded in the user's diagram when there is one: name its "
        "components. At most 8 short bullet points or 2 paragraphs.\n\nRELEVANT GUIDANCE:\n"
        + notes
        + context
    )


def classification_prompt() -> str:
    return (
        "Classify the user's message for an architecture-diagram assistant. Intents: "
        "DSL_CREATE (draw a new system), DSL_UPDATE (change the current diagram), VIEW_TOGGLE "
        "(change how the current diagram is shown), EXPERT_QA (architecture/security question), "
        "CLARIFY (too vague to act on), OUT_OF_SCOPE (unrelated). Reply as JSON: "
        '{"intent": "...", "confidence": 0.0-1.0}.'
    )
