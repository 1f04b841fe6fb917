// pcap and pcapng import: libpcap's reading, then ntpscope's link layers, IP, UDP and the
// capture host inference.
#include <cstddef>
#include <cstdint>

#include "checking_sink.hpp"
#include "core/import/pcap/import.hpp"
#include "memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ntpscope;
    static const fuzz::MemoryFile file;
    const std::string& path = file.holding(data, size);
    if (!import::pcap::looks_like_pcap({reinterpret_cast<const char*>(data), size})) return 0;
    fuzz::read_checked([&](EventSink& sink) { import::pcap::read_pcap(path, sink, {}); });
    return 0;
}
