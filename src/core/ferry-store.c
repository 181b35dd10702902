/* ferry-store.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ferry-store-private.h"

/**
 * FerryStore:
 *
 * The state of a workspace's deployments: one SQLite database per
 * workspace, in `$XDG_STATE_HOME/ferry/<workspace-id>/state.db`, shared by
 * the window and `ferryctl`.
 *
 * It holds deployments (the latest of a service in an environment is its
 * current one, and an active one is the lock that refuses a second deploy),
 * plan runs and their steps (moved by compare-and-set, so that nothing is
 * done twice), approval requests and decisions, artifacts, the local
 * target's processes and the append-only audit log.
 *
 * Every call is synchronous, thread-safe and short; each is one
 * transaction, retried while other processes keep the database busy, so
 * that "database is locked" never reaches a user. The window runs them on
 * worker threads: through the `_async` variants, through
 * ferry_store_run_async(), or from the engine's own threads.
 *
 * [signal@Ferry.Store::changed] tells when another process (or another
 * store on the same file, or a worker thread through this one) changed
 * the database.
 */

#define BUSY_TIMEOUT_MS     5000
#define BUSY_DEADLINE_USEC  (60 * G_USEC_PER_SEC)
#define WATCH_INTERVAL_MS   250

struct _FerryStore
{
  GObject       parent_instance;

  /* Owned */
  gchar        *path;
  GMainContext *main_context;
  GSource      *watch_source;
  gchar        *owner_host;

  /* Guarded by mutex */
  GRecMutex     mutex;
  sqlite3      *db;
  gint64        data_version;
  gint          local_changes;   /* atomic: committed a write since the last tick */
  guint         transaction_depth;
  guint         transaction_writes : 1;

  /* Set once in init */
  GPid          owner_pid;
  guint64       owner_start_time;
};

static void ferry_store_initable_iface_init       (GInitableIface      *iface);
static void ferry_store_async_initable_iface_init (GAsyncInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryStore, ferry_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      ferry_store_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE,
                                                      ferry_store_async_initable_iface_init))

G_DEFINE_QUARK (ferry-store-error-quark, ferry_store_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static GMutex create_lock;

/* Errors */

static void
set_sqlite_error (FerryStore  *self,
                  gint         rc,
                  GError     **error)
{
  gint primary = rc & 0xff;

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_BUSY,
                 "The state database %s is busy", self->path);
  else
    g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_FAILED,
                 "Could not use the state database %s: %s",
                 self->path,
                 self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
}

/* Times */

gchar *
_ferry_store_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;

  utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

gchar *
_ferry_store_describe_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (time == NULL)
    return g_strdup ("an unknown time");

  local = g_date_time_to_local (time);
  now = g_date_time_new_now_local ();

  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M:%S");

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

gchar *
_ferry_store_column_string (sqlite3_stmt *stmt,
                            gint          column)
{
  const guchar *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const gchar *) text) : NULL;
}

GDateTime *
_ferry_store_column_time (sqlite3_stmt *stmt,
                          gint          column)
{
  const guchar *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_date_time_new_from_iso8601 ((const gchar *) text, NULL) : NULL;
}

/* Statements */

static gint
bind_text (sqlite3_stmt *stmt,
           gint          column,
           const gchar  *value)
{
  if (value == NULL)
    return sqlite3_bind_null (stmt, column);

  return sqlite3_bind_text (stmt, column, value, -1, SQLITE_TRANSIENT);
}

static sqlite3_stmt *
prepare_valist (FerryStore   *self,
                GError      **error,
                const gchar  *sql,
                const gchar  *types,
                va_list       args)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  for (guint i = 0; types != NULL && types[i] != '\0'; i++)
    {
      gint column = (gint) i + 1;

      switch (types[i])
        {
        case 's':
          rc = bind_text (stmt, column, va_arg (args, const gchar *));
          break;

        case 'i':
          rc = sqlite3_bind_int64 (stmt, column, va_arg (args, gint64));
          break;

        case 'n':
          {
            gint64 value = va_arg (args, gint64);

            if (value != 0)
              rc = sqlite3_bind_int64 (stmt, column, value);
            else
              rc = sqlite3_bind_null (stmt, column);
          }
          break;

        case 'd':
          rc = sqlite3_bind_int64 (stmt, column, va_arg (args, gint));
          break;

        case 't':
          {
            g_autofree gchar *value = _ferry_store_format_time (va_arg (args, GDateTime *));

            rc = bind_text (stmt, column, value);
          }
          break;

        default:
          g_assert_not_reached ();
        }

      if (rc != SQLITE_OK)
        {
          set_sqlite_error (self, rc, error);
          return NULL;
        }
    }

  return g_steal_pointer (&stmt);
}

