#include "core/report/html_layout.hpp"

#include <fmt/format.h>

#include "core/report/diff_layout.hpp"

namespace ntpscope::report {

namespace {

void examples(std::string& out, const char* who, const std::vector<diff::Example>& list) {
    out += fmt::format("<div><h4>{} host examples</h4>", who);
    if (list.empty()) {
        out += "<p>none</p></div>\n";
        return;
    }
    out += "<pre>";
    for (const diff::Example& e : list) out += html_escape(example_line(e)) + "\n";
    out += "</pre></div>\n";
}

}  // namespace

std::string rich(std::string_view text) {
    const std::string escaped = html_escape(text);
    std::string out;
    bool open = false;
    for (char c : escaped) {
        if (c == '`') {
            out += open ? "</code>" : "<code>";
            open = !open;
        } else {
            out += c;
        }
    }
    if (open) out += "</code>";
    return out;
}

void html_table(std::string& out, const SummaryTable& t, const char* css_class) {
    if (t.rows.empty()) {
        out += "<p>" + html_escape(t.empty_text) + "</p>\n";
        return;
    }
    out += fmt::format("<table class=\"{}\">\n<tr>", css_class);
    for (const std::string& c : t.columns) out += "<th>" + html_escape(c) + "</th>";
    out += "</tr>\n";
    for (const auto& row : t.rows) {
        out += "<tr>";
        for (const std::string& c : row) out += "<td>" + html_escape(c) + "</td>";
        out += "</tr>\n";
    }
    out += "</table>\n";
}

void finding_section(std::string& out, const diff::Finding& f, std::string_view id_prefix) {
    const std::string_view severity = diff::severity_name(f.severity);
    out += fmt::format("<section class=\"finding {}\" id=\"{}{}\" data-kind=\"{}\">\n", severity, id_prefix, f.rank,
                       f.kind_name());
    out += fmt::format("<h3>{}. <span class=\"badge {}\">{}</span> <code>{}</code></h3>\n", f.rank, severity,
                       severity, f.kind_name());
    out += "<p class=\"title\">" + rich(f.title) + "</p>\n";
    if (f.socket)
        out += fmt::format("<p>Socket <code>{}</code>: good host {}, bad host {}.</p>\n",
                           html_escape(f.socket->identity),
                           html_escape(f.socket->good.empty() ? "none" : f.socket->good),
                           html_escape(f.socket->bad.empty() ? "none" : f.socket->bad));
    if (!f.evidence.metrics.empty()) html_table(out, evidence_table(f), "evidence");
    examples(out, "Good", f.evidence.good_examples);
    examples(out, "Bad", f.evidence.bad_examples);
    out += "<p><b>What it means:</b> " + rich(f.meaning()) + "</p>\n";
    out += "<p><b>Check next:</b> " + rich(f.next_steps()) + "</p>\n</section>\n";
}

}  // namespace ntpscope::report
