#include "core/import/strace/args.hpp"

#include <array>

#include "core/import/strace/syntax.hpp"

namespace ntpscope::import::strace {

namespace {

// Deeper than anything strace prints (netlink dumps nest about 8 levels); bounds the recursion
// on garbage such as "[[[[[[...".
constexpr int kMaxDepth = 64;

// Characters a scalar token does not simply run over.
constexpr auto kScalarStops = [] {
    std::array<bool, 256> stops{};
    for (unsigned char c : std::string_view(",}])={[(/\"< ")) stops[c] = true;
    return stops;
}();

// Two characters at `pos`; written out because this runs for every character of the line.
bool pair_at(std::string_view text, size_t pos, char first, char second) {
    return pos + 1 < text.size() && text[pos] == first && text[pos + 1] == second;
}

}  // namespace

std::optional<size_t> ArgTree::parse(std::string_view text) {
    text_ = text;
    pos_ = 0;
    nodes_.clear();
    first_arg_ = parse_list(')', 0);
    if (first_arg_ == kError) return std::nullopt;
    return pos_;
}

int32_t ArgTree::nth(int32_t first, size_t index) const {
    int32_t node = first;
    while (node >= 0 && index > 0) {
        node = (*this)[node].next;
        --index;
    }
    return node;
}

int32_t ArgTree::child(int32_t parent, size_t index) const {
    return parent < 0 ? kNone : nth((*this)[parent].first_child, index);
}

int32_t ArgTree::field(int32_t parent, std::string_view name) const {
    if (parent < 0) return kNone;
    for (int32_t c = (*this)[parent].first_child; c >= 0; c = (*this)[c].next)
        if ((*this)[c].name == name) return c;
    return kNone;
}

int32_t ArgTree::unnamed(int32_t parent, NodeKind kind) const {
    if (parent < 0) return kNone;
    for (int32_t c = (*this)[parent].first_child; c >= 0; c = (*this)[c].next)
        if ((*this)[c].name.empty() && (*this)[c].kind == kind) return c;
    return kNone;
}

int32_t ArgTree::add(NodeKind kind) {
    nodes_.emplace_back();
    nodes_.back().kind = kind;
    return static_cast<int32_t>(nodes_.size() - 1);
}

void ArgTree::skip_blanks() {
    for (;;) {
        while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
        if (!pair_at(text_, pos_, '/', '*')) return;
        size_t end = text_.find("*/", pos_ + 2);
        pos_ = end == std::string_view::npos ? text_.size() : end + 2;
    }
}

int32_t ArgTree::parse_list(char close, int depth) {
    if (depth > kMaxDepth) return kError;
    int32_t first = kNone;
    int32_t last = kNone;
    skip_blanks();
    if (pos_ < text_.size() && text_[pos_] == close) {
        ++pos_;
        return kNone;
    }
    for (;;) {
        int32_t element = parse_element(depth);
        if (element == kError) return kError;
        if (last >= 0) nodes_[static_cast<size_t>(last)].next = element;
        else first = element;
        last = element;
        if (pos_ >= text_.size()) return kError;  // parse_element stops on a non-blank
        char c = text_[pos_++];
        if (c == close) return first;
        if (c != ',') return kError;
    }
}

int32_t ArgTree::parse_element(int depth) {
    skip_blanks();
    std::string_view name;
    size_t start = pos_;
    size_t end = start;
    while (end < text_.size() && is_ident_char(text_[end])) ++end;
    if (end > start && end < text_.size()) {
        if (text_[end] == '=' && !pair_at(text_, end, '=', '>')) {
            name = text_.substr(start, end - start);
            pos_ = end + 1;
        } else if (text_[end] == '(') {
            // strace 4.x: msg_iov(1)=[...]
            size_t close = end + 1;
            while (close < text_.size() && is_digit(text_[close])) ++close;
            if (close > end + 1 && pair_at(text_, close, ')', '=')) {
                name = text_.substr(start, end - start);
                pos_ = close + 2;
            }
        }
    }
    int32_t value = parse_value(depth);
    for (;;) {
        if (value == kError) return kError;
        skip_blanks();
        // "28 => 16" and "[128 => 16]": what the kernel wrote back is what we want.
        // "[IFLA_X-1]=0": an indexed element; the value after '=' is the element.
        if (pair_at(text_, pos_, '=', '>')) pos_ += 2;
        else if (pos_ < text_.size() && text_[pos_] == '=') pos_ += 1;
        else break;
        skip_blanks();
        value = parse_value(depth);
    }
    nodes_[static_cast<size_t>(value)].name = name;
    return value;
}

bool ArgTree::skip_string() {
    ++pos_;  // opening quote
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '\\') pos_ += 2;
        else if (c == '"') return ++pos_, true;
        else ++pos_;
    }
    return false;
}