sqlite3_stmt *
_ferry_store_prepare (FerryStore   *self,
                      GError      **error,
                      const gchar  *sql,
                      const gchar  *types,
                      ...)
{
  sqlite3_stmt *stmt;
  va_list args;

  g_assert (self->transaction_depth > 0);

  va_start (args, types);
  stmt = prepare_valist (self, error, sql, types, args);
  va_end (args);

  return stmt;
}

/* Returns SQLITE_ROW, SQLITE_DONE, or 0 with @error set. */
gint
_ferry_store_step (FerryStore    *self,
                   sqlite3_stmt  *stmt,
                   GError       **error)
{
  gint rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;

  set_sqlite_error (self, rc, error);

  return 0;
}

gboolean
_ferry_store_exec (FerryStore   *self,
                   GError      **error,
                   const gchar  *sql,
                   const gchar  *types,
                   ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;
  gint rc;

  g_assert (self->transaction_depth > 0);

  va_start (args, types);
  stmt = prepare_valist (self, error, sql, types, args);
  va_end (args);

  if (stmt == NULL)
    return FALSE;

  while ((rc = _ferry_store_step (self, stmt, error)) == SQLITE_ROW)
    ;

  return rc == SQLITE_DONE;
}

gint
_ferry_store_changes (FerryStore *self)
{
  return sqlite3_changes (self->db);
}

gint64
_ferry_store_last_insert_id (FerryStore *self)
{
  return sqlite3_last_insert_rowid (self->db);
}

/* Runs @sql outside any statement cache; for BEGIN, COMMIT and pragmas. */
static gboolean
exec_simple (FerryStore   *self,
             const gchar  *sql,
             GError      **error)
{
  gint rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (FerryStore   *self,
           const gchar  *sql,
           gint64       *value,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  rc = _ferry_store_step (self, stmt, error);
  if (rc == 0)
    return FALSE;

  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;

  return TRUE;
}

/* Transactions */

static void
busy_backoff (guint attempt)
{
  guint delay = MIN (2000u << MIN (attempt, 6u), 100000u);

  g_usleep (delay + (gulong) g_random_int_range (0, 2000));
}

static gboolean
try_transaction (FerryStore         *self,
                 gboolean            write,
                 FerryStoreTxnFunc   func,
                 gpointer            data,
                 GError            **error)
{
  gboolean ok;

  if (!exec_simple (self, write ? "BEGIN IMMEDIATE" : "BEGIN", error))
    return FALSE;

  self->transaction_depth = 1;
  self->transaction_writes = !!write;
  ok = func (self, data, error);
  self->transaction_depth = 0;

  if (ok && exec_simple (self, "COMMIT", error))
    return TRUE;

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  return FALSE;
}

static gboolean
run_transaction (FerryStore         *self,
                 gboolean            write,
                 FerryStoreTxnFunc   func,
                 gpointer            data,
                 GError            **error)
{
  gint64 deadline;
  gboolean ret = FALSE;

  g_rec_mutex_lock (&self->mutex);

  if (self->db == NULL)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_FAILED,
                   "The state database %s is not open", self->path);
      g_rec_mutex_unlock (&self->mutex);
      return FALSE;
    }

  /* A call made from inside another one's transaction joins it. */
  if (self->transaction_depth > 0)
    {
      g_assert (!write || self->transaction_writes);

      self->transaction_depth++;
      ret = func (self, data, error);
      self->transaction_depth--;

      g_rec_mutex_unlock (&self->mutex);
      return ret;
    }

  deadline = g_get_monotonic_time () + BUSY_DEADLINE_USEC;

  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (try_transaction (self, write, func, data, &local_error))
        {
          /* data_version only moves for other connections: own writes
           * are noted here, for ::changed. */
          if (write)
            g_atomic_int_set (&self->local_changes, 1);
          ret = TRUE;
          break;
        }

      if (!g_error_matches (local_error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_BUSY))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          break;
        }

      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_BUSY,
                       "The state database %s stayed busy for a minute: another "
                       "Ferry or ferryctl is holding it", self->path);
          break;
        }

      busy_backoff (attempt);
    }

  g_rec_mutex_unlock (&self->mutex);

  return ret;
}

