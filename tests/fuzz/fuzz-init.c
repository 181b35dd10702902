/* fuzz-init.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every fuzz target does once before its first input, under libFuzzer
 * and under fuzz-driver.c alike.
 */

#include "config.h"

#include <glib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);

/* A critical warning is a broken precondition inside the core: make it
 * as fatal as a crash, so the fuzzer reports it. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}
