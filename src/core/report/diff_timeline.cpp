#include "core/report/diff_timeline.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "core/ntp/packet.hpp"
#include "core/report/diff_layout.hpp"

namespace ntpscope::report {

using analysis::PeerModel;
using analysis::TimelineLane;

namespace {

constexpr double kWidth = 960;
constexpr double kLeft = 150;   // room for the row labels
constexpr double kRight = 20;
constexpr double kPlot = kWidth - kLeft - kRight;
constexpr double kLegend = 22;
constexpr double kBandTitle = 18;
constexpr double kRow = 26;
constexpr double kBandGap = 8;
constexpr double kBand = kBandTitle + 2 * kRow + kBandGap;
constexpr double kAxis = 26;

// One colour per NTP mode; client requests and server replies stand apart the most.
constexpr std::array<const char*, 8> kModeColour = {"#7f8c8d", "#8e44ad", "#b06ad0", "#d35400",
                                                    "#2471a3", "#1e8449", "#566573", "#a6acaf"};

std::string mode_label(uint8_t mode) {
    return fmt::format("mode {} ({})", mode, ntp::mode_name(static_cast<ntp::Mode>(mode)));
}

// Every kept time of a lane, the newest included (the downsampled series keeps it apart).
std::vector<int64_t> lane_times(const TimelineLane& lane) {
    std::vector<int64_t> times = lane.times.points();
    if (const int64_t* latest = lane.times.latest(); latest && (times.empty() || times.back() != *latest))
        times.push_back(*latest);
    return times;
}

// A round axis step giving at most about ten ticks over `span` seconds.
double axis_step(double span) {
    static constexpr double kSteps[] = {1,    2,    5,    10,    15,    30,    60,    120,   300,
                                        600,  900,  1800, 3600,  7200,  10800, 21600, 43200, 86400,
                                        172800, 604800};
    for (double step : kSteps)
        if (span / step <= 10) return step;
    return std::ceil(span / 10 / 604800) * 604800;
}

std::string axis_label(double seconds) {
    if (seconds == 0) return "0";
    if (seconds < 60) return fmt::format("{:g} s", seconds);
    if (seconds < 3600) return fmt::format("{:g} min", seconds / 60);
    if (seconds < 172800) return fmt::format("{:g} h", seconds / 3600);
    return fmt::format("{:g} d", seconds / 86400);
}

class TimelineBuilder {
public:
    TimelineBuilder(const diff::DiffReport& report, const diff::PeerMatch& peer)
        : report_(report), peer_(peer) {
        span_ = std::max({report.good.meta.duration, report.bad.meta.duration, 1.0});
        for (const PeerModel* p : {report.good_peer(peer), report.bad_peer(peer)})
            if (p)
                for (const TimelineLane& lane : p->timeline.lanes()) modes_.insert(lane.mode);
    }

    std::string build() {
        const double height = kLegend + 2 * kBand + kAxis;
        out_ = fmt::format(
            "<svg class=\"timeline\" data-peer=\"{}\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
            "role=\"img\" aria-label=\"{}\">\n",
            html_escape(peer_.name), kWidth, height, kWidth, height,
            html_escape(fmt::format("packets exchanged with {} on both hosts", peer_.name)));
        legend();
        band(0, "good", report_.good, report_.good_peer(peer_));
        band(1, "bad", report_.bad, report_.bad_peer(peer_));
        axis(kLegend + 2 * kBand);
        out_ += "</svg>\n";
        return std::move(out_);
    }

private:
    void legend() {
        double x = kLeft;
        for (uint8_t mode : modes_) {
            out_ += fmt::format("<rect x=\"{:.0f}\" y=\"6\" width=\"10\" height=\"10\" fill=\"{}\"/>"
                                "<text x=\"{:.0f}\" y=\"15\" class=\"legend\">{}</text>\n",
                                x, kModeColour[mode], x + 14, html_escape(mode_label(mode)));
            x += 150;
        }
    }

