"""Who may do what: roles, sign-in settings and the server-side checks of upload and undo.

Three roles: ``viewer`` (the dashboard and exports), ``editor`` (also upload, and undo its
own batches), ``admin`` (undo any batch, manage users). Sign-in is configured in the
``[seawatch_auth]`` table of ``.streamlit/secrets.toml`` (see docs/deploy.md):

- no table (the default): no sign-in, everyone may upload and undo, as a single analyst's
  seawatch always did; ``anonymous = "read-only"`` makes such a server read-only;
- ``mode = "password"``: built-in users with argon2 password hashes (`hash_password`);
- ``mode = "oidc"``: Streamlit's OpenID Connect sign-in (``st.login``, the ``[auth]`` table),
  with roles given per e-mail address.

`import_as` and `undo_as` are the only ways the dashboard writes to the store: they check the
role on the server, whatever the page showed. The CLI acts as the local OS user, as before.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seawatch import store
from seawatch.errors import SeawatchError

ROLES = ("viewer", "editor", "admin")
MODES = ("none", "password", "oidc")


class PermissionDenied(SeawatchError):
    """The signed-in user's role does not allow what was asked; nothing changed."""


@dataclass(frozen=True)
class User:
    """Who uses the dashboard: a name, a role, and how the name was established."""

    name: str
    role: str
    #: ``"password"``, ``"oidc"``, or ``"none"`` when nobody signed in.
    method: str = "none"

    @property
    def authenticated(self) -> bool:
        """Whether the name was verified (not a visitor of a server without sign-in)."""
        return self.method != "none"


@dataclass(frozen=True)
class AuthSettings:
    """The ``[seawatch_auth]`` table of the secrets, checked."""

    mode: str = "none"
    #: Without sign-in: visitors may upload (False) or only look (True).
    read_only: bool = False
    #: Built-in users: name -> (argon2 hash, role).
    users: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: OIDC: e-mail address -> role; others get `default_role`.
    roles: Mapping[str, str] = field(default_factory=dict)
    default_role: str = "viewer"


def _role(value: object, where: str) -> str:
    if value not in ROLES:
        raise SeawatchError(f"[seawatch_auth] {where}: role {value!r} is not one of {ROLES}")
    return str(value)


def load_settings(table: Mapping[str, Any] | None) -> AuthSettings:
    """Check the ``[seawatch_auth]`` secrets table (None or empty: no sign-in).

    Examples
    --------
    >>> load_settings(None).mode
    'none'
    >>> load_settings({"mode": "oidc", "roles": {"ana@example.org": "admin"}}).roles
    {'ana@example.org': 'admin'}
    """
    table = table or {}
    mode = table.get("mode", "none")
    if mode not in MODES:
        raise SeawatchError(f"[seawatch_auth] mode {mode!r} is not one of {MODES}")
    anonymous = table.get("anonymous", "upload")
    if anonymous not in ("upload", "read-only"):
        raise SeawatchError(
            f"[seawatch_auth] anonymous {anonymous!r} is not one of ('upload', 'read-only')"
        )
    users = {}
    for name, entry in dict(table.get("users", {})).items():
        hashed = entry.get("password_hash", "")
        if not str(hashed).startswith("$argon2"):
            raise SeawatchError(
                f"[seawatch_auth.users.{name}] password_hash must be an argon2 hash "
                "(seawatch.auth.hash_password), never the password itself"
            )
        users[str(name)] = (str(hashed), _role(entry.get("role", "viewer"), f"users.{name}"))
    roles = {str(k): _role(v, f"roles.{k}") for k, v in dict(table.get("roles", {})).items()}
    default = _role(table.get("default_role", "viewer"), "default_role")
    return AuthSettings(mode, anonymous == "read-only", users, roles, default)