gboolean
_ferry_store_read (FerryStore         *self,
                   FerryStoreTxnFunc   func,
                   gpointer            data,
                   GError            **error)
{
  return run_transaction (self, FALSE, func, data, error);
}

gboolean
_ferry_store_write (FerryStore         *self,
                    FerryStoreTxnFunc   func,
                    gpointer            data,
                    GError            **error)
{
  return run_transaction (self, TRUE, func, data, error);
}

/* Queries */

typedef struct
{
  sqlite3_stmt      *stmt;
  FerryStoreRowFunc  row_func;
  GDestroyNotify     free_func;
  GPtrArray         *rows;
} QueryData;

static gboolean
query_rows (FerryStore  *self,
            gpointer     data,
            GError     **error)
{
  QueryData *query = data;
  gint rc;

  /* A retried transaction starts over. */
  sqlite3_reset (query->stmt);
  g_clear_pointer (&query->rows, g_ptr_array_unref);
  query->rows = g_ptr_array_new_with_free_func (query->free_func);

  while ((rc = _ferry_store_step (self, query->stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (query->rows, query->row_func (query->stmt));

  return rc == SQLITE_DONE;
}

static GPtrArray *
query_valist (FerryStore         *self,
              FerryStoreRowFunc   row_func,
              GDestroyNotify      free_func,
              GError            **error,
              const gchar        *sql,
              const gchar        *types,
              va_list             args)
{
  QueryData query = { NULL, row_func, free_func, NULL };
  gboolean ok;

  g_rec_mutex_lock (&self->mutex);

  query.stmt = prepare_valist (self, error, sql, types, args);
  ok = query.stmt != NULL && _ferry_store_read (self, query_rows, &query, error);
  g_clear_pointer (&query.stmt, sqlite3_finalize);

  g_rec_mutex_unlock (&self->mutex);

  if (!ok)
    g_clear_pointer (&query.rows, g_ptr_array_unref);

  return query.rows;
}

GPtrArray *
_ferry_store_query (FerryStore         *self,
                    FerryStoreRowFunc   row_func,
                    GDestroyNotify      free_func,
                    GError            **error,
                    const gchar        *sql,
                    const gchar        *types,
                    ...)
{
  GPtrArray *rows;
  va_list args;

  va_start (args, types);
  rows = query_valist (self, row_func, free_func, error, sql, types, args);
  va_end (args);

  return rows;
}

/* Returns the first row, or %NULL: with @error set on failure, without
 * when there is no row.
 */
gpointer
_ferry_store_query_one (FerryStore         *self,
                        FerryStoreRowFunc   row_func,
                        GDestroyNotify      free_func,
                        GError            **error,
                        const gchar        *sql,
                        const gchar        *types,
                        ...)
{
  g_autoptr(GPtrArray) rows = NULL;
  va_list args;

  va_start (args, types);
  rows = query_valist (self, row_func, free_func, error, sql, types, args);
  va_end (args);

  if (rows == NULL || rows->len == 0)
    return NULL;

  return g_ptr_array_steal_index (rows, 0);
}

/* Returns the row of @sql (whose one parameter is @id), or %NULL with
 * %FERRY_STORE_ERROR_NOT_FOUND naming @what when there is none.
 */
gpointer
_ferry_store_get_by_id (FerryStore         *self,
                        FerryStoreRowFunc   row_func,
                        GDestroyNotify      free_func,
                        const gchar        *what,
                        const gchar        *sql,
                        gint64              id,
                        GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  gpointer row;

  row = _ferry_store_query_one (self, row_func, free_func, &local_error, sql, "i", id);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (row == NULL)
    g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_NOT_FOUND,
                 "There is no %s %" G_GINT64_FORMAT, what, id);

  return row;
}

/* Owners */

/**
 * ferry_store_pid_start_time:
 * @pid: a process id
 *
 * Reads when @pid started, in clock ticks since boot, from `/proc/PID/stat`.
 * Stored with a pid, it tells a process apart from a later one that got
 * the same pid.
 *
 * Returns: the start time, or 0 when no such process runs (a zombie
 *   counts as gone)
 */
guint64
ferry_store_pid_start_time (GPid pid)
{
  g_autofree gchar *path = NULL;
  g_autofree gchar *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const gchar *end;

  if (pid <= 0)
    return 0;

  path = g_strdup_printf ("/proc/%d/stat", (gint) pid);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;

  /* The command name may hold spaces and parentheses; it ends at the last ')'. */
  end = strrchr (contents, ')');
  if (end == NULL || end[1] != ' ')
    return 0;

  /* fields[0] is the state (field 3 of stat(5)), fields[19] the start time (22). */
  fields = g_strsplit (end + 2, " ", 21);
  if (g_strv_length (fields) < 20)
    return 0;

  if (fields[0][0] == 'Z' || fields[0][0] == 'X' || fields[0][0] == 'x')
    return 0;

  return g_ascii_strtoull (fields[19], NULL, 10);
}

/**
 * ferry_store_pid_is_alive:
 * @pid: a process id
 * @start_time: its start time, as ferry_store_pid_start_time() gave it
 *
 * Returns: %TRUE when @pid runs and is the process that started at
 *   @start_time, not a later one that reused the pid
 */
gboolean
ferry_store_pid_is_alive (GPid    pid,
                          guint64 start_time)
{
  return start_time != 0 && ferry_store_pid_start_time (pid) == start_time;
}

void
_ferry_store_get_owner (FerryStore   *self,
                        GPid         *pid,
                        guint64      *start_time,
                        const gchar **host)
{
  *pid = self->owner_pid;
  *start_time = self->owner_start_time;
  *host = self->owner_host;
}

/* An owner on another machine, or in another pid namespace (a Flatpak
 * sandbox), cannot be checked from here and counts as alive. An unknown
 * owner (rows older than the owner columns) counts as gone.
 */
gboolean
_ferry_store_owner_is_alive (FerryStore  *self,
                             const gchar *host,
                             GPid         pid,
                             guint64      start_time)
{
  if (host == NULL)
    return FALSE;

  if (g_strcmp0 (host, self->owner_host) != 0)
    return TRUE;

  return ferry_store_pid_is_alive (pid, start_time);
}

static gchar *
describe_this_machine (void)
{
  g_autofree gchar *namespace = g_file_read_link ("/proc/self/ns/pid", NULL);

  return g_strdup_printf ("%s %s", g_get_host_name (),
                          namespace != NULL ? namespace : "pid:[?]");
}

/* Files */

static gboolean
ensure_private_directory (const gchar  *directory,
                          GError      **error)
{
  if (g_file_test (directory, G_FILE_TEST_IS_DIR))
    return TRUE;

  if (g_mkdir_with_parents (directory, 0700) != 0 || g_chmod (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_FAILED,
                   "Could not create the state folder %s: %s",
                   directory, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* Creates the database file readable by its owner only, and narrows the
 * mode of an existing one and of its journal files. SQLite gives the
 * -wal and -shm files it creates the mode of the database file.
 *
 * An existing file is never opened here: closing a descriptor drops every
 * POSIX lock this process holds on the file, including those of a
 * connection already open on it, and another process would then take
 * the database (and truncate the shared memory under our feet).
 */
static gboolean
ensure_private_files (const gchar  *path,
                      GError      **error)
{
  static const gchar * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  int fd;

  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      /* Exactly 0600, whatever the umask. */
      fchmod (fd, 0600);
      close (fd);
    }
  else if (errno != EEXIST)
    {
      int saved_errno = errno;

      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_FAILED,
                   "Could not create the state database %s: %s",
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree gchar *file = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (file, &st) == 0 && (st.st_mode & 0077) != 0 && st.st_uid == getuid ())
        g_chmod (file, st.st_mode & 0700);
    }

  return TRUE;
}

/* Opening */

static gboolean
read_user_version (FerryStore  *self,
                   gpointer     data,
                   GError     **error)
{
  return query_int (self, "PRAGMA user_version", data, error);
}

static gboolean
newer_schema_error (FerryStore  *self,
                    gint64       version,
                    GError     **error)
{
  guint n_migrations;

  _ferry_store_get_migrations (&n_migrations);

  if (version <= (gint64) n_migrations)
    return FALSE;

  g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_NEWER_SCHEMA,
               "The state database %s was written by a newer Ferry "
               "(schema %" G_GINT64_FORMAT "; this one knows up to %u). "
               "It was left untouched: use that newer Ferry.",
               self->path, version, n_migrations);
  return TRUE;
}

static gboolean
migrate (FerryStore  *self,
         gpointer     data,
         GError     **error)
{
  const gchar * const *migrations;
  g_autofree gchar *set_version = NULL;
  guint n_migrations;
  gint64 version;

  /* Read again inside the write lock: another process may have migrated. */
  if (!query_int (self, "PRAGMA user_version", &version, error))
    return FALSE;

  if (newer_schema_error (self, version, error))
    return FALSE;

  migrations = _ferry_store_get_migrations (&n_migrations);
  if (version == n_migrations)
    return TRUE;

  for (guint i = (guint) MAX (version, 0); i < n_migrations; i++)
    {
      gint rc = sqlite3_exec (self->db, migrations[i], NULL, NULL, NULL);

      if (rc != SQLITE_OK)
        {
          if ((rc & 0xff) == SQLITE_BUSY)
            set_sqlite_error (self, rc, error);
          else
            g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_FAILED,
                         "Could not upgrade the state database %s to schema %u: %s",
                         self->path, i + 1, sqlite3_errmsg (self->db));
          return FALSE;
        }
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %u", n_migrations);

  return exec_simple (self, set_version, error);
}

/* journal_mode cannot change inside a transaction, so it gets its own retry. */
static gboolean
enable_wal (FerryStore  *self,
            GError     **error)
{
  gint64 deadline = g_get_monotonic_time () + BUSY_DEADLINE_USEC;

  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (exec_simple (self, "PRAGMA journal_mode = WAL", &local_error))
        return TRUE;

      if (!g_error_matches (local_error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_BUSY) ||
          g_get_monotonic_time () > deadline)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      busy_backoff (attempt);
    }
}

static gboolean
open_database (FerryStore  *self,
               GError     **error)
{
  gint64 version = 0;
  gint rc;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* Nothing is written before we know the schema is one we understand. */
  if (!_ferry_store_read (self, read_user_version, &version, error) ||
      newer_schema_error (self, version, error))
    return FALSE;

  if (!enable_wal (self, error) ||
      !exec_simple (self, "PRAGMA synchronous = FULL", error) ||
      !exec_simple (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  if (version < (gint64) ferry_store_get_latest_schema_version () &&
      !_ferry_store_write (self, migrate, NULL, error))
    return FALSE;

  /* Opening is no change anyone needs to hear about. */
  g_atomic_int_set (&self->local_changes, 0);

  return query_int (self, "PRAGMA data_version", &self->data_version, error);
}

static gboolean
watch_tick (gpointer user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(FerryStore) self = g_weak_ref_get (weak);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (g_signal_has_handler_pending (self, signals[CHANGED], 0, FALSE))
    ferry_store_check_for_changes (self);

  return G_SOURCE_CONTINUE;
}

static void
weak_ref_free (gpointer data)
{
  GWeakRef *weak = data;

  g_weak_ref_clear (weak);
  g_free (weak);
}

static void
start_watching (FerryStore *self)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, self);

  self->watch_source = g_timeout_source_new (WATCH_INTERVAL_MS);
  g_source_set_static_name (self->watch_source, "[ferry-store-watch]");
  g_source_set_callback (self->watch_source, watch_tick, weak, weak_ref_free);
  g_source_attach (self->watch_source, self->main_context);
}

static gboolean
ferry_store_initable_init (GInitable     *initable,
                           GCancellable  *cancellable,
                           GError       **error)
{
  FerryStore *self = FERRY_STORE (initable);
  g_autofree gchar *directory = NULL;
  gboolean ok;

  g_return_val_if_fail (self->path != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  self->owner_pid = getpid ();
  self->owner_start_time = ferry_store_pid_start_time (self->owner_pid);
  self->owner_host = describe_this_machine ();

  directory = g_path_get_dirname (self->path);
  if (!ensure_private_directory (directory, error))
    return FALSE;

  /* Two stores of this process opening a new file at once must not see
   * it half created.
   */
  g_mutex_lock (&create_lock);
  ok = ensure_private_files (self->path, error);
  g_mutex_unlock (&create_lock);
  if (!ok)
    return FALSE;

  g_rec_mutex_lock (&self->mutex);
  ok = open_database (self, error);
  if (!ok)
    g_clear_pointer (&self->db, sqlite3_close);
  g_rec_mutex_unlock (&self->mutex);

  if (ok)
    start_watching (self);

  return ok;
}

static void
ferry_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = ferry_store_initable_init;
}

static void
ferry_store_async_initable_iface_init (GAsyncInitableIface *iface)
{
  /* The default implementation runs GInitable's init on a worker thread. */
}

static void
ferry_store_constructed (GObject *object)
{
  FerryStore *self = FERRY_STORE (object);

  G_OBJECT_CLASS (ferry_store_parent_class)->constructed (object);

  /* Construction happens on the caller's thread, even for open_async(). */
  self->main_context = g_main_context_ref_thread_default ();
}

static void
ferry_store_dispose (GObject *object)
{
  FerryStore *self = FERRY_STORE (object);

  if (self->watch_source != NULL)
    {
      g_source_destroy (self->watch_source);
      g_clear_pointer (&self->watch_source, g_source_unref);
    }

  G_OBJECT_CLASS (ferry_store_parent_class)->dispose (object);
}

static void
ferry_store_finalize (GObject *object)
{
  FerryStore *self = FERRY_STORE (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->owner_host, g_free);
  g_rec_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (ferry_store_parent_class)->finalize (object);
}

static void
ferry_store_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FerryStore *self = FERRY_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_store_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FerryStore *self = FERRY_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_store_class_init (FerryStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ferry_store_constructed;
  object_class->dispose = ferry_store_dispose;
  object_class->finalize = ferry_store_finalize;
  object_class->get_property = ferry_store_get_property;
  object_class->set_property = ferry_store_set_property;

  /**
   * FerryStore:path:
   *
   * The database file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FerryStore::changed:
   * @self: the store
   *
   * Another connection (another process, or another #FerryStore on the
   * same file) committed a change. Changes made through this store do not
   * emit it: whoever made them knows.
   *
   * While a handler is connected the store checks `PRAGMA data_version`
   * every 250 ms in the main context it was created in, where the signal
   * is emitted; the check never waits for a busy database.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
ferry_store_init (FerryStore *self)
{
  g_rec_mutex_init (&self->mutex);
}

/**
 * ferry_store_workspace_id:
 * @workspace: a workspace folder, its `ferry.json`, or a git URL
 *
 * Makes the short, stable name of a workspace's state folder: a readable
 * slug of its name and the first 16 hex digits of the SHA-256 of its
 * canonical path (symbolic links resolved; a file stands for its folder)
 * or URL (without a trailing `/` or `.git`).
 *
 * Returns: (transfer full): the workspace id, e.g. `acme-shop-1f2e3d4c5b6a7988`
 */
gchar *
ferry_store_workspace_id (const gchar *workspace)
{
  g_autofree gchar *canonical = NULL;
  g_autofree gchar *base = NULL;
  g_autofree gchar *digest = NULL;
  g_autoptr(GString) slug = g_string_new (NULL);
  gboolean is_url;

  g_return_val_if_fail (workspace != NULL, NULL);

  is_url = strstr (workspace, "://") != NULL ||
           (workspace[0] != '/' && workspace[0] != '.' &&
            strchr (workspace, ':') != NULL && strchr (workspace, '@') != NULL);

  if (is_url)
    {
      gsize len;

      canonical = g_strdup (workspace);
      len = strlen (canonical);
      while (len > 1 && canonical[len - 1] == '/')
        canonical[--len] = '\0';
      if (g_str_has_suffix (canonical, ".git"))
        canonical[len - 4] = '\0';
    }
  else
    {
      g_autofree gchar *absolute = g_canonicalize_filename (workspace, NULL);
      g_autofree gchar *resolved = realpath (absolute, NULL);

      canonical = g_strdup (resolved != NULL ? resolved : absolute);
      if (g_file_test (canonical, G_FILE_TEST_IS_REGULAR))
        {
          gchar *folder = g_path_get_dirname (canonical);

          g_free (canonical);
          canonical = folder;
        }
    }

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);

  base = strrchr (canonical, '/') != NULL ? g_strdup (strrchr (canonical, '/') + 1)
                                          : g_strdup (canonical);
  for (const gchar *p = base; *p != '\0' && slug->len < 32; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "workspace");

  return g_strdup_printf ("%s-%.16s", slug->str, digest);
}

/**
 * ferry_store_path_for_workspace:
 * @workspace_id: a workspace id from ferry_store_workspace_id()
 *
 * Returns: (transfer full) (nullable): `$XDG_STATE_HOME/ferry/<workspace-id>/state.db`,
 *   or %NULL when @workspace_id is not a plain folder name
 */
gchar *
ferry_store_path_for_workspace (const gchar *workspace_id)
{
  g_return_val_if_fail (workspace_id != NULL, NULL);

  if (*workspace_id == '\0' || *workspace_id == '.' || strchr (workspace_id, '/') != NULL)
    return NULL;

  return g_build_filename (g_get_user_state_dir (), "ferry", workspace_id, "state.db", NULL);
}

/**
 * ferry_store_open:
 * @workspace_id: a workspace id from ferry_store_workspace_id()
 * @error: return location for a #GError
 *
 * Opens (creating it when needed) the workspace's state database, and
 * brings its schema up to date. The folder is made readable by its owner
 * only (0700), the files too (0600).
 *
 * This blocks; the window uses ferry_store_open_async().
 *
 * Returns: (transfer full): the store, or %NULL with @error set; a
 *   database written by a newer Ferry is refused with
 *   %FERRY_STORE_ERROR_NEWER_SCHEMA and left untouched
 */
FerryStore *
ferry_store_open (const gchar  *workspace_id,
                  GError      **error)
{
  g_autofree gchar *path = NULL;

  g_return_val_if_fail (workspace_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = ferry_store_path_for_workspace (workspace_id);
  if (path == NULL)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
                   "“%s” is not a workspace id", workspace_id);
      return NULL;
    }

  return ferry_store_open_path (path, error);
}

