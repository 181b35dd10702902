/* ferry-local-backend.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-local-backend"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "ferry-git.h"
#include "ferry-local-backend.h"
#include "ferry-model-private.h"
#include "ferry-utils.h"

/* The embedded default: services run as processes on this machine.
 *
 * A build checks the repository out at the version into a
 * content-addressed artifact folder (re-used when already there) and runs
 * the build command in it. A deploy first runs the new version on a spare
 * port and waits for its health check; only when it answers does it
 * replace the running version, on the port that service keeps in that
 * environment, so that consumers keep finding it. When the new version
 * fails, the old one was never touched. Processes run in their own
 * session, so they outlive the program that started them; they are
 * recorded with their pid and start time so any later Ferry process finds
 * them again, and ferry_local_backend_supervise() restarts crashed ones
 * with backoff. */

#define MAX_LOG_SIZE (1024 * 1024)

struct _FerryLocalBackend
{
  GObject     parent_instance;

  FerryStore *store;
  gchar      *workspace_id;
  gchar      *started_by;      /* "PID START-TIME" of this process */
  gchar      *artifacts;
  gchar      *logs;
  GMutex      mutex;
  GHashTable *reserved_ports;  /* ports being started on by a deploy here */
  GHashTable *building;        /* artifact ids being built here */
  GCond       built;
};

static void backend_iface_init (FerryBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryLocalBackend, ferry_local_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FERRY_TYPE_BACKEND, backend_iface_init))

static void
progress_say (FerryProgressFunc  progress,
              gpointer           data,
              const gchar       *format,
              ...) G_GNUC_PRINTF (3, 4);

static void
progress_say (FerryProgressFunc  progress,
              gpointer           data,
              const gchar       *format,
              ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  if (progress == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  progress (message, data);
}

static void
remove_tree (const gchar *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const gchar *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree gchar *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

static gchar *
last_lines (const gchar *path,
            guint        n)
{
  g_autofree gchar *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint len, start;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");

  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  len = g_strv_length (lines);
  start = len > n ? len - n : 0;

  return g_strjoinv ("\n", lines + start);
}

/* Runs in the child, after fork: its own session and process group, so
 * that it outlives us and can be stopped as a whole. */
static void
child_setup (gpointer data)
{
  setsid ();
}

static gchar *
log_path_for (FerryLocalBackend *self,
              const gchar       *service,
              const gchar       *environment)
{
  g_autofree gchar *name = g_strdup_printf ("%s-%s.log", service, environment);

  return g_build_filename (self->logs, name, NULL);
}

static gint
open_log (const gchar *path)
{
  struct stat st;

  /* Rotated: one older file is kept. */
  if (g_stat (path, &st) == 0 && st.st_size > MAX_LOG_SIZE)
    {
      g_autofree gchar *old = g_strconcat (path, ".1", NULL);
      g_rename (path, old);
    }

  return g_open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

/* Inside the Flatpak sandbox, the workspace's commands run on the host,
 * where its tools are: through `flatpak-spawn --host`, with the folder and
 * the variables set for them passed along. The pid Ferry records is then
 * flatpak-spawn's, which lives as long as the command and passes signals
 * on to it. */
static gchar **
host_argv (const gchar * const *argv,
           const gchar * const *envp,
           const gchar         *cwd)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) own = g_get_environ ();
  g_autofree gchar *directory = g_strdup_printf ("--directory=%s", cwd);

  g_strv_builder_add_many (builder, "flatpak-spawn", "--host", directory, NULL);
  for (guint i = 0; envp[i]; i++)
    if (!g_strv_contains ((const gchar * const *)own, envp[i]))
      {
        g_autofree gchar *arg = g_strdup_printf ("--env=%s", envp[i]);
        g_strv_builder_add (builder, arg);
      }
  g_strv_builder_addv (builder, (const gchar **)argv);

  return g_strv_builder_end (builder);
}

static GSubprocess *
spawn (const gchar * const  *argv,
       const gchar * const  *envp,
       const gchar          *cwd,
       const gchar          *log_path,
       gboolean              detached,
       GError              **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_auto(GStrv) on_host = NULL;
  gint fd = open_log (log_path);

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    argv = (const gchar * const *)(on_host = host_argv (argv, envp, cwd));

  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot open the log %s: %s",
                   log_path, g_strerror (errno));
      return NULL;
    }

  g_subprocess_launcher_set_environ (launcher, (gchar **)envp);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  g_subprocess_launcher_set_stdin_file_path (launcher, "/dev/null");
  g_subprocess_launcher_take_stderr_fd (launcher, dup (fd));
  g_subprocess_launcher_take_stdout_fd (launcher, fd);
  if (detached)
    g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

