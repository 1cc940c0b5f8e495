// tests/packaging/consumer.cpp -- a program outside the project that uses the installed /
// embedded library: compiles against the public headers and links taylordiag::taylordiag.
#if __has_include(<taylordiag/taylordiag.hpp>)
#include <taylordiag/taylordiag.hpp>
#define CONSUMER_HEADER "taylordiag/taylordiag.hpp"
#else
#include <taylordiag/config.hpp>
#define CONSUMER_HEADER "taylordiag/config.hpp"
#endif

#include <cstdio>
#include <cstring>

#include <taylordiag/version.hpp>

int main() {
  const char* linked = taylordiag::version();
  std::printf("consumer: %s, headers %s, library %s\n", CONSUMER_HEADER, TAYLORDIAG_VERSION_STRING,
              linked);
  return std::strcmp(linked, TAYLORDIAG_VERSION_STRING) == 0 ? 0 : 1;
}