/**
 * ferry_store_open_path:
 * @path: a database file
 * @error: return location for a #GError
 *
 * Like ferry_store_open() for a given file; for tests and tools.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
FerryStore *
ferry_store_open_path (const gchar  *path,
                       GError      **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (FERRY_TYPE_STORE, NULL, error,
                         "path", path,
                         NULL);
}

/**
 * ferry_store_open_async:
 * @workspace_id: a workspace id from ferry_store_workspace_id()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the store is open
 * @user_data: data for @callback
 *
 * Opens the workspace's state database on a worker thread; see
 * ferry_store_open(). The store's [signal@Ferry.Store::changed] is
 * emitted in the calling thread's main context.
 */
void
ferry_store_open_async (const gchar         *workspace_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autofree gchar *path = NULL;

  g_return_if_fail (workspace_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = ferry_store_path_for_workspace (workspace_id);
  if (path == NULL)
    {
      g_task_report_new_error (NULL, callback, user_data, ferry_store_open_async,
                               FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
                               "“%s” is not a workspace id", workspace_id);
      return;
    }

  g_async_initable_new_async (FERRY_TYPE_STORE, G_PRIORITY_DEFAULT, cancellable,
                              callback, user_data,
                              "path", path,
                              NULL);
}

/**
 * ferry_store_open_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
FerryStore *
ferry_store_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_autoptr(GObject) source = NULL;
  GObject *object;

  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (g_async_result_is_tagged (result, ferry_store_open_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  source = g_async_result_get_source_object (result);
  object = g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, error);

  return object != NULL ? FERRY_STORE (object) : NULL;
}

/**
 * ferry_store_get_path:
 * @self: a #FerryStore
 *
 * Returns: the database file
 */
const gchar *
ferry_store_get_path (FerryStore *self)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);

  return self->path;
}

