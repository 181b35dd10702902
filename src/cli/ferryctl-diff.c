/* ferryctl-diff.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include "ferry-core.h"

#include "ferryctl-commands.h"

gint
ferryctl_diff (const FerryctlCommand  *command,
               gint                    argc,
               gchar                 **argv)
{
  static const gchar * const formats[] = { "text", "json", "markdown", NULL };
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(FerryStateSnapshot) state = NULL;
  g_autoptr(FerryDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *format = NULL;
  g_autofree gchar *ref = NULL;
  g_autofree gchar *output = NULL;
  gint max_commits = 50;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: text, json or markdown", "FORMAT" },
    { "max-commits", 0, 0, G_OPTION_ARG_INT, &max_commits, "List at most N commits each way per service (default 50; 0 only counts them)", "N" },
    { "ref", 0, 0, G_OPTION_ARG_STRING, &ref, "Read ferry.json as it is at a git revision", "REV" },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc < 3)
    return ferryctl_usage_error (command, "ENV_A and ENV_B are required");

  if (max_commits < 0)
    return ferryctl_usage_error (command, "--max-commits takes a number from 0");

  if (!ferryctl_check_format (command, format ? format : "text", formats, &exit_code))
    return exit_code;

  /* What follows the two environments is the workspace, as for the other
   * commands (whose first argument is the command's name). */
  if (!(workspace = ferryctl_open_workspace (command, argc - 2, argv + 2, ref, TRUE, &exit_code)))
    return exit_code;

  if (!(state = ferryctl_load_state (workspace, &error)))
    return ferryctl_failed ("%s", error->message);

  if (!(diff = ferry_diff_compute (workspace, state, argv[1], argv[2], NULL, max_commits, NULL, &error)))
    return ferryctl_failed ("%s", error->message);

  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonNode) node = ferry_diff_to_json (diff);
      output = ferry_json_to_string (node);
    }
  else if (g_strcmp0 (format, "markdown") == 0)
    output = ferry_diff_to_markdown (diff);
  else
    output = ferry_diff_to_text (diff);

  g_print ("%s", output);

  return FERRYCTL_EXIT_OK;
}
