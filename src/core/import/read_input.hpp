// One entry point for every input the tool reads: a native trace, an strace log, or a
// pcap/pcapng capture. The type is detected from the content, never from the extension.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/model/read_options.hpp"
#include "core/model/sink.hpp"

namespace ntpscope::import {

enum class InputKind { trace, strace, pcap };

// Throws InputError ("FILE: not an ntpscope trace, strace log or pcap capture") when the
// content matches none of them.
InputKind detect_input(const std::string& path);
// The same, but nullopt for content that is none of them (an empty file too): for picking the
// recordings out of a directory. Throws InputError only when the file cannot be read.
std::optional<InputKind> recognise_input(const std::string& path);
void read_input(const std::string& path, EventSink& sink, const ReadOptions& options = {});

}  // namespace ntpscope::import
