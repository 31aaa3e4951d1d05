// Included before every test file (tests/CMakeLists.txt): a test here never skips. Every test
// reads only data shipped in the repository, so a test that would skip is a failure, and ctest,
// which reports skipped GoogleTest tests as passed, must not see one.
#pragma once

#include <gtest/gtest.h>

#undef GTEST_SKIP
#define GTEST_SKIP() GTEST_FAIL() << "a test may not skip (tests read only data in the repository): "
