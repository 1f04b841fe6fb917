#include "probe/procfs.hpp"

#include <dirent.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

namespace ntpscope::probe {

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string read_link(const std::string& path) {
    char buf[4096];
    ssize_t n = readlink(path.c_str(), buf, sizeof buf - 1);
    return n < 0 ? std::string() : std::string(buf, static_cast<size_t>(n));
}

std::vector<std::string> split_cmdline(const std::string& raw) {
    std::vector<std::string> argv;
    size_t start = 0;
    while (start < raw.size()) {
        size_t end = raw.find('\0', start);
        if (end == std::string::npos) end = raw.size();
        argv.push_back(raw.substr(start, end - start));
        start = end + 1;
    }
    return argv;
}

std::string join(const std::vector<std::string>& argv) {
    std::string out;
    for (const auto& a : argv) {
        if (!out.empty()) out += ' ';
        out += a;
    }
    return out;
}

// "socket:[12345]" -> 12345
std::optional<uint64_t> socket_inode(const std::string& link) {
    constexpr std::string_view prefix = "socket:[";
    if (link.rfind(prefix, 0) != 0 || link.back() != ']') return std::nullopt;
    uint64_t ino = 0;
    auto first = link.data() + prefix.size();
    auto last = link.data() + link.size() - 1;
    if (std::from_chars(first, last, ino).ec != std::errc{}) return std::nullopt;
    return ino;
}

// /proc/net/udp prints addresses as the kernel's __be32 words in host-order hex.
SockAddr parse_proc_addr(std::string_view hex_addr, std::string_view hex_port, bool v6) {
    SockAddr a;
    a.family = v6 ? AF_INET6 : AF_INET;
    unsigned port = 0;
    std::from_chars(hex_port.data(), hex_port.data() + hex_port.size(), port, 16);
    a.port = static_cast<uint16_t>(port);
    size_t words = v6 ? 4 : 1;
    for (size_t w = 0; w < words && (w + 1) * 8 <= hex_addr.size(); ++w) {
        uint32_t word = 0;
        std::from_chars(hex_addr.data() + w * 8, hex_addr.data() + (w + 1) * 8, word, 16);
        // The word was printed from memory in host (little-endian) order: bytes come out reversed.
        for (int b = 0; b < 4; ++b) a.ip[w * 4 + b] = static_cast<uint8_t>(word >> (8 * b));
    }
    return a;
}

void read_inet_table(const std::string& path, bool v6, uint16_t type, std::map<uint64_t, SockInfo>& out) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);  // column titles
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state, queues, timer, retr, uid, timeout, inode;
        fields >> slot >> local >> remote >> state >> queues >> timer >> retr >> uid >> timeout >> inode;
        auto lc = local.find(':');
        auto rc = remote.find(':');
        if (lc == std::string::npos || rc == std::string::npos) continue;
        SockInfo s;
        s.family = v6 ? AF_INET6 : AF_INET;
        s.type = type;
        s.local = parse_proc_addr(std::string_view(local).substr(0, lc), std::string_view(local).substr(lc + 1), v6);
        SockAddr r = parse_proc_addr(std::string_view(remote).substr(0, rc), std::string_view(remote).substr(rc + 1), v6);
        if (!r.is_any() || r.port != 0) s.remote = r;
        s.id = std::strtoull(inode.c_str(), nullptr, 10);
        if (s.id) out[s.id] = s;
    }
}

// unix and netlink tables: only the inode column matters, to label the family.
void read_inode_column(const std::string& path, size_t column, uint16_t family, std::map<uint64_t, SockInfo>& out) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string field;
        for (size_t i = 0; i <= column && fields >> field; ++i) {}
        uint64_t ino = std::strtoull(field.c_str(), nullptr, 10);
        if (!ino || out.count(ino)) continue;
        SockInfo s;
        s.family = family;
        s.id = ino;
        out[ino] = s;
    }
}

bool is_ntp_daemon(const std::string& comm) {
    return comm == "ntpd" || comm == "ntpsec" || comm == "chronyd";
}

std::vector<TargetInfo> scan(const std::string& proc_root, bool (*match)(const std::string&, const std::string&),
                             const std::string& arg) {
    std::vector<TargetInfo> found;
    DIR* dir = opendir(proc_root.c_str());
    if (!dir) return found;
    while (dirent* entry = readdir(dir)) {
        uint32_t pid = 0;
        std::string_view name = entry->d_name;
        if (std::from_chars(name.data(), name.data() + name.size(), pid).ec != std::errc{}) continue;
        std::string comm = read_file(proc_root + "/" + std::string(name) + "/comm");
        if (!comm.empty() && comm.back() == '\n') comm.pop_back();
        if (!match(comm, arg)) continue;
        if (auto t = read_target(pid, proc_root)) found.push_back(*t);
    }
    closedir(dir);
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.pid < b.pid; });
    return found;
}

}  // namespace

