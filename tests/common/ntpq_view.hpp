// What `ntpq -pn` printed, and the check that a rebuilt peer table agrees with it, shared by
// the committed lab fixtures (unit) and the live NTPsec recording (privileged).
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/host_model.hpp"

namespace ntpscope::test {

struct NtpqRow {
    std::string remote, refid, type;
    int stratum = 0, poll = 0, reach = 0;
    std::optional<int> when;  // ntpq prints "-" for a peer it has no receive time of
    double delay_ms = 0, offset_ms = 0, jitter_ms = 0;
};

// The peer lines of `ntpq -pn` (after the ===== rule); the tally character is dropped. Throws
// std::runtime_error naming the line when a row is not all numbers where numbers belong.
std::vector<NtpqRow> parse_ntpq(std::istream& in);

// The bar: the same peer and type, poll within one step, the same reach, refid and
// stratum, `when` within 2 s, offset and delay within 1 ms. Reports through GoogleTest and
// returns how many rows were compared.
int expect_agrees_with_ntpq(const analysis::HostModel& model, const std::vector<NtpqRow>& rows);

}  // namespace ntpscope::test
