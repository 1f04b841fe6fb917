#include "core/import/read_input.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "core/import/pcap/import.hpp"
#include "core/import/spooled_input.hpp"
#include "core/import/strace/import.hpp"
#include "core/model/error.hpp"
#include "core/trace/trace_reader.hpp"

namespace ntpscope::import {

namespace {

// Enough for the first lines of any of the three formats.
constexpr size_t kPrefixSize = 64 * 1024;

// Decompressed when gzip (gzread passes anything else through): a directory of .gz traces is
// recognised like one of plain traces.
std::string read_prefix(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError(path + ": cannot open: " + std::strerror(errno));
    gzFile gz = ::gzdopen(fd, "rb");
    if (!gz) {
        ::close(fd);
        throw InputError(path + ": cannot read: out of memory");
    }
    std::string prefix(kPrefixSize, '\0');
    size_t size = 0;
    while (size < prefix.size()) {
        const int n = ::gzread(gz, prefix.data() + size, static_cast<unsigned>(prefix.size() - size));
        if (n < 0 && size == 0) {  // later, a damaged stream: what came before it decides the kind
            int code = Z_OK;
            const char* text = ::gzerror(gz, &code);
            const std::string why = code == Z_ERRNO ? std::strerror(errno) : text;
            ::gzclose(gz);
            throw InputError(path + ": cannot read: " + why);
        }
        if (n <= 0) break;
        size += static_cast<size_t>(n);
    }
    ::gzclose(gz);
    prefix.resize(size);
    return prefix;
}

}  // namespace

namespace {

std::optional<InputKind> kind_of(const std::string& prefix) {
    if (pcap::looks_like_pcap(prefix)) return InputKind::pcap;
    if (trace::looks_like_trace(prefix)) return InputKind::trace;
    if (strace::looks_like_strace(prefix)) return InputKind::strace;
    return std::nullopt;
}

}  // namespace

InputKind detect_input(const std::string& path) {
    const std::string prefix = read_prefix(path);
    if (prefix.empty()) throw InputError(path + ": empty file");
    if (const auto kind = kind_of(prefix)) return *kind;
    throw InputError(path + ": not an ntpscope trace, strace log or pcap capture");
}

std::optional<InputKind> recognise_input(const std::string& path) { return kind_of(read_prefix(path)); }

void read_input(const std::string& path, EventSink& sink, const ReadOptions& options) {
    const SpooledInput input(path);
    RenamingSink named(input, sink);
    try {
        switch (detect_input(input.path())) {
            case InputKind::trace:
                trace::read_trace(input.path(), named);
                break;
            case InputKind::strace:
                strace::read_strace(input.path(), named, options);
                break;
            case InputKind::pcap:
                pcap::read_pcap(input.path(), named, options);
                break;
        }
    } catch (const InputError& e) {
        throw InputError(input.named(e.what()));
    }
}

}  // namespace ntpscope::import
