#include "app/read_host.hpp"

#include "core/analysis/host_analyzer.hpp"
#include "core/import/read_input.hpp"

namespace ntpscope::app {

analysis::HostModel read_host(const std::string& path, const ReadOptions& options) {
    analysis::HostAnalyzer analyzer(options);
    import::read_input(path, analyzer, options);
    return analyzer.finish();
}

}  // namespace ntpscope::app
