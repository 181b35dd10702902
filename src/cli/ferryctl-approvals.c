/* ferryctl-approvals.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include "ferry-core.h"

#include "ferryctl-commands.h"

/* approvals, approve and reject. */

gint
ferryctl_approvals (const FerryctlCommand  *command,
                    gint                    argc,
                    gchar                 **argv)
{
  static const gchar * const formats[] = { "text", "json", NULL };
  g_autoptr(FerryEngine) engine = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *format = NULL;
  gboolean all = FALSE;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: text or json", "FORMAT" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, "Decided requests too, not only those waiting", NULL },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (!ferryctl_check_format (command, format ? format : "text", formats, &exit_code))
    return exit_code;
  if (argc > 2)
    return ferryctl_usage_error (command, "Unexpected argument “%s”", argv[2]);

  if (!(engine = ferryctl_open_engine (command, argc > 1 ? argv[1] : NULL, NULL, &exit_code)))
    return exit_code;

  if (!(requests = ferry_store_list_approval_requests (ferry_engine_get_store (engine), !all, &error)))
    return ferryctl_failed ("%s", error->message);

  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree gchar *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < requests->len; i++)
        {
          FerryApprovalRequest *r = g_ptr_array_index (requests, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, r->id);
          json_builder_set_member_name (builder, "service");
          json_builder_add_string_value (builder, r->service);
          json_builder_set_member_name (builder, "environment");
          json_builder_add_string_value (builder, r->environment);
          json_builder_set_member_name (builder, "version");
          json_builder_add_string_value (builder, r->version);
          json_builder_set_member_name (builder, "requested_by");
          json_builder_add_string_value (builder, r->requested_by);
          json_builder_set_member_name (builder, "required");
          json_builder_add_int_value (builder, r->required);
          json_builder_set_member_name (builder, "approvals");
          json_builder_add_int_value (builder, r->approvals);
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, ferry_approval_status_to_string (r->status));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      text = ferry_json_to_string (root);
      g_print ("%s", text);
    }
  else if (requests->len == 0)
    g_print ("Nothing waits for approval.\n");
  else
    for (guint i = 0; i < requests->len; i++)
      {
        FerryApprovalRequest *r = g_ptr_array_index (requests, i);
        g_autofree gchar *short_id = ferry_short_id (r->version);

        g_print ("#%-4" G_GINT64_FORMAT " %-24s → %-8s %s  requested by %s  %u/%u  from %s  [%s]\n",
                 r->id, r->service, r->environment, short_id, r->requested_by, r->approvals, r->required,
                 r->approvers, ferry_approval_status_to_string (r->status));
      }

  return FERRYCTL_EXIT_OK;
}

static gint
decide (const FerryctlCommand  *command,
        gint                    argc,
        gchar                 **argv,
        FerryVerdict            verdict)
{
  g_autoptr(FerryEngine) engine = NULL;
  g_autoptr(FerryApprovalRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *comment = NULL;
  g_autofree gchar *workspace = NULL;
  gboolean wait = FALSE;
  gint64 id;
  gchar *end = NULL;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, "Why", "TEXT" },
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace, "The workspace (default: the current folder)", "WS" },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, "Print the progress of the steps it lets go ahead", NULL },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return ferryctl_usage_error (command, argc < 2 ? "ID is required" : "Unexpected argument “%s”", argv[argc < 2 ? 0 : 2]);
  id = g_ascii_strtoll (argv[1][0] == '#' ? argv[1] + 1 : argv[1], &end, 10);
  if (end == NULL || *end != '\0' || id <= 0)
    return ferryctl_usage_error (command, "“%s” is not a request id", argv[1]);
  if (verdict == FERRY_VERDICT_REJECT && (comment == NULL || comment[0] == '\0'))
    return ferryctl_usage_error (command, "--comment TEXT is required: say why");

  if (!(engine = ferryctl_open_engine (command, workspace, wait ? ferryctl_print_line : NULL, &exit_code)))
    return exit_code;

  if (!(request = ferry_engine_decide (engine, id, verdict, comment, NULL, &error)))
    return ferryctl_failed ("%s", error->message);

  g_print ("#%" G_GINT64_FORMAT " %s → %s: %s (%u of %u approvals)\n", request->id, request->service,
           request->environment, ferry_approval_status_to_string (request->status),
           request->approvals, request->required);

  /* What the decision let go ahead. */
  if (request->status == FERRY_APPROVAL_STATUS_APPROVED)
    {
      g_autoptr(FerryPlanStep) step = ferry_store_get_step (ferry_engine_get_store (engine), request->step_id, NULL);
      g_autoptr(FerryPlanRun) run = step ? ferry_store_get_plan_run (ferry_engine_get_store (engine), step->run_id, NULL) : NULL;

      if (run != NULL)
        return ferryctl_report_run (engine, run);
    }

  return FERRYCTL_EXIT_OK;
}

gint
ferryctl_approve (const FerryctlCommand  *command,
                  gint                    argc,
                  gchar                 **argv)
{
  return decide (command, argc, argv, FERRY_VERDICT_APPROVE);
}

gint
ferryctl_reject (const FerryctlCommand  *command,
                 gint                    argc,
                 gchar                 **argv)
{
  return decide (command, argc, argv, FERRY_VERDICT_REJECT);
}
