// What counts as a clock step: a call that sets the time outright instead of slewing it. The
// recorder re-reads its clock mapping after one; the analysis lists them.
#pragma once

#include "core/model/event.hpp"

namespace ntpscope {

// clock_settime, settimeofday, or adjtimex/clock_adjtime with ADJ_SETOFFSET, whether or not
// the kernel allowed it (see Event::failed).
bool asks_to_step_clock(const Event& e);

}  // namespace ntpscope
