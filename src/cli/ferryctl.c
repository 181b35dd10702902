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
  { "validate", "[WS]", "Check a workspace and report every problem",
    "WS is a folder holding ferry.json, the file itself or a git URL\n"
    "(default: the current folder). Problems are printed on stderr as\n"
    "FILE:LINE:COL: error|warning: PATH: MESSAGE. Exit status 0 when the\n"
    "workspace is valid (warnings allowed), 1 when it has errors.",
    ferryctl_validate },
  { "graph", "[WS]", "Print the dependency graph in deploy order",
    "Formats: text (default), json, dot (graphviz). The json document is\n"
    "{\"name\", \"environments\", \"services\": [{\"name\", \"repo\", \"build\",\n"
    "\"team\", \"layer\", \"produces\", \"consumes\", \"depends_on\"}], \"layers\"}.",
    ferryctl_graph },
  { "layout", "[WS]", "Print where the window draws each card and edge",
    "The json document is {\"nodes\": [{\"name\", \"x\", \"y\", \"width\",\n"
    "\"height\", \"layer\"}], \"edges\": [{\"from\", \"to\", \"points\": [[x, y],\n"
    "...]}], \"clusters\": [{\"name\", \"x\", \"y\", \"width\", \"height\"}]}: world\n"
    "units, y downwards; each edge's points run from the consumer's card to\n"
    "the producer's, as straight segments.",
    ferryctl_layout },
  { "plan", "[WS] --to ENV", "Plan a deployment or promotion, phase by phase",
    "Steps are grouped into phases by the dependency graph, producers\n"
    "first; each says why it waits (approval, freeze, upstream). By default\n"
    "ENV's previous environment is promoted (the first environment deploys\n"
    "each repo's branch head), for every service whose version differs.",
    ferryctl_plan },
  { "status", "[WS]", "What runs where: each service's version and status per environment",
    "Formats: text (default) and json: {\"services\": [{\"name\", \"environments\":\n"
    "{ENV: {\"version\", \"tag\", \"status\", \"url\", \"since\", \"by\"}}}]}, status one\n"
    "of not-deployed, pending-approval, building, deploying, healthy, degraded,\n"
    "failed, stopped.",
    ferryctl_status },
  { "deploy", "SERVICE --env ENV", "Deploy a version of a service to an environment",
    "Through the environment's gates: trust, freeze windows, what the service\n"
    "depends on being healthy there, and its approval policy. By default the\n"
    "head of the repo's branch. Exit status 0 when it is healthy or waits for\n"
    "approval (its request id and who may give it are printed), 1 when refused\n"
    "or failed, with the reason.",
    ferryctl_deploy },
  { "promote", "(SERVICE…|--all) --to ENV", "Promote versions to the next environment, in dependency order",
    "Plans like 'ferryctl plan' and carries the plan out, phase by phase.",
    ferryctl_promote },
  { "approvals", "[WS]", "List what waits for approval",
    "Formats: text and json: [{\"id\", \"service\", \"environment\", \"version\",\n"
    "\"requested_by\", \"required\", \"approvals\", \"status\"}].",
    ferryctl_approvals },
  { "approve", "ID", "Approve a deployment; the last approval lets it go ahead",
    "Only the approvers the environment names may approve, and never the person\n"
    "who asked for the deployment unless the policy allows self-approval\n"
    "(four-eyes). The steps it lets go ahead run in this process.",
    ferryctl_approve },
  { "reject", "ID --comment TEXT", "Reject a deployment, saying why", NULL, ferryctl_reject },
  { "rollback", "SERVICE --env ENV", "Go back to the previous healthy version, or --to one",
    NULL, ferryctl_rollback },
  { "log", "[WS]", "The audit log: who did what, when, with what result",
    "Formats: text and json: [{\"time\", \"user\", \"action\", \"service\",\n"
    "\"environment\", \"version\", \"result\", \"detail\"}], newest first.",
    ferryctl_log },
  { "trust", "[WS]", "Allow the workspace's build and run commands to run here",
    "ferry.json names commands that run on this computer; they run only once\n"
    "trusted, and a change to any of them needs trusting again.",
    ferryctl_trust },
  { "stop", "SERVICE --env ENV", "Stop a service running on this computer", NULL, ferryctl_stop },
  { "down", "[WS]", "Stop every service of the workspace running on this computer", NULL, ferryctl_down },

  { "diff", "ENV_A ENV_B [WS]", "Compare two environments: versions, commits, configuration",
    "For every service deployed in ENV_A or ENV_B whose version or configuration\n"
    "differs: the version on each side, the commits in ENV_A's version not in\n"
    "ENV_B's (what promoting ENV_A to ENV_B ships) and, when ENV_B is ahead, the\n"
    "other way round; configuration ferry.json sets differently (replicas,\n"
    "env.NAME); services deployed on one side only. Formats: text (default),\n"
    "json, markdown (for a release note or a ticket). The json document is\n"
    "{\"from\", \"to\", \"services\": [{\"name\", \"from_version\", \"to_version\",\n"
    "\"commits\": [{\"id\", \"subject\", \"author\", \"time\"}], \"config\": [{\"key\",\n"
    "\"from\", \"to\"}], \"only_in\"}]}, with more keys documented in ferry-json.md.",
    ferryctl_diff },

  { "metrics", "SERVICE [WS] --env ENV", "Print the CPU, memory and network of a service",
    "What was recorded of SERVICE in ENV over the last --since (default 10m):\n"
    "the one-a-minute history the window keeps for 24 hours, or, when there\n"
    "is none, samples of its running process taken now, once a second, for\n"
    "that long. The json document is {\"service\", \"environment\", \"series\":\n"
    "[{\"metric\", \"unit\", \"points\": [[time, value], ...]}]}: metrics cpu\n"
    "(cores), memory (bytes), net_rx and net_tx (bytes/s), times in seconds\n"
    "since the Unix epoch. Exit status 1 when nothing was recorded and the\n"
    "service does not run.",
    ferryctl_metrics },
  { "demo", "DIR", "Create the demo workspace, or a synthetic one for scale",
    "Without --services, DIR becomes the demo shop: a git repository with\n"
    "ferry.json and four service repositories with real history under\n"
    "DIR/repos, nine services run by ferry-demo-service. With --services N,\n"
    "DIR gets a synthetic ferry.json of N services (no repositories), for\n"
    "trying Ferry at scale.",
    ferryctl_demo },

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

