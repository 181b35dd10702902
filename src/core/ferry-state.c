/* ferry-state.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-state"

#include "config.h"

#include "ferry-state.h"
#include "ferry-store-types.h"

struct _FerryStateSnapshot
{
  grefcount   ref_count;
  GHashTable *entries;     /* "service\nenvironment" → FerryDeployed */
};

G_DEFINE_BOXED_TYPE (FerryStateSnapshot, ferry_state_snapshot,
                     ferry_state_snapshot_ref, ferry_state_snapshot_unref)

static void
ferry_deployed_free (FerryDeployed *deployed)
{
  g_free (deployed->service);
  g_free (deployed->environment);
  g_free (deployed->version);
  g_free (deployed->tag);
  g_free (deployed->status);
  g_free (deployed->by);
  g_free (deployed->last_exit);
  g_clear_pointer (&deployed->since, g_date_time_unref);
  g_free (deployed);
}

FerryStateSnapshot *
ferry_state_snapshot_new (void)
{
  FerryStateSnapshot *self = g_new0 (FerryStateSnapshot, 1);

  g_ref_count_init (&self->ref_count);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)ferry_deployed_free);

  return self;
}

FerryStateSnapshot *
ferry_state_snapshot_ref (FerryStateSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);

  return self;
}

void
ferry_state_snapshot_unref (FerryStateSnapshot *self)
{
  g_return_if_fail (self != NULL);

  if (g_ref_count_dec (&self->ref_count))
    {
      g_hash_table_unref (self->entries);
      g_free (self);
    }
}

/**
 * ferry_state_snapshot_set:
 * @self: a #FerryStateSnapshot
 * @service: a service name
 * @environment: an environment name
 * @version: the full commit id running there
 * @tag: (nullable): its tag
 * @status: its status, as in the ferryctl contract
 * @by: (nullable): who deployed it
 * @since: (nullable): when
 *
 * Records what runs for @service in @environment, replacing what was there.
 */
void
ferry_state_snapshot_set (FerryStateSnapshot *self,
                          const gchar        *service,
                          const gchar        *environment,
                          const gchar        *version,
                          const gchar        *tag,
                          const gchar        *status,
                          const gchar        *by,
                          GDateTime          *since)
{
  FerryDeployed *deployed;

  g_return_if_fail (self != NULL);
  g_return_if_fail (service != NULL);
  g_return_if_fail (environment != NULL);
  g_return_if_fail (status != NULL);

  deployed = g_new0 (FerryDeployed, 1);
  deployed->service = g_strdup (service);
  deployed->environment = g_strdup (environment);
  deployed->version = g_strdup (version);
  deployed->tag = g_strdup (tag);
  deployed->status = g_strdup (status);
  deployed->by = g_strdup (by);
  deployed->since = since ? g_date_time_ref (since) : NULL;

  g_hash_table_insert (self->entries, g_strdup_printf ("%s\n%s", service, environment), deployed);
}

/**
 * ferry_state_snapshot_note_restarts:
 * @self: a #FerryStateSnapshot
 * @service: a service name
 * @environment: an environment name
 * @restarts: how often it was restarted after a crash
 * @last_exit: (nullable): how it last ended, in words
 *
 * Adds what the local target's supervisor did to what runs there; nothing
 * when nothing was deployed there.
 */
void
ferry_state_snapshot_note_restarts (FerryStateSnapshot *self,
                                    const gchar        *service,
                                    const gchar        *environment,
                                    guint               restarts,
                                    const gchar        *last_exit)
{
  g_autofree gchar *key = NULL;
  FerryDeployed *deployed;

  g_return_if_fail (self != NULL);
  g_return_if_fail (service != NULL && environment != NULL);

  key = g_strdup_printf ("%s\n%s", service, environment);
  if (!(deployed = g_hash_table_lookup (self->entries, key)))
    return;

  deployed->restarts = restarts;
  g_free (deployed->last_exit);
  deployed->last_exit = g_strdup (last_exit);
}

/**
 * ferry_state_snapshot_add_local_processes:
 * @self: a #FerryStateSnapshot
 * @processes: (element-type FerryLocalProcess): the local target's processes
 *
 * Notes the restarts of each local process, as ferry_store_list_local_processes()
 * lists them.
 */
void
ferry_state_snapshot_add_local_processes (FerryStateSnapshot *self,
                                          GPtrArray          *processes)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; processes != NULL && i < processes->len; i++)
    {
      const FerryLocalProcess *process = g_ptr_array_index (processes, i);

      if (process->restarts > 0)
        ferry_state_snapshot_note_restarts (self, process->service, process->environment,
                                            process->restarts, process->last_exit);
    }
}

/**
 * ferry_state_snapshot_lookup:
 * @self: a #FerryStateSnapshot
 * @service: a service name
 * @environment: an environment name
 *
 * Returns: (nullable): what runs there, %NULL when nothing was ever deployed
 */
const FerryDeployed *
ferry_state_snapshot_lookup (FerryStateSnapshot *self,
                             const gchar        *service,
                             const gchar        *environment)
{
  g_autofree gchar *key = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  key = g_strdup_printf ("%s\n%s", service, environment);

  return g_hash_table_lookup (self->entries, key);
}

static gint
compare_deployed (gconstpointer a,
                  gconstpointer b)
{
  const FerryDeployed *da = *(const FerryDeployed * const *)a;
  const FerryDeployed *db = *(const FerryDeployed * const *)b;
  gint cmp = g_strcmp0 (da->service, db->service);

  return cmp != 0 ? cmp : g_strcmp0 (da->environment, db->environment);
}

/**
 * ferry_state_snapshot_list:
 * @self: a #FerryStateSnapshot
 *
 * Lists everything the snapshot holds, services deployed to no
 * environment of the workspace included.
 *
 * Returns: (transfer container) (element-type FerryDeployed): the entries,
 *   borrowed from @self, by service then environment
 */
GPtrArray *
ferry_state_snapshot_list (FerryStateSnapshot *self)
{
  GPtrArray *entries;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (self != NULL, NULL);

  entries = g_ptr_array_sized_new (g_hash_table_size (self->entries));
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (entries, value);
  g_ptr_array_sort (entries, compare_deployed);

  return entries;
}

gboolean
ferry_deployed_is_healthy (const FerryDeployed *deployed)
{
  return deployed != NULL && g_strcmp0 (deployed->status, "healthy") == 0;
}

/**
 * ferry_state_snapshot_new_from_deployments:
 * @deployments: (element-type FerryDeployment): the current deployment of
 *   each service in each environment, as the store lists them
 *
 * Returns: (transfer full): what runs where, according to @deployments
 */
FerryStateSnapshot *
ferry_state_snapshot_new_from_deployments (GPtrArray *deployments)
{
  FerryStateSnapshot *self = ferry_state_snapshot_new ();

  g_return_val_if_fail (deployments != NULL, self);

  for (guint i = 0; i < deployments->len; i++)
    {
      FerryDeployment *d = g_ptr_array_index (deployments, i);

      ferry_state_snapshot_set (self, d->service, d->environment, d->version, d->tag,
                                ferry_deployment_status_to_string (d->status), d->by,
                                d->finished_at ? d->finished_at : d->started_at);
    }

  return self;
}