static gchar **
base_environ (FerryLocalBackend *self,
              FerryService      *service,
              FerryEnvironment  *environment,
              const gchar       *version)
{
  gchar **envp = g_get_environ ();

  /* Marks what this process starts, so that what a Ferry process that
   * died left running can be found (ferry_local_backend_stop_strays()). */
  envp = g_environ_setenv (envp, "FERRY_WORKSPACE_ID", self->workspace_id, TRUE);
  envp = g_environ_setenv (envp, "FERRY_STARTED_BY", self->started_by, TRUE);

  envp = g_environ_setenv (envp, "FERRY_SERVICE", ferry_service_get_name (service), TRUE);
  envp = g_environ_setenv (envp, "FERRY_ENV", ferry_environment_get_name (environment), TRUE);
  envp = g_environ_setenv (envp, "FERRY_VERSION", version, TRUE);

  return envp;
}

/* Checks @artifact's commit out into a directory of its own, runs the
 * build there, and moves the result into place. */
static FerryArtifact *
build_checked_out (FerryLocalBackend        *self,
                   const FerryDeployRequest *request,
                   FerryArtifact            *owned_artifact,
                   FerryProgressFunc         progress,
                   gpointer                  progress_data,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  g_autoptr(FerryArtifact) artifact = owned_artifact;
  FerryRepo *repo = ferry_service_get_repo (request->service);
  FerryBuild *build = ferry_service_get_build (request->service);
  const gchar * const *command = ferry_build_get_command (build);
  g_autofree gchar *joined = command ? g_strjoinv (" ", (gchar **)command) : g_strdup ("");
  const gchar *id = artifact->id;
  const gchar *dir = artifact->path;
  g_autofree gchar *partial = NULL;

  partial = g_strdup_printf ("%s.partial-%d", dir, (gint)getpid ());
  remove_tree (partial);

  progress_say (progress, progress_data, "checking %s out at %.12s", ferry_repo_get_name (repo), request->version);
  if (!ferry_git_checkout (ferry_repo_get_path (repo), request->version, partial, error))
    {
      remove_tree (partial);
      return NULL;
    }

  if (command != NULL && command[0] != NULL)
    {
      g_autofree gchar *log = g_build_filename (partial, ".ferry-build.log", NULL);
      g_auto(GStrv) envp = base_environ (self, request->service, request->environment, request->version);
      g_autoptr(GSubprocess) proc = NULL;

      progress_say (progress, progress_data, "building: %s", joined);

      if (!(proc = spawn (command, (const gchar * const *)envp, partial, log, FALSE, error)) ||
          !g_subprocess_wait (proc, cancellable, error))
        {
          remove_tree (partial);
          return NULL;
        }

      if (!g_subprocess_get_successful (proc))
        {
          g_autofree gchar *tail = last_lines (log, 8);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "the build command failed (%s %d):\n%s",
                       g_subprocess_get_if_exited (proc) ? "exit status" : "signal",
                       g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc)
                                                         : g_subprocess_get_term_sig (proc),
                       tail);
          remove_tree (partial);
          return NULL;
        }
    }

  {
    g_autofree gchar *partial_marker = g_build_filename (partial, ".ferry-artifact", NULL);

    if (!g_file_set_contents (partial_marker, id, -1, error))
      {
        remove_tree (partial);
        return NULL;
      }
  }

  /* Another process may have made the same artifact meanwhile; an
   * unfinished one left by a crash is replaced. */
  {
    g_autofree gchar *marker = g_build_filename (dir, ".ferry-artifact", NULL);

    if (g_file_test (dir, G_FILE_TEST_EXISTS) && !g_file_test (marker, G_FILE_TEST_EXISTS))
      remove_tree (dir);
  }
  if (g_rename (partial, dir) != 0)
    remove_tree (partial);

  if (!ferry_store_put_artifact (self->store, artifact, error))
    return NULL;

  return g_steal_pointer (&artifact);
}

