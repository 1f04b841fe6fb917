#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ntpscope {

// "EAGAIN" for 11; "E123" for a number without a symbolic name.
std::string errno_name(int err);
// Inverse of errno_name, including the "E123" form.
std::optional<int> parse_errno(std::string_view name);

}  // namespace ntpscope
