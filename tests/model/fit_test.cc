// Fit (model/fit.h) before and around the optimizer: customers observed for no time left out,
// the messages when no customer is left or the data are on no plausible scale; with BG/NBD as
// the model (moved here from bg_nbd_test.cc, issue 11).
#include "model/fit.h"

#include <gtest/gtest.h>

#include "model/bg_nbd.h"
#include "model/model_test_util.h"
#include "model/registry.h"
#include "test_util.h"

namespace winnow::model {
namespace {

// A customer whose first purchase is on the last day (T = 0, x = 0) has likelihood 1 under every
// purchase model: the fit leaves it out and stays at the published optimum.
TEST(Fit, LeavesOutCustomersObservedForNoTime) {
  Observations data = testing::CdnowSummary();
  const FitResult reference = Fit(BgNbd(), data);
  for (int k = 0; k < 3; ++k) {
    data.frequency.push_back(0);
    data.recency.push_back(0);
    data.age.push_back(0);
    data.weight.push_back(1);
  }
  const FitResult fit = Fit(BgNbd(), data);
  EXPECT_EQ(fit.customers, 2357);
  for (size_t k = 0; k < 4; ++k) EXPECT_NEAR(fit.params[k], reference.params[k], 1e-9 * reference.params[k]);
  EXPECT_DOUBLE_EQ(fit.log_likelihood, reference.log_likelihood);
  // The premise, for each purchase model: such a row adds log 1 = 0.
  Observations empty;
  empty.frequency = {0};
  empty.recency = {0};
  empty.age = {0};
  empty.weight = {1};
  for (const char* name : {"bgnbd", "mbgnbd", "pnbd"}) {
    const auto model = FindModel(name).make();
    EXPECT_NEAR(model->LogLikelihood(empty, model->StartingPoint(data), {}, 1), 0.0, 1e-12) << name;
  }
}

// Messages a user can act on (issue 10): how many customers, why they cannot be fitted, what to try.
TEST(Fit, NoCustomersLeftSaysHowManyWereReadAndWhy) {
  Observations data;
  data.frequency = {0};
  data.recency = {0};
  data.age = {0};
  data.weight = {1};
  winnow::testing::ExpectError([&] { Fit(BgNbd(), data); }, core::ErrorKind::kFit,
                               {.rendered = "bgnbd: no customers to fit: the one customer read was observed for no time (T = 0: the first purchase is "
            "on the last day of the period), which tells nothing about purchase rates or dropout\n"
            "hint: bgnbd needs customers observed over a time, some with repeat purchases: use a log that covers more "
            "time, or a later --observation-end"});
  data.frequency = {0, 0, 0};
  data.recency = {0, 0, 0};
  data.age = {10, 12, 0};
  data.weight = {1, 1, 1};
  testing::ExpectNotIdentified(BgNbd(), data, {.rendered = "bgnbd: no customer has a repeat purchase: both customers fitted are one-time buyers, so purchase rates and "
            "dropout cannot be told apart\n"
            "hint: bgnbd needs some customers who bought again on a later day: use a log that covers more time (a later "
            "--observation-end) or more customers; winnow describe shows the repeat buying of a log"});
  winnow::testing::ExpectError([&] { Fit(BgNbd(), Observations{}); }, core::ErrorKind::kFit,
                               {.rendered = "bgnbd: no customers to fit: the data have no rows\n"
            "hint: fit needs a log with purchases (--transactions) or a summary with a row per customer (--summary)"});
}

// "the optimizer failed: bounds 1 fail -30 <= 684.334 <= 30" was NLopt's text for a starting
// point beyond the searched range, from data on no plausible scale.
TEST(Fit, DataOutOfScaleNamesTheParameterAndTheData) {
  Observations data;
  data.frequency = {1, 0, 2};
  data.recency = {1e290, 0, 5};
  data.age = {1e297, 1e297, 10};
  data.weight = {1, 1, 1};
  winnow::testing::ExpectError([&] { Fit(BgNbd(), data); }, core::ErrorKind::kFit,
                               {.rendered = "bgnbd: the data are outside the range the fit can handle: parameter alpha would start at 4.44e+296, and "
            "the fit searches 9.36e-14 to 1.07e+13\n"
            "hint: the largest T (or periods) is 1e+297: check that recency and T are durations in days, weeks or "
            "months (not dates or seconds) and that amounts are in a plausible currency unit"});
}

}  // namespace
}  // namespace winnow::model
