// The multiplier's graph and PageRank (expert/network.h).
//
// BuildNetwork in four steps, each deterministic whatever the thread count:
//   1. participants per joint item: the rows bucketed by item (publications, then trials, then
//      events, one id space), each item's experts sorted and made distinct;
//   2. pairs: an item with k distinct participants (2 <= k <= max_item_size) gives each of its
//      k(k-1)/2 pairs the weight 1/(k-1); the pairs are written by source expert range into one
//      array (counted first, so no pair is copied twice);
//   3. per source range, the pairs sorted by (source, target, weight) and equal pairs summed: the
//      order of the sum depends only on the values, never on which thread made which pair;
//   4. PageRank on the merged edges, and reach from the adjacency lists.
#include "expert/network.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

#include "core/parallel.h"

namespace winnow::expert {
namespace {

// Nodes per chunk of the per-node loops: fixed, so sums over chunks add up in one order.
constexpr size_t kNodeChunk = 8192;
// Source ranges the pairs are sorted in (independent sorts, run in parallel).
constexpr size_t kBuckets = 256;

size_t Chunks(size_t n, size_t chunk) { return (n + chunk - 1) / chunk; }

// Both directions of every edge: node i's neighbors are neighbor[offset[i] .. offset[i + 1]),
// ascending when the edges are sorted by (source, target).
struct Adjacency {
  std::vector<size_t> offset;
  std::vector<uint32_t> neighbor;
  std::vector<double> weight;
};

// A counting sort of the arcs (each edge both ways, a self-loop once) by their first node, over
// fixed edge ranges: each range counts its arcs per node, the cursors follow node by node and
// range by range, and each range fills its own slots. A node's arcs keep the edges' order, so the
// lists do not depend on the thread count. The ranges are at most 16 and only when the edges
// outnumber the nodes enough to pay for a count table per range.
Adjacency MakeAdjacency(uint32_t nodes, const std::vector<Edge>& edges, size_t threads) {
  Adjacency adj;
  const size_t n = nodes, m = edges.size();
  const size_t ranges = std::clamp<size_t>(m / (2 * n + 1), 1, 16), per_range = (m + ranges - 1) / ranges;
  std::vector<std::vector<size_t>> cursor(ranges, std::vector<size_t>(n, 0));
  core::ParallelFor(ranges, threads, [&](size_t r) {
    std::vector<size_t>& count = cursor[r];
    for (size_t k = r * per_range; k < std::min(m, (r + 1) * per_range); ++k) {
      const Edge& e = edges[k];
      assert(e.source < nodes && e.target < nodes);
      ++count[e.source];
      if (e.target != e.source) ++count[e.target];
    }
  });
  adj.offset.assign(n + 1, 0);
  size_t at = 0;
  for (size_t i = 0; i < n; ++i) {
    adj.offset[i] = at;
    for (size_t r = 0; r < ranges; ++r) {
      const size_t count = cursor[r][i];
      cursor[r][i] = at;
      at += count;
    }
  }
  adj.offset[n] = at;
  adj.neighbor.resize(at);
  adj.weight.resize(at);
  core::ParallelFor(ranges, threads, [&](size_t r) {
    std::vector<size_t>& next = cursor[r];
    auto add = [&](uint32_t from, uint32_t to, double w) {
      const size_t slot = next[from]++;
      adj.neighbor[slot] = to;
      adj.weight[slot] = w;
    };
    for (size_t k = r * per_range; k < std::min(m, (r + 1) * per_range); ++k) {
      const Edge& e = edges[k];
      add(e.source, e.target, e.weight);
      if (e.target != e.source) add(e.target, e.source, e.weight);
    }
  });
  return adj;
}

// Weighted PageRank by power iteration (Page, Brin, Motwani & Winograd 1999, "The PageRank
// citation ranking: bringing order to the web", Stanford InfoLab 1999-66, section 2.4; Langville
// & Meyer 2006, "Google's PageRank and Beyond", ch. 4, the Google matrix
//   G = d (H + a u^T) + (1 - d) 1 u^T,  u = 1/N uniform, a_j = 1 for a dangling node j).
// An undirected edge {i, j} of weight w is a link each way: H_ji = w / W_j with W_j the sum of j's
// edge weights. One step of p^T <- p^T G, pulled per node:
//   p_i <- (1 - d)/N + d * (sum_{j ~ i} w_ij * p_j / W_j + (sum_{j: W_j = 0} p_j) / N)
// from p = u, until the L1 change ||p_new - p||_1 < tolerance (or max_iterations). G is
// stochastic, so p keeps summing to 1; the end result is rescaled to sum exactly 1 against
// rounding. Per-node sums run in adjacency order and the sums over nodes chunk by fixed chunk, so
// the result does not depend on the thread count.
std::vector<double> PowerIteration(const Adjacency& adj, uint32_t nodes, const NetworkOptions& options,
                                   int* iterations) {
  if (iterations) *iterations = 0;
  if (nodes == 0) return {};
  const double n = static_cast<double>(nodes), d = options.damping;
  const size_t threads = core::ThreadCount(options.threads), chunks = Chunks(nodes, kNodeChunk);
  std::vector<double> out_weight(nodes, 0.0);
  core::ParallelFor(chunks, threads, [&](size_t c) {
    const size_t end = std::min<size_t>(nodes, (c + 1) * kNodeChunk);
    for (size_t i = c * kNodeChunk; i < end; ++i)
      for (size_t at = adj.offset[i]; at < adj.offset[i + 1]; ++at) out_weight[i] += adj.weight[at];
  });
  std::vector<double> p(nodes, 1.0 / n), next(nodes), share(nodes), partial(chunks);
  auto sum_chunks = [&] {
    double total = 0;
    for (const double x : partial) total += x;
    return total;
  };
  for (int it = 1; it <= options.max_iterations; ++it) {
    // share_j = p_j / W_j; the dangling mass.
    core::ParallelFor(chunks, threads, [&](size_t c) {
      const size_t end = std::min<size_t>(nodes, (c + 1) * kNodeChunk);
      double dangling = 0;
      for (size_t j = c * kNodeChunk; j < end; ++j) {
        if (out_weight[j] > 0) {
          share[j] = p[j] / out_weight[j];
        } else {
          share[j] = 0;
          dangling += p[j];
        }
      }
      partial[c] = dangling;
    });
    const double base = (1 - d) / n + d * sum_chunks() / n;
    core::ParallelFor(chunks, threads, [&](size_t c) {
      const size_t end = std::min<size_t>(nodes, (c + 1) * kNodeChunk);
      double change = 0;
      for (size_t i = c * kNodeChunk; i < end; ++i) {
        double pulled = 0;
        for (size_t at = adj.offset[i]; at < adj.offset[i + 1]; ++at)
          pulled += adj.weight[at] * share[adj.neighbor[at]];
        next[i] = base + d * pulled;
        change += std::abs(next[i] - p[i]);
      }
      partial[c] = change;
    });
    p.swap(next);
    if (iterations) *iterations = it;
    if (sum_chunks() < options.tolerance) break;
  }
  core::ParallelFor(chunks, threads, [&](size_t c) {
    const size_t end = std::min<size_t>(nodes, (c + 1) * kNodeChunk);
    double total = 0;
    for (size_t i = c * kNodeChunk; i < end; ++i) total += p[i];
    partial[c] = total;
  });
  const double total = sum_chunks();
  for (double& x : p) x /= total;
  return p;
}

// One pair of a joint item before merging: (source << 32 | target) and 1/(k-1).
struct Pair {
  uint64_t key;
  double weight;
};

// Distinct values of a string column per expert as ids; kNone for an empty value.
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
std::vector<uint32_t> Intern(const std::vector<Expert>& experts, std::string Expert::*field) {
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<uint32_t> out(experts.size(), kNone);
  for (size_t i = 0; i < experts.size(); ++i) {
    const std::string& value = experts[i].*field;
    if (value.empty()) continue;
    out[i] = ids.try_emplace(value, static_cast<uint32_t>(ids.size())).first->second;
  }
  return out;
}

// The number of distinct ids Intern gave.
uint32_t Count(const std::vector<uint32_t>& ids) {
  uint32_t count = 0;
  for (const uint32_t id : ids)
    if (id != kNone) count = std::max(count, id + 1);
  return count;
}

}  // namespace

std::vector<double> PageRank(uint32_t nodes, const std::vector<Edge>& edges, const NetworkOptions& options,
                             int* iterations) {
  return PowerIteration(MakeAdjacency(nodes, edges, core::ThreadCount(options.threads)), nodes, options, iterations);
}

Network BuildNetwork(const ExpertTables& tables, const NetworkOptions& options) {
  const uint32_t nodes = static_cast<uint32_t>(tables.experts.size());
  const size_t threads = core::ThreadCount(options.threads);
  Network network;

  // 1. Participants per item: publications [0, P), trials [P, P + T), events [P + T, ...).
  const size_t pubs = tables.pub_ids.size(), trials = tables.trial_ids.size();
  const size_t items = pubs + trials + tables.events.size();
  std::vector<size_t> item_offset(items + 1, 0);
  for (const Authorship& a : tables.authorships) ++item_offset[a.pub + 1];
  for (const TrialRoleRow& t : tables.trials) ++item_offset[pubs + t.trial + 1];
  for (const Talk& t : tables.talks) ++item_offset[pubs + trials + t.event + 1];
  for (size_t i = 0; i < items; ++i) item_offset[i + 1] += item_offset[i];
  std::vector<uint32_t> member(item_offset[items]);
  {
    std::vector<size_t> next(item_offset.begin(), item_offset.end() - 1);
    for (const Authorship& a : tables.authorships) member[next[a.pub]++] = a.expert;
    for (const TrialRoleRow& t : tables.trials) member[next[pubs + t.trial]++] = t.expert;
    for (const Talk& t : tables.talks) member[next[pubs + trials + t.event]++] = t.expert;
  }
  for ([[maybe_unused]] const uint32_t m : member) assert(m < nodes);
  // Distinct participants per item: sorted, duplicates to the end; k = the distinct count.
  std::vector<uint32_t> distinct(items);
  constexpr size_t kItemChunk = 16384;
  const size_t item_chunks = Chunks(items, kItemChunk);
  core::ParallelFor(item_chunks, threads, [&](size_t c) {
    const size_t end = std::min(items, (c + 1) * kItemChunk);
    for (size_t item = c * kItemChunk; item < end; ++item) {
      auto first = member.begin() + static_cast<ptrdiff_t>(item_offset[item]);
      auto last = member.begin() + static_cast<ptrdiff_t>(item_offset[item + 1]);
      std::sort(first, last);
      distinct[item] = static_cast<uint32_t>(std::unique(first, last) - first);
    }
  });
  auto kept = [&](size_t item) { return distinct[item] >= 2 && distinct[item] <= options.max_item_size; };
  for (size_t item = 0; item < items; ++item)
    if (distinct[item] > options.max_item_size) ++network.left_out_items;

  // 2. Pairs by source range. Counting: in an item, participant number r (0-based, ascending)
  // is the source of k - 1 - r pairs.
  const size_t buckets = std::max<size_t>(1, std::min<size_t>(kBuckets, nodes));
  auto bucket_of = [&](uint32_t source) { return static_cast<size_t>(source) * buckets / nodes; };
  std::vector<size_t> cell(item_chunks * buckets, 0);  // pairs per (chunk, bucket)
  core::ParallelFor(item_chunks, threads, [&](size_t c) {
    const size_t end = std::min(items, (c + 1) * kItemChunk);
    for (size_t item = c * kItemChunk; item < end; ++item) {
      if (!kept(item)) continue;
      const uint32_t k = distinct[item];
      for (uint32_t r = 0; r + 1 < k; ++r) cell[c * buckets + bucket_of(member[item_offset[item] + r])] += k - 1 - r;
    }
  });
  // Offsets bucket-major, so each bucket's pairs are contiguous: bucket b, chunk 0, 1, ...
  std::vector<size_t> start(item_chunks * buckets), bucket_start(buckets + 1, 0);
  {
    size_t at = 0;
    for (size_t b = 0; b < buckets; ++b) {
      bucket_start[b] = at;
      for (size_t c = 0; c < item_chunks; ++c) {
        start[c * buckets + b] = at;
        at += cell[c * buckets + b];
      }
    }
    bucket_start[buckets] = at;
  }
  std::vector<Pair> pairs(bucket_start[buckets]);
  core::ParallelFor(item_chunks, threads, [&](size_t c) {
    const size_t end = std::min(items, (c + 1) * kItemChunk);
    size_t* next = start.data() + c * buckets;
    for (size_t item = c * kItemChunk; item < end; ++item) {
      if (!kept(item)) continue;
      const uint32_t k = distinct[item];
      const uint32_t* m = member.data() + item_offset[item];
      const double w = 1.0 / (k - 1);
      for (uint32_t r = 0; r + 1 < k; ++r) {
        size_t& at = next[bucket_of(m[r])];
        const uint64_t high = static_cast<uint64_t>(m[r]) << 32;
        for (uint32_t s = r + 1; s < k; ++s) pairs[at++] = {high | m[s], w};
      }
    }
  });
  member = {};
  item_offset = {};

  // 3. Per bucket: sort by (source, target, weight), sum equal pairs.
  std::vector<std::vector<Edge>> merged(buckets);
  core::ParallelFor(buckets, threads, [&](size_t b) {
    auto first = pairs.begin() + static_cast<ptrdiff_t>(bucket_start[b]);
    auto last = pairs.begin() + static_cast<ptrdiff_t>(bucket_start[b + 1]);
    std::sort(first, last, [](const Pair& x, const Pair& y) {
      return x.key != y.key ? x.key < y.key : x.weight < y.weight;
    });
    std::vector<Edge>& out = merged[b];
    for (auto it = first; it != last;) {
      const uint64_t key = it->key;
      double w = 0;
      for (; it != last && it->key == key; ++it) w += it->weight;
      out.push_back({static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key & 0xffffffffu), w});
    }
  });
  pairs = {};
  std::vector<size_t> edge_start(buckets + 1, 0);
  for (size_t b = 0; b < buckets; ++b) edge_start[b + 1] = edge_start[b] + merged[b].size();
  network.edges.resize(edge_start[buckets]);
  core::ParallelFor(buckets, threads, [&](size_t b) {
    std::copy(merged[b].begin(), merged[b].end(), network.edges.begin() + static_cast<ptrdiff_t>(edge_start[b]));
    merged[b] = {};
  });