/**
 * ferry_store_get_latest_schema_version:
 *
 * Returns: the schema version this Ferry writes
 */
guint
ferry_store_get_latest_schema_version (void)
{
  guint n_migrations;

  _ferry_store_get_migrations (&n_migrations);

  return n_migrations;
}

/**
 * ferry_store_get_schema_version:
 * @self: a #FerryStore
 *
 * Returns: the database's `PRAGMA user_version`, 0 when it cannot be read
 */
guint
ferry_store_get_schema_version (FerryStore *self)
{
  gint64 version = 0;

  g_return_val_if_fail (FERRY_IS_STORE (self), 0);

  if (!_ferry_store_read (self, read_user_version, &version, NULL))
    return 0;

  return (guint) version;
}

static gboolean
check_integrity (FerryStore  *self,
                 gpointer     data,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  gint rc;

  stmt = _ferry_store_prepare (self, error, "PRAGMA integrity_check", NULL);
  if (stmt == NULL)
    return FALSE;

  while ((rc = _ferry_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      const gchar *line = (const gchar *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
    }
  if (rc == 0)
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _ferry_store_prepare (self, error, "PRAGMA foreign_key_check", NULL);
  if (stmt == NULL)
    return FALSE;

  while ((rc = _ferry_store_step (self, stmt, error)) == SQLITE_ROW)
    g_string_append_printf (problems, "%sa row of %s refers to a missing row of %s",
                            problems->len ? "; " : "",
                            sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 2));
  if (rc == 0)
    return FALSE;

  if (problems->len > 0)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_FAILED,
                   "The state database %s is damaged: %s", self->path, problems->str);
      return FALSE;
    }

  return TRUE;
}