/**
 * ferryctl_check_format:
 * @command: the command being run
 * @format: the --format given
 * @allowed: the formats it supports
 * @exit_code: (out): 2 when @format is not one of them
 *
 * Returns: whether @format is supported
 */
gboolean
ferryctl_check_format (const FerryctlCommand *command,
                       const gchar           *format,
                       const gchar * const   *allowed,
                       gint                  *exit_code)
{
  g_autofree gchar *list = NULL;

  if (g_strv_contains (allowed, format))
    return TRUE;

  list = g_strjoinv ("|", (gchar **)allowed);
  *exit_code = ferryctl_usage_error (command, "Unknown format “%s” (use %s)", format, list);

  return FALSE;
}

void
ferryctl_print_diagnostics (FerryWorkspace *workspace)
{
  g_autofree gchar *text = ferry_diagnostics_format (ferry_workspace_get_diagnostics (workspace));

  g_printerr ("%s", text);
}

/**
 * ferryctl_load_state:
 * @workspace: a loaded workspace
 * @error: return location for a #GError
 *
 * Reads what runs where from the workspace's state store. A workspace
 * that was never deployed from has no store yet: nothing runs, and no
 * store is created just to say so.
 *
 * Returns: (transfer full) (nullable): the state
 */
FerryStateSnapshot *
ferryctl_load_state (FerryWorkspace  *workspace,
                     GError         **error)
{
  g_autofree gchar *id = ferry_store_workspace_id (ferry_workspace_get_source (workspace));
  g_autofree gchar *path = ferry_store_path_for_workspace (id);
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(GPtrArray) deployments = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return ferry_state_snapshot_new ();

  if (!(store = ferry_store_open (id, error)) ||
      !(deployments = ferry_store_list_current_deployments (store, error)))
    return NULL;

  return ferry_state_snapshot_new_from_deployments (deployments);
}