std::string config_from_cmdline(const std::vector<std::string>& argv) {
    for (size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if ((a == "-c" || a == "-f") && i + 1 < argv.size()) return argv[i + 1];
        if (a.rfind("--configfile=", 0) == 0) return a.substr(13);
        if ((a.rfind("-c", 0) == 0 || a.rfind("-f", 0) == 0) && a.size() > 2 && a[2] != '-') return a.substr(2);
    }
    return "";
}

std::optional<TargetInfo> read_target(uint32_t pid, const std::string& proc_root) {
    std::string dir = proc_root + "/" + std::to_string(pid);
    struct stat st {};
    if (stat(dir.c_str(), &st) != 0) return std::nullopt;
    TargetInfo t;
    t.pid = pid;
    t.comm = read_file(dir + "/comm");
    if (!t.comm.empty() && t.comm.back() == '\n') t.comm.pop_back();
    t.exe = read_link(dir + "/exe");
    auto argv = split_cmdline(read_file(dir + "/cmdline"));
    t.cmdline = join(argv);
    t.config = config_from_cmdline(argv);
    struct stat ns {};
    if (stat((dir + "/ns/net").c_str(), &ns) == 0) t.netns = ns.st_ino;
    return t;
}

std::vector<uint32_t> descendants(uint32_t pid, const std::string& proc_root) {
    std::multimap<uint32_t, uint32_t> children;  // ppid -> pid
    DIR* dir = opendir(proc_root.c_str());
    if (!dir) return {};
    while (dirent* entry = readdir(dir)) {
        uint32_t child = 0;
        std::string_view name = entry->d_name;
        if (std::from_chars(name.data(), name.data() + name.size(), child).ec != std::errc{}) continue;
        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
        std::string stat = read_file(proc_root + "/" + std::string(name) + "/stat");
        auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 1));
        std::string state;
        uint32_t ppid = 0;
        if (rest >> state >> ppid) children.emplace(ppid, child);
    }
    closedir(dir);
    std::vector<uint32_t> out;
    std::vector<uint32_t> frontier{pid};
    while (!frontier.empty()) {
        uint32_t parent = frontier.back();
        frontier.pop_back();
        auto [first, last] = children.equal_range(parent);
        for (auto it = first; it != last; ++it) {
            out.push_back(it->second);
            frontier.push_back(it->second);
        }
    }
    return out;
}

std::vector<TargetInfo> find_ntp_daemons(const std::string& proc_root) {
    return scan(proc_root, [](const std::string& comm, const std::string&) { return is_ntp_daemon(comm); }, "");
}

std::vector<TargetInfo> find_by_comm(const std::string& comm, const std::string& proc_root) {
    return scan(proc_root, [](const std::string& c, const std::string& want) { return c == want; }, comm);
}

std::vector<SocketEntry> snapshot_sockets(uint32_t pid, const std::string& proc_root) {
    std::string dir = proc_root + "/" + std::to_string(pid);
    std::map<uint64_t, SockInfo> by_inode;
    read_inet_table(dir + "/net/udp", false, SOCK_DGRAM, by_inode);
    read_inet_table(dir + "/net/udp6", true, SOCK_DGRAM, by_inode);
    read_inet_table(dir + "/net/tcp", false, SOCK_STREAM, by_inode);
    read_inet_table(dir + "/net/tcp6", true, SOCK_STREAM, by_inode);
    read_inode_column(dir + "/net/unix", 6, AF_UNIX, by_inode);
    read_inode_column(dir + "/net/netlink", 9, AF_NETLINK, by_inode);

    std::vector<SocketEntry> out;
    DIR* fds = opendir((dir + "/fd").c_str());
    if (!fds) return out;
    while (dirent* entry = readdir(fds)) {
        int fd = 0;
        std::string_view name = entry->d_name;
        if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc{}) continue;
        auto ino = socket_inode(read_link(dir + "/fd/" + std::string(name)));
        if (!ino) continue;
        SocketEntry e;
        e.pid = pid;
        e.fd = fd;
        auto known = by_inode.find(*ino);
        if (known != by_inode.end()) e.sock = known->second;
        e.sock.id = *ino;
        out.push_back(e);
    }
    closedir(fds);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.fd < b.fd; });
    return out;
}

}  // namespace ntpscope::probe
