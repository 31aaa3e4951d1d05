// Outputs as one unit (issue 10): single files by a temporary file created exclusively and
// renamed (io/output_file.h), winnow run's out/ folder by a staging folder swapped in whole
// (io/output_dir.h), and a run that fails at any point of its write phase (fault injection)
// leaving out/ entirely as the previous run wrote it.
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <thread>

#include "core/error.h"
#include "io/output_dir.h"
#include "io/output_file.h"
#include "project/config.h"
#include "project/run.h"
#include "simulate/simulate.h"
#include "test_util.h"

namespace winnow {
namespace {

namespace fs = std::filesystem;
using core::ErrorKind;
using testing::ExpectError;
using testing::ReadFile;
using testing::TempDir;

// Every entry of `folder` (hidden ones too) with its content ("<dir>" for folders,
// "-> target" for symbolic links).
std::map<std::string, std::string> Contents(const std::string& folder) {
  std::map<std::string, std::string> contents;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_symlink()) {
      contents[name] = "-> " + fs::read_symlink(entry.path()).string();
    } else if (entry.is_directory()) {
      contents[name] = "<dir>";
    } else {
      contents[name] = ReadFile(entry.path().string());
    }
  }
  return contents;
}

std::vector<std::string> Names(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& [name, content] : Contents(folder)) names.push_back(name);
  return names;
}

mode_t CurrentUmask() {
  const mode_t mask = ::umask(022);
  ::umask(mask);
  return mask;
}

