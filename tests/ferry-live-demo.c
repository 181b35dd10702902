/* ferry-live-demo.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the demo workspace's services for the screenshots, the way the
 * local target runs them, while a command (ferry-shot) looks at them:
 *
 *   ferry-live-demo WORKSPACE [--redeploy SERVICE --at SECONDS] -- COMMAND…
 *
 * Every service is started as a real ferry-demo-service ($FERRY_DEMO_SERVICE)
 * in dev (its repository's newest release tag) and in uat (the release
 * before), on a loopback port of its own, calling the producers of what
 * it consumes, with a small CPU and memory load of its own. Each is
 * recorded in the workspace's state store as the local target records
 * them: a local_processes row and a healthy deployment. With --redeploy,
 * that service starts in dev at the release before, and is replaced
 * after SECONDS by one at the newest release with a heavier load,
 * recorded as a new deployment. When COMMAND exits, every service is
 * stopped.
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "ferry-core.h"

/* A release of a repository: a tagged commit. */
typedef struct
{
  gchar *id;
  gchar *tag;
} Release;

typedef struct
{
  GSubprocess *process;
  gchar       *service;
  gchar       *environment;
  guint        port;
} Running;

static void
running_free (Running *running)
{
  g_clear_object (&running->process);
  g_free (running->service);
  g_free (running->environment);
  g_free (running);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static const gchar *
find_port (GPtrArray   *running,
           const gchar *service,
           const gchar *environment)
{
  static gchar url[64];

  for (guint i = 0; i < running->len; i++)
    {
      Running *r = g_ptr_array_index (running, i);

      if (g_str_equal (r->service, service) && g_str_equal (r->environment, environment))
        {
          g_snprintf (url, sizeof url, "http://127.0.0.1:%u", r->port);
          return url;
        }
    }

  return NULL;
}

/* A load of its own for each service, so that the charts differ. */
static void
load_for (const gchar *service,
          gboolean     heavier,
          gchar      **cpu,
          gchar      **memory)
{
  guint hash = g_str_hash (service);

  *cpu = g_strdup_printf ("%.3f", (heavier ? 0.10 : 0.02) + (hash % 5) * 0.005);
  *memory = g_strdup_printf ("%u", (heavier ? 40 : 12) + hash % 16);
}

static Running *
start_service (FerryService  *service,
               const gchar   *environment,
               const gchar   *version,
               guint          port,
               gboolean       heavier,
               GPtrArray     *running,
               GError       **error)
{
  g_autofree gchar *port_arg = g_strdup_printf ("%u", port);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree gchar *line = NULL;
  g_autofree gchar *cpu = NULL;
  g_autofree gchar *memory = NULL;
  const gchar *binary = g_getenv ("FERRY_DEMO_SERVICE");
  Running *r;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "FERRY_SERVICE", ferry_service_get_name (service), TRUE);
  g_subprocess_launcher_setenv (launcher, "FERRY_VERSION", version, TRUE);
  g_subprocess_launcher_setenv (launcher, "FERRY_ENV", environment, TRUE);
  load_for (ferry_service_get_name (service), heavier, &cpu, &memory);
  g_subprocess_launcher_setenv (launcher, "FERRY_DEMO_CPU", cpu, TRUE);
  g_subprocess_launcher_setenv (launcher, "FERRY_DEMO_MEMORY_MB", memory, TRUE);

  for (guint i = 0; i < ferry_service_get_n_consumes (service); i++)
    {
      FerryEndpoint *endpoint = ferry_service_get_consumes (service, i);
      FerryService *producer = ferry_endpoint_get_producer (endpoint);
      g_autofree gchar *name = NULL;
      g_autofree gchar *upper = NULL;
      const gchar *url;

      if (producer == NULL ||
          !(url = find_port (running, ferry_service_get_name (producer), environment)))
        continue;

      name = g_strdup_printf ("FERRY_ENDPOINT_%s_%s", ferry_endpoint_get_kind (endpoint),
                              ferry_endpoint_get_name (endpoint));
      upper = g_ascii_strup (name, -1);
      g_strdelimit (upper, "-.", '_');
      g_subprocess_launcher_setenv (launcher, upper, url, TRUE);
    }

  r = g_new0 (Running, 1);
  r->service = g_strdup (ferry_service_get_name (service));
  r->environment = g_strdup (environment);
  r->process = g_subprocess_launcher_spawn (launcher, error, binary ? binary : "ferry-demo-service",
                                            "--port", port_arg, NULL);
  if (r->process == NULL)
    {
      running_free (r);
      return NULL;
    }

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (r->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, "listening on 127.0.0.1:"))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s did not start", r->service);
      running_free (r);
      return NULL;
    }
  r->port = (guint) atoi (line + strlen ("listening on 127.0.0.1:"));

  return r;
}

