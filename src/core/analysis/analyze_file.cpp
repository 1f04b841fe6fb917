#include "core/analysis/host_analyzer.hpp"

namespace ntpscope::analysis {

HostModel analyze_file(const std::string& path, const ImportOptions& import) {
    HostAnalyzer analyzer(AnalysisOptions{.ntp_port = import.ntp_port});
    read_input(path, analyzer, import);
    return analyzer.finish();
}

}  // namespace ntpscope::analysis
