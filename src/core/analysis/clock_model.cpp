#include "core/analysis/clock_model.hpp"

#include "core/model/errno_names.hpp"

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

std::string ClockWriter::errno_names() const {
    std::string out;
    for (int32_t err : errnos) out += (out.empty() ? "" : ", ") + errno_name(err);
    return out;
}

std::vector<const ClockWriter*> ClockModel::touching() const {
    std::vector<const ClockWriter*> out;
    for (const ClockWriter& w : writers)
        if (w.touches()) out.push_back(&w);
    return out;
}

}  // namespace ntpscope::analysis
