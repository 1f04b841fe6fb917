// The defaults and bounds of a recording, decided once. They come from the BPF ABI
// (bpf/ntpscope_abi.h, checked against it in bpf_session.cpp) without exposing it: app and cli
// never see the ABI.
#pragma once

#include <cstdint>

namespace ntpscope::probe {

inline constexpr uint32_t kMaxSnaplen = 1024;      // payload bytes the BPF side can copy
inline constexpr uint32_t kDefaultSnaplen = 1024;  // all of it: mode-6 replies and NTS requests fit
inline constexpr uint32_t kDefaultRingKib = 16 * 1024;
inline constexpr uint32_t kMinRingKib = 4;          // one page
// 256 MiB holds about a second of the recorder's top rate (docs/performance.md); 1 GiB was once
// accepted and cost 2.1 GB of memory.
inline constexpr uint32_t kMaxRingKib = 256 * 1024;

}  // namespace ntpscope::probe