static FerryArtifact *
build_artifact (FerryLocalBackend        *self,
                const FerryDeployRequest *request,
                FerryProgressFunc         progress,
                gpointer                  progress_data,
                GCancellable             *cancellable,
                GError                  **error)
{
  FerryRepo *repo = ferry_service_get_repo (request->service);
  FerryBuild *build = ferry_service_get_build (request->service);
  const gchar * const *command = ferry_build_get_command (build);
  g_autofree gchar *joined = command ? g_strjoinv (" ", (gchar **)command) : g_strdup ("");
  g_autofree gchar *key = NULL;
  g_autofree gchar *hash = NULL;
  g_autofree gchar *id = NULL;
  g_autofree gchar *dir = NULL;
  g_autofree gchar *marker = NULL;
  g_autoptr(FerryArtifact) artifact = NULL;

  if (ferry_repo_get_path (repo) == NULL || ferry_repo_get_state (repo) != FERRY_REPO_STATE_READY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s's repository %s is not on this computer: the local target builds from a local clone",
                   ferry_repo_get_name (repo), ferry_repo_get_url (repo) ? ferry_repo_get_url (repo) : "(no url)");
      return NULL;
    }

  /* Content-addressed: the same repo, commit and build make the same
   * artifact, whichever service or environment asks. */
  key = g_strdup_printf ("%s\n%s\n%s\n%s", ferry_repo_get_path (repo), request->version,
                         ferry_build_get_name (build), joined);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  id = g_strndup (hash, 20);
  dir = g_build_filename (self->artifacts, id, NULL);
  marker = g_build_filename (dir, ".ferry-artifact", NULL);

  artifact = ferry_artifact_new ();
  artifact->id = g_strdup (id);
  artifact->repo = g_strdup (ferry_repo_get_name (repo));
  artifact->commit_id = g_strdup (request->version);
  artifact->build = g_strdup (ferry_build_get_name (build));
  artifact->path = g_strdup (dir);

  if (g_file_test (marker, G_FILE_TEST_EXISTS))
    {
      g_autofree gchar *short_id = ferry_short_id (request->version);
      progress_say (progress, progress_data, "re-using the artifact of %s at %s", ferry_build_get_name (build), short_id);
      return g_steal_pointer (&artifact);
    }

  /* Services built together wait for the one build of their artifact. */
  g_mutex_lock (&self->mutex);
  while (g_hash_table_contains (self->building, id))
    g_cond_wait (&self->built, &self->mutex);
  if (g_file_test (marker, G_FILE_TEST_EXISTS))
    {
      g_mutex_unlock (&self->mutex);
      progress_say (progress, progress_data, "re-using the artifact built for another service");
      return g_steal_pointer (&artifact);
    }
  g_hash_table_add (self->building, g_strdup (id));
  g_mutex_unlock (&self->mutex);

  artifact = build_checked_out (self, request, g_steal_pointer (&artifact), progress, progress_data, cancellable, error);

  g_mutex_lock (&self->mutex);
  g_hash_table_remove (self->building, id);
  g_cond_broadcast (&self->built);
  g_mutex_unlock (&self->mutex);

  return g_steal_pointer (&artifact);
}

static FerryArtifact *
ferry_local_backend_build (FerryBackend             *backend,
                           const FerryDeployRequest *request,
                           FerryProgressFunc         progress,
                           gpointer                  progress_data,
                           GCancellable             *cancellable,
                           GError                  **error)
{
  return build_artifact (FERRY_LOCAL_BACKEND (backend), request, progress, progress_data, cancellable, error);
}


static gboolean
port_is_free (guint port)
{
  struct sockaddr_in addr = { 0 };
  gint fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  gboolean ret;

  if (fd < 0)
    return FALSE;

  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  ret = bind (fd, (struct sockaddr *)&addr, sizeof addr) == 0;
  close (fd);

  return ret;
}

static guint
spare_port (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  gint fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  guint port = 0;

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd >= 0 && bind (fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
      getsockname (fd, (struct sockaddr *)&addr, &len) == 0)
    port = ntohs (addr.sin_port);
  if (fd >= 0)
    close (fd);

  return port;
}

static gboolean
port_is_taken (FerryLocalBackend *self,
               GPtrArray         *rows,
               const gchar       *service,
               const gchar       *environment,
               guint              port)
{
  if (g_hash_table_contains (self->reserved_ports, GUINT_TO_POINTER (port)))
    return TRUE;

  /* Another service's port, even while it is stopped: it comes back there. */
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      FerryLocalProcess *row = g_ptr_array_index (rows, i);

      if (row->port == port &&
          (g_strcmp0 (row->service, service) != 0 || g_strcmp0 (row->environment, environment) != 0))
        return TRUE;
    }

  return !port_is_free (port);
}

/* A service keeps its port in an environment: its run.port in the first
 * environment, a thousand higher in each next one; else one derived from
 * its name. Taken by someone else, the next free one. The port stays
 * reserved until release_port(), so that services starting at the same
 * time do not pick the same one. */