/**
 * ferry_store_check_integrity:
 * @self: a #FerryStore
 * @error: return location for a #GError
 *
 * Runs SQLite's integrity and foreign key checks.
 *
 * Returns: %TRUE when the database is sound, else %FALSE with @error
 *   describing the damage
 */
gboolean
ferry_store_check_integrity (FerryStore  *self,
                             GError     **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _ferry_store_read (self, check_integrity, NULL, error);
}

/**
 * ferry_store_check_for_changes:
 * @self: a #FerryStore
 *
 * Checks at once, rather than at the next tick, whether another connection
 * changed the database, and emits [signal@Ferry.Store::changed] if so.
 * Call it from the thread of the store's main context, for example when a
 * window gains focus. It never waits: when the store is in use it returns
 * %FALSE and the next tick looks again.
 *
 * Returns: %TRUE when ::changed was emitted
 */
gboolean
ferry_store_check_for_changes (FerryStore *self)
{
  gint64 version = 0;
  gboolean changed = FALSE;

  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);

  if (!g_rec_mutex_trylock (&self->mutex))
    return FALSE;

  if (self->db != NULL && self->transaction_depth == 0)
    {
      /* A database in recovery would make even this wait: skip a tick instead. */
      sqlite3_busy_timeout (self->db, 0);
      if (query_int (self, "PRAGMA data_version", &version, NULL) &&
          version != self->data_version)
        {
          self->data_version = version;
          changed = TRUE;
        }
      sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
    }

  if (g_atomic_int_compare_and_exchange (&self->local_changes, 1, 0))
    changed = TRUE;

  g_rec_mutex_unlock (&self->mutex);

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);

  return changed;
}

