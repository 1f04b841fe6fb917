#include "checking_sink.hpp"

#include <cstdlib>

namespace ntpscope::fuzz {

namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

}  // namespace

void check_message(std::string_view message) {
    if (message.empty()) std::abort();
    for (char c : message)
        if (is_control(static_cast<unsigned char>(c))) {
            std::fprintf(stderr, "message with a control character: %.*s\n", static_cast<int>(message.size()),
                         message.data());
            std::abort();
        }
}

CheckingSink::CheckingSink() : null_(std::fopen("/dev/null", "we"), &std::fclose), writer_(null_.get()) {
    if (!null_) std::abort();
}

}  // namespace ntpscope::fuzz
