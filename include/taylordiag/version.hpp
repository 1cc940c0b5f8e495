// taylordiag/version.hpp -- version of the compiled library, for checks at run time.
#pragma once

#include "taylordiag/config.hpp"

namespace taylordiag {

/// Returns the version of the linked library as "MAJOR.MINOR.PATCH" (compare with
/// TAYLORDIAG_VERSION_STRING from the headers to detect a header/library mismatch).
const char* version() noexcept;

}  // namespace taylordiag
