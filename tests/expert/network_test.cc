// The multiplier's graph and PageRank (expert/network.h): PageRank against stationary vectors
// computed by hand or by an exact dense solve of the linear system (independent of the power
// iteration), and BuildNetwork's weights, left-out items, reach and determinism.
#include "expert/network.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace winnow::expert {
namespace {

NetworkOptions Options(double damping = 0.85, size_t threads = 1) {
  NetworkOptions options;
  options.damping = damping;
  options.tolerance = 1e-14;
  options.max_iterations = 1000;
  options.threads = threads;
  return options;
}

// The stationary vector solved directly: p = (1 - d)/N 1 + d (H^T p + (a^T p)/N 1), i.e.
//   (I - d H^T - (d/N) 1 a^T) p = (1 - d)/N 1,
// with H_ji = w_ji / W_j for the edges both ways and a_j = 1 for dangling j. Gaussian elimination
// with partial pivoting on the dense N x N matrix.
std::vector<double> SolveExactly(uint32_t n, const std::vector<Edge>& edges, double d) {
  std::vector<std::vector<double>> w(n, std::vector<double>(n, 0.0));
  for (const Edge& e : edges) {
    w[e.source][e.target] += e.weight;
    w[e.target][e.source] += e.weight;
  }
  std::vector<std::vector<double>> a(n, std::vector<double>(n + 1, 0.0));
  for (uint32_t i = 0; i < n; ++i) {
    a[i][i] = 1;
    a[i][n] = (1 - d) / n;
  }
  for (uint32_t j = 0; j < n; ++j) {
    const double total = std::accumulate(w[j].begin(), w[j].end(), 0.0);
    for (uint32_t i = 0; i < n; ++i) a[i][j] -= total > 0 ? d * w[j][i] / total : d / n;
  }
  for (uint32_t col = 0; col < n; ++col) {
    uint32_t pivot = col;
    for (uint32_t r = col + 1; r < n; ++r)
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    std::swap(a[col], a[pivot]);
    for (uint32_t r = 0; r < n; ++r) {
      if (r == col) continue;
      const double f = a[r][col] / a[col][col];
      for (uint32_t c = col; c <= n; ++c) a[r][c] -= f * a[col][c];
    }
  }
  std::vector<double> p(n);
  for (uint32_t i = 0; i < n; ++i) p[i] = a[i][n] / a[i][i];
  return p;
}

double Sum(const std::vector<double>& p) { return std::accumulate(p.begin(), p.end(), 0.0); }

TEST(PageRank, StarByHand) {
  // Center 0, leaves 1-3. By symmetry leaves share l; c = (1-d)/4 + 3 d l, l = (1-d)/4 + d c / 3,
  // so c = (1 + 3d) / (4 (1 + d)) and l = (1 - c) / 3.
  const std::vector<Edge> edges = {{0, 1, 1}, {0, 2, 1}, {0, 3, 1}};
  const double d = 0.85, c = (1 + 3 * d) / (4 * (1 + d)), l = (1 - c) / 3;
  int iterations = 0;
  const std::vector<double> p = PageRank(4, edges, Options(d), &iterations);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_NEAR(p[0], c, 1e-12);
  for (int i = 1; i < 4; ++i) EXPECT_NEAR(p[i], l, 1e-12);
  EXPECT_NEAR(Sum(p), 1.0, 1e-14);
  EXPECT_GT(iterations, 1);
  EXPECT_LT(iterations, 1000);
  // Scaling every weight changes nothing: only shares of W_j count.
  const std::vector<double> scaled = PageRank(4, {{0, 1, 7}, {0, 2, 7}, {0, 3, 7}}, Options(d));
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(scaled[i], p[i], 1e-13);
}

TEST(PageRank, PathOfThreeByHand) {
  // 0 - 1 - 2: the middle gets c = (1 + 2d) / (3 (1 + d)), the ends (1 - c) / 2 each.
  for (const double d : {0.5, 0.85, 0.95}) {  // bipartite: the error shrinks by d per step
    const double c = (1 + 2 * d) / (3 * (1 + d));
    const std::vector<double> p = PageRank(3, {{0, 1, 1}, {1, 2, 1}}, Options(d));
    EXPECT_NEAR(p[1], c, 1e-11) << d;
    EXPECT_NEAR(p[0], (1 - c) / 2, 1e-11) << d;
    EXPECT_NEAR(p[2], (1 - c) / 2, 1e-11) << d;
  }
}

TEST(PageRank, TwoDisconnectedPairsAreUniform) {
  const std::vector<double> p = PageRank(4, {{0, 1, 3}, {2, 3, 0.5}}, Options());
  for (const double x : p) EXPECT_NEAR(x, 0.25, 1e-14);
}

TEST(PageRank, TriangleWithUnequalWeightsAgainstExactSolve) {
  const std::vector<Edge> edges = {{0, 1, 1}, {1, 2, 2}, {0, 2, 5}};
  const std::vector<double> exact = SolveExactly(3, edges, 0.85);
  const std::vector<double> p = PageRank(3, edges, Options());
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(p[i], exact[i], 1e-12) << i;
  // Node 2 carries the most weight (7), node 0 next (6), node 1 the least (3).
  EXPECT_GT(p[2], p[0]);
  EXPECT_GT(p[0], p[1]);
  // By hand as a check on the solver: the equations of the 3 x 3 system hold for `exact`.
  const double d = 0.85;
  EXPECT_NEAR(exact[0], 0.05 + d * (exact[1] * 1.0 / 3 + exact[2] * 5.0 / 7), 1e-14);
  EXPECT_NEAR(exact[1], 0.05 + d * (exact[0] * 1.0 / 6 + exact[2] * 2.0 / 7), 1e-14);
  EXPECT_NEAR(exact[2], 0.05 + d * (exact[0] * 5.0 / 6 + exact[1] * 2.0 / 3), 1e-14);
}

TEST(PageRank, IsolatedNodesSpreadTheirRankEvenly) {
  // 0 - 1 and isolated 2: p2 = (1-d)/3 + d p2 / 3, so p2 = (1 - d) / (3 - d).
  const double d = 0.85, p2 = (1 - d) / (3 - d);
  const std::vector<double> p = PageRank(3, {{0, 1, 1}}, Options(d));
  EXPECT_NEAR(p[2], p2, 1e-13);
  EXPECT_NEAR(p[0], (1 - p2) / 2, 1e-13);
  EXPECT_NEAR(p[1], (1 - p2) / 2, 1e-13);
  // No edges at all: uniform.
  for (const double x : PageRank(5, {}, Options())) EXPECT_NEAR(x, 0.2, 1e-15);
  EXPECT_TRUE(PageRank(0, {}, Options()).empty());
}

TEST(PageRank, DampingZeroIsUniform) {
  int iterations = 0;
  const std::vector<double> p = PageRank(4, {{0, 1, 1}, {0, 2, 1}, {0, 3, 1}}, Options(0.0), &iterations);
  for (const double x : p) EXPECT_DOUBLE_EQ(x, 0.25);
  EXPECT_EQ(iterations, 1);
}

TEST(PageRank, RandomGraphsMatchExactSolveSumToOneAndKeepSymmetry) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> weight(0.1, 3);
  for (int graph = 0; graph < 20; ++graph) {
    const uint32_t n = 3 + graph % 10;
    std::vector<Edge> edges;
    std::bernoulli_distribution link(0.35);
    for (uint32_t i = 0; i < n; ++i)
      for (uint32_t j = i + 1; j < n; ++j)
        if (link(rng)) edges.push_back({i, j, weight(rng)});
    const std::vector<double> exact = SolveExactly(n, edges, 0.85);
    const std::vector<double> p = PageRank(n, edges, Options());
    EXPECT_NEAR(Sum(p), 1.0, 1e-13);
    for (uint32_t i = 0; i < n; ++i) EXPECT_NEAR(p[i], exact[i], 1e-11) << graph << " " << i;
  }
  // Symmetry: relabeling the nodes of a graph relabels its PageRank (here the mirror of a path
  // with mirrored weights gives mirrored ranks).
  const std::vector<double> p = PageRank(4, {{0, 1, 1}, {1, 2, 2}, {2, 3, 1}}, Options());
  EXPECT_NEAR(p[0], p[3], 1e-14);
  EXPECT_NEAR(p[1], p[2], 1e-14);
  const std::vector<double> q = PageRank(4, {{0, 1, 3}, {1, 2, 1}, {2, 3, 2}}, Options());
  const std::vector<double> r = PageRank(4, {{2, 3, 3}, {1, 2, 1}, {0, 1, 2}}, Options());
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(q[i], r[3 - i], 1e-14);
}