static guint
reserve_port (FerryLocalBackend *self,
              FerryService      *service,
              FerryEnvironment  *environment)
{
  const gchar *name = ferry_service_get_name (service);
  const gchar *env_name = ferry_environment_get_name (environment);
  g_autoptr(FerryLocalProcess) row = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint base, port = 0;

  g_mutex_lock (&self->mutex);

  row = ferry_store_get_local_process (self->store, name, env_name, NULL);
  rows = ferry_store_list_local_processes (self->store, NULL);

  if (row != NULL && row->port != 0 && !g_hash_table_contains (self->reserved_ports, GUINT_TO_POINTER (row->port)))
    port = row->port;

  if (port == 0)
    {
      if (ferry_service_get_port (service) != 0)
        base = ferry_service_get_port (service) + 1000 * ferry_environment_get_index (environment);
      else
        base = 20000 + (g_str_hash (name) % 4000) * 3 + ferry_environment_get_index (environment);

      for (guint candidate = base; candidate < base + 64 && candidate < 65535; candidate++)
        if (!port_is_taken (self, rows, name, env_name, candidate))
          {
            port = candidate;
            break;
          }
    }

  while (port == 0 || g_hash_table_contains (self->reserved_ports, GUINT_TO_POINTER (port)))
    port = spare_port ();

  g_hash_table_add (self->reserved_ports, GUINT_TO_POINTER (port));

  g_mutex_unlock (&self->mutex);

  return port;
}

static void
release_port (FerryLocalBackend *self,
              guint              port)
{
  g_mutex_lock (&self->mutex);
  g_hash_table_remove (self->reserved_ports, GUINT_TO_POINTER (port));
  g_mutex_unlock (&self->mutex);
}

/* A stopped process may leave its socket behind for a moment. */
static void
wait_port_free (guint         port,
                GCancellable *cancellable)
{
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (!port_is_free (port) && g_get_monotonic_time () < deadline &&
         !g_cancellable_is_cancelled (cancellable))
    g_usleep (20 * 1000);
}

static gchar **
expand_command (const gchar * const *command,
                const gchar         *artifact_dir,
                guint                port,
                const gchar         *version)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree gchar *port_text = g_strdup_printf ("%u", port);

  for (guint i = 0; command[i]; i++)
    {
      g_autoptr(GString) arg = g_string_new (command[i]);

      g_string_replace (arg, "${PORT}", port_text, 0);
      g_string_replace (arg, "${FERRY_VERSION}", version, 0);

      /* A program given by a relative path lives in the artifact. */
      if (i == 0 && strchr (arg->str, '/') != NULL && !g_path_is_absolute (arg->str))
        {
          g_autofree gchar *full = g_build_filename (artifact_dir, arg->str, NULL);
          g_string_assign (arg, full);
        }

      g_strv_builder_add (builder, arg->str);
    }

  return g_strv_builder_end (builder);
}

static gchar **
service_environ (FerryLocalBackend        *self,
                 const FerryDeployRequest *request,
                 guint                     port)
{
  gchar **envp = base_environ (self, request->service, request->environment, request->version);
  g_autoptr(GHashTable) env = ferry_service_dup_env (request->service, ferry_environment_get_name (request->environment));
  g_autofree gchar *port_text = g_strdup_printf ("%u", port);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, env);
  while (g_hash_table_iter_next (&iter, &key, &value))
    envp = g_environ_setenv (envp, key, value, TRUE);

  /* Where the services it consumes answer in this environment:
   * FERRY_ENDPOINT_HTTP_CATALOG=http://127.0.0.1:PORT */
  if (request->endpoints != NULL)
    {
      g_hash_table_iter_init (&iter, request->endpoints);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree gchar *name = g_strdup_printf ("FERRY_ENDPOINT_%s", (const gchar *)key);

          for (gchar *p = name; *p; p++)
            *p = g_ascii_isalnum (*p) ? g_ascii_toupper (*p) : '_';
          envp = g_environ_setenv (envp, name, value, TRUE);
        }
    }

  return g_environ_setenv (envp, "PORT", port_text, TRUE);
}

/* FERRY_LOCAL_HEALTH_TIMEOUT_MS, unless the environment variable of that
 * name (read once, 100 to 600000) says otherwise: tests shorten it. */
static guint
health_timeout_ms (void)
{
  static gsize once = 0;
  static guint value = FERRY_LOCAL_HEALTH_TIMEOUT_MS;

  if (g_once_init_enter (&once))
    {
      const gchar *text = g_getenv ("FERRY_LOCAL_HEALTH_TIMEOUT_MS");
      guint64 parsed;

      if (text != NULL && g_ascii_string_to_unsigned (text, 10, 100, 600000, &parsed, NULL))
        value = (guint)parsed;
      g_once_init_leave (&once, 1);
    }

  return value;
}

/* Waits until the service answers its health check with 2xx (or, without
 * one, accepts connections), gives up at the deadline or when it exits. */
