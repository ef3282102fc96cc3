"""The generation request: what the `dsl.generate` stage hands to :func:`generate`."""

from __future__ import annotations

from pydantic import BaseModel, Field

from shared.contracts import Intent, SessionSnapshot


class GenerationRequest(BaseModel):
    intent: Intent
    query: str
    session: SessionSnapshot = Field(default_factory=lambda: SessionSnapshot(session_id="local"))

    @property
    def context_messages(self) -> list[dict[str, str]]:
        """The last <= 5 messages of the conversation, as chat messages for an LLM."""
        return [{"role": m.role, "content": m.content} for m in self.session.messages[-5:]]
