#include "app/disk_budget.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "app/segment_names.hpp"

namespace ntpscope::app {

std::vector<std::string> segments_over_budget(std::vector<StoredFile> files, const std::string& current,
                                              uint64_t budget) {
    uint64_t used = 0;
    for (const StoredFile& f : files) used += f.bytes;
    std::erase_if(files, [&](const StoredFile& f) { return f.name == current || !segment_stamp(f.name); });
    // By start, then by name: hosts sharing a directory interleave by time.
    std::sort(files.begin(), files.end(), [](const StoredFile& a, const StoredFile& b) {
        auto sa = *segment_stamp(a.name), sb = *segment_stamp(b.name);
        return sa != sb ? sa < sb : a.name < b.name;
    });
    std::vector<std::string> doomed;
    for (const StoredFile& f : files) {
        if (used <= budget) break;
        doomed.push_back(f.name);
        used -= f.bytes;
    }
    return doomed;
}

std::vector<std::string> enforce_disk_budget(const std::string& dir, const std::string& current, uint64_t budget) {
    std::vector<StoredFile> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        struct stat st {};
        if (lstat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        files.push_back({entry.path().filename().string(), static_cast<uint64_t>(st.st_size)});
    }
    std::vector<std::string> deleted;
    for (const std::string& name : segments_over_budget(std::move(files), current, budget))
        if (unlink((dir + "/" + name).c_str()) == 0) deleted.push_back(name);
    return deleted;
}

}  // namespace ntpscope::app
