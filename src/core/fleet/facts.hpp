// A host's behaviour as a list of facts ("10.1.0.51: association = multicast"), the form in
// which hosts are grouped and groups are told apart. Two hosts behave alike when every fact
// both can show is the same; a fact one input cannot show (a capture's clock) is unknown and
// agrees with anything.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/fleet/behaviour.hpp"

namespace ntpscope::fleet {

struct Fact {
    std::string subject;  // a server's address, "host", "sockets" or "clock"
    std::string aspect;   // "association", "reach", "steps", ...
    std::optional<std::string> value;  // nullopt: the input cannot show it
};

// Host facts, then each server's (by address), then sockets and clock; each subject's aspects
// always in the same order.
using Facts = std::vector<Fact>;

Facts facts_of(const HostBehaviour& behaviour);
// One canonical text per distinct list of facts: hosts with equal signatures behave alike.
std::string signature_of(const Facts& facts);
size_t unknown_count(const Facts& facts);
// Every fact both show agrees, and neither shows a subject (a server) the other lacks.
bool compatible(const Facts& a, const Facts& b);

struct Difference {
    std::string subject;
    std::string aspect;
    std::string value;      // this group's
    std::string reference;  // the majority's
};
// Where `group` behaves otherwise than `reference`, in reference order, then the group's extra
// subjects. A server only one side has is one difference ("association: none"); an aspect only
// one side shows (key ids of a host that polls) is left to the aspect it follows from.
std::vector<Difference> differences(const Facts& reference, const Facts& group);
// "10.1.0.51: association unicast (majority: multicast)"
std::string describe(const Difference& d);

}  // namespace ntpscope::fleet
