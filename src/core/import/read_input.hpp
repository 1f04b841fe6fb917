// One entry point for every input the tool reads: a native trace, an strace log, or a
// pcap/pcapng capture. The type is detected from the content, never from the extension.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/model/sink.hpp"

namespace ntpscope {

struct ImportOptions {
    uint16_t ntp_port = 123;            // pcap: UDP port that carries NTP
    std::optional<SockAddr> host_ip;    // pcap: whose capture it is (else inferred)
    std::optional<int64_t> date;        // strace: midnight (ns) for bare times of day
};

enum class InputKind { trace, strace, pcap };

// Throws InputError ("FILE: not an ntpscope trace, strace log or pcap capture") when the
// content matches none of them.
InputKind detect_input(const std::string& path);
void read_input(const std::string& path, EventSink& sink, const ImportOptions& options = {});

}  // namespace ntpscope