Expert MakeExpert(const std::string& id, const std::string& institution, const std::string& country) {
  Expert e;
  e.id = id;
  e.institution = institution;
  e.country = country;
  return e;
}

Authorship Author(uint32_t pub, uint32_t expert) {
  Authorship a;
  a.pub = pub;
  a.expert = expert;
  return a;
}
TrialRoleRow Investigator(uint32_t trial, uint32_t expert) {
  TrialRoleRow t;
  t.trial = trial;
  t.expert = expert;
  return t;
}
Talk Speaker(uint32_t event, uint32_t expert) {
  Talk t;
  t.event = event;
  t.expert = expert;
  return t;
}

// Experts 0-4: a 3-author paper (0, 1, 2), a 2-author paper (0, 1), a trial (1, 3), an event
// (2, 3, 4) with expert 4 listed twice there, and a single-author paper of 4.
ExpertTables Small() {
  ExpertTables t;
  t.experts = {MakeExpert("a", "Charite", "DE"), MakeExpert("b", "Charite", "DE"), MakeExpert("c", "HUG", "CH"),
               MakeExpert("d", "", "FR"), MakeExpert("e", "AP-HP", "")};
  t.pub_ids = {"p3", "p2", "solo"};
  t.trial_ids = {"t1"};
  t.events = {"ev"};
  for (const uint32_t e : {0u, 1u, 2u}) t.authorships.push_back(Author(0, e));
  for (const uint32_t e : {1u, 0u}) t.authorships.push_back(Author(1, e));
  t.authorships.push_back(Author(2, 4));
  for (const uint32_t e : {3u, 1u}) t.trials.push_back(Investigator(0, e));
  for (const uint32_t e : {4u, 2u, 3u, 4u}) t.talks.push_back(Speaker(0, e));
  return t;
}

