"""Graph assembly: papers and their entity links become one networkx graph."""

from kg.graph.build import build_graph

__all__ = ["build_graph"]
