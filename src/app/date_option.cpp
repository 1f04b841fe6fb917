#include "app/date_option.hpp"

#include "core/import/strace/clock.hpp"

namespace ntpscope::app {

std::optional<int64_t> parse_date_option(std::string_view text) { return import::strace::parse_local_date(text); }

}  // namespace ntpscope::app
