// Gamma-Gamma spend (model/gamma_gamma.h) against the exact CDNOW optimum, finite differences and
// simulated spend (moved here from bg_nbd_test.cc, issue 11).
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

TEST(GammaGammaLikelihood, GradientMatchesCentralDifferences) {
  Observations data;
  data.frequency = {1, 2, 5, 0};
  data.monetary = {10.5, 33.0, 12.25, 0};
  data.weight = {1, 2, 1, 4};
  const GammaGamma model;
  const std::vector<double> params{6.2, 3.7, 15.4};
  testing::ExpectGradientMatchesCentralDifferences(model, data, params, 1e-6);
}

TEST(GammaGammaFit, RecoversSimulatedParametersWithinThreeStandardErrors) {
  const GammaGammaParams truth{6.0, 3.5, 15.0};
  std::mt19937_64 engine(77);
  std::gamma_distribution<double> nu_dist(truth.q, 1.0 / truth.gamma);
  std::uniform_int_distribution<int> repeat(1, 8);
  Observations data;
  for (int i = 0; i < 20000; ++i) {
    const double nu = nu_dist(engine);
    std::gamma_distribution<double> spend(truth.p, 1.0 / nu);
    const int x = repeat(engine);
    double sum = 0;
    for (int k = 0; k < x; ++k) sum += spend(engine);
    data.frequency.push_back(x);
    data.monetary.push_back(sum / x);
    data.weight.push_back(1);
  }
  testing::ExpectFitRecovers(GammaGamma(), data, {truth.p, truth.q, truth.gamma});
}

}  // namespace
}  // namespace winnow::model
