/* ferry-diff.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-diff"

#include "config.h"

#include <string.h>

#include "ferry-build.h"
#include "ferry-diff.h"
#include "ferry-environment.h"
#include "ferry-git.h"
#include "ferry-repo.h"
#include "ferry-service.h"
#include "ferry-utils.h"
#include "ferry-workspace.h"

/* Two environments side by side: for every service deployed on at least
 * one side whose version or configuration differs, what each side runs,
 * the commits between the versions and the configuration differences. */

struct _FerryDiff
{
  grefcount   ref_count;
  gchar      *from;
  gchar      *to;
  GPtrArray  *entries;      /* FerryDiffEntry, in the workspace's order */
  GHashTable *by_service;   /* name → FerryDiffEntry, borrowed */
  guint       n_unchanged;
};

G_DEFINE_BOXED_TYPE (FerryDiff, ferry_diff, ferry_diff_ref, ferry_diff_unref)
G_DEFINE_QUARK (ferry-diff-error-quark, ferry_diff_error)

static void
config_change_free (FerryConfigChange *change)
{
  g_free (change->key);
  g_free (change->from);
  g_free (change->to);
  g_free (change);
}

static void
entry_free (FerryDiffEntry *entry)
{
  g_free (entry->service);
  g_free (entry->repo);
  g_free (entry->repo_path);
  g_free (entry->from_version);
  g_free (entry->from_tag);
  g_free (entry->from_status);
  g_clear_pointer (&entry->from_since, g_date_time_unref);
  g_free (entry->to_version);
  g_free (entry->to_tag);
  g_free (entry->to_status);
  g_clear_pointer (&entry->to_since, g_date_time_unref);
  g_ptr_array_unref (entry->commits);
  g_ptr_array_unref (entry->target_commits);
  g_ptr_array_unref (entry->config);
  g_free (entry->problem);
  g_free (entry);
}

FerryDiff *
ferry_diff_ref (FerryDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);

  return self;
}

void
ferry_diff_unref (FerryDiff *self)
{
  g_return_if_fail (self != NULL);

  if (g_ref_count_dec (&self->ref_count))
    {
      g_hash_table_unref (self->by_service);
      g_ptr_array_unref (self->entries);
      g_free (self->from);
      g_free (self->to);
      g_free (self);
    }
}

const gchar *
ferry_diff_direction_to_string (FerryDiffDirection direction)
{
  switch (direction)
    {
    case FERRY_DIFF_SAME:         return "same";
    case FERRY_DIFF_AHEAD:        return "ahead";
    case FERRY_DIFF_TARGET_AHEAD: return "target-ahead";
    case FERRY_DIFF_DIVERGED:     return "diverged";
    case FERRY_DIFF_ONE_SIDED:    return "one-sided";
    case FERRY_DIFF_UNKNOWN:      return "unknown";
    default:                      return "unknown";
    }
}

/**
 * ferry_diff_describe_version:
 * @version: (nullable): a full commit id
 * @tag: (nullable): its tag
 *
 * Returns: (transfer full): `TAG (SHORT-ID)`, the short id alone, or
 *   `not deployed` for %NULL
 */
gchar *
ferry_diff_describe_version (const gchar *version,
                             const gchar *tag)
{
  g_autofree gchar *short_id = NULL;

  if (version == NULL)
    return g_strdup ("not deployed");

  short_id = ferry_short_id (version);
  if (tag != NULL)
    return g_strdup_printf ("%s (%s)", tag, short_id);

  return g_steal_pointer (&short_id);
}

static gboolean
is_deployed (const FerryDeployed *deployed)
{
  return deployed != NULL && deployed->version != NULL &&
         g_strcmp0 (deployed->status, "not-deployed") != 0;
}

static gboolean
is_secret_name (const gchar *name)
{
  static const gchar * const words[] = { "TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL" };
  g_autofree gchar *upper = g_ascii_strup (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (upper, words[i]) != NULL)
      return TRUE;

  return FALSE;
}

static void
add_change (GPtrArray   *config,
            const gchar *key,
            const gchar *from,
            const gchar *to)
{
  FerryConfigChange *change = g_new0 (FerryConfigChange, 1);

  change->key = g_strdup (key);
  change->from = g_strdup (from);
  change->to = g_strdup (to);
  g_ptr_array_add (config, change);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const gchar * const *)a, *(const gchar * const *)b);
}

