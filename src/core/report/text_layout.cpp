#include "core/report/text_layout.hpp"

#include <fmt/format.h>

namespace ntpscope::report {

namespace {
constexpr size_t kWidth = 100;
}  // namespace

std::string TextStyle::paint(std::string_view text, std::string_view sgr) const {
    return colour ? fmt::format("\x1b[{}m{}\x1b[0m", sgr, text) : std::string(text);
}

std::string TextStyle::severity(diff::Severity s) const {
    switch (s) {
        case diff::Severity::critical: return paint("CRITICAL", "1;31");
        case diff::Severity::warning: return paint("WARNING", "1;33");
        case diff::Severity::info: return paint("INFO", "36");
    }
    return "";
}

std::string clean(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n') || u == 0x7f) c = '?';
    }
    return out;
}

std::string wrap(std::string_view text, std::string_view indent) {
    std::string out;
    std::string line(indent);
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(start, end - start);
        if (line.size() > indent.size() && line.size() + 1 + word.size() > kWidth) {
            out += line + "\n";
            line = indent;
        }
        if (line.size() > indent.size()) line += ' ';
        line += word;
        start = end + 1;
    }
    return out + line + "\n";
}

std::string indented(const std::string& block, std::string_view indent) {
    std::string out;
    size_t start = 0;
    while (start < block.size()) {
        const size_t end = block.find('\n', start);
        const std::string_view line = std::string_view(block).substr(start, end - start);
        if (!line.empty()) out += std::string(indent) + std::string(line);
        out += "\n";
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

}  // namespace ntpscope::report
