/* ferryctl-whoami.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include "ferry-core.h"

#include "ferryctl-commands.h"

gint
ferryctl_whoami (const FerryctlCommand  *command,
                 gint                    argc,
                 gchar                 **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *user = NULL;
  g_autofree gchar *cwd = NULL;
  gint exit_code;

  if (!ferryctl_parse_options (command, NULL, &argc, &argv, &exit_code))
    return exit_code;

  if (argc > 1)
    return ferryctl_usage_error (command, "Unexpected argument “%s”", argv[1]);

  cwd = g_get_current_dir ();
  if (!(user = ferry_identity_get_user (cwd, &error)))
    return ferryctl_failed ("%s", error->message);

  g_print ("%s\n", user);

  return FERRYCTL_EXIT_OK;
}
