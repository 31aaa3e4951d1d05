#include <cstring>
#include <numeric>
#include <unordered_map>

#include "model/model.h"

namespace winnow::model {

double Observations::customers() const { return std::accumulate(weight.begin(), weight.end(), 0.0); }

Observations GroupIdentical(const Observations& data, std::vector<uint32_t>* group_of) {
  const std::vector<const std::vector<double>*> columns = {&data.frequency, &data.recency, &data.age, &data.monetary,
                                                           &data.churned};
  std::vector<const std::vector<double>*> present;
  for (const auto* column : columns) {
    if (!column->empty()) present.push_back(column);
  }
  struct Key {
    double v[5];
    bool operator==(const Key& other) const { return std::memcmp(v, other.v, sizeof v) == 0; }
  };
  struct KeyHash {
    size_t operator()(const Key& key) const {
      uint64_t h = 0x9e3779b97f4a7c15ull;
      for (double d : key.v) {
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        h = (h ^ bits) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
      }
      return static_cast<size_t>(h);
    }
  };
  std::unordered_map<Key, size_t, KeyHash> index;
  index.reserve(data.size());
  Observations out;
  std::vector<std::vector<double>*> out_columns;
  if (!data.frequency.empty()) out_columns.push_back(&out.frequency);
  if (!data.recency.empty()) out_columns.push_back(&out.recency);
  if (!data.age.empty()) out_columns.push_back(&out.age);
  if (!data.monetary.empty()) out_columns.push_back(&out.monetary);
  if (!data.churned.empty()) out_columns.push_back(&out.churned);
  if (group_of != nullptr) group_of->resize(data.size());
  for (size_t row = 0; row < data.size(); ++row) {
    Key key{};
    for (size_t c = 0; c < present.size(); ++c) key.v[c] = (*present[c])[row] + 0.0;  // -0 and +0 alike
    const auto [it, inserted] = index.try_emplace(key, out.weight.size());
    if (inserted) {
      for (size_t c = 0; c < present.size(); ++c) out_columns[c]->push_back(key.v[c]);
      out.weight.push_back(data.weight[row]);
    } else {
      out.weight[it->second] += data.weight[row];
    }
    if (group_of != nullptr) (*group_of)[row] = static_cast<uint32_t>(it->second);
  }
  return out;
}

}  // namespace winnow::model
