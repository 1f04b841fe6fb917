// `ntpscope --version`: the version, then what this kernel offers a recording, so a bug report
// or a support ticket says at once which paths `record` can take here.
#pragma once

#include <string>
#include <string_view>

#include "probe/attach_path.hpp"
#include "probe/kernel_features.hpp"

namespace ntpscope::app {

// One aligned line per feature: "  BPF ring buffer   yes", "refused: Operation not permitted".
std::string describe_kernel_features(const probe::KernelFeatures& features);

// Which programs `record` takes here without --attach, and why not the socket path if so.
std::string describe_attach_path(const probe::AttachChoice& choice);

// "ntpscope VERSION", the kernel's release and machine, the features found now, and the path.
std::string version_text(std::string_view version);

}  // namespace ntpscope::app
