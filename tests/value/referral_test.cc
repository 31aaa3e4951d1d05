// Referral value: credit for referred customers, referral rates shrunk to the population rate,
// and the heterogeneity of referral rates recovered from simulated counts.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "value/referral.h"

namespace winnow::value {
namespace {

TEST(ReferralValue, CreditsReferredCustomersAndShrinksRates) {
  // Customer 0 referred 1 and 2; customer 3 referred nobody.
  ReferralInput in{{0, 0}, {1, 2}};
  const std::vector<double> exposure = {10, 5, 4, 10}, revenue = {100, 40, 60, 80}, clv = {50, 20, 30, 10},
                            p_alive = {0.9, 0.8, 0.7, 0.5};
  ReferralOptions o;
  o.incremental_share = 0.5;
  o.margin = 0.3;
  o.horizon = 8;
  o.discount_rate = 0.01;
  const ReferralValues v = ComputeReferralValues(in, exposure, revenue, clv, p_alive, o);
  EXPECT_EQ(v.referral_count, 2u);
  EXPECT_EQ(v.referrals[0], 2u);
  EXPECT_DOUBLE_EQ(v.realized[0], 0.3 * (40 + 60));  // history: not scaled, not in the value
  EXPECT_DOUBLE_EQ(v.referred[0], 0.5 * (20 + 30));
  EXPECT_DOUBLE_EQ(v.typical_referred_value, ((0.3 * 40 + 20) + (0.3 * 60 + 30)) / 2);
  EXPECT_DOUBLE_EQ(v.population_rate, 2.0 / 29);
  const double m = v.population_rate, k = v.prior_shape;
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(v.rate[i], (k + v.referrals[i]) / (k / m + exposure[i]), 1e-12);
    EXPECT_NEAR(v.future[i], v.rate[i] * 8 * p_alive[i] * v.typical_referred_value * std::pow(1.01, -4), 1e-12);
    EXPECT_DOUBLE_EQ(v.total[i], v.referred[i] + v.future[i]);
  }
  EXPECT_GT(v.rate[0], v.rate[3]);  // the active referrer keeps a higher rate, shrunk towards m
  EXPECT_EQ(v.realized[3], 0.0);
}

TEST(ReferralValue, NoReferralsMeansNoReferralValue) {
  const ReferralValues v = ComputeReferralValues({}, {1, 2}, {1, 2}, {1, 2}, {0.5, 0.5}, {});
  EXPECT_EQ(v.total, std::vector<double>({0, 0}));
  EXPECT_EQ(v.population_rate, 0.0);
}

TEST(ReferralValue, RecoversTheHeterogeneityOfReferralRates) {
  // Rates lambda ~ Gamma(shape 0.8, mean 0.05); counts ~ Poisson(lambda e), e uniform on [20, 100].
  std::mt19937_64 rng(7);
  const double shape = 0.8, mean = 0.05;
  std::gamma_distribution<double> rate(shape, mean / shape);
  std::uniform_real_distribution<double> exposure_draw(20, 100);
  const size_t n = 40000;
  std::vector<double> exposure(n), zeros(n, 0.0), ones(n, 1.0);
  ReferralInput in;
  for (size_t i = 0; i < n; ++i) {
    exposure[i] = exposure_draw(rng);
    const int count = std::poisson_distribution<int>(rate(rng) * exposure[i])(rng);
    for (int c = 0; c < count; ++c) {
      in.referrer.push_back(static_cast<uint32_t>(i));
      in.referred.push_back(static_cast<uint32_t>((i + 1) % n));  // who is referred does not matter here
    }
  }
  const ReferralValues v = ComputeReferralValues(in, exposure, zeros, zeros, ones, {});
  EXPECT_NEAR(v.population_rate, mean, 0.05 * mean);
  EXPECT_NEAR(v.prior_shape, shape, 0.1 * shape);
}

}  // namespace
}  // namespace winnow::value
