// The tables medical affairs keeps about external experts (README "Experts"): the experts, and their
// publications, clinical trials, talks and memberships, one CSV table each (all but the experts
// optional). Readers name file, line and column for a bad cell (core::Error(kInput)); an activity
// row whose expert_id is not in the experts table is an error at its line; an exact duplicate
// row (every column equal) is counted and read once (ExpertTables::duplicates).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace winnow::expert {

struct Expert {
  std::string id, name, specialty, institution, country;
  std::string customer_id;  // the account where the expert works (customers table), or empty
  uint64_t line = 0;
};

// The columns (a missing required column is an error; other columns are ignored):
//   experts:      expert_id; optional name (the id when empty), specialty, institution, country, customer_id
//   publications: pub_id, expert_id, year, author_position; optional journal, citations, impact, keywords
//   trials:       trial_id, expert_id, phase, role, start_year; optional status
//   talks:        event, expert_id, year, level, role
//   memberships:  body, expert_id, kind, from; optional to (empty: ongoing)
// Codes are matched without regard to case, with spaces and hyphens read as '_'. Accepted:
//   author_position: first or 1; last or N; middle or k, or any whole number from 2 (a middle author)
//   phase: I, II, III, IV, 1-4, "phase I".."phase IV"
//   role (trials): principal_investigator or PI; sub_investigator, subinvestigator, sub or SI;
//                  steering_committee or steering
//   level: international, national, regional, local
//   role (talks): keynote, chair, speaker, panel or panelist
//   kind: guideline_committee or guideline; advisory_board or advisory; society_board or society;
//         editorial_board or editorial
// Years are whole numbers from 1900 to 2199; citations and impact numbers >= 0 (empty: not given).
enum class AuthorPosition : uint8_t { kFirst, kLast, kMiddle };          // first / last / middle (or 1, N, k)
enum class TrialPhase : uint8_t { kI, kII, kIII, kIV };                   // I, II, III, IV (or 1-4)
// principal_investigator, sub_investigator, steering_committee
enum class TrialRole : uint8_t { kPrincipal, kSub, kSteering };
enum class TalkLevel : uint8_t { kInternational, kNational, kRegional, kLocal };
enum class TalkRole : uint8_t { kKeynote, kChair, kSpeaker, kPanel };
enum class BodyKind : uint8_t { kGuidelineCommittee, kAdvisoryBoard, kSocietyBoard, kEditorialBoard };

// Rows refer to experts by index into ExpertTables::experts. Missing optional numbers are NaN;
// missing keywords empty.
struct Authorship {
  uint32_t pub = 0;  // index into ExpertTables::pub_ids (co-authors share it)
  uint32_t expert = 0;
  int year = 0;
  AuthorPosition position = AuthorPosition::kMiddle;
  double citations = 0;  // NaN when not given
  double impact = 0;     // journal impact factor; NaN when not given
  std::string journal;
  std::string keywords;  // as written (separated by ';' or ','), lower-cased
};
struct TrialRoleRow {
  uint32_t trial = 0;  // index into ExpertTables::trial_ids (co-investigators share it)
  uint32_t expert = 0;
  TrialPhase phase = TrialPhase::kII;
  TrialRole role = TrialRole::kSub;
  int start_year = 0;
  std::string status;
};
struct Talk {
  uint32_t event = 0;  // index into ExpertTables::events (co-speakers share it)
  uint32_t expert = 0;
  int year = 0;
  TalkLevel level = TalkLevel::kLocal;
  TalkRole role = TalkRole::kSpeaker;
};
struct Membership {
  uint32_t body = 0;  // index into ExpertTables::bodies
  uint32_t expert = 0;
  BodyKind kind = BodyKind::kAdvisoryBoard;
  int from = 0, to = 0;  // years; `to` 0 when ongoing
};

struct ExpertTables {
  std::vector<Expert> experts;
  std::vector<std::string> pub_ids, trial_ids, events, bodies;
  std::vector<Authorship> authorships;
  std::vector<TrialRoleRow> trials;
  std::vector<Talk> talks;
  std::vector<Membership> memberships;
  uint64_t duplicates = 0;  // exact duplicate rows read once
};

// Paths of the tables; empty: not given (the experts table is required).
struct ExpertPaths {
  std::string experts, publications, trials, talks, memberships;
};

// Reads the tables. Throws core::Error(kInput) for a missing column, an unknown code (listing the
// accepted ones), a year outside 1900..2199, a negative citation count or impact, an expert id
// listed twice in the experts table, and an activity row naming an unknown expert (file:line).
// Exact duplicate rows (every column of the file equal; in the experts table too) are skipped
// before these checks. Ids (pub_id, trial_id, event, body) are interned in order of first use.
ExpertTables ReadExpertTables(const ExpertPaths& paths);

}  // namespace winnow::expert
