/* ferryctl-demo.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include "ferry-core.h"

#include "ferryctl-commands.h"

gint
ferryctl_demo (const FerryctlCommand  *command,
               gint                    argc,
               gchar                 **argv)
{
  g_autoptr(GError) error = NULL;
  gint services = -1;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "services", 0, 0, G_OPTION_ARG_INT, &services, "Create a synthetic workspace of N services instead", "N" },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc < 2)
    return ferryctl_usage_error (command, "DIR is required");
  if (argc > 2)
    return ferryctl_usage_error (command, "Unexpected argument “%s”", argv[2]);

  if (services != -1)
    {
      if (services < 1 || services > 1000000)
        return ferryctl_usage_error (command, "--services takes a number from 1 to 1000000");

      if (!ferry_demo_create_synthetic (argv[1], services, &error))
        return ferryctl_failed ("%s", error->message);

      g_print ("Created a synthetic workspace of %d services in %s\n", services, argv[1]);
    }
  else
    {
      g_autofree gchar *service_command = ferry_demo_find_service_command ();

      if (!ferry_demo_create (argv[1], service_command, &error))
        return ferryctl_failed ("%s", error->message);

      g_print ("Created the demo shop in %s\n"
               "Try: ferryctl graph %s\n", argv[1], argv[1]);
    }

  return FERRYCTL_EXIT_OK;
}
