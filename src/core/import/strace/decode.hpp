// Turns parsed strace arguments into trace-model values: socket addresses, msghdr contents
// (peer, payload, kernel receive time, pktinfo destination), struct timex, time values,
// setsockopt arguments and -y/-yy fd decorations. Each decoder accepts the variants strace
// 4.x to 6.x print (and -X verbose where it is cheap) and returns nothing rather than guessing.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/import/strace/args.hpp"
#include "core/kabi/linux_names.hpp"
#include "core/model/event.hpp"

namespace ntpscope::import::strace {

// What a -y/-yy decoration says about an fd.
struct FdDecoration {
    bool socket = false;  // false: a path, pipe, anon inode, ... (the fd is not a socket)
    SockInfo info;        // fields the decoration names; the rest stay 0 / absent
};
// Empty text -> nullopt (no decoration printed).
std::optional<FdDecoration> decode_fd_decoration(std::string_view text);

class Decoder {
public:
    explicit Decoder(const ArgTree& tree) : tree_(tree) {}

    std::optional<int64_t> integer(int32_t node) const;
    // An fd argument: an integer from -1 to INT32_MAX.
    std::optional<int32_t> fd(int32_t node) const;
    // A number or a (flag expression of) symbolic name(s) from `table`.
    std::optional<int64_t> symbol(int32_t node, kabi::Table table) const;
    std::optional<SockAddr> sockaddr(int32_t node);
    // {tv_sec=S, tv_nsec=N} / {tv_sec=S, tv_usec=U} / strace 4.x {S, X}: `bare_unit_ns` says what
    // X counts (1 for a timespec, 1000 for a timeval).
    std::optional<int64_t> time_value(int32_t node, int64_t bare_unit_ns) const;
    std::optional<Timex> timex(int32_t node) const;
    SockOpt sockopt(int32_t level, int32_t name, int32_t value);

    // A msghdr (recvmsg/sendmsg, or an mmsghdr's msg_hdr) into the event: addr, data, rx_time,
    // dst. False when the node is not a msghdr (a failed call prints only a pointer).
    bool msghdr(int32_t node, Event& event);
    // Appends a string node's bytes; false when it is not a string (or is malformed).
    bool append_string(int32_t node, std::vector<uint8_t>& out) const;

private:
    std::optional<SockAddr> ip_of(int32_t node, uint16_t family);
    void control_message(int32_t cmsg, Event& event);

    const ArgTree& tree_;
    std::vector<uint8_t> scratch_;
};

}  // namespace ntpscope::import::strace
