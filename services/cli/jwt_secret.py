"""The JWT signing secret of `archdesign up` (decided in docs/operations.md).

- `JWT_SECRET` given (environment or `.env`): used as it is, on any address.
- Not given: a random secret is made once in the data folder (`<data_dir>/jwt_secret`, mode
  0600), read again on every later start (tokens survive a restart), and handed to the
  gateway and workers through their environment. No secret in the source ever signs a token.
- Not given and the gateway listens beyond loopback: refused. A secret that lives only in a
  local data folder is for one person's machine; a reachable server names its secret.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from shared.settings import auth_settings, clear_caches

FILE_NAME = "jwt_secret"
SECRET_BYTES = 48  # 64 URL-safe characters
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def is_loopback(host: str) -> bool:
    return host.strip().lower().strip("[]") in LOOPBACK_HOSTS


def load_or_create(data_dir: Path) -> str:
    """The data folder's secret: made on first use (mode 0600, never group/world readable),
    then the same one on every later call."""
    path = data_dir / FILE_NAME
    if path.exists():
        secret = path.read_text().strip()
        if secret:
            os.chmod(path, 0o600)  # a copy restored with looser bits is tightened again
            return secret
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secret + "\n")
    os.chmod(path, 0o600)  # O_CREAT's mode is masked by the umask; the file existed maybe
    return secret


def provide(data_dir: Path, host: str) -> str | None:
    """Make sure `up` and its children sign with a real secret: sets `JWT_SECRET` in this
    process's environment (which the children inherit) when none was given. Returns why `up`
    must refuse to start, or None."""
    if auth_settings().jwt_secret is not None:
        return None
    if not is_loopback(host):
        return (
            f"JWT_SECRET is not set and --host {host} listens beyond this machine; set "
            "JWT_SECRET to 32+ random characters (e.g. `python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))'`) or listen on 127.0.0.1"
        )
    os.environ["JWT_SECRET"] = load_or_create(data_dir)
    clear_caches()
    return None
