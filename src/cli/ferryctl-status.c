/* ferryctl-status.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include "ferry-core.h"

#include "ferryctl-commands.h"

/* status and log: what runs where, and what was done. */

static gchar *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;

  utc = g_date_time_to_utc (time);
  return g_date_time_format_iso8601 (utc);
}

gint
ferryctl_status (const FerryctlCommand  *command,
                 gint                    argc,
                 gchar                 **argv)
{
  static const gchar * const formats[] = { "text", "json", NULL };
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(FerryStateSnapshot) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *format = NULL;
  g_autoptr(GHashTable) urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n_services, n_envs;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: text or json", "FORMAT" },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (!ferryctl_check_format (command, format ? format : "text", formats, &exit_code))
    return exit_code;
  if (!(workspace = ferryctl_open_workspace (command, argc, argv, NULL, TRUE, &exit_code)))
    return exit_code;

  /* Settle what an interrupted Ferry left, when anything was deployed. */
  {
    g_autofree gchar *id = ferry_store_workspace_id (ferry_workspace_get_source (workspace));
    g_autofree gchar *path = ferry_store_path_for_workspace (id);

    if (g_file_test (path, G_FILE_TEST_EXISTS))
      {
        g_autoptr(FerryEngine) engine = ferry_engine_new (workspace, NULL);
        g_autoptr(GPtrArray) current = NULL;

        /* Where each answers. */
        if (engine != NULL && (current = ferry_store_list_current_deployments (ferry_engine_get_store (engine), NULL)))
          for (guint i = 0; i < current->len; i++)
            {
              FerryDeployment *d = g_ptr_array_index (current, i);

              if (d->url != NULL)
                g_hash_table_insert (urls, g_strdup_printf ("%s\n%s", d->service, d->environment), g_strdup (d->url));
            }
      }
  }

  if (!(state = ferryctl_load_state (workspace, &error)))
    return ferryctl_failed ("%s", error->message);

  n_services = ferry_workspace_get_n_services (workspace);
  n_envs = ferry_workspace_get_n_environments (workspace);

  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree gchar *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "services");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_services; i++)
        {
          FerryService *service = ferry_workspace_get_service_at (workspace, i);

          json_builder_begin_object (builder);
          ferry_json_builder_add_nullable (builder, "name", ferry_service_get_name (service));
          json_builder_set_member_name (builder, "environments");
          json_builder_begin_object (builder);
          for (guint j = 0; j < n_envs; j++)
            {
              const gchar *env = ferry_environment_get_name (ferry_workspace_get_environment_at (workspace, j));
              const FerryDeployed *d = ferry_state_snapshot_lookup (state, ferry_service_get_name (service), env);
              g_autofree gchar *since = d ? format_time (d->since) : NULL;
              g_autofree gchar *key = g_strdup_printf ("%s\n%s", ferry_service_get_name (service), env);

              json_builder_set_member_name (builder, env);
              json_builder_begin_object (builder);
              ferry_json_builder_add_nullable (builder, "version", d ? d->version : NULL);
              ferry_json_builder_add_nullable (builder, "tag", d ? d->tag : NULL);
              ferry_json_builder_add_nullable (builder, "status", d ? d->status : "not-deployed");
              ferry_json_builder_add_nullable (builder, "url", d ? g_hash_table_lookup (urls, key) : NULL);
              ferry_json_builder_add_nullable (builder, "since", since);
              ferry_json_builder_add_nullable (builder, "by", d ? d->by : NULL);
              json_builder_end_object (builder);
            }
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      text = ferry_json_to_string (root);
      g_print ("%s", text);
      return FERRYCTL_EXIT_OK;
    }

  g_print ("%-24s", "SERVICE");
  for (guint j = 0; j < n_envs; j++)
    g_print ("  %-30s", ferry_environment_get_name (ferry_workspace_get_environment_at (workspace, j)));
  g_print ("\n");

  for (guint i = 0; i < n_services; i++)
    {
      FerryService *service = ferry_workspace_get_service_at (workspace, i);

      g_print ("%-24s", ferry_service_get_name (service));
      for (guint j = 0; j < n_envs; j++)
        {
          const gchar *env = ferry_environment_get_name (ferry_workspace_get_environment_at (workspace, j));
          const FerryDeployed *d = ferry_state_snapshot_lookup (state, ferry_service_get_name (service), env);
          g_autofree gchar *short_id = d && d->version ? ferry_short_id (d->version) : NULL;
          g_autofree gchar *cell = d ? g_strdup_printf ("%s %s", d->tag ? d->tag : short_id, d->status)
                                     : g_strdup ("not-deployed");

          g_print ("  %-30s", cell);
        }
      g_print ("\n");
    }

  return FERRYCTL_EXIT_OK;
}

gint
ferryctl_log (const FerryctlCommand  *command,
              gint                    argc,
              gchar                 **argv)
{
  static const gchar * const formats[] = { "text", "json", NULL };
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(GPtrArray) entries_found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *format = NULL;
  g_autofree gchar *service = NULL;
  g_autofree gchar *environment = NULL;
  g_autofree gchar *id = NULL;
  g_autofree gchar *path = NULL;
  gint limit = 100;
  gint exit_code;
  FerryAuditFilter filter = { 0 };
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: text or json", "FORMAT" },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service, "Only this service", "NAME" },
    { "env", 0, 0, G_OPTION_ARG_STRING, &environment, "Only this environment", "ENV" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most this many entries, newest first (default 100)", "N" },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (!ferryctl_check_format (command, format ? format : "text", formats, &exit_code))
    return exit_code;
  if (!(workspace = ferryctl_open_workspace (command, argc, argv, NULL, FALSE, &exit_code)))
    return exit_code;

  id = ferry_store_workspace_id (ferry_workspace_get_source (workspace));
  path = ferry_store_path_for_workspace (id);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    entries_found = g_ptr_array_new ();
  else
    {
      if (!(store = ferry_store_open (id, &error)))
        return ferryctl_failed ("%s", error->message);

      filter.service = service;
      filter.environment = environment;
      filter.limit = MAX (limit, 1);
      if (!(entries_found = ferry_store_query_audit (store, &filter, &error)))
        return ferryctl_failed ("%s", error->message);
    }

  if (g_strcmp0 (format, "json") == 0)
    {
      g_autofree gchar *text = ferry_audit_entries_to_json (entries_found, TRUE);
      g_print ("%s\n", text);
      return FERRYCTL_EXIT_OK;
    }

  for (guint i = 0; i < entries_found->len; i++)
    {
      FerryAuditEntry *e = g_ptr_array_index (entries_found, i);
      g_autofree gchar *time = format_time (e->time);
      g_autofree gchar *short_id = e->version ? ferry_short_id (e->version) : g_strdup ("");

      g_print ("%s  %-20s %-16s %-20s %-8s %-12s %-8s %s\n", time, e->user, e->action,
               e->service ? e->service : "", e->environment ? e->environment : "", short_id,
               ferry_audit_result_to_string (e->result), e->detail ? e->detail : "");
    }

  return FERRYCTL_EXIT_OK;
}