/* What ferry.json sets differently for the service in the two
 * environments: replicas, then environment variables by name. */
static void
compare_config (FerryDiffEntry *entry,
                FerryService   *service,
                const gchar    *from,
                const gchar    *to)
{
  g_autoptr(GHashTable) from_env = ferry_service_dup_env (service, from);
  g_autoptr(GHashTable) to_env = ferry_service_dup_env (service, to);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  gint from_replicas = ferry_service_get_replicas (service, from);
  gint to_replicas = ferry_service_get_replicas (service, to);

  if (from_replicas != to_replicas)
    {
      g_autofree gchar *a = g_strdup_printf ("%d", from_replicas);
      g_autofree gchar *b = g_strdup_printf ("%d", to_replicas);

      add_change (entry->config, "replicas", a, b);
    }

  g_hash_table_iter_init (&iter, from_env);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_hash_table_iter_init (&iter, to_env);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (from_env, key))
      g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const gchar *name = g_ptr_array_index (names, i);
      const gchar *a = g_hash_table_lookup (from_env, name);
      const gchar *b = g_hash_table_lookup (to_env, name);
      g_autofree gchar *full = NULL;

      if (g_strcmp0 (a, b) == 0)
        continue;

      full = g_strconcat ("env.", name, NULL);
      if (is_secret_name (name))
        add_change (entry->config, full, a ? "***" : NULL, b ? "***" : NULL);
      else
        add_change (entry->config, full, a, b);
    }
}

/**
 * ferry_diff_entry_read_commits:
 * @entry: an entry of a #FerryDiff
 * @target_side: %FALSE for the commits the source has and the target lacks
 *   (what a promotion ships), %TRUE for the other way round
 * @max: at most this many, or %FERRY_DIFF_ALL_COMMITS
 * @error: return location for a #GError
 *
 * Reads commits between the two versions of @entry from its repository.
 * This blocks on libgit2; the window calls it in a worker thread when a
 * row is expanded.
 *
 * Returns: (transfer container) (element-type FerryCommit) (nullable): the
 *   commits, newest first; empty when the versions are not on both sides
 */
GPtrArray *
ferry_diff_entry_read_commits (const FerryDiffEntry  *entry,
                               gboolean               target_side,
                               guint                  max,
                               GError               **error)
{
  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->from_version == NULL || entry->to_version == NULL ||
      g_strcmp0 (entry->from_version, entry->to_version) == 0 || max == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_commit_free);

  if (entry->repo_path == NULL)
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NOT_A_REPOSITORY, "%s",
                   entry->problem ? entry->problem : "the repository is not available on this computer");
      return NULL;
    }

  if (target_side)
    return ferry_git_log (entry->repo_path, entry->from_version, entry->to_version,
                          max == FERRY_DIFF_ALL_COMMITS ? 0 : max, error);

  return ferry_git_log (entry->repo_path, entry->to_version, entry->from_version,
                        max == FERRY_DIFF_ALL_COMMITS ? 0 : max, error);
}

/* How the two versions are related, and the commits between them. */
static void
compare_history (FerryDiffEntry *entry,
                 FerryRepo      *repo,
                 guint           max_commits)
{
  g_autoptr(GError) error = NULL;
  gsize ahead = 0, behind = 0;

  if (g_strcmp0 (entry->from_version, entry->to_version) == 0)
    {
      entry->direction = FERRY_DIFF_SAME;
      return;
    }

  entry->direction = FERRY_DIFF_UNKNOWN;

  if (repo == NULL)
    {
      entry->problem = g_strdup ("the service is no longer in the workspace");
      return;
    }

  if (ferry_repo_get_url (repo) == NULL)
    {
      entry->problem = g_strdup ("the repository has no url in the workspace");
      return;
    }

  if (entry->repo_path == NULL || ferry_repo_get_state (repo) != FERRY_REPO_STATE_READY)
    {
      entry->problem = g_strdup ("the repository is not available on this computer");
      return;
    }

  if (!ferry_git_count_between (entry->repo_path, entry->to_version, entry->from_version,
                                &ahead, &behind, &error))
    {
      entry->problem = g_strdup (error->message);
      return;
    }

  entry->n_ahead = ahead;
  entry->n_behind = behind;

  if (ahead > 0 && behind > 0)
    entry->direction = FERRY_DIFF_DIVERGED;
  else if (ahead > 0)
    entry->direction = FERRY_DIFF_AHEAD;
  else if (behind > 0)
    entry->direction = FERRY_DIFF_TARGET_AHEAD;
  else
    entry->direction = FERRY_DIFF_SAME;

  for (guint side = 0; side < 2 && max_commits > 0; side++)
    {
      gsize n = side ? behind : ahead;
      GPtrArray *commits;

      if (n == 0)
        continue;

      if (!(commits = ferry_diff_entry_read_commits (entry, side == 1, max_commits, &error)))
        {
          entry->problem = g_strdup (error->message);
          return;
        }

      if (side)
        {
          g_ptr_array_unref (entry->target_commits);
          entry->target_commits = commits;
        }
      else
        {
          g_ptr_array_unref (entry->commits);
          entry->commits = commits;
        }
    }
}