/* What the local target records for a process it started. */
static gboolean
record (FerryStore    *store,
        Running       *r,
        const Release *release,
        GError       **error)
{
  g_autoptr(FerryLocalProcess) process = ferry_local_process_new ();
  g_autoptr(FerryDeployment) template = ferry_deployment_new ();
  g_autoptr(FerryDeployment) deployment = NULL;
  GPid pid = atoi (g_subprocess_get_identifier (r->process));

  template->service = g_strdup (r->service);
  template->environment = g_strdup (r->environment);
  template->version = g_strdup (release->id);
  template->tag = g_strdup (release->tag);
  template->by = g_strdup ("ana@demo.test");
  template->status = FERRY_DEPLOYMENT_STATUS_DEPLOYING;
  if (!(deployment = ferry_store_begin_deployment (store, template, error)))
    return FALSE;

  process->service = g_strdup (r->service);
  process->environment = g_strdup (r->environment);
  process->version = g_strdup (release->id);
  process->pid = pid;
  process->start_time = ferry_store_pid_start_time (pid);
  process->port = r->port;

  return ferry_store_put_local_process (store, process, error) &&
         ferry_store_update_deployment (store, deployment->id, FERRY_DEPLOYMENT_STATUS_DEPLOYING,
                                        FERRY_DEPLOYMENT_STATUS_HEALTHY, NULL, NULL, error);
}

/* The newest release of a service's repository (@older: the one
 * before), from its history. */
static gboolean
release_of (FerryService  *service,
            gboolean       older,
            Release       *release,
            GError       **error)
{
  FerryRepo *repo = ferry_service_get_repo (service);
  g_autoptr(GHashTable) tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) commits = NULL;
  g_autofree gchar *head = NULL;
  guint skip = older ? 1 : 0;

  if (!ferry_git_inspect (ferry_repo_get_path (repo), ferry_repo_get_branch (repo), &head, tags, error) ||
      !(commits = ferry_git_log (ferry_repo_get_path (repo), NULL, head, 0, error)))
    return FALSE;

  for (guint i = 0; i < commits->len; i++)
    {
      FerryCommit *commit = g_ptr_array_index (commits, i);
      const gchar *tag = g_hash_table_lookup (tags, commit->id);

      if (tag == NULL)
        continue;
      if (skip-- > 0)
        continue;
      release->id = g_strdup (commit->id);
      release->tag = g_strdup (tag);
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s has no release", ferry_repo_get_name (repo));
  return FALSE;
}

static void
release_clear (Release *release)
{
  g_clear_pointer (&release->id, g_free);
  g_clear_pointer (&release->tag, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Release, release_clear)

static void
stop (Running *r)
{
  g_subprocess_send_signal (r->process, SIGTERM);
  g_subprocess_wait (r->process, NULL, NULL);
}

typedef struct
{
  GMainLoop   *loop;
  gint         status;
} Child;

static void
on_child_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Child *child = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  child->status = g_subprocess_get_if_exited (G_SUBPROCESS (object))
                    ? g_subprocess_get_exit_status (G_SUBPROCESS (object)) : 1;
  g_main_loop_quit (child->loop);
}

typedef struct
{
  FerryWorkspace *workspace;
  FerryStore     *store;
  GPtrArray      *running;
  const gchar    *service;
} Redeploy;