mode_t Mode(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

void Commit(const std::string& path, const std::string& text) {
  io::OutputFile file(path);
  file.Write(text);
  file.Commit();
}

TEST(OutputFile, CommitReplacesTheTargetWithAFileOfTheUsualMode) {
  TempDir dir;
  dir.Write("out.csv", "old\n");
  Commit(dir.File("out.csv"), "new\n");
  EXPECT_EQ(Contents(dir.path()), (std::map<std::string, std::string>{{"out.csv", "new\n"}}));
  EXPECT_EQ(Mode(dir.File("out.csv")), 0666 & ~CurrentUmask());  // not mkstemp's 0600
  EXPECT_EQ(io::CreationMode(0777), 0777 & ~CurrentUmask());
}

TEST(OutputFile, WithoutCommitTheTargetIsUntouchedAndNothingIsLeft) {
  TempDir dir;
  dir.Write("out.csv", "old\n");
  {
    io::OutputFile file(dir.File("out.csv"));
    file.Write("half a fi");
    EXPECT_TRUE(fs::exists(file.temp_path()));
  }
  EXPECT_EQ(Contents(dir.path()), (std::map<std::string, std::string>{{"out.csv", "old\n"}}));
}

// The finding: a symbolic link planted at the temporary file's predictable name
// (<out>.tmp-<pid>) was followed, and a file outside the project overwritten.
TEST(OutputFile, NeverWritesThroughASymlinkPlantedAtATemporaryName) {
  TempDir dir, outside;
  const std::string victim = outside.Write("victim.txt", "precious\n");
  fs::create_directories(dir.File("project"));
  const std::string target = dir.File("project/out.csv");
  std::vector<std::string> planted = {fmt::format("out.csv.tmp-{}", ::getpid())};
  for (const char* suffix : {"AAAAAA", "aaaaaa", "000000", "XXXXXX", "abc123"}) {
    planted.push_back(io::internal::TempPrefix("out.csv") + suffix);
  }
  for (const std::string& name : planted) fs::create_symlink(victim, dir.File("project/" + name));
  Commit(target, "new\n");
  EXPECT_EQ(ReadFile(victim), "precious\n");
  EXPECT_EQ(Contents(outside.path()), (std::map<std::string, std::string>{{"victim.txt", "precious\n"}}));
  EXPECT_FALSE(fs::is_symlink(target));
  EXPECT_EQ(ReadFile(target), "new\n");
  for (const std::string& name : planted) EXPECT_TRUE(fs::is_symlink(dir.File("project/" + name))) << name;
}

TEST(OutputFile, TemporaryNamesAreFreshAndUnpredictable) {
  TempDir dir;
  io::OutputFile a(dir.File("out.csv")), b(dir.File("out.csv"));
  EXPECT_NE(a.temp_path(), b.temp_path());
  for (const io::OutputFile* file : {&a, &b}) {
    const std::string name = fs::path(file->temp_path()).filename().string();
    EXPECT_TRUE(io::internal::IsTempName(name, "out.csv")) << name;
    EXPECT_EQ(name.find(std::to_string(::getpid())), std::string::npos) << name;
  }
}

// A killed winnow leaves its temporary file; the next writer of the same target removes it,
// but not one that a live writer holds, nor anything that is not winnow's.
TEST(OutputFile, RemovesTheTemporariesOfKilledWritersOnly) {
  TempDir dir;
  const std::string stale = io::internal::TempPrefix("out.csv") + "Stale1";
  dir.Write(stale, "left by a killed run");
  const std::string other = io::internal::TempPrefix("other.csv") + "Stale1";
  dir.Write(other, "another target's");
  dir.Write("out.csv.tmp-123", "older versions' name: not ours to judge");
  const std::string stale_link = io::internal::TempPrefix("out.csv") + "Link11";
  fs::create_symlink(dir.File("nowhere"), dir.File(stale_link));
  io::OutputFile busy(dir.File("out.csv"));  // a writer still at work
  Commit(dir.File("out.csv"), "new\n");
  const std::vector<std::string> names = Names(dir.path());
  EXPECT_EQ(std::count(names.begin(), names.end(), stale), 0);
  for (const std::string& kept : {other, std::string("out.csv.tmp-123"), stale_link,
                                  fs::path(busy.temp_path()).filename().string(), std::string("out.csv")}) {
    EXPECT_EQ(std::count(names.begin(), names.end(), kept), 1) << kept;
  }
}

TEST(OutputFile, WriteErrorsAreIoErrors) {
  ExpectError(
      [] {
        io::OutputFile file("/dev/full");
        file.Write("x");
        file.Commit();
      },
      ErrorKind::kIo, {.rendered = "/dev/full: cannot write: No space left on device"});
  TempDir dir;
  dir.Write("file", "");
  ExpectError([&] { io::OutputFile file(dir.File("file/out.csv")); }, ErrorKind::kIo,
              {.rendered = dir.File("file/out.csv") + ": cannot create output file: Not a directory"});
}

// Writes `files` through an OutputDir replacing `target`, committing unless `fail_before_commit`.
void WriteFolder(const std::string& target, const std::map<std::string, std::string>& files,
                 io::OutputDir::Options options = {}) {
  io::OutputDir out(target, std::move(options));
  for (const auto& [name, text] : files) Commit(out.File(name), text);
  out.Commit();
}

const std::map<std::string, std::string> kOld = {{"a.csv", "old a\n"}, {"b.csv", "old b\n"}, {"c.json", "{}\n"}};
const std::map<std::string, std::string> kNew = {{"a.csv", "new a\n"}, {"b.csv", "new b\n"}};

TEST(OutputDir, FirstWriteCreatesTheFolderThenEachWriteReplacesItWhole) {
  TempDir dir;
  WriteFolder(dir.File("nested/out"), kOld);
  EXPECT_EQ(Contents(dir.File("nested/out")), kOld);
  EXPECT_EQ(Mode(dir.File("nested/out")), 0777 & ~CurrentUmask());
  ::chmod(dir.File("nested/out").c_str(), 0750);
  WriteFolder(dir.File("nested/out"), kNew);
  EXPECT_EQ(Contents(dir.File("nested/out")), kNew);  // c.json of the old one is gone too
  EXPECT_EQ(Mode(dir.File("nested/out")), 0750u);     // the previous folder's mode
  // Beside it only the lock file.
  EXPECT_EQ(Names(dir.File("nested")), (std::vector<std::string>{".out.winnow-lock", "out"}));
}

TEST(OutputDir, AnErrorBeforeCommitLeavesThePreviousFolderAndNoStaging) {
  TempDir dir;
  WriteFolder(dir.File("out"), kOld);
  std::string staging;
  {
    io::OutputDir out(dir.File("out"), {});
    staging = out.staging();
    Commit(out.File("a.csv"), "new a\n");
    EXPECT_TRUE(fs::is_directory(staging));
    EXPECT_EQ(fs::path(staging).parent_path(), fs::path(dir.path()));
    EXPECT_TRUE(io::internal::IsTempName(fs::path(staging).filename().string(), "out"));
    EXPECT_EQ(Mode(staging), 0700u);  // mkdtemp's, until swapped in
  }
  EXPECT_FALSE(fs::exists(staging));
  EXPECT_EQ(Contents(dir.File("out")), kOld);
  EXPECT_EQ(Names(dir.path()), (std::vector<std::string>{".out.winnow-lock", "out"}));
}

TEST(OutputDir, ReplacesTheFolderASymlinkPointsTo) {
  TempDir dir, elsewhere;
  WriteFolder(elsewhere.File("results"), kOld);
  fs::create_symlink(elsewhere.File("results"), dir.File("out"));
  WriteFolder(dir.File("out"), kNew);
  EXPECT_TRUE(fs::is_symlink(dir.File("out")));
  EXPECT_EQ(Contents(elsewhere.File("results")), kNew);
  EXPECT_EQ(Names(elsewhere.path()), (std::vector<std::string>{".results.winnow-lock", "results"}));
}

TEST(OutputDir, RemovesTheStagingFoldersOfKilledWritersOnly) {
  TempDir dir;
  WriteFolder(dir.File("out"), kOld);
  const std::string killed = io::internal::TempPrefix("out") + "Kill3d";
  fs::create_directories(dir.File(killed + "/sub"));
  dir.Write(killed + "/customers.csv", "partial");
  fs::create_symlink(dir.File("out"), dir.File(killed + "/link"));  // removed, not followed
  const std::string other = io::internal::TempPrefix("other") + "Kill3d";
  fs::create_directories(dir.File(other));
  const std::string file_named_like_ours = io::internal::TempPrefix("out") + "File00";
  dir.Write(file_named_like_ours, "a file, not a folder: not ours to remove here");
  WriteFolder(dir.File("out"), kNew);
  EXPECT_EQ(Contents(dir.File("out")), kNew);
  EXPECT_EQ(Names(dir.path()), (std::vector<std::string>{".other.winnow-Kill3d", ".out.winnow-File00", ".out.winnow-lock", "out"}));
}

TEST(OutputDir, RefusesToReplaceAFolderHoldingOtherFiles) {
  TempDir dir;
  dir.Write("notes.txt", "mine");
  io::OutputDir::Options options;
  options.owned = [](std::string_view name) { return name.size() > 4 && name.substr(name.size() - 4) == ".csv"; };
  options.foreign_hint = "move it away";
  fs::create_directories(dir.File("out"));
  dir.Write("out/a.csv", "old");
  dir.Write("out/notes.txt", "mine");
  const std::string expected = dir.File("out") + ": holds \"notes.txt\", which is not an output of winnow; the folder "
                               "is replaced as a whole by each run, so nothing is written\nhint: move it away";
  ExpectError([&] { io::OutputDir::Check(dir.File("out"), options); }, ErrorKind::kIo, {.rendered = expected});
  ExpectError([&] { WriteFolder(dir.File("out"), kNew, options); }, ErrorKind::kIo, {.rendered = expected});
  EXPECT_EQ(ReadFile(dir.File("out/a.csv")), "old");
  ExpectError([&] { WriteFolder(dir.File("notes.txt"), kNew); }, ErrorKind::kIo,
              {.rendered = dir.File("notes.txt") + ": exists and is not a folder"});
  ExpectError([&] { WriteFolder("/", kNew); }, ErrorKind::kIo,
              {.rendered = "/: cannot be replaced as a whole: name a folder of its own for the outputs"});
}

// Two writers of the same folder: the second waits (and says so) until the first is done.
TEST(OutputDir, OneWriterAtATime) {
  TempDir dir;
  std::mutex mutex;
  std::condition_variable changed;
  bool waiting = false;
  auto first = std::make_unique<io::OutputDir>(dir.File("out"), io::OutputDir::Options{});
  Commit(first->File("a.csv"), "first\n");
  std::string said;
  std::thread second([&] {
    io::OutputDir::Options options;
    options.say = [&](const std::string& line) {
      std::lock_guard<std::mutex> lock(mutex);
      said = line;
      waiting = true;
      changed.notify_all();
    };
    WriteFolder(dir.File("out"), {{"b.csv", "second\n"}}, options);
  });
  {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return waiting; });
  }
  first->Commit();
  first.reset();
  second.join();
  EXPECT_EQ(said, "waiting for another winnow writing " + dir.File("out") + " to finish");
  EXPECT_EQ(Contents(dir.File("out")), (std::map<std::string, std::string>{{"b.csv", "second\n"}}));
}

