/* A C program built against the installed C ABI through pkg-config. */
#include <cnnkit/cnnkit.h>
#include <stdio.h>

int main(void) {
  const float x[4] = {-1.0f, 0.0f, 2.0f, -3.0f};
  float y[4];
  if (cnnkit_relu_forward_f32(NULL, x, y, 4) != CNNKIT_STATUS_OK) return 1;
  if (y[0] != 0.0f || y[1] != 0.0f || y[2] != 2.0f || y[3] != 0.0f) return 1;
  /* An error must come back as a status with a message, not a crash. */
  if (cnnkit_relu_forward_f32(NULL, NULL, y, 4) != CNNKIT_STATUS_INVALID_ARGUMENT) return 1;
  printf("consumer_c: cnnkit %s OK (%s)\n", cnnkit_version(), cnnkit_last_error());
  return 0;
}
