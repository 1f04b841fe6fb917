// One line that says what an event was: the packet comment of a datagram, and the text of the
// frames that stand for the other events (clock calls, socket life cycle, failed calls).
// "recvmsg fd=19 ret=48 pid=15479 tid=15479 comm=ntpd sock=10.206.6.2:123 addr=10.206.6.1:123 ..."
#pragma once

#include <string>

#include "core/model/event.hpp"

namespace ntpscope::pcapng {

std::string describe_event(const Event& event);

}  // namespace ntpscope::pcapng
