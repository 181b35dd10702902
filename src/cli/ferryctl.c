/* ferryctl.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "ferry-core.h"

#include "ferryctl-commands.h"

static const FerryctlCommand commands[] = {
  { "import", "FILE_OR_DIR…", "Make a workspace of compose files or Kubernetes manifests",
    "Every compose service and every Deployment, StatefulSet and DaemonSet becomes\n"
    "a service of the same name. depends_on, links and the addresses in their\n"
    "environment that name another service (db:5432, http://cart/,\n"
    "cart.shop.svc.cluster.local) become its dependencies. Several compose files\n"
    "merge in the order given, as with docker compose -f a -f b; a folder is read\n"
    "as its compose project, or else searched for manifests.\n"
    "\n"
    "What cannot be resolved is reported on standard error, FILE:LINE:COL: warning:.\n"
    "Exit status: 0 written, 1 the input cannot be read or holds no service.",
    ferryctl_import },
  { "whoami", "", "Print the identity actions are recorded under",
    "Ferry records every deployment, approval and refusal under FERRY_USER\n"
    "when it is set, else git's user.email.",
    ferryctl_whoami },
};

static const FerryctlCommand *
find_command (const gchar *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];

  return NULL;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream,
           "Usage:\n"
           "  ferryctl COMMAND [OPTION…]\n"
           "\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, commands[i].summary);
  fprintf (stream,
           "\n"
           "Options:\n"
           "  -h, --help   Show this help\n"
           "  --version    Print the version\n"
           "\n"
           "Run 'ferryctl COMMAND --help' for a command's options.\n"
           "Exit status: 0 ok, 1 refused or failed, 2 usage error.\n");
}

gint
ferryctl_usage_error (const FerryctlCommand *command,
                      const gchar           *format,
                      ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    g_printerr ("ferryctl %s: %s\nTry 'ferryctl %s --help'.\n",
                command->name, message, command->name);
  else
    g_printerr ("ferryctl: %s\nTry 'ferryctl --help'.\n", message);

  return FERRYCTL_EXIT_USAGE;
}

gint
ferryctl_failed (const gchar *format,
                 ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("ferryctl: %s\n", message);

  return FERRYCTL_EXIT_FAILED;
}

/**
 * ferryctl_parse_options:
 * @command: the command being run
 * @entries: (nullable): its options
 * @argc: (inout): argument count, the command name first
 * @argv: (inout): arguments
 * @exit_code: (out): the exit code when %FALSE is returned
 *
 * Parses the options of @command, leaving its positional arguments in
 * @argv. `--help` prints the command's help and stops with 0; a bad option
 * prints a usage error and stops with 2.
 *
 * Returns: %TRUE when the command should go on
 */
gboolean
ferryctl_parse_options (const FerryctlCommand   *command,
                        const GOptionEntry      *entries,
                        gint                    *argc,
                        gchar                 ***argv,
                        gint                    *exit_code)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *prgname = NULL;
  gboolean help = FALSE;
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, "Show this help", NULL },
    { NULL }
  };

  /* GOption prints the program name before the options in "Usage:". */
  prgname = g_strdup_printf ("ferryctl %s", command->name);
  g_set_prgname (prgname);

  context = g_option_context_new (command->parameters);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_summary (context, command->summary);
  if (command->description != NULL)
    g_option_context_set_description (context, command->description);
  g_option_context_add_main_entries (context, help_entries, NULL);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = ferryctl_usage_error (command, "%s", error->message);
      return FALSE;
    }

  if (help)
    {
      g_autofree gchar *text = g_option_context_get_help (context, TRUE, NULL);

      g_print ("%s", text);
      *exit_code = FERRYCTL_EXIT_OK;
      return FALSE;
    }

  /* Anything still looking like an option was not one of ours. */
  for (gint i = 1; i < *argc; i++)
    {
      const gchar *arg = (*argv)[i];

      if (g_strcmp0 (arg, "--") == 0)
        break;

      if (arg[0] == '-' && arg[1] != '\0')
        {
          *exit_code = ferryctl_usage_error (command, "Unknown option %s", arg);
          return FALSE;
        }
    }

  *exit_code = FERRYCTL_EXIT_OK;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const FerryctlCommand *command;
  const gchar *name;

  setlocale (LC_ALL, "");
  ferry_core_init ();

  if (argc < 2)
    {
      print_usage (stderr);
      return FERRYCTL_EXIT_USAGE;
    }

  name = argv[1];

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h"))
    {
      print_usage (stdout);
      return FERRYCTL_EXIT_OK;
    }

  if (g_str_equal (name, "--version"))
    {
      g_print ("ferryctl %s\n", FERRY_VERSION_STRING);
      return FERRYCTL_EXIT_OK;
    }

  if (g_str_equal (name, "help"))
    {
      if (argc < 3)
        {
          print_usage (stdout);
          return FERRYCTL_EXIT_OK;
        }

      if ((command = find_command (argv[2])) == NULL)
        return ferryctl_usage_error (NULL, "Unknown command “%s”", argv[2]);

      {
        gchar *help_argv[] = { (gchar *)command->name, (gchar *)"--help", NULL };
        gchar **help_argvp = help_argv;
        gint help_argc = 2;
        gint exit_code;

        ferryctl_parse_options (command, NULL, &help_argc, &help_argvp, &exit_code);
        return exit_code;
      }
    }

  if (name[0] == '-')
    return ferryctl_usage_error (NULL, "Unknown option %s", name);

  if ((command = find_command (name)) == NULL)
    return ferryctl_usage_error (NULL, "Unknown command “%s”", name);

  return command->run (command, argc - 1, argv + 1);
}
