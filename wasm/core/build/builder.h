// SPDX-License-Identifier: MPL-2.0
// Publisher side: from the affected-records CSV to the signed data set (docs/FORMAT.md). One header for the
// whole pipeline; each stage lives in its own file and is usable alone:
//   record_collector  CSV -> validated records merged by canonical identity (bounded memory, shard filter)
//   kdf_pool          records -> hashed entries (Argon2id on all threads; the only expensive stage)
//   hash_checkpoints  the hashing stage in content-defined chunks checkpointed in a work directory (resume)
//   entry_sorter      hashed entries -> sorted, in memory or through range files (bounded memory)
//   dataset_writer    sorted entries -> header + 2^P signed buckets with dummies (needs the signing key)
//   partial_file      the shard file format (*.bcp) that `breachcheck merge` combines
//   build_pipeline    all of the above, single-machine or sharded, within a memory budget
//   planner           expected P, sizes and costs before a build
// The in-memory functions below (collect_records, hash_records, choose_prefix_bits, write_dataset) are the
// same code paths, for tests and small lists.
#pragma once

#include "build/build_pipeline.h"
#include "build/dataset_writer.h"
#include "build/kdf_pool.h"
#include "build/record_collector.h"
#include "build/seed_cache.h"
