#include "app/fleet_inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "core/import/read_input.hpp"
#include "core/model/error.hpp"

namespace ntpscope::app {

namespace fs = std::filesystem;

namespace {

void add_directory(const std::string& dir, FleetInputs& out, std::set<std::string>& seen) {
    std::error_code error;
    std::vector<fs::path> entries;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error))
        entries.push_back(it->path());
    if (error) {
        out.unreadable.push_back({dir, dir + ": cannot list: " + error.message()});
        return;
    }
    std::sort(entries.begin(), entries.end());
    for (const fs::path& entry : entries) {
        const std::string path = entry.string();
        if (!fs::is_regular_file(entry, error) || seen.count(path)) continue;
        try {
            if (!import::recognise_input(path)) {
                ++out.skipped;
                continue;
            }
        } catch (const InputError& e) {
            out.unreadable.push_back({path, e.what()});
            continue;
        }
        seen.insert(path);
        out.files.push_back(path);
    }
}

}  // namespace

FleetInputs expand_inputs(const std::vector<std::string>& inputs) {
    FleetInputs out;
    std::set<std::string> seen;
    for (const std::string& input : inputs) {
        std::error_code error;
        if (fs::is_directory(input, error)) {
            if (seen.insert(input).second) add_directory(input, out, seen);
        } else if (seen.insert(input).second) {
            out.files.push_back(input);
        }
    }
    return out;
}

}  // namespace ntpscope::app
