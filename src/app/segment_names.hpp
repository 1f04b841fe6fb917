// The names of `watch`'s segments: DIR/ntpscope-<host>-<UTC start>.trace, e.g.
// ntpscope-ntp1-20261206T193000Z.trace, so that `ls` and a fleet directory sort them by time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ntpscope::app {

// `start`: nanoseconds since the epoch. Characters of `host` that do not belong in a file name
// become '_'.
std::string segment_name(std::string_view host, int64_t start);

// The UTC start stamp ("20261206T193000Z") of a segment's name; nullopt for other files.
std::optional<std::string_view> segment_stamp(std::string_view name);

}  // namespace ntpscope::app
