// taylordiag/error.hpp -- the one exception type of taylordiag.
//
// Every invalid argument (null pointer, stride smaller than the dimension, output buffer of
// the wrong size, thread cap < 0, ...) raises taylordiag::error, whose message names the
// argument. Exceptions thrown by a user's f are not wrapped: they reach the caller as they
// were thrown, from whichever thread ran f.
#pragma once

#include <stdexcept>
#include <string>

namespace taylordiag {

/// Invalid argument to a taylordiag call; argument() names the offending parameter.
class error : public std::invalid_argument {
 public:
  error(std::string argument, std::string const& message)
      : std::invalid_argument("taylordiag: " + argument + ": " + message),
        argument_(std::move(argument)) {}
  /// The name of the parameter that was rejected (e.g. "x", "gradient", "threads").
  std::string const& argument() const noexcept { return argument_; }

 private:
  std::string argument_;
};

}  // namespace taylordiag
