#include "app/segment_names.hpp"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>

namespace ntpscope::app {

namespace {
constexpr std::string_view kPrefix = "ntpscope-";
constexpr std::string_view kSuffix = ".trace";
constexpr size_t kStampSize = 16;  // 20261206T193000Z

bool file_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_';
}
}  // namespace

std::string segment_name(std::string_view host, int64_t start) {
    std::string safe(host.empty() ? "unknown" : host);
    std::replace_if(safe.begin(), safe.end(), [](char c) { return !file_name_char(c); }, '_');
    const time_t seconds = static_cast<time_t>(start / 1'000'000'000);
    tm utc{};
    gmtime_r(&seconds, &utc);
    return fmt::format("{}{}-{:04}{:02}{:02}T{:02}{:02}{:02}Z{}", kPrefix, safe, utc.tm_year + 1900, utc.tm_mon + 1,
                       utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, kSuffix);
}

std::optional<std::string_view> segment_stamp(std::string_view name) {
    if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return std::nullopt;
    name.remove_suffix(kSuffix.size());
    if (name.size() < kPrefix.size() + kStampSize + 1) return std::nullopt;
    std::string_view stamp = name.substr(name.size() - kStampSize);
    if (name[name.size() - kStampSize - 1] != '-') return std::nullopt;
    for (size_t i = 0; i < kStampSize; ++i) {
        const char c = stamp[i];
        const bool ok = i == 8 ? c == 'T' : i == kStampSize - 1 ? c == 'Z' : (c >= '0' && c <= '9');
        if (!ok) return std::nullopt;
    }
    return stamp;
}

}  // namespace ntpscope::app
