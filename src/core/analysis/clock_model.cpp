#include "core/analysis/clock_model.hpp"

namespace ntpscope::analysis {

std::string_view clock_state_name(ClockState s) {
    switch (s) {
        case ClockState::ok: return "TIME_OK";
        case ClockState::ins: return "TIME_INS";
        case ClockState::del: return "TIME_DEL";
        case ClockState::oop: return "TIME_OOP";
        case ClockState::wait: return "TIME_WAIT";
        case ClockState::error: return "TIME_ERROR";
    }
    return "TIME_ERROR";
}

}  // namespace ntpscope::analysis
