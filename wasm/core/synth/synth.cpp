// SPDX-License-Identifier: MPL-2.0
// Synthetic records: fake, well-formed rows in the publisher's CSV layout. Deterministic for a seed with
// integer-only arithmetic, so native and wasm builds write the same bytes.
#include "synth/synth.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

namespace breachcheck {
namespace {

struct InsurerEntry {
  const char* name;
  bool viamedis;  // false: Almérys
};

// Clearly fictitious names. One has a comma and one has quotes: the CSV must quote them.
constexpr InsurerEntry kInsurers[] = {
    {"Mutuelle Fictive du Nord", true},
    {"Mutuelle Imaginaire de Bretagne", false},
    {"Caisse Exemple des Artisans", true},
    {"Assurance Santé Factice", false},
    {"Mutuelle Fictive du Sud-Ouest", true},
    {"Prévoyance Imaginaire des Enseignants", true},
    {"Mutuelle Démo de Lorraine", false},
    {"Complémentaire Fantaisie", true},
    {"Mutuelle Fictive des Cheminots Imaginaires", false},
    {"Caisse Chimère d'Auvergne", true},
    {"Mutuelle Exemple, Section Provence", true},
    {"Assurance \"Démonstration\" Santé", false},
    {"Mutuelle Fictive de Normandie", true},
    {"Union Mutualiste Imaginaire", false},
    {"Mutuelle Factice des Commerçants", true},
    {"Santé Fictive Île-de-France", false},
    {"Mutuelle Exemple du Jura", true},
    {"Prévoyance Démo des Marins", false},
    {"Mutuelle Imaginaire d'Alsace", true},
    {"Caisse Fictive des Agriculteurs", false},
    {"Mutuelle Fantaisie de Picardie", true},
    {"Assurance Exemple Étudiante", false},
    {"Mutuelle Fictive de la Loire", true},
    {"Groupe Santé Imaginaire", false},
    {"Mutuelle Démo des Cévennes", true},
    {"Mutuelle Chimère de Savoie", false},
    {"Complémentaire Fictive des Hospitaliers", true},
    {"Mutuelle Exemple de Gascogne", false},
    {"Mutuelle Imaginaire du Limousin", true},
    {"Caisse Factice de Champagne", false},
    {"Mutuelle Fictive des Sportifs", true},
    {"Prévoyance Imaginaire du Béarn", true},
    {"Mutuelle Démo de Corse", false},
    {"Assurance Fictive des Indépendants", true},
    {"Mutuelle Exemple d'Outre-mer", false},
    {"Mutuelle Fantaisie du Berry", true},
    {"Santé Exemple des Fonctionnaires", false},
    {"Mutuelle Imaginaire de Vendée", true},
    {"Caisse Fictive du Dauphiné", false},
    {"Mutuelle Chimère des Ardennes", true},
};
constexpr std::size_t kInsurerCount = sizeof(kInsurers) / sizeof(kInsurers[0]);

constexpr int kFirstBirthYear = 1930;
// The leak was public by this day (Almérys, 5 February 2024; the catalog's incident.date): nobody born later can
// be in it, so synthetic people are born on or before it even when the generator runs years afterwards.
constexpr CivilDate kIncidentDate{2024, 2, 5};
constexpr std::size_t kHolderPoolSize = 4096;  // recent policyholders beneficiaries attach to

// Probabilities in per mille (integer, so the output is the same on every platform).
constexpr unsigned kTwinPairs = 5;          // iterations writing twin beneficiaries (2 rows each)
constexpr unsigned kBeneficiaries = 145;    // cumulative with kTwinPairs: ~14% single beneficiaries
constexpr unsigned kCrossOperator = 20;     // person written again for the other operator
constexpr unsigned kViamedis = 550;
constexpr unsigned kProvisional = 15;
constexpr unsigned kIncompleteMonth = 5;
constexpr unsigned kCorsica = 20, kOverseas = 30, kAbroad = 40;

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman and Vigna), seeded with splitmix64 as its authors recommend.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& word : s_) word = splitmix64(seed);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform enough for test data (bias below n / 2^64).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  // An index into a container of `n` elements: below n, so it fits std::size_t even where that is 32 bits.
  std::size_t index_below(std::size_t n) { return static_cast<std::size_t>(below(n)); }
  int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo + 1))); }
  bool per_mille(unsigned p) { return below(1000) < p; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

CivilDate random_date(Rng& rng, int first_year, int last_year) {
  CivilDate d;
  d.year = rng.between(first_year, last_year);
  d.month = rng.between(1, 12);
  d.day = rng.between(1, days_in_month(d.year, d.month));
  return d;
}

void put_digits(char* out, int value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
}

struct Holder {
  std::array<char, 15> nir{};
  CivilDate birth;
  std::size_t insurer = 0;
};

int nir_month(const Holder& h) { return (h.nir[3] - '0') * 10 + (h.nir[4] - '0'); }
int nir_year(const Holder& h) { return (h.nir[1] - '0') * 10 + (h.nir[2] - '0'); }

class Generator {
 public:
  // `today` is the last birth date allowed: the run date, or the incident date when that is earlier.
  Generator(std::ostream& out, std::uint64_t seed, const CivilDate& today) : out_(out), rng_(seed), today_(today) {
    for (std::size_t i = 0; i < kInsurerCount; ++i) (kInsurers[i].viamedis ? viamedis_ : almerys_).push_back(i);
    line_.reserve(256);
  }

  void run(std::uint64_t count) {
    out_ << "nir,birth_date,birth_rank,operator,categories,insurer\n";
    while (written_ < count) {
      const std::uint64_t left = count - written_;
      const unsigned kind = static_cast<unsigned>(rng_.below(1000));
      if (kind < kTwinPairs && left >= 2 && !pool_.empty()) {
        const Holder& parent = pool_[rng_.index_below(pool_.size())];
        const CivilDate born = beneficiary_date(parent);
        const bool viamedis = kInsurers[parent.insurer].viamedis;
        write_row(parent, born, 1, viamedis, parent.insurer);
        write_row(parent, born, 2, viamedis, parent.insurer);
      } else if (kind < kBeneficiaries && !pool_.empty()) {
        const Holder parent = pool_[rng_.index_below(pool_.size())];
        write_person(parent, beneficiary_date(parent), count);
      } else {
        const Holder holder = new_policyholder();
        write_person(holder, holder.birth, count);
        remember(holder);
      }
    }
  }

 private:
  std::size_t pick(const std::vector<std::size_t>& insurers) { return insurers[rng_.index_below(insurers.size())]; }

  Holder new_policyholder() {
    Holder h;
    h.insurer = pick(rng_.per_mille(kViamedis) ? viamedis_ : almerys_);
    h.birth = random_date(rng_, kFirstBirthYear, today_.year - 1);
    char* n = h.nir.data();
    const bool provisional = rng_.per_mille(kProvisional);
    n[0] = static_cast<char>((provisional ? '7' : '1') + rng_.below(2));
    put_digits(n + 1, h.birth.year % 100, 2);
    int month_code = h.birth.month;
    if (rng_.per_mille(kIncompleteMonth)) month_code = rng_.below(2) ? rng_.between(20, 42) : rng_.between(50, 99);
    put_digits(n + 3, month_code, 2);

    const unsigned place = static_cast<unsigned>(rng_.below(1000));
    if (place < kCorsica) {
      n[5] = '2';
      n[6] = h.birth.year < 1976 ? '0' : (rng_.below(2) ? 'A' : 'B');
      put_digits(n + 7, rng_.between(1, 366), 3);
    } else if (place < kCorsica + kOverseas) {
      n[5] = '9';
      n[6] = '7';
      put_digits(n + 7, rng_.between(1, 6), 1);  // 971..976: the department takes 3 digits
      put_digits(n + 8, rng_.between(1, 99), 2);
    } else if (place < kCorsica + kOverseas + kAbroad) {
      n[5] = '9';
      n[6] = '9';
      put_digits(n + 7, rng_.between(100, 499), 3);  // country code
    } else {
      int department = rng_.between(1, 94);
      if (department >= 20) ++department;  // 20 is Corsica's old code, drawn above
      put_digits(n + 5, department, 2);
      put_digits(n + 7, rng_.between(1, 899), 3);
    }
    put_digits(n + 10, rng_.between(1, 999), 3);
    put_digits(n + 13, nir_key(std::string_view(n, 13)), 2);
    return h;
  }

  // A child (born 18+ years after the policyholder) or, when that would be in the future, a spouse;
  // never a date that the NIR's year and month would match.
  CivilDate beneficiary_date(const Holder& parent) {
    const int first_child_year = parent.birth.year + 18;
    for (;;) {
      const CivilDate d = first_child_year <= today_.year
                         ? random_date(rng_, first_child_year, today_.year)
                         : random_date(rng_, std::max(kFirstBirthYear, parent.birth.year - 10), today_.year - 1);
      if (is_after(d, today_)) continue;
      if (d.year % 100 == nir_year(parent) && d.month == nir_month(parent)) continue;
      return d;
    }
  }

  // One row, and sometimes a second one for the other operator (a duplicate the builder merges).
  void write_person(const Holder& who, const CivilDate& born, std::uint64_t count) {
    const bool viamedis = kInsurers[who.insurer].viamedis;
    write_row(who, born, 1, viamedis, who.insurer);
    if (written_ < count && rng_.per_mille(kCrossOperator)) {
      write_row(who, born, 1, !viamedis, pick(viamedis ? almerys_ : viamedis_));
    }
  }

  void write_row(const Holder& who, const CivilDate& born, int rank, bool viamedis, std::size_t insurer) {
    line_.assign(who.nir.data(), who.nir.size());
    char date[11] = "YYYY-MM-DD";
    put_digits(date, born.year, 4);
    put_digits(date + 5, born.month, 2);
    put_digits(date + 8, born.day, 2);
    line_ += ',';
    line_.append(date, 10);
    line_ += ',';
    if (!viamedis || rank != 1) line_ += static_cast<char>('0' + rank);
    line_ += viamedis ? ",viamedis," : ",almerys,";
    line_ += "civil_status;birth_date;nir;insurer_name";
    if (rng_.per_mille(900)) line_ += ";contract_guarantees";
    if (viamedis) {
      if (rng_.per_mille(400)) line_ += ";member_number";
    } else {
      if (rank != 1 || rng_.per_mille(850)) line_ += ";birth_rank";
      if (rng_.per_mille(850)) line_ += ";insurer_contract_number";
      if (rng_.per_mille(700)) line_ += ";operator_internal_reference";
    }
    line_ += ',';
    append_field(kInsurers[insurer].name);
    line_ += '\n';
    out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    ++written_;
  }

  // RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside.
  void append_field(std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
      line_ += field;
      return;
    }
    line_ += '"';
    for (const char c : field) {
      if (c == '"') line_ += '"';
      line_ += c;
    }
    line_ += '"';
  }

  void remember(const Holder& h) {
    if (pool_.size() < kHolderPoolSize) {
      pool_.push_back(h);
    } else {
      pool_[next_slot_] = h;
      next_slot_ = (next_slot_ + 1) % kHolderPoolSize;
    }
  }

  std::ostream& out_;
  Rng rng_;
  CivilDate today_;
  std::vector<std::size_t> viamedis_, almerys_;
  std::vector<Holder> pool_;
  std::size_t next_slot_ = 0;
  std::string line_;
  std::uint64_t written_ = 0;
};

}  // namespace

std::vector<SyntheticInsurer> synthetic_insurers() {
  std::vector<SyntheticInsurer> list;
  for (const auto& entry : kInsurers) list.push_back({entry.name, entry.viamedis ? "viamedis" : "almerys"});
  return list;
}

std::vector<std::string> synthetic_insurer_names() {
  std::vector<std::string> names;
  for (const auto& entry : kInsurers) names.emplace_back(entry.name);
  return names;
}

void write_synthetic_csv(std::ostream& out, std::uint64_t count, std::uint64_t seed, const CivilDate& today) {
  if (today.year < kFirstBirthYear + 1 || !is_calendar_date(today)) {
    throw std::invalid_argument("synthetic records need a calendar date from 1931 on as today");
  }
  Generator(out, seed, is_after(kIncidentDate, today) ? today : kIncidentDate).run(count);
}

}  // namespace breachcheck
