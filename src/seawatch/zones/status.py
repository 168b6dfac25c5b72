"""The legal status of a water area, from the zones that cover it (one rule for every view).

`classify` takes the zones covering one place and returns who claims it, who is only entitled
to it, and its status. The zone build uses it to colour the status layer, the join uses it for
every incident, so the map, the filters, the dossiers and the exports never disagree.

Statuses (in the order they are decided)
----------------------------------------
``none``
    No state claims the place (high seas, or land of no modelled state).
``joint``
    A joint or provisional arrangement covers it (joint development area, commercial
    arrangement area, historic waters, overlapping-claims area), no boundary agreement
    allocates it, and every claim there belongs to the arrangement's parties.
``disputed``
    Claims of two or more *claim families* overlap and no agreement settles them, including a
    feature whose sovereignty is disputed (its territorial sea).
``agreed``
    One claim family, and a boundary agreement in force allocates the place.
``undelimited``
    One claim family, no agreement, but another state's 200-nm entitlement reaches it.
``single``
    One claim family, and no other state is entitled to it.

Claim families
--------------
A claim family is a set of states asserting one and the same claim. A zone lists its claimants
grouped by family in its ``families`` cell: ``CHN+TWN;VNM`` is two families (``+`` joins the
states of one family, ``;`` separates families). Two states are one family at a place when some
zone covering it groups them and no zone covering it separates them. So the dashed line
(``CHN+TWN``) alone is one family, ``single``; Pratas (``CHN;TWN``: held by Taiwan, claimed by
China) separates them and is ``disputed``. A zone without a ``families`` cell (e.g. an imported
layer) makes each claimant its own family.

Kinds
-----
``entitlement`` gives ``entitled`` only (a 200-nm reach is context, not a claim);
``eez_provisional`` (each state's EEZ/shelf claim, bounded by its agreements and elsewhere by the
provisional median line), ``claim`` and ``feature_ts`` give claimants; ``joint`` gives its
parties as claimants where no agreement allocates the place; ``agreement`` (the area an
agreement in force allocates to one party) settles; ``status`` zones are derived from all of
these and never read here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from seawatch import schema

#: Separator of the states of one claim family inside a ``families`` cell.
FAMILY_JOIN: Final = "+"
#: Zone kinds whose states claim the area.
CLAIM_KINDS: Final = frozenset({"eez_provisional", "claim", "feature_ts"})
ENTITLEMENT_KIND: Final = "entitlement"
EEZ_KIND: Final = "eez_provisional"
AGREEMENT_KIND: Final = "agreement"
JOINT_KIND: Final = "joint"
#: Kinds derived from the others: never an input of `classify` (nor of the join's grid).
DERIVED_KINDS: Final = frozenset({"status"})
#: ``eez_basis`` where no agreement applies and entitlements overlap.
MEDIAN_BASIS: Final = "provisional median line"
#: ``eez_basis`` where only one state is entitled.
ALONE_BASIS: Final = "200-nm entitlement, no overlap"

Family = frozenset[str]

#: Short label of each status (legends, tooltips, captions).
STATUS_LABELS: Final = {
    "disputed": "Disputed",
    "joint": "Joint arrangement",
    "agreed": "Agreed (allocated by an agreement)",
    "undelimited": "Undelimited",
    "single": "One claimant",
    "none": "Unclaimed",
}
#: What each status means, in one sentence (help texts, captions, the status layer's basis).
STATUS_RULES: Final = {
    "disputed": "claims of two or more claim families overlap and no agreement settles them, "
    "or a feature's sovereignty is disputed (its territorial sea)",
    "joint": "a joint development, commercial or historic-waters arrangement covers it and "
    "every claim there belongs to its parties",
    "agreed": "one claim family, and a boundary agreement in force allocates it",
    "undelimited": "one claim family, no agreement, but another state's 200-nm entitlement "
    "reaches it",
    "single": "one claim family, and no other state is entitled to it",
    "none": "no state claims it",
}


@dataclass(frozen=True)
class Cover:
    """One zone covering the place: what `classify` needs of it."""

    zone_id: str
    kind: str
    name: str
    claimants: tuple[str, ...]
    families: tuple[Family, ...]


@dataclass(frozen=True)
class Status:
    """Everything the status model says about one place."""

    claimants: tuple[str, ...]
    families: tuple[Family, ...]
    entitled: tuple[str, ...]
    status: str
    eez: tuple[str, ...]
    eez_basis: str
    agreements: tuple[str, ...]

    @property
    def disputed(self) -> bool:
        return self.status == "disputed"

    @property
    def families_text(self) -> str:
        return format_families(self.families)


def parse_families(cell: object, claimants: Iterable[str]) -> tuple[Family, ...]:
    """The claim families of a ``families`` cell; each claimant alone when the cell is empty.

    Examples
    --------
    >>> [sorted(f) for f in parse_families("CHN+TWN;VNM", ["CHN", "TWN", "VNM"])]
    [['CHN', 'TWN'], ['VNM']]
    >>> [sorted(f) for f in parse_families("", ["PHL", "CHN"])]
    [['CHN'], ['PHL']]
    """
    groups = [
        frozenset(s.strip() for s in part.split(FAMILY_JOIN) if s.strip())
        for part in schema.split_list(cell)
    ]
    listed = set().union(*groups) if groups else set()
    groups += [frozenset({c}) for c in sorted(set(claimants) - listed)]
    return tuple(sorted((g for g in groups if g), key=lambda g: sorted(g)))


def format_families(families: Iterable[Family]) -> str:
    """A ``families`` cell: states of a family joined by ``+``, families by ``;``, sorted.

    Examples
    --------
    >>> format_families([frozenset({"VNM"}), frozenset({"TWN", "CHN"})])
    'CHN+TWN;VNM'
    """
    parts = sorted(FAMILY_JOIN.join(sorted(f)) for f in families if f)
    return schema.LIST_SEP.join(parts)


def merge_families(zone_families: Sequence[tuple[Family, ...]]) -> tuple[Family, ...]:
    """The claim families at a place covered by zones with these families.

    Two states are one family when a zone groups them and no zone separates them.

    Examples
    --------
    >>> dashed = (frozenset({"CHN", "TWN"}),)
    >>> pratas = (frozenset({"CHN"}), frozenset({"TWN"}))
    >>> [sorted(f) for f in merge_families([dashed])]
    [['CHN', 'TWN']]
    >>> [sorted(f) for f in merge_families([dashed, pratas])]
    [['CHN'], ['TWN']]
    """
    states = sorted({s for fams in zone_families for f in fams for s in f})
    apart = {
        (a, b)
        for fams in zone_families
        for f in fams
        for g in fams
        if f is not g
        for a in f
        for b in g
    }
    parent = {s: s for s in states}

    def root(s: str) -> str:
        while parent[s] != s:
            s = parent[s]
        return s

    for fams in zone_families:
        for f in fams:
            members = sorted(f)
            for a, b in zip(members, members[1:], strict=False):
                if (a, b) not in apart:
                    parent[root(b)] = root(a)
    groups: dict[str, set[str]] = {}
    for s in states:
        groups.setdefault(root(s), set()).add(s)
    return tuple(sorted((frozenset(g) for g in groups.values()), key=lambda g: sorted(g)))


def agreement_key(zone_id: str) -> str:
    """The agreement id of an ``agreement`` zone id (``agreement-<key>-<ISO3>``).

    Examples
    --------
    >>> agreement_key("agreement-chn-vnm-tonkin-2000-VNM")
    'chn-vnm-tonkin-2000'
    """
    key = zone_id.removeprefix("agreement-")
    head, _, tail = key.rpartition("-")
    return head if head and len(tail) == 3 and tail.isupper() else key


def classify(covers: Sequence[Cover], *, on_land: bool = False) -> Status:
    """The status of a place covered by `covers` (see the module docstring for the rules).

    Examples
    --------
    >>> dashed = Cover("claim-dashed", "claim", "Dashed line", ("CHN", "TWN"),
    ...                (frozenset({"CHN", "TWN"}),))
    >>> kig = Cover("claim-kig", "claim", "KIG", ("PHL",), (frozenset({"PHL"}),))
    >>> classify([dashed]).status, classify([dashed, kig]).status
    ('single', 'disputed')
    >>> classify([]).status
    'none'
    """
    agreements = [c for c in covers if c.kind == AGREEMENT_KIND]
    joints = [c for c in covers if c.kind == JOINT_KIND]
    claiming = [c for c in covers if c.kind in CLAIM_KINDS]
    if joints and not agreements:
        claiming = claiming + joints
    families = merge_families([c.families for c in claiming])
    claimants = tuple(sorted({s for f in families for s in f}))
    entitled = tuple(sorted({s for c in covers if c.kind == ENTITLEMENT_KIND for s in c.claimants}))
    eez = (
        ()
        if on_land
        else tuple(sorted({s for c in covers if c.kind == EEZ_KIND for s in c.claimants}))
    )
    status = _status(families, entitled, agreements, joints)
    return Status(
        claimants=claimants,
        families=families,
        entitled=entitled,
        status=status,
        eez=eez,
        eez_basis=_eez_basis(eez, entitled, agreements),
        agreements=tuple(sorted({agreement_key(c.zone_id) for c in agreements})),
    )


def _status(
    families: tuple[Family, ...],
    entitled: tuple[str, ...],
    agreements: list[Cover],
    joints: list[Cover],
) -> str:
    if not families:
        return "none"
    if joints and not agreements:
        parties = {s for c in joints for s in c.claimants}
        if all(f <= parties for f in families):
            return "joint"
    if len(families) >= 2:
        return "disputed"
    if agreements:
        return "agreed"
    if set(entitled) - families[0]:
        return "undelimited"
    return "single"


def _eez_basis(eez: tuple[str, ...], entitled: tuple[str, ...], agreements: list[Cover]) -> str:
    if not eez:
        return ""
    titles = sorted({c.name for c in agreements if set(c.claimants) & set(eez)})
    if titles:
        return "; ".join(titles)
    return MEDIAN_BASIS if len(entitled) >= 2 else ALONE_BASIS
