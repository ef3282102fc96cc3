"""Settings from the environment and `.env`, one class per concern (pydantic-settings).

Every tunable — URLs, secrets, model names, thresholds, limits — lives here, never as a
literal in service code. `.env.example` documents each variable.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_JWT_SECRET_CHARS = 32

_COMMON = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")


class AppSettings(BaseSettings):
    model_config = SettingsConfigDict(**_COMMON)

    environment: Literal["development", "test", "production"] = Field(
        default="development", alias="ARCHDESIGN_ENV"
    )
    log_level: str = Field(default="INFO", alias="LOG_LEVEL")
    log_json: bool = Field(default=True, alias="LOG_JSON")
    data_dir: str = Field(default=".data", alias="ARCHDESIGN_DATA_DIR")
    public_base_url: str = Field(default="", alias="PUBLIC_BASE_URL")
    #: the built web app the gateway serves at / ("" = web/dist of this checkout)
    web_dist_dir: str = Field(default="", alias="WEB_DIST_DIR")


class AuthSettings(BaseSettings):
    """No secret is built in: without `JWT_SECRET` nothing can sign a token. `archdesign up`
    makes one in its data folder (services/cli/jwt_secret.py); elsewhere it must be given."""

    model_config = SettingsConfigDict(**_COMMON)

    environment: str = Field(default="development", alias="ARCHDESIGN_ENV")
    jwt_secret: SecretStr | None = Field(default=None, alias="JWT_SECRET")
    jwt_ttl_seconds: int = Field(default=3600, alias="JWT_TTL_SECONDS")
    # Throttles of login and register (services/gateway/throttle.py), `limits` notation:
    # failed logins of one account, attempts on one email's registration, and attempts of
    # one client address over both.
    login_failures_per_account: str = Field(
        default="10/15 minutes", alias="AUTH_LOGIN_FAILURES_PER_ACCOUNT"
    )
    register_attempts_per_account: str = Field(
        default="5/15 minutes", alias="AUTH_REGISTER_ATTEMPTS_PER_ACCOUNT"
    )
    attempts_per_address: str = Field(default="30/minute", alias="AUTH_ATTEMPTS_PER_ADDRESS")
    # Password policy after NIST SP 800-63B (services/gateway/passwords.py): no password
    # zxcvbn scores below this (0 = guessed within ~10^3 tries ... 4 = beyond ~10^10).
    password_min_score: int = Field(default=2, ge=0, le=4, alias="PASSWORD_MIN_SCORE")

    @model_validator(mode="after")
    def _refuse_weak_or_missing_secret(self) -> AuthSettings:
        if self.jwt_secret is None:
            if self.environment != "development":
                raise ValueError(
                    f"JWT_SECRET must be set to a random string of at least "
                    f"{MIN_JWT_SECRET_CHARS} characters outside development "
                    f"(ARCHDESIGN_ENV={self.environment})"
                )
            return self
        if len(self.jwt_secret.get_secret_value()) < MIN_JWT_SECRET_CHARS:
            raise ValueError(
                f"JWT_SECRET must be a random string of at least {MIN_JWT_SECRET_CHARS} characters"
            )
        return self

    def signing_key(self) -> str:
        """The secret that signs and verifies tokens; never a value from the source."""
        if self.jwt_secret is None:
            raise RuntimeError(
                "JWT_SECRET is not set: `archdesign up` makes one in its data folder; "
                "a gateway started otherwise needs it in its environment"
            )
        return self.jwt_secret.get_secret_value()


class RedisSettings(BaseSettings):
    model_config = SettingsConfigDict(**_COMMON)

    url: str | None = Field(default=None, alias="REDIS_URL")
    session_ttl_seconds: int = Field(default=24 * 3600, alias="SESSION_TTL_SECONDS")
    job_state_ttl_seconds: int = Field(default=7 * 24 * 3600, alias="JOB_STATE_TTL_SECONDS")
    rate_limit_per_minute: int = Field(default=60, alias="RATE_LIMIT_PER_MINUTE")


class DatabaseSettings(BaseSettings):
    model_config = SettingsConfigDict(**_COMMON)

    url: str | None = Field(default=None, alias="DATABASE_URL")
    pool_size: int = Field(default=5, alias="DATABASE_POOL_SIZE")


class QueueSettings(BaseSettings):
    model_config = SettingsConfigDict(**_COMMON)

    broker_url: str | None = Field(default=None, alias="BROKER_URL")
    # Redis broker: a task held by a dead worker comes back after this. Shorter than the job
    # deadline (a redelivery must come while the job can still finish); it may be shorter
    # than a slow stage, since a second delivery of a stage still running is dropped (the
    # running attempt holds the stage while it beats; shared/jobrun.py).
    visibility_timeout_seconds: int = Field(default=120, alias="BROKER_VISIBILITY_TIMEOUT")
    restore_interval_seconds: int = Field(default=10, alias="BROKER_RESTORE_INTERVAL")
    job_deadline_seconds: int = Field(default=180, alias="JOB_DEADLINE_SECONDS")
    sweep_interval_seconds: float = Field(default=15.0, alias="JOB_SWEEP_INTERVAL_SECONDS")
    stage_max_retries: int = Field(default=3, alias="STAGE_MAX_RETRIES")
    # A running stage beats this often; one silent for STAGE_STALL_SECONDS is taken as dead
    # (its worker was killed) and the sweeper sends the job again from its last completed
    # stage, at most JOB_MAX_REDRIVES times.
    stage_heartbeat_seconds: float = Field(default=5.0, gt=0, alias="STAGE_HEARTBEAT_SECONDS")
    stage_stall_seconds: float = Field(default=30.0, gt=0, alias="STAGE_STALL_SECONDS")
    job_max_redrives: int = Field(default=3, ge=0, alias="JOB_MAX_REDRIVES")
    # A job whose next message the broker accepted waits in that queue (a backlog), not lost:
    # it is re-driven only when its queue is empty, or after waiting this long.
    stage_queued_seconds: float = Field(default=120.0, gt=0, alias="STAGE_QUEUED_SECONDS")
    # An edit generated on a version that is no longer the latest is generated again on the
    # latest, at most this many times; then it fails with VERSION_CONFLICT.
    edit_max_rebases: int = Field(default=5, ge=0, alias="EDIT_MAX_REBASES")
    wait_timeout_seconds: float = Field(default=30.0, alias="GENERATE_WAIT_TIMEOUT_SECONDS")
    worker_metrics_port: int | None = Field(default=None, alias="WORKER_METRICS_PORT")
    # Fault injection for chaos drills and the worker-loss tests: sleep this long inside the
    # named stages (comma-separated), so a worker can be killed mid-stage. Off unless both
    # are set; ignored with ARCHDESIGN_ENV=production.
    fault_delay_stage: str | None = Field(default=None, alias="FAULT_DELAY_STAGE")
    fault_delay_seconds: float = Field(default=0.0, alias="FAULT_DELAY_SECONDS")

    @model_validator(mode="after")
    def _recovery_before_deadline(self) -> QueueSettings:
        """A lost task must come back (re-drive or redelivery) while its job can finish."""
        deadline = self.job_deadline_seconds
        problems = []
        if self.stage_heartbeat_seconds * 2 > self.stage_stall_seconds:
            problems.append("STAGE_STALL_SECONDS must be at least 2 x STAGE_HEARTBEAT_SECONDS")
        if self.stage_queued_seconds < self.stage_stall_seconds:
            problems.append("STAGE_QUEUED_SECONDS must be at least STAGE_STALL_SECONDS")
        if self.stage_stall_seconds + self.sweep_interval_seconds >= deadline:
            problems.append(
                "STAGE_STALL_SECONDS + JOB_SWEEP_INTERVAL_SECONDS must be below "
                "JOB_DEADLINE_SECONDS"
            )
        if self.visibility_timeout_seconds + self.restore_interval_seconds >= deadline:
            problems.append(
                "BROKER_VISIBILITY_TIMEOUT + BROKER_RESTORE_INTERVAL must be below "
                "JOB_DEADLINE_SECONDS"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self


class LiveSettings(BaseSettings):
    """The gateway's WebSockets, its Redis pools and `/ready` (docs/operations.md)."""

    model_config = SettingsConfigDict(**_COMMON)

    #: open sockets (job + notification) one user may hold on one gateway process (0 = any)
    ws_max_per_user: int = Field(default=50, ge=0, alias="WS_MAX_PER_USER")
    #: unsent messages a socket may have queued before it is closed as a slow consumer
    ws_send_queue: int = Field(default=256, ge=1, alias="WS_SEND_QUEUE")
    #: sockets authenticating at once (each takes a worker thread and a database connection)
    ws_handshake_concurrency: int = Field(default=8, ge=1, alias="WS_HANDSHAKE_CONCURRENCY")
    #: the async Redis pool of requests (`/ready`, `?wait=true`): never used by sockets
    request_pool_max: int = Field(default=50, ge=1, alias="GATEWAY_REDIS_POOL_MAX")
    #: the async Redis pool sockets read job states from
    live_pool_max: int = Field(default=20, ge=1, alias="GATEWAY_LIVE_POOL_MAX")
    #: seconds a command waits for a free connection of its pool before failing
    pool_timeout_seconds: float = Field(default=5.0, gt=0, alias="GATEWAY_REDIS_POOL_TIMEOUT")
    #: `/ready`'s Celery ping of the workers: how long it waits for replies, and how long
    #: its answer is reused
    worker_ping_timeout_seconds: float = Field(default=1.0, gt=0, alias="READY_WORKER_PING_TIMEOUT")
    worker_ping_cache_seconds: float = Field(default=5.0, ge=0, alias="READY_WORKER_CACHE_SECONDS")
    #: `/metrics`' queue depth: how long one read of the broker is reused (bounds its cost)
    queue_depth_cache_seconds: float = Field(
        default=1.5, ge=0, alias="METRICS_QUEUE_DEPTH_CACHE_SECONDS"
    )


