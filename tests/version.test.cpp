// tests/version.test.cpp -- the compiled library and the headers agree on the version.
#include "taylordiag/version.hpp"

#include <string>

#include <gtest/gtest.h>

TEST(Version, LibraryMatchesHeaders) {
  std::string const expected = std::to_string(TAYLORDIAG_VERSION_MAJOR) + "." +
                               std::to_string(TAYLORDIAG_VERSION_MINOR) + "." +
                               std::to_string(TAYLORDIAG_VERSION_PATCH);
  EXPECT_EQ(std::string(TAYLORDIAG_VERSION_STRING), expected);
  EXPECT_EQ(std::string(taylordiag::version()), expected);
}
