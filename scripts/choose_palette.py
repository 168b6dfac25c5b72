"""Search a qualitative palette that stays distinguishable under colour-vision deficiencies.

The method by which the colours of `seawatch.presentation.TYPE_COLORS` (13 searched + the grey
of "other") and `STATE_COLORS` (7) were found; the committed colours come from an earlier run of
this search, and a new run gives a palette of about the same least distance, not necessarily the
same colours. Usage (needs colorspacious, in the ``test`` extra)::

    python scripts/choose_palette.py 13 --seed 7 --fixed cfe3ef ffffff eef4f8 999999 e9e4d8
    python scripts/choose_palette.py 7 --seed 3 --fixed cfe3ef ffffff eef4f8 999999 e9e4d8

Candidates are an sRGB grid (22 steps per channel) with CAM02-UCS lightness between 25 and 88
(neither near-black nor near-white). The distance of two colours is their least CAM02-UCS
distance under normal vision and simulated deuteranopia, protanopia and tritanopia (Machado et
al. 2009 at full severity, as colorspacious implements it). Greedy farthest-point selection from
a random start, then each colour in turn is replaced by the candidate farthest from the others,
until nothing improves; the best of `--trials` starts is printed with its least distance. The
`--fixed` colours (the map's sea, paper, print sea, the grey of "other", land) count as chosen
already, so the palette also stands apart from them. The assignment of colours to types was
made by hand (warm colours for force, blues for water, grey for "other").
"""

from __future__ import annotations

import argparse
import itertools

import numpy as np
from colorspacious import cspace_convert

VISIONS = (None, "deuteranomaly", "protanomaly", "tritanomaly")


def seen(rgb: np.ndarray, vision: str | None) -> np.ndarray:
    """CAM02-UCS coordinates of sRGB colours (0..1) as seen with `vision`."""
    if vision is not None:
        space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many colours to choose")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--fixed", nargs="*", default=[], help="hex colours already taken")
    args = parser.parse_args()

    steps = np.linspace(0, 1, 22)
    grid = np.array(list(itertools.product(steps, steps, steps)))
    lightness = cspace_convert(grid, "sRGB1", "CAM02-UCS")[:, 0]
    cand = grid[(lightness > 25) & (lightness < 88)]
    fixed = np.array([[int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)] for h in args.fixed])
    spaces = [seen(cand, v) for v in VISIONS]
    fixed_spaces = [seen(fixed, v) if len(fixed) else np.zeros((0, 3)) for v in VISIONS]

    def distance_to(chosen: list[int]) -> np.ndarray:
        """Each candidate's least distance to the chosen and fixed colours, over all visions."""
        out = np.full(len(cand), np.inf)
        for space, fixed_space in zip(spaces, fixed_spaces, strict=True):
            for point in [*space[chosen], *fixed_space]:
                out = np.minimum(out, np.sqrt(((space - point) ** 2).sum(-1)))
        return out

    rng = np.random.default_rng(args.seed)
    best: tuple[float, list[int]] | None = None
    for _ in range(args.trials):
        chosen = [int(rng.integers(len(cand)))]
        while len(chosen) < args.n:
            chosen.append(int(np.argmax(distance_to(chosen))))
        improved = True
        while improved:
            improved = False
            for k in range(args.n):
                others = chosen[:k] + chosen[k + 1 :]
                far = distance_to(others)
                j = int(np.argmax(far))
                if far[j] > far[chosen[k]] + 1e-9:
                    chosen[k], improved = j, True
        score = min(distance_to(chosen[:k] + chosen[k + 1 :])[chosen[k]] for k in range(args.n))
        if best is None or score > best[0]:
            best = (float(score), chosen)
    assert best is not None
    print(f"least distance {best[0]:.1f}")
    for i in best[1]:
        r, g, b = (np.round(cand[i] * 255)).astype(int)
        print(f"#{r:02X}{g:02X}{b:02X}")


if __name__ == "__main__":
    main()
