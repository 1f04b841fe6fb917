#include "core/kabi/kabi.hpp"
#include "core/kabi/raw.hpp"

namespace ntpscope::kabi {

std::optional<Timex> decode_timex(std::span<const uint8_t> raw) {
    namespace t = layout::timex;
    if (raw.size() < t::kSize) return std::nullopt;
    Timex x;
    x.modes = raw::load<uint32_t>(raw, t::kModes);
    x.offset = raw::load<int64_t>(raw, t::kOffset);
    x.freq = raw::load<int64_t>(raw, t::kFreq);
    x.maxerror = raw::load<int64_t>(raw, t::kMaxerror);
    x.esterror = raw::load<int64_t>(raw, t::kEsterror);
    x.status = raw::load<int32_t>(raw, t::kStatus);
    x.constant = raw::load<int64_t>(raw, t::kConstant);
    x.precision = raw::load<int64_t>(raw, t::kPrecision);
    x.tolerance = raw::load<int64_t>(raw, t::kTolerance);
    x.time_sec = raw::load<int64_t>(raw, t::kTimeSec);
    x.time_usec = raw::load<int64_t>(raw, t::kTimeUsec);
    x.tick = raw::load<int64_t>(raw, t::kTick);
    x.tai = raw::load<int32_t>(raw, t::kTai);
    return x;
}

}  // namespace ntpscope::kabi
