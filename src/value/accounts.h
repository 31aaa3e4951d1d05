// The customers table and the roll-up of customer values to their parents (purchasing groups,
// hospital chains, ...) and on up.
//
// customers.csv: customer_id,name,type,region,owner,parent_id,potential (customer_id required,
// the others optional; empty cells allowed). potential is the annual revenue the account could
// bring (its whole wallet), in the currency of the amounts.
//
// Roll-up: every value of an account is its own (when it buys) plus the sum over its children.
// A parent's potential is its own when given, else the sum of its children's known potentials.
//   share_of_wallet = predicted annual revenue / potential
//   upside          = potential - predicted annual revenue (negative when the potential is too low)
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace winnow::value {

struct AccountTable {
  std::string path;
  std::vector<std::string> id, name, type, region, owner, parent_id;
  std::vector<double> potential;  // NaN when not given
  std::vector<uint64_t> line;     // 1-based line of each row, for errors
  size_t parent_field = 0;        // 1-based field of parent_id, for errors
  size_t size() const { return id.size(); }
};

// Throws core::Error(kInput) with file:line:column for a missing customer_id column, an empty or
// duplicate id, or a potential that is not a number >= 0.
AccountTable ReadAccountTable(const std::string& path, bool decimal_comma);

struct AccountTree {
  std::vector<int64_t> parent;    // index of the parent row, -1 at the top
  std::vector<uint32_t> depth;    // 0 at the top
  std::vector<uint32_t> children;
  std::vector<uint32_t> order;    // rows, children before their parents
};

// Throws core::Error(kInput) for a parent_id that is not a customer_id of the table (file, line,
// column, the id and the closest known id) and for a cycle (the chain of ids).
AccountTree BuildAccountTree(const AccountTable& table);

// Sums of per-account values up the tree: out[row] = own[row] + sum over its descendants.
std::vector<double> RollUp(const AccountTree& tree, const std::vector<double>& own);

}  // namespace winnow::value