static gboolean
wait_healthy (GPid           pid,
              guint64        start_time,
              guint          port,
              const gchar   *health,
              guint          timeout_ms,
              GCancellable  *cancellable,
              GError       **error)
{
  /* A local process on loopback: never through the desktop's proxy. */
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 2, "proxy-resolver", NULL, NULL);
  g_autofree gchar *url = g_strdup_printf ("http://127.0.0.1:%u%s", port, health ? health : "/");
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  g_autofree gchar *last = NULL;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!ferry_store_pid_is_alive (pid, start_time))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "it exited before it was healthy");
          return FALSE;
        }

      body = soup_session_send_and_read (session, message, cancellable, &local_error);
      if (body != NULL)
        {
          guint status = soup_message_get_status (message);

          if (health == NULL || SOUP_STATUS_IS_SUCCESSFUL (status))
            return TRUE;

          g_free (last);
          last = g_strdup_printf ("%s answered %u: %.*s", health, status,
                                  (int)MIN (g_bytes_get_size (body), 200),
                                  (const gchar *)g_bytes_get_data (body, NULL));
          g_strchomp (last);
        }
      else if (local_error != NULL)
        {
          g_free (last);
          last = g_strdup (local_error->message);
        }

      g_usleep (150 * 1000);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               "no healthy answer in %g s (%s)", timeout_ms / 1000.0, last ? last : "no answer");

  return FALSE;
}

static void
stop_process (GPid    pid,
              guint64 start_time)
{
  gint64 deadline;

  if (pid <= 0 || !ferry_store_pid_is_alive (pid, start_time))
    return;

  /* The whole process group: it is the leader of its own session. */
  kill (-pid, SIGTERM);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (ferry_store_pid_is_alive (pid, start_time) && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);

  if (ferry_store_pid_is_alive (pid, start_time))
    kill (-pid, SIGKILL);
}

/* Starts the service detached and records it; the caller waits for it. */
static gboolean
start_service (FerryLocalBackend        *self,
               const FerryDeployRequest *request,
               const gchar              *artifact_dir,
               guint                     port,
               const gchar              *log_path,
               GPid                     *pid,
               guint64                  *start_time,
               GError                  **error)
{
  const gchar * const *command = ferry_service_get_run_command (request->service);
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  if (command == NULL || command[0] == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s has no run command: the local target does not know how to run it",
                   ferry_service_get_name (request->service));
      return FALSE;
    }

  argv = expand_command (command, artifact_dir, port, request->version);
  envp = service_environ (self, request, port);

  if (!(proc = spawn ((const gchar * const *)argv, (const gchar * const *)envp, artifact_dir, log_path, TRUE, error)))
    return FALSE;

  *pid = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (proc), NULL, 10);
  *start_time = ferry_store_pid_start_time (*pid);

  /* GLib reaps it when it exits, through its child watch. */
  g_subprocess_wait_async (proc, NULL, NULL, NULL);

  return TRUE;
}

/* The new version passed on a spare port but failed on its own one, after
 * the old one was stopped: the old one comes back, from its artifact. */
static gboolean
restart_previous (FerryLocalBackend        *self,
                  const FerryDeployRequest *request,
                  FerryLocalProcess        *old,
                  FerryProgressFunc         progress,
                  gpointer                  progress_data)
{
  FerryDeployRequest previous = *request;
  g_autoptr(FerryArtifact) artifact = NULL;
  g_autoptr(GError) error = NULL;
  GPid pid;
  guint64 start_time;

  if (old->artifact_id == NULL ||
      !(artifact = ferry_store_get_artifact (self->store, old->artifact_id, NULL)))
    return FALSE;

  previous.version = old->version;
  progress_say (progress, progress_data, "starting the previous version of %s again", old->service);
  wait_port_free (old->port, NULL);
  if (!start_service (self, &previous, artifact->path, old->port, old->log_path, &pid, &start_time, &error))
    {
      g_warning ("Could not start the previous version of %s again: %s", old->service, error->message);
      return FALSE;
    }

  old->pid = pid;
  old->start_time = start_time;

  return ferry_store_put_local_process (self->store, old, NULL);
}