// A small project (2,000 simulated BG/NBD customers, no customers table) observed to the end of
// its log or `days_earlier`: two runs that differ in every file but the header-only accounts.csv.
void WriteProject(const TempDir& dir, int days_earlier) {
  simulate::SimulateOptions o;
  o.purchase = {0.5, 8, 0.6, 3};
  o.spend = simulate::GammaGammaParams{6, 4, 60};
  o.customers = 2000;
  o.seed = 5;
  o.start = core::DaysFromCivil(2024, 1, 1);
  o.cohort_length = 26;
  o.observation_length = 104;
  const simulate::SimulatedLog log = simulate::SimulateBgNbd(o);
  if (!fs::exists(dir.File("data/orders.csv"))) {
    fs::create_directories(dir.File("data"));
    simulate::WriteSimulatedCsv(log, o, dir.File("data/orders.csv"));
  }
  dir.Write("winnow.toml", fmt::format("[input]\ntransactions = \"data/orders.csv\"\n[period]\nobservation_end = \"{}\"\n"
                                       "[model]\nname = \"bgnbd\"\n",
                                       core::FormatDay(log.end - days_earlier)));
}

// The finding: kill -9 or a full disk during the write phase left out/ with some files of the
// new run and some of the previous one. Now a failure after any output (or right after the
// swap) leaves out/ entirely old (entirely new once swapped), and no staging folder behind.
TEST(RunOutputs, AFailureAtAnyPointOfTheWritePhaseLeavesNoMix) {
  TempDir dir;
  // Each run marks the alerts new since the previous one's: the new run follows an old one, as below.
  WriteProject(dir, 0);
  project::RunProject(project::LoadProjectConfig(dir.path()));
  WriteProject(dir, 28);
  project::RunProject(project::LoadProjectConfig(dir.path()));
  const auto after_new = Contents(dir.File("out"));
  WriteProject(dir, 0);
  project::RunOptions with_report;
  with_report.more_outputs = [](const std::string& folder) -> std::vector<std::string> {
    Commit(folder + "/report.html", "<html>\n");
    return {"report.html"};
  };
  project::RunProject(project::LoadProjectConfig(dir.path()), with_report);
  const auto before = Contents(dir.File("out"));
  ASSERT_EQ(before.size(), 8u);
  for (const auto& [name, text] : after_new) {
    if (name != "accounts.csv") {
      EXPECT_NE(before.at(name), text) << name;
    }
  }
  WriteProject(dir, 28);
  for (const char* point : {"customers.csv", "alerts.csv", "reference_customers.csv", "accounts.csv", "model.json",
                            "spend_model.json", "results.json", "report.html", "swapped"}) {
    project::RunOptions options = with_report;
    options.after_output = [&](const std::string& name) {
      if (name == point) throw core::Error(core::ErrorKind::kIo, "injected: the disk is full");
    };
    SCOPED_TRACE(point);
    ExpectError([&] { project::RunProject(project::LoadProjectConfig(dir.path()), options); }, ErrorKind::kIo,
                {.rendered = "injected: the disk is full"});
    auto expected = before;
    if (std::string(point) == "swapped") {
      expected = after_new;
      expected["report.html"] = "<html>\n";
    }
    EXPECT_EQ(Contents(dir.File("out")), expected) << point;
    EXPECT_EQ(Names(dir.path()), (std::vector<std::string>{".out.winnow-lock", "data", "out", "winnow.toml"})) << point;
  }
}