static gboolean
redeploy_cb (gpointer data)
{
  Redeploy *redeploy = data;
  FerryService *service = ferry_workspace_get_service (redeploy->workspace, redeploy->service);
  g_auto(Release) release = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  Running *fresh;
  guint port = 0;

  /* The new version takes the old one's port, as the local target does,
   * so that its consumers keep calling it. */
  for (guint i = 0; i < redeploy->running->len; i++)
    {
      Running *r = g_ptr_array_index (redeploy->running, i);

      if (g_str_equal (r->service, redeploy->service) && g_str_equal (r->environment, "dev"))
        {
          port = r->port;
          stop (r);
          g_ptr_array_remove_index (redeploy->running, i);
          break;
        }
    }

  if (!release_of (service, FALSE, &release, &error) ||
      !(fresh = start_service (service, "dev", release.id, port, TRUE, redeploy->running, &error)))
    {
      g_printerr ("cannot redeploy %s: %s\n", redeploy->service, error->message);
      return G_SOURCE_REMOVE;
    }
  g_ptr_array_add (redeploy->running, fresh);

  if (!record (redeploy->store, fresh, &release, &error))
    g_printerr ("cannot record %s: %s\n", redeploy->service, error->message);
  else
    g_printerr ("redeployed %s in dev\n", redeploy->service);

  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func ((GDestroyNotify)running_free);
  g_autoptr(GSubprocess) command = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree gchar *id = NULL;
  g_autofree gchar *redeploy_service = NULL;
  const gchar * const environments[] = { "dev", "uat" };
  gint at = 120;
  gint dashes = -1;
  gint separator;
  Child child = { NULL, 1 };
  Redeploy redeploy;
  const GOptionEntry entries[] = {
    { "redeploy", 0, 0, G_OPTION_ARG_STRING, &redeploy_service, "Redeploy this service in dev", "SERVICE" },
    { "at", 0, 0, G_OPTION_ARG_INT, &at, "After this many seconds (default 120)", "SECONDS" },
    { NULL }
  };

  for (gint i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--"))
      {
        dashes = i;
        break;
      }

  /* Options before "--" are ours; what follows is the command. */
  separator = dashes;
  context = g_option_context_new ("WORKSPACE -- COMMAND…");
  g_option_context_add_main_entries (context, entries, NULL);
  if (separator < 0 || separator + 1 >= argc || !g_option_context_parse (context, &dashes, &argv, &error) || dashes != 2)
    {
      g_printerr ("%s\n", error ? error->message : "usage: ferry-live-demo WORKSPACE [OPTION…] -- COMMAND…");
      return 2;
    }

  if (!(workspace = ferry_workspace_load (argv[1], NULL, NULL, &error)) ||
      !ferry_workspace_is_valid (workspace))
    {
      g_printerr ("cannot load %s: %s\n", argv[1], error ? error->message : "it has errors");
      return 1;
    }

  id = ferry_store_workspace_id (ferry_workspace_get_source (workspace));
  if (!(store = ferry_store_open (id, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* Producers first, so that consumers know where to call them. */
  for (guint e = 0; e < G_N_ELEMENTS (environments); e++)
    for (guint layer = 0; layer < ferry_workspace_get_n_layers (workspace); layer++)
      for (guint i = 0; i < ferry_workspace_get_layer_size (workspace, layer); i++)
        {
          FerryService *service = ferry_workspace_get_layer_service (workspace, layer, i);
          gboolean redeployed = e == 0 && g_strcmp0 (redeploy_service, ferry_service_get_name (service)) == 0;
          g_auto(Release) release = { NULL, NULL };
          Running *r;

          if (!release_of (service, e > 0 || redeployed, &release, &error) ||
              !(r = start_service (service, environments[e], release.id, 0, FALSE, running, &error)))
            {
              g_printerr ("cannot start %s: %s\n", ferry_service_get_name (service), error->message);
              return 1;
            }
          g_ptr_array_add (running, r);
          if (!record (store, r, &release, &error))
            {
              g_printerr ("cannot record %s: %s\n", r->service, error->message);
              return 1;
            }
        }
  g_printerr ("started %u services\n", running->len);

  loop = g_main_loop_new (NULL, FALSE);
  child.loop = loop;
  command = g_subprocess_newv ((const gchar * const *)&argv[separator + 1], G_SUBPROCESS_FLAGS_NONE, &error);
  if (command == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_subprocess_wait_async (command, NULL, on_child_done, &child);

  redeploy = (Redeploy) { workspace, store, running, redeploy_service };
  if (redeploy_service != NULL)
    g_timeout_add_seconds (at, redeploy_cb, &redeploy);

  g_main_loop_run (loop);

  for (guint i = 0; i < running->len; i++)
    stop (g_ptr_array_index (running, i));

  return child.status;
}
