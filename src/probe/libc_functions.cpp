#include "probe/libc_functions.hpp"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace ntpscope::probe {

namespace {

// Recorded by the uprobes; ntp_adjtime is an alias of adjtimex in glibc, and stime calls
// clock_settime.
constexpr std::array kClockFunctions = {"adjtimex", "ntp_adjtime", "clock_adjtime", "clock_settime", "settimeofday"};
constexpr std::array kMmsgFunctions = {"recvmmsg", "sendmmsg"};

struct ElfFile {
    int fd = -1;
    Elf* elf = nullptr;
    explicit ElfFile(const std::string& path) {
        elf_version(EV_CURRENT);
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0) elf = elf_begin(fd, ELF_C_READ, nullptr);
    }
    ~ElfFile() {
        if (elf) elf_end(elf);
        if (fd >= 0) ::close(fd);
    }
};

std::map<std::string, uint64_t> dynamic_symbols(Elf* elf) {
    std::map<std::string, uint64_t> out;
    Elf_Scn* scn = nullptr;
    while ((scn = elf_nextscn(elf, scn)) != nullptr) {
        GElf_Shdr shdr;
        if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_DYNSYM || shdr.sh_entsize == 0) continue;
        Elf_Data* data = elf_getdata(scn, nullptr);
        if (!data) continue;
        for (size_t i = 0; i < shdr.sh_size / shdr.sh_entsize; ++i) {
            GElf_Sym sym;
            if (!gelf_getsym(data, static_cast<int>(i), &sym) || sym.st_value == 0) continue;
            if (GELF_ST_TYPE(sym.st_info) != STT_FUNC) continue;
            const char* name = elf_strptr(elf, shdr.sh_link, sym.st_name);
            // The default version (name@@V) wins over older ones of the same name.
            if (name && !out.count(name)) out[name] = sym.st_value;
        }
    }
    return out;
}

// vaddr -> file offset through the loadable segment that holds it.
std::optional<uint64_t> file_offset(Elf* elf, uint64_t vaddr) {
    size_t count = 0;
    if (elf_getphdrnum(elf, &count) != 0) return std::nullopt;
    for (size_t i = 0; i < count; ++i) {
        GElf_Phdr phdr;
        if (!gelf_getphdr(elf, static_cast<int>(i), &phdr) || phdr.p_type != PT_LOAD) continue;
        if (vaddr >= phdr.p_vaddr && vaddr < phdr.p_vaddr + phdr.p_filesz) return vaddr - phdr.p_vaddr + phdr.p_offset;
    }
    return std::nullopt;
}

// glibc's x86_64 __errno_location is `[endbr64;] mov rax, [rip+disp32]; add rax, fs:0; ret`: the
// GOT slot it loads holds errno's offset from the thread pointer.
uint64_t errno_got_vaddr(int fd, uint64_t vaddr, uint64_t offset) {
#if defined(__x86_64__)
    std::array<uint8_t, 16> code{};
    if (::pread(fd, code.data(), code.size(), static_cast<off_t>(offset)) != static_cast<ssize_t>(code.size())) return 0;
    size_t at = 0;
    constexpr uint8_t kEndbr64[] = {0xf3, 0x0f, 0x1e, 0xfa};
    if (std::memcmp(code.data(), kEndbr64, sizeof kEndbr64) == 0) at = sizeof kEndbr64;
    constexpr uint8_t kMovRaxRip[] = {0x48, 0x8b, 0x05};
    constexpr uint8_t kAddRaxFs0[] = {0x64, 0x48, 0x03, 0x04, 0x25, 0, 0, 0, 0};
    if (std::memcmp(code.data() + at, kMovRaxRip, sizeof kMovRaxRip) != 0) return 0;
    const size_t next = at + 7;
    if (std::memcmp(code.data() + next, kAddRaxFs0, 5) != 0) return 0;
    int32_t disp = 0;
    std::memcpy(&disp, code.data() + at + 3, sizeof disp);
    return vaddr + next + static_cast<int64_t>(disp);
#else
    (void)fd, (void)vaddr, (void)offset;
    return 0;
#endif
}

}  // namespace

std::string mapped_libc_path() {
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line)) {
        std::istringstream fields(line);
        std::string range, perms, off, dev, inode, path;
        fields >> range >> perms >> off >> dev >> inode >> path;
        const size_t slash = path.rfind('/');
        if (slash != std::string::npos && path.compare(slash + 1, 7, "libc.so") == 0) return path;
    }
    return {};
}

std::optional<LibcFunctions> read_libc_functions(const std::string& path) {
    ElfFile file(path);
    if (!file.elf || elf_kind(file.elf) != ELF_K_ELF) return std::nullopt;
    const auto symbols = dynamic_symbols(file.elf);
    auto collect = [&](const auto& names, std::vector<LibcFunction>& into) {
        for (const char* name : names) {
            auto it = symbols.find(name);
            if (it == symbols.end()) continue;
            bool alias = false;
            for (const LibcFunction& f : into) alias = alias || f.vaddr == it->second;
            auto offset = file_offset(file.elf, it->second);
            if (!alias && offset) into.push_back({name, it->second, *offset});
        }
    };
    LibcFunctions out;
    out.path = path;
    collect(kClockFunctions, out.clock);
    collect(kMmsgFunctions, out.mmsg);
    if (out.clock.empty() && out.mmsg.empty()) return std::nullopt;
    if (auto it = symbols.find("__errno_location"); it != symbols.end())
        if (auto offset = file_offset(file.elf, it->second))
            out.errno_got_vaddr = errno_got_vaddr(file.fd, it->second, *offset);
    return out;
}

std::optional<LibcFunctions> find_libc_functions() {
    const std::string path = mapped_libc_path();
    if (path.empty()) return std::nullopt;
    return read_libc_functions(path);
}

}  // namespace ntpscope::probe
