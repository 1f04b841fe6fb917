// The peer of a datagram event: the one rule that the analysis, the recorder's status line and
// the pcapng export share.
#pragma once

#include "core/model/event.hpp"

namespace ntpscope {

// The address the call named (sendto's destination, recvmsg's source), else the connected
// socket's remote end; not present when the event names neither.
SockAddr datagram_peer(const Event& e);

}  // namespace ntpscope
