// Fuzz target: the table readers: src/io/csv_table.cc as the summary-CSV reader (fit, predict),
// the customers table (value::ReadAccountTable), the referrals table, the server's result tables
// (empty cells as missing values) and a table read whole as text; the ids of every text column
// are interned in an io::IdTable and looked up again.
//
// Input: 2 option bytes, then the file. Byte 0: bits 0-2 which reader, bit 3 gzip, bit 4
// decimal comma (customers table), bit 5 a parent column. Byte 1: unused, for later options.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.h"
#include "fuzz/fuzz_util.h"
#include "io/csv_table.h"
#include "io/id_table.h"
#include "value/accounts.h"

using namespace winnow;

namespace {

using winnow::fuzz::Check;

// Interns the strings, then finds each again, in a table built up and in one made from an arena.
void InternAll(const std::vector<std::string>& strings) {
  io::IdTable table;
  std::vector<uint32_t> index;
  for (const auto& s : strings) index.push_back(table.Intern(s, io::IdTable::Hash(s)));
  for (size_t k = 0; k < strings.size(); ++k) {
    Check(table.Get(index[k]) == strings[k], "IdTable::Get differs from what was interned");
    Check(table.Find(strings[k]) == index[k], "IdTable::Find differs from Intern");
  }
  std::vector<char> arena;
  std::vector<uint64_t> offsets = {0};
  for (uint32_t k = 0; k < table.size(); ++k) {
    const std::string_view id = table.Get(k);
    arena.insert(arena.end(), id.begin(), id.end());
    offsets.push_back(arena.size());
  }
  const io::IdTable copy = io::IdTable::FromArena(std::move(arena), std::move(offsets));
  for (size_t k = 0; k < strings.size(); ++k) Check(copy.Find(strings[k]) == index[k], "IdTable::FromArena lost an id");
}

void ReadAsNumbers(const io::CsvTable& table) {
  for (const auto& name : table.header()) {
    if (!table.Has(name)) continue;
    try {
      for (double v : table.Numbers(name)) Check(std::isfinite(v) || std::isnan(v), "an infinite number was read");
    } catch (const core::Error&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::Split<2> in(data, size);
  const uint8_t b0 = in.option[0];
  const bool gzip = (b0 & 8) != 0;
  const std::string path =
      fuzz::WriteFile(gzip ? "table.csv.gz" : "table.csv", gzip ? fuzz::Gzip(in.rest) : std::string(in.rest));
  try {
    switch (b0 & 7) {
      case 0:
      case 5: {  // the summary CSV of fit and predict (src/cli/model_data.cc)
        const io::CsvTable table = io::CsvTable::Read(
            path, {"customer_id", "frequency", "recency", "T", "monetary_value", "periods", "duration", "churned", "weights"},
            {"customer_id"});
        for (const char* column : {"frequency", "recency", "T", "monetary_value"}) {
          if (table.Has(column)) {
            for (double v : table.Numbers(column)) Check(std::isfinite(v), "a non-finite number was read");
          }
        }
        if (table.Has("customer_id")) InternAll(table.Strings("customer_id"));
        break;
      }
      case 1: {  // the customers table
        const value::AccountTable t = value::ReadAccountTable(path, (b0 & 16) != 0, (b0 & 32) ? "country" : "");
        InternAll(t.id);
        for (double v : t.potential) Check(std::isnan(v) || (std::isfinite(v) && v >= 0), "a bad potential was read");
        break;
      }
      case 2: {  // the referrals table (src/project/run.cc)
        const std::vector<std::string> columns = {"referrer_id", "referred_id", "date"};
        const io::CsvTable table = io::CsvTable::Read(path, columns, columns);
        table.Require(columns);
        InternAll(table.Strings("referrer_id"));
        InternAll(table.Strings("referred_id"));
        break;
      }
      case 3: {  // the server's tables: empty numeric cells are missing values
        const io::CsvTable table =
            io::CsvTable::Read(path, {"customer_id", "p_alive", "clv", "tier", "segment"}, {"customer_id", "tier", "segment"}, true);
        if (table.Has("customer_id")) InternAll(table.Strings("customer_id"));
        break;
      }
      default: {  // every column as text, then as numbers
        const io::CsvTable table = io::CsvTable::Read(path);
        for (const auto& name : table.header()) {
          if (table.Has(name)) InternAll(table.Strings(name));
        }
        ReadAsNumbers(table);
        break;
      }
    }
  } catch (const core::Error& e) {
    Check(!e.message().empty(), "an error without a message");
  }
  return 0;
}
