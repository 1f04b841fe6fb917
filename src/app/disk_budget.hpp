// Keeps `watch`'s directory within --max-disk by deleting its oldest segments.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ntpscope::app {

struct StoredFile {
    std::string name;
    uint64_t bytes = 0;
};

// The segments to delete, oldest (by the start in their names) first, until the rest fit in
// `budget`; never `current`, the one being written. Files that are not segments count as used
// space but are never chosen.
std::vector<std::string> segments_over_budget(std::vector<StoredFile> files, const std::string& current,
                                              uint64_t budget);

// Deletes them in `dir`; returns the names deleted. Files that vanish meanwhile are skipped.
std::vector<std::string> enforce_disk_budget(const std::string& dir, const std::string& current, uint64_t budget);

}  // namespace ntpscope::app
