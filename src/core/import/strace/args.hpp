// A syscall's argument list as strace prints it, parsed into a flat tree of views into the line:
// structures {a=1, b=...}, arrays [...], strings "..."(...), calls htons(123) / inet_addr("..."),
// and scalars (numbers, flag expressions, NULL, pointers, "..."). Also understood: old-style
// names with counts (msg_iov(1)=...), "before => after" values (the after value is kept),
// /* comments */, and -y/-yy fd decorations (23<UDP:[224.0.1.1:123]>).
// The node storage is reused between lines, so parsing a line does not allocate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace ntpscope::import::strace {

enum class NodeKind : uint8_t { scalar, string, structure, array, call };

struct Node {
    NodeKind kind = NodeKind::scalar;
    bool truncated = false;       // a string cut by -s (printed with "..." after it)
    std::string_view name;        // "msg_name" for msg_name=... and for msg_name(16)=...
    std::string_view text;        // scalar token, string body (still escaped), or called function
    std::string_view decoration;  // -y/-yy text after an fd number: "UDP:[10.0.0.1:123]"
    int32_t first_child = -1;
    int32_t next = -1;
};

class ArgTree {
public:
    // `text` starts just after a call's '('. Returns the offset just past the matching ')', or
    // nullopt when the text is not a complete, well-formed argument list.
    std::optional<size_t> parse(std::string_view text);

    // The index-th top-level argument, or -1.
    int32_t arg(size_t index) const { return nth(first_arg_, index); }
    // The index-th child of a structure, array or call, or -1.
    int32_t child(int32_t parent, size_t index) const;
    // The child named `name`, or -1.
    int32_t field(int32_t parent, std::string_view name) const;
    // The first unnamed child of the given kind, or -1 (old strace prints some members bare).
    int32_t unnamed(int32_t parent, NodeKind kind) const;

    const Node& operator[](int32_t index) const { return nodes_[static_cast<size_t>(index)]; }
    bool is(int32_t index, NodeKind kind) const { return index >= 0 && (*this)[index].kind == kind; }

private:
    int32_t nth(int32_t first, size_t index) const;
    int32_t add(NodeKind kind);
    static constexpr int32_t kNone = -1;
    static constexpr int32_t kError = -2;
    // Each returns a node index, or kError on malformed input; `pos_` moves past what was parsed.
    int32_t parse_list(char close, int depth);  // the first element, kNone for an empty list
    int32_t parse_element(int depth);
    int32_t parse_value(int depth);
    int32_t parse_scalar();
    bool skip_string();
    void skip_blanks();  // spaces and /* comments */

    std::string_view text_;
    size_t pos_ = 0;
    std::vector<Node> nodes_;
    int32_t first_arg_ = -1;
};

}  // namespace ntpscope::import::strace
