// The C ABI's error channel: the exception barrier's translation to cnnkit_status, the
// thread-local last-error message, and the status / version strings.
#include <cstring>
#include <new>
#include <string>

#include "api/c_api_support.hpp"
#include "cnnkit/error.hpp"
#include "cnnkit/version.hpp"

namespace cnnkit::capi {
namespace {

thread_local std::string last_message;
// Set when storing the message itself ran out of memory: the caller still gets a message.
thread_local const char* fallback_message = nullptr;

cnnkit_status record(cnnkit_status status, const char* prefix, const char* what) noexcept {
  try {
    last_message.assign(prefix).append(what);
    fallback_message = nullptr;
  } catch (...) {
    fallback_message = "out of memory while storing the error message";
  }
  return status;
}

cnnkit_status to_c_status(Status status) {
  switch (status) {
    case Status::invalid_argument:
      return CNNKIT_STATUS_INVALID_ARGUMENT;
    case Status::unsupported:
      return CNNKIT_STATUS_UNSUPPORTED;
    case Status::out_of_memory:
      return CNNKIT_STATUS_OUT_OF_MEMORY;
    // An Error never carries ok; reporting success for a thrown error would hide it.
    case Status::ok:
    case Status::internal_error:
      break;
  }
  return CNNKIT_STATUS_INTERNAL_ERROR;
}

}  // namespace

cnnkit_status status_from_current_exception() noexcept {
  try {
    throw;
  } catch (const Error& e) {
    return record(to_c_status(e.status()), "", e.what());
  } catch (const std::bad_alloc& e) {
    return record(CNNKIT_STATUS_OUT_OF_MEMORY, "out of memory: ", e.what());
  } catch (const std::exception& e) {
    return record(CNNKIT_STATUS_INTERNAL_ERROR, "internal error: ", e.what());
  } catch (...) {
    return record(CNNKIT_STATUS_INTERNAL_ERROR, "internal error: ", "an exception of unknown type");
  }
}

std::nullptr_t query_failed(const api::ArgCheck& check, const std::string& argument, const std::string& expected,
                            const std::string& got) noexcept {
  try {
    check.fail(argument, expected, got);
  } catch (...) {
    status_from_current_exception();
  }
  return nullptr;
}

}  // namespace cnnkit::capi

extern "C" {

const char* cnnkit_last_error(void) {
  using namespace cnnkit::capi;
  return fallback_message ? fallback_message : last_message.c_str();
}

const char* cnnkit_status_string(cnnkit_status status) {
  using cnnkit::capi::query_failed;
  // A C caller may pass any int (a C enum holds every int), but in C++ an enum without a fixed
  // underlying type only has the values its bits need (0..7 here): reading `status` as the enum
  // for 99 or -1 is undefined behaviour. So its bytes are copied into an int, which is compared.
  static_assert(sizeof(status) == sizeof(int), "cnnkit_status is passed as an int");
  int value = 0;
  std::memcpy(&value, &status, sizeof value);
  switch (value) {
    case CNNKIT_STATUS_OK:
      return "ok";
    case CNNKIT_STATUS_INVALID_ARGUMENT:
      return "invalid argument";
    case CNNKIT_STATUS_UNSUPPORTED:
      return "unsupported";
    case CNNKIT_STATUS_OUT_OF_MEMORY:
      return "out of memory";
    case CNNKIT_STATUS_INTERNAL_ERROR:
      return "internal error";
  }
  // A name getter given a value it has no name for: an answer, and a last error like the others.
  query_failed(cnnkit::api::ArgCheck(__func__), "status", "a cnnkit_status value (0 to 4)", std::to_string(value));
  return "unknown status";
}

const char* cnnkit_version(void) { return CNNKIT_VERSION_STRING; }

// The ABI version is the project's major.minor (CMakeLists.txt): bump both together.
static_assert(CNNKIT_ABI_VERSION_MAJOR == CNNKIT_VERSION_MAJOR && CNNKIT_ABI_VERSION_MINOR == CNNKIT_VERSION_MINOR,
              "cnnkit.h's CNNKIT_ABI_VERSION_MAJOR/MINOR must match the project version");

uint32_t cnnkit_abi_version(void) { return CNNKIT_ABI_VERSION; }

}  // extern "C"
