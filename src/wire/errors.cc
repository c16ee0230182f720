// Names of decode/encode errors, as shown in counters and `mcast decode`.
#include "wire/errors.h"

namespace mc::wire {

std::string_view ToString(DecodeError e) {
  switch (e) {
    case DecodeError::kTruncated:
      return "truncated";
    case DecodeError::kBadChecksum:
      return "bad-checksum";
    case DecodeError::kBadVersion:
      return "bad-version";
    case DecodeError::kBadType:
      return "bad-type";
    case DecodeError::kBadLength:
      return "bad-length";
    case DecodeError::kTooMany:
      return "count-over-limit";
    case DecodeError::kBadAddressFamily:
      return "bad-address-family";
    case DecodeError::kBadEncoding:
      return "bad-encoding";
    case DecodeError::kBadRecordType:
      return "bad-record-type";
    case DecodeError::kBadOption:
      return "bad-option";
    case DecodeError::kBadField:
      return "bad-field";
    case DecodeError::kFragmented:
      return "fragmented";
    case DecodeError::kNotForUs:
      return "not-for-us";
  }
  return "unknown";
}

std::string_view ToString(EncodeError e) {
  switch (e) {
    case EncodeError::kBufferTooSmall:
      return "buffer-too-small";
    case EncodeError::kTooMany:
      return "too-many";
    case EncodeError::kBadField:
      return "bad-field";
  }
  return "unknown";
}

}  // namespace mc::wire
