#include "app/segment_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "app/disk_budget.hpp"
#include "app/segment_names.hpp"

namespace ntpscope::app {

namespace {
constexpr int64_t kSecond = 1'000'000'000;
// Two segments started within one second (SIGHUP twice) would share a name: the later one is
// named a second or more later, keeping names in order.
constexpr int kNameAttempts = 60;
}  // namespace

SegmentWriter::SegmentWriter(std::string dir, SegmentPolicy policy, SegmentLog log)
    : dir_(std::move(dir)), policy_(policy), log_(std::move(log)) {}

SegmentWriter::~SegmentWriter() = default;

void SegmentWriter::write_header(const TraceHeader& header) {
    for (int attempt = 0;; ++attempt) {
        path_ = dir_ + "/" + segment_name(header.host, header.start + attempt * kSecond);
        try {
            file_ = std::make_unique<SegmentFile>(path_, [this](int error) { on_write(error); });
            break;
        } catch (const std::system_error& e) {
            if (e.code().value() != EEXIST || attempt + 1 == kNameAttempts) throw;
        }
    }
    writer_ = std::make_unique<trace::TraceWriter>(file_->stream());
    writer_->write_header(header);
    // Alone in its write: SegmentFile keeps the first line it gets until it is written.
    writer_->flush();
    opened_ = std::chrono::steady_clock::now();
    log_.info(fmt::format("writing segment {}", path_));
    keep_budget();
}

void SegmentWriter::write_event(const Event& event) { writer_->write_event(event); }

void SegmentWriter::write_footer(const TraceFooter& footer) {
    writer_->flush();
    const uint64_t dropped = file_->dropped_lines();
    TraceFooter counted = footer;
    counted.events -= std::min(dropped, footer.events);
    counted.lost += dropped;
    writer_->write_footer(counted);
    writer_->flush();
    writer_.reset();
    file_.reset();
    dropped_before_ += dropped;
}

void SegmentWriter::flush() {
    if (writer_) writer_->flush();
    keep_budget();
}

bool SegmentWriter::segment_complete() const {
    return file_ && app::segment_complete(policy_, std::chrono::steady_clock::now() - opened_, file_->bytes());
}

void SegmentWriter::on_write(int error) {
    if (error && !paused_) {
        paused_ = true;
        log_.warn(fmt::format("{}: {}: writing paused; events are dropped, and counted as lost, until it can write "
                              "again",
                              path_, std::strerror(error)));
    } else if (!error && paused_) {
        paused_ = false;
        log_.info(fmt::format("{}: writing resumed ({} events dropped so far)", path_, dropped()));
    }
}

void SegmentWriter::keep_budget() {
    if (!policy_.max_disk || path_.empty()) return;
    const std::string current = path_.substr(dir_.size() + 1);
    for (const std::string& name : enforce_disk_budget(dir_, current, policy_.max_disk))
        log_.info(fmt::format("deleted the oldest segment {}/{} to stay within --max-disk", dir_, name));
}

}  // namespace ntpscope::app
