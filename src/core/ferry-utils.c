/* ferry-utils.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-core"

#include "config.h"

#include <git2.h>

#include "ferry-utils.h"

/**
 * ferry_core_init:
 *
 * Initialises the libraries the core depends on. Safe to call more than
 * once and from any thread; every entry point of the core that touches
 * git calls it.
 */
void
ferry_core_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      git_libgit2_init ();
      g_once_init_leave (&initialized, 1);
    }
}

/**
 * ferry_short_id:
 * @commit_id: a hexadecimal commit id
 *
 * Returns: (transfer full): the first 12 hex digits of @commit_id, the form
 *   Ferry shows versions in.
 */
gchar *
ferry_short_id (const gchar *commit_id)
{
  g_return_val_if_fail (commit_id != NULL, NULL);

  return g_strndup (commit_id, 12);
}
