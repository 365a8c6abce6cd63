#pragma once
// Binding our value types to SQLite parameters and reading them back from columns.
#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace authlens::store::sqlite {

inline void bind_value(SQLite::Statement& st, int i, std::int64_t v) { st.bind(i, v); }
inline void bind_value(SQLite::Statement& st, int i, int v) { st.bind(i, v); }
inline void bind_value(SQLite::Statement& st, int i, std::string_view v) {
  st.bind(i, std::string(v));  // SQLiteCpp copies (SQLITE_TRANSIENT)
}
inline void bind_value(SQLite::Statement& st, int i, const Digest& v) {
  st.bind(i, v.data(), static_cast<int>(v.size()));
}
// An empty byte string is stored as NULL: "nothing here", not a zero-length secret.
inline void bind_value(SQLite::Statement& st, int i, const Bytes& v) {
  if (v.empty()) {
    st.bind(i);
  } else {
    st.bind(i, v.data(), static_cast<int>(v.size()));
  }
}

template <class... Args>
void bind_all(SQLite::Statement& st, const Args&... args) {
  int i = 0;
  (bind_value(st, ++i, args), ...);
}

inline Digest column_digest(const SQLite::Column& c) {
  if (c.getBytes() != static_cast<int>(Digest{}.size())) {
    throw StoreError("digest column has the wrong size");
  }
  Digest d{};
  std::memcpy(d.data(), c.getBlob(), d.size());
  return d;
}

inline Bytes column_bytes(const SQLite::Column& c) {
  if (c.isNull()) return {};
  const auto* data = static_cast<const std::uint8_t*>(c.getBlob());
  return Bytes(data, data + c.getBytes());
}

inline std::optional<std::int64_t> column_optional_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

}  // namespace authlens::store::sqlite
