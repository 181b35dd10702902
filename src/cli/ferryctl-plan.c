/* ferryctl-plan.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include "ferry-core.h"

#include "ferryctl-commands.h"

gint
ferryctl_plan (const FerryctlCommand  *command,
               gint                    argc,
               gchar                 **argv)
{
  static const gchar * const formats[] = { "text", "json", NULL };
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(FerryStateSnapshot) state = NULL;
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *format = NULL;
  g_autofree gchar *ref = NULL;
  g_autofree gchar *to = NULL;
  g_autofree gchar *from = NULL;
  g_autofree gchar *output = NULL;
  g_auto(GStrv) services = NULL;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "The environment to deploy to", "ENV" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "The environment to promote from (default: the one ENV promotes from)", "ENV" },
    { "service", 0, 0, G_OPTION_ARG_STRING_ARRAY, &services, "Plan only this service (repeatable)", "NAME" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: text or json", "FORMAT" },
    { "ref", 0, 0, G_OPTION_ARG_STRING, &ref, "Read ferry.json as it is at a git revision", "REV" },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;

  if (to == NULL)
    return ferryctl_usage_error (command, "--to ENV is required");

  if (!ferryctl_check_format (command, format ? format : "text", formats, &exit_code))
    return exit_code;

  if (!(workspace = ferryctl_open_workspace (command, argc, argv, ref, TRUE, &exit_code)))
    return exit_code;

  if (!(state = ferryctl_load_state (workspace, &error)))
    return ferryctl_failed ("%s", error->message);
  now = g_date_time_new_now_utc ();

  if (!(plan = ferry_plan_compute (workspace, state, to, from, (const gchar * const *)services, now, &error)))
    return ferryctl_failed ("%s", error->message);

  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonNode) node = ferry_plan_to_json (plan);
      output = ferry_json_to_string (node);
    }
  else
    output = ferry_plan_to_text (plan);

  g_print ("%s", output);

  return FERRYCTL_EXIT_OK;
}
