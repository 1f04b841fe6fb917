#include "core/model/errno_names.hpp"

#include <errno.h>
#include <string.h>

#include <charconv>

namespace ntpscope {

namespace {
constexpr int kMaxErrno = 4095;  // the kernel's MAX_ERRNO
}

std::string errno_name(int err) {
    // glibc >= 2.32 knows the symbolic names; EWOULDBLOCK aliases EAGAIN and prints as EAGAIN.
    if (const char* name = strerrorname_np(err)) return name;
    return "E" + std::to_string(err);
}

std::optional<int> parse_errno(std::string_view name) {
    if (name.size() < 2 || name[0] != 'E') return std::nullopt;
    if (name[1] >= '0' && name[1] <= '9') {
        int value = 0;
        auto [end, ec] = std::from_chars(name.data() + 1, name.data() + name.size(), value);
        if (ec == std::errc{} && end == name.data() + name.size() && value > 0 && value <= kMaxErrno)
            return value;
        // Not a number after all: a symbolic name such as E2BIG.
    }
    if (name == "EWOULDBLOCK") return EAGAIN;
    for (int err = 1; err <= kMaxErrno; ++err) {
        const char* known = strerrorname_np(err);
        if (known && name == known) return err;
    }
    return std::nullopt;
}

}  // namespace ntpscope
