/* ferryctl-graph.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include "ferry-core.h"

#include "ferryctl-commands.h"

gint
ferryctl_graph (const FerryctlCommand  *command,
                gint                    argc,
                gchar                 **argv)
{
  static const gchar * const formats[] = { "text", "json", "dot", NULL };
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autofree gchar *format = NULL;
  g_autofree gchar *ref = NULL;
  g_autofree gchar *output = NULL;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: text, json or dot", "FORMAT" },
    { "ref", 0, 0, G_OPTION_ARG_STRING, &ref, "Read ferry.json as it is at a git revision", "REV" },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;

  if (!ferryctl_check_format (command, format ? format : "text", formats, &exit_code))
    return exit_code;

  if (!(workspace = ferryctl_open_workspace (command, argc, argv, ref, TRUE, &exit_code)))
    return exit_code;

  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonNode) node = ferry_graph_to_json (workspace);
      output = ferry_json_to_string (node);
    }
  else if (g_strcmp0 (format, "dot") == 0)
    output = ferry_graph_to_dot (workspace);
  else
    output = ferry_graph_to_text (workspace);

  g_print ("%s", output);

  return FERRYCTL_EXIT_OK;
}
