// `winnow serve` over real HTTP on loopback: the API's answers, errors, token, paging and reload.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "core/error.h"
#include "project/config.h"
#include "project/run.h"
#include "server/server.h"
#include "simulate/scenario.h"
#include "test_util.h"

namespace winnow::server {
namespace {

using winnow::testing::TempDir;
using Json = nlohmann::json;

// A simulated pharma project of 600 accounts, run once, shared by the tests of this file.
class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    simulate::ScenarioOptions o;
    o.customers = 600;
    o.seed = 5;
    simulate::WritePharmaScenario(o, Project());
    project::RunProject(project::LoadProjectConfig(Project()));
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string Project() { return dir_->File("project"); }

  // A server on a free loopback port, serving in a thread until the end of the test.
  void Start(ServeOptions options = {}) {
    options.dir = Project();
    options.port = 0;
    options.threads = 4;
    server_ = std::make_unique<Server>(options);
    thread_ = std::thread([this] { server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    for (int k = 0; k < 100 && !client_->Get("/api/health"); ++k) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  Json GetJson(const std::string& path, int expected_status = 200, const httplib::Headers& headers = {}) {
    auto res = client_->Get(path.c_str(), headers);
    EXPECT_TRUE(res) << path;
    if (!res) return Json();
    EXPECT_EQ(res->status, expected_status) << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
    return Json::parse(res->body);
  }

  static TempDir* dir_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

TempDir* ServerTest::dir_ = nullptr;

TEST_F(ServerTest, HealthResultsAndModel) {
  Start();
  const Json health = GetJson("/api/health");
  EXPECT_EQ(health["status"], "ok");
  EXPECT_GT(health["customers"].get<int>(), 400);
  const Json results = GetJson("/api/results");
  EXPECT_EQ(results["headline"]["customers"], health["customers"]);
  const Json model = GetJson("/api/model");
  EXPECT_EQ(model["chosen"], results["model"]["chosen"]);
}

TEST_F(ServerTest, PagesAreStableAndCoverTheListOnce) {
  Start();
  const Json all = GetJson("/api/customers?per_page=500");
  const size_t total = all["total"].get<size_t>();
  std::vector<std::string> paged;
  const Json first = GetJson("/api/customers?per_page=37&page=1");
  ASSERT_EQ(first["pages"].get<size_t>(), (total + 36) / 37);
  for (size_t page = 1; page <= first["pages"].get<size_t>(); ++page) {
    const Json p = GetJson("/api/customers?per_page=37&page=" + std::to_string(page));
    for (const auto& row : p["rows"]) paged.push_back(row["customer_id"]);
  }
  ASSERT_EQ(paged.size(), total);
  EXPECT_EQ(std::set<std::string>(paged.begin(), paged.end()).size(), total);
  for (size_t k = 0; k < std::min<size_t>(total, 500); ++k) EXPECT_EQ(paged[k], all["rows"][k]["customer_id"]);
  // Sorted and filtered lists are stable across requests too, and respect the filter and order.
  const std::string query = "/api/customers?tier=B&sort=p_alive&order=asc&per_page=20&page=2";
  const Json once = GetJson(query), again = GetJson(query);
  EXPECT_EQ(once, again);
  double previous = -1;
  const Json sorted = GetJson("/api/customers?tier=B&sort=p_alive&order=asc&per_page=500");
  for (const auto& row : sorted["rows"]) {
    EXPECT_EQ(row["tier"], "B");
    EXPECT_GE(row["p_alive"].get<double>(), previous);
    previous = row["p_alive"].get<double>();
  }
  // Beyond the last page: an empty page, not an error.
  EXPECT_TRUE(GetJson("/api/customers?per_page=500&page=99")["rows"].empty());
}

TEST_F(ServerTest, FiltersSearchAndTheOtherLists) {
  Start();
  const Json keys = GetJson("/api/customers?key_account=1&per_page=500");
  for (const auto& row : keys["rows"]) EXPECT_NE(row["key_account"], "");
  const Json alerts = GetJson("/api/alerts?per_page=500");
  const Json alerted = GetJson("/api/customers?alert=1&per_page=500");
  EXPECT_EQ(alerts["total"], alerted["total"]);
  double previous = 1e300;
  for (const auto& row : alerts["rows"]) {
    EXPECT_LE(row["value_at_risk"].get<double>(), previous);
    previous = row["value_at_risk"].get<double>();
  }
  const std::string name = GetJson("/api/customers?per_page=1")["rows"][0]["name"];
  std::string encoded;
  for (unsigned char c : name.substr(0, 6)) encoded += fmt::format("%{:02X}", c);
  const Json found = GetJson("/api/customers?q=" + encoded);
  EXPECT_GE(found["total"].get<int>(), 1);
  const Json top = GetJson("/api/accounts?level=0&per_page=500");
  for (const auto& row : top["rows"]) EXPECT_EQ(row["level"], 0);
  EXPECT_FALSE(GetJson("/api/reference")["rows"].empty());
}

TEST_F(ServerTest, OneCustomerWithHistoryAndReasons) {
  Start();
  const std::string id = GetJson("/api/customers?per_page=1")["rows"][0]["customer_id"];
  const Json c = GetJson("/api/customers/" + id);
  EXPECT_EQ(c["customer"]["customer_id"], id);
  EXPECT_FALSE(c["history"].empty());
  const std::string tier = c["customer"]["tier"];
  EXPECT_NE(c["reasons"]["tier"].get<std::string>().find("Tier " + tier + ": total value"), std::string::npos);
  EXPECT_NE(c["reasons"]["tier"].get<std::string>().find("ranks #1 of"), std::string::npos);
  const Json missing = GetJson("/api/customers/NO-SUCH-ID", 404);
  EXPECT_EQ(missing["error"]["kind"], "not_found");
  EXPECT_EQ(missing["error"]["message"], "no customer \"NO-SUCH-ID\"");
}

TEST_F(ServerTest, BadParametersAre400WithAMessage) {
  Start();
  auto message = [&](const std::string& path) { return GetJson(path, 400)["error"]["message"].get<std::string>(); };
  EXPECT_EQ(message("/api/customers?page=0"), "page=\"0\": expected a whole number from 1 to 1000000000");
  EXPECT_EQ(message("/api/customers?per_page=501"), "per_page=\"501\": expected a whole number from 1 to 500");
  EXPECT_EQ(message("/api/customers?per_page=ten"), "per_page=\"ten\": expected a whole number from 1 to 500");
  EXPECT_NE(message("/api/customers?sort=value").find("sort=\"value\": not a column; the columns are customer_id"),
            std::string::npos);
  EXPECT_EQ(message("/api/customers?sort=clv&order=up"), "order=\"up\": expected asc or desc");
  EXPECT_EQ(message("/api/customers?key_account=yes"), "key_account=\"yes\": expected 1 or 0");
  EXPECT_NE(message("/api/customers?tierr=A").find("unknown parameter \"tierr\""), std::string::npos);
  EXPECT_EQ(message("/api/accounts?level=top"), "level=\"top\": expected a number");
  EXPECT_EQ(GetJson("/api/nothing", 404)["error"]["kind"], "not_found");
  auto post = client_->Post("/api/customers", "x=1", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  auto big = client_->Post("/api/customers", std::string(100 * 1024, 'x'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
}

TEST_F(ServerTest, TokenIsRequiredAndEnforced) {
  ServeOptions o;
  o.token = "s3cret-token-0123456789";
  Start(o);
  const Json denied = GetJson("/api/health", 401);
  EXPECT_EQ(denied["error"]["kind"], "auth");
  GetJson("/api/customers", 401, {{"Authorization", "Bearer wrong-token-0123456789"}});
  GetJson("/api/customers", 401, {{"Authorization", "s3cret-token-0123456789"}});
  EXPECT_EQ(GetJson("/api/health", 200, {{"Authorization", "Bearer s3cret-token-0123456789"}})["status"], "ok");
  // The dashboard page holds no data: it loads without the token and asks for it.
  auto page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
}

TEST_F(ServerTest, BeyondLoopbackNeedsAToken) {
  ServeOptions o;
  o.dir = Project();
  o.host = "0.0.0.0";
  o.port = 0;
  try {
    Server s(o);
    FAIL() << "no error";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.kind(), core::ErrorKind::kUsage);
    EXPECT_NE(e.message().find("--host 0.0.0.0: serving beyond this machine needs a token"), std::string::npos);
  }
  EXPECT_TRUE(IsLoopback("127.0.0.1"));
  EXPECT_TRUE(IsLoopback("127.8.0.1"));
  EXPECT_TRUE(IsLoopback("::1"));
  EXPECT_TRUE(IsLoopback("localhost"));
  EXPECT_FALSE(IsLoopback("0.0.0.0"));
  EXPECT_FALSE(IsLoopback("192.168.1.10"));
}

TEST_F(ServerTest, PicksUpANewRun) {
  ServeOptions o;
  o.reload_seconds = 0.05;
  Start(o);
  const Json tiers_before = GetJson("/api/results")["tiers"];
  ASSERT_EQ(tiers_before.size(), 3u);
  // A new run with four named tiers.
  const std::string toml = testing::ReadFile(Project() + "/winnow.toml");
  {
    std::ofstream out(Project() + "/winnow.toml", std::ios::binary | std::ios::app);
    out << "\n[tiers]\nnames = [\"Platinum\", \"Gold\", \"Silver\", \"Bronze\"]\ncuts = [0.5, 0.8, 0.95]\n";
  }
  project::RunProject(project::LoadProjectConfig(Project()));
  {
    std::ofstream out(Project() + "/winnow.toml", std::ios::binary | std::ios::trunc);
    out << toml;
  }
  Json tiers;
  for (int k = 0; k < 200; ++k) {
    tiers = GetJson("/api/results")["tiers"];
    if (tiers.size() == 4) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(tiers.size(), 4u);
  EXPECT_EQ(GetJson("/api/customers?per_page=1")["rows"][0]["tier"], "Platinum");
}

}  // namespace
}  // namespace winnow::server
