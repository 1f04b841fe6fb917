#include "core/ntp/packet.hpp"

namespace ntpscope::ntp {

// Names match the enumerators so reports, JSON and code all say the same thing.

std::string_view mode_name(Mode m) {
    switch (m) {
        case Mode::reserved: return "reserved";
        case Mode::symmetric_active: return "symmetric_active";
        case Mode::symmetric_passive: return "symmetric_passive";
        case Mode::client: return "client";
        case Mode::server: return "server";
        case Mode::broadcast: return "broadcast";
        case Mode::control: return "control";
        case Mode::private_use: return "private_use";
    }
    return "unknown";
}

std::string_view kind_name(Kind k) {
    switch (k) {
        case Kind::ntp: return "ntp";
        case Kind::control: return "control";
        case Kind::private_use: return "private_use";
        case Kind::truncated: return "truncated";
        case Kind::not_ntp: return "not_ntp";
    }
    return "unknown";
}

std::string_view auth_name(Auth a) {
    switch (a) {
        case Auth::none: return "none";
        case Auth::mac: return "mac";
        case Auth::crypto_nak: return "crypto_nak";
        case Auth::nts: return "nts";
    }
    return "unknown";
}

}  // namespace ntpscope::ntp