static gboolean
deploy_on_port (FerryLocalBackend        *self,
                const FerryDeployRequest *request,
                FerryArtifact            *artifact,
                guint                     port,
                gchar                   **url,
                FerryProgressFunc         progress,
                gpointer                  progress_data,
                GCancellable             *cancellable,
                GError                  **error)
{
  const gchar *service = ferry_service_get_name (request->service);
  const gchar *environment = ferry_environment_get_name (request->environment);
  const gchar *health = ferry_service_get_health (request->service);
  g_autofree gchar *log_path = log_path_for (self, service, environment);
  g_autoptr(FerryLocalProcess) old = NULL;
  g_autoptr(FerryLocalProcess) row = NULL;
  g_autoptr(GError) local_error = NULL;
  GPid pid = 0;
  guint64 start_time = 0;
  gboolean healthy = FALSE;

  /* 1. The new version on a spare port: does it come up healthy? Another
   * program may take the spare port between its choice and the start: then
   * the new version exits at once, and tries another one. */
  progress_say (progress, progress_data, "starting %s %.12s on a spare port to verify it", service, request->version);
  for (guint attempt = 0; !healthy; attempt++)
    {
      guint trial_port = spare_port ();

      g_clear_error (&local_error);
      if (!start_service (self, request, artifact->path, trial_port, log_path, &pid, &start_time, error))
        return FALSE;

      healthy = wait_healthy (pid, start_time, trial_port, health, health_timeout_ms (), cancellable, &local_error);
      if (healthy)
        break;

      stop_process (pid, start_time);
      /* It exited, and someone else holds the port: try another. */
      if (attempt >= 2 || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
          g_cancellable_is_cancelled (cancellable) || port_is_free (trial_port))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "the new version of %s is not healthy: %s; what ran before keeps running",
                       service, local_error->message);
          return FALSE;
        }
    }
  stop_process (pid, start_time);

  /* 2. Healthy: it replaces the old one on the service's own port. */
  old = ferry_store_get_local_process (self->store, service, environment, NULL);
  if (old != NULL)
    {
      progress_say (progress, progress_data, "stopping the running version of %s", service);
      stop_process (old->pid, old->start_time);
    }
  wait_port_free (port, cancellable);

  progress_say (progress, progress_data, "starting %s on port %u", service, port);
  if (!start_service (self, request, artifact->path, port, log_path, &pid, &start_time, error))
    {
      if (old != NULL)
        restart_previous (self, request, old, progress, progress_data);
      return FALSE;
    }

  if (!wait_healthy (pid, start_time, port, health, health_timeout_ms (), cancellable, &local_error))
    {
      stop_process (pid, start_time);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s did not come up healthy on port %u: %s%s", service, port, local_error->message,
                   old != NULL && restart_previous (self, request, old, progress, progress_data)
                     ? "; the previous version runs again" : "");
      return FALSE;
    }

  row = ferry_local_process_new ();
  row->service = g_strdup (service);
  row->environment = g_strdup (environment);
  row->version = g_strdup (request->version);
  row->pid = pid;
  row->start_time = start_time;
  row->port = port;
  row->artifact_id = g_strdup (artifact->id);
  row->log_path = g_strdup (log_path);
  row->started_at = g_date_time_new_now_utc ();

  if (!ferry_store_put_local_process (self->store, row, error))
    {
      stop_process (pid, start_time);
      return FALSE;
    }

  if (url != NULL)
    *url = g_strdup_printf ("http://127.0.0.1:%u", port);

  return TRUE;
}

static gboolean
ferry_local_backend_deploy (FerryBackend             *backend,
                            const FerryDeployRequest *request,
                            FerryArtifact            *artifact,
                            gchar                   **url,
                            FerryProgressFunc         progress,
                            gpointer                  progress_data,
                            GCancellable             *cancellable,
                            GError                  **error)
{
  FerryLocalBackend *self = FERRY_LOCAL_BACKEND (backend);
  gboolean ret;
  guint port;

  port = reserve_port (self, request->service, request->environment);
  ret = deploy_on_port (self, request, artifact, port, url, progress, progress_data, cancellable, error);
  release_port (self, port);

  return ret;
}

static gboolean
ferry_local_backend_stop (FerryBackend  *backend,
                          const gchar   *service,
                          const gchar   *environment,
                          GError       **error)
{
  FerryLocalBackend *self = FERRY_LOCAL_BACKEND (backend);
  g_autoptr(FerryLocalProcess) row = ferry_store_get_local_process (self->store, service, environment, NULL);

  if (row == NULL)
    return TRUE;

  stop_process (row->pid, row->start_time);

  return ferry_store_remove_local_process (self->store, service, environment, error);
}

static FerryDeploymentStatus
ferry_local_backend_observe (FerryBackend  *backend,
                             const gchar   *service,
                             const gchar   *environment,
                             gchar        **detail)
{
  FerryLocalBackend *self = FERRY_LOCAL_BACKEND (backend);
  g_autoptr(FerryLocalProcess) row = ferry_store_get_local_process (self->store, service, environment, NULL);
  g_autoptr(GError) error = NULL;

  if (row == NULL)
    return FERRY_DEPLOYMENT_STATUS_NOT_DEPLOYED;

  if (!ferry_store_pid_is_alive (row->pid, row->start_time))
    {
      if (detail != NULL)
        *detail = g_strdup_printf ("the process (pid %d) is gone", (gint)row->pid);
      return FERRY_DEPLOYMENT_STATUS_FAILED;
    }

  if (!wait_healthy (row->pid, row->start_time, row->port, "/healthz", 1500, NULL, &error))
    {
      if (detail != NULL)
        *detail = g_strdup (error->message);
      return FERRY_DEPLOYMENT_STATUS_DEGRADED;
    }

  return FERRY_DEPLOYMENT_STATUS_HEALTHY;
}

