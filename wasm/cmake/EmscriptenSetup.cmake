# SPDX-License-Identifier: MPL-2.0
# WebAssembly toolchain setup for breachcheck (Debian's Emscripten 3.1.6). Included by the top-level
# CMakeLists.txt when EMSCRIPTEN (cmake --preset wasm, or emcmake cmake). Provides:
#
#   sodium                         static libsodium 1.0.18 built from Debian's source tree, -O3 always, its
#                                  Argon2 patched (in the build dir) to wipe its memory before freeing it
#   breachcheck_platform           randombytes backed by crypto.getRandomValues (carried by `sodium`)
#   nlohmann_json::nlohmann_json   header-only, through a private symlink include dir
#   breachcheck_configure_wasm_test(target)   Catch2 + Node/CTest settings for a test executable
#
# and the compile/link defaults for everything else in the wasm tree. Facts behind the choices: the
# project's TOOLCHAIN notes; numbers in the comments below were measured on the 2-core build machine.
#
# libsodium source: `scripts/fetch-libsodium-source.sh` (run by scripts/setup.sh) unpacks
# `apt-get source libsodium` OUTSIDE the repository, into
#   ${BREACHCHECK_LIBSODIUM_SOURCE_DIR:-$HOME/.cache/breachcheck/libsodium-1.0.18}
# and the cache variable BREACHCHECK_LIBSODIUM_SOURCE_DIR below has the same default (and honours the same
# environment variable), so nothing is written at the top level of the repository.

include_guard(GLOBAL)

if(NOT EMSCRIPTEN)
  message(FATAL_ERROR "EmscriptenSetup.cmake is for the wasm build only (use the `wasm` preset)")
endif()

set(_BC_PLATFORM_DIR "${CMAKE_CURRENT_LIST_DIR}/../platform")
get_filename_component(_BC_PLATFORM_DIR "${_BC_PLATFORM_DIR}" ABSOLUTE)
set(_BC_GEN_DIR "${CMAKE_BINARY_DIR}/_breachcheck")

# ---------------------------------------------------------------------------------------------------------
# Knobs
# ---------------------------------------------------------------------------------------------------------
if(DEFINED ENV{BREACHCHECK_LIBSODIUM_SOURCE_DIR} AND NOT "$ENV{BREACHCHECK_LIBSODIUM_SOURCE_DIR}" STREQUAL "")
  set(_bc_sodium_default "$ENV{BREACHCHECK_LIBSODIUM_SOURCE_DIR}")
else()
  set(_bc_sodium_default "$ENV{HOME}/.cache/breachcheck/libsodium-1.0.18")
endif()
set(BREACHCHECK_LIBSODIUM_SOURCE_DIR "${_bc_sodium_default}" CACHE PATH
    "Debian libsodium 1.0.18 source tree (filled by scripts/fetch-libsodium-source.sh)")

set(BREACHCHECK_NLOHMANN_JSON_DIR "/usr/include/nlohmann" CACHE PATH
    "nlohmann/json headers (Debian nlohmann-json3-dev); exposed to emcc through a symlink, never -I/usr/include")
set(BREACHCHECK_CATCH2_DIR "/usr/include/catch2" CACHE PATH
    "Catch2 v2 single header dir (Debian catch2); exposed to emcc through symlinks")

# Explicit stack: 3.1.6's default is 5 MiB (later versions: 64 KiB). 3.1.6 calls the setting TOTAL_STACK
# (-sSTACK_SIZE is rejected as a non-existent setting; it was renamed in 3.1.25).
set(BREACHCHECK_WASM_STACK_SIZE "1048576" CACHE STRING "Wasm stack size in bytes (-sTOTAL_STACK)")

# The engine's own C++ (core, bindings, tests) is optimised for size; libsodium always gets -O3.
set(BREACHCHECK_WASM_OPT_FLAG "-Os" CACHE STRING
    "Optimisation flag for the wasm tree's own C++ code in non-Debug builds (libsodium: always -O3)")
