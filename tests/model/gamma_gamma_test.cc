// Gamma-Gamma spend (model/gamma_gamma.h) against the exact CDNOW optimum (moved here from
// bg_nbd_test.cc, issue 11).
// The gradient check, the recovery of simulated parameters and the "data cannot identify the
// model" error of every model: model_kit_test.cc.
#include "model/gamma_gamma.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "model/fit.h"
#include "model/model_test_util.h"

namespace winnow::model {
namespace {

TEST(GammaGammaFit, ReachesTheExactCdnowOptimum) {
  const Observations data = testing::CdnowSummary(true);
  const FitResult fit = Fit(GammaGamma(), data);
  EXPECT_NEAR(fit.params[0], 6.2488, 0.0005);
  EXPECT_NEAR(fit.params[1], 3.7446, 0.0005);
  EXPECT_NEAR(fit.params[2], 15.4477, 0.0005);
  EXPECT_NEAR(fit.log_likelihood, -4055.92, 0.005);
  EXPECT_EQ(GammaGamma::Usable(data).size(), 946u);
}

}  // namespace
}  // namespace winnow::model
