#include "ntpq_view.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ntpscope::test {

std::vector<NtpqRow> parse_ntpq(std::istream& in) {
    std::vector<NtpqRow> rows;
    bool body = false;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("====", 0) == 0) {
            body = true;
            continue;
        }
        if (!body || line.size() < 2) continue;
        std::istringstream fields(line.substr(1));
        NtpqRow r;
        std::string when, reach;
        fields >> r.remote >> r.refid >> r.stratum >> r.type >> when >> r.poll >> reach >> r.delay_ms >>
            r.offset_ms >> r.jitter_ms;
        // A peer not heard from yet shows "-" for `when`; so does classic ntpd 4.2.8 for a `b`
        // peer it holds no receive time of, however long it has listened.
        size_t used = 0, when_used = 0;
        try {
            if (fields) r.reach = std::stoi(reach, &used, 8);
            if (fields && when != "-") r.when = std::stoi(when, &when_used);
        } catch (const std::logic_error&) {
        }
        if (!fields || used != reach.size() || (r.when && when_used != when.size()))
            throw std::runtime_error("unreadable ntpq row: " + line);
        rows.push_back(r);
    }
    return rows;
}

int expect_agrees_with_ntpq(const analysis::HostModel& m, const std::vector<NtpqRow>& rows) {
    int compared = 0;
    for (const NtpqRow& want : rows) {
        SCOPED_TRACE("ntpq row " + want.remote);
        auto address = SockAddr::parse_ip(want.remote);
        const analysis::PeerModel* p = address ? m.find_peer(*address) : nullptr;
        if (!p) {
            ADD_FAILURE() << "peer " << want.remote << " is missing from the rebuilt table";
            continue;
        }
        EXPECT_EQ(std::string(1, analysis::association_type_char(p->type)), want.type);
        EXPECT_EQ(p->state.refid_text, want.refid);
        EXPECT_EQ(p->state.stratum, want.stratum);
        if (p->poll_log2) EXPECT_LE(std::abs(*p->poll_log2 - std::lround(std::log2(want.poll))), 1);
        else ADD_FAILURE() << "no poll interval";
        EXPECT_EQ(p->reach, want.reach);
        if (want.when) {
            if (p->when) EXPECT_NEAR(*p->when, *want.when, 2.0);
            else ADD_FAILURE() << "no 'when'";
        }
        const analysis::Timing& timing = p->shown_timing();
        EXPECT_NEAR(timing.delay * 1e3, want.delay_ms, 1.0);
        EXPECT_NEAR(timing.offset * 1e3, want.offset_ms, 1.0);
        ++compared;
    }
    return compared;
}

}  // namespace ntpscope::test
