/* ferryctl-deploy.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include "ferry-core.h"

#include "ferryctl-commands.h"

/* deploy, promote and rollback: each starts a run and carries it as far
 * as it goes, then says where it stands. */

/**
 * ferryctl_report_run:
 * @engine: the engine that ran it
 * @run: (nullable): the run as it stands
 *
 * Prints each step and, for one waiting for approval, the request and who
 * may give it.
 *
 * Returns: 0 when every step is done or waits for an approval, 1 when a
 *   step failed or was refused
 */
gint
ferryctl_report_run (FerryEngine  *engine,
                     FerryPlanRun *run)
{
  gboolean failed = FALSE;

  for (guint i = 0; i < run->steps->len; i++)
    {
      FerryPlanStep *step = g_ptr_array_index (run->steps, i);
      g_autofree gchar *short_id = ferry_short_id (step->version);
      const gchar *state = ferry_step_state_to_string (step->state);

      switch (step->state)
        {
        case FERRY_STEP_STATE_HEALTHY:
          g_print ("%-24s %-8s %s  %s\n", step->service, step->environment, short_id, state);
          break;

        case FERRY_STEP_STATE_WAITING_FOR_APPROVAL:
          g_print ("%-24s %-8s %s  %s: %s\n", step->service, step->environment, short_id, state,
                   step->waiting_reason ? step->waiting_reason : "");
          break;

        case FERRY_STEP_STATE_FAILED:
        case FERRY_STEP_STATE_REFUSED:
        case FERRY_STEP_STATE_CANCELLED:
          failed |= step->state != FERRY_STEP_STATE_CANCELLED;
          g_printerr ("%s → %s: %s: %s\n", step->service, step->environment, state,
                      step->error ? step->error : (step->waiting_reason ? step->waiting_reason : ""));
          break;

        case FERRY_STEP_STATE_PENDING:
        case FERRY_STEP_STATE_BUILDING:
        case FERRY_STEP_STATE_DEPLOYING:
        case FERRY_STEP_STATE_VERIFYING:
        default:
          g_print ("%-24s %-8s %s  %s\n", step->service, step->environment, short_id, state);
          break;
        }
    }

  return failed ? FERRYCTL_EXIT_FAILED : FERRYCTL_EXIT_OK;
}

static gint
finish (FerryEngine   *engine,
        FerryPlanRun  *run,
        GError        *error)
{
  if (run == NULL)
    return ferryctl_failed ("%s", error->message);

  return ferryctl_report_run (engine, run);
}

gint
ferryctl_deploy (const FerryctlCommand  *command,
                 gint                    argc,
                 gchar                 **argv)
{
  g_autoptr(FerryEngine) engine = NULL;
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *env = NULL;
  g_autofree gchar *version = NULL;
  g_autofree gchar *workspace = NULL;
  g_autofree gchar *override = NULL;
  gboolean wait = FALSE;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "env", 0, 0, G_OPTION_ARG_STRING, &env, "The environment", "ENV" },
    { "version", 0, 0, G_OPTION_ARG_STRING, &version, "A tag, branch or commit (default: the branch head)", "REV" },
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace, "The workspace (default: the current folder)", "WS" },
    { "override-freeze", 0, 0, G_OPTION_ARG_STRING, &override, "Deploy during a freeze, for this reason (audited)", "REASON" },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, "Print progress while it works", NULL },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (!ferryctl_check_service_env (command, argc, argv, env, &exit_code))
    return exit_code;

  if (!(engine = ferryctl_open_engine (command, workspace, wait ? ferryctl_print_line : NULL, &exit_code)))
    return exit_code;

  run = ferry_engine_deploy (engine, argv[1], env, version, override, NULL, &error);

  return finish (engine, run, error);
}

gint
ferryctl_promote (const FerryctlCommand  *command,
                  gint                    argc,
                  gchar                 **argv)
{
  g_autoptr(FerryEngine) engine = NULL;
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *from = NULL;
  g_autofree gchar *to = NULL;
  g_autofree gchar *workspace = NULL;
  g_autofree gchar *override = NULL;
  gboolean all = FALSE;
  gboolean wait = FALSE;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "The environment to promote from (default: the one ENV promotes from)", "ENV" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "The environment to promote to", "ENV" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, "Every service whose version differs", NULL },
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace, "The workspace (default: the current folder)", "WS" },
    { "override-freeze", 0, 0, G_OPTION_ARG_STRING, &override, "Deploy during a freeze, for this reason (audited)", "REASON" },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, "Print progress while it works", NULL },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (to == NULL)
    return ferryctl_usage_error (command, "--to ENV is required");
  if (all == (argc > 1))
    return ferryctl_usage_error (command, "name the services, or give --all");

  if (!(engine = ferryctl_open_engine (command, workspace, wait ? ferryctl_print_line : NULL, &exit_code)))
    return exit_code;

  run = ferry_engine_promote (engine, all ? NULL : (const gchar * const *)argv + 1, from, to, override, NULL, &error);

  return finish (engine, run, error);
}

gint
ferryctl_rollback (const FerryctlCommand  *command,
                   gint                    argc,
                   gchar                 **argv)
{
  g_autoptr(FerryEngine) engine = NULL;
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *env = NULL;
  g_autofree gchar *to = NULL;
  g_autofree gchar *workspace = NULL;
  gboolean wait = FALSE;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "env", 0, 0, G_OPTION_ARG_STRING, &env, "The environment", "ENV" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "The version to go back to (default: the previous healthy one)", "VERSION" },
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace, "The workspace (default: the current folder)", "WS" },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, "Print progress while it works", NULL },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (!ferryctl_check_service_env (command, argc, argv, env, &exit_code))
    return exit_code;

  if (!(engine = ferryctl_open_engine (command, workspace, wait ? ferryctl_print_line : NULL, &exit_code)))
    return exit_code;

  run = ferry_engine_rollback (engine, argv[1], env, to, NULL, &error);

  return finish (engine, run, error);
}
