/* ferryctl-trust.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include "ferry-core.h"

#include "ferryctl-commands.h"

/* trust, stop and down: what runs on this computer, and whether it may. */

gint
ferryctl_trust (const FerryctlCommand  *command,
                gint                    argc,
                gchar                 **argv)
{
  g_autoptr(FerryEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *commands = NULL;
  gint exit_code;

  if (!ferryctl_parse_options (command, NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 2)
    return ferryctl_usage_error (command, "Unexpected argument “%s”", argv[2]);
  if (!(engine = ferryctl_open_engine (command, argc > 1 ? argv[1] : NULL, NULL, &exit_code)))
    return exit_code;

  if (ferry_engine_is_trusted (engine, &commands))
    {
      g_print ("Already trusted:\n%s", commands);
      return FERRYCTL_EXIT_OK;
    }

  if (!ferry_engine_trust (engine, &error))
    return ferryctl_failed ("%s", error->message);

  g_print ("Trusted these commands; they may now run on this computer:\n%s", commands);

  return FERRYCTL_EXIT_OK;
}

gint
ferryctl_stop (const FerryctlCommand  *command,
               gint                    argc,
               gchar                 **argv)
{
  g_autoptr(FerryEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *env = NULL;
  g_autofree gchar *workspace = NULL;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "env", 0, 0, G_OPTION_ARG_STRING, &env, "The environment", "ENV" },
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace, "The workspace (default: the current folder)", "WS" },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (!ferryctl_check_service_env (command, argc, argv, env, &exit_code))
    return exit_code;
  if (!(engine = ferryctl_open_engine (command, workspace, NULL, &exit_code)))
    return exit_code;

  if (!ferry_engine_stop (engine, argv[1], env, &error))
    return ferryctl_failed ("%s", error->message);

  g_print ("Stopped %s in %s\n", argv[1], env);

  return FERRYCTL_EXIT_OK;
}

gint
ferryctl_down (const FerryctlCommand  *command,
               gint                    argc,
               gchar                 **argv)
{
  g_autoptr(FerryEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  gint exit_code;

  if (!ferryctl_parse_options (command, NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 2)
    return ferryctl_usage_error (command, "Unexpected argument “%s”", argv[2]);
  if (!(engine = ferryctl_open_engine (command, argc > 1 ? argv[1] : NULL, NULL, &exit_code)))
    return exit_code;

  if (!ferry_engine_down (engine, &error))
    return ferryctl_failed ("%s", error->message);

  g_print ("Stopped every local service of %s\n", ferry_workspace_get_name (ferry_engine_get_workspace (engine)));

  return FERRYCTL_EXIT_OK;
}