class ModelPrice(BaseModel):
    """USD per million tokens of one model."""

    input: float = Field(ge=0)
    output: float = Field(ge=0)


#: list prices (USD per 1M tokens) of the default models; LLM_PRICES adds or overrides models
DEFAULT_LLM_PRICES: dict[str, ModelPrice] = {
    "claude-haiku-4-5": ModelPrice(input=1.0, output=5.0),
    "claude-sonnet-4-5": ModelPrice(input=3.0, output=15.0),
    "gpt-4.1-mini": ModelPrice(input=0.4, output=1.6),
    "gpt-4.1": ModelPrice(input=2.0, output=8.0),
}


class LLMSettings(BaseSettings):
    model_config = SettingsConfigDict(**_COMMON)

    anthropic_api_key: SecretStr | None = Field(default=None, alias="ANTHROPIC_API_KEY")
    anthropic_base_url: str | None = Field(default=None, alias="ANTHROPIC_BASE_URL")
    openai_api_key: SecretStr | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    anthropic_fast_model: str = Field(default="claude-haiku-4-5", alias="ANTHROPIC_FAST_MODEL")
    anthropic_strong_model: str = Field(default="claude-sonnet-4-5", alias="ANTHROPIC_STRONG_MODEL")
    openai_fast_model: str = Field(default="gpt-4.1-mini", alias="OPENAI_FAST_MODEL")
    openai_strong_model: str = Field(default="gpt-4.1", alias="OPENAI_STRONG_MODEL")
    strong_model_prompt_chars: int = Field(default=6000, alias="LLM_STRONG_MODEL_PROMPT_CHARS")
    temperature: float = Field(default=0.2, alias="LLM_TEMPERATURE")
    max_tokens: int = Field(default=4096, alias="LLM_MAX_TOKENS")
    timeout_seconds: float = Field(default=60.0, alias="LLM_TIMEOUT_SECONDS")
    max_retries: int = Field(default=2, alias="LLM_MAX_RETRIES")
    max_repairs: int = Field(default=2, alias="LLM_MAX_REPAIRS")
    breaker_failure_threshold: int = Field(default=3, alias="LLM_BREAKER_FAILURES")
    breaker_reset_seconds: float = Field(default=30.0, alias="LLM_BREAKER_RESET_SECONDS")
    retry_backoff_seconds: float = Field(default=0.5, alias="LLM_RETRY_BACKOFF_SECONDS")
    json_max_tokens: int = Field(default=1024, alias="LLM_JSON_MAX_TOKENS")
    #: per model, USD per 1M input and output tokens (`archdesign_llm_cost_usd_total`); JSON
    #: `{"model": {"input": 3, "output": 15}}`, merged over DEFAULT_LLM_PRICES
    prices: dict[str, ModelPrice] = Field(default_factory=dict, alias="LLM_PRICES")

    @model_validator(mode="after")
    def _merge_default_prices(self) -> LLMSettings:
        self.prices = {**DEFAULT_LLM_PRICES, **self.prices}
        return self

    @property
    def any_provider(self) -> bool:
        return bool(self.anthropic_api_key or self.openai_api_key)


