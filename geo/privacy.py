"""The public location of a report: the one promise every public surface keeps.

A confidential category (missing persons, health) is shown to the public only as the centre
of its H3 r8 cell (~0.7 km²). Everything public about such a report — its point, its H3
columns (and so every hexagon and heatmap tile), its kelurahan, "nearby" matches and
distances — is derived from that centre, so two reports anywhere in one r8 cell look alike.
"""
from __future__ import annotations

from geo.hexes import cell_center, cells_for_point

PUBLIC_RES = 8


def public_point(lng: float, lat: float, confidential: bool,
                 resolutions: tuple[int, ...]) -> tuple[float, float, dict[int, int]]:
    """(public_lng, public_lat, cells): where the public sees a report and the H3 cells it
    is indexed (and counted) under. For a confidential report the centre of the r8 cell that
    holds its point, and that centre's cells: the r8 cell itself, its centre children below,
    and above it the cells that hold the centre (the public point, never the exact one)."""
    cells = cells_for_point(lng, lat, resolutions)
    if not confidential:
        return lng, lat, cells
    plng, plat = cell_center(cells[PUBLIC_RES])
    return plng, plat, cells_for_point(plng, plat, resolutions)