// An out/ from an older winnow, with its never-removed "<file>.tmp-<pid>" leftovers, is replaced
// whole; a file winnow did not write stops the run before any work, with the way out.
TEST(RunOutputs, OlderOutFoldersAreReplacedAndForeignFilesRefused) {
  TempDir dir;
  WriteProject(dir, 0);
  fs::create_directories(dir.File("out"));
  dir.Write("out/customers.csv", "from an older winnow");
  dir.Write("out/alerts.csv.tmp-4242", "left by a killed older winnow");
  dir.Write("out/.report.html.winnow-Ab12Cd", "left by a killed winnow report");
  project::RunProject(project::LoadProjectConfig(dir.path()));
  EXPECT_EQ(Names(dir.File("out")), (std::vector<std::string>{"accounts.csv", "alerts.csv", "customers.csv", "model.json",
                                                              "reference_customers.csv", "results.json", "spend_model.json"}));
  dir.Write("out/my notes.txt", "mine");
  std::vector<std::string> said;
  project::RunOptions options;
  options.say = [&](const std::string& line) { said.push_back(line); };
  ExpectError([&] { project::RunProject(project::LoadProjectConfig(dir.path()), options); }, ErrorKind::kIo,
              {.rendered = dir.File("out") + ": holds \"my notes.txt\", which is not an output of winnow; the folder is "
                                             "replaced as a whole by each run, so nothing is written\nhint: move it "
                                             "away, or set output.dir in " +
                           dir.File("winnow.toml") + " to a folder of its own"});
  EXPECT_TRUE(said.empty());  // not even the log was read
}

// output.dir naming a folder elsewhere behaves the same: staged beside it, swapped in whole.
TEST(RunOutputs, AnOutputFolderElsewhereIsReplacedTheSameWay) {
  TempDir dir, elsewhere;
  WriteProject(dir, 0);
  dir.Write("winnow.toml", ReadFile(dir.File("winnow.toml")) + "[output]\ndir = \"" + elsewhere.File("results/latest") + "\"\n");
  project::RunProject(project::LoadProjectConfig(dir.path()));
  const auto first = Contents(elsewhere.File("results/latest"));
  EXPECT_EQ(first.size(), 7u);
  project::RunOptions options;
  options.after_output = [](const std::string& name) {
    if (name == "accounts.csv") throw core::Error(core::ErrorKind::kIo, "injected");
  };
  ExpectError([&] { project::RunProject(project::LoadProjectConfig(dir.path()), options); }, ErrorKind::kIo,
              {.rendered = "injected"});
  EXPECT_EQ(Contents(elsewhere.File("results/latest")), first);
  EXPECT_EQ(Names(elsewhere.File("results")), (std::vector<std::string>{".latest.winnow-lock", "latest"}));
  EXPECT_FALSE(fs::exists(dir.File("out")));
}

}  // namespace
}  // namespace winnow
