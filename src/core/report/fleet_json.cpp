// JSON layout, schema "ntpscope.fleet/1" (docs/fleet.md): the hosts with their group, the groups
// largest first with their findings (each as in diff's JSON), and the inputs that could not be
// read. Members are only ever added, never renamed.
#include "core/json/json_writer.hpp"
#include "core/report/finding_json.hpp"
#include "core/report/fleet_render.hpp"

namespace ntpscope::report {

namespace {

void summary(json::Writer& w, const fleet::FleetReport& r) {
    w.key("summary").begin_object();
    w.key("hosts").number(r.hosts.size());
    w.key("clusters").number(r.groups.size());
    w.key("outliers").number(r.outliers());
    w.key("unreadable").number(r.unreadable.size());
    w.key("majority_tied").boolean(r.majority_tied());
    w.key("exit_status").number(r.exit_status());
    w.end_object();
}

void host(json::Writer& w, const fleet::FleetReport& r, size_t i) {
    const fleet::HostSummary& h = r.hosts[i];
    const size_t cluster = r.group_of[i];
    w.begin_object();
    w.key("name").string(h.name);
    w.key("input").string(h.input);
    w.key("cluster").number(cluster);
    w.key("outlier").boolean(cluster != 0);
    w.key("typical").boolean(r.groups[cluster].typical == i);
    w.key("source").string(h.source);
    w.key("duration_s").number(h.duration);
    w.key("events").number(h.events);
    w.key("servers").begin_array();
    for (const fleet::ServerBehaviour& s : h.behaviour.servers) {
        w.begin_object();
        w.key("server").string(s.server.ip_string());
        w.key("association").string(analysis::association_type_name(s.type));
        w.key("reach").string(fleet::health_name(s.health));
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

void cluster(json::Writer& w, const fleet::FleetReport& r, size_t g) {
    const fleet::Group& group = r.groups[g];
    w.begin_object();
    w.key("id").number(g);
    w.key("size").number(group.hosts.size());
    w.key("majority").boolean(g == 0);
    w.key("typical").string(r.hosts[group.typical].name);
    w.key("hosts").begin_array();
    for (size_t i : group.hosts) w.string(r.hosts[i].name);
    w.end_array();
    w.key("differences").begin_array();
    for (const fleet::Difference& d : group.differences) {
        w.begin_object();
        w.key("subject").string(d.subject);
        w.key("aspect").string(d.aspect);
        w.key("value").string(d.value);
        w.key("majority").string(d.reference);
        w.end_object();
    }
    w.end_array();
    w.key("findings").begin_array();
    for (const diff::Finding& f : group.findings) write_finding(w, f);
    w.end_array();
    w.end_object();
}

}  // namespace

std::string fleet_json(const fleet::FleetReport& report) {
    std::string out;
    json::Writer w(out);
    w.begin_object();
    w.key("format").string("ntpscope.fleet/1");
    summary(w, report);
    w.key("hosts").begin_array();
    for (size_t i = 0; i < report.hosts.size(); ++i) host(w, report, i);
    w.end_array();
    w.key("clusters").begin_array();
    for (size_t g = 0; g < report.groups.size(); ++g) cluster(w, report, g);
    w.end_array();
    w.key("unreadable").begin_array();
    for (const fleet::UnreadableInput& u : report.unreadable) {
        w.begin_object();
        w.key("input").string(u.input);
        w.key("error").string(u.error);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    out += '\n';
    return out;
}

}  // namespace ntpscope::report