static void
copy_side (const FerryDeployed  *deployed,
           FerryRepo            *repo,
           gchar               **version,
           gchar               **tag,
           gchar               **status,
           GDateTime           **since)
{
  if (!is_deployed (deployed))
    return;

  *version = g_strdup (deployed->version);
  if (deployed->tag != NULL)
    *tag = g_strdup (deployed->tag);
  else if (repo != NULL)
    *tag = g_strdup (ferry_repo_get_tag (repo, deployed->version));
  *status = g_strdup (deployed->status);
  *since = deployed->since ? g_date_time_ref (deployed->since) : NULL;
}

/* The entry of a service deployed on at least one side, or %NULL when
 * nothing differs. */
static FerryDiffEntry *
compare_service (FerryDiff           *self,
                 FerryService        *service,
                 const gchar         *name,
                 FerryStateSnapshot  *state,
                 guint                max_commits)
{
  const FerryDeployed *a = ferry_state_snapshot_lookup (state, name, self->from);
  const FerryDeployed *b = ferry_state_snapshot_lookup (state, name, self->to);
  FerryRepo *repo = service ? ferry_service_get_repo (service) : NULL;
  FerryDiffEntry *entry;

  entry = g_new0 (FerryDiffEntry, 1);
  entry->service = g_strdup (name);
  entry->model = service;
  entry->commits = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_commit_free);
  entry->target_commits = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_commit_free);
  entry->config = g_ptr_array_new_with_free_func ((GDestroyNotify)config_change_free);

  if (repo != NULL)
    {
      entry->repo = g_strdup (ferry_repo_get_name (repo));
      entry->repo_path = g_strdup (ferry_repo_get_path (repo));
    }

  copy_side (a, repo, &entry->from_version, &entry->from_tag, &entry->from_status, &entry->from_since);
  copy_side (b, repo, &entry->to_version, &entry->to_tag, &entry->to_status, &entry->to_since);

  if (service != NULL)
    compare_config (entry, service, self->from, self->to);

  if (entry->from_version == NULL || entry->to_version == NULL)
    {
      entry->direction = FERRY_DIFF_ONE_SIDED;
      entry->only_in = entry->from_version ? self->from : self->to;
    }
  else
    compare_history (entry, repo, max_commits);

  if (entry->direction == FERRY_DIFF_SAME && entry->config->len == 0)
    {
      entry_free (entry);
      return NULL;
    }

  return entry;
}

static void
add_service (FerryDiff          *self,
             FerryService       *service,
             const gchar        *name,
             FerryStateSnapshot *state,
             guint               max_commits)
{
  FerryDiffEntry *entry;

  if (!is_deployed (ferry_state_snapshot_lookup (state, name, self->from)) &&
      !is_deployed (ferry_state_snapshot_lookup (state, name, self->to)))
    return;

  if (!(entry = compare_service (self, service, name, state, max_commits)))
    {
      self->n_unchanged++;
      return;
    }

  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->by_service, entry->service, entry);
}

/**
 * ferry_diff_compute:
 * @workspace: a loaded workspace whose repositories were inspected
 * @state: what runs where
 * @from: the source environment (A)
 * @to: the target environment (B)
 * @services: (nullable) (array zero-terminated=1): only these services
 * @max_commits: list at most this many commits each way per service;
 *   0 only counts them, %FERRY_DIFF_ALL_COMMITS lists them all
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Compares what runs in @from and @to. A service deployed on neither side
 * is left out; one deployed on both with the same version and the same
 * configuration counts as unchanged. Services the state records in either
 * environment but the workspace no longer has are listed at the end
 * (unless @services is given).
 *
 * Commits are read from each service's repository with libgit2: this
 * blocks. The window uses ferry_diff_compute_async() with @max_commits 0
 * and reads the commits of a row when it is expanded.
 *
 * Returns: (transfer full): the diff, or %NULL with @error set
 */
