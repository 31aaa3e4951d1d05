#include "model/model_file.h"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "io/output_file.h"
#include "model/registry.h"

namespace winnow::model {

using core::Error;
using core::ErrorKind;

double SavedModel::Param(const std::string& name) const {
  for (size_t k = 0; k < fit.param_names.size(); ++k) {
    if (fit.param_names[k] == name) return fit.params[k];
  }
  throw Error(ErrorKind::kInput, fmt::format("the {} model has no parameter {}", fit.model, name));
}

nlohmann::ordered_json WarningsJson(const std::vector<FitWarning>& warnings) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const FitWarning& w : warnings) list.push_back({{"code", w.code}, {"message", w.message}});
  return list;
}

nlohmann::ordered_json ModelJsonObject(const SavedModel& model) {
  using Json = nlohmann::ordered_json;
  auto num = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
  const FitResult& fit = model.fit;
  Json j;
  j["model"] = fit.model;
  Json params = Json::object(), errors = Json::object();
  for (size_t k = 0; k < fit.param_names.size(); ++k) {
    params[fit.param_names[k]] = num(fit.params[k]);
    errors[fit.param_names[k]] = fit.std_errors.size() == fit.params.size() ? num(fit.std_errors[k]) : Json(nullptr);
  }
  j["params"] = params;
  j["std_errors"] = errors;
  j["log_likelihood"] = num(fit.log_likelihood);
  j["n_customers"] = fit.customers;
  j["distinct_rows"] = fit.distinct_rows;
  j["time_unit"] = model.time_unit;
  j["aic"] = num(fit.aic);
  j["bic"] = num(fit.bic);
  j["penalizer"] = model.penalizer;
  j["evaluations"] = fit.evaluations;
  j["converged"] = fit.converged;
  j["message"] = fit.message;
  j["warnings"] = WarningsJson(fit.warnings);
  return j;
}

void WriteModelJson(const SavedModel& model, const std::string& path) {
  const nlohmann::ordered_json j = ModelJsonObject(model);
  io::OutputFile file(path);
  file.Write(j.dump(2) + "\n");
  file.Commit();
}

SavedModel ReadModelJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::kInput, "cannot open the model file").At(path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    // parse_error, and out_of_range for a number beyond a double (1e400)
    throw Error(ErrorKind::kInput, fmt::format("not valid JSON: {}", e.what())).At(path);
  }
  SavedModel out;
  try {
    out.fit.model = j.at("model").get<std::string>();
    const ModelInfo& info = FindModel(out.fit.model);
    const auto model = info.make();
    out.fit.param_names = model->param_names();
    for (const auto& name : out.fit.param_names) {
      const double value = j.at("params").at(name).get<double>();
      if (!(value > 0) || !std::isfinite(value)) {
        throw Error(ErrorKind::kInput, fmt::format("parameter {} = {} must be a finite number > 0", name, value)).At(path);
      }
      out.fit.params.push_back(value);
    }
    out.fit.log_likelihood = j.value("log_likelihood", 0.0);
    out.fit.customers = j.value("n_customers", 0.0);
    out.time_unit = j.value("time_unit", std::string("week"));
    out.penalizer = j.value("penalizer", 0.0);
    if (j.contains("warnings")) {
      for (const auto& w : j.at("warnings")) {
        out.fit.warnings.push_back({w.at("code").get<std::string>(), w.at("message").get<std::string>()});
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::kInput, fmt::format("not a winnow model file: {}", e.what())).At(path);
  } catch (Error& e) {
    if (e.file().empty()) e.At(path);
    throw;
  }
  return out;
}

}  // namespace winnow::model