def role_table(settings: AuthSettings) -> dict[str, str]:
    """Who has which role under `settings`: built-in users and OIDC addresses by name, plus
    ``*`` for the role of everyone else (the OIDC default, or the visitor without sign-in).

    Examples
    --------
    >>> role_table(load_settings({"mode": "oidc", "roles": {"ana@example.org": "admin"}}))
    {'*': 'viewer', 'ana@example.org': 'admin'}
    >>> role_table(load_settings(None))
    {'*': 'admin'}
    """
    table = {name: role for name, (_, role) in settings.users.items()} | dict(settings.roles)
    everyone = settings.default_role if settings.mode == "oidc" else anonymous(settings).role
    return {"*": everyone} | dict(sorted(table.items()))


def load_role_table(text: str) -> dict[str, str]:
    """A role table back from its JSON text (as `role_table` gave it)."""
    return {str(k): str(v) for k, v in json.loads(text).items()}


def role_changes(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """The differences between two role tables, one sentence each, sorted by name.

    Examples
    --------
    >>> role_changes({"ana": "editor", "ben": "viewer"}, {"ana": "admin", "cy": "editor"})
    ['ana: editor -> admin', 'ben: viewer -> (removed)', 'cy: (new) -> editor']
    """
    names = sorted(set(before) | set(after))
    return [
        f"{n}: {before.get(n, '(new)')} -> {after.get(n, '(removed)')}"
        for n in names
        if before.get(n) != after.get(n)
    ]


def record_role_changes(settings: AuthSettings, path: str | Path | None = None) -> list[str]:
    """Compare `settings`' role table with the one the store saw last; record each change in
    the audit trail (actor ``secrets.toml``: the file is the only place roles are set) and
    remember the new table. Returns the changes (none on a server's second start)."""
    return record_role_table(role_table(settings), path)


def record_role_table(roles: dict[str, str], path: str | Path | None = None) -> list[str]:
    """`record_role_changes` for a role table already made (see `role_table`)."""
    return store.record_roles(roles, role_changes, path)


def anonymous(settings: AuthSettings) -> User:
    """The visitor of a server without sign-in: everything, or only looking when read-only."""
    return User("anonymous", "viewer" if settings.read_only or settings.mode != "none" else "admin")


def hash_password(password: str) -> str:
    """An argon2id hash of `password`, to put in the secrets instead of the password."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def sign_in(settings: AuthSettings, name: str, password: str) -> User | None:
    """The built-in user `name` when `password` matches its hash, else None (never says which
    of the two was wrong)."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    entry = settings.users.get(name)
    if entry is None:
        return None
    try:
        PasswordHasher().verify(entry[0], password)
    except (VerificationError, InvalidHashError):
        return None
    return User(name, entry[1], "password")


def oidc_user(settings: AuthSettings, email: str) -> User:
    """The user an identity provider signed in, with the role its e-mail address has."""
    return User(email, settings.roles.get(email, settings.default_role), "oidc")


def can_import(user: User) -> bool:
    """Whether `user` may add a batch to the store."""
    return user.role in ("editor", "admin")


def can_undo(user: User, batch: store.Batch) -> bool:
    """Whether `user` may undo `batch`: an admin any upload, an editor its own."""
    if batch.kind != "upload":
        return False
    return user.role == "admin" or (user.role == "editor" and batch.user == user.name)


def import_as(
    actor: User, incidents: Any, file_name: str, file_hash: str, **kwargs: Any
) -> store.ImportResult:
    """`seawatch.store.import_incidents` for `actor`, refused unless `can_import`.

    A signed-in actor's batch carries the verified name; a visitor's the name it typed
    (``user=...``).
    """
    if not can_import(actor):
        raise PermissionDenied(f"{actor.name!r} ({actor.role}) may not upload; nothing was stored")
    if actor.authenticated:
        kwargs["user"] = actor.name
    return store.import_incidents(incidents, file_name, file_hash, **kwargs)


def undo_as(user: User, batch_id: int, path: str | Path | None = None) -> int:
    """`seawatch.store.undo` for `user`, refused unless `can_undo` that batch."""
    batch = next((b for b in store.list_batches(path) if b.batch_id == batch_id), None)
    if batch is not None and not can_undo(user, batch):
        raise PermissionDenied(
            f"{user.name!r} ({user.role}) may not undo batch {batch_id} of {batch.user!r}; "
            "nothing changed"
        )
    return store.undo(batch_id, path, user=user.name)