FerryDiff *
ferry_diff_compute (FerryWorkspace       *workspace,
                    FerryStateSnapshot   *state,
                    const gchar          *from,
                    const gchar          *to,
                    const gchar * const  *services,
                    guint                 max_commits,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(FerryDiff) self = NULL;

  g_return_val_if_fail (FERRY_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (from != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);

  for (guint i = 0; i < 2; i++)
    {
      const gchar *name = i ? to : from;

      if (ferry_workspace_get_environment (workspace, name) == NULL)
        {
          g_set_error (error, FERRY_DIFF_ERROR, FERRY_DIFF_ERROR_NO_SUCH_ENVIRONMENT,
                       "no environment named “%s” in %s", name, ferry_workspace_get_name (workspace));
          return NULL;
        }
    }

  for (guint i = 0; services != NULL && services[i] != NULL; i++)
    if (ferry_workspace_get_service (workspace, services[i]) == NULL)
      {
        g_set_error (error, FERRY_DIFF_ERROR, FERRY_DIFF_ERROR_NO_SUCH_SERVICE,
                     "no service named “%s” in %s", services[i], ferry_workspace_get_name (workspace));
        return NULL;
      }

  self = g_new0 (FerryDiff, 1);
  g_ref_count_init (&self->ref_count);
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
  self->by_service = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < ferry_workspace_get_n_services (workspace); i++)
    {
      FerryService *service = ferry_workspace_get_service_at (workspace, i);
      const gchar *name = ferry_service_get_name (service);

      if (services != NULL && !g_strv_contains (services, name))
        continue;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      add_service (self, service, name, state, max_commits);
    }

  /* Deployed, but gone from ferry.json since. */
  if (services == NULL)
    {
      g_autoptr(GPtrArray) known = ferry_state_snapshot_list (state);
      const gchar *last = NULL;

      for (guint i = 0; i < known->len; i++)
        {
          const FerryDeployed *deployed = g_ptr_array_index (known, i);

          if (g_strcmp0 (deployed->service, last) == 0 ||
              (g_strcmp0 (deployed->environment, from) != 0 && g_strcmp0 (deployed->environment, to) != 0) ||
              ferry_workspace_get_service (workspace, deployed->service) != NULL)
            continue;

          last = deployed->service;
          add_service (self, NULL, deployed->service, state, max_commits);
        }
    }

  return g_steal_pointer (&self);
}

typedef struct
{
  FerryWorkspace     *workspace;
  FerryStateSnapshot *state;
  gchar              *from;
  gchar              *to;
  GStrv               services;
  guint               max_commits;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  g_object_unref (data->workspace);
  ferry_state_snapshot_unref (data->state);
  g_free (data->from);
  g_free (data->to);
  g_strfreev (data->services);
  g_free (data);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  GError *error = NULL;
  FerryDiff *diff;

  diff = ferry_diff_compute (data->workspace, data->state, data->from, data->to,
                             (const gchar * const *)data->services, data->max_commits,
                             cancellable, &error);
  if (diff != NULL)
    g_task_return_pointer (task, diff, (GDestroyNotify)ferry_diff_unref);
  else
    g_task_return_error (task, error);
}

/**
 * ferry_diff_compute_async:
 * @workspace: a loaded workspace
 * @state: what runs where
 * @from: the source environment
 * @to: the target environment
 * @services: (nullable) (array zero-terminated=1): only these services
 * @max_commits: as for ferry_diff_compute()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Does ferry_diff_compute() in a worker thread. The workspace's model is
 * read-only once loaded, so the thread reads it as it is.
 */
