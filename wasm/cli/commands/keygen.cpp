// SPDX-License-Identifier: MPL-2.0
// breachcheck keygen --out DIR: a publisher key pair (DIR/publisher.key secret, DIR/publisher.pub public).
// breachcheck keygen --oprf --out DIR: the hardened mode's OPRF key pair (DIR/oprf.key secret, DIR/oprf.pub
// public), docs/OPRF.md section 5. Rotating either key means a new key directory and a rebuild.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "commands/commands.h"
#include "oprf/oprf_wire.h"
#include "util/atomic_write.h"

namespace breachcheck::cli {
namespace {

// Creates the file with mode 600 from the start: the secret never sits in a world-readable file.
void write_secret_file(const std::filesystem::path& path, std::string& text) {
  const mode_t old_mask = umask(077);
  std::ofstream out(path, std::ios::trunc);
  umask(old_mask);
  out << text;
  out.flush();
  sodium_memzero(text.data(), text.size());
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

Command add_keygen(CLI::App& app) {
  struct Options {
    std::string out;
    bool force = false;
    bool oprf = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("keygen", "Create a publisher Ed25519 key pair (or, with --oprf, an OPRF key pair)");
  cmd->add_option("--out", opt->out,
                  "Directory for publisher.key (secret, mode 600) and publisher.pub; with --oprf: oprf.key and oprf.pub")
      ->required();
  cmd->add_flag("--oprf", opt->oprf,
                "Hardened mode: a ristretto255 OPRF key pair for `build --oprf-key` and `serve --key`");
  cmd->add_flag("--force", opt->force, "Overwrite an existing key pair");
  return [opt]() {
    namespace fs = std::filesystem;
    fs::create_directories(opt->out);
    const std::string stem = opt->oprf ? "oprf" : "publisher";
    const fs::path secret_path = fs::path(opt->out) / (stem + ".key");
    const fs::path public_path = fs::path(opt->out) / (stem + ".pub");
    if (!opt->force && (fs::exists(secret_path) || fs::exists(public_path))) {
      throw UsageError(secret_path.string() + " already exists; refusing to overwrite a key (use --force)");
    }
    std::string public_b64;
    std::string fingerprint;
    if (opt->oprf) {
      const OprfKeyPair pair = generate_oprf_key_pair();
      std::string secret_text = oprf_secret_key_file_text(pair);
      write_secret_file(secret_path, secret_text);
      public_b64 = oprf_public_key_to_base64(pair.public_key);
      fingerprint = oprf_key_fingerprint(pair.public_key);
    } else {
      const KeyPair pair = generate_key_pair();
      std::string secret_text = secret_key_file_text(pair);
      write_secret_file(secret_path, secret_text);
      public_b64 = public_key_to_base64(pair.public_key);
      fingerprint = key_fingerprint(pair.public_key);
    }
    io::write_then_rename(public_path.string(), [&](std::ostream& out) { out << public_b64 << "\n"; });
    nlohmann::ordered_json j;
    j["secretKeyFile"] = secret_path.string();
    j["publicKeyFile"] = public_path.string();
    j["publicKey"] = public_b64;
    j["fingerprint"] = fingerprint;
    if (opt->oprf) j["kind"] = "oprf";
    print_json_line(j.dump());
    return 0;
  };
}

}  // namespace breachcheck::cli
