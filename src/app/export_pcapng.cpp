#include "app/export_pcapng.hpp"

#include "app/output_file.hpp"
#include "core/export/pcapng_export.hpp"
#include "core/import/read_input.hpp"

namespace ntpscope::app {

ExportCounts export_pcapng(const std::string& input, const std::string& output, const ReadOptions& options,
                           const std::function<void(const std::string&)>& warn) {
    refuse_output_over_inputs(output, {input});
    // 0600 like a trace: the packets hold a production host's addresses and payloads.
    OutputFile out(output, 0600);
    pcapng::PcapngExporter exporter(out.file(), input, warn);
    import::read_input(input, exporter, options);
    exporter.finish();
    out.commit();
    return {exporter.packets(), exporter.notes()};
}

}  // namespace ntpscope::app
