#include "results/columns.h"

namespace winnow::results {

std::string OutputTable::Header() const {
  std::string line;
  for (const Column& c : columns) {
    if (!line.empty()) line.push_back(',');
    line += c.name;
  }
  return line;
}

std::vector<std::string> OutputTable::Names() const {
  std::vector<std::string> names;
  for (const Column& c : columns) names.emplace_back(c.name);
  return names;
}

std::vector<std::string> OutputTable::TextNames() const {
  std::vector<std::string> names;
  for (const Column& c : columns) {
    if (c.type == ColumnType::kText || c.type == ColumnType::kDate) names.emplace_back(c.name);
  }
  return names;
}

std::string_view TypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kText: return "text";
    case ColumnType::kInteger: return "integer";
    case ColumnType::kNumber: return "number";
    case ColumnType::kDate: return "date";
  }
  return "";
}

std::string_view FormatOf(ColumnType type) {
  switch (type) {
    case ColumnType::kText:
      return "the text as read; in double quotes, quotes doubled, when it holds a comma, a quote or a line break "
             "(RFC 4180)";
    case ColumnType::kInteger: return "decimal digits";
    case ColumnType::kNumber: return "the shortest decimal that reads back to the same double; empty when missing";
    case ColumnType::kDate: return "YYYY-MM-DD";
  }
  return "";
}

std::string_view UnitName(Unit unit) {
  switch (unit) {
    case Unit::kNone: return "none";
    case Unit::kId: return "id";
    case Unit::kCode: return "code";
    case Unit::kMoney: return "money";
    case Unit::kProbability: return "probability";
    case Unit::kShare: return "share";
    case Unit::kCount: return "count";
    case Unit::kDays: return "days";
    case Unit::kTimeUnits: return "time_units";
    case Unit::kRatio: return "ratio";
  }
  return "";
}

}  // namespace winnow::results
