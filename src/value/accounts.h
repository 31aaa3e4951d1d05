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

#include "io/transactions.h"

namespace winnow::value {

struct AccountTable {
  std::string path;
  std::vector<std::string> id, name, type, region, owner, parent_id;
  std::vector<double> potential;  // NaN when not given
  std::vector<uint64_t> line;     // 1-based line of each row, for errors (0 for added rows)
  size_t parent_field = 0;        // 1-based field of parent_id, for errors
  size_t id_field = 0;            // 1-based field of customer_id, for errors
  // The column asked for as `parent_column` of ReadAccountTable, when the table has it.
  bool has_parent_column = false;
  std::vector<std::string> parent_column;
  size_t size() const { return id.size(); }
};

// Throws core::Error(kInput) with file:line:column for a missing customer_id column, an empty or
// duplicate id, or a potential that is not a number >= 0.
// With parent_column, that column is read too when the table has it (see AddParentLevel).
AccountTable ReadAccountTable(const std::string& path, bool decimal_comma, const std::string& parent_column = "");

// The customers table and the log must share ids: when fewer than a tenth of the smaller of the
// two (the log's customers, the table's accounts without children) match, the ids are surely
// spelled differently ("C017" and "17", "17850.0" and "17850"), and the run would end with empty
// accounts. Throws core::Error(kInput) at the table's first unmatched row, with examples of both
// spellings (and, when one exists, the way of writing them under which they would match).
void CheckSharedIds(const AccountTable& table, const std::vector<std::string>& log_ids, const std::string& log_name);

// A parent level from a column (winnow.toml input.parent_column: a country, a sales area, ...),
// with no table of parents to build. Every distinct non-empty value becomes an account at the
// top (id and name = the value, type = the column's name). An account without a parent gets the
// value of its row in `parent_of` (one per table row; "" leaves it at the top), and the
// customers in `extra_ids` (of the log, missing from the table) are added as accounts under
// their `extra_parent`. Throws core::Error(kInput) when a value is also an account id.
void AddParentLevel(AccountTable* table, const std::string& column, const std::vector<std::string>& parent_of,
                    const std::vector<std::string>& extra_ids, const std::vector<std::string>& extra_parent);

struct AccountTree {
  std::vector<int64_t> parent;    // index of the parent row, -1 at the top
  std::vector<uint32_t> depth;    // 0 at the top
  std::vector<uint32_t> children;
  std::vector<uint32_t> order;    // rows, children before their parents
};

// AddParentLevel with the values of `column` from the table when it has that column (read with
// ReadAccountTable's parent_column), else from the log (ReadOptions::group_col: the value on each
// customer's first row with one). The customers of the run (`customers`, ids of the log) missing
// from the table are added. Returns notes for the user (customers with several values). Throws
// core::Error(kInput) when neither the table nor the log has the column.
std::vector<std::string> AddParentLevelFrom(const io::TransactionLog& log, const std::vector<std::string>& customers,
                                            const std::string& column, AccountTable* table);

// Throws core::Error(kInput) for a parent_id that is not a customer_id of the table (file, line,
// column, the id and the closest known id) and for a cycle (the chain of ids).
AccountTree BuildAccountTree(const AccountTable& table);

// Sums of per-account values up the tree: out[row] = own[row] + sum over its descendants.
std::vector<double> RollUp(const AccountTree& tree, const std::vector<double>& own);

}  // namespace winnow::value
