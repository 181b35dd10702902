/* ferryctl-layout.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include "ferry-core.h"

#include "ferryctl-commands.h"

gint
ferryctl_layout (const FerryctlCommand  *command,
                 gint                    argc,
                 gchar                 **argv)
{
  static const gchar * const formats[] = { "json", NULL };
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(FerryLayoutGraph) graph = NULL;
  g_autoptr(FerryLayout) layout = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *format = NULL;
  g_autofree gchar *ref = NULL;
  g_autofree gchar *output = NULL;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: json", "FORMAT" },
    { "ref", 0, 0, G_OPTION_ARG_STRING, &ref, "Read ferry.json as it is at a git revision", "REV" },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;

  if (!ferryctl_check_format (command, format ? format : "json", formats, &exit_code))
    return exit_code;

  if (!(workspace = ferryctl_open_workspace (command, argc, argv, ref, TRUE, &exit_code)))
    return exit_code;

  graph = ferry_graph_new_layout_graph (workspace);
  if (!(layout = ferry_layout_compute (graph, &error)))
    return ferryctl_failed ("%s", error->message);

  node = ferry_layout_to_json (layout);
  output = ferry_json_to_string (node);
  g_print ("%s", output);

  return FERRYCTL_EXIT_OK;
}