TEST(BuildNetwork, WeightsPerJointItem) {
  const Network net = BuildNetwork(Small(), Options());
  // p3: each pair 1/2; p2: 1; t1: 1; ev (3 distinct): each pair 1/2.
  const std::vector<Edge> expected = {{0, 1, 1.5}, {0, 2, 0.5}, {1, 2, 0.5}, {1, 3, 1},
                                      {2, 3, 0.5}, {2, 4, 0.5}, {3, 4, 0.5}};
  ASSERT_EQ(net.edges.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(net.edges[i].source, expected[i].source) << i;
    EXPECT_EQ(net.edges[i].target, expected[i].target) << i;
    EXPECT_DOUBLE_EQ(net.edges[i].weight, expected[i].weight) << i;
  }
  EXPECT_EQ(net.left_out_items, 0u);
  // PageRank is the one on these edges.
  const std::vector<double> exact = SolveExactly(5, expected, 0.85);
  ASSERT_EQ(net.pagerank.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(net.pagerank[i], exact[i], 1e-12);
  EXPECT_GT(net.iterations, 0);
}

TEST(BuildNetwork, Reach) {
  const Network net = BuildNetwork(Small(), Options());
  // Collaborators: 0: {1, 2}; 1: {0, 2, 3}; 2: {0, 1, 3, 4}; 3: {1, 2, 4}; 4: {2, 3}.
  EXPECT_EQ(net.collaborators, (std::vector<uint32_t>{2, 3, 4, 3, 2}));
  // Institutions (empty not counted): 0: Charite, HUG; 1: Charite, HUG (3 has none);
  // 2: Charite, HUG, AP-HP; 3: Charite, HUG, AP-HP; 4: HUG, AP-HP.
  EXPECT_EQ(net.institutions, (std::vector<uint32_t>{2, 2, 3, 3, 2}));
  // Countries (4 has none): 0: DE, CH; 1: DE, CH, FR; 2: DE, CH, FR; 3: DE, CH, FR; 4: CH, FR.
  EXPECT_EQ(net.countries, (std::vector<uint32_t>{2, 3, 3, 3, 2}));
}

TEST(BuildNetwork, LargeItemsAreLeftOut) {
  ExpertTables t;
  for (int i = 0; i < 6; ++i) t.experts.push_back(MakeExpert("x" + std::to_string(i), "I", "C"));
  t.pub_ids = {"consortium", "pair"};
  for (uint32_t e = 0; e < 6; ++e) t.authorships.push_back(Author(0, e));
  t.authorships.push_back(Author(1, 4));
  t.authorships.push_back(Author(1, 5));
  NetworkOptions options = Options();
  options.max_item_size = 5;
  const Network net = BuildNetwork(t, options);
  ASSERT_EQ(net.edges.size(), 1u);
  EXPECT_EQ(net.edges[0].source, 4u);
  EXPECT_EQ(net.edges[0].target, 5u);
  EXPECT_DOUBLE_EQ(net.edges[0].weight, 1.0);
  EXPECT_EQ(net.left_out_items, 1u);
  EXPECT_EQ(net.collaborators, (std::vector<uint32_t>{0, 0, 0, 0, 1, 1}));
  // At the limit the item counts: 6 participants, max 6, 15 pairs of 1/5 (4-5 also gets the 1).
  options.max_item_size = 6;
  const Network all = BuildNetwork(t, options);
  EXPECT_EQ(all.edges.size(), 15u);
  EXPECT_EQ(all.left_out_items, 0u);
  EXPECT_DOUBLE_EQ(all.edges.back().weight, 1.2);
  EXPECT_DOUBLE_EQ(all.edges.front().weight, 0.2);
}

TEST(BuildNetwork, NoExpertsAndNoActivity) {
  const Network empty = BuildNetwork(ExpertTables{}, Options());
  EXPECT_TRUE(empty.edges.empty());
  EXPECT_TRUE(empty.pagerank.empty());
  ExpertTables t;
  t.experts = {MakeExpert("a", "", ""), MakeExpert("b", "X", "Y")};
  const Network quiet = BuildNetwork(t, Options());
  EXPECT_TRUE(quiet.edges.empty());
  EXPECT_EQ(quiet.pagerank, (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(quiet.collaborators, (std::vector<uint32_t>{0, 0}));
  EXPECT_EQ(quiet.institutions, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(quiet.countries, (std::vector<uint32_t>{0, 1}));
}

// A random graph large enough for several chunks and buckets: the same bytes on 1, 2 and 7 threads.
TEST(BuildNetwork, DeterministicAcrossThreads) {
  std::mt19937_64 rng(11);
  ExpertTables t;
  const uint32_t experts = 30000;
  for (uint32_t i = 0; i < experts; ++i)
    t.experts.push_back(MakeExpert(std::to_string(i), "inst" + std::to_string(i % 997), "c" + std::to_string(i % 31)));
  std::uniform_int_distribution<uint32_t> who(0, experts - 1);
  std::geometric_distribution<uint32_t> extra(0.3);
  for (uint32_t pub = 0; pub < 40000; ++pub) {
    t.pub_ids.push_back("p" + std::to_string(pub));
    const uint32_t k = 1 + extra(rng);
    for (uint32_t a = 0; a < k; ++a) t.authorships.push_back(Author(pub, who(rng)));
  }
  for (uint32_t event = 0; event < 500; ++event) {
    t.events.push_back("e" + std::to_string(event));
    for (uint32_t a = 0; a < 12; ++a) t.talks.push_back(Speaker(event, who(rng)));
  }
  NetworkOptions options = Options();
  options.tolerance = 1e-12;
  const Network one = BuildNetwork(t, options);
  ASSERT_GT(one.edges.size(), 100000u);
  for (const size_t threads : {2u, 7u}) {
    options.threads = threads;
    const Network other = BuildNetwork(t, options);
    ASSERT_EQ(other.edges.size(), one.edges.size());
    for (size_t i = 0; i < one.edges.size(); ++i) {
      ASSERT_EQ(other.edges[i].source, one.edges[i].source);
      ASSERT_EQ(other.edges[i].target, one.edges[i].target);
      ASSERT_EQ(other.edges[i].weight, one.edges[i].weight);  // bit for bit
    }
    EXPECT_EQ(other.pagerank, one.pagerank);
    EXPECT_EQ(other.iterations, one.iterations);
    EXPECT_EQ(other.collaborators, one.collaborators);
    EXPECT_EQ(other.institutions, one.institutions);
    EXPECT_EQ(other.countries, one.countries);
  }
  // Edges sorted by (source, target), each pair once, source < target.
  for (size_t i = 0; i < one.edges.size(); ++i) {
    ASSERT_LT(one.edges[i].source, one.edges[i].target);
    if (i > 0) {
      const Edge &a = one.edges[i - 1], &b = one.edges[i];
      ASSERT_TRUE(a.source < b.source || (a.source == b.source && a.target < b.target));
    }
  }
  EXPECT_NEAR(Sum(one.pagerank), 1.0, 1e-12);
}

}  // namespace
}  // namespace winnow::expert
