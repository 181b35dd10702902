/* ferryctl-validate.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include "ferry-core.h"

#include "ferryctl-commands.h"

gint
ferryctl_validate (const FerryctlCommand  *command,
                   gint                    argc,
                   gchar                 **argv)
{
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autofree gchar *ref = NULL;
  FerryDiagnostics *diagnostics;
  guint n_errors, n_warnings;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "ref", 0, 0, G_OPTION_ARG_STRING, &ref, "Read ferry.json as it is at a git revision", "REV" },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;

  if (!(workspace = ferryctl_open_workspace (command, argc, argv, ref, FALSE, &exit_code)))
    return exit_code;

  diagnostics = ferry_workspace_get_diagnostics (workspace);
  ferryctl_print_diagnostics (workspace);

  n_errors = ferry_diagnostics_count_errors (diagnostics);
  n_warnings = ferry_diagnostics_get_count (diagnostics) + ferry_diagnostics_get_dropped (diagnostics) - n_errors;

  if (n_errors > 0)
    {
      g_printerr ("%s: %u error%s, %u warning%s\n",
                  ferry_workspace_get_manifest (workspace),
                  n_errors, n_errors == 1 ? "" : "s",
                  n_warnings, n_warnings == 1 ? "" : "s");
      return FERRYCTL_EXIT_FAILED;
    }

  g_print ("%s: valid: %u service%s, %u environment%s, %u warning%s\n",
           ferry_workspace_get_manifest (workspace),
           ferry_workspace_get_n_services (workspace),
           ferry_workspace_get_n_services (workspace) == 1 ? "" : "s",
           ferry_workspace_get_n_environments (workspace),
           ferry_workspace_get_n_environments (workspace) == 1 ? "" : "s",
           n_warnings, n_warnings == 1 ? "" : "s");

  return FERRYCTL_EXIT_OK;
}