    void band(int index, const char* who, const analysis::HostModel& host, const PeerModel* peer) {
        const double top = kLegend + index * kBand;
        out_ += fmt::format("<text x=\"4\" y=\"{:.0f}\" class=\"band\">{} host ({})</text>\n", top + 13, who,
                            html_escape(host.meta.host.empty() ? "unnamed" : host.meta.host));
        for (const bool received : {false, true}) {
            const double y = top + kBandTitle + (received ? kRow : 0);
            out_ += fmt::format("<rect x=\"{:.0f}\" y=\"{:.0f}\" width=\"{:.0f}\" height=\"{:.0f}\" class=\"row\"/>"
                                "<text x=\"{:.0f}\" y=\"{:.0f}\" class=\"rowlabel\">{}</text>\n",
                                kLeft, y + 1, kPlot, kRow - 2, kLeft - 6, y + 17,
                                received ? "received" : "sent");
            if (!peer) continue;
            std::vector<const TimelineLane*> lanes;
            for (const TimelineLane& lane : peer->timeline.lanes())
                if (lane.received == received) lanes.push_back(&lane);
            std::sort(lanes.begin(), lanes.end(),
                      [](const TimelineLane* a, const TimelineLane* b) { return a->mode < b->mode; });
            // Modes share the row in equal slices, so one never hides another.
            const double slice = (kRow - 4) / static_cast<double>(std::max<size_t>(lanes.size(), 1));
            for (size_t i = 0; i < lanes.size(); ++i)
                ticks(*lanes[i], who, host, y + 2 + slice * static_cast<double>(i), slice);
        }
        if (!peer)
            out_ += fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" class=\"none\">no packets with this peer</text>\n",
                                kLeft + 8, top + kBandTitle + kRow + 4);
    }

    void ticks(const TimelineLane& lane, const char* who, const analysis::HostModel& host, double y,
               double height) {
        std::string path;
        for (int64_t t : lane_times(lane)) {
            const double at = std::clamp(static_cast<double>(t - host.meta.start) * 1e-9 / span_, 0.0, 1.0);
            path += fmt::format("M{:.1f} {:.1f}v{:.1f}", kLeft + at * kPlot, y, height);
        }
        const uint64_t shown_every = lane.times.stride();
        out_ += fmt::format(
            "<path d=\"{}\" stroke=\"{}\" class=\"ticks\"><title>{}</title></path>\n", path,
            kModeColour[lane.mode],
            html_escape(fmt::format("{} host {} {}: {} packets{}", who, lane.received ? "received" : "sent",
                                    mode_label(lane.mode), lane.times.total(),
                                    shown_every > 1 ? fmt::format(", 1 in {} drawn", shown_every) : "")));
    }

    void axis(double top) {
        out_ += fmt::format("<line x1=\"{:.0f}\" y1=\"{:.0f}\" x2=\"{:.0f}\" y2=\"{:.0f}\" class=\"axis\"/>\n", kLeft,
                            top, kLeft + kPlot, top);
        const double step = axis_step(span_);
        for (double s = 0; s <= span_ + 1e-9; s += step) {
            const double x = kLeft + s / span_ * kPlot;
            out_ += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.0f}\" x2=\"{:.1f}\" y2=\"{:.0f}\" class=\"axis\"/>"
                                "<text x=\"{:.1f}\" y=\"{:.0f}\" class=\"tick\">{}</text>\n",
                                x, top, x, top + 4, x, top + 16, axis_label(s));
        }
        out_ += fmt::format("<text x=\"4\" y=\"{:.0f}\" class=\"rowlabel-left\">since trace start</text>\n", top + 16);
    }

    const diff::DiffReport& report_;
    const diff::PeerMatch& peer_;
    double span_ = 1;
    std::set<uint8_t> modes_;
    std::string out_;
};

}  // namespace

std::string timeline_svg(const diff::DiffReport& report, const diff::PeerMatch& peer) {
    return TimelineBuilder(report, peer).build();
}

}  // namespace ntpscope::report