class D2Settings(BaseSettings):
    model_config = SettingsConfigDict(**_COMMON)

    max_input_bytes: int = Field(default=256 * 1024, alias="D2_MAX_INPUT_BYTES")
    max_shapes: int = Field(default=2000, alias="D2_MAX_SHAPES")
    max_depth: int = Field(default=12, alias="D2_MAX_DEPTH")
    allowed_url_schemes: list[str] = Field(default=["https"], alias="D2_ALLOWED_URL_SCHEMES")
    allowed_url_hosts: list[str] = Field(
        default=["icons.terrastruct.com", "api.iconify.design"], alias="D2_ALLOWED_URL_HOSTS"
    )


class D2CorpusSettings(BaseSettings):
    """Where the D2 conformance corpus is: read by tests/conformance and bench/d2 only."""

    model_config = SettingsConfigDict(**_COMMON)

    # a relative path is taken from the repository root; the default is the corpus that sits
    # beside the repository (docs/d2.md says what to do when it does not)
    corpus_dir: str = Field(default="../shared/d2-corpus", alias="D2_CORPUS_DIR")


class EmbeddingSettings(BaseSettings):
    """The shared MiniLM sentence encoder (shared/embeddings.py)."""

    model_config = SettingsConfigDict(**_COMMON)

    # "numpy": the model's safetensors run by a small NumPy forward pass (no torch in the
    # process, ~150 MB RSS); "sentence-transformers": the reference torch path (~600 MB RSS).
    backend: Literal["numpy", "sentence-transformers"] = Field(
        default="numpy", alias="EMBEDDINGS_BACKEND"
    )
    num_threads: int = Field(default=1, alias="EMBEDDINGS_NUM_THREADS")
    max_seq_length: int = Field(default=256, alias="EMBEDDINGS_MAX_SEQ_LENGTH")
    batch_size: int = Field(default=64, alias="EMBEDDINGS_BATCH_SIZE")


