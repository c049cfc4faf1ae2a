// SPDX-License-Identifier: MPL-2.0
// "Write then rename": a file that appears complete or not at all. Everything breachcheck writes for someone
// else to read (data sets, partial files, checkpoints, keys, reports, synthetic CSVs) goes through here, so a
// reader or a crash never sees half a file, and an earlier version stays intact until the new one is whole.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace breachcheck::io {

// `write` fills PATH.partial, which then replaces `path` (rename). With `durable`, the new file's bytes and the
// directory entry are fsynced before this returns. Throws std::runtime_error (and whatever `write` throws; the
// earlier `path` is then untouched).
void write_then_rename(const std::string& path, const std::function<void(std::ostream&)>& write,
                       bool durable = false);

// The last step alone, for files written another way (io::SequentialWriter, which fsyncs its own bytes):
// renames `tmp` over `final_path`; with `durable`, then fsyncs the directory.
void rename_into_place(const std::string& tmp, const std::string& final_path, bool durable);

void fsync_path(const std::string& path);  // file or directory
std::string parent_dir(const std::string& path);

}  // namespace breachcheck::io
