#include "app/top_screen.hpp"

#include "app/status_line.hpp"
#include "core/analysis/change_detector.hpp"
#include "core/report/summary_document.hpp"
#include "core/report/text_layout.hpp"

namespace ntpscope::app {

namespace {

constexpr std::string_view kHome = "\x1b[H";
constexpr std::string_view kEraseLine = "\x1b[K";
constexpr std::string_view kEraseBelow = "\x1b[J";

}  // namespace

std::string render_top_screen(const TopFrame& f) {
    std::string body;
    body += "ntpscope top: " + f.target + "    q quits\n";
    body += format_status(f.status) + "\n\n";
    // ntpq's poll column is the interval the daemon polls at, which NTPsec's poll field does
    // not carry: the live view's poll, as the metrics show it.
    std::vector<analysis::PeerModel> shown(f.peers.begin(), f.peers.end());
    for (analysis::PeerModel& p : shown) p.poll_log2 = analysis::live_poll_log2(p);
    report::append_text_table(body, report::peers_table(shown));
    body += "\nChanges\n";
    if (f.changes.empty()) body += "  none yet\n";
    for (const std::string& line : f.changes) body += "  " + line + "\n";

    // Clean first: only this function's own escape sequences may reach the terminal.
    const std::string text = report::clean(body);
    const report::TextStyle style{f.colour};
    std::string out(kHome);
    size_t start = 0;
    bool first = true;
    while (start < text.size()) {
        const size_t end = text.find('\n', start);
        const std::string_view line(text.data() + start, end - start);
        out += first ? style.paint(line, "7") : std::string(line);
        out += kEraseLine;
        out += "\r\n";
        first = false;
        start = end + 1;
    }
    out += kEraseBelow;
    return out;
}

}  // namespace ntpscope::app
