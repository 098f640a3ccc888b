/* A C program built against the installed C ABI through pkg-config: the ABI version it was
 * compiled for is the one it runs against, one op in the 0.2 argument order (every buffer followed
 * by its size), and a size mismatch coming back as a status with a message naming the size. */
#include <cnnkit/cnnkit.h>
#include <stdio.h>

int main(void) {
  const float x[4] = {-1.0f, 0.0f, 2.0f, -3.0f};
  float y[4];
  if (cnnkit_abi_version() != CNNKIT_ABI_VERSION) {
    printf("consumer_c: built for C ABI %d.%d, loaded %u.%u\n", CNNKIT_ABI_VERSION_MAJOR, CNNKIT_ABI_VERSION_MINOR,
           (unsigned)(cnnkit_abi_version() >> 16), (unsigned)(cnnkit_abi_version() & 0xffffu));
    return 1;
  }
  if (cnnkit_relu_forward_f32(NULL, x, 4, y, 4) != CNNKIT_STATUS_OK) return 1;
  if (y[0] != 0.0f || y[1] != 0.0f || y[2] != 2.0f || y[3] != 0.0f) return 1;
  /* An error must come back as a status with a message, not a crash. */
  if (cnnkit_relu_forward_f32(NULL, NULL, 4, y, 4) != CNNKIT_STATUS_INVALID_ARGUMENT) return 1;
  if (cnnkit_relu_forward_f32(NULL, x, 4, y, 3) != CNNKIT_STATUS_INVALID_ARGUMENT) return 1;
  printf("consumer_c: cnnkit %s (C ABI %d.%d) OK (%s)\n", cnnkit_version(), CNNKIT_ABI_VERSION_MAJOR,
         CNNKIT_ABI_VERSION_MINOR, cnnkit_last_error());
  return 0;
}
