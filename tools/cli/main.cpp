// tools/cli/main.cpp -- the taylordiag command-line tool (docs/cli.md).
#include <cstdio>
#include <exception>
#include <new>
#include <stdexcept>
#include <string_view>

#include "args.hpp"
#include "cli_error.hpp"
#include "run.hpp"

namespace {

int report(std::string_view message, int status) {
  // taylordiag::error's what() already starts with "taylordiag: ".
  if (message.starts_with("taylordiag: ")) message.remove_prefix(12);
  std::fprintf(stderr, "taylordiag: %.*s\n", int(message.size()), message.data());
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace taylordiag::cli;
  try {
    cli_options const opt = parse_args(argc, argv);
    if (opt.help) {
      std::fputs(help_text().c_str(), stdout);
      return 0;
    }
    if (opt.version) {
      std::fputs(version_text().c_str(), stdout);
      return 0;
    }
    run(opt);
    return 0;
  } catch (usage_error const& e) {
    return report(e.what(), exit_usage);
  } catch (data_error const& e) {
    return report(e.what(), exit_data);
  } catch (std::bad_alloc const&) {
    return report("out of memory", exit_data);
  } catch (std::length_error const&) {  // a std::vector beyond max_size()
    return report("out of memory", exit_data);
  } catch (std::exception const& e) {
    return report(e.what(), exit_data);
  }
}
