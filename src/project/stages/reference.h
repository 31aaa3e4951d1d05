// Stage 9 of the main job: reference customers (segment/reference.h): per segment (tier, type,
// region or owner, as reference.segment_by says), the loyal customers closest to the segment's
// median profile.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "project/stages/accounts.h"
#include "project/stages/ingest.h"
#include "segment/reference.h"

namespace winnow::project {

struct ReferenceStageInput {
  const Ingested* ingested = nullptr;
  const AccountLinks* accounts = nullptr;
  const segment::GapStats* gaps = nullptr;  // per customer (AlertList::gaps)
  const std::vector<double>* p_alive = nullptr;
  const std::vector<uint8_t>* tier = nullptr;
  std::vector<std::string> tier_names;
  std::vector<std::string> segment_by;  // "tier", "type", "region", "owner"
  bool has_customers_table = false;
  segment::ReferenceOptions options;
  Say say;
};

struct ReferenceList {
  std::vector<segment::ReferenceCustomer> customers;  // segments in label order, then rank
  const segment::GapStats* gaps = nullptr;            // per customer, as given
  std::vector<double> tenure_days;                    // per customer
  std::vector<std::string> notes;
};

ReferenceList FindReferences(const ReferenceStageInput& input);

}  // namespace winnow::project
