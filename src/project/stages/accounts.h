// Stage 6 of the main job: link the customers to the accounts of the optional customers table
// and the parent level of input.parent_column (value/accounts.h): names, types, regions, owners,
// parents, potentials; and per customer the upside and share of wallet against its potential.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "project/stages/ingest.h"
#include "value/accounts.h"

namespace winnow::project {

struct AccountsInput {
  const Ingested* ingested = nullptr;
  const std::vector<double>* annual_revenue = nullptr;  // per customer
  std::string customers_path;  // the customers table, resolved; empty: none
  std::string customers_name;  // as named in winnow.toml, for the notes
  std::string parent_column;   // input.parent_column; empty: none
  bool decimal_comma = false;
};

struct AccountLinks {
  value::AccountTable accounts;  // empty without a customers table and a parent column
  value::AccountTree tree;
  std::vector<uint32_t> account_of;  // customer row -> account row, or kNoRow
  // Per customer; NaN without a potential.
  std::vector<double> potential, upside, share_of_wallet;
  uint64_t account_count = 0, parent_accounts = 0, unlisted_customers = 0, prospects = 0;
  std::vector<std::string> notes;

  // A column of the account table (name, type, region, owner, parent_id) for a customer row; ""
  // for a customer without an account.
  const std::string& Field(const std::vector<std::string>& column, size_t row) const {
    static const std::string empty;
    return account_of[row] == kNoRow ? empty : column[account_of[row]];
  }
};

// Throws the account table's errors (value/accounts.h) with file, line and column.
AccountLinks LinkAccounts(const AccountsInput& input);

}  // namespace winnow::project
