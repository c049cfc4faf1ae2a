// breachcheck keygen --out DIR: a publisher key pair (DIR/publisher.key secret, DIR/publisher.pub public).
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "commands.h"

namespace breachcheck::cli {

Command add_keygen(CLI::App& app) {
  struct Options {
    std::string out;
    bool force = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("keygen", "Create a publisher Ed25519 key pair");
  cmd->add_option("--out", opt->out, "Directory for publisher.key (secret, mode 600) and publisher.pub")->required();
  cmd->add_flag("--force", opt->force, "Overwrite an existing key pair");
  return [opt]() {
    namespace fs = std::filesystem;
    fs::create_directories(opt->out);
    const fs::path secret_path = fs::path(opt->out) / "publisher.key";
    const fs::path public_path = fs::path(opt->out) / "publisher.pub";
    if (!opt->force && (fs::exists(secret_path) || fs::exists(public_path))) {
      throw UsageError(secret_path.string() + " already exists; refusing to overwrite a key (use --force)");
    }
    const KeyPair pair = generate_key_pair();
    std::string secret_text = secret_key_file_text(pair);
    {
      // Create with mode 600 from the start: the secret never sits in a world-readable file.
      const mode_t old_mask = umask(077);
      std::ofstream out(secret_path, std::ios::trunc);
      umask(old_mask);
      out << secret_text;
      if (!out) throw std::runtime_error("cannot write " + secret_path.string());
    }
    sodium_memzero(secret_text.data(), secret_text.size());
    const std::string public_b64 = public_key_to_base64(pair.public_key);
    write_file_atomically(public_path.string(), public_b64 + "\n");
    nlohmann::ordered_json j;
    j["secretKeyFile"] = secret_path.string();
    j["publicKeyFile"] = public_path.string();
    j["publicKey"] = public_b64;
    j["fingerprint"] = key_fingerprint(pair.public_key);
    print_json_line(j.dump());
    return 0;
  };
}

}  // namespace breachcheck::cli