class IntentSettings(BaseSettings):
    """Thresholds of the intent cascade (patterns -> embeddings -> LLM -> CLARIFY)."""

    model_config = SettingsConfigDict(**_COMMON)

    knn_k: int = Field(default=15, alias="INTENT_KNN_K")
    # Blend of the kNN vote with the linear head over the same embeddings (services/intent/
    # vector.py). The thresholds below are calibrated by cross-validation over the example
    # bank (bench/intent/calibrate.py), never on the evaluation set.
    knn_weight: float = Field(default=0.4, alias="INTENT_KNN_WEIGHT")
    # Sharpness of the kNN vote: weights exp(similarity / temperature).
    knn_temperature: float = Field(default=0.05, alias="INTENT_KNN_TEMPERATURE")
    # Confident (final, no LLM asked): nearest example at least this similar and the winner
    # this far ahead of the runner-up.
    min_score: float = Field(default=0.45, alias="INTENT_MIN_SCORE")
    min_margin: float = Field(default=0.3, alias="INTENT_MIN_MARGIN")
    # A decision whose speech-act frames support it (services/intent/policy.py) is confident
    # from this margin on, below min_margin.
    support_margin: float = Field(default=0.1, alias="INTENT_SUPPORT_MARGIN")
    # Without an LLM answer, the embedding guess still stands above this margin; else CLARIFY.
    # An unsure decision between DSL_UPDATE and another intent is CLARIFY at any margin.
    fallback_margin: float = Field(default=0.0, alias="INTENT_FALLBACK_MARGIN")
    head_l2: float = Field(default=1e-4, alias="INTENT_HEAD_L2")
    head_epochs: int = Field(default=400, alias="INTENT_HEAD_EPOCHS")
    faiss_threads: int = Field(default=1, alias="INTENT_FAISS_THREADS")
    use_llm: bool = Field(default=True, alias="INTENT_USE_LLM")
    max_query_chars: int = Field(default=2000, alias="INTENT_MAX_QUERY_CHARS")


