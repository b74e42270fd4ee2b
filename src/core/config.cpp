#include "core/config.h"

#include <toml++/toml.h>
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <vector>

#include "core/error.h"
#include "core/text.h"

namespace lore {

namespace {

// One entry per configuration key: its dotted name and how to set it from text.
struct KeySpec {
  std::string name;  // "data_dir" or "section.key"
  std::function<void(Config&, const std::string&)> set;
};

int64_t parse_positive(const std::string& key, const std::string& value, bool allow_zero = false) {
  try {
    size_t used = 0;
    const long long v = std::stoll(value, &used);
    if (used == value.size() && (v > 0 || (allow_zero && v == 0))) return v;
  } catch (const std::exception&) {
  }
  throw Error(
      ErrorCode::invalid_argument,
      key + ": expected a " + (allow_zero ? "non-negative" : "positive") + " integer, got \"" + value + "\"");
}

bool parse_bool(const std::string& key, const std::string& value) {
  if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "0" || value == "no" || value == "off") return false;
  throw Error(ErrorCode::invalid_argument, key + ": expected true or false, got \"" + value + "\"");
}

double parse_number(const std::string& key, const std::string& value, double lo, double hi) {
  try {
    size_t used = 0;
    const double v = std::stod(value, &used);
    if (used == value.size() && v >= lo && v <= hi) return v;
  } catch (const std::exception&) {
  }
  throw Error(ErrorCode::invalid_argument, key + ": expected a number in [" + std::to_string(lo) + ", " +
                                               std::to_string(hi) + "], got \"" + value + "\"");
}

// The keys of one [embedding] / [rerank] section.
void add_model_server_keys(std::vector<KeySpec>& specs, const std::string& section,
                           Config::ModelServer Config::*m) {
  auto key = [section](const char* k) { return section + "." + k; };
  specs.push_back({key("provider"), [m](Config& c, const std::string& v) { (c.*m).provider = v; }});
  specs.push_back({key("base_url"), [m](Config& c, const std::string& v) { (c.*m).base_url = v; }});
  specs.push_back({key("model"), [m](Config& c, const std::string& v) { (c.*m).model = v; }});
  specs.push_back({key("api_key"), [m](Config& c, const std::string& v) { (c.*m).api_key = v; }});
  specs.push_back({key("timeout_seconds"), [m, k = key("timeout_seconds")](Config& c, const std::string& v) {
                     (c.*m).timeout_seconds = parse_number(k, v, 0.001, 86400);
                   }});
  specs.push_back({key("max_retries"), [m, k = key("max_retries")](Config& c, const std::string& v) {
                     (c.*m).max_retries = parse_positive(k, v, true);
                   }});
  if (section == "embedding") {
    specs.push_back({key("dimensions"), [m, k = key("dimensions")](Config& c, const std::string& v) {
                       (c.*m).dimensions = parse_positive(k, v, true);
                     }});
    specs.push_back({key("batch_size"), [m, k = key("batch_size")](Config& c, const std::string& v) {
                       (c.*m).batch_size = parse_positive(k, v);
                     }});
    specs.push_back({key("concurrency"), [m, k = key("concurrency")](Config& c, const std::string& v) {
                       (c.*m).concurrency = parse_positive(k, v);
                     }});
  } else {
    specs.push_back({key("top_n"), [m, k = key("top_n")](Config& c, const std::string& v) {
                       (c.*m).top_n = parse_positive(k, v);
                     }});
  }
}

std::vector<KeySpec> make_key_specs();

const std::vector<KeySpec>& key_specs() {
  static const std::vector<KeySpec> specs = make_key_specs();
  return specs;
}

std::vector<KeySpec> make_key_specs() {
  std::vector<KeySpec> specs = {
      {"data_dir", [](Config& c, const std::string& v) { c.data_dir = v; }},
      {"store.backend",
       [](Config& c, const std::string& v) {
         if (v != "sqlite" && v != "postgres")
           throw Error(ErrorCode::invalid_argument, "store.backend: expected sqlite or postgres, got \"" + v + "\"");
         c.store_backend = v;
       }},
      {"store.url", [](Config& c, const std::string& v) { c.store_url = v; }},
      {"store.blob_dir", [](Config& c, const std::string& v) { c.blob_dir = v; }},
      {"jobs.lease_seconds",
       [](Config& c, const std::string& v) { c.job_lease_seconds = parse_number("jobs.lease_seconds", v, 0.5, 86400); }},
      {"jobs.max_attempts",
       [](Config& c, const std::string& v) { c.job_max_attempts = parse_positive("jobs.max_attempts", v); }},
      {"jobs.retry_backoff_seconds",
       [](Config& c, const std::string& v) {
         c.job_retry_backoff_seconds = parse_number("jobs.retry_backoff_seconds", v, 0, 86400);
       }},
      {"log_level",
       [](Config& c, const std::string& v) {
         static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
         for (auto* l : kLevels)
           if (v == l) {
             c.log_level = v;
             return;
           }
         throw Error(ErrorCode::invalid_argument,
                     "log_level: expected trace|debug|info|warn|error|off, got \"" + v + "\"");
       }},
      {"ingest.max_file_mb",
       [](Config& c, const std::string& v) { c.max_file_mb = parse_positive("ingest.max_file_mb", v); }},
      {"ingest.index_batch_docs",
       [](Config& c, const std::string& v) {
         c.index_batch_docs = parse_positive("ingest.index_batch_docs", v);
       }},
      {"ingest.workers",
       [](Config& c, const std::string& v) { c.ingest_workers = parse_positive("ingest.workers", v, /*allow_zero=*/true); }},
      {"ingest.max_queued_jobs",
       [](Config& c, const std::string& v) { c.max_queued_jobs = parse_positive("ingest.max_queued_jobs", v); }},
      {"server.host", [](Config& c, const std::string& v) { c.server_host = v; }},
      {"server.port",
       [](Config& c, const std::string& v) {
         c.server_port = parse_positive("server.port", v);
         if (c.server_port > 65535)
           throw Error(ErrorCode::invalid_argument, "server.port: expected 1..65535, got \"" + v + "\"");
       }},
      {"server.threads", [](Config& c, const std::string& v) { c.server_threads = parse_positive("server.threads", v); }},
      {"server.max_body_kb",
       [](Config& c, const std::string& v) { c.max_body_kb = parse_positive("server.max_body_kb", v); }},
      {"server.request_timeout_s",
       [](Config& c, const std::string& v) { c.request_timeout_s = parse_positive("server.request_timeout_s", v); }},
      {"server.rate_limit_per_minute",
       [](Config& c, const std::string& v) {
         c.rate_limit_per_minute = parse_positive("server.rate_limit_per_minute", v, /*allow_zero=*/true);
       }},
      {"server.web_dir", [](Config& c, const std::string& v) { c.server_web_dir = v; }},
      {"server.page_cache_mb",
       [](Config& c, const std::string& v) {
         c.page_cache_mb = parse_positive("server.page_cache_mb", v, /*allow_zero=*/true);
       }},
      {"server.rate_limit_burst",
       [](Config& c, const std::string& v) { c.rate_limit_burst = parse_positive("server.rate_limit_burst", v); }},
      {"ingest.max_pages",
       [](Config& c, const std::string& v) { c.max_pages = parse_positive("ingest.max_pages", v); }},
      {"ingest.parse_timeout_seconds",
       [](Config& c, const std::string& v) {
         c.parse_timeout_seconds = parse_positive("ingest.parse_timeout_seconds", v);
       }},
      {"chunk.template", [](Config& c, const std::string& v) { c.chunk_template = v; }},
      {"chunk.tokens",
       [](Config& c, const std::string& v) { c.chunk_tokens = parse_positive("chunk.tokens", v); }},
      {"chunk.overlap",
       [](Config& c, const std::string& v) {
         c.chunk_overlap = parse_positive("chunk.overlap", v, /*allow_zero=*/true);
       }},
      {"search.top_k", [](Config& c, const std::string& v) { c.top_k = parse_positive("search.top_k", v); }},
      {"search.candidates",
       [](Config& c, const std::string& v) { c.candidates = parse_positive("search.candidates", v); }},
      {"search.rm3", [](Config& c, const std::string& v) { c.rm3 = parse_bool("search.rm3", v); }},
      {"search.rm3_docs",
       [](Config& c, const std::string& v) { c.rm3_docs = parse_positive("search.rm3_docs", v); }},
      {"search.rm3_terms",
       [](Config& c, const std::string& v) { c.rm3_terms = parse_positive("search.rm3_terms", v); }},
      {"search.rm3_original_weight",
       [](Config& c, const std::string& v) {
         c.rm3_original_weight = parse_number("search.rm3_original_weight", v, 0, 1);
       }},
      {"search.title_boost",
       [](Config& c, const std::string& v) {
         c.title_boost = parse_number("search.title_boost", v, 0, 100);
       }},
      {"search.proximity",
       [](Config& c, const std::string& v) { c.proximity = parse_bool("search.proximity", v); }},
      {"search.proximity_weight",
       [](Config& c, const std::string& v) {
         c.proximity_weight = parse_number("search.proximity_weight", v, 0, 100);
       }},
      {"search.lsa", [](Config& c, const std::string& v) { c.lsa = parse_bool("search.lsa", v); }},
      {"search.lsa_weight",
       [](Config& c, const std::string& v) { c.lsa_weight = parse_number("search.lsa_weight", v, 0, 1); }},
      {"search.lsa_dims",
       [](Config& c, const std::string& v) { c.lsa_dims = parse_positive("search.lsa_dims", v); }},
      {"search.lsa_max_chunks",
       [](Config& c, const std::string& v) {
         c.lsa_max_chunks = parse_positive("search.lsa_max_chunks", v);
       }},
      {"ocr.languages",
       [](Config& c, const std::string& v) {
         if (v.empty() || v.find_first_of(" /\\.") != std::string::npos)
           throw Error(ErrorCode::invalid_argument,
                       "ocr.languages: expected tesseract codes joined with '+' (e.g. \"eng+chi_sim\"), got \"" +
                           v + "\"");
         c.ocr_languages = v;
       }},
      {"ocr.page_timeout_seconds",
       [](Config& c, const std::string& v) {
         c.ocr_page_timeout_seconds = std::min<int64_t>(parse_positive("ocr.page_timeout_seconds", v), 86400);
       }},
      {"ocr.threads",
       [](Config& c, const std::string& v) {
         c.ocr_threads = std::min<int64_t>(parse_positive("ocr.threads", v, /*allow_zero=*/true), 256);
       }},
      {"ocr.pdf_pages", [](Config& c, const std::string& v) { c.ocr_pdf_pages = parse_bool("ocr.pdf_pages", v); }},
      {"search.fusion",
       [](Config& c, const std::string& v) {
         if (v != "rrf" && v != "weighted")
           throw Error(ErrorCode::invalid_argument,
                       "search.fusion: expected rrf or weighted, got \"" + v + "\"");
         c.fusion = v;
       }},
      {"search.vector_weight",
       [](Config& c, const std::string& v) {
         c.vector_weight = parse_number("search.vector_weight", v, 0, 1);
       }},
      {"search.rrf_k",
       [](Config& c, const std::string& v) { c.rrf_k = parse_positive("search.rrf_k", v, true); }},
      {"search.merge_neighbours",
       [](Config& c, const std::string& v) {
         c.merge_neighbours = parse_bool("search.merge_neighbours", v);
       }},
      {"search.min_score",
       [](Config& c, const std::string& v) { c.min_score = parse_number("search.min_score", v, 0, 1e9); }},
      {"vector.exact_threshold",
       [](Config& c, const std::string& v) {
         c.vector_exact_threshold = parse_positive("vector.exact_threshold", v, true);
       }},
      {"vector.ef_search",
       [](Config& c, const std::string& v) { c.vector_ef_search = parse_positive("vector.ef_search", v); }},
      {"chat.provider",
       [](Config& c, const std::string& v) {
         if (v != "" && v != "none" && v != "openai" && v != "ollama")
           throw Error(ErrorCode::invalid_argument, "chat.provider: expected openai|ollama|none, got \"" + v + "\"");
         c.chat_provider = v == "none" ? "" : v;
       }},
      {"chat.base_url", [](Config& c, const std::string& v) { c.chat_base_url = v; }},
      {"chat.model", [](Config& c, const std::string& v) { c.chat_model = v; }},
      {"chat.api_key", [](Config& c, const std::string& v) { c.chat_api_key = v; }},
      {"chat.timeout", [](Config& c, const std::string& v) { c.chat_timeout = parse_positive("chat.timeout", v); }},
      {"chat.retries",
       [](Config& c, const std::string& v) { c.chat_retries = parse_positive("chat.retries", v, true); }},
      {"chat.max_tokens",
       [](Config& c, const std::string& v) { c.chat_max_tokens = parse_positive("chat.max_tokens", v); }},
      {"chat.temperature",
       [](Config& c, const std::string& v) { c.chat_temperature = parse_number("chat.temperature", v, 0, 2); }},
      {"raptor.reduction",
       [](Config& c, const std::string& v) {
         if (v != "pca" && v != "umap")
           throw Error(ErrorCode::invalid_argument, "raptor.reduction: expected pca or umap, got \"" + v + "\"");
         c.raptor_reduction = v;
       }},
      {"ask.top_k", [](Config& c, const std::string& v) { c.ask_top_k = parse_positive("ask.top_k", v); }},
      {"ask.context_tokens",
       [](Config& c, const std::string& v) {
         c.ask_context_tokens = parse_positive("ask.context_tokens", v);
         if (c.ask_context_tokens < 256)
           throw Error(ErrorCode::invalid_argument, "ask.context_tokens: at least 256 tokens, got " + v);
       }},
      {"ask.min_confidence",
       [](Config& c, const std::string& v) { c.ask_min_confidence = parse_number("ask.min_confidence", v, 0, 1); }},
  };
  add_model_server_keys(specs, "embedding", &Config::embedding);
  add_model_server_keys(specs, "rerank", &Config::rerank);
  return specs;
}

const KeySpec* find_spec(const std::string& name) {
  for (const auto& s : key_specs())
    if (s.name == name) return &s;
  return nullptr;
}

std::string env_name(const std::string& key) {
  std::string out = "LORE_";
  for (char c : key) out += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string node_to_string(const toml::node& node) {
  if (auto s = node.value<std::string>()) return *s;
  if (auto i = node.value<int64_t>()) return std::to_string(*i);
  if (auto b = node.value<bool>()) return *b ? "true" : "false";
  if (auto d = node.value<double>()) return std::to_string(*d);
  return "";
}

void apply_toml(Config& config, const std::filesystem::path& file) {
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    throw Error(ErrorCode::invalid_argument, file.string() + ":" + std::to_string(e.source().begin.line) +
                                                 ": " + std::string(e.description()));
  }
  std::function<void(const toml::table&, const std::string&)> walk = [&](const toml::table& table,
                                                                         const std::string& prefix) {
    for (const auto& [k, node] : table) {
      const std::string name = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
      if (const auto* sub = node.as_table()) {
        walk(*sub, name);
        continue;
      }
      const KeySpec* spec = find_spec(name);
      if (!spec) throw Error(ErrorCode::invalid_argument, file.string() + ": unknown key \"" + name + "\"");
      try {
        spec->set(config, node_to_string(node));
      } catch (const Error& e) {
        throw Error(ErrorCode::invalid_argument, file.string() + ": " + e.what());
      }
    }
  };
  walk(root, "");
}

}  // namespace

Config load_config(const std::filesystem::path& config_file,
                   const std::map<std::string, std::string>& overrides) {
  Config config;
  if (!config_file.empty()) {
    if (!std::filesystem::exists(config_file))
      throw Error(ErrorCode::not_found, config_file.string() + ": configuration file not found");
    apply_toml(config, config_file);
  } else if (std::filesystem::exists("lore.toml")) {
    apply_toml(config, "lore.toml");
  }
  for (const auto& spec : key_specs()) {
    if (const char* v = std::getenv(env_name(spec.name).c_str()); v && *v) {
      try {
        spec.set(config, v);
      } catch (const Error& e) {
        throw Error(ErrorCode::invalid_argument, env_name(spec.name) + ": " + e.what());
      }
    }
  }
  for (const auto& [key, value] : overrides) {
    const KeySpec* spec = find_spec(key);
    if (!spec) throw Error(ErrorCode::internal, "unknown configuration override \"" + key + "\"");
    spec->set(config, value);
  }
  return config;
}

}  // namespace lore