  // 4. PageRank and reach.
  const Adjacency adj = MakeAdjacency(nodes, network.edges, threads);
  network.pagerank = PowerIteration(adj, nodes, options, &network.iterations);
  const std::vector<uint32_t> institution = Intern(tables.experts, &Expert::institution);
  const std::vector<uint32_t> country = Intern(tables.experts, &Expert::country);
  network.collaborators.resize(nodes);
  network.institutions.resize(nodes);
  network.countries.resize(nodes);
  const uint32_t institution_count = Count(institution), country_count = Count(country);
  core::ParallelFor(Chunks(nodes, kNodeChunk), threads, [&](size_t c) {
    // seen[id] == i + 1 once node i has counted id: no sort, no clearing between nodes.
    std::vector<size_t> seen_institution(institution_count, 0), seen_country(country_count, 0);
    auto count_distinct = [&](size_t i, const std::vector<uint32_t>& id, std::vector<size_t>& seen) {
      uint32_t count = 0;
      auto see = [&](uint32_t value) {
        if (value == kNone || seen[value] == i + 1) return;
        seen[value] = i + 1;
        ++count;
      };
      see(id[i]);
      for (size_t at = adj.offset[i]; at < adj.offset[i + 1]; ++at) see(id[adj.neighbor[at]]);
      return count;
    };
    const size_t end = std::min<size_t>(nodes, (c + 1) * kNodeChunk);
    for (size_t i = c * kNodeChunk; i < end; ++i) {
      network.collaborators[i] = static_cast<uint32_t>(adj.offset[i + 1] - adj.offset[i]);
      network.institutions[i] = count_distinct(i, institution, seen_institution);
      network.countries[i] = count_distinct(i, country, seen_country);
    }
  });
  return network;
}

}  // namespace winnow::expert
