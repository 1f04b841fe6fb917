// pcap and pcapng captures as an input (read with libpcap): detection by magic number and the
// streaming import. Packets become send and receive events of the capture's host.
#pragma once

#include <string>
#include <string_view>

#include "core/import/read_input.hpp"

namespace ntpscope::import::pcap {

// pcap (microsecond or nanosecond, either byte order) or pcapng magic at the start.
bool looks_like_pcap(std::string_view prefix);

// Streams the NTP packets (UDP, options.ntp_port) into `sink` (header source "pcap", host_ip
// set): packets from the host are sendto events with addr = destination, packets to it are
// recvmsg events with addr = source and dst = destination; fd -1, no pid, no kernel times.
// The host is options.host_ip (and only it), else inferred from the first million packets
// (see capture_host.hpp). A capture damaged part-way
// is read up to the damage with a warning (and no footer); a file libpcap cannot open at all
// is an InputError.
void read_pcap(const std::string& path, EventSink& sink, const ReadOptions& options);

}  // namespace ntpscope::import::pcap
