#include "program.hpp"

#include <cstdio>
#include <exception>

#include "udp.hpp"

namespace ntplab {

int run_program(const char* name, const std::function<int()>& body) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    try {
        install_stop_signals();
        return body();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", name, e.what());
        return 1;
    }
}

}  // namespace ntplab
