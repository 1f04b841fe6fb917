#include "app/metrics_server.hpp"

#include <httplib.h>

#include <charconv>
#include <stdexcept>

#include "app/quiet_thread.hpp"
#include "core/report/metrics_exposition.hpp"

namespace ntpscope::app {

namespace {

struct ListenAddress {
    std::string host;
    int port = 0;
};

ListenAddress parse_listen(const std::string& listen) {
    const size_t colon = listen.rfind(':');
    if (colon == std::string::npos || colon + 1 == listen.size())
        throw std::runtime_error("--metrics-listen " + listen + ": expected ADDR:PORT, e.g. 127.0.0.1:9123");
    ListenAddress a;
    a.host = listen.substr(0, colon);
    if (a.host.size() >= 2 && a.host.front() == '[' && a.host.back() == ']') a.host = a.host.substr(1, a.host.size() - 2);
    if (a.host.empty()) a.host = "0.0.0.0";
    const char* first = listen.data() + colon + 1;
    const char* last = listen.data() + listen.size();
    const auto [end, ec] = std::from_chars(first, last, a.port);
    if (ec != std::errc{} || end != last || a.port < 0 || a.port > 65535)
        throw std::runtime_error("--metrics-listen " + listen + ": the port must be a number from 0 to 65535");
    return a;
}

}  // namespace

MetricsServer::MetricsServer(const std::string& listen) : server_(std::make_unique<httplib::Server>()) {
    const ListenAddress address = parse_listen(listen);
    server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
        std::lock_guard lock(mutex_);
        res.set_content(exposition_, std::string(report::kMetricsContentType));
    });
    port_ = address.port == 0 ? server_->bind_to_any_port(address.host)
                              : (server_->bind_to_port(address.host, address.port) ? address.port : -1);
    if (port_ < 0) throw std::runtime_error("--metrics-listen " + listen + ": cannot listen there");
    thread_ = start_quiet_thread([this] { server_->listen_after_bind(); });
}

MetricsServer::~MetricsServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
}

void MetricsServer::publish(std::string exposition) {
    std::lock_guard lock(mutex_);
    exposition_ = std::move(exposition);
}

}  // namespace ntpscope::app