# The link-time level drives wasm-opt over the WHOLE module, libsodium included. Measured here with
# libsodium compiled at -O3: link -O2/-O3/-Os/-Oz all gave the same Argon2id time (Node and headless
# Chromium, within noise) and brotli sizes within 1%. The large -Oz penalty comes from COMPILING libsodium
# at -Oz, which the `sodium` target never does. -O3 stays the default; do not go below -Os.
set(BREACHCHECK_WASM_LINK_OPT_FLAG "-O3" CACHE STRING
    "Optimisation flag for wasm links in non-Debug builds (runs wasm-opt over libsodium too)")

option(BREACHCHECK_WASM_BULK_MEMORY
       "Compile with -mbulk-memory (memory.copy/fill; Chrome 75+, Firefox 79+, Safari 15+)" ON)
# The core uses try/catch (e.g. around catalog parsing). Without -fexceptions, Emscripten compiles C++ with
# -fignore-exceptions: catch blocks vanish and any throw aborts the module. Keep it ON so the wasm core
# behaves like the native one (the size cost is small: docs/PERFORMANCE.md).
option(BREACHCHECK_WASM_EXCEPTIONS "Enable C++ exception catching in the wasm tree (-fexceptions)" ON)

# Link-time optimisation over libsodium, the core and the bindings: the browser engine's wasm is 7.3 KB brotli
# smaller (82.5 vs 89.8 KB) with Argon2id as fast (docs/PERFORMANCE.md, "Download size"). Objects become LLVM
# bitcode, so every wasm link (tests too) runs LTO: slower links, same code as the browser gets.
option(BREACHCHECK_WASM_LTO "Compile and link the wasm tree with -flto (release builds)" ON)
set(_bc_lto "")
if(BREACHCHECK_WASM_LTO AND NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(_bc_lto "-flto")
endif()

set(_bc_bulk "")
if(BREACHCHECK_WASM_BULK_MEMORY)
  set(_bc_bulk "-mbulk-memory")
endif()

# ---------------------------------------------------------------------------------------------------------
# Private include directories: symlinks, so emcc never sees -I/usr/include (glibc headers would come along)
# ---------------------------------------------------------------------------------------------------------
function(_breachcheck_symlink target link)
  if(IS_SYMLINK "${link}")
    file(READ_SYMLINK "${link}" _current)
    if(_current STREQUAL target)
      return()
    endif()
    file(REMOVE "${link}")
  elseif(EXISTS "${link}")
    file(REMOVE_RECURSE "${link}")
  endif()
  file(CREATE_LINK "${target}" "${link}" SYMBOLIC)
endfunction()

if(NOT EXISTS "${BREACHCHECK_NLOHMANN_JSON_DIR}/json.hpp")
  message(FATAL_ERROR "nlohmann/json not found in ${BREACHCHECK_NLOHMANN_JSON_DIR}: run scripts/setup.sh "
                      "(Debian package nlohmann-json3-dev) or set BREACHCHECK_NLOHMANN_JSON_DIR")
endif()
set(BREACHCHECK_WASM_JSON_INCLUDE_DIR "${_BC_GEN_DIR}/include-json")
file(MAKE_DIRECTORY "${BREACHCHECK_WASM_JSON_INCLUDE_DIR}")
_breachcheck_symlink("${BREACHCHECK_NLOHMANN_JSON_DIR}" "${BREACHCHECK_WASM_JSON_INCLUDE_DIR}/nlohmann")

if(NOT TARGET nlohmann_json::nlohmann_json)
  add_library(breachcheck_nlohmann_json INTERFACE)
  # SYSTEM: the private dir is -isystem (warnings from json.hpp stay out of -Wconversion builds).
  target_include_directories(breachcheck_nlohmann_json SYSTEM INTERFACE "${BREACHCHECK_WASM_JSON_INCLUDE_DIR}")
  add_library(nlohmann_json::nlohmann_json ALIAS breachcheck_nlohmann_json)
endif()

# Catch2 v2: both `#include <catch.hpp>` (as tests/unit does natively with -I/usr/include/catch2) and
# `#include <catch2/catch.hpp>` work.
set(BREACHCHECK_WASM_CATCH2_INCLUDE_DIR "${_BC_GEN_DIR}/include-catch2")
if(EXISTS "${BREACHCHECK_CATCH2_DIR}/catch.hpp")
  file(MAKE_DIRECTORY "${BREACHCHECK_WASM_CATCH2_INCLUDE_DIR}")
  _breachcheck_symlink("${BREACHCHECK_CATCH2_DIR}" "${BREACHCHECK_WASM_CATCH2_INCLUDE_DIR}/catch2")
  file(GLOB _bc_catch_headers LIST_DIRECTORIES false "${BREACHCHECK_CATCH2_DIR}/*.hpp")
  foreach(_h IN LISTS _bc_catch_headers)
    get_filename_component(_name "${_h}" NAME)
    _breachcheck_symlink("${_h}" "${BREACHCHECK_WASM_CATCH2_INCLUDE_DIR}/${_name}")
  endforeach()
else()
  set(BREACHCHECK_WASM_CATCH2_INCLUDE_DIR "")
endif()

# ---------------------------------------------------------------------------------------------------------
# libsodium 1.0.18 (Debian source + patches), compiled directly: ~same objects as autotools + emconfigure,
# in a fraction of the time. One `sodium` target per build dir.
# ---------------------------------------------------------------------------------------------------------
# Argon2 wipes its working memory before freeing it. libsodium 1.0.18's crypto_pwhash never sets
# ARGON2_FLAG_CLEAR_MEMORY, and here the area is malloc()ed linear memory, so free() left all 8-256 MiB of blocks
# readable in the module (the last one hashes straight into the seed; docs/SECURITY.md). Natively it is mmap()ed
# and munmap()ed instead, so nothing stays in the process. The build compiles a copy of argon2-core.c, made in
# the build dir, whose free_instance() always clears; the line it replaces must appear exactly once, so another
# libsodium source fails here instead of building an Argon2 that does not wipe. Nothing else changes.
function(_breachcheck_patch_argon2_wipe src gen sources_var)
  set(dir "${src}/src/libsodium/crypto_pwhash/argon2")
  set(original "${dir}/argon2-core.c")
  set(unwiped "    clear_memory(instance, flags & ARGON2_FLAG_CLEAR_MEMORY);\n")
  set(wiped "    (void) flags; /* breachcheck (EmscriptenSetup.cmake): always wipe */\n    clear_memory(instance, 1);\n")
  # The SIMD variant's copy also selects breachcheck_argon2_fill_segment_simd128 (wasm/sodium-simd) where
  # libsodium would fall back to its scalar fill_segment_ref: libsodium's CPU checks never match in wasm.
  set(scalar_pick "    fill_segment = fill_segment_ref;\n")
  set(simd_pick "#ifdef BREACHCHECK_ARGON2_SIMD128 /* breachcheck (EmscriptenSetup.cmake) */\n    {\n        extern void breachcheck_argon2_fill_segment_simd128(const argon2_instance_t *, argon2_position_t);\n        fill_segment = breachcheck_argon2_fill_segment_simd128;\n        return 0;\n    }\n#endif\n    fill_segment = fill_segment_ref;\n")

  file(READ "${original}" text)
  foreach(line IN ITEMS unwiped scalar_pick)
    string(FIND "${text}" "${${line}}" first)
    string(FIND "${text}" "${${line}}" last REVERSE)
    if(first EQUAL -1 OR NOT first EQUAL last)
      message(FATAL_ERROR "${original}: expected the line\n${${line}}exactly once (libsodium 1.0.18's "
                          "free_instance and argon2_pick_best_implementation); this source differs, so the "
                          "Argon2 patches (wipe, SIMD kernel) cannot be applied.")
    endif()
  endforeach()
  string(REPLACE "${unwiped}" "${wiped}" text "${text}")
  string(REPLACE "${scalar_pick}" "${simd_pick}" text "${text}")
  set(patched "${gen}/patched/argon2-core.c")
  set(previous "")
  if(EXISTS "${patched}")
    file(READ "${patched}" previous)
  endif()
  if(NOT previous STREQUAL text)  # rewrite only on change, so the object is not rebuilt at every configure
    file(WRITE "${patched}" "${text}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${original}")

  set(sources ${${sources_var}})
  list(LENGTH sources count_before)
  list(REMOVE_ITEM sources "${original}")
  list(LENGTH sources count_after)
  math(EXPR count_expected "${count_before} - 1")
  if(NOT count_after EQUAL count_expected)
    message(FATAL_ERROR "argon2-core.c not among the libsodium sources collected from ${src}")
  endif()
  # Its quoted includes (argon2-core.h, blake2b-long.h) live next to the original.
  set_source_files_properties("${patched}" PROPERTIES INCLUDE_DIRECTORIES "${dir}")
  set(${sources_var} ${sources} PARENT_SCOPE)
  set(_bc_argon2_core_patched "${patched}" PARENT_SCOPE)
  set(_bc_argon2_dir "${dir}" PARENT_SCOPE)
endfunction()

function(_breachcheck_add_libsodium)
  set(src "${BREACHCHECK_LIBSODIUM_SOURCE_DIR}")
  if(NOT EXISTS "${src}/src/libsodium/include/sodium/version.h.in" OR NOT EXISTS "${src}/configure.ac")
    message(FATAL_ERROR
      "libsodium source tree not found in BREACHCHECK_LIBSODIUM_SOURCE_DIR=${src}\n"
      "Run scripts/fetch-libsodium-source.sh (scripts/setup.sh does) or point "
      "BREACHCHECK_LIBSODIUM_SOURCE_DIR at an unpacked `apt-get source libsodium` tree.")
  endif()

  # version.h from version.h.in, with the numbers configure.ac would substitute.
  file(STRINGS "${src}/configure.ac" _init REGEX "^AC_INIT\\(\\[libsodium\\],\\[[0-9.]+\\]")
  file(STRINGS "${src}/configure.ac" _major REGEX "^SODIUM_LIBRARY_VERSION_MAJOR=[0-9]+")
  file(STRINGS "${src}/configure.ac" _minor REGEX "^SODIUM_LIBRARY_VERSION_MINOR=[0-9]+")
  string(REGEX REPLACE "^AC_INIT\\(\\[libsodium\\],\\[([0-9.]+)\\].*" "\\1" VERSION "${_init}")
  string(REGEX REPLACE ".*=([0-9]+).*" "\\1" SODIUM_LIBRARY_VERSION_MAJOR "${_major}")
  string(REGEX REPLACE ".*=([0-9]+).*" "\\1" SODIUM_LIBRARY_VERSION_MINOR "${_minor}")
  if(NOT VERSION STREQUAL "1.0.18")
    message(FATAL_ERROR "Expected libsodium 1.0.18 in ${src}, found '${VERSION}'")
  endif()
  set(SODIUM_LIBRARY_MINIMAL_DEF "")  # full build: ristretto255 etc. (no --enable-minimal)
  set(gen "${_BC_GEN_DIR}/libsodium")
  configure_file("${src}/src/libsodium/include/sodium/version.h.in"
                 "${gen}/include/sodium/version.h" @ONLY)
  # version.h says #include "export.h" (same directory): give it one next to the generated file.
  configure_file("${src}/src/libsodium/include/sodium/export.h" "${gen}/include/sodium/export.h" COPYONLY)

  file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${src}/src/libsodium/*.c")
  # As autotools does for Emscripten (src/libsodium/Makefile.am, `if !EMSCRIPTEN`): no sysrandom, no
  # internal (RDRAND) generator. Randomness comes from breachcheck_platform instead.
  list(FILTER sources EXCLUDE REGEX "/randombytes/sysrandom/|/randombytes/internal/")
  _breachcheck_patch_argon2_wipe("${src}" "${gen}" sources)

  # Two libraries from one set of objects: `sodium` (libsodium's scalar Argon2 block function) and
  # `sodium_simd128` (the block function of wasm/sodium-simd, WebAssembly SIMD), which differ only in
  # argon2-core.c (compiled twice: with and without BREACHCHECK_ARGON2_SIMD128) and the kernel's own file.
  # Only that file is compiled with -msimd128: clang's auto-vectorised libsodium was measured 1.5x slower
  # (docs/PERFORMANCE.md). A target picks the SIMD one with the property BREACHCHECK_ARGON2_KERNEL=simd128
  # (wasm/CMakeLists.txt).
  add_library(sodium_objects OBJECT ${sources})
  add_library(sodium STATIC $<TARGET_OBJECTS:sodium_objects> "${_bc_argon2_core_patched}")
  add_library(sodium_simd128 STATIC $<TARGET_OBJECTS:sodium_objects>
              "${gen}/argon2-core-simd128.c"
              "${_BC_PLATFORM_DIR}/../sodium-simd/argon2-fill-segment-simd128.c")
  # The same patched argon2-core.c under another name, so that its object differs from `sodium`'s.
  configure_file("${_bc_argon2_core_patched}" "${gen}/argon2-core-simd128.c" COPYONLY)
  set_source_files_properties("${gen}/argon2-core-simd128.c" PROPERTIES
    INCLUDE_DIRECTORIES "${_bc_argon2_dir}" COMPILE_DEFINITIONS BREACHCHECK_ARGON2_SIMD128)
  set_source_files_properties("${_BC_PLATFORM_DIR}/../sodium-simd/argon2-fill-segment-simd128.c" PROPERTIES
    INCLUDE_DIRECTORIES "${_bc_argon2_dir}" COMPILE_OPTIONS "-msimd128")
  foreach(lib IN ITEMS sodium_objects sodium sodium_simd128)
    set_target_properties(${lib} PROPERTIES C_STANDARD 99 C_EXTENSIONS ON)
    target_include_directories(${lib}
      PUBLIC "${src}/src/libsodium/include" "${gen}/include"
      PRIVATE "${src}/src/libsodium/include/sodium" "${gen}/include/sodium")
    target_compile_definitions(${lib}
      PUBLIC SODIUM_STATIC
      PRIVATE
        CONFIGURED=1
        # What autotools detects for wasm32-unknown-emscripten (configure.ac skips the mmap/mlock/
        # getrandom/arc4random checks there; no TI mode, no asm, no cpuid, no intrinsics headers):
        NATIVE_LITTLE_ENDIAN=1
        HAVE_ALLOCA_H=1 HAVE_ALLOCA=1 HAVE_C_VARARRAYS=1
        HAVE_SYS_MMAN_H=1
        HAVE_INLINE_ASM=1         # only an empty "memory" barrier (utils.c); fine in wasm
        HAVE_EXPLICIT_BZERO=1     # musl's explicit_bzero backs sodium_memzero
        # Deliberately NOT HAVE_POSIX_MEMALIGN (which autotools would detect): with it sodium_malloc uses
        # sysconf(_SC_PAGESIZE) = 64 KiB wasm pages and guard pages that protect nothing in linear memory,
        # i.e. >= 192 KiB per allocation for no benefit. Without it sodium_malloc is malloc + canary.
    )
    # -O3 ALWAYS (overrides CMAKE_C_FLAGS_<CONFIG>; last -O wins): Argon2id is 5-9x slower at -Oz.
    # -fno-strict-aliasing/-fno-strict-overflow: what libsodium's configure adds.
    # -w: third-party code (104 files); its upstream CI keeps it warning-clean.
    target_compile_options(${lib} PRIVATE -O3 -fno-strict-aliasing -fno-strict-overflow ${_bc_bulk} ${_bc_lto} -w)
  endforeach()
  set_target_properties(sodium PROPERTIES OUTPUT_NAME sodium)

  # randombytes.c without __EMSCRIPTEN__ (its Emscripten path ignores randombytes_set_implementation and
  # emits JS that calls require('crypto') / self) and with our implementation as the default one.
  set_source_files_properties("${src}/src/libsodium/randombytes/randombytes.c" PROPERTIES
    COMPILE_DEFINITIONS BREACHCHECK_LIBSODIUM_RANDOMBYTES_GLUE
    COMPILE_OPTIONS "-U__EMSCRIPTEN__;-include;${_BC_PLATFORM_DIR}/random_emscripten.h"
    OBJECT_DEPENDS "${_BC_PLATFORM_DIR}/random_emscripten.h")

  # The randombytes implementation. Separate C++ target; `sodium` carries it, so every executable that
  # links sodium (tests, browser module) gets it.
  add_library(breachcheck_platform STATIC "${_BC_PLATFORM_DIR}/random_emscripten.cpp")
  target_include_directories(breachcheck_platform
    PUBLIC "${_BC_PLATFORM_DIR}" "${src}/src/libsodium/include" "${gen}/include")
  target_compile_definitions(breachcheck_platform PUBLIC SODIUM_STATIC)
  target_compile_options(breachcheck_platform PRIVATE -O2 ${_bc_bulk} ${_bc_lto})
  target_link_libraries(sodium INTERFACE breachcheck_platform)
  target_link_libraries(sodium_simd128 INTERFACE breachcheck_platform)
endfunction()

if(NOT TARGET sodium)
  _breachcheck_add_libsodium()
endif()

# ---------------------------------------------------------------------------------------------------------
# Defaults for the rest of the wasm tree (targets created after this point: wasm/, tests/)
# ---------------------------------------------------------------------------------------------------------
add_compile_options("$<$<NOT:$<CONFIG:Debug>>:${BREACHCHECK_WASM_OPT_FLAG}>")
if(_bc_lto)
  add_compile_options(${_bc_lto})
  add_link_options(${_bc_lto})
endif()
if(_bc_bulk)
  add_compile_options(${_bc_bulk})
endif()
if(BREACHCHECK_WASM_EXCEPTIONS)
  add_compile_options("$<$<COMPILE_LANGUAGE:CXX>:-fexceptions>")
  add_link_options(-fexceptions)
endif()
add_link_options(
  "-sTOTAL_STACK=${BREACHCHECK_WASM_STACK_SIZE}"
  -sALLOW_MEMORY_GROWTH=1
  "$<$<NOT:$<CONFIG:Debug>>:${BREACHCHECK_WASM_LINK_OPT_FLAG}>")

# ---------------------------------------------------------------------------------------------------------
# Tests under Node from CTest
# ---------------------------------------------------------------------------------------------------------
# 3.1.6's loader fetch()es the .wasm by file path under Node >= 18 ("Failed to parse URL"):
# --no-experimental-fetch makes it read the file with fs. The toolchain file's default emulator is bare
# node, which cannot run these tests: replace it (but keep an emulator someone chose deliberately).
find_program(BREACHCHECK_NODE_EXECUTABLE NAMES node nodejs REQUIRED)
set(BREACHCHECK_WASM_TEST_EMULATOR "${BREACHCHECK_NODE_EXECUTABLE};--no-experimental-fetch")
if(NOT CMAKE_CROSSCOMPILING_EMULATOR
   OR CMAKE_CROSSCOMPILING_EMULATOR STREQUAL "${NODE_JS_EXECUTABLE}"
   OR CMAKE_CROSSCOMPILING_EMULATOR MATCHES "experimental-wasm-threads")
  set(CMAKE_CROSSCOMPILING_EMULATOR "${BREACHCHECK_WASM_TEST_EMULATOR}" CACHE STRING
      "Runs wasm test executables (node with --no-experimental-fetch)" FORCE)
endif()

function(breachcheck_configure_wasm_test target)
  if(NOT BREACHCHECK_WASM_CATCH2_INCLUDE_DIR)
    message(FATAL_ERROR "Catch2 not found in ${BREACHCHECK_CATCH2_DIR}: run scripts/setup.sh (package catch2)")
  endif()
  target_include_directories(${target} SYSTEM PRIVATE "${BREACHCHECK_WASM_CATCH2_INCLUDE_DIR}")
  # Catch2 needs exceptions whatever BREACHCHECK_WASM_EXCEPTIONS says.
  target_compile_options(${target} PRIVATE -fexceptions)
  target_link_options(${target} PRIVATE
    -fexceptions
    -sENVIRONMENT=node
    -sNODERAWFS=1           # tests open repository files by their real paths
    -sEXIT_RUNTIME=1        # flush stdio and return main()'s status as the process exit code
    -sASSERTIONS=1          # readable aborts (stack overflow, OOM) in test logs
    -sALLOW_MEMORY_GROWTH=1
    "-sTOTAL_STACK=${BREACHCHECK_WASM_STACK_SIZE}")
  # Emscripten's stdout is a tty to Catch2, so it would colour CTest logs with escape codes.
  target_compile_definitions(${target} PRIVATE CATCH_CONFIG_COLOUR_NONE)
  set_target_properties(${target} PROPERTIES
    SUFFIX ".js"
    CROSSCOMPILING_EMULATOR "${BREACHCHECK_WASM_TEST_EMULATOR}")
endfunction()