void
ferry_diff_compute_async (FerryWorkspace       *workspace,
                          FerryStateSnapshot   *state,
                          const gchar          *from,
                          const gchar          *to,
                          const gchar * const  *services,
                          guint                 max_commits,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data;

  g_return_if_fail (FERRY_IS_WORKSPACE (workspace));
  g_return_if_fail (state != NULL);
  g_return_if_fail (from != NULL);
  g_return_if_fail (to != NULL);

  data = g_new0 (ComputeData, 1);
  data->workspace = g_object_ref (workspace);
  data->state = ferry_state_snapshot_ref (state);
  data->from = g_strdup (from);
  data->to = g_strdup (to);
  data->services = g_strdupv ((gchar **)services);
  data->max_commits = max_commits;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_diff_compute_async);
  g_task_set_task_data (task, data, (GDestroyNotify)compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * ferry_diff_compute_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the diff, or %NULL with @error set
 */
FerryDiff *
ferry_diff_compute_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const gchar *
ferry_diff_get_from (FerryDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->from;
}

const gchar *
ferry_diff_get_to (FerryDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->to;
}

guint
ferry_diff_get_n_entries (FerryDiff *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->entries->len;
}

/**
 * ferry_diff_get_entry:
 * @self: a #FerryDiff
 * @index: an index below ferry_diff_get_n_entries()
 *
 * Returns: (transfer none): the entry
 */
FerryDiffEntry *
ferry_diff_get_entry (FerryDiff *self,
                      guint      index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return g_ptr_array_index (self->entries, index);
}

/**
 * ferry_diff_lookup:
 * @self: a #FerryDiff
 * @service: a service name
 *
 * Returns: (transfer none) (nullable): its entry, %NULL when it does not
 *   differ (or is deployed on neither side)
 */
FerryDiffEntry *
ferry_diff_lookup (FerryDiff   *self,
                   const gchar *service)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_hash_table_lookup (self->by_service, service);
}

/**
 * ferry_diff_get_n_unchanged:
 * @self: a #FerryDiff
 *
 * Returns: how many services run the same version with the same
 *   configuration on both sides
 */
guint
ferry_diff_get_n_unchanged (FerryDiff *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_unchanged;
}

/**
 * ferry_diff_dup_promotable:
 * @self: a #FerryDiff
 *
 * Returns: (transfer full): the names of the differing services of the
 *   workspace that run a version on the source side: what a promotion
 *   from the source to the target would consider
 */
GStrv
ferry_diff_dup_promotable (FerryDiff *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      FerryDiffEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->model != NULL && entry->from_version != NULL &&
          g_strcmp0 (entry->from_version, entry->to_version) != 0)
        g_strv_builder_add (builder, entry->service);
    }

  return g_strv_builder_end (builder);
}

/* Output */

static gchar *
format_date (gint64       time,
             const gchar *format)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (time);

  return date ? g_date_time_format (date, format) : g_strdup ("?");
}

static void
add_nullable_string (JsonBuilder *builder,
                     const gchar *member,
                     const gchar *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder,
          const gchar *member,
          GDateTime   *time)
{
  g_autofree gchar *text = NULL;

  if (time != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
      text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
    }

  add_nullable_string (builder, member, text);
}

