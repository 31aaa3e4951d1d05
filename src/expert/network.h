// The multiplier: how far an expert's word travels (README "Experts"). The graph joins two
// experts with weight = the number of publications they co-authored + trials they ran together +
// events where both spoke (each joint item counts 1 / (its participants - 1), so a 200-author
// paper does not outweigh a two-author one); PageRank on it, and the expert's reach.
#pragma once

#include <cstdint>
#include <vector>

#include "expert/tables.h"

namespace winnow::expert {

struct Edge {
  uint32_t source = 0, target = 0;  // expert indices, source < target
  double weight = 0;
};

struct Network {
  std::vector<Edge> edges;  // undirected, each pair once, sorted by (source, target)
  std::vector<double> pagerank;  // per expert; sums to 1
  int iterations = 0;            // power iterations until the L1 change < tolerance
  // Reach per expert: distinct co-authors / co-investigators / co-speakers, and the distinct
  // institutions and countries among them (the expert's own included).
  std::vector<uint32_t> collaborators, institutions, countries;
  // Joint items (publications, trials, events) with more than NetworkOptions::max_item_size
  // distinct participants, left out of the graph (their pairs would grow as k^2).
  uint64_t left_out_items = 0;
};

struct NetworkOptions {
  double damping = 0.85;
  double tolerance = 1e-10;
  int max_iterations = 200;
  uint32_t max_item_size = 1000;  // joint items with more participants are left out of the graph
  size_t threads = 0;
};

// Weighted PageRank (Page, Brin, Motwani & Winograd 1999; Langville & Meyer 2006, ch. 4):
//   p = (1 - d)/N + d * (sum_j w_ji / W_j p_j + (sum over experts j without edges of p_j) / N)
// with W_j = the sum of j's edge weights; dangling experts spread their rank evenly. Power
// iteration from the uniform vector. Deterministic for any thread count.
Network BuildNetwork(const ExpertTables& tables, const NetworkOptions& options);

// PageRank on given edges (for tests against hand-computed graphs).
std::vector<double> PageRank(uint32_t nodes, const std::vector<Edge>& edges, const NetworkOptions& options,
                             int* iterations = nullptr);

}  // namespace winnow::expert
