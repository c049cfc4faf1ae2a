// SPDX-License-Identifier: MPL-2.0
#include "argon2_reference.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

// Blocks are handed to the sink as the bytes of their 64-bit words, which are Argon2's little-endian
// serialisation only on a little-endian host (x86-64, wasm32).
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "argon2_reference reports blocks as in-memory bytes");

namespace breachcheck::test {

namespace {

constexpr std::size_t kWords = kArgon2BlockSize / 8;
constexpr std::uint32_t kVersion = 0x13;
constexpr std::uint32_t kTypeArgon2id = 2;
constexpr std::uint32_t kSyncPoints = 4;
constexpr std::size_t kAddressesPerBlock = kWords;

using Block = std::array<std::uint64_t, kWords>;

void store32_le(std::uint8_t* out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

void report(const Argon2SecretSink& sink, Argon2Secret kind, const void* bytes, std::size_t size) {
  if (sink) sink(kind, static_cast<const std::uint8_t*>(bytes), size);
}

// RFC 9106 section 3.6: the BlaMka mixing function GB and the permutation P over 16 words.
std::uint64_t rotr64(std::uint64_t w, unsigned c) { return (w >> c) | (w << (64 - c)); }

std::uint64_t blamka(std::uint64_t x, std::uint64_t y) {
  return x + y + 2 * (x & 0xFFFFFFFFu) * (y & 0xFFFFFFFFu);
}

void mix(std::uint64_t& a, std::uint64_t& b, std::uint64_t& c, std::uint64_t& d) {
  a = blamka(a, b);
  d = rotr64(d ^ a, 32);
  c = blamka(c, d);
  b = rotr64(b ^ c, 24);
  a = blamka(a, b);
  d = rotr64(d ^ a, 16);
  c = blamka(c, d);
  b = rotr64(b ^ c, 63);
}

// P applied to the words of `block` listed in `at` (v_0..v_15 of the RFC).
void permute(Block& block, const std::array<std::size_t, 16>& at) {
  auto v = [&](std::size_t i) -> std::uint64_t& { return block[at[i]]; };
  mix(v(0), v(4), v(8), v(12));
  mix(v(1), v(5), v(9), v(13));
  mix(v(2), v(6), v(10), v(14));
  mix(v(3), v(7), v(11), v(15));
  mix(v(0), v(5), v(10), v(15));
  mix(v(1), v(6), v(11), v(12));
  mix(v(2), v(7), v(8), v(13));
  mix(v(3), v(4), v(9), v(14));
}

// The block as an 8x8 matrix of 16-byte registers: P on each row, then on each column.
void permute_rows_then_columns(Block& block) {
  std::array<std::size_t, 16> at{};
  for (std::size_t row = 0; row < 8; ++row) {
    for (std::size_t k = 0; k < 16; ++k) at[k] = 16 * row + k;
    permute(block, at);
  }
  for (std::size_t column = 0; column < 8; ++column) {
    for (std::size_t k = 0; k < 8; ++k) {
      at[2 * k] = 2 * column + 16 * k;
      at[2 * k + 1] = 2 * column + 16 * k + 1;
    }
    permute(block, at);
  }
}

void xor_into(Block& out, const Block& in) {
  for (std::size_t i = 0; i < kWords; ++i) out[i] ^= in[i];
}

// Everything that holds secret material, in one heap object so it can be wiped in one place.
struct Workspace {
  crypto_generichash_state hash;
  std::array<std::uint8_t, 64> chain;         // H' V_i
  std::array<std::uint8_t, 64 + 8> prehash;   // H0 || LE32(column) || LE32(lane)
  std::array<std::uint8_t, kArgon2BlockSize> bytes;
  Block r;                                    // compression: R, then R xor the old block
  Block z;                                    // compression: P(R), then G(X, Y)
  Block address_input;
  Block addresses;
};

void wipe(Workspace& w) { sodium_memzero(&w, sizeof w); }

// One BLAKE2b-out_size over LE32(prefix_len) || data, or over data alone when no length prefix is wanted.
void blake2b(Workspace& w, std::uint8_t* out, std::size_t out_size, const std::uint8_t* data, std::size_t size,
             const std::uint8_t* le32_prefix) {
  crypto_generichash_init(&w.hash, nullptr, 0, out_size);
  if (le32_prefix) crypto_generichash_update(&w.hash, le32_prefix, 4);
  crypto_generichash_update(&w.hash, data, size);
  crypto_generichash_final(&w.hash, out, out_size);
}

// H'^T(X), RFC 9106 section 3.3.
void variable_hash(Workspace& w, std::uint8_t* out, std::size_t out_size, const std::uint8_t* in,
                   std::size_t in_size, const Argon2SecretSink& sink) {
  std::uint8_t length[4];
  store32_le(length, static_cast<std::uint32_t>(out_size));
  if (out_size <= 64) {
    blake2b(w, out, out_size, in, in_size, length);
    return;
  }
  const std::size_t r = (out_size + 31) / 32 - 2;
  blake2b(w, w.chain.data(), 64, in, in_size, length);  // V_1
  report(sink, Argon2Secret::kFirstBlockChain, w.chain.data(), 64);
  std::copy_n(w.chain.data(), 32, out);
  for (std::size_t i = 2; i <= r; ++i) {  // V_i = BLAKE2b(V_{i-1}); keep its first 32 bytes
    blake2b(w, w.chain.data(), 64, w.chain.data(), 64, nullptr);
    report(sink, Argon2Secret::kFirstBlockChain, w.chain.data(), 64);
    std::copy_n(w.chain.data(), 32, out + 32 * (i - 1));
  }
  const std::size_t last = out_size - 32 * r;  // V_{r+1}, whole
  blake2b(w, w.chain.data(), last, w.chain.data(), 64, nullptr);
  report(sink, Argon2Secret::kFirstBlockChain, w.chain.data(), last);
  std::copy_n(w.chain.data(), last, out + 32 * r);
}

void load_block(Block& out, const std::uint8_t* bytes) {
  for (std::size_t i = 0; i < kWords; ++i) {
    std::uint64_t word = 0;
    for (int b = 7; b >= 0; --b) word = (word << 8) | bytes[8 * i + static_cast<std::size_t>(b)];
    out[i] = word;
  }
}

// next = G(prev, ref), or in a later pass G(prev, ref) xor next; reports R, P(R), G and the new block.
void compress(Workspace& w, const Block& prev, const Block& ref, Block& next, bool xor_old,
              const Argon2SecretSink& sink) {
  w.r = prev;
  xor_into(w.r, ref);
  report(sink, Argon2Secret::kCompressionInput, w.r.data(), kArgon2BlockSize);
  w.z = w.r;
  permute_rows_then_columns(w.z);
  report(sink, Argon2Secret::kCompressionOutput, w.z.data(), kArgon2BlockSize);
  xor_into(w.z, w.r);  // G(prev, ref)
  if (xor_old) {
    report(sink, Argon2Secret::kCompressionOutput, w.z.data(), kArgon2BlockSize);
    xor_into(w.r, next);  // what an implementation that xors in place holds: R xor the old block
    report(sink, Argon2Secret::kCompressionInput, w.r.data(), kArgon2BlockSize);
    xor_into(next, w.z);
  } else {
    next = w.z;
  }
  report(sink, Argon2Secret::kBlock, next.data(), kArgon2BlockSize);
}

// Data-independent addressing: the next 128 pseudo-random words G(0, G(0, Z)), Z's counter advanced first.
void next_addresses(Workspace& w) {
  w.address_input[6] += 1;
  w.addresses = w.address_input;
  permute_rows_then_columns(w.addresses);
  xor_into(w.addresses, w.address_input);  // G(0, Z)
  const Block once = w.addresses;
  permute_rows_then_columns(w.addresses);
  xor_into(w.addresses, once);  // G(0, G(0, Z))
}

}  // namespace

const char* argon2_secret_name(Argon2Secret kind) {
  switch (kind) {
    case Argon2Secret::kPrehash: return "H0";
    case Argon2Secret::kFirstBlockChain: return "H' chain of a first block";
    case Argon2Secret::kBlock: return "memory block";
    case Argon2Secret::kCompressionInput: return "compression input";
    case Argon2Secret::kCompressionOutput: return "compression output";
  }
  return "?";
}

void argon2_variable_hash(std::uint8_t* out, std::size_t out_size, const std::uint8_t* in, std::size_t in_size,
                          const Argon2SecretSink& sink) {
  auto w = std::make_unique<Workspace>();
  variable_hash(*w, out, out_size, in, in_size, sink);
  wipe(*w);
}

bool argon2id_reference(const Argon2idInput& in, std::uint8_t* tag, std::size_t tag_size,
                        const Argon2SecretSink& sink) {
  if (in.lanes < 1 || in.lanes > 0xFFFFFF || in.passes < 1 || tag_size < 4 || in.salt_size < 8 ||
      in.mem_kib < 8 * in.lanes) {
    return false;
  }
  // m' = 4p * floor(m / 4p) blocks; q columns per lane, four segments per lane.
  const std::uint32_t memory_blocks = in.mem_kib / (kSyncPoints * in.lanes) * (kSyncPoints * in.lanes);
  const std::uint32_t lane_length = memory_blocks / in.lanes;
  const std::uint32_t segment_length = lane_length / kSyncPoints;

  auto w = std::make_unique<Workspace>();
  std::vector<Block> memory(memory_blocks);
  auto at = [&](std::uint32_t lane, std::uint32_t column) -> Block& {
    return memory[std::size_t{lane} * lane_length + column];
  };

  // H0 = BLAKE2b-512(p, T, m, t, v, y, |P|, P, |S|, S, |K|, K, |X|, X), all lengths and numbers LE32.
  crypto_generichash_init(&w->hash, nullptr, 0, 64);
  auto put32 = [&](std::uint32_t value) {
    std::uint8_t le[4];
    store32_le(le, value);
    crypto_generichash_update(&w->hash, le, 4);
  };
  auto put_bytes = [&](const std::uint8_t* bytes, std::size_t size) {
    put32(static_cast<std::uint32_t>(size));
    if (size) crypto_generichash_update(&w->hash, bytes, size);
  };
  put32(in.lanes);
  put32(static_cast<std::uint32_t>(tag_size));
  put32(in.mem_kib);
  put32(in.passes);
  put32(kVersion);
  put32(kTypeArgon2id);
  put_bytes(in.password, in.password_size);
  put_bytes(in.salt, in.salt_size);
  put_bytes(in.secret, in.secret_size);
  put_bytes(in.associated, in.associated_size);
  crypto_generichash_final(&w->hash, w->prehash.data(), 64);
  report(sink, Argon2Secret::kPrehash, w->prehash.data(), 64);

  // B[l][0] = H'^1024(H0 || LE32(0) || LE32(l)), B[l][1] = H'^1024(H0 || LE32(1) || LE32(l)).
  for (std::uint32_t lane = 0; lane < in.lanes; ++lane) {
    for (std::uint32_t column = 0; column < 2; ++column) {
      store32_le(w->prehash.data() + 64, column);
      store32_le(w->prehash.data() + 68, lane);
      variable_hash(*w, w->bytes.data(), kArgon2BlockSize, w->prehash.data(), w->prehash.size(), sink);
      load_block(at(lane, column), w->bytes.data());
      report(sink, Argon2Secret::kBlock, at(lane, column).data(), kArgon2BlockSize);
    }
  }

  for (std::uint32_t pass = 0; pass < in.passes; ++pass) {
    for (std::uint32_t slice = 0; slice < kSyncPoints; ++slice) {
      for (std::uint32_t lane = 0; lane < in.lanes; ++lane) {
        // Argon2id: data-independent addresses in the first half of the first pass.
        const bool independent = pass == 0 && slice < kSyncPoints / 2;
        if (independent) {
          w->address_input.fill(0);
          w->address_input[0] = pass;
          w->address_input[1] = lane;
          w->address_input[2] = slice;
          w->address_input[3] = memory_blocks;
          w->address_input[4] = in.passes;
          w->address_input[5] = kTypeArgon2id;
        }
        const std::uint32_t first = (pass == 0 && slice == 0) ? 2 : 0;
        if (independent && first != 0) next_addresses(*w);
        for (std::uint32_t index = first; index < segment_length; ++index) {
          const std::uint32_t column = slice * segment_length + index;
          const std::uint32_t prev_column = column == 0 ? lane_length - 1 : column - 1;
          std::uint64_t pseudo_random;
          if (independent) {
            if (index % kAddressesPerBlock == 0) next_addresses(*w);
            pseudo_random = w->addresses[index % kAddressesPerBlock];
          } else {
            pseudo_random = at(lane, prev_column)[0];
          }
          const std::uint64_t j1 = pseudo_random & 0xFFFFFFFFu;
          const std::uint64_t j2 = pseudo_random >> 32;
          const std::uint32_t ref_lane =
              (pass == 0 && slice == 0) ? lane : static_cast<std::uint32_t>(j2 % in.lanes);
          const bool same_lane = ref_lane == lane;
          // The blocks the reference may point to (RFC 9106 section 3.4.2): W.
          std::uint64_t area;
          if (pass == 0) {
            area = same_lane ? std::uint64_t{slice} * segment_length + index - 1
                             : std::uint64_t{slice} * segment_length - (index == 0 ? 1 : 0);
          } else {
            area = same_lane ? std::uint64_t{lane_length} - segment_length + index - 1
                             : std::uint64_t{lane_length} - segment_length - (index == 0 ? 1 : 0);
          }
          const std::uint64_t x = (j1 * j1) >> 32;
          const std::uint64_t y = (area * x) >> 32;
          const std::uint64_t relative = area - 1 - y;
          const std::uint64_t start = (pass == 0 || slice == kSyncPoints - 1) ? 0 : (slice + 1) * segment_length;
          const auto ref_column = static_cast<std::uint32_t>((start + relative) % lane_length);
          compress(*w, at(lane, prev_column), at(ref_lane, ref_column), at(lane, column), pass > 0, sink);
        }
      }
    }
  }

  // C = xor of the last column; tag = H'^T(C).
  Block& final_block = w->r;
  final_block = at(0, lane_length - 1);
  for (std::uint32_t lane = 1; lane < in.lanes; ++lane) xor_into(final_block, at(lane, lane_length - 1));
  std::copy_n(reinterpret_cast<const std::uint8_t*>(final_block.data()), kArgon2BlockSize, w->bytes.data());
  variable_hash(*w, tag, tag_size, w->bytes.data(), kArgon2BlockSize, sink);

  sodium_memzero(memory.data(), memory.size() * sizeof(Block));
  wipe(*w);
  return true;
}

}  // namespace breachcheck::test
