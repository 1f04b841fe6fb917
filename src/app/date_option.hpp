// The value of --date (strace logs with -t/-tt times) as users type it. The CLI sees import
// only through app.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ntpscope::app {

// "2011-08-26" -> local midnight of that day (ns since the epoch); nullopt if it is no date.
std::optional<int64_t> parse_date_option(std::string_view text);

}  // namespace ntpscope::app
