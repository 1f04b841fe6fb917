// The strace importer on a whole log: detection, the date/-r pre-scan, then the import.
#include <cstddef>
#include <cstdint>

#include "checking_sink.hpp"
#include "core/import/strace/import.hpp"
#include "memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ntpscope;
    static const fuzz::MemoryFile file;
    const std::string& path = file.holding(data, size);
    import::strace::looks_like_strace({reinterpret_cast<const char*>(data), size});
    fuzz::read_checked([&](EventSink& sink) { import::strace::read_strace(path, sink, {}); });
    return 0;
}