class LayoutSettings(BaseSettings):
    model_config = SettingsConfigDict(**_COMMON)

    # "elk" (elkjs in a warm Node process; falls back to "native" when Node is missing),
    # or "native" (the pure-Python layered engine).
    engine: Literal["elk", "native"] = Field(default="elk", alias="LAYOUT_ENGINE")
    node_binary: str = Field(default="node", alias="LAYOUT_NODE_BINARY")
    # Where `elkjs` is installed; empty = resolve from the project root's node_modules.
    node_modules: str = Field(default="", alias="LAYOUT_NODE_MODULES")
    timeout_seconds: float = Field(default=60.0, alias="LAYOUT_TIMEOUT_SECONDS")
    # Heap cap of the Node process, so worker + engine stay under the 512 MB per-process bar.
    node_max_old_space_mb: int = Field(default=384, alias="LAYOUT_NODE_MAX_OLD_SPACE_MB")
    # Layouts the ELK engine runs on sample graphs while idle after it starts, so V8 has
    # optimised ELK before the real traffic pays for it (0 = none; docs/layout.md).
    engine_warmup_layouts: int = Field(default=400, ge=0, alias="LAYOUT_ENGINE_WARMUP")
    # Draw icons as <image> from D2Settings.allowed_url_hosts; off = a local glyph, no fetches.
    svg_external_icons: bool = Field(default=False, alias="LAYOUT_SVG_EXTERNAL_ICONS")


@lru_cache
def app_settings() -> AppSettings:
    return AppSettings()


@lru_cache
def auth_settings() -> AuthSettings:
    return AuthSettings()


@lru_cache
def redis_settings() -> RedisSettings:
    return RedisSettings()


@lru_cache
def database_settings() -> DatabaseSettings:
    return DatabaseSettings()


@lru_cache
def queue_settings() -> QueueSettings:
    return QueueSettings()


@lru_cache
def live_settings() -> LiveSettings:
    return LiveSettings()


@lru_cache
def llm_settings() -> LLMSettings:
    return LLMSettings()


@lru_cache
def d2_settings() -> D2Settings:
    return D2Settings()


@lru_cache
def layout_settings() -> LayoutSettings:
    return LayoutSettings()


@lru_cache
def embedding_settings() -> EmbeddingSettings:
    return EmbeddingSettings()


@lru_cache
def intent_settings() -> IntentSettings:
    return IntentSettings()


def clear_caches() -> None:
    """Forget cached settings (tests change the environment between cases)."""
    for fn in (
        app_settings,
        auth_settings,
        redis_settings,
        database_settings,
        queue_settings,
        live_settings,
        llm_settings,
        d2_settings,
        embedding_settings,
        intent_settings,
        layout_settings,
    ):
        fn.cache_clear()
