#include "app/diff_hosts.hpp"

#include "app/read_host.hpp"
#include "core/model/error.hpp"

namespace ntpscope::app {

diff::DiffReport diff_hosts(const HostInput& good, const HostInput& bad, const std::vector<std::string>& aliases) {
    diff::DiffOptions options;
    for (const std::string& text : aliases) {
        const auto alias = diff::parse_alias(text);
        if (!alias) throw InputError("--alias '" + text + "': expected ADDRESS=ADDRESS, e.g. 10.1.0.51=10.2.0.51");
        options.aliases.push_back(*alias);
    }
    return diff::compare_hosts(read_host(good.path, good.read), read_host(bad.path, bad.read), options);
}

}  // namespace ntpscope::app
