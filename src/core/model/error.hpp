#pragma once

#include <stdexcept>
#include <string>

namespace ntpscope {

// Bad input from the user: the message is already one line naming the file and where
// ("t.trace:12: expected ..."). The CLI prints it as is and exits non-zero.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace ntpscope
