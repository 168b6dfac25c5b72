"""The sidebar's sign-in: who uses the dashboard, from the ``[seawatch_auth]`` secrets.

The decisions (roles, password checks, what a role may do) are `seawatch.auth`'s; this module
only asks and shows. Without sign-in configured it says that anyone with the address can
upload (or that the server is read-only).
"""

from __future__ import annotations

import json
import logging

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from seawatch import auth, store
from seawatch.errors import SeawatchError

_log = logging.getLogger(__name__)

_USER_KEY = "seawatch_user"


def settings() -> auth.AuthSettings:
    """The sign-in settings (no secrets file: no sign-in). With sign-in configured, a role
    table that differs from the one the store saw last is recorded in the audit trail."""
    try:
        table = st.secrets.get("seawatch_auth")
    except FileNotFoundError:  # StreamlitSecretNotFoundError: no secrets.toml at all
        return auth.AuthSettings()
    config = auth.load_settings(dict(table) if table else None)
    if config.mode != "none":
        _record_roles(json.dumps(auth.role_table(config), sort_keys=True), store.store_location())
    return config


@st.cache_resource(show_spinner=False, max_entries=8)
def _record_roles(roles: str, location: object) -> None:
    """Once per server process, role table and store: record the role changes."""
    try:
        auth.record_role_table(auth.load_role_table(roles))
    except SeawatchError as exc:  # a read-only store: the roles still apply, unrecorded
        _log.warning("role changes not recorded: %s", exc)


def current_user(config: auth.AuthSettings | None = None) -> auth.User:
    """The user of this session (a visitor when nobody signed in)."""
    config = config or settings()
    if config.mode == "password":
        name = str(st.session_state.get(_USER_KEY, ""))  # the role is looked up on every
        if name in config.users:  # run: a changed role applies at once, a removed user is out
            return auth.User(name, config.users[name][1], "password")
    elif config.mode == "oidc" and st.user.is_logged_in:
        user = auth.oidc_user(config, str(st.user.get("email") or st.user.get("sub") or ""))
        if st.session_state.get(_USER_KEY) != user.name:  # recorded once per session
            store.record_event("sign-in", user.name, f"{user.role}, oidc")
            st.session_state[_USER_KEY] = user.name
        return user
    return auth.anonymous(config)


def render(box: DeltaGenerator) -> auth.User:
    """The sign-in box in `box`; returns the session's user."""
    config = settings()
    user = current_user(config)
    with box:
        if config.mode == "none":
            st.caption(
                "No sign-in: this server is read-only."
                if config.read_only
                else "No sign-in: anyone who can open this address can upload and undo batches."
            )
        elif user.authenticated:
            st.caption(f"Signed in as {user.name} ({user.role})")
            if st.button("Sign out", key="signin_out"):
                _sign_out(config)
        elif config.mode == "oidc":
            if st.button("Sign in", key="signin_oidc"):
                st.login()
        else:
            _password_form(config)
    return user


def _password_form(config: auth.AuthSettings) -> None:
    with st.form("signin_form"):
        name = st.text_input("User name", key="signin_name")
        password = st.text_input("Password", type="password", key="signin_password")
        if not st.form_submit_button("Sign in"):
            return
    user = auth.sign_in(config, name, password)
    if user is None:
        st.error("Unknown user name or wrong password.")
        return
    store.record_event("sign-in", user.name, f"{user.role}, password")
    st.session_state[_USER_KEY] = user.name
    st.rerun()


def _sign_out(config: auth.AuthSettings) -> None:
    store.record_event("sign-out", str(st.session_state.get(_USER_KEY, "")))
    if config.mode == "oidc":
        st.logout()
    st.session_state.pop(_USER_KEY, None)
    st.rerun()
