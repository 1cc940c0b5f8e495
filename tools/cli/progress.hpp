// tools/cli/progress.hpp -- a progress bar on standard error, only for runs over a second.
//
// Nothing is drawn during the first `delay` of the run (1 s by default), so quick runs stay
// silent. On a terminal the bar is redrawn in place at most 10 times a second and cleared
// at the end; otherwise (--progress with standard error redirected) one line per second.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace taylordiag::cli {

class progress_bar {
 public:
  using clock = std::chrono::steady_clock;

  /// enabled false draws nothing ever; terminal picks in-place redrawing; write receives the
  /// text (standard error in the tool, a string in the tests).
  progress_bar(bool enabled, bool terminal, std::chrono::milliseconds delay,
               std::function<void(std::string_view)> write);
  /// Clears a bar drawn in place, so that an error message that follows stays one line.
  ~progress_bar();
  progress_bar(progress_bar const&) = delete;
  progress_bar& operator=(progress_bar const&) = delete;

  /// Starts a phase ("reading", "evaluating", "writing") of `total` units named `unit`.
  void phase(std::string label, std::size_t total, std::string unit);
  /// Reports `done` of the phase's total units; cheap enough to call per chunk.
  void update(std::size_t done);
  /// Ends the run: a drawn bar is replaced by one summary line ("... in 2.3 s").
  void finish(std::string_view summary);
  /// True once anything was drawn.
  bool drawn() const noexcept { return drawn_; }

 private:
  void draw(std::size_t done, clock::time_point now);

  bool enabled_, terminal_, drawn_ = false;
  clock::duration delay_;
  std::function<void(std::string_view)> write_;
  clock::time_point start_, last_draw_{};
  std::string label_, unit_;
  std::size_t total_ = 0;
};

}  // namespace taylordiag::cli
