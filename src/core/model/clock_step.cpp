#include "core/model/clock_step.hpp"

#include <sys/timex.h>

namespace ntpscope {

bool asks_to_step_clock(const Event& e) {
    switch (e.syscall) {
        case Syscall::clock_settime:
        case Syscall::settimeofday:
            return true;
        case Syscall::adjtimex:
        case Syscall::clock_adjtime:
            return e.timex && (e.timex->modes & ADJ_SETOFFSET);
        default:
            return false;
    }
}

}  // namespace ntpscope
