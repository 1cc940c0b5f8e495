// lib/version.cpp -- version string compiled into the library.
#include "taylordiag/version.hpp"

namespace taylordiag {

const char* version() noexcept {
  return TAYLORDIAG_VERSION_STRING;
}

}  // namespace taylordiag