static void
add_commits (JsonBuilder *builder,
             const gchar *member,
             GPtrArray   *commits)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < commits->len; i++)
    {
      FerryCommit *commit = g_ptr_array_index (commits, i);
      g_autofree gchar *time = format_date (commit->time, "%Y-%m-%dT%H:%M:%SZ");

      json_builder_begin_object (builder);
      add_nullable_string (builder, "id", commit->id);
      add_nullable_string (builder, "subject", commit->subject);
      add_nullable_string (builder, "author", commit->author);
      add_nullable_string (builder, "email", commit->email);
      add_nullable_string (builder, "time", time);
      json_builder_set_member_name (builder, "merge");
      json_builder_add_boolean_value (builder, commit->is_merge);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * ferry_diff_to_json:
 * @self: a #FerryDiff
 *
 * The document of `ferryctl diff --format json`:
 * `{"from", "to", "unchanged", "services": [{"name", "repo", "from_version",
 * "from_tag", "from_status", "from_since", "to_version", "to_tag",
 * "to_status", "to_since", "direction", "commit_count", "commits":
 * [{"id", "subject", "author", "email", "time", "merge"}],
 * "target_commit_count", "target_commits", "config": [{"key", "from",
 * "to"}], "only_in", "in_workspace", "problem"}]}`.
 *
 * Returns: (transfer full): the document
 */
JsonNode *
ferry_diff_to_json (FerryDiff *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_nullable_string (builder, "from", self->from);
  add_nullable_string (builder, "to", self->to);
  json_builder_set_member_name (builder, "unchanged");
  json_builder_add_int_value (builder, self->n_unchanged);

  json_builder_set_member_name (builder, "services");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entries->len; i++)
    {
      FerryDiffEntry *entry = g_ptr_array_index (self->entries, i);

      json_builder_begin_object (builder);
      add_nullable_string (builder, "name", entry->service);
      add_nullable_string (builder, "repo", entry->repo);
      add_nullable_string (builder, "from_version", entry->from_version);
      add_nullable_string (builder, "from_tag", entry->from_tag);
      add_nullable_string (builder, "from_status", entry->from_status);
      add_time (builder, "from_since", entry->from_since);
      add_nullable_string (builder, "to_version", entry->to_version);
      add_nullable_string (builder, "to_tag", entry->to_tag);
      add_nullable_string (builder, "to_status", entry->to_status);
      add_time (builder, "to_since", entry->to_since);
      add_nullable_string (builder, "direction", ferry_diff_direction_to_string (entry->direction));

      json_builder_set_member_name (builder, "commit_count");
      json_builder_add_int_value (builder, entry->n_ahead);
      add_commits (builder, "commits", entry->commits);
      json_builder_set_member_name (builder, "target_commit_count");
      json_builder_add_int_value (builder, entry->n_behind);
      add_commits (builder, "target_commits", entry->target_commits);

      json_builder_set_member_name (builder, "config");
      json_builder_begin_array (builder);
      for (guint j = 0; j < entry->config->len; j++)
        {
          FerryConfigChange *change = g_ptr_array_index (entry->config, j);

          json_builder_begin_object (builder);
          add_nullable_string (builder, "key", change->key);
          add_nullable_string (builder, "from", change->from);
          add_nullable_string (builder, "to", change->to);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      add_nullable_string (builder, "only_in", entry->only_in);
      json_builder_set_member_name (builder, "in_workspace");
      json_builder_add_boolean_value (builder, entry->model != NULL);
      add_nullable_string (builder, "problem", entry->problem);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
append_summary (GString     *str,
                FerryDiff   *self,
                const gchar *emphasis)
{
  guint n = self->entries->len;

  g_string_append_printf (str, "%s%u service%s differ%s%s, %u the same\n",
                          emphasis, n, n == 1 ? "" : "s", n == 1 ? "s" : "", emphasis,
                          self->n_unchanged);
}

/* The sentence above a list of commits, or %NULL for none. */
static gchar *
describe_commits (FerryDiff      *self,
                  FerryDiffEntry *entry,
                  gboolean        target_side)
{
  guint n = target_side ? entry->n_behind : entry->n_ahead;

  if (n == 0)
    return NULL;

  if (!target_side)
    return g_strdup_printf ("%u commit%s in %s not in %s, shipped by promoting %s to %s",
                            n, n == 1 ? "" : "s", self->from, self->to, self->from, self->to);

  return g_strdup_printf ("%s is ahead: %u commit%s in %s not in %s, which promoting %s would take out",
                          self->to, n, n == 1 ? "" : "s", self->to, self->from, self->from);
}

static void
append_text_commits (GString        *str,
                     FerryDiff      *self,
                     FerryDiffEntry *entry,
                     gboolean        target_side)
{
  GPtrArray *commits = target_side ? entry->target_commits : entry->commits;
  guint n = target_side ? entry->n_behind : entry->n_ahead;
  g_autofree gchar *heading = describe_commits (self, entry, target_side);

  if (heading == NULL)
    return;

  g_string_append_printf (str, "  %s\n", heading);
  for (guint i = 0; i < commits->len; i++)
    {
      FerryCommit *commit = g_ptr_array_index (commits, i);
      g_autofree gchar *short_id = ferry_short_id (commit->id);
      g_autofree gchar *date = format_date (commit->time, "%Y-%m-%d");

      g_string_append_printf (str, "    %s  %s  %-16s %s%s\n", short_id, date, commit->author,
                              commit->subject, commit->is_merge ? "  [merge]" : "");
    }
  if (commits->len > 0 && n > commits->len)
    g_string_append_printf (str, "    … and %u more\n", n - commits->len);
}

static void
append_side (GString     *str,
             const gchar *environment,
             const gchar *version,
             const gchar *tag,
             const gchar *status)
{
  g_autofree gchar *what = ferry_diff_describe_version (version, tag);

  g_string_append_printf (str, "  %-6s %s", environment, what);
  if (status != NULL)
    g_string_append_printf (str, " %s", status);
  g_string_append_c (str, '\n');
}

/**
 * ferry_diff_to_text:
 * @self: a #FerryDiff
 *
 * Returns: (transfer full): the diff for a terminal
 */
gchar *
ferry_diff_to_text (FerryDiff *self)
{
  GString *str = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  g_string_append_printf (str, "%s → %s: ", self->from, self->to);
  append_summary (str, self, "");

  for (guint i = 0; i < self->entries->len; i++)
    {
      FerryDiffEntry *entry = g_ptr_array_index (self->entries, i);

      g_string_append_printf (str, "\n%s\n", entry->service);
      append_side (str, self->from, entry->from_version, entry->from_tag, entry->from_status);
      append_side (str, self->to, entry->to_version, entry->to_tag, entry->to_status);

      if (entry->model == NULL)
        g_string_append (str, "  no longer in the workspace\n");
      if (entry->only_in != NULL)
        g_string_append_printf (str, "  only in %s\n", entry->only_in);
      if (entry->problem != NULL)
        g_string_append_printf (str, "  history unknown: %s\n", entry->problem);

      append_text_commits (str, self, entry, FALSE);
      append_text_commits (str, self, entry, TRUE);

      if (entry->config->len > 0)
        g_string_append (str, "  configuration\n");
      for (guint j = 0; j < entry->config->len; j++)
        {
          FerryConfigChange *change = g_ptr_array_index (entry->config, j);

          g_string_append_printf (str, "    %-24s %s: %s, %s: %s\n", change->key,
                                  self->from, change->from ? change->from : "(unset)",
                                  self->to, change->to ? change->to : "(unset)");
        }
    }

  return g_string_free (str, FALSE);
}

/* Text from a commit or a configuration value, safe inside Markdown
 * prose and table cells. */
static void
append_markdown_escaped (GString     *str,
                         const gchar *text)
{
  for (const gchar *p = text; *p; p++)
    {
      if (strchr ("\\`*_[]<>|~", *p) != NULL)
        g_string_append_c (str, '\\');
      if (*p == '\n' || *p == '\r')
        g_string_append_c (str, ' ');
      else
        g_string_append_c (str, *p);
    }
}

/* The head of a table whose second and third columns are the two
 * environments, then @n_rest more columns named in @rest. */
static void
append_markdown_table_head (GString     *str,
                            FerryDiff   *self,
                            const gchar *first,
                            const gchar *rest,
                            guint        n_rest)
{
  g_string_append_printf (str, "\n| %s | ", first);
  append_markdown_escaped (str, self->from);
  g_string_append (str, " | ");
  append_markdown_escaped (str, self->to);
  g_string_append (str, rest ? " | " : " |");
  g_string_append (str, rest ? rest : "");
  g_string_append (str, "\n|");
  for (guint i = 0; i < 3 + n_rest; i++)
    g_string_append (str, " --- |");
  g_string_append_c (str, '\n');
}

static void
append_markdown_version (GString     *str,
                         const gchar *version,
                         const gchar *tag)
{
  g_autofree gchar *short_id = NULL;

  if (version == NULL)
    {
      g_string_append (str, "not deployed");
      return;
    }

  short_id = ferry_short_id (version);
  if (tag != NULL)
    {
      append_markdown_escaped (str, tag);
      g_string_append_printf (str, " (`%s`)", short_id);
    }
  else
    g_string_append_printf (str, "`%s`", short_id);
}

static void
append_markdown_commits (GString        *str,
                         FerryDiff      *self,
                         FerryDiffEntry *entry,
                         gboolean        target_side)
{
  GPtrArray *commits = target_side ? entry->target_commits : entry->commits;
  guint n = target_side ? entry->n_behind : entry->n_ahead;
  g_autofree gchar *heading = describe_commits (self, entry, target_side);

  if (heading == NULL)
    return;

  g_string_append (str, "\n");
  append_markdown_escaped (str, heading);
  g_string_append (str, commits->len > 0 ? ":\n\n" : ".\n");

  for (guint i = 0; i < commits->len; i++)
    {
      FerryCommit *commit = g_ptr_array_index (commits, i);
      g_autofree gchar *short_id = ferry_short_id (commit->id);
      g_autofree gchar *date = format_date (commit->time, "%Y-%m-%d");

      g_string_append (str, "- ");
      append_markdown_escaped (str, commit->subject);
      g_string_append (str, " — ");
      append_markdown_escaped (str, commit->author);
      g_string_append_printf (str, ", %s (`%s`)%s\n", date, short_id, commit->is_merge ? " *merge*" : "");
    }
  if (commits->len > 0 && n > commits->len)
    g_string_append_printf (str, "- … and %u more\n", n - commits->len);
}

/**
 * ferry_diff_to_markdown:
 * @self: a #FerryDiff
 *
 * Returns: (transfer full): the diff as Markdown, for a release note or a
 *   ticket: a summary table, then a section per service
 */
gchar *
ferry_diff_to_markdown (FerryDiff *self)
{
  GString *str = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  g_string_append (str, "## ");
  append_markdown_escaped (str, self->from);
  g_string_append (str, " → ");
  append_markdown_escaped (str, self->to);
  g_string_append (str, "\n\n");
  append_summary (str, self, "**");

  if (self->entries->len == 0)
    return g_string_free (str, FALSE);

  append_markdown_table_head (str, self, "service", "commits | configuration |", 2);

  for (guint i = 0; i < self->entries->len; i++)
    {
      FerryDiffEntry *entry = g_ptr_array_index (self->entries, i);

      g_string_append (str, "| ");
      append_markdown_escaped (str, entry->service);
      g_string_append (str, " | ");
      append_markdown_version (str, entry->from_version, entry->from_tag);
      g_string_append (str, " | ");
      append_markdown_version (str, entry->to_version, entry->to_tag);
      g_string_append (str, " | ");
      switch (entry->direction)
        {
        case FERRY_DIFF_AHEAD:
          g_string_append_printf (str, "%u to ship", entry->n_ahead);
          break;
        case FERRY_DIFF_TARGET_AHEAD:
          g_string_append_printf (str, "%s ahead by %u", self->to, entry->n_behind);
          break;
        case FERRY_DIFF_DIVERGED:
          g_string_append_printf (str, "%u to ship, %u only in %s", entry->n_ahead, entry->n_behind, self->to);
          break;
        case FERRY_DIFF_ONE_SIDED:
          g_string_append_printf (str, "only in %s", entry->only_in);
          break;
        case FERRY_DIFF_UNKNOWN:
          g_string_append (str, "unknown");
          break;
        case FERRY_DIFF_SAME:
        default:
          g_string_append (str, "none");
          break;
        }
      if (entry->config->len > 0)
        g_string_append_printf (str, " | %u change%s |\n", entry->config->len, entry->config->len == 1 ? "" : "s");
      else
        g_string_append (str, " | none |\n");
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      FerryDiffEntry *entry = g_ptr_array_index (self->entries, i);

      g_string_append (str, "\n### ");
      append_markdown_escaped (str, entry->service);
      g_string_append (str, "\n\n**");
      append_markdown_escaped (str, self->from);
      g_string_append (str, "** ");
      append_markdown_version (str, entry->from_version, entry->from_tag);
      if (entry->from_status != NULL)
        g_string_append_printf (str, ", %s", entry->from_status);
      g_string_append (str, " · **");
      append_markdown_escaped (str, self->to);
      g_string_append (str, "** ");
      append_markdown_version (str, entry->to_version, entry->to_tag);
      if (entry->to_status != NULL)
        g_string_append_printf (str, ", %s", entry->to_status);
      g_string_append (str, "\n");

      if (entry->model == NULL)
        g_string_append (str, "\nNo longer in the workspace.\n");
      if (entry->problem != NULL)
        {
          g_string_append (str, "\nHistory unknown: ");
          append_markdown_escaped (str, entry->problem);
          g_string_append (str, "\n");
        }

      append_markdown_commits (str, self, entry, FALSE);
      append_markdown_commits (str, self, entry, TRUE);

      if (entry->config->len == 0)
        continue;

      append_markdown_table_head (str, self, "configuration", NULL, 0);
      for (guint j = 0; j < entry->config->len; j++)
        {
          FerryConfigChange *change = g_ptr_array_index (entry->config, j);

          g_string_append (str, "| ");
          append_markdown_escaped (str, change->key);
          g_string_append (str, " | ");
          append_markdown_escaped (str, change->from ? change->from : "(unset)");
          g_string_append (str, " | ");
          append_markdown_escaped (str, change->to ? change->to : "(unset)");
          g_string_append (str, " |\n");
        }
    }

  return g_string_free (str, FALSE);
}
