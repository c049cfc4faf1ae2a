# SPDX-License-Identifier: MPL-2.0
# The engine's sources, by layer; a layer includes only the layers above it in this list. Included by
# wasm/CMakeLists.txt (the two libraries) and tests/fuzz/CMakeLists.txt (the same sources, sanitised).
#   client     util, identity, format, oprf, check: everything a check needs (the browser engine links only this)
#   publisher  build, synth: from the records file to the signed data set (the CLI and the tests)
set(_bc_core "${CMAKE_CURRENT_LIST_DIR}")

set(BREACHCHECK_CLIENT_SOURCES
  ${_bc_core}/util/atomic_write.cpp ${_bc_core}/util/atomic_write.h
  ${_bc_core}/util/base64.cpp ${_bc_core}/util/base64.h
  ${_bc_core}/util/byte_source.cpp ${_bc_core}/util/byte_source.h
  ${_bc_core}/util/byte_view.h
  ${_bc_core}/util/civil_date.cpp ${_bc_core}/util/civil_date.h
  ${_bc_core}/util/coded_error.h
  ${_bc_core}/util/error_codes.cpp ${_bc_core}/util/error_codes.h
  ${_bc_core}/util/json_reader.cpp ${_bc_core}/util/json_reader.h
  ${_bc_core}/util/json_writer.cpp ${_bc_core}/util/json_writer.h
  ${_bc_core}/util/little_endian.h
  ${_bc_core}/util/secure_bytes.h
  ${_bc_core}/util/text_encoding.cpp ${_bc_core}/util/text_encoding.h
  ${_bc_core}/util/utf8.cpp ${_bc_core}/util/utf8.h
  ${_bc_core}/identity/identity.cpp ${_bc_core}/identity/identity.h
  ${_bc_core}/identity/kdf.cpp ${_bc_core}/identity/kdf.h
  ${_bc_core}/format/catalog.cpp ${_bc_core}/format/catalog.h
  ${_bc_core}/format/directory.cpp ${_bc_core}/format/directory.h
  ${_bc_core}/format/format.cpp ${_bc_core}/format/format.h
  ${_bc_core}/format/keys.cpp ${_bc_core}/format/keys.h
  ${_bc_core}/format/payload.cpp ${_bc_core}/format/payload.h
  ${_bc_core}/oprf/hash_to_group.cpp ${_bc_core}/oprf/hash_to_group.h
  ${_bc_core}/oprf/oprf.cpp ${_bc_core}/oprf/oprf.h
  ${_bc_core}/oprf/oprf_header.cpp ${_bc_core}/oprf/oprf_header.h
  ${_bc_core}/oprf/oprf_wire.cpp ${_bc_core}/oprf/oprf_wire.h
  ${_bc_core}/oprf/voprf_client.cpp ${_bc_core}/oprf/voprf_client.h
  ${_bc_core}/check/bucket_lookup.cpp ${_bc_core}/check/bucket_lookup.h
  ${_bc_core}/check/check_result.cpp ${_bc_core}/check/check_result.h
  ${_bc_core}/check/checker.cpp ${_bc_core}/check/checker.h
  ${_bc_core}/check/directory_check.cpp ${_bc_core}/check/directory_check.h
  ${_bc_core}/check/header_verifier.cpp ${_bc_core}/check/header_verifier.h)

set(BREACHCHECK_PUBLISHER_SOURCES
  ${_bc_core}/build/build_pipeline.cpp ${_bc_core}/build/build_pipeline.h
  ${_bc_core}/build/builder.h
  ${_bc_core}/build/seed_cache.cpp ${_bc_core}/build/seed_cache.h
  ${_bc_core}/build/csv_reader.cpp ${_bc_core}/build/csv_reader.h
  ${_bc_core}/build/dataset_writer.cpp ${_bc_core}/build/dataset_writer.h
  ${_bc_core}/build/date_format.cpp ${_bc_core}/build/date_format.h
  ${_bc_core}/build/entry_sorter.cpp ${_bc_core}/build/entry_sorter.h
  ${_bc_core}/build/file_io.cpp ${_bc_core}/build/file_io.h
  ${_bc_core}/build/hash_checkpoints.cpp ${_bc_core}/build/hash_checkpoints.h
  ${_bc_core}/build/hashed_entry.cpp ${_bc_core}/build/hashed_entry.h
  ${_bc_core}/build/kdf_pool.cpp ${_bc_core}/build/kdf_pool.h
  ${_bc_core}/build/partial_file.cpp ${_bc_core}/build/partial_file.h
  ${_bc_core}/build/planner.cpp ${_bc_core}/build/planner.h
  ${_bc_core}/build/record_collector.cpp ${_bc_core}/build/record_collector.h
  ${_bc_core}/build/record_columns.cpp ${_bc_core}/build/record_columns.h
  ${_bc_core}/build/report_text.cpp ${_bc_core}/build/report_text.h
  ${_bc_core}/synth/synth.cpp ${_bc_core}/synth/synth.h)

# The hashing pool's workers (build/kdf_pool.cpp) are the embedder's choice, not the core's: threads where the
# platform has them (not wasm without pthreads), and worker processes (fork + a shared mapping) on native
# POSIX builds only.
if(EMSCRIPTEN)
  set(BREACHCHECK_PUBLISHER_DEFINITIONS BREACHCHECK_KDF_THREADS=0 BREACHCHECK_KDF_WORKER_PROCESSES=0)
elseif(UNIX)
  set(BREACHCHECK_PUBLISHER_DEFINITIONS BREACHCHECK_KDF_THREADS=1 BREACHCHECK_KDF_WORKER_PROCESSES=1)
else()
  set(BREACHCHECK_PUBLISHER_DEFINITIONS BREACHCHECK_KDF_THREADS=1 BREACHCHECK_KDF_WORKER_PROCESSES=0)
endif()
