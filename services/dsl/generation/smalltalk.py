"""Short, helpful replies for CLARIFY and OUT_OF_SCOPE: say what can be asked."""

from __future__ import annotations

from services.dsl.generation.request import GenerationRequest
from shared.contracts import GenerationKind, GenerationResult

EXAMPLES = (
    '"create a secure web app with postgres and login"',
    '"add a redis cache between the api and the database"',
    '"what are the STRIDE threats on the login flow?"',
    '"show only the data stores"',
)


def clarify_reply(request: GenerationRequest) -> GenerationResult:
    if request.session.has_diagram:
        text = (
            "I'm not sure what you'd like to do with the current diagram. You can ask me to "
            "change it (for example "
            + EXAMPLES[1]
            + "), ask a question about it ("
            + EXAMPLES[2]
            + ") or change the view ("
            + EXAMPLES[3]
            + ")."
        )
    else:
        text = (
            "Could you tell me a bit more about the system you want to design? For example "
            + EXAMPLES[0]
            + " — name the main parts, technologies or concerns (security, "
            "scale, compliance) and I'll draw it."
        )
    return GenerationResult(kind=GenerationKind.ANSWER, message=text, generator="architect")


def out_of_scope_reply(request: GenerationRequest) -> GenerationResult:
    text = (
        "I can help with software and system architecture: designing diagrams, changing them, "
        "and answering architecture and security questions. Try "
        + EXAMPLES[0]
        + " or "
        + EXAMPLES[2]
        + "."
    )
    return GenerationResult(kind=GenerationKind.ANSWER, message=text, generator="architect")
