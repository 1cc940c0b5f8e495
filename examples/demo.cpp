// examples/demo.cpp -- placeholder until the real demo lands: proves the build and link work.
#include <cstdio>

#include "taylordiag/version.hpp"

int main() {
  std::printf("taylordiag %s: placeholder demo (the real demo is coming)\n", taylordiag::version());
  return 0;
}
