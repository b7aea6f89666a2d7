"""The industry-linkage graph, network measures, random walks, side effects and chain maps."""
