"""The map's JS/CSS come from installed packages; the CDN is only used when asked for."""

from __future__ import annotations

import folium
import pytest

from seawatch.assets import (
    ASSETS,
    apply_assets,
    asset_mode,
    asset_paths,
    asset_urls,
    inline_text,
    install_static,
)
from seawatch.errors import InputError


def test_every_asset_is_an_installed_file() -> None:
    paths = asset_paths()
    assert {"leaflet", "leaflet_css", "markerclusterjs"} <= set(paths)
    for path in paths.values():
        assert path.is_file() and path.stat().st_size > 500


def test_install_static_copies_files_and_ignores_them(tmp_path) -> None:
    root = install_static(tmp_path / "static")
    for asset in ASSETS:
        copied = tmp_path / "static" / asset.static_name
        assert copied.read_bytes() == asset.path.read_bytes()
    assert (root / "leaflet" / "images" / "layers.png").is_file()
    assert (tmp_path / "static" / ".gitignore").read_text().strip().endswith("*")
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    install_static(tmp_path / "static")  # idempotent: identical files are not rewritten
    assert before == {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(("env", "expected"), [(None, "local"), ("cdn", "cdn"), ("LOCAL", "local")])
def test_asset_mode_from_env(monkeypatch, env, expected) -> None:
    if env is None:
        monkeypatch.delenv("SEAWATCH_MAP_ASSETS", raising=False)
    else:
        monkeypatch.setenv("SEAWATCH_MAP_ASSETS", env)
    assert asset_mode() == expected


def test_bad_asset_mode_is_named(monkeypatch) -> None:
    monkeypatch.setenv("SEAWATCH_MAP_ASSETS", "offline-ish")
    with pytest.raises(InputError, match=r"SEAWATCH_MAP_ASSETS='offline-ish' is not allowed"):
        asset_mode()


def test_apply_assets_replaces_every_cdn_link() -> None:
    m = apply_assets(folium.Map(tiles=None), "local")
    html = m.get_root().render()
    assert "cdn" not in html and "bootstrap" not in html
    assert asset_urls("local")["leaflet"] in html


def test_inline_css_embeds_images() -> None:
    css = inline_text("leaflet_css")
    assert "url(data:image/png;base64," in css and "url(images/" not in css
    with pytest.raises(InputError, match="unknown map asset 'nope'"):
        inline_text("nope")
