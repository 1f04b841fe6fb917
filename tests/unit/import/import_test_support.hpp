// Helpers for the import and export tests: reading inputs into the trace tests' RecordingSink,
// temporary files, and the committed fixtures.
#pragma once

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "core/import/read_input.hpp"
#include "core/model/sink.hpp"
#include "../trace/trace_test_util.hpp"

namespace ntpscope::test {

inline std::vector<Event> of(const RecordingSink& c, Syscall syscall) {
    std::vector<Event> out;
    for (const Event& e : c.events)
        if (e.syscall == syscall) out.push_back(e);
    return out;
}

inline RecordingSink read_file(const std::string& path, const ReadOptions& options = {}) {
    RecordingSink collected;
    import::read_input(path, collected, options);
    return collected;
}

inline std::string fixture(const std::string& relative) { return std::string(NTPSCOPE_FIXTURES) + "/" + relative; }

// A directory that is removed with everything in it when the object goes.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "ntpscope-test-XXXXXX").string();
        path_ = mkdtemp(pattern.data()) ? pattern : "";
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string file(const std::string& name) const { return path_ + "/" + name; }
    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(file(name), std::ios::binary) << content;
        return file(name);
    }

private:
    std::string path_;
};

inline std::string read_bytes(const std::string& path) {
    std::string bytes(std::filesystem::file_size(path), '\0');
    std::ifstream(path, std::ios::binary).read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return bytes;
}

// Sets a file's modification time (ns since the epoch): -t/-tt logs take their date from it.
inline void set_mtime(const std::string& path, int64_t t) {
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = t / 1'000'000'000;
    times[0].tv_nsec = times[1].tv_nsec = t % 1'000'000'000;
    utimensat(AT_FDCWD, path.c_str(), times, 0);
}

// The NTP mode of a datagram event's payload.
inline int mode_of(const Event& e) { return e.data.empty() ? -1 : e.data[0] & 7; }

}  // namespace ntpscope::test