/* Running synchronous calls on a worker thread */

typedef struct
{
  FerryStoreFunc  func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  if (run->data_free != NULL && run->data != NULL)
    run->data_free (run->data);
  g_free (run);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *run = task_data;
  g_autoptr(GError) error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  result = run->func (FERRY_STORE (source_object), run->data, cancellable, &error);

  if (error != NULL)
    {
      if (result != NULL && run->result_free != NULL)
        run->result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    {
      g_task_return_pointer (task, result, run->result_free);
    }
}

void
_ferry_store_run_tagged_async (FerryStore          *self,
                               gpointer             source_tag,
                               FerryStoreFunc       func,
                               gpointer             data,
                               GDestroyNotify       data_free,
                               GDestroyNotify       result_free,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  run = g_new0 (RunData, 1);
  run->func = func;
  run->data = data;
  run->data_free = data_free;
  run->result_free = result_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, run, run_data_free);
  g_task_run_in_thread (task, run_thread);
}

gpointer
_ferry_store_run_tagged_finish (FerryStore    *self,
                                GAsyncResult  *result,
                                gpointer       source_tag,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ferry_store_run_async:
 * @self: a #FerryStore
 * @func: (scope async): work to do with the synchronous API
 * @data: (nullable): data for @func
 * @data_free: (nullable): frees @data afterwards
 * @result_free: (nullable): frees @func's result if nobody takes it
 * @cancellable: (nullable): a #GCancellable, checked before @func runs and
 *   handed to it
 * @callback: called in the current thread's main context when done
 * @user_data: data for @callback
 *
 * Runs @func on a worker thread: any sequence of the store's synchronous
 * calls, so that the main loop never waits for the database. The typed
 * `_async` variants of the commonest reads are built on it.
 */
void
ferry_store_run_async (FerryStore          *self,
                       FerryStoreFunc       func,
                       gpointer             data,
                       GDestroyNotify       data_free,
                       GDestroyNotify       result_free,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_STORE (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _ferry_store_run_tagged_async (self, ferry_store_run_async, func, data, data_free,
                                 result_free, cancellable, callback, user_data);
}

/**
 * ferry_store_run_finish:
 * @self: a #FerryStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): what the function returned, or
 *   %NULL with @error set
 */
gpointer
ferry_store_run_finish (FerryStore    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);

  return _ferry_store_run_tagged_finish (self, result, ferry_store_run_async, error);
}
