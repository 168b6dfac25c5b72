"""The tables of agreements and feature facts, with their citations, for data/eez/README.md.

The README (shown on the dashboard's About tab) carries these tables between marker comments;
a test checks they are what this module writes from `seawatch.zones.agreements` and
`seawatch.zones.features`, so the documentation cannot drift from the data. Regenerate with
``python -m seawatch.zones.citations``.
"""

from __future__ import annotations

from seawatch.zones.agreements import AGREEMENTS, JOINT_AREAS
from seawatch.zones.features import FEATURES

BEGIN = "<!-- begin generated: python -m seawatch.zones.citations -->"
END = "<!-- end generated -->"


def _cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def agreements_markdown() -> str:
    """One row per agreement and joint area: parties, dates, scope, points used, citation."""
    lines = [
        "| agreement | parties | signed | in force | scope | points used | citation |",
        "|---|---|---|---|---|---|---|",
    ]
    for a in AGREEMENTS:
        used = f"{len(a.points)} ({', '.join(a.point_labels)})" if a.points else "none citable"
        lines.append(
            f"| `{a.key}`: {_cell(a.title)} | {'-'.join(a.parties)} | {a.signed} | "
            f"{a.in_force or 'no'} | {a.scope} | {_cell(used)} | {_cell(a.citation)} |"
        )
    for j in JOINT_AREAS:
        used = f"{len(j.ring)} ({', '.join(j.ring_labels)})" if j.ring else "none citable"
        lines.append(
            f"| `{j.key}`: {_cell(j.name)} | {'-'.join(j.parties)} | {j.signed} | "
            f"{j.in_force or 'not recorded'} | {j.arrangement.replace('_', ' ')} | "
            f"{_cell(used)} | {_cell(j.citation)} |"
        )
    return "\n".join(lines)


def features_markdown() -> str:
    """One row per feature: claimants, holder (since, as of), 2016 award, physical, citation."""
    lines = [
        "| feature | claimants | held by (since; as of) | 2016 award | physical | holding source |",
        "|---|---|---|---|---|---|",
    ]
    for f in FEATURES:
        held = f"{f.held_by or 'nobody'} ({f.held_since or '-'}; {f.as_of})"
        lines.append(
            f"| {_cell(f.name)} | {', '.join(f.claimants)} | {held} | "
            f"{f.award_2016 or 'not classified'} | {f.physical} | {_cell(f.holding_source)} |"
        )
    return "\n".join(lines)


def generated_block() -> str:
    """The README block between the markers, markers included."""
    return "\n\n".join(
        [
            BEGIN,
            "### Agreements and joint arrangements",
            agreements_markdown(),
            "### Features: who claims, who holds, what the 2016 award found",
            features_markdown(),
            END,
        ]
    )


if __name__ == "__main__":
    print(generated_block())
