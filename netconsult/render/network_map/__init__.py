"""The network map of the assessment report (see `draw` for what it shows and how)."""

from netconsult.render.network_map.draw import network_map
from netconsult.render.network_map.model import (
    LABEL_ALL,
    MAP_LABELS,
    MAX_LABELS,
    WIDTH,
    MapEdge,
    MapNode,
)

__all__ = ["LABEL_ALL", "MAP_LABELS", "MAX_LABELS", "WIDTH", "MapEdge", "MapNode",
           "network_map"]