void
ferryctl_print_line (const gchar *message,
                     gpointer     user_data)
{
  static GMutex mutex;

  /* Steps of a phase report from their own threads. */
  g_mutex_lock (&mutex);
  g_print ("%s\n", message);
  g_mutex_unlock (&mutex);
}

/**
 * ferryctl_check_service_env:
 * @command: the command being run
 * @argc: its positional argument count, the command name first
 * @argv: its positional arguments
 * @env: (nullable): its --env
 * @exit_code: (out): the exit code when %FALSE is returned
 *
 * Checks the arguments of commands of the form `COMMAND SERVICE --env ENV`.
 *
 * Returns: %TRUE when there is exactly one SERVICE and an ENV
 */
gboolean
ferryctl_check_service_env (const FerryctlCommand  *command,
                            gint                    argc,
                            gchar                 **argv,
                            const gchar            *env,
                            gint                   *exit_code)
{
  if (argc != 2)
    *exit_code = ferryctl_usage_error (command, argc < 2 ? "SERVICE is required" : "Unexpected argument “%s”",
                                       argv[argc < 2 ? 0 : 2]);
  else if (env == NULL)
    *exit_code = ferryctl_usage_error (command, "--env ENV is required");
  else
    return TRUE;

  return FALSE;
}

/**
 * ferryctl_open_engine:
 * @command: the command being run
 * @workspace: (nullable): the workspace, the current folder by default
 * @progress: (nullable): told what happens
 * @exit_code: (out): the exit code when %NULL is returned
 *
 * Returns: (transfer full) (nullable): an engine on the valid workspace
 */
FerryEngine *
ferryctl_open_engine (const FerryctlCommand *command,
                      const gchar           *workspace,
                      void                 (*progress) (const gchar *, gpointer),
                      gint                  *exit_code)
{
  gchar *argv[] = { (gchar *)command->name, (gchar *)workspace, NULL };
  g_autoptr(FerryWorkspace) ws = NULL;
  g_autoptr(GError) error = NULL;
  FerryEngine *engine;

  if (!(ws = ferryctl_open_workspace (command, workspace ? 2 : 1, argv, NULL, TRUE, exit_code)))
    return NULL;

  if (!(engine = ferry_engine_new (ws, &error)))
    {
      *exit_code = ferryctl_failed ("%s", error->message);
      return NULL;
    }

  ferry_engine_set_progress (engine, progress, NULL);

  return engine;
}

/**
 * ferryctl_open_workspace:
 * @command: the command being run
 * @argc: its positional argument count, the command name first
 * @argv: its positional arguments: at most one, the workspace
 * @ref: (nullable): a git revision to read ferry.json at
 * @require_valid: whether a workspace with errors is refused
 * @exit_code: (out): the exit code when %NULL is returned
 *
 * Returns: (transfer full) (nullable): the workspace
 */
FerryWorkspace *
ferryctl_open_workspace (const FerryctlCommand  *command,
                         gint                    argc,
                         gchar                 **argv,
                         const gchar            *ref,
                         gboolean                require_valid,
                         gint                   *exit_code)
{
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  if (argc > 2)
    {
      *exit_code = ferryctl_usage_error (command, "Unexpected argument “%s”", argv[2]);
      return NULL;
    }

  if (!(workspace = ferry_workspace_load (argc > 1 ? argv[1] : ".", ref, NULL, &error)))
    {
      *exit_code = ferryctl_failed ("%s", error->message);
      return NULL;
    }

  if (require_valid && !ferry_workspace_is_valid (workspace))
    {
      ferryctl_print_diagnostics (workspace);
      *exit_code = ferryctl_failed ("%s has errors; run 'ferryctl validate' for the details",
                                    ferry_workspace_get_manifest (workspace));
      return NULL;
    }

  *exit_code = FERRYCTL_EXIT_OK;

  return g_steal_pointer (&workspace);
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
