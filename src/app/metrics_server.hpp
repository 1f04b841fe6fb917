// GET /metrics over HTTP (cpp-httplib), on its own thread, serving the latest exposition text.
// The text is replaced about once a second by whoever renders it, so a scrape never waits for
// the recorder and never sees half an update.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace ntpscope::app {

class MetricsServer {
public:
    // `listen` is ADDR:PORT ([v6]:PORT for IPv6; port 0 picks a free one). Throws
    // std::runtime_error naming the address when it cannot listen.
    explicit MetricsServer(const std::string& listen);
    ~MetricsServer();
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    void publish(std::string exposition);
    int port() const { return port_; }

private:
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    std::mutex mutex_;
    std::string exposition_;
    int port_ = 0;
};

}  // namespace ntpscope::app
