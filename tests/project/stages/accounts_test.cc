// Stage 6, accounts: customers linked to the customers table and its parents.
#include "project/stages/accounts.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "project/stages/stage_test_util.h"

namespace winnow::project {
namespace {

using testing::kSixCustomers;
using testing::TinyProject;
using winnow::testing::ExpectError;
using winnow::testing::TempDir;

const char* kTable =
    "customer_id,name,type,region,owner,parent_id,potential\n"
    "G1,Group one,group,North,Ann,,\n"
    "A,Alpha,hospital,North,Ann,G1,1000\n"
    "B,Beta,pharmacy,South,Bob,G1,\n"
    "C,Gamma,hospital,South,Bob,,500\n"
    "X,Prospect,practice,North,Ann,,80\n";

TEST(AccountsStage, LinksCustomersToTheirAccounts) {
  TempDir dir;
  dir.Write("customers.csv", kTable);
  const ProjectConfig config = TinyProject(dir, kSixCustomers, "customers = \"customers.csv\"\n");
  const Ingested in = Ingest({&config, {}});
  std::vector<double> revenue(in.customers(), 0);
  revenue[in.RowOf("A")] = 400;
  revenue[in.RowOf("C")] = 600;
  const AccountLinks links = LinkAccounts({&in, &revenue, config.Resolve(config.customers), config.customers, "", false});
  EXPECT_EQ(links.account_count, 5u);
  EXPECT_EQ(links.parent_accounts, 1u);
  EXPECT_EQ(links.prospects, 1u);           // X: no purchase, a potential, no children
  EXPECT_EQ(links.unlisted_customers, 3u);  // D, E, F
  ASSERT_EQ(links.notes.size(), 1u);
  EXPECT_EQ(links.notes[0],
            "3 customers of the log are not in customers.csv: they have no type, region, owner or parent");
  const size_t a = in.RowOf("A"), b = in.RowOf("B"), c = in.RowOf("C"), d = in.RowOf("D");
  EXPECT_EQ(links.Field(links.accounts.name, a), "Alpha");
  EXPECT_EQ(links.Field(links.accounts.parent_id, b), "G1");
  EXPECT_EQ(links.Field(links.accounts.owner, d), "");
  EXPECT_EQ(links.account_of[d], kNoRow);
  EXPECT_DOUBLE_EQ(links.upside[a], 600);
  EXPECT_DOUBLE_EQ(links.share_of_wallet[a], 0.4);
  EXPECT_DOUBLE_EQ(links.upside[c], -100);
  EXPECT_TRUE(std::isnan(links.potential[b]) && std::isnan(links.upside[b]) && std::isnan(links.share_of_wallet[b]));
  EXPECT_EQ(links.tree.children[links.account_of[a]], 0u);
  EXPECT_EQ(links.tree.depth[links.account_of[a]], 1u);
}

TEST(AccountsStage, WithoutATableNobodyHasAnAccount) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  const std::vector<double> revenue(in.customers(), 10);
  const AccountLinks links = LinkAccounts({&in, &revenue, "", "", "", false});
  EXPECT_EQ(links.accounts.size(), 0u);
  EXPECT_EQ(links.account_count + links.parent_accounts + links.prospects + links.unlisted_customers, 0u);
  for (size_t i = 0; i < in.customers(); ++i) {
    EXPECT_EQ(links.account_of[i], kNoRow);
    EXPECT_TRUE(std::isnan(links.upside[i]));
  }
}

TEST(AccountsStage, AParentColumnOfTheLogMakesTheTopLevel) {
  TempDir dir;
  dir.Write("orders.csv", "customer_id,date,amount,country\nA,2024-01-05,10,DE\nA,2024-03-05,10,DE\n"
                          "B,2024-02-01,5,AT\nB,2024-06-01,5,AT\nC,2024-04-01,7,DE\n");
  dir.Write("winnow.toml", "[input]\ntransactions = \"orders.csv\"\nparent_column = \"country\"\n");
  const ProjectConfig config = LoadProjectConfig(dir.path());
  const Ingested in = Ingest({&config, {}});
  const std::vector<double> revenue(in.customers(), 1);
  const AccountLinks links = LinkAccounts({&in, &revenue, "", "", "country", false});
  EXPECT_EQ(links.parent_accounts, 2u);
  EXPECT_EQ(links.unlisted_customers, 0u);
  EXPECT_TRUE(links.notes.empty());
  EXPECT_EQ(links.Field(links.accounts.parent_id, in.RowOf("A")), "DE");
  EXPECT_EQ(links.Field(links.accounts.parent_id, in.RowOf("B")), "AT");
  EXPECT_EQ(links.Field(links.accounts.parent_id, in.RowOf("C")), "DE");
}

TEST(AccountsStage, AnUnknownParentIsAnErrorWithItsPlace) {
  TempDir dir;
  dir.Write("customers.csv", "customer_id,parent_id\nA,G9\nB,\n");
  const ProjectConfig config = TinyProject(dir, kSixCustomers, "customers = \"customers.csv\"\n");
  const Ingested in = Ingest({&config, {}});
  const std::vector<double> revenue(in.customers(), 1);
  ExpectError([&] { LinkAccounts({&in, &revenue, config.Resolve(config.customers), config.customers, "", false}); },
              core::ErrorKind::kInput,
              {.rendered = dir.File("customers.csv") + ":2:2: column \"parent_id\": parent \"G9\" of customer \"A\" is "
                                                       "not a customer_id of this table\nhint: did you mean \"A\"?"});
}

}  // namespace
}  // namespace winnow::project
