// tools/cli/progress.cpp -- drawing the progress bar.
#include "progress.hpp"

#include <cstdio>
#include <utility>

namespace taylordiag::cli {

progress_bar::progress_bar(bool enabled, bool terminal, std::chrono::milliseconds delay,
                           std::function<void(std::string_view)> write)
    : enabled_(enabled),
      terminal_(terminal),
      delay_(delay),
      write_(std::move(write)),
      start_(clock::now()) {}

progress_bar::~progress_bar() {
  if (drawn_ && terminal_) write_("\r\033[K");
}

void progress_bar::phase(std::string label, std::size_t total, std::string unit) {
  label_ = std::move(label);
  unit_ = std::move(unit);
  total_ = total;
  update(0);
}

void progress_bar::update(std::size_t done) {
  if (!enabled_) return;
  auto const now = clock::now();
  if (now - start_ < delay_) return;
  auto const interval = terminal_ ? std::chrono::milliseconds(100) : std::chrono::seconds(1);
  if (drawn_ && now - last_draw_ < interval) return;
  draw(done, now);
}

void progress_bar::draw(std::size_t done, clock::time_point now) {
  constexpr int width = 30;
  double const fraction = total_ ? double(done) / double(total_) : 0.0;
  double const seconds = std::chrono::duration<double>(now - start_).count();
  char text[256];
  std::string bar(width, ' ');
  for (int i = 0; i < int(fraction * width + 0.5) && i < width; ++i) bar[std::size_t(i)] = '#';
  if (terminal_) {
    std::snprintf(text, sizeof text, "\rtaylordiag: %-10s [%s] %3d%%  %zu/%zu %s  %.1f s\033[K",
                  label_.c_str(), bar.c_str(), int(fraction * 100), done, total_, unit_.c_str(),
                  seconds);
  } else {
    std::snprintf(text, sizeof text, "taylordiag: %s %d%% (%zu/%zu %s, %.1f s)\n", label_.c_str(),
                  int(fraction * 100), done, total_, unit_.c_str(), seconds);
  }
  write_(text);
  drawn_ = true;
  last_draw_ = now;
}

void progress_bar::finish(std::string_view summary) {
  if (!drawn_) return;
  double const seconds = std::chrono::duration<double>(clock::now() - start_).count();
  char text[64];
  std::snprintf(text, sizeof text, " in %.1f s", seconds);
  std::string line = terminal_ ? "\rtaylordiag: " : "taylordiag: ";
  line += summary;
  line += text;
  line += terminal_ ? "\033[K\n" : "\n";
  write_(line);
  drawn_ = false;  // nothing left to clear
}

}  // namespace taylordiag::cli