int32_t ArgTree::parse_value(int depth) {
    if (depth > kMaxDepth || pos_ >= text_.size()) return kError;
    char c = text_[pos_];
    if (c == '"') {
        size_t start = pos_;
        if (!skip_string()) return kError;
        int32_t node = add(NodeKind::string);
        nodes_[static_cast<size_t>(node)].text = text_.substr(start + 1, pos_ - start - 2);
        if (pair_at(text_, pos_, '.', '.') && pair_at(text_, pos_ + 1, '.', '.')) {
            nodes_[static_cast<size_t>(node)].truncated = true;
            pos_ += 3;
        }
        return node;
    }
    if (c == '{' || c == '[') {
        size_t start = pos_++;
        int32_t node = add(c == '{' ? NodeKind::structure : NodeKind::array);
        int32_t first = parse_list(c == '{' ? '}' : ']', depth + 1);
        if (first == kError) return kError;
        nodes_[static_cast<size_t>(node)].first_child = first;
        nodes_[static_cast<size_t>(node)].text = text_.substr(start, pos_ - start);
        return node;
    }
    size_t start = pos_;
    size_t end = start;
    while (end < text_.size() && is_ident_char(text_[end])) ++end;
    if (end > start && end < text_.size() && text_[end] == '(' && !is_digit(text_[start])) {
        int32_t node = add(NodeKind::call);
        nodes_[static_cast<size_t>(node)].text = text_.substr(start, end - start);
        pos_ = end + 1;
        int32_t first = parse_list(')', depth + 1);
        if (first == kError) return kError;
        nodes_[static_cast<size_t>(node)].first_child = first;
        return node;
    }
    return parse_scalar();
}

int32_t ArgTree::parse_scalar() {
    size_t start = pos_;
    size_t token_end = pos_;  // excludes trailing blanks, comments and the decoration
    std::string_view decoration;
    int nesting = 0;
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (!kScalarStops[static_cast<unsigned char>(c)]) {
            token_end = ++pos_;
            continue;
        }
        if (nesting == 0 && (c == ',' || c == '}' || c == ']' || c == ')' || c == '=')) break;
        if (pair_at(text_, pos_, '/', '*')) {
            skip_blanks();
            continue;
        }
        if (c == '"') {
            if (!skip_string()) return kError;
            token_end = pos_;
            continue;
        }
        if (c == '<' && nesting == 0 && decoration.empty() && token_end > start) {
            // fd decoration; addresses inside brackets contain "->", so '>' only closes it
            // outside brackets.
            size_t deco_start = ++pos_;
            int brackets = 0;
            while (pos_ < text_.size() && !(text_[pos_] == '>' && brackets == 0)) {
                if (text_[pos_] == '[') ++brackets;
                else if (text_[pos_] == ']' && brackets > 0) --brackets;
                ++pos_;
            }
            if (pos_ >= text_.size()) return kError;
            decoration = text_.substr(deco_start, pos_ - deco_start);
            ++pos_;
            continue;
        }
        if (c == '(' || c == '[' || c == '{') ++nesting;
        else if ((c == ')' || c == ']' || c == '}') && nesting > 0) --nesting;
        ++pos_;
        if (c != ' ') token_end = pos_;
    }
    if (nesting != 0 || token_end == start) return kError;
    int32_t node = add(NodeKind::scalar);
    nodes_[static_cast<size_t>(node)].text = text_.substr(start, token_end - start);
    nodes_[static_cast<size_t>(node)].decoration = decoration;
    return node;
}

}  // namespace ntpscope::import::strace