static gchar *
ferry_local_backend_get_address (FerryBackend *backend,
                                 const gchar  *service,
                                 const gchar  *environment)
{
  FerryLocalBackend *self = FERRY_LOCAL_BACKEND (backend);
  g_autoptr(FerryLocalProcess) row = ferry_store_get_local_process (self->store, service, environment, NULL);

  if (row == NULL)
    return NULL;

  return g_strdup_printf ("http://127.0.0.1:%u", row->port);
}

/**
 * ferry_local_backend_supervise:
 * @self: a #FerryLocalBackend
 * @workspace: the workspace whose services run here
 * @error: return location for a #GError
 *
 * Restarts the processes of the workspace that crashed, with exponential
 * backoff per service (at once, then 2 s, 4 s … at most a minute after the
 * previous start; kept in the store, so every Ferry process keeps it),
 * on their port, from their artifact. Call it periodically.
 *
 * Returns: how many were restarted
 */
guint
ferry_local_backend_supervise (FerryLocalBackend  *self,
                               FerryWorkspace     *workspace,
                               GError            **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  guint restarted = 0;

  g_return_val_if_fail (FERRY_IS_LOCAL_BACKEND (self), 0);

  if (!(rows = ferry_store_list_local_processes (self->store, error)))
    return 0;

  for (guint i = 0; i < rows->len; i++)
    {
      FerryLocalProcess *row = g_ptr_array_index (rows, i);
      g_autoptr(FerryArtifact) artifact = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      FerryService *service;
      FerryEnvironment *environment;
      FerryDeployRequest request = { 0 };
      g_autoptr(GHashTable) endpoints = NULL;
      GPid pid;
      guint64 start_time;
      guint restarts = 0;

      if (ferry_store_pid_is_alive (row->pid, row->start_time))
        continue;

      /* Backoff, kept in the store so that every Ferry process keeps it:
       * the first restart at once, then at least 2 s, 4 s … a minute
       * after the previous start. */
      if (row->restarts > 0 && row->started_at != NULL &&
          g_date_time_difference (now, row->started_at) < (GTimeSpan)MIN (60, 1 << MIN (row->restarts, 6)) * G_TIME_SPAN_SECOND)
        continue;

      service = ferry_workspace_get_service (workspace, row->service);
      environment = ferry_workspace_get_environment (workspace, row->environment);
      artifact = row->artifact_id ? ferry_store_get_artifact (self->store, row->artifact_id, NULL) : NULL;
      if (service == NULL || environment == NULL || artifact == NULL)
        continue;

      endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint j = 0; j < ferry_service_get_n_consumes (service); j++)
        {
          FerryEndpoint *endpoint = ferry_service_get_consumes (service, j);
          FerryService *producer = ferry_endpoint_get_producer (endpoint);
          gchar *address = producer ? ferry_local_backend_get_address (FERRY_BACKEND (self), ferry_service_get_name (producer), row->environment) : NULL;

          if (address != NULL)
            g_hash_table_insert (endpoints, g_strdup (ferry_endpoint_get_id (endpoint)), address);
        }

      request.workspace = workspace;
      request.service = service;
      request.environment = environment;
      request.version = row->version;
      request.endpoints = endpoints;

      /* Only one of the Ferry processes that found it dead restarts it. */
      if (!ferry_store_claim_local_restart (self->store, row->service, row->environment, row->pid,
                                            row->start_time, "exited", NULL))
        continue;

      if (!start_service (self, &request, artifact->path, row->port, row->log_path, &pid, &start_time, NULL))
        continue;

      if (!ferry_store_note_local_restart (self->store, row->service, row->environment, pid, start_time,
                                           "exited", &restarts, NULL))
        {
          stop_process (pid, start_time);
          continue;
        }
      restarted++;
    }

  return restarted;
}

/**
 * ferry_local_backend_get_logs:
 * @self: a #FerryLocalBackend
 *
 * Returns: the folder the services' logs are written to
 */
const gchar *
ferry_local_backend_get_logs (FerryLocalBackend *self)
{
  g_return_val_if_fail (FERRY_IS_LOCAL_BACKEND (self), NULL);

  return self->logs;
}

FerryLocalBackend *
ferry_local_backend_new (FerryStore  *store,
                         const gchar *workspace_id)
{
  FerryLocalBackend *self;

  g_return_val_if_fail (FERRY_IS_STORE (store), NULL);
  g_return_val_if_fail (workspace_id != NULL, NULL);

  self = g_object_new (FERRY_TYPE_LOCAL_BACKEND, NULL);
  self->store = g_object_ref (store);
  self->workspace_id = g_strdup (workspace_id);
  self->started_by = g_strdup_printf ("%d %" G_GUINT64_FORMAT, (gint)getpid (), ferry_store_pid_start_time (getpid ()));
  self->artifacts = g_build_filename (g_get_user_cache_dir (), "ferry", "artifacts", NULL);
  self->logs = g_build_filename (g_get_user_state_dir (), "ferry", workspace_id, "logs", NULL);
  g_mkdir_with_parents (self->artifacts, 0700);
  g_mkdir_with_parents (self->logs, 0700);

  return self;
}

static void
ferry_local_backend_finalize (GObject *object)
{
  FerryLocalBackend *self = FERRY_LOCAL_BACKEND (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->artifacts, g_free);
  g_clear_pointer (&self->logs, g_free);
  g_clear_pointer (&self->reserved_ports, g_hash_table_unref);
  g_clear_pointer (&self->building, g_hash_table_unref);
  g_cond_clear (&self->built);
  g_mutex_clear (&self->mutex);

  g_clear_pointer (&self->workspace_id, g_free);
  g_clear_pointer (&self->started_by, g_free);

  G_OBJECT_CLASS (ferry_local_backend_parent_class)->finalize (object);
}

static gboolean
environ_lookup (const gchar  *environ_block,
                gsize         length,
                const gchar  *name,
                const gchar **value)
{
  gsize name_len = strlen (name);

  for (const gchar *p = environ_block; p < environ_block + length; p += strlen (p) + 1)
    if (strncmp (p, name, name_len) == 0 && p[name_len] == '=')
      {
        *value = p + name_len + 1;
        return TRUE;
      }

  return FALSE;
}

/**
 * ferry_local_backend_stop_strays:
 * @self: a #FerryLocalBackend
 *
 * Stops the processes of this workspace that a Ferry process which is
 * gone started and never recorded: a new version it was verifying, or
 * starting on its port, when it was killed. Processes that are recorded,
 * or whose starter still runs, are left alone.
 *
 * Returns: how many were stopped
 */
guint
ferry_local_backend_stop_strays (FerryLocalBackend *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDir) proc = NULL;
  const gchar *name;
  guint stopped = 0;

  g_return_val_if_fail (FERRY_IS_LOCAL_BACKEND (self), 0);

  if (!(rows = ferry_store_list_local_processes (self->store, NULL)) ||
      !(proc = g_dir_open ("/proc", 0, NULL)))
    return 0;

  while ((name = g_dir_read_name (proc)))
    {
      g_autofree gchar *path = NULL;
      g_autofree gchar *contents = NULL;
      g_auto(GStrv) starter = NULL;
      const gchar *workspace_id, *started_by;
      gboolean recorded = FALSE;
      guint64 value;
      gsize length;
      GPid pid;

      if (!g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT, &value, NULL) || (GPid)value == getpid ())
        continue;
      pid = (GPid)value;

      path = g_strdup_printf ("/proc/%s/environ", name);
      if (!g_file_get_contents (path, &contents, &length, NULL) ||
          !environ_lookup (contents, length, "FERRY_WORKSPACE_ID", &workspace_id) ||
          !g_str_equal (workspace_id, self->workspace_id) ||
          !environ_lookup (contents, length, "FERRY_STARTED_BY", &started_by))
        continue;

      for (guint i = 0; i < rows->len && !recorded; i++)
        recorded = ((FerryLocalProcess *)g_ptr_array_index (rows, i))->pid == pid;

      starter = g_strsplit (started_by, " ", 2);
      if (recorded || g_strv_length (starter) != 2 ||
          ferry_store_pid_is_alive ((GPid)g_ascii_strtoll (starter[0], NULL, 10),
                                    g_ascii_strtoull (starter[1], NULL, 10)))
        continue;

      g_debug ("stopping pid %d, left running by Ferry process %s, which is gone", (gint)pid, starter[0]);
      if (getpgid (pid) == pid)
        stop_process (pid, ferry_store_pid_start_time (pid));
      else
        kill (pid, SIGKILL);
      stopped++;
    }

  return stopped;
}

static void
ferry_local_backend_class_init (FerryLocalBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_local_backend_finalize;
}

static void
ferry_local_backend_init (FerryLocalBackend *self)
{
  g_mutex_init (&self->mutex);
  self->reserved_ports = g_hash_table_new (NULL, NULL);
  self->building = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_cond_init (&self->built);
}

static void
backend_iface_init (FerryBackendInterface *iface)
{
  iface->build = ferry_local_backend_build;
  iface->deploy = ferry_local_backend_deploy;
  iface->stop = ferry_local_backend_stop;
  iface->observe = ferry_local_backend_observe;
  iface->get_address = ferry_local_backend_get_address;
}
